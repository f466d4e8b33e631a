/**
 * The local engine's mesh: how many 320x240@15 publishers one page can play before the frames it presents drop
 * below 0.95 of what the cameras made. One background page hosts N publishing engines (video only), the player page
 * in front plays all N with one engine into N <video> elements. Over a window, delivered = frames the <video>s
 * presented (requestVideoFrameCallback's presentedFrames), source = frames the publishers' camera tracks produced
 * (RTCVideoSourceStats.frames); both pages count over the same wall-clock window. N = 1, 2, 4, 6, 8 (short: 1, 4).
 * The page side is bench/pages/mesh.ts; Vite serves it and the engine's TypeScript from the repo root.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { pageUrl, startVite } from './lib/vite.js';
import type { MeshJoin, MeshPage } from './pages/mesh-api.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { round, row, sleep, withTimeout, type Row } from './lib/report.js';

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

/** Rows for bench/run.ts: delivered/source per N, the largest N at or above 0.95, and what was left alive. */
export async function runMesh(opts: MeshOptions): Promise<Row[]> {
  const steps = opts.short ? [1, 4] : [1, 2, 4, 6, 8];
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
      const s = await measure(pub, player, server, n, windowMs, warmMs);
      leftAlive += s.leftAlive;
      const note = s.error
        ? `FAILED: ${s.error}`
        : `worst stream ${round(s.minStream!, 3)}; cameras ${round(s.sourceFps!, 1)} fps each; ${windowMs / 1000} s window`;
      rows.push(
        row(
          PART,
          `delivered/source, ${n} publisher${n > 1 ? 's' : ''}`,
          s.ratio === null ? null : round(s.ratio, 3),
          'ratio',
          undefined,
          note,
        ),
      );
      // The largest N that held the goal with every smaller step holding it too.
      if (holding && s.ratio !== null && s.ratio >= GOAL) best = n;
      else holding = false;
      if (s.leftAlive > 0) break;
    }
    rows.push(
      row(
        PART,
        `max publishers played at >= ${GOAL} of source`,
        best,
        'publishers',
        undefined,
        `steps ${steps.join(', ')} (320x240@15 each, one page); load average ${round(loadavg()[0])} on this machine`,
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
