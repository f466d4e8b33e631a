// Leaks, measured from outside the page: 50 join/publish/play/leave cycles of two engines in one Chromium page over
// the room server must end with no live peer connection, track or pending video frame callback, and the page's JS
// heap after a forced GC (DevTools protocol: HeapProfiler.collectGarbage, Runtime.getHeapUsage) within 2 MB of where
// it was after 5 warm-up cycles. Vite serves test/node/pages/leak.html and the engine's TypeScript from the repo.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { createServer as createVite, type ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { createRoomServer, type RoomServer } from '../../server/room-server.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WARMUP = 5;
const CYCLES = 50;
const MAX_GROWTH = 2 * 1024 * 1024;

interface LeakLive {
  peerConnections: number;
  tracks: number;
  frameCallbacks: number;
}
declare const window: { leak: { cycle(server: string, i: number): Promise<void>; live(): LeakLive } };

let vite: ViteDevServer;
let browser: Browser;
let room: RoomServer;
const pageErrors: string[] = [];

before(async () => {
  room = await createRoomServer({ host: '127.0.0.1', port: 0, dev: true, quiet: true, log: () => {} });
  vite = await createVite({
    root: REPO,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
    optimizeDeps: { entries: ['test/node/pages/leak.html'] },
  });
  await vite.listen();
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    pipe: true,
    protocolTimeout: 60_000,
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await vite?.close().catch(() => {});
  await room?.close({ abrupt: true });
});

async function heapAfterGC(cdp: CDPSession): Promise<number> {
  // Several passes: the first frees what finalizers of the previous one released.
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function openPage(): Promise<Page> {
  const addr = vite.httpServer?.address();
  assert.ok(addr && typeof addr === 'object');
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${addr.port}/test/node/pages/leak.html`, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => typeof window.leak === 'object', { timeout: 60_000 });
  return page;
}

it(
  `${CYCLES} join/publish/play/leave cycles leave no peer connection, track or frame callback, and < 2 MB of heap`,
  { timeout: 90_000 },
  async () => {
    const page = await openPage();
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.enable');
    const server = room.wsUrl;
    const cycle = (i: number) => page.evaluate((s: string, n: number) => window.leak.cycle(s, n), server, i);
    const settled = async () => {
      const end = Date.now() + 5000;
      let live: LeakLive;
      do {
        live = await page.evaluate(() => window.leak.live());
        if (live.peerConnections + live.tracks + live.frameCallbacks === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      } while (Date.now() < end);
      return live;
    };

    const t0 = Date.now();
    for (let i = 0; i < WARMUP; i++) await cycle(i);
    assert.deepEqual(await settled(), { peerConnections: 0, tracks: 0, frameCallbacks: 0 }, 'after warm-up');
    const baseline = await heapAfterGC(cdp);
    const samples: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      await cycle(WARMUP + i);
      if ((i + 1) % 10 === 0) {
        await page.evaluate(() => window.leak.live()); // lets the page drop ended objects from its counters
        samples.push(await heapAfterGC(cdp));
      }
    }
    const live = await settled();
    const end = await heapAfterGC(cdp);
    const growth = end - baseline;
    const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
    console.log(
      `# leak: heap ${mb(baseline)} MB after ${WARMUP} warm-up cycles, ${mb(end)} MB after ${CYCLES} more; growth ${mb(growth)} MB ` +
        `(${(growth / CYCLES / 1024).toFixed(1)} KB per cycle); every 10 cycles: ${samples.map(mb).join(', ')} MB; ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s; room server ${JSON.stringify(room.stats())}`,
    );
    assert.deepEqual(live, { peerConnections: 0, tracks: 0, frameCallbacks: 0 });
    assert.ok(growth < MAX_GROWTH, `heap grew ${mb(growth)} MB over ${CYCLES} cycles`);
    assert.deepEqual(pageErrors, []);
    const stats = room.stats();
    assert.deepEqual([stats.sessions, stats.rooms, stats.streams], [0, 0, 0], 'the room server holds nothing');
    await page.close();
  },
);
