// What people see with no page CSS, at 1280x800 and 390x844, from the built CDN bundle: <zego-call> before and
// during a call (examples/call.html), and the README's three tags (examples/three-tags.html), each with someone
// else in the room. The checks read pixels and boxes; `UPDATE_SCREENSHOTS=1` (npm run screenshots) also writes the
// pictures the README shows, in docs/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { createRoomServer, type RoomServer } from '../../server/room-server.js';
import { REPO, ensureBuilt, launchChromium, waitForRemoteVideo } from './helpers.js';

const WRITE = process.env.UPDATE_SCREENSHOTS === '1';
const DIR = join(REPO, 'docs', 'screenshots');
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let server: RoomServer;
let browser: Browser;

before(async () => {
  ensureBuilt(['dist/cdn/zego-elements.js']);
  server = await createRoomServer({ host: '127.0.0.1', port: 0, staticDir: REPO, quiet: true, log: () => {} });
  browser = await launchChromium();
  if (WRITE) mkdirSync(DIR, { recursive: true });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close({ abrupt: true });
});

async function page(context: BrowserContext, size: (typeof SIZES)[number], path: string): Promise<{ page: Page; errors: string[] }> {
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
  await p.goto(`${server.url}/${path}`, { waitUntil: 'load', timeout: 30_000 });
  return { page: p, errors };
}

async function shot(p: Page, file: string): Promise<void> {
  await p.bringToFront();
  if (WRITE) await p.screenshot({ path: join(DIR, file) });
}

/** The boxes of what a person sees: inside shadow roots, by selector path (`host >>> inner`). */
async function boxOf(p: Page, path: string[]): Promise<{ top: number; left: number; width: number; height: number } | null> {
  return p.evaluate((parts) => {
    let node: Element | null = document.querySelector(parts[0]);
    for (const sel of parts.slice(1)) node = node?.shadowRoot?.querySelector(sel) ?? null;
    if (!node) return null;
    const r = node.getBoundingClientRect();
    return { top: r.top, left: r.left, width: r.width, height: r.height };
  }, path);
}

describe('with no page CSS', () => {
  for (const size of SIZES) {
    it(
      `<zego-call> at ${size.width}x${size.height}: the pre-join screen, then a call that fits the screen`,
      { timeout: 120_000 },
      async () => {
        const context = await browser.createBrowserContext();
        try {
          const room = `shots-${size.name}-${Date.now().toString(36)}`;
          const a = await page(context, size, `examples/call.html?room=${room}&name=Design%20review`);
          await a.page.waitForFunction(
            () => !!document.querySelector('zego-call')?.shadowRoot?.querySelector('zego-prejoin')?.shadowRoot?.querySelector('canvas'),
            { timeout: 20_000, polling: 100 },
          );
          await new Promise((r) => setTimeout(r, 1500)); // the preview's first frames and the level meter
          await shot(a.page, `call-prejoin-${size.name}.png`);
          await a.page.evaluate(() => document.querySelector('zego-call')!.join({ userName: 'Ada Lovelace' }));
          const b = await page(context, size, `examples/call.html?room=${room}&name=Design%20review`);
          await b.page.evaluate(() => document.querySelector('zego-call')!.join({ userName: 'Grace Hopper' }));
          await b.page.evaluate(() =>
            (
              document.querySelector('zego-call')!.shadowRoot!.querySelector('zego-chat') as HTMLElement & {
                send(t: string): Promise<void>;
              }
            ).send('Hi Ada! Can you see my screen?'),
          );
          const view = await waitForRemoteVideo(a.page);
          assert.ok(!view.problem && view.spread > 8, `the other person's video on the stage: ${JSON.stringify(view)}`);
          const call = (await boxOf(a.page, ['zego-call']))!;
          assert.ok(call.top + call.height <= size.height && call.width <= size.width, 'the call fits the viewport');
          const stage = (await boxOf(a.page, ['zego-call', '[part~=stage]']))!;
          assert.ok(stage.width * stage.height > 0.5 * size.width * size.height, 'the stage takes most of the screen');
          const controls = (await boxOf(a.page, ['zego-call', '[part~=controls]']))!;
          assert.ok(controls.top + controls.height <= size.height, 'the control bar is on screen');
          await new Promise((r) => setTimeout(r, 1000));
          await shot(a.page, `call-${size.name}.png`);
          await a.page.evaluate(() =>
            (document.querySelector('zego-call')!.shadowRoot!.querySelector('button.chat') as HTMLElement).click(),
          );
          await a.page.waitForFunction(
            () =>
              (document.querySelector('zego-call')!.shadowRoot!.querySelector('zego-chat')!.shadowRoot?.textContent ?? '').includes(
                'Can you see',
              ),
            { timeout: 10_000, polling: 100 },
          );
          await shot(a.page, `call-chat-${size.name}.png`);
          assert.deepEqual([...a.errors, ...b.errors], [], 'no page error');
        } finally {
          await context.close();
        }
      },
    );

    it(
      `the README's three tags at ${size.width}x${size.height}: the other person and you, with your controls, above the fold`,
      { timeout: 120_000 },
      async () => {
        const context = await browser.createBrowserContext();
        try {
          const room = `three-${size.name}-${Date.now().toString(36)}`;
          const a = await page(context, size, `examples/three-tags.html?room=${room}&user=alice`);
          const b = await page(context, size, `examples/three-tags.html?room=${room}&user=bob`);
          const view = await waitForRemoteVideo(a.page);
          assert.ok(!view.problem && view.spread > 8, `the other person's video: ${JSON.stringify(view)}`);
          const remote = (await boxOf(a.page, ['zego-remote-videos']))!;
          const local = (await boxOf(a.page, ['zego-local-video']))!;
          const controls = (await boxOf(a.page, ['zego-local-video', '[part~=controls]']))!;
          assert.ok(remote.top + remote.height <= size.height, `the other person is above the fold (${JSON.stringify(remote)})`);
          assert.ok(controls.top + controls.height <= size.height, `your controls are above the fold (${JSON.stringify(controls)})`);
          if (size.width >= 720) {
            assert.ok(local.width < remote.width / 2, 'a wide screen: your video in a column beside the stage');
            assert.ok(local.left >= remote.left + remote.width, 'beside it');
          } else {
            assert.ok(remote.width >= size.width - 20, 'a phone: the other person full width');
            assert.ok(local.top >= remote.top + remote.height, 'you below');
          }
          await new Promise((r) => setTimeout(r, 1000));
          await shot(a.page, `three-tags-${size.name}.png`);
          assert.deepEqual([...a.errors, ...b.errors], [], 'no page error');
        } finally {
          await context.close();
        }
      },
    );
  }
});
