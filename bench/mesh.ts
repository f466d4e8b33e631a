/**
 * The local engine's mesh: how many 320x240@15 publishers one page can play before the frames it presents drop
 * below 0.95 of what the cameras made. One background page hosts N publishing engines (video only), the player page
 * in front plays all N with one engine into N <video> elements. Over a window, delivered = frames the <video>s
 * presented (requestVideoFrameCallback's presentedFrames), source = frames the publishers' camera tracks produced
 * (RTCVideoSourceStats.frames); both pages count over the same wall-clock window. N = 1, 2, 4, 6, 8 (short: 1, 4),
 * each three times (short: once). The figure is the worst stream, not the mean: the tile someone actually watches.
 * The page side is bench/pages/mesh.ts; Vite serves it and the engine's TypeScript from the repo root.
 */
import { randomBytes } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { pageUrl, startVite } from './lib/vite.js';
import type { MeshJoin, MeshPage } from './pages/mesh-api.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { median, round, row, sleep, withTimeout, type Row } from './lib/report.js';

const PART = 'mesh';
const GOAL = 0.95;
const CALL_MS = 60_000;

declare const window: { mesh: MeshPage };

export interface MeshOptions {
  short: boolean;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: CALL_MS });
  await page.waitForFunction(() => typeof window.mesh === 'object', { timeout: CALL_MS });
  return page;
}

const call = <T>(p: Promise<T>, what: string) => withTimeout(p, CALL_MS, what);

interface Step {
  n: number;
  ratio: number | null;
  minStream: number | null;
  sourceFps: number | null;
  error?: string;
  leftAlive: number;
}

async function measure(pub: Page, player: Page, server: ServerProcess, n: number, windowMs: number, warmMs: number): Promise<Step> {
  const join: MeshJoin = {
    wsUrl: server.wsUrl,
    httpUrl: server.url,
    appID: server.appID || 1,
    roomID: `mesh-${n}-${randomBytes(3).toString('hex')}`,
  };
  const step: Step = { n, ratio: null, minStream: null, sourceFps: null, leftAlive: 0 };
  try {
    const ids = await call(
      pub.evaluate((j: MeshJoin, k: number) => window.mesh.publish(j, k), join, n),
      'publish',
    );
    await player.bringToFront();
    await call(
      player.evaluate((j: MeshJoin, s: string[]) => window.mesh.play(j, s, 20_000), join, ids),
      'play',
    );
    await sleep(warmMs);
    const read = () => Promise.all([pub.evaluate(() => window.mesh.sourceFrames()), player.evaluate(() => window.mesh.presentedFrames())]);
    const [s0, d0] = await call(read(), 'counts');
    const t0 = Date.now();
    await sleep(windowMs);
    const [s1, d1] = await call(read(), 'counts');
    const seconds = (Date.now() - t0) / 1000;
    let source = 0;
    let delivered = 0;
    let minStream = Infinity;
    for (const id of ids) {
      const s = s1[id] - s0[id];
      const d = d1[id] - d0[id];
      if (!(s > 0)) throw new Error(`${id}: the camera made no frames in the window`);
      source += s;
      delivered += d;
      minStream = Math.min(minStream, d / s);
    }
    step.ratio = delivered / source;
    step.minStream = minStream;
    step.sourceFps = source / n / seconds;
  } catch (e) {
    step.error = (e as Error).message.split('\n')[0];
  }
  const left = await Promise.all([
    call(
      player.evaluate(() => window.mesh.cleanup()),
      'cleanup',
    ),
    call(
      pub.evaluate(() => window.mesh.cleanup()),
      'cleanup',
    ),
  ]);
  step.leftAlive = left.reduce((a, l) => a + l.peerConnections + l.tracks, 0);
  return step;
}

/**
 * Rows for bench/run.ts: per N, the worst stream's delivered/source (what the person watching the worst tile
 * gets) and the mean, each the median of `repeats` runs so that one noisy run cannot decide the figure; the largest
 * N whose every stream held 0.95; and what was left alive.
 */
export async function runMesh(opts: MeshOptions): Promise<Row[]> {
  const steps = opts.short ? [1, 4] : [1, 2, 4, 6, 8];
  const repeats = opts.short ? 1 : 3;
  const windowMs = opts.short ? 3000 : 5000;
  const warmMs = 2000;
  const rows: Row[] = [];
  let server: ServerProcess | undefined;
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServerProcess();
    vite = await startVite('bench/pages/mesh.html');
    const url = pageUrl(vite, 'bench/pages/mesh.html');
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      pipe: true,
      protocolTimeout: CALL_MS,
    });
    const pub = await openPage(browser, url);
    const player = await openPage(browser, url);
    let best = 0;
    let holding = true;
    let leftAlive = 0;
    for (const n of steps) {
      const runs: Step[] = [];
      for (let r = 0; r < repeats; r++) {
        const s = await measure(pub, player, server, n, windowMs, warmMs);
        runs.push(s);
        leftAlive += s.leftAlive;
        if (s.leftAlive > 0) break;
      }
      const good = runs.filter((s) => s.error === undefined);
      const failed = runs.find((s) => s.error !== undefined);
      const worst = good.length ? median(good.map((s) => s.minStream!)) : null;
      const mean = good.length ? median(good.map((s) => s.ratio!)) : null;
      const fps = good.length ? median(good.map((s) => s.sourceFps!)) : null;
      const label = `${n} publisher${n > 1 ? 's' : ''}`;
      const runsNote = good.length
        ? `median of ${good.length} run${good.length > 1 ? 's' : ''} (${good.map((s) => round(s.minStream!, 2)).join(', ')})`
        : '';
      rows.push(
        row(
          PART,
          `worst stream delivered/source, ${label}`,
          worst === null ? null : round(worst, 3),
          'ratio',
          n === 8 ? { op: '>=', target: GOAL } : undefined,
          failed && !good.length
            ? `FAILED: ${failed.error}`
            : `${runsNote}; cameras ${round(fps!, 1)} fps each; ${windowMs / 1000} s windows`,
        ),
      );
      rows.push(
        row(
          PART,
          `mean delivered/source, ${label}`,
          mean === null ? null : round(mean, 3),
          'ratio',
          undefined,
          failed ? `a run failed: ${failed.error}` : undefined,
        ),
      );
      // The largest N whose every stream held the goal, with every smaller step holding it too.
      if (holding && worst !== null && worst >= GOAL) best = n;
      else holding = false;
      if (leftAlive > 0) break;
    }
    rows.push(
      row(
        PART,
        `max publishers with every stream at >= ${GOAL} of source`,
        best,
        'publishers',
        undefined,
        `steps ${steps.join(', ')} (320x240@15 each, one page), worst stream, median of ${repeats}`,
      ),
    );
    rows.push(
      row(
        PART,
        'objects alive after cleanup',
        leftAlive,
        'count',
        { op: '=', target: 0, hard: true },
        'peer connections + tracks, both pages',
      ),
    );
  } catch (e) {
    rows.push(row(PART, 'FAILED', null, '', undefined, (e as Error).message.split('\n')[0].slice(0, 160)));
  } finally {
    await browser?.close().catch(() => {});
    await vite?.close().catch(() => {});
    await server?.close();
  }
  return rows;
}
