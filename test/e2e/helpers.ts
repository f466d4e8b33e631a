// Shared by the end-to-end tests: the build they need, a Chromium, built example apps, and what a person sees in a page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createRoomServer } from '../../server/room-server.js';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * `npm run build` (~15 s) unless the `outputs` a test needs are newer than everything they are built from, so
 * that the files of one `npm run test:e2e` build once between them and never test a stale bundle.
 */
export function ensureBuilt(needed: string[]): void {
  const outputs = needed.map((p) => join(REPO, p));
  // E2E_SKIP_BUILD=1: test dist/ as it is (built by hand, or while someone's half-done source would not build)
  if (process.env.E2E_SKIP_BUILD === '1' && outputs.every(existsSync)) return;
  const inputs = [
    'src',
    'demo',
    'server',
    'vite.config.ts',
    'scripts/build.mjs',
    'scripts/frameworks.mjs',
    'custom-elements.json',
    'package-lock.json',
  ].map((p) => join(REPO, p));
  if (outputs.every(existsSync)) {
    const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
    if (inputs.every((p) => newestMtime(p) < built)) return;
  }
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'], timeout: 240_000 });
}

/** The JavaScript files of a built app (`dir` and below) by path relative to `dir`, and the one its index.html loads. */
export function builtApp(dir: string): { entry: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true }) as string[])
    if (f.endsWith('.js')) files.set(f, readFileSync(join(dir, f), 'utf8'));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entryName = /<script[^>]*src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
  assert.ok(entryName && files.has(entryName), `index.html loads a built entry: ${html}`);
  return { entry: files.get(entryName)!, files };
}

/**
 * What an app that uses the kit must have built: the elements defined (define.js was not dropped) and the ZEGO SDK
 * out of the entry (it loads only for a room with an app-id).
 */
export function checkKitBuilt(entry: string, files: Map<string, string>): void {
  assert.match(entry, /customElements\.define\(\s*["'`]zego-room["'`]/, 'the elements are defined (define.js was not dropped)');
  assert.ok(
    !entry.includes('ZegoExpressEngine.prototype') && !/from\s*["'][^"']*ZegoExpressWebRTC/.test(entry),
    'the entry does not import the SDK statically',
  );
  assert.ok(
    [...files.values()].some((text) => text !== entry && text.includes('ZegoExpressEngine')),
    'the ZEGO SDK is in a chunk of its own',
  );
}

/**
 * Serves a built example app and waits until the framework's own listener shows the room's LOGINED event: each
 * example writes the `reason` of `zego-room-state-changed` into `<h1><output>`.
 */
export async function exampleHearsLogin(browser: Browser, dir: string): Promise<void> {
  const server = await createRoomServer({ host: '127.0.0.1', port: 0, staticDir: dir, quiet: true, log: () => {} });
  const { page, errors } = await recordedPage(browser);
  try {
    await page.goto(`${server.url}/?room=examples&user=u${Date.now()}`, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('zego-room')?.getAttribute('state') === 'connected', { timeout: 30_000 });
    // <output> is written only by the framework's handler of zego-room-state-changed
    await page.waitForFunction(() => document.querySelector('h1 output')?.textContent === 'LOGINED', { timeout: 10_000 });
    // `room-id` arrives as an attribute or the `roomID` property, `server` as the property of that name: both reach it
    const settings = await page.evaluate(() => {
      const room = document.querySelector('zego-room') as unknown as { roomID: string; server: string };
      return { roomID: room.roomID, server: room.server };
    });
    assert.deepEqual(settings, { roomID: 'examples', server: '' });
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await page.close().catch(() => {});
    await server.close({ abrupt: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, pipe: true, protocolTimeout: 60_000 });
}

/** A page that records its requests and uncaught errors. */
export async function recordedPage(browser: Browser): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, requests, errors };
}

export interface RemoteView {
  /** Why nothing could be measured, if so. */
  problem?: string;
  /** Canvases with a size inside `<zego-remote-videos>` (its shadow root and nested ones). */
  canvases: number;
  /** Standard deviation of the luminance of the first such canvas: 0 for a blank or uniform tile. */
  spread: number;
  /** Fraction of its pixels that changed over 400 ms: 0 for a frozen picture. */
  changed: number;
}

/**
 * What the page shows in its `<zego-remote-videos>`: samples the first remote canvas twice, 400 ms apart, as a
 * person sees it (drawImage works for a worker-owned placeholder canvas too). The page is brought to the front
 * first: Chromium renders background pages at a crawl.
 */
export async function remoteView(page: Page): Promise<RemoteView> {
  await page.bringToFront();
  return page.evaluate(async () => {
    // the page's own grid, or the one inside a <zego-call>
    const host =
      document.querySelector('zego-remote-videos') ?? document.querySelector('zego-call')?.shadowRoot?.querySelector('zego-remote-videos');
    if (!host) return { problem: 'no <zego-remote-videos> in the page', canvases: 0, spread: 0, changed: 0 };
    if (!customElements.get('zego-remote-videos'))
      return { problem: '<zego-remote-videos> is not defined', canvases: 0, spread: 0, changed: 0 };
    // No named inner functions here: tsx would wrap them in a `__name` helper that the page does not have.
    const canvases: HTMLCanvasElement[] = [];
    const roots: ParentNode[] = host.shadowRoot ? [host.shadowRoot] : [];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const el of root.querySelectorAll('*')) {
        if (el instanceof HTMLCanvasElement && el.width > 0 && el.height > 0) canvases.push(el);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    if (canvases.length === 0) return { problem: 'no remote canvas with a size', canvases: 0, spread: 0, changed: 0 };
    const W = 64;
    const H = 48;
    const copy = document.createElement('canvas');
    copy.width = W;
    copy.height = H;
    const ctx = copy.getContext('2d', { willReadFrequently: true })!;
    const samples: Uint8ClampedArray[] = [];
    for (let i = 0; i < 2; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 400));
      ctx.clearRect(0, 0, W, H);
      ctx.drawImage(canvases[0], 0, 0, W, H);
      samples.push(ctx.getImageData(0, 0, W, H).data);
    }
    const [a, b] = samples;
    let sum = 0;
    let sq = 0;
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) {
      const y = 0.299 * a[i] + 0.587 * a[i + 1] + 0.114 * a[i + 2];
      sum += y;
      sq += y * y;
      if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) changed++;
    }
    const n = a.length / 4;
    return { canvases: canvases.length, spread: Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2)), changed: changed / n };
  });
}

/** A remote picture someone would call video: not blank or uniform, and moving. */
export const sees = (v: RemoteView) => !v.problem && v.spread > 8 && v.changed > 0.005;

/** Polls `remoteView` until the remote picture is non-uniform and moving, or `timeoutMs` has passed. */
export async function waitForRemoteVideo(page: Page, timeoutMs = 30_000): Promise<RemoteView> {
  const end = Date.now() + timeoutMs;
  let view: RemoteView;
  do {
    view = await remoteView(page);
    if (sees(view)) return view;
    // waiting cannot define an element: say so at once
    if (view.problem && !view.problem.startsWith('no remote canvas')) return view;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < end);
  return view;
}
