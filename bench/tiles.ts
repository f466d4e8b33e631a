/**
 * Remote video tiles: for 1, 4 and 6 remote 320x240@15 streams, how many source frames each display method shows and
 * what it costs the page's main thread per frame shown. Methods (bench/pages/tiles.ts): our VideoRenderer on its
 * rVFC and worker paths, ZEGO's guide method (PNG snapshot -> Image -> canvas at 15 fps) and a plain `<video>`.
 *
 * A publisher page publishes six streams over the local engine (BroadcastChannel); the player page, in front, plays N
 * of them. Per (N, method): tiles built, a warm-up, then a window bracketed by DevTools `Performance.getMetrics`
 * (TaskDuration: the renderer main thread's busy time) and by frame counts. "source" is the receivers'
 * framesDecoded for those streams, so a frame the network or the decoder lost counts against nobody.
 */
import { performance } from 'node:perf_hooks';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { pageUrl, startVite } from './lib/vite.js';
import type { Counts, Method, TilesPage } from './pages/tiles-api.js';
import { round, row, sleep, withTimeout, type Row } from './lib/report.js';

export type { Row } from './lib/report.js';

const PART = 'tiles';
const CALL_MS = 45_000;
// 'none' last: right after play() the new peer connections are still settling.
const METHODS: Method[] = ['video', 'rvfc', 'worker', 'guide', 'none'];
const LABEL: Record<Method, string> = {
  none: 'streams played, nothing shown',
  video: 'plain <video>',
  rvfc: 'renderer rVFC',
  worker: 'renderer worker',
  guide: 'ZEGO guide (PNG 15 fps)',
};

declare const window: { tiles: TilesPage };

export interface TilesOptions {
  short: boolean;
  /** A browser to open pages in (left open); otherwise one is launched with CHROMIUM_ARGS and closed. */
  browser?: Browser;
  log?: (line: string) => void;
  /** Filled with raw samples for the JSON report when given. */
  details?: Record<string, unknown>;
}

interface Sample {
  tiles: number;
  method: Method;
  activeModes: string[];
  seconds: number;
  displayed: number;
  source: number;
  taskMs: number;
  scriptMs: number;
}

/**
 * TILES_ISOLATED=1 serves the pages cross-origin isolated (COOP + COEP on the document), where the renderer's worker
 * shares its frame counts through a SharedArrayBuffer instead of reporting them by message.
 */
const isolated = process.env.TILES_ISOLATED === '1';

async function isolate(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (!request.isNavigationRequest()) {
      void request.continue();
      return;
    }
    void fetch(request.url())
      .then(async (response) =>
        request.respond({
          status: response.status,
          contentType: response.headers.get('content-type') ?? 'text/html',
          headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
          body: await response.text(),
        }),
      )
      .catch(() => request.abort());
  });
}

async function openPage(browser: Browser, url: string, name: string, consoleLog: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600 });
  if (isolated) await isolate(page);
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warn') && consoleLog.length < 50) consoleLog.push(`${name} ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (consoleLog.length < 50) consoleLog.push(`${name} pageerror: ${String(e)}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: CALL_MS });
  await page.waitForFunction(() => typeof window.tiles === 'object', { timeout: CALL_MS });
  if (isolated && !(await page.evaluate(() => globalThis.crossOriginIsolated))) throw new Error(`${name}: not cross-origin isolated`);
  return page;
}

async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

const call = <T>(p: Promise<T>, what: string) => withTimeout(p, CALL_MS, what);

export async function runTiles(opts: TilesOptions): Promise<Row[]> {
  const log = opts.log ?? (() => {});
  // TILES_COUNTS=6 TILES_METHODS=rvfc,worker narrow a run while working on one path.
  const counts = process.env.TILES_COUNTS ? process.env.TILES_COUNTS.split(',').map(Number) : [1, 4, 6];
  const methods = process.env.TILES_METHODS ? (process.env.TILES_METHODS.split(',') as Method[]) : METHODS;
  const warmMs = opts.short ? 800 : 2000;
  const windowMs = opts.short ? 2000 : 6000;
  const samples: Sample[] = [];
  const consoleLog: string[] = [];
  if (opts.details) Object.assign(opts.details, { options: { warmMs, windowMs, counts, isolated }, samples, consoleLog });
  const rows: Row[] = [];
  const r = (name: string, value: number | null, unit: string, goal?: Row['goal'], note?: string) =>
    rows.push(row(PART, name, value, unit, goal, note));

  let vite: ViteDevServer | undefined;
  let browser = opts.browser;
  const pages: Page[] = [];
  try {
    vite = await startVite('bench/pages/tiles.html');
    browser ??= await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      pipe: true,
      protocolTimeout: 60_000,
    });
    if (opts.details && browser) opts.details.chromium = await browser.version();
    const url = pageUrl(vite, 'bench/pages/tiles.html');
    const roomID = `tiles${Date.now().toString(36)}`;
    const pub = await openPage(browser, url, 'publisher', consoleLog);
    pages.push(pub);
    const player = await openPage(browser, url, 'player', consoleLog);
    pages.push(player);
    const capture = await call(
      pub.evaluate((room: string, n: number) => window.tiles.publish(room, n), roomID, Math.max(...counts)),
      'publish',
    );
    if (opts.details) opts.details.capture = capture;
    await call(
      player.evaluate((room: string) => window.tiles.join(room), roomID),
      'join',
    );
    await player.bringToFront();
    const cdp = await player.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    for (const n of counts) {
      await call(
        player.evaluate((k: number) => window.tiles.play(k), n),
        `play ${n}`,
      );
      for (const method of methods) {
        // Short mode (under 60 s) measures the idle floor once, at the most tiles.
        if (method === 'none' && opts.short && n !== Math.max(...counts)) continue;
        const { activeModes } = await call(
          player.evaluate((m: Method) => window.tiles.show(m), method),
          `show ${method} x${n}`,
        );
        await sleep(warmMs);
        const c0: Counts = await call(
          player.evaluate(() => window.tiles.counts()),
          'counts',
        );
        const m0 = await mainThread(cdp);
        const t0 = performance.now();
        await sleep(windowMs);
        const m1 = await mainThread(cdp);
        const seconds = (performance.now() - t0) / 1000;
        const c1: Counts = await call(
          player.evaluate(() => window.tiles.counts()),
          'counts',
        );
        player.evaluate(() => window.tiles.clear()).catch(() => {});
        const s: Sample = {
          tiles: n,
          method,
          activeModes,
          seconds: round(seconds, 2),
          displayed: c1.displayed - c0.displayed,
          source: c1.source - c0.source,
          taskMs: round((m1.task - m0.task) * 1000, 1),
          scriptMs: round((m1.script - m0.script) * 1000, 1),
        };
        samples.push(s);
        if (method === 'none') {
          log(`  ${n} tile${n > 1 ? 's' : ' '} none   main thread ${s.taskMs} ms with nothing shown (${s.source} frames decoded)`);
          continue;
        }
        log(
          `  ${n} tile${n > 1 ? 's' : ' '} ${method.padEnd(6)} shown ${s.displayed}/${s.source} source frames, main thread ${s.taskMs} ms` +
            ` = ${round(s.taskMs / s.displayed, 2)} ms/frame${activeModes.some((m) => m !== method) ? ` (ran as ${activeModes.join(',')})` : ''}`,
        );
      }
    }

    const find = (n: number, m: Method) => samples.find((s) => s.tiles === n && s.method === m);
    const perFrame = (s?: Sample) => (s && s.displayed > 0 ? s.taskMs / s.displayed : NaN);
    const ratio = (s?: Sample) => (s && s.source > 0 ? s.displayed / s.source : NaN);
    const fps = (s: Sample) => round(s.source / s.tiles / s.seconds, 1);
    const top = Math.max(...counts);
    for (const n of counts) {
      for (const m of METHODS) {
        const s = find(n, m);
        if (!s) continue;
        if (m === 'none') {
          r(
            `${n} tiles, ${LABEL[m]}: main thread busy`,
            round(s.taskMs / s.seconds, 1),
            'ms/s',
            undefined,
            `${s.taskMs} ms in ${s.seconds} s: in every other row of ${n} too`,
          );
          continue;
        }
        const delivered = ratio(s);
        const goal = n === top && (m === 'rvfc' || m === 'worker') ? ({ op: '>=', target: 0.95 } as const) : undefined;
        r(
          `${n} tiles, ${LABEL[m]}: frames shown / source`,
          round(delivered, 3),
          'ratio',
          goal,
          `${s.displayed}/${s.source} in ${s.seconds} s (source ${fps(s)} fps per stream)`,
        );
        r(
          `${n} tiles, ${LABEL[m]}: main thread per frame shown`,
          round(perFrame(s), 2),
          'ms',
          undefined,
          `${s.taskMs} ms busy in ${s.seconds} s (script ${s.scriptMs} ms)`,
        );
      }
    }
    const at = (m: Method) => perFrame(find(top, m));
    r(`${top} tiles: guide / renderer rVFC, ms per frame`, round(at('guide') / at('rvfc'), 2), 'x', { op: '>=', target: 2.5 });
    r(`${top} tiles: guide / renderer worker, ms per frame`, round(at('guide') / at('worker'), 2), 'x', { op: '>=', target: 2.5 });
    r(`${top} tiles: renderer rVFC / plain <video>, ms per frame`, round(at('rvfc') / at('video'), 2), 'x', { op: '<=', target: 3 });
    r(`${top} tiles: renderer worker / plain <video>, ms per frame`, round(at('worker') / at('video'), 2), 'x', { op: '<=', target: 1.5 });
    await player.evaluate(() => window.tiles.cleanup()).catch(() => {});
    await pub.evaluate(() => window.tiles.cleanup()).catch(() => {});
    return rows;
  } finally {
    for (const p of pages) await p.close().catch(() => {});
    if (!opts.browser) await browser?.close().catch(() => {});
    await vite?.close().catch(() => {});
  }
}

// `node --import tsx bench/tiles.ts [--short]`: this part alone, for working on it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { textTable } = await import('./lib/report.js');
  const started = performance.now();
  const details: Record<string, unknown> = {};
  const rows = await runTiles({ short: process.argv.includes('--short'), log: console.log, details });
  console.log(`\n${textTable(rows)}\n\n${((performance.now() - started) / 1000).toFixed(1)} s`);
  if ((details.consoleLog as string[]).length) console.log((details.consoleLog as string[]).join('\n'));
}
