// The elements on a phone: 390x844 at 3x, touch, Chromium's mobile emulation, from the built CDN bundle. Every
// control of <zego-call> (pre-join, the bar, the sheets, the self-view's move button, "You left" and Rejoin) and of
// the README's three tags is tapped with the touchscreen where a person's finger lands, after checking that it is
// on screen, at least 44 px each way and not covered; no page scrolls sideways. The browser has several cameras
// (Chromium's fake ones): the self-view's switch-camera control goes from one to the next, and the others follow.
// Not checked here: a real phone's facingMode (front/back) switch, which needs a camera that reports facingMode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { createRoomServer, type RoomServer } from '../../server/room-server.js';
import { REPO, ensureBuilt, waitForRemoteVideo } from './helpers.js';

const WIDTH = 390;
const HEIGHT = 844;
/** The smallest touch target, in CSS pixels (Apple's HIG; WCAG 2.5.5 asks the same). */
const TARGET = 44;
const PHONE = {
  viewport: { width: WIDTH, height: HEIGHT, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
};

let server: RoomServer;
let browser: Browser;

before(async () => {
  ensureBuilt(['dist/cdn/zego-elements.js']);
  server = await createRoomServer({ host: '127.0.0.1', port: 0, staticDir: REPO, quiet: true, log: () => {} });
  // A phone has a front and a back camera (and some, more): three fake ones here. Chromium's second fake camera
  // is a Y16 depth camera that WebRTC cannot encode (a bare RTCPeerConnection stops sending on it as well): shown
  // locally, frozen for the others. The first and third send.
  const args = (CHROMIUM_ARGS as string[]).map((a) =>
    a === '--use-fake-device-for-media-stream' ? '--use-fake-device-for-media-stream=device-count=3' : a,
  );
  browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args, pipe: true, protocolTimeout: 60_000 });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close({ abrupt: true });
});

async function phonePage(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.emulate(PHONE);
  await page.goto(`${server.url}/${path}`, { waitUntil: 'load', timeout: 30_000 });
  return { page, errors };
}

/** A selector path through shadow roots: `['zego-call', 'zego-prejoin', 'button.join']`. */
type Path = string[];

/**
 * `screen`: an app that fills the screen (`<zego-call>`): every control on it. `page`: a document (the three tags)
 * that a person scrolls down: every control within the page's width, scrolled to before it is tapped.
 */
type Layout = 'screen' | 'page';

interface Target {
  found: boolean;
  x: number;
  y: number;
  box: { left: number; top: number; width: number; height: number };
  /** What a finger at the center would touch: the control itself (or inside it), or what covers it. */
  hit: string;
  covered: boolean;
}

async function target(page: Page, path: Path, layout: Layout): Promise<Target> {
  return page.evaluate(
    (parts, scroll) => {
      let node: Element | null = document.querySelector(parts[0]);
      for (const sel of parts.slice(1)) node = node?.shadowRoot?.querySelector(sel) ?? node?.querySelector(sel) ?? null;
      if (!node) return { found: false, x: 0, y: 0, box: { left: 0, top: 0, width: 0, height: 0 }, hit: '', covered: true };
      if (scroll) node.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = node.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // the topmost element at that point, down through shadow roots
      let hit: Element | null = document.elementFromPoint(x, y);
      for (let inner = hit?.shadowRoot?.elementFromPoint(x, y); inner && inner !== hit; inner = inner.shadowRoot?.elementFromPoint(x, y)) {
        hit = inner;
      }
      let inside = false;
      for (let n: Node | null = hit; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
        if (n === node) inside = true;
      }
      return {
        found: true,
        x,
        y,
        box: { left: r.left, top: r.top, width: r.width, height: r.height },
        hit: hit ? `${hit.localName}${hit.className ? '.' + String(hit.className) : ''}` : 'nothing',
        covered: !inside,
      };
    },
    path,
    layout === 'page',
  );
}

/**
 * Taps a control where a finger would, once it stopped moving (a screen still laying out moves it), after checking
 * it is reachable: on screen, big enough, not covered.
 */
async function tap(page: Page, path: Path, layout: Layout = 'screen'): Promise<void> {
  let t = await target(page, path, layout);
  for (let settled = Date.now() + 5000; Date.now() < settled;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await target(page, path, layout);
    const same = JSON.stringify(now.box) === JSON.stringify(t.box);
    t = now;
    if (same && t.found) break;
  }
  const what = path.join(' >>> ');
  assert.ok(t.found, `${what}: not there`);
  const { left, top, width, height } = t.box;
  assert.ok(left >= 0 && top >= 0 && left + width <= WIDTH && top + height <= HEIGHT, `${what}: off screen ${JSON.stringify(t.box)}`);
  assert.ok(width >= TARGET && height >= TARGET, `${what}: ${Math.round(width)}x${Math.round(height)}, under ${TARGET} px`);
  assert.ok(!t.covered, `${what}: covered by ${t.hit}`);
  await page.touchscreen.tap(t.x, t.y);
}

/** Every visible control of the page (through shadow roots) out of reach or smaller than a finger. */
async function audit(page: Page, layout: Layout): Promise<{ scrollWidth: number; problems: string[]; controls: number }> {
  return page.evaluate(
    (w, h, min, scrolls) => {
      const problems: string[] = [];
      let controls = 0;
      const roots: ParentNode[] = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) roots.push(el.shadowRoot);
          if (!el.matches('button, select, input:not([type=hidden]), textarea, a[href], [role=button], [tabindex="0"]')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue; // not rendered (a closed panel, a hidden screen)
          controls++;
          const name = `${el.localName}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}${el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 24)}"`;
          const size = `${Math.round(r.width)}x${Math.round(r.height)} at ${Math.round(r.left)},${Math.round(r.top)}`;
          const below = !scrolls && (r.top < 0 || r.bottom > h + 0.5);
          if (r.left < 0 || r.right > w + 0.5 || below) problems.push(`${name}: off screen, ${size}`);
          else if (r.width < min || r.height < min) problems.push(`${name}: ${size}, under ${min} px`);
        }
      }
      return { scrollWidth: document.scrollingElement!.scrollWidth, problems, controls };
    },
    WIDTH,
    HEIGHT,
    TARGET,
    layout === 'page',
  );
}

async function fits(page: Page, where: string, layout: Layout = 'screen'): Promise<void> {
  const a = await audit(page, layout);
  assert.ok(a.scrollWidth <= WIDTH, `${where}: the page scrolls sideways (${a.scrollWidth} px wide)`);
  assert.ok(a.controls > 0, `${where}: no control at all`);
  assert.deepEqual(a.problems, [], `${where}: controls a finger cannot use`);
}

async function until(page: Page, what: string, fn: string): Promise<void> {
  await page.waitForFunction(fn, { timeout: 20_000, polling: 100 }).catch(async (e: Error) => {
    const seen = await page.evaluate(() => {
      const call = document.querySelector('zego-call');
      const local = document.querySelector('zego-local-video') ?? call?.shadowRoot?.querySelector('zego-local-video');
      const text = (call?.shadowRoot ?? document.body).textContent?.replace(/\s+/g, ' ').slice(0, 300);
      return `call ${call?.getAttribute('state')}, self-view ${local?.getAttribute('state')}: ${text}`;
    });
    throw new Error(`${what}: ${e.message} (${seen})`);
  });
}

const CALL = `document.querySelector('zego-call')`;
const BAR = (cls: string): Path => ['zego-call', `[part~=controls] button.${cls}`];

describe('on a phone (390x844, touch)', () => {
  it(
    '<zego-call>: pre-join, every button of the bar, the sheets, the self-view, leave and rejoin, all by touch',
    { timeout: 180_000 },
    async () => {
      const context = await browser.createBrowserContext();
      try {
        const room = `phone-call-${Date.now().toString(36)}`;
        const a = await phonePage(context, `examples/call.html?room=${room}`);
        await until(
          a.page,
          'the pre-join preview',
          `!!${CALL}?.shadowRoot?.querySelector('zego-prejoin')?.shadowRoot?.querySelector('button.join')`,
        );
        await fits(a.page, 'pre-join');
        await tap(a.page, ['zego-call', 'zego-prejoin', 'input']);
        await a.page.keyboard.type('Ada');
        await tap(a.page, ['zego-call', 'zego-prejoin', 'button.join']);
        await until(a.page, 'in the call after tapping Join', `${CALL}.getAttribute('state') === 'in-call'`);

        const b = await phonePage(context, `examples/call.html?room=${room}`);
        await b.page.evaluate(() => document.querySelector('zego-call')!.join({ userName: 'Bob' }));
        const view = await waitForRemoteVideo(a.page);
        assert.ok(!view.problem && view.spread > 8, `Bob on Ada's stage: ${JSON.stringify(view)}`);
        await fits(a.page, 'the call');

        const local = `${CALL}.shadowRoot.querySelector('zego-local-video')`;
        await tap(a.page, BAR('microphone'));
        await until(
          a.page,
          'muted by the microphone button',
          `${local}.audioMuted && ${CALL}.shadowRoot.querySelector('button.microphone').getAttribute('aria-pressed') === 'true'`,
        );
        await tap(a.page, BAR('microphone'));
        await until(a.page, 'unmuted again', `!${local}.audioMuted`);
        await tap(a.page, BAR('camera'));
        await until(
          a.page,
          'camera off by the camera button',
          `${local}.videoMuted && ${CALL}.shadowRoot.querySelector('button.camera').getAttribute('aria-pressed') === 'true'`,
        );
        await tap(a.page, BAR('camera'));
        await until(a.page, 'camera on again', `!${local}.videoMuted`);

        // chat: a sheet over the stage, full width; send a message by touch, close it
        await tap(a.page, BAR('chat'));
        await until(a.page, 'the chat sheet', `!${CALL}.shadowRoot.querySelector('.panel').hidden`);
        const sheet = (await target(a.page, ['zego-call', '.panel'], 'screen')).box;
        assert.ok(sheet.width >= WIDTH - 32, `the chat is a sheet across the screen: ${JSON.stringify(sheet)}`);
        await fits(a.page, 'the chat sheet');
        await tap(a.page, ['zego-call', 'zego-chat', 'textarea, input']);
        await a.page.keyboard.type('hello from a phone');
        await tap(a.page, ['zego-call', 'zego-chat', 'button[type=submit], button.send']);
        await until(
          b.page,
          'the message at Bob',
          `(${CALL}.shadowRoot.querySelector('zego-chat').shadowRoot?.textContent ?? '').includes('hello from a phone')`,
        );
        await tap(a.page, ['zego-call', '.panel .close']);
        await until(a.page, 'the chat closed', `${CALL}.shadowRoot.querySelector('.panel').hidden`);

        await tap(a.page, BAR('participants'));
        await until(
          a.page,
          'the people sheet listing both',
          `!${CALL}.shadowRoot.querySelector('.panel').hidden && /Bob/.test(${CALL}.shadowRoot.querySelector('zego-participants').shadowRoot?.textContent ?? '')`,
        );
        await fits(a.page, 'the people sheet');
        await tap(a.page, ['zego-call', '.panel .close']);
        await until(a.page, 'the people sheet closed', `${CALL}.shadowRoot.querySelector('.panel').hidden`);

        // the self-view: its move button sends it to the next corner
        const corner = await a.page.evaluate(() =>
          document.querySelector('zego-call')!.shadowRoot!.querySelector('.self')!.getAttribute('data-corner'),
        );
        await tap(a.page, ['zego-call', '.self .move']);
        await until(
          a.page,
          'the self-view moved',
          `${CALL}.shadowRoot.querySelector('.self').getAttribute('data-corner') !== ${JSON.stringify(corner)}`,
        );
        await fits(a.page, 'the self-view moved');

        await tap(a.page, BAR('leave'));
        await until(a.page, '"You left" after Leave', `${CALL}.getAttribute('state') === 'left'`);
        assert.match(
          await a.page.evaluate(() => document.querySelector('zego-call')!.shadowRoot!.querySelector('h2')!.textContent!),
          /You left/,
        );
        await fits(a.page, 'you left');
        await tap(a.page, ['zego-call', '[part=left] button.primary']);
        await until(a.page, 'back in the call after Rejoin', `${CALL}.getAttribute('state') === 'in-call'`);
        const again = await waitForRemoteVideo(a.page);
        assert.ok(!again.problem && again.spread > 8, `Bob again after rejoining: ${JSON.stringify(again)}`);
        assert.deepEqual([...a.errors, ...b.errors], [], 'no page error');
      } finally {
        await context.close();
      }
    },
  );

  it('the three tags: your controls by touch, and the switch to the other camera', { timeout: 120_000 }, async () => {
    const context = await browser.createBrowserContext();
    try {
      const room = `phone-three-${Date.now().toString(36)}`;
      const a = await phonePage(context, `examples/three-tags.html?room=${room}&user=alice`);
      const b = await phonePage(context, `examples/three-tags.html?room=${room}&user=bob`);
      const view = await waitForRemoteVideo(a.page);
      assert.ok(!view.problem && view.spread > 8, `Bob's video: ${JSON.stringify(view)}`);
      await until(a.page, 'your camera', `document.querySelector('zego-local-video').getAttribute('state') === 'live'`);
      await fits(a.page, 'three tags', 'page');

      const LOCAL = `document.querySelector('zego-local-video')`;
      const control = (cls: string): Path => ['zego-local-video', `[part~=controls] button.${cls}`];
      await tap(a.page, control('microphone'), 'page');
      await until(a.page, 'muted', `${LOCAL}.audioMuted`);
      await tap(a.page, control('microphone'), 'page');
      await until(a.page, 'unmuted', `!${LOCAL}.audioMuted`);
      await tap(a.page, control('camera'), 'page');
      await until(a.page, 'camera off', `${LOCAL}.videoMuted`);
      await tap(a.page, control('camera'), 'page');
      await until(a.page, 'camera on', `!${LOCAL}.videoMuted && ${LOCAL}.localStream?.stream?.getVideoTracks()[0]?.readyState === 'live'`);

      // the switch goes to the next camera each tap; the self-view keeps drawing, the others follow
      const cameraNow = () =>
        a.page.evaluate(async () => {
          const el = document.querySelector('zego-local-video') as HTMLElement & { localStream?: { stream?: MediaStream } };
          const id = el.localStream?.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
          const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
          return { id, label: cameras.find((c) => c.deviceId === id)?.label ?? '', cameras: cameras.map((c) => c.label) };
        });
      const first = await cameraNow();
      assert.deepEqual(first.cameras, ['fake_device_0', 'fake_device_1', 'fake_device_2'], 'the browser offers three cameras');
      assert.equal(first.label, 'fake_device_0');
      for (const next of ['fake_device_1', 'fake_device_2', 'fake_device_0']) {
        const was = await cameraNow();
        await tap(a.page, control('switch-camera'), 'page');
        await until(
          a.page,
          `the switch to ${next}`,
          `${LOCAL}.localStream?.stream?.getVideoTracks()[0]?.getSettings().deviceId !== ${JSON.stringify(was.id)} && ${LOCAL}.getAttribute('state') === 'live'`,
        );
        const now = await cameraNow();
        assert.equal(now.label, next);
        assert.equal(await a.page.evaluate(() => document.querySelector('zego-local-video')!.getAttribute('camera-id')), now.id);
        const drawn = await a.page.evaluate(async () => {
          const el = document.querySelector('zego-local-video') as HTMLElement & { frameCounter: number };
          const from = el.frameCounter;
          await new Promise((r) => setTimeout(r, 1000));
          return el.frameCounter - from;
        });
        assert.ok(drawn >= 5, `the self-view draws ${next}: ${drawn} frames in 1 s`);
        if (next === 'fake_device_1') continue; // Y16: nothing to send (see the top)
        const seen = await waitForRemoteVideo(b.page);
        assert.ok(!seen.problem && seen.spread > 8 && seen.changed > 0.005, `Bob sees Alice's ${next}: ${JSON.stringify(seen)}`);
        await a.page.bringToFront();
      }

      await tap(a.page, control('devices-toggle'), 'page');
      await until(a.page, 'the device pickers', `!!${LOCAL}.shadowRoot.querySelector('[part=devices]')`);
      await fits(a.page, 'the device pickers', 'page');
      await tap(a.page, control('devices-toggle'), 'page');
      await until(a.page, 'the pickers closed', `!${LOCAL}.shadowRoot.querySelector('[part=devices]')`);

      await tap(a.page, control('leave'), 'page');
      await until(a.page, 'out of the room', `document.querySelector('zego-room').getAttribute('state') === 'idle'`);
      await fits(a.page, 'out of the room', 'page');
      await tap(a.page, control('join'), 'page');
      await until(a.page, 'back in the room', `document.querySelector('zego-room').getAttribute('state') === 'connected'`);
      assert.deepEqual([...a.errors, ...b.errors], [], 'no page error');
    } finally {
      await context.close();
    }
  });
});
