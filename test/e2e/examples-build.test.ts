// The React 19 and Vue 3 examples build with Vite, and what they built works: the elements are defined, the
// framework hands them their attributes, and the framework's own listener hears a `zego-*` event. The React
// example also type-checks, with the kit's tags as JSX intrinsic elements.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { build } from 'vite';
import { createRoomServer } from '../../server/room-server.js';
import { REPO, launchChromium, recordedPage } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'zego-examples-'));
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  rmSync(out, { recursive: true, force: true });
});

/** Builds examples/NAME unminified (so the output can be read) and returns its JavaScript files. */
async function buildExample(name: string): Promise<{ dir: string; entry: string; chunks: Map<string, string> }> {
  const dir = join(out, name);
  await build({
    configFile: join(REPO, 'examples', name, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true, minify: false },
  });
  const chunks = new Map<string, string>();
  for (const f of readdirSync(join(dir, 'assets'))) if (f.endsWith('.js')) chunks.set(f, readFileSync(join(dir, 'assets', f), 'utf8'));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entryName = /src="\.?\/?assets\/([^"]+\.js)"/.exec(html)?.[1];
  assert.ok(entryName && chunks.has(entryName), `index.html loads a built entry: ${html}`);
  return { dir, entry: chunks.get(entryName)!, chunks };
}

function checkKit(entry: string, chunks: Map<string, string>): void {
  for (const tag of ['zego-room', 'zego-local-video', 'zego-remote-videos'])
    assert.match(entry, new RegExp(`["'\`]${tag}["'\`]`), `<${tag}> is rendered`);
  assert.match(entry, /customElements\.define\(\s*["'`]zego-room["'`]/, 'the elements are defined (define.js was not dropped)');
  const sdk = [...chunks.keys()].filter((f) => /ZegoExpressWebRTC/.test(f));
  assert.equal(sdk.length, 1, 'the ZEGO SDK is a chunk of its own');
  assert.ok(
    !entry.includes('ZegoExpressEngine.prototype') && !/from\s*["'][^"']*ZegoExpressWebRTC/.test(entry),
    'the entry does not import the SDK statically',
  );
}

/** Serves a built example and waits until the framework's own listener shows the room's LOGINED event. */
async function heardLogin(dir: string): Promise<void> {
  browser ??= await launchChromium();
  const server = await createRoomServer({ host: '127.0.0.1', port: 0, staticDir: dir, quiet: true, log: () => {} });
  const { page, errors } = await recordedPage(browser);
  try {
    await page.goto(`${server.url}/?room=examples&user=u${Date.now()}`, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('zego-room')?.getAttribute('state') === 'connected', { timeout: 30_000 });
    // <output> is written only by the framework's handler of zego-room-state-changed
    await page.waitForFunction(() => document.querySelector('h1 output')?.textContent === 'LOGINED', { timeout: 10_000 });
    // `room-id` arrives as an attribute, `server` as the property of that name (`'server' in el`): both reach it
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

describe('examples/react (React 19)', () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  before(async () => {
    built = await buildExample('react');
  });

  it('builds with the kit, its tags and on<event> props', () => {
    checkKit(built.entry, built.chunks);
    // React 19 adds a listener for the event named after the prop without `on`
    assert.match(built.entry, /["']onzego-room-state-changed["']\s*:/);
    assert.match(built.entry, /["']onzego-error["']\s*:/);
  });

  it('type-checks, the kit tags typed as JSX intrinsic elements', { timeout: 120_000 }, () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(REPO, 'examples/react/tsconfig.json')], { stdio: 'pipe', timeout: 110_000 });
  });

  it('the built app logs in and its onzego-room-state-changed handler hears LOGINED', { timeout: 90_000 }, async () => {
    await heardLogin(built.dir);
  });
});

describe('examples/vue (Vue 3)', () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  before(async () => {
    built = await buildExample('vue');
  });

  it('builds with the kit, its tags as custom elements and @zego-* listeners', () => {
    checkKit(built.entry, built.chunks);
    // isCustomElement: Vue renders the tags as elements, never tries to resolve them as components
    assert.doesNotMatch(built.entry, /resolveComponent\(\s*["']zego-/);
    // @zego-room-state-changed compiles to onZegoRoomStateChanged, which Vue's runtime listens to as zego-room-state-changed
    assert.match(built.entry, /onZegoRoomStateChanged\s*:/);
    assert.match(built.entry, /onZegoError\s*:/);
  });

  it('the built app logs in and its @zego-room-state-changed listener hears LOGINED', { timeout: 90_000 }, async () => {
    await heardLogin(built.dir);
  });
});
