/**
 * Publish-to-first-remote-frame: the engine against a bare RTCPeerConnection pair on the same room server, in the
 * same headless Chromium, runs interleaved (ABAB, BABA, ...) so drift on a noisy machine hits both alike.
 * The page side is bench/pages/first-frame.ts; Vite serves it (and the engine's TypeScript) from the repo root.
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
    t0 = await call(
      pub.evaluate((k: Kind, s: string) => window.bench.publish(k, s), run.kind, streamID),
      'publish',
    );
    run.frame = await withTimeout(
      player.evaluate(() => window.bench.firstFrame()),
      frameTimeoutMs + 5000,
      'first frame',
    );
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
    if (run.frame) phases['player: first frame presented'] = round(run.frame.t1 - t0, 1);
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

    const leftovers: Record<Kind, number> = { engine: 0, bare: 0 };
    for (let i = -opts.warmup; i < opts.runs; i++) {
      const order: Kind[] = (i + opts.warmup) % 2 === 0 ? ['engine', 'bare'] : ['bare', 'engine'];
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
      if (leftovers.engine + leftovers.bare > 0) break;
    }

    const measured = (k: Kind) => runs.filter((x) => x.kind === k && !x.warmup);
    const times = (k: Kind) => measured(k).flatMap((x) => (x.ms === undefined ? [] : [x.ms]));
    const engine = times('engine');
    const bare = times('bare');
    const failed = (k: Kind) => measured(k).filter((x) => x.error).length;
    const engineMedian = median(engine);
    const bareMedian = median(bare);
    const capture = runs.find((x) => x.kind === 'engine' && x.capture)?.capture;
    const shown = runs.find((x) => x.kind === 'engine' && x.frame)?.frame;
    const size = (c?: { width?: number; height?: number }) => (c ? `${c.width}x${c.height}` : 'n/a');

    const spread = (xs: number[]) =>
      xs.length ? `${xs.length} runs, min ${round(Math.min(...xs))} max ${round(Math.max(...xs))}` : 'no successful run';
    r('bare RTCPeerConnection pair, median', round(bareMedian), 'ms', undefined, spread(bare));
    r('engine, median', round(engineMedian), 'ms', undefined, `${spread(engine)}; capture ${size(capture)}, shown ${size(shown)}`);
    r('engine / bare (medians)', round(engineMedian / bareMedian, 3), 'ratio', { op: '<=', target: GOAL_RATIO });
    r('failed runs (engine)', failed('engine'), 'count', { op: '=', target: 0, hard: true });
    r('failed runs (bare)', failed('bare'), 'count', { op: '=', target: 0, hard: true });
    r('objects alive after cleanup (engine)', leftovers.engine, 'count', { op: '=', target: 0, hard: true }, 'peer connections + tracks');
    r('objects alive after cleanup (bare)', leftovers.bare, 'count', { op: '=', target: 0, hard: true }, 'peer connections + tracks');
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
