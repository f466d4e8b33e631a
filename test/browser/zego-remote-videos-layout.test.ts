// <zego-remote-videos> as a call people would ship: presentations go large, tiles are pinned by click and by
// keyboard, more tiles than fit are paged (off-page streams keep their sound, their video is not received), a
// speaker on another page is brought forward, a tile whose video stopped arriving says so, and the element fits
// its page. Publishers are plain engines in a second page, or a <zego-room> with <zego-local-video> in a page of its
// own that shares its screen; pixels and inbound-rtp statistics are read, not only the DOM.
//
// Pictures: `executeServerCommand('remote-screenshot')` exists only when the runner has a plugin for it (a local
// config); under `npm run test:browser` they are skipped.
import { expect, fixture, fixtureCleanup, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import type { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import type { ZegoPinChangeEvent } from '../../src/remote/events.js';
import { defaultMaxTiles, layoutTiles, promoteSpeaker, type LayoutInput } from '../../src/remote/layout.js';
import { PinState } from '../../src/remote/pinning.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { nextEvent, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';
import { deepActive, contrast } from './look.js';
import { colorScheme, isChromium, isFirefox, userGesture } from './browser.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const live = trackLiveObjects(window);

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
const engines: ZegoLocalEngine[] = [];
const cleanups: (() => void)[] = [];

interface Publisher {
  engine: ZegoLocalEngine;
  stream: MediaStream;
  streamID: string;
}

/** A user in the second page publishing the fake camera at 320x240@15, with the fake microphone unless `audio: false`. */
async function publish(roomID: string, userID: string, options: { userName?: string; audio?: boolean } = {}): Promise<Publisher> {
  page ??= await secondPage();
  const engine = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(engine);
  await engine.loginRoom(roomID, 'local', { userID, userName: options.userName ?? userID }, { userUpdate: true });
  const stream = (await engine.createZegoStream({
    camera: { video: { quality: 1 }, audio: options.audio ?? true },
  })) as unknown as MediaStream;
  return start(engine, stream, `${userID}-main`);
}

async function start(engine: ZegoLocalEngine, stream: MediaStream, streamID: string): Promise<Publisher> {
  const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === streamID && r.state === 'PUBLISHING');
  engine.startPublishingStream(streamID, stream as never);
  await publishing;
  return { engine, stream, streamID };
}

/**
 * A canvas of the second page, painted `color` with a moving white bar 15 times a second (a canvas track carries a
 * frame only when the canvas changes); `stop()` ends the painting.
 */
function paintedCanvas(color: string, width = 640, height = 360): { track: MediaStreamTrack; stop(): void } {
  const win = page!.win;
  const canvas = win.document.createElement('canvas');
  Object.assign(canvas, { width, height });
  const ctx = canvas.getContext('2d')!;
  let x = 0;
  const paint = () => {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect((x = (x + 16) % width), height / 3, 40, height / 3);
  };
  paint();
  const timer = win.setInterval(paint, 66);
  const track = canvas.captureStream(15).getVideoTracks()[0];
  cleanups.push(() => win.clearInterval(timer));
  return { track, stop: () => win.clearInterval(timer) };
}

/** A user in the second page presenting a "screen" as a stream of its own (`<user>-screen`): a blue canvas. */
async function presentScreen(roomID: string, userID: string): Promise<Publisher> {
  page ??= await secondPage();
  const engine = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(engine);
  await engine.loginRoom(roomID, 'local', { userID, userName: userID }, { userUpdate: true });
  const { track } = paintedCanvas('#1040c0', 1280, 720);
  const source = new page.win.MediaStream([track]);
  const stream = (await engine.createZegoStream({ custom: { video: { source } } } as never)) as unknown as MediaStream;
  return start(engine, stream, `${userID}-screen`);
}

/** A page of its own with a <zego-room> (fixtures/room-frame.html) that may share its screen. */
async function roomPage(): Promise<Window & typeof globalThis> {
  const iframe = document.createElement('iframe');
  iframe.src = new URL('./fixtures/room-frame.html', import.meta.url).href;
  iframe.allow = 'camera; microphone; autoplay; display-capture';
  // on top of the fixture added after it (its positioned tiles would cover it): userGesture() clicks into it
  iframe.style.cssText = 'position:fixed;right:0;bottom:0;width:200px;height:150px;border:0;opacity:0.01;z-index:2147483646';
  document.body.append(iframe);
  cleanups.push(() => iframe.remove());
  const win = iframe.contentWindow as Window & typeof globalThis & { roomReady?: boolean };
  await waitFor(() => !!win.roomReady, 15000, 'room page');
  return win;
}

async function viewer(roomID: string, attrs = '', roomStyle = 'display:block;width:640px', lang = '') {
  // A string fixture keeps the attributes under test visible as markup (attrs come from the tests, not users).
  const room = await fixture<ZegoRoomElement>(
    `<zego-room server="" room-id="${roomID}" user-id="viewer" hide-status ${lang ? `lang="${lang}"` : ''} style="${roomStyle}"><zego-remote-videos ${attrs}></zego-remote-videos></zego-room>`,
  );
  const el = room.querySelector('zego-remote-videos')!;
  return { room, el };
}

const root = (el: ZegoRemoteVideosElement) => el.shadowRoot!;
const tileOf = (el: ZegoRemoteVideosElement, streamID: string) =>
  root(el).querySelector<HTMLElement>(`[part~=tile][data-stream-id="${streamID}"]`);
const visible = (node: Element | null | undefined) => !!node && (node as HTMLElement).checkVisibility({ opacityProperty: false });
const shownTiles = (el: ZegoRemoteVideosElement) => [...root(el).querySelectorAll<HTMLElement>('[part~=tile]')].filter((t) => visible(t));
const shownIDs = (el: ZegoRemoteVideosElement) => shownTiles(el).map((t) => t.dataset.streamId!);
const canvasOf = (el: ZegoRemoteVideosElement, streamID: string) =>
  tileOf(el, streamID)?.querySelector<HTMLCanvasElement>('canvas[part=video]') ?? null;
const box = (node: Element) => node.getBoundingClientRect();
const status = (el: ZegoRemoteVideosElement) => root(el).querySelector('[part=page-status]')?.textContent?.trim() ?? '';

/** Every zego-pin-change of the document from now on (removed after the test). */
function pinChanges(): { streamID: string | null; reason: string; target: EventTarget | null }[] {
  const log: { streamID: string | null; reason: string; target: EventTarget | null }[] = [];
  const on = (e: ZegoPinChangeEvent) => {
    expect(e.bubbles && e.composed).to.equal(true);
    log.push({ ...e.detail, target: e.target });
  };
  document.addEventListener('zego-pin-change', on);
  cleanups.push(() => document.removeEventListener('zego-pin-change', on));
  return log;
}

/** The mean colour of the middle of a canvas (a copy: works for a worker-owned canvas too). */
function meanColor(canvas: HTMLCanvasElement): [number, number, number] {
  const copy = document.createElement('canvas');
  copy.width = 64;
  copy.height = 36;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  const [w, h] = [canvas.width, canvas.height];
  ctx.drawImage(canvas, w * 0.3, h * 0.3, w * 0.4, h * 0.4, 0, 0, 64, 36);
  const d = ctx.getImageData(0, 0, 64, 36).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c];
  return sum.map((v) => v / (d.length / 4)) as [number, number, number];
}

/** Every tile on screen shows a picture drawn at its canvas's current size (a resized canvas is blank until its next frame). */
function drawn(el: ZegoRemoteVideosElement): boolean {
  return el.streams
    .filter((s) => !s.offPage)
    .every((s) => {
      const c = canvasOf(el, s.streamID);
      return !!c && s.hasFrame && c.width === Math.round(box(c).width * devicePixelRatio) && c.width > 0 && meanColor(c).some((v) => v > 0);
    });
}

/** Width / height of what a canvas shows: the box of its painted pixels (the letterbox bars are left clear). */
function pictureAspect(canvas: HTMLCanvasElement): number {
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(canvas, 0, 0);
  const d = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < copy.height; y++)
    for (let x = 0; x < copy.width; x++)
      if (d[(y * copy.width + x) * 4 + 3] > 0) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return (x1 - x0 + 1) / (y1 - y0 + 1);
}

/** Inbound video frames decoded and audio bytes received of a played stream (the RTCPeerConnection playing it). */
async function inbound(el: ZegoRemoteVideosElement, streamID: string): Promise<{ frames: number; audioBytes: number }> {
  const audio = tileOf(el, streamID)?.querySelector('audio');
  const ids = new Set((audio?.srcObject as MediaStream | null)?.getTracks().map((t) => t.id));
  const pc = live.peerConnections().find((p) => p.getReceivers().some((r) => ids.has(r.track.id)));
  if (!pc) throw new Error(`no peer connection plays ${streamID}`);
  let frames = 0;
  let audioBytes = 0;
  (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number }) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') frames += s.framesDecoded ?? 0;
    if (s.kind === 'audio') audioBytes += s.bytesReceived ?? 0;
  });
  return { frames, audioBytes };
}

/** What `inbound` counted over `ms`, per stream. */
async function received(el: ZegoRemoteVideosElement, ids: readonly string[], ms: number) {
  const before = await Promise.all(ids.map((id) => inbound(el, id)));
  await sleep(ms);
  const after = await Promise.all(ids.map((id) => inbound(el, id)));
  return new Map(
    ids.map((id, i) => [id, { frames: after[i].frames - before[i].frames, audioBytes: after[i].audioBytes - before[i].audioBytes }]),
  );
}

/** A real click in the middle of a node (hover first: the tile's buttons show on hover). */
async function click(node: Element): Promise<void> {
  const r = box(node);
  const position: [number, number] = [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
  await sendMouse({ type: 'move', position });
  await sendMouse({ type: 'click', position });
}

/** A PNG of the viewport's `node` under docs/screenshots when the runner can take one (see the header). */
async function screenshot(name: string, node: Element): Promise<void> {
  const r = box(node);
  const clip = { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  try {
    await executeServerCommand('remote-screenshot', { path: `docs/screenshots/remote-${name}.png`, clip });
  } catch {
    // no plugin for the command in this runner
  }
}

afterEach(async () => {
  fixtureCleanup();
  while (cleanups.length) cleanups.pop()!();
  while (engines.length) engines.pop()!.destroyEngine();
  await sleep(50);
});

after(() => page?.close());

describe('<zego-remote-videos> layout (pure)', () => {
  const input = (over: Partial<LayoutInput>): LayoutInput => ({
    width: 1280,
    height: 720,
    items: [],
    main: null,
    maxTiles: 9,
    page: 0,
    gap: 8,
    aspect: 16 / 9,
    stripTile: 160,
    pagerHeight: 40,
    ...over,
  });
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

  it('grid: 16:9 tiles as large as they fit, centered, a short last row centered; pages of max-tiles', () => {
    const two = layoutTiles(input({ width: 640, height: 360, items: ids(2) }));
    expect(two.pages).to.equal(1);
    const [a, b] = [two.rects.get('s0')!, two.rects.get('s1')!];
    expect([a.width, b.width, a.y]).to.deep.equal([316, 316, b.y]);
    expect(a.width / a.height).to.be.closeTo(16 / 9, 0.02);
    const three = layoutTiles(input({ items: ids(3) }));
    const last = three.rects.get('s2')!;
    expect(last.x + last.width / 2, 'the last row is centered').to.be.closeTo(640, 1);
    const paged = layoutTiles(input({ items: ids(11), page: 1 }));
    expect([paged.pages, paged.page, paged.rects.size]).to.deep.equal([2, 1, 2]);
    expect(paged.pager).to.deep.equal({ x: 0, y: 680, width: 1280, height: 40 });
    const first = layoutTiles(input({ items: ids(11), page: 0 }));
    expect(first.rects.get('s0')!.width, 'tiles keep their size from page to page').to.equal(paged.rects.get('s9')!.width);
    expect(layoutTiles(input({ items: ids(11), page: 7 })).page, 'clamped').to.equal(1);
    expect([defaultMaxTiles(390), defaultMaxTiles(599), defaultMaxTiles(600), defaultMaxTiles(1280)]).to.deep.equal([4, 4, 9, 9]);
  });

  it('spotlight: the strip beside a wide stage, below a narrow one; strip pages', () => {
    const wide = layoutTiles(input({ main: 'm', items: ids(3) }));
    expect(wide.strip).to.equal('beside');
    const m = wide.rects.get('m')!;
    const s = wide.rects.get('s0')!;
    expect(s.x).to.be.greaterThan(m.x + m.width);
    expect(m.width * m.height).to.be.greaterThan(10 * s.width * s.height);
    const narrow = layoutTiles(input({ width: 390, height: 600, main: 'm', items: ids(5) }));
    expect(narrow.strip).to.equal('below');
    expect(narrow.rects.get('s0')!.y).to.be.greaterThan(narrow.rects.get('m')!.y + narrow.rects.get('m')!.height);
    expect([narrow.perPage, narrow.pages]).to.deep.equal([3, 2]);
    const alone = layoutTiles(input({ main: 'm', items: [] }));
    expect(alone.rects.get('m')).to.deep.equal({ x: 0, y: 0, width: 1280, height: 720 });
  });

  it('promoteSpeaker swaps with the first page tile that spoke least recently; fixed tiles stay', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    const spoke = new Map([
      ['a', 1],
      ['b', 5],
      ['c', 9],
    ]);
    expect(promoteSpeaker(order, 'e', 3, spoke)).to.deep.equal(['e', 'b', 'c', 'd', 'a']);
    expect(promoteSpeaker(order, 'e', 3, new Map()), 'nobody spoke: the last place of the page').to.deep.equal(['a', 'b', 'e', 'd', 'c']);
    expect(promoteSpeaker(order, 'b', 3, spoke), 'already on the first page').to.equal(null);
    expect(promoteSpeaker(order, 'e', 3, new Map(), new Set(['a', 'b', 'c'])), 'nothing may move').to.equal(null);
  });

  it('PinState: a presentation takes the spotlight and gives back the person\u2019s pin; unpin dismisses it; departures', () => {
    const pins = new PinState();
    const s = (id: string, presenting = false) => ({ streamID: id, presenting });
    expect(pins.update([s('a'), s('b')])).to.equal(null);
    expect(pins.choose('a')).to.equal(true);
    expect(pins.update([s('a'), s('b', true)])).to.deep.equal({ streamID: 'b', reason: 'presenting' });
    expect(pins.update([s('a'), s('b')])).to.deep.equal({ streamID: 'a', reason: 'presenting' });
    pins.update([s('a'), s('b', true)]);
    expect(pins.choose('')).to.equal(true);
    expect(pins.pinned, 'unpin: back to the grid, the presentation dismissed').to.equal('');
    expect(pins.update([s('a'), s('b', true)])).to.equal(null);
    expect(pins.update([s('a'), s('b', true), s('c', true)])).to.deep.equal({ streamID: 'c', reason: 'presenting' });
    expect(pins.update([s('a'), s('b', true)])).to.deep.equal({ streamID: null, reason: 'gone' });
    pins.choose('z');
    expect(pins.update([s('a')]), 'a pin waits for its stream').to.equal(null);
    expect(pins.pinned).to.equal('z');
    pins.update([s('a'), s('z')]);
    expect(pins.update([s('a')])).to.deep.equal({ streamID: null, reason: 'gone' });
  });
});

describe('<zego-remote-videos> presenting, pins, pages, stalls', function () {
  this.timeout(60000);

  it('a <zego-local-video> sharing its screen goes large with "… is presenting", the screen\u2019s pixels big; stopping goes back to the grid', async () => {
    const roomID = uniqueRoom('rp');
    const bob = await publish(roomID, 'bob', { audio: false });
    const win = await roomPage();
    const room = win.document.createElement('zego-room');
    for (const [k, v] of Object.entries({ server: '', 'room-id': roomID, 'user-id': 'alice', 'user-name': 'Alice', 'hide-status': '' }))
      room.setAttribute(k, v);
    const local = win.document.createElement('zego-local-video') as ZegoLocalVideoElement;
    for (const [k, v] of Object.entries({ publish: '', 'stream-id': 'alice-main', quality: '1', 'no-audio': '' })) local.setAttribute(k, v);
    room.append(local);
    win.document.body.append(room);
    const changes = pinChanges();
    const { el } = await viewer(roomID, 'muted style="height:440px"', 'display:block;width:780px');
    await waitFor(() => el.streams.length === 2 && el.streams.every((s) => s.hasFrame), 20000, 'both tiles drawing');
    await el.updateComplete;
    expect(root(el).querySelector('[part=base]')!.getAttribute('data-layout'), 'nobody presents: a grid').to.equal('grid');
    // No gesture yet in this page: Chromium refuses even a muted <audio> (Firefox plays it, muted); muted, there is
    // nothing to hear, so no button either way
    const audios = [...root(el).querySelectorAll('audio')];
    expect(navigator.userActivation.hasBeenActive).to.equal(false);
    expect(audios).to.have.length(2);
    expect(
      audios.every((a) => a.paused),
      'refused',
    ).to.equal(isChromium);
    expect(root(el).querySelector('[part=enable-audio]')).to.equal(null);
    expect(el.audioBlocked).to.equal(false);
    const blocked = oneEvent(el, 'zego-autoplay-blocked');
    el.muted = false;
    await blocked;
    await el.updateComplete;
    expect(root(el).querySelector('[part=enable-audio]'), 'unmuted: the refusal shows').to.not.equal(null);
    el.muted = true;
    expect(el.streams.find((s) => s.streamID === 'alice-main')!.presenting).to.equal(false);

    // the presenter shares from a click in its page: Firefox requires one (Chromium's test flags do not)
    if (isFirefox) await userGesture(win);
    expect(await local.startScreenShare()).to.equal(true);
    await waitFor(() => el.pinned === 'alice-main', 10000, 'the presentation pinned');
    expect(changes.map(({ streamID, reason }) => ({ streamID, reason }))).to.deep.equal([{ streamID: 'alice-main', reason: 'presenting' }]);
    expect(changes[0].target).to.equal(el);
    expect(el.getAttribute('pinned')).to.equal('alice-main');
    await el.updateComplete;
    const main = tileOf(el, 'alice-main')!;
    expect(main.classList.contains('main')).to.equal(true);
    expect(root(el).querySelector('[part=base]')!.getAttribute('data-strip')).to.equal('beside');
    expect(main.querySelector('[part=presenting]')!.textContent!.trim()).to.equal('Alice is presenting');
    expect(visible(main.querySelector('[part=presenting]'))).to.equal(true);
    const pin = main.querySelector('[part=pin]')!;
    expect(pin.getAttribute('aria-pressed')).to.equal('true');
    // the screen's frames (not the 320x240 camera) in the large canvas, its green test pattern in the middle
    await waitFor(() => el.getFrameInfo('alice-main')!.frameWidth === local.frameWidth && local.frameWidth > 320, 10000, 'screen frames');
    const big = canvasOf(el, 'alice-main')!;
    const small = canvasOf(el, bob.streamID)!;
    await waitFor(() => drawn(el), 10000, 'both canvases drawn at their new size');
    expect(box(big).width * box(big).height).to.be.greaterThan(8 * box(small).width * box(small).height);
    expect(box(small).left, 'the strip beside the screen').to.be.greaterThan(box(big).right);
    // Chromium's fake screen and fake camera both draw a green test pattern: the screen is told by its shape.
    // Firefox has no fake screen: it shares the virtual display, which shows this light test page, not the
    // transparent black of a blank canvas
    const [r, g, b] = meanColor(big);
    if (isFirefox) expect(Math.min(r, g, b), `the display, not a blank canvas: ${r},${g},${b}`).to.be.greaterThan(100);
    else expect(g, `the pattern, not a blank canvas: ${r},${g},${b}`).to.be.greaterThan(Math.max(r, b) + 60);
    expect(pictureAspect(big), 'the screen fills the large tile at its own shape').to.be.closeTo(
      local.frameWidth / local.frameHeight,
      0.05,
    );
    expect(pictureAspect(small), "bob's 4:3 camera in the strip").to.be.closeTo(4 / 3, 0.05);

    await local.stopScreenShare();
    await waitFor(() => el.pinned === '', 10000, 'unpinned when the presentation ends');
    await waitFor(() => !!tileOf(el, 'alice-main'), 10000, 'alice back in the grid');
    await el.updateComplete;
    expect(changes).to.have.length(2);
    expect(changes[1].streamID).to.equal(null);
    // <zego-local-video> publishes its camera again when its source changes: the stream may leave for a moment
    expect(changes[1].reason).to.be.oneOf(['presenting', 'gone']);
    expect(root(el).querySelector('[part=base]')!.getAttribute('data-layout')).to.equal('grid');
    expect(tileOf(el, 'alice-main')!.querySelector('[part=presenting]')).to.equal(null);
  });

  it('a stream named *-screen goes large; unpin by click (back to the grid, it stays there); pin by keyboard; a pinned stream that leaves unpins', async () => {
    const roomID = uniqueRoom('rp');
    const bob = await publish(roomID, 'bob', { audio: false });
    const changes = pinChanges();
    const { el } = await viewer(roomID, 'muted', 'display:block;width:640px');
    await waitFor(() => el.streams[0]?.hasFrame === true, 15000, 'bob drawing');
    const carol = await presentScreen(roomID, 'carol');
    await waitFor(() => el.pinned === carol.streamID, 10000, 'the screen pinned');
    await el.updateComplete;
    const base = root(el).querySelector('[part=base]')!;
    expect([base.getAttribute('data-layout'), base.getAttribute('data-strip')]).to.deep.equal(['spotlight', 'below']);
    const screenTile = tileOf(el, carol.streamID)!;
    expect(screenTile.querySelector('[part=presenting]')!.textContent!.trim()).to.equal('carol is presenting');
    await waitFor(() => drawn(el), 10000, 'screen drawing');
    const [r, g, b] = meanColor(canvasOf(el, carol.streamID)!);
    expect(b, `the blue "screen" ${r},${g},${b}`).to.be.greaterThan(r + 60);

    // unpin with a real click on the pressed pin button: the grid, for good while this presentation goes on
    const pin = screenTile.querySelector<HTMLButtonElement>('[part=pin]')!;
    expect(pin.getAttribute('aria-label')).to.equal('Pin carol');
    expect(pin.title).to.equal('Unpin: back to the grid');
    await click(pin);
    await waitFor(() => el.pinned === '', 5000, 'unpinned');
    await el.updateComplete;
    expect(base.getAttribute('data-layout')).to.equal('grid');
    expect(pin.getAttribute('aria-pressed')).to.equal('false');
    expect(shownIDs(el)[0], 'the presentation leads the grid').to.equal(carol.streamID);
    await sleep(1000);
    expect(el.pinned, 'not pinned again').to.equal('');

    // pin bob with the keyboard: Enter, then Space unpins; the button keeps the focus as its tile moves
    const bobPin = tileOf(el, bob.streamID)!.querySelector<HTMLButtonElement>('[part=pin]')!;
    bobPin.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.pinned === bob.streamID, 5000, 'pinned by Enter');
    await el.updateComplete;
    expect(tileOf(el, bob.streamID)!.classList.contains('main')).to.equal(true);
    expect(bobPin.getAttribute('aria-pressed')).to.equal('true');
    expect(deepActive(), 'focus stays on the pin button').to.equal(bobPin);
    await sendKeys({ press: ' ' });
    await waitFor(() => el.pinned === '', 5000, 'unpinned by Space');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.pinned === bob.streamID, 5000, 'pinned again');

    bob.engine.logoutRoom(roomID);
    await waitFor(() => el.pinned === '', 10000, 'unpinned when bob left');
    expect(changes.map(({ streamID, reason }) => ({ streamID, reason }))).to.deep.equal([
      { streamID: carol.streamID, reason: 'presenting' },
      { streamID: null, reason: 'user' },
      { streamID: bob.streamID, reason: 'user' },
      { streamID: null, reason: 'user' },
      { streamID: bob.streamID, reason: 'user' },
      { streamID: null, reason: 'gone' },
    ]);
  });

  it('pin() and `pinned` from the page fire nothing; a new presentation takes over and gives the pin back; layout="grid" and double-click', async () => {
    const roomID = uniqueRoom('rp');
    const bob = await publish(roomID, 'bob', { audio: false });
    const dave = await publish(roomID, 'dave', { audio: false });
    const changes = pinChanges();
    const { el } = await viewer(roomID, 'muted', 'display:block;width:640px');
    await waitFor(() => el.streams.length === 2, 15000, 'two tiles');
    el.pin(dave.streamID);
    await el.updateComplete;
    expect(tileOf(el, dave.streamID)!.classList.contains('main')).to.equal(true);
    expect(changes, 'the page set it').to.have.length(0);

    const carol = await presentScreen(roomID, 'carol');
    await waitFor(() => el.pinned === carol.streamID, 10000, 'the presentation over the pin');
    carol.engine.stopPublishingStream(carol.streamID);
    await waitFor(() => el.pinned === dave.streamID, 10000, 'the pin given back');
    expect(changes.map(({ streamID, reason }) => ({ streamID, reason }))).to.deep.equal([
      { streamID: carol.streamID, reason: 'presenting' },
      { streamID: dave.streamID, reason: 'gone' },
    ]);

    el.unpin();
    el.layout = 'grid';
    await el.updateComplete;
    const tile = tileOf(el, bob.streamID)!;
    tile.querySelector('[part=label]')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await waitFor(() => el.pinned === bob.streamID, 5000, 'pinned by double-click');
    await el.updateComplete;
    expect(root(el).querySelector('[part=base]')!.getAttribute('data-layout'), 'layout="grid" stays a grid').to.equal('grid');
    expect(shownIDs(el)[0], 'the pinned tile first').to.equal(bob.streamID);
    el.layout = 'spotlight';
    el.unpin();
    await el.updateComplete;
    expect(root(el).querySelector('.tile.main'), 'spotlight without a pin: someone large').to.not.equal(null);
  });

  it('pages: 6 publishers on a phone-sized element, 4 a page; off-page streams keep their sound and receive no video; keyboard paging', async () => {
    const roomID = uniqueRoom('rg');
    const pubs: Publisher[] = [];
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve', 'fay']) pubs.push(await publish(roomID, name));
    const ids = pubs.map((p) => p.streamID);
    // no speaker is brought forward in this test: the threshold is out of reach
    const { el } = await viewer(roomID, 'muted speaking-threshold="1000"', 'display:block;width:390px');
    await waitFor(() => el.streams.length === 6 && el.streams.every((s) => s.state === 'playing'), 30000, 'six playing');
    await el.updateComplete;
    expect(el.pageCount).to.equal(2);
    expect(status(el)).to.equal('Page 1 of 2');
    await waitFor(() => shownIDs(el).length === 4, 5000, 'four tiles on the page');
    const first = shownIDs(el);
    expect(first).to.deep.equal(ids.slice(0, 4));
    const off = ids.slice(4);
    await waitFor(() => el.streams.filter((s) => s.offPage).length === 2, 5000, 'two off-page');
    expect(el.streams.filter((s) => s.offPage).map((s) => s.streamID)).to.deep.equal(off);
    for (const t of shownTiles(el)) {
      expect(box(t).bottom).to.be.at.most(box(el).bottom);
      expect(box(t).width / box(t).height).to.be.closeTo(16 / 9, 0.05);
    }

    await sleep(1000); // frames in flight when the pause reached the publishers
    let counts = await received(el, ids, 2000);
    for (const id of first) expect(counts.get(id)!.frames, `${id} on the page decodes`).to.be.greaterThan(10);
    for (const id of off) expect(counts.get(id)!.frames, `${id} off the page decodes nothing`).to.be.at.most(1);
    for (const id of ids) expect(counts.get(id)!.audioBytes, `${id} keeps its sound`).to.be.greaterThan(1000);
    expect((root(el).querySelector(`[data-stream-id="${off[0]}"] audio`) as HTMLAudioElement).paused, 'its <audio> plays').to.equal(false);

    // the next page by keyboard; the previous button is there but says it cannot go further back
    const prev = root(el).querySelector<HTMLButtonElement>('[part=page-prev]')!;
    const next = root(el).querySelector<HTMLButtonElement>('[part=page-next]')!;
    expect(prev.getAttribute('aria-disabled')).to.equal('true');
    expect(next.getAttribute('aria-label')).to.equal('Next page');
    next.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => status(el) === 'Page 2 of 2', 5000, 'page 2');
    expect(el.page).to.equal(2);
    expect(shownIDs(el)).to.deep.equal(off);
    expect(next.getAttribute('aria-disabled')).to.equal('true');
    expect(deepActive(), 'the focus stays in the pager').to.equal(next);
    await waitFor(() => off.every((id) => el.streams.find((s) => s.streamID === id)!.hasFrame), 10000, 'page 2 drawing again');
    await sleep(1000);
    counts = await received(el, ids, 2000);
    for (const id of off) expect(counts.get(id)!.frames, `${id} now on the page`).to.be.greaterThan(10);
    for (const id of first) expect(counts.get(id)!.frames, `${id} now off the page`).to.be.at.most(1);

    // a user pause is the viewer's own: it outlives paging
    await el.setVideoPaused(off[0], true);
    prev.focus();
    await sendKeys({ press: ' ' });
    await waitFor(() => status(el) === 'Page 1 of 2', 5000, 'page 1');
    next.click();
    await waitFor(() => status(el) === 'Page 2 of 2', 5000, 'page 2 again');
    await el.updateComplete;
    expect(el.streams.find((s) => s.streamID === off[0])!.videoPaused).to.equal(true);
    expect(tileOf(el, off[0])!.querySelector('[part=placeholder]')!.textContent).to.contain('Video paused for you');

    el.maxTiles = 6;
    await el.updateComplete;
    expect(root(el).querySelector('[part=pager]'), 'one page: no pager').to.equal(null);
    await waitFor(() => shownIDs(el).length === 6, 5000, 'all six shown');
    expect(el.streams.some((s) => s.offPage)).to.equal(false);
  });

  it('a speaker on another page is brought onto the first, and tiles do not dance', async () => {
    await sendMouse({ type: 'click', position: [2, 2] }); // the sound-level meter's AudioContext needs a gesture
    const roomID = uniqueRoom('rs');
    const pubs: Publisher[] = [];
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) pubs.push(await publish(roomID, name, { audio: false }));
    const speaker = await publish(roomID, 'sam');
    const { el } = await viewer(roomID, 'muted max-tiles="4" speaking-threshold="0.5"', 'display:block;width:640px');
    await waitFor(() => el.streams.length === 6 && el.streams.every((s) => s.state === 'playing'), 30000, 'six playing');
    await waitFor(() => el.activeSpeaker === speaker.streamID, 15000, 'sam speaks');
    await waitFor(() => shownIDs(el).includes(speaker.streamID), 8000, 'sam brought onto the first page');
    expect(status(el)).to.equal('Page 1 of 2');
    expect(shownIDs(el)).to.have.length(4);
    const placed = shownIDs(el).join();
    await sleep(6000);
    expect(shownIDs(el).join(), 'the same tiles in the same places').to.equal(placed);
    expect(el.streams.find((s) => s.streamID === speaker.streamID)!.offPage).to.equal(false);
  });

  it('a tile whose video stopped arriving says "Reconnecting…" and its bars say unknown; frames coming back clear it; a camera turned off is not a stall', async () => {
    const roomID = uniqueRoom('rt');
    const a = await publish(roomID, 'alice', { audio: false });
    const { el } = await viewer(roomID, 'muted', 'display:block;width:640px');
    await waitFor(() => (el.getFrameInfo(a.streamID)?.frameCounter ?? 0) > 5, 15000, 'drawing');
    const tile = tileOf(el, a.streamID)!;
    const placeholder = tile.querySelector('[part=placeholder]')!;
    await waitFor(
      () => /^Network quality: (excellent|good|fair)/.test(tile.querySelector('[part=quality]')!.getAttribute('aria-label')!),
      10000,
      'bars',
    );

    // a canvas nobody draws: the stream stays listed, its camera "on", and no frame comes. Firefox's captureStream
    // still makes about one frame a second of such a canvas (Chromium makes none): there the publisher's video
    // encoding is paused instead, so that no frame goes out, as when the network drops them (alice is the second
    // page's only publisher: the other tests' engines are destroyed, their connections closed)
    const senders = isFirefox
      ? trackLiveObjects(page!.win)
          .peerConnections()
          .flatMap((pc) => pc.getSenders())
          .filter((s) => s.track?.kind === 'video')
      : [];
    const encoding = async (active: boolean) => {
      for (const sender of senders) {
        const params = sender.getParameters();
        params.encodings.forEach((e) => (e.active = active));
        await sender.setParameters(params);
      }
    };
    if (isFirefox) {
      expect(senders, "the publisher's video sender").to.have.length.above(0);
      await encoding(false);
    } else {
      const still = page!.win.document.createElement('canvas');
      await a.engine.replaceTrack(a.stream as never, still.captureStream(15).getVideoTracks()[0]);
    }
    const stopped = performance.now();
    await waitFor(() => tile.hasAttribute('data-stalled'), 6000, 'stalled');
    expect(performance.now() - stopped, 'after ~2 s without frames').to.be.within(1500, 4500);
    expect(visible(placeholder)).to.equal(true);
    expect(placeholder.textContent).to.contain('Reconnecting…');
    expect(tile.querySelector('[part=quality]')!.getAttribute('aria-label')).to.equal('Network quality: unknown');
    expect(tile.querySelector('[part=quality]')!.getAttribute('data-bars')).to.equal('0');
    expect(el.streams[0].stalled).to.equal(true);

    const { track } = paintedCanvas('#c02020', 320, 240);
    await encoding(true);
    await a.engine.replaceTrack(a.stream as never, track);
    await waitFor(() => !tile.hasAttribute('data-stalled') && !visible(placeholder), 8000, 'picture back');
    const [r, g] = meanColor(canvasOf(el, a.streamID)!);
    expect(r, 'the new frames are shown').to.be.greaterThan(g + 40);

    a.engine.mutePublishStreamVideo(a.stream as never, true);
    await waitFor(() => el.streams[0].cameraMuted, 10000, 'camera off');
    await sleep(3000);
    expect(el.streams[0].stalled, 'camera off is not a stall').to.equal(false);
    expect(placeholder.textContent).to.contain('Camera off');
  });

  it('fits its page with no CSS: 16:9 of its width, never taller than the viewport or its container; the empty stage fills it, readable light and dark', async () => {
    const holder = await fixture<HTMLDivElement>(`<div>
      <div id="a" style="width:640px"><zego-remote-videos></zego-remote-videos></div>
      <div id="b" style="width:900px;height:200px"><zego-remote-videos></zego-remote-videos></div>
      <div id="c" style="width:${innerWidth * 3}px"><zego-remote-videos></zego-remote-videos></div>
      <div id="d" style="width:600px"><zego-remote-videos style="height:120px"></zego-remote-videos></div>
    </div>`);
    const [a, b, c, d] = [...holder.querySelectorAll('zego-remote-videos')];
    await waitFor(() => !!a.shadowRoot!.querySelector('[part=empty]'), 5000, 'empty stage');
    expect([box(a).width, box(a).height]).to.deep.equal([640, 360]);
    expect(box(b).height, 'its container').to.equal(200);
    expect(box(c).height, 'the viewport').to.be.at.most(innerHeight);
    expect([box(d).width, box(d).height], 'the page’s height, the container’s width').to.deep.equal([600, 120]);
    const empty = a.shadowRoot!.querySelector('[part=empty]')!;
    expect(empty.textContent).to.equal('Not in the call');
    const eb = box(empty);
    expect([eb.width, eb.height]).to.deep.equal([640, 360]);
    const text = document.createRange();
    text.selectNodeContents(empty);
    const tb = text.getBoundingClientRect();
    expect(tb.left + tb.width / 2, 'centered').to.be.closeTo(eb.left + eb.width / 2, 2);
    expect(tb.top + tb.height / 2).to.be.closeTo(eb.top + eb.height / 2, 2);
    for (const scheme of ['light', 'dark'] as const) {
      await colorScheme(scheme);
      expect(contrast(empty, scheme === 'dark' ? [18, 18, 18] : [255, 255, 255]), scheme).to.be.at.least(4.5);
    }
    await colorScheme('light');
  });

  it('is accessible with a presentation and with pages, in English and Chinese', async () => {
    const roomID = uniqueRoom('ra');
    await publish(roomID, 'bob', { audio: false });
    await publish(roomID, 'dan', { audio: false });
    await presentScreen(roomID, 'carol');
    const { el } = await viewer(roomID, 'muted max-tiles="2"', 'display:block;width:640px', 'zh');
    await waitFor(() => el.pinned === 'carol-screen' && el.streams.length === 3, 15000, 'presenting');
    await el.updateComplete;
    expect(tileOf(el, 'carol-screen')!.querySelector('[part=presenting]')!.textContent!.trim()).to.equal('carol 正在共享屏幕');
    expect(tileOf(el, 'carol-screen')!.querySelector('[part=pin]')!.getAttribute('aria-label')).to.equal('固定 carol');
    await expect(el).to.be.accessible();
    el.unpin();
    await el.updateComplete;
    expect(status(el)).to.equal('第 1 页，共 2 页');
    expect(root(el).querySelector('[part=page-next]')!.getAttribute('aria-label')).to.equal('下一页');
    await expect(el).to.be.accessible();
  });

  it('removal while paged and presenting leaves no frame callback, peer connection or timer behind', async () => {
    const baseline = VideoRenderer.liveCallbacks;
    const roomID = uniqueRoom('rl');
    await publish(roomID, 'bob', { audio: false });
    await publish(roomID, 'dan', { audio: false });
    await presentScreen(roomID, 'carol');
    const { room, el } = await viewer(roomID, 'muted max-tiles="1"', 'display:block;width:640px');
    await waitFor(() => el.pinned === 'carol-screen' && el.streams.every((s) => s.state === 'playing'), 15000, 'playing');
    expect(el.pageCount).to.equal(2);
    const timers = { set: 0, cleared: 0 };
    const [setI, clearI] = [window.setInterval, window.clearInterval];
    window.setInterval = ((fn: TimerHandler, ms?: number) => (timers.set++, setI(fn, ms))) as typeof setInterval;
    window.clearInterval = ((id?: number) => (timers.cleared++, clearI(id))) as typeof clearInterval;
    try {
      el.remove();
      await sleep(100);
      expect(timers.cleared, 'the frame watch ended').to.be.at.least(1);
      expect(VideoRenderer.liveCallbacks).to.equal(baseline);
      await waitFor(() => live.livePeerConnections() === 0, 5000, 'plays closed');
      expect(room.engine).to.not.equal(undefined);
    } finally {
      window.setInterval = setI;
      window.clearInterval = clearI;
    }
  });

  it('looks right: a presentation and a paged grid at 1280x800 and 390x844, light and dark (screenshots)', async () => {
    const roomID = uniqueRoom('rshot');
    for (const [name, userName] of [
      ['bob', 'Bob Marley'],
      ['dan', 'Dan Brown'],
      ['eve', 'Eve Online'],
      ['fay', 'Fay Wray'],
      ['gus', 'Gus Grissom'],
    ])
      await publish(roomID, name, { userName, audio: false });
    const carol = await presentScreen(roomID, 'carol');
    try {
      for (const [width, height, phone] of [
        [1280, 800, false],
        [390, 844, true],
      ] as const) {
        await setViewport({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          await colorScheme(scheme);
          const bg = scheme === 'dark' ? '#121212' : '#ffffff';
          const { room, el } = await viewer(
            roomID,
            `muted ${phone ? 'style="height:70vh"' : ''}`,
            `display:block;width:100%;box-sizing:border-box;padding:12px;background:${bg};color-scheme:${scheme}`,
          );
          document.body.style.margin = '0';
          await waitFor(() => el.pinned === carol.streamID && el.streams.length === 6 && drawn(el), 20000, 'all drawing');
          for (const t of shownTiles(el)) expect(box(t).bottom, 'inside the element').to.be.at.most(box(el).bottom + 0.5);
          await screenshot(`presenting-${width}x${height}-${scheme}`, room);
          el.unpin();
          el.maxTiles = 4;
          await el.updateComplete;
          await waitFor(() => drawn(el), 10000, 'page drawing');
          expect(status(el)).to.equal('Page 1 of 2');
          const pager = root(el).querySelector('[part=pager]')!;
          for (const node of [root(el).querySelector('[part=page-status]')!]) expect(contrast(node, [0, 0, 0])).to.be.at.least(4.5);
          expect(box(pager).bottom).to.be.at.most(box(el).bottom);
          await screenshot(`grid-paged-${width}x${height}-${scheme}`, room);
          fixtureCleanup();
        }
      }
    } finally {
      document.body.style.margin = '';
      await colorScheme('light');
      await setViewport({ width: 800, height: 600 });
    }
  });
});
