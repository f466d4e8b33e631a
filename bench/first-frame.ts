/**
 * First remote frame, two comparisons in the same headless Chromium, every kind's runs interleaved (ABC..CBA, ...)
 * so drift on a noisy machine hits all alike:
 * - publish to first presented frame: the engine against a bare (non-trickle) RTCPeerConnection pair on the same room
 *   server;
 * - the kit against the physical floor: `<zego-room>` + `<zego-remote-videos>` on the local engine (BroadcastChannel)
 *   from the player's stream ADD to the element's first drawn pixel, against a bare trickle-ICE pair signalling
 *   straight between the two pages (BroadcastChannel) from the player's first step to its first drawn pixel.
 * The page side is bench/pages/first-frame.ts; Vite serves it (and the engine's TypeScript) from the repo root.
 * FF_KINDS=floor,kit narrows a run while working on one comparison.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { pageUrl, startVite } from './lib/vite.js';
import type { BenchPage, FirstFrame, JoinInfo, Kind, Live } from './pages/api.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { median, round, row, withTimeout, type PartResult, type Row } from './lib/report.js';

const PART = 'first-frame';

export interface FirstFrameOptions {
  /** Measured runs of each kind. */
  runs: number;
  /** Runs of each kind done first and not counted: Vite's first transforms, codec start-up. */
  warmup: number;
  /** One run's limit from publish to first frame. */
  frameTimeoutMs: number;
}

export const firstFrameOptions = (short: boolean): FirstFrameOptions => ({
  runs: short ? 5 : 15,
  warmup: 1,
  frameTimeoutMs: 20_000,
});

const GOAL_RATIO = 1.15;
const ALL_KINDS: Kind[] = ['engine', 'bare', 'floor', 'kit', 'kit-rvfc'];
/** Bounds each page call, so a wedged page fails the part instead of hanging the bench. */
const CALL_MS = 30_000;

declare const window: { bench: BenchPage };

interface Run {
  kind: Kind;
  index: number;
  warmup: boolean;
  ms?: number;
  error?: string;
  frame?: FirstFrame;
  capture?: Awaited<ReturnType<BenchPage['capture']>>;
  /** Milestones after t0 in ms, from both pages. */
  phases?: Record<string, number>;
}

async function openPage(browser: Browser, url: string, name: string, consoleLog: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warn') && consoleLog.length < 50) consoleLog.push(`${name} ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (consoleLog.length < 50) consoleLog.push(`${name} pageerror: ${String(e)}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: CALL_MS });
  await page.waitForFunction(() => typeof window.bench === 'object', { timeout: CALL_MS });
  return page;
}

const call = <T>(p: Promise<T>, what: string) => withTimeout(p, CALL_MS, what);

async function runOnce(pub: Page, player: Page, server: ServerProcess, run: Run, frameTimeoutMs: number): Promise<Live[]> {
  const tag = `${run.kind}-${run.index}-${randomBytes(3).toString('hex')}`;
  const base = { wsUrl: server.wsUrl, httpUrl: server.url, appID: server.appID || 1, roomID: `ff-${tag}` };
  const streamID = `ff-${tag}`;
  let t0: number | undefined;
  try {
    await call(
      pub.evaluate((k: Kind, j: JoinInfo) => window.bench.join(k, j), run.kind, { ...base, userID: 'publisher' }),
      'publisher join',
    );
    run.capture = await call(
      pub.evaluate((k: Kind) => window.bench.capture(k), run.kind),
      'capture',
    );
    await call(
      player.evaluate((k: Kind, j: JoinInfo) => window.bench.join(k, j), run.kind, { ...base, userID: 'player' }),
      'player join',
    );
    await call(
      player.evaluate((k: Kind, s: string, ms: number) => window.bench.arm(k, s, ms), run.kind, streamID, frameTimeoutMs),
      'arm',
    );
    await player.bringToFront();
    t0 =
      run.kind === 'floor'
        ? await call(
            player.evaluate((k: Kind, s: string) => window.bench.start(k, s), run.kind, streamID),
            'start',
          )
        : await call(
            pub.evaluate((k: Kind, s: string) => window.bench.publish(k, s), run.kind, streamID),
            'publish',
          );
    run.frame = await withTimeout(
      player.evaluate(() => window.bench.firstFrame()),
      frameTimeoutMs + 5000,
      'first frame',
    );
    // kit: from the stream ADD the player page saw (after the publish above)
    t0 = run.frame.t0 ?? t0;
    run.ms = run.frame.t1 - t0;
  } catch (e) {
    run.error = (e as Error).message.split('\n')[0];
  }
  const marks = [
    ...(
      await call(
        pub.evaluate(() => window.bench.marks()),
        'marks',
      )
    ).map(([n, at]) => [`publisher: ${n}`, at] as const),
    ...(
      await call(
        player.evaluate(() => window.bench.marks()),
        'marks',
      )
    ).map(([n, at]) => [`player: ${n}`, at] as const),
  ];
  if (t0 !== undefined) {
    const phases: Record<string, number> = {};
    for (const [n, at] of marks.sort((a, b) => a[1] - b[1])) phases[n] = round(at - t0, 1);
    if (run.frame)
      phases[run.frame.t0 === undefined ? 'player: first frame presented' : 'player: first pixel drawn'] = round(run.frame.t1 - t0, 1);
    run.phases = phases;
  }
  // Player first: the publisher then closes a link nobody uses any more.
  return [
    await call(
      player.evaluate(() => window.bench.cleanup()),
      'player cleanup',
    ),
    await call(
      pub.evaluate(() => window.bench.cleanup()),
      'publisher cleanup',
    ),
  ];
}

export async function runFirstFrame(opts: FirstFrameOptions, log: (line: string) => void): Promise<PartResult> {
  const started = performance.now();
  const rows: Row[] = [];
  const consoleLog: string[] = [];
  const runs: Run[] = [];
  const details: Record<string, unknown> = { options: opts, runs, consoleLog };
  const r = (name: string, value: number | null, unit: string, goal?: Row['goal'], note?: string) =>
    rows.push(row(PART, name, value, unit, goal, note));
  const fail = (reason: string): PartResult => ({
    part: PART,
    ok: false,
    reason,
    rows,
    details,
    seconds: (performance.now() - started) / 1000,
  });

  let server: ServerProcess | undefined;
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServerProcess();
    vite = await startVite('bench/pages/first-frame.html');
    const url = pageUrl(vite, 'bench/pages/first-frame.html');
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      pipe: true,
      protocolTimeout: 60_000,
    });
    details.chromium = await browser.version();
    const pub = await openPage(browser, url, 'publisher', consoleLog);
    const player = await openPage(browser, url, 'player', consoleLog);

    const kinds = (process.env.FF_KINDS?.split(',') ?? ALL_KINDS) as Kind[];
    const unknown = kinds.filter((k) => !ALL_KINDS.includes(k));
    if (unknown.length) throw new Error(`FF_KINDS: unknown ${unknown.join(', ')} (known: ${ALL_KINDS.join(', ')})`);
    details.kinds = kinds;
    const leftovers: Record<Kind, number> = { engine: 0, bare: 0, floor: 0, kit: 0, 'kit-rvfc': 0 };
    const anyLeft = () => Object.values(leftovers).some((n) => n > 0);
    for (let i = -opts.warmup; i < opts.runs; i++) {
      const order: Kind[] = (i + opts.warmup) % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const run: Run = { kind, index: i, warmup: i < 0 };
        runs.push(run);
        const live = await runOnce(pub, player, server, run, opts.frameTimeoutMs);
        const left = live.reduce((n, l) => n + l.peerConnections + l.tracks, 0);
        leftovers[kind] += left;
        log(
          `  ${run.warmup ? 'warm-up' : `run ${i + 1}/${opts.runs}`} ${kind.padEnd(6)} ${run.ms !== undefined ? `${run.ms.toFixed(1)} ms` : `FAILED: ${run.error}`}${left ? ` (${left} objects left alive)` : ''}`,
        );
        // Leftovers would also skew the next run: stop instead of measuring on a dirty page.
        if (left > 0) break;
      }
      if (anyLeft()) break;
    }

    const measured = (k: Kind) => runs.filter((x) => x.kind === k && !x.warmup);
    const times = (k: Kind) => measured(k).flatMap((x) => (x.ms === undefined ? [] : [x.ms]));
    const failed = (k: Kind) => measured(k).filter((x) => x.error).length;
    const capture = runs.find((x) => x.kind === 'engine' && x.capture)?.capture;
    const shown = runs.find((x) => x.kind === 'engine' && x.frame)?.frame;
    const size = (c?: { width?: number; height?: number }) => (c ? `${c.width}x${c.height}` : 'n/a');

    const spread = (xs: number[]) =>
      xs.length ? `${xs.length} runs, min ${round(Math.min(...xs))} max ${round(Math.max(...xs))}` : 'no successful run';
    const med = (k: Kind) => median(times(k));
    const has = (k: Kind) => kinds.includes(k);
    if (has('engine') && has('bare')) {
      r('bare RTCPeerConnection pair, median', round(med('bare')), 'ms', undefined, `publish -> presented; ${spread(times('bare'))}`);
      r(
        'engine, median',
        round(med('engine')),
        'ms',
        undefined,
        `${spread(times('engine'))}; capture ${size(capture)}, shown ${size(shown)}`,
      );
      r(
        'engine / bare (medians)',
        round(med('engine') / med('bare'), 3),
        'ratio',
        { op: '<=', target: GOAL_RATIO },
        'the bare pair is non-trickle too',
      );
    }
    if (has('floor')) {
      const rvfc = measured('floor').flatMap((x) => (x.frame?.t0 !== undefined ? [x.frame.callbackAt - x.frame.t0] : []));
      r(
        'floor: bare trickle-ICE pair, median',
        round(med('floor')),
        'ms',
        undefined,
        `start -> first pixel; ${spread(times('floor'))}; rVFC callback median ${round(median(rvfc))} ms`,
      );
    }
    for (const [k, label] of [
      ['kit', 'render auto (worker)'],
      ['kit-rvfc', 'render rvfc'],
    ] as const) {
      if (!has(k)) continue;
      r(`${k}, median`, round(med(k)), 'ms', undefined, `stream ADD -> first pixel of <zego-remote-videos>, ${label}; ${spread(times(k))}`);
      if (has('floor'))
        r(`${k} / floor (medians)`, round(med(k) / med('floor'), 3), 'ratio', k === 'kit' ? { op: '<=', target: GOAL_RATIO } : undefined);
    }
    for (const k of kinds) r(`failed runs (${k})`, failed(k), 'count', { op: '=', target: 0, hard: true });
    for (const k of kinds)
      r(`objects alive after cleanup (${k})`, leftovers[k], 'count', { op: '=', target: 0, hard: true }, 'peer connections + tracks');
    r(
      'room server warnings',
      server.outputLines,
      'lines',
      undefined,
      server.output[0]?.replace(/^\[zego-elements\] warn: /, 'first: ').slice(0, 80),
    );
    details.serverOutput = server.output;

    const broken = rows.filter((x) => x.goal?.hard && !x.pass);
    const firstError = runs.find((x) => x.error);
    if (broken.length > 0) {
      const why = broken.map((x) => `${x.name} = ${x.value}`).join('; ');
      return fail(firstError ? `${why}; first error (${firstError.kind}): ${firstError.error}` : why);
    }
    return { part: PART, ok: true, rows, details, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    return fail((e as Error).stack ?? String(e));
  } finally {
    await browser?.close().catch(() => {});
    await vite?.close().catch(() => {});
    await server?.close();
  }
}
