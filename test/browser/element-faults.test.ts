// Faults at the element level (issue 6): what a person sees in <zego-room>, <zego-local-video> and
// <zego-remote-videos> (the `state` attribute, the status line, tiles, canvas pixels) when the page churns the
// room, a second tab takes the same user ID, a token runs out, the room server restarts, the camera is unplugged,
// and after many calls in one page. The engine- and server-level cases are in engine-room, hostile-engine and the
// Node tests.
//
// Other participants are plain engines in a second page (`secondPage()`: its own media, channels and live-object
// counts), or <zego-room> elements in a page of their own (fixtures/room-frame.html), so that this page's counts of
// peer connections and tracks are the elements' alone.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import type { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import type { ZegoEngineEvent, ZegoErrorEvent } from '../../src/room/events.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { canvasChange, nextEvent, pictureChange, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';
import { isFirefox } from './browser.js';

/** A fixed ServerSecret: tokens signed before a restart stay valid after it. */
const SECRET = 'fa94dd0f974cf2e293728a526b028271';

interface Started {
  url: string;
  wsUrl: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const frame = () => new Promise((r) => requestAnimationFrame(r));

// Every peer connection and capture track of this page, from here on.
const objects = trackLiveObjects(window);

// ------------------------------------------------------------------------------------------------ pages and peers

type PeerPage = Awaited<ReturnType<typeof secondPage>>;
let peerPage: PeerPage | undefined;
const engines: ZegoLocalEngine[] = [];
const cleanups: Array<() => unknown> = [];
const servers: string[] = [];

/** Where an iframe sits so that what it shows is on screen (renderers pause off screen). */
const ON_SCREEN = 'position:fixed;right:0;bottom:0;width:360px;height:300px;border:0;z-index:1';

/** The shared second page of plain engines, kept on screen. */
async function peers(): Promise<PeerPage> {
  if (!peerPage) {
    peerPage = await secondPage();
    (peerPage.win.frameElement as HTMLElement).style.cssText = `${ON_SCREEN};width:200px;height:150px`;
    trackLiveObjects(peerPage.win);
  }
  return peerPage;
}

/** Who and what a plain engine sees in its room, kept current from its own callbacks (subscribe before login). */
function roster(engine: ZegoLocalEngine) {
  const users = new Set<string>();
  const streams = new Set<string>();
  engine.on('roomUserUpdate', (_r, type, list) => list.forEach((u) => (type === 'ADD' ? users.add(u.userID) : users.delete(u.userID))));
  engine.on('roomStreamUpdate', (_r, type, list) =>
    list.forEach((s) => (type === 'ADD' ? streams.add(s.streamID) : streams.delete(s.streamID))),
  );
  return { users, streams };
}

/** A participant as a plain engine in the second page: logged in, watching the roster, publishing if asked. */
async function participant(roomID: string, userID: string, opts: { server?: string; token?: string; publish?: boolean } = {}) {
  const page = await peers();
  const engine = new page.Engine(1, opts.server ?? '') as ZegoLocalEngine;
  engines.push(engine);
  const seen = roster(engine);
  await engine.loginRoom(roomID, opts.token ?? 'local', { userID, userName: userID }, { userUpdate: true });
  const streamID = `${userID}-cam`;
  if (opts.publish) {
    const local = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === streamID && r.state === 'PUBLISHING');
    engine.startPublishingStream(streamID, local as never);
    await publishing;
  }
  return { engine, streamID, ...seen };
}

/** A page of its own with <zego-room> defined (fixtures/room-frame.html), on screen. */
async function roomPage() {
  const iframe = document.createElement('iframe');
  iframe.src = new URL('./fixtures/room-frame.html', import.meta.url).href;
  iframe.allow = 'camera; microphone; autoplay';
  iframe.style.cssText = ON_SCREEN;
  document.body.append(iframe);
  const win = iframe.contentWindow as Window & typeof globalThis & { roomReady?: boolean };
  await waitFor(() => !!win.roomReady, 15000, 'room page');
  cleanups.push(() => iframe.remove());
  return { win, doc: win.document };
}

async function startServer(name: string, options: Record<string, unknown>): Promise<Started> {
  servers.push(name);
  return (await executeServerCommand('room-server', { action: 'start', name, options })) as Started;
}

/** A Token04 signed in Node with SECRET (a business server's job). */
const signed = (userID: string, roomID: string, ttl: number) =>
  (
    executeServerCommand('room-server', { action: 'token', token: { appID: 1, userID, secret: SECRET, ttl, roomID } }) as Promise<{
      token: string;
    }>
  ).then((r) => r.token);

afterEach(async () => {
  fixtureCleanup();
  while (cleanups.length) await cleanups.pop()!();
  while (engines.length) engines.pop()!.destroyEngine();
  while (servers.length) await executeServerCommand('room-server', { action: 'stop', name: servers.pop() });
  await sleep(50); // removal is final one task later; sessions of destroyed engines leave the room core at once
});

after(() => peerPage?.close());

// ------------------------------------------------------------------------------------------------ what people see

const localOf = (room: Element) => room.querySelector('zego-local-video') as ZegoLocalVideoElement;
const remoteOf = (room: Element) => room.querySelector('zego-remote-videos') as ZegoRemoteVideosElement;
const statusOf = (room: ZegoRoomElement) => room.shadowRoot!.querySelector('[part=status]')!.textContent!.trim();
const tileCanvas = (remote: Element, streamID: string) =>
  remote.shadowRoot!.querySelector<HTMLCanvasElement>(`[part~=tile][data-stream-id="${streamID}"] canvas[part=video]`);
const visible = (el: Element | null | undefined) => !!el && (el as HTMLElement).checkVisibility({ visibilityProperty: true });

/**
 * A moving picture, as a tile shows it: Chromium's fake camera moves a pattern every frame (many pixels change);
 * Firefox's is one slowly drifting colour plus a strip of time digits (about 0.5% of a tile's pixels), whose colour
 * may not visibly move for several seconds, so there the digits changing is the sign.
 */
const MOVED = isFirefox ? 0.002 : 0.01;

/** Waits until the tile of `streamID` keeps presenting new pictures: its frame counter grows and its pixels change. */
async function tileMoving(remote: Element, streamID: string, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = 0;
  let frames = 0;
  const counter = () => (remote as ZegoRemoteVideosElement).getFrameInfo(streamID)?.frameCounter ?? 0;
  while (Date.now() < end) {
    const canvas = tileCanvas(remote, streamID);
    const before = counter();
    if (canvas && visible(canvas) && canvas.width > 0) {
      last = await canvasChange(canvas, 300, canvas.width, canvas.height, MOVED);
      frames = counter() - before;
      if (last > MOVED && frames >= 3) return;
    }
    await sleep(100);
  }
  throw new Error(`the tile of ${streamID} shows no moving picture (last change ${last}, ${frames} new frames)`);
}

/** Uncaught errors and unhandled rejections in these windows from now on. */
function uncaught(...wins: Window[]) {
  const seen: string[] = [];
  const onError = (e: ErrorEvent) => seen.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) =>
    seen.push(`unhandled rejection: ${(e.reason as Error)?.message ?? JSON.stringify(e.reason)}`);
  for (const w of wins) {
    w.addEventListener('error', onError);
    w.addEventListener('unhandledrejection', onRejection);
  }
  cleanups.push(() =>
    wins.forEach((w) => {
      w.removeEventListener('error', onError);
      w.removeEventListener('unhandledrejection', onRejection);
    }),
  );
  return seen;
}

/** Every event `type` reaching `target` from now on (until the test ends). */
function record<T extends Event>(target: EventTarget, type: string): T[] {
  const log: T[] = [];
  const on = (e: Event) => log.push(e as T);
  target.addEventListener(type, on);
  cleanups.push(() => target.removeEventListener(type, on));
  return log;
}

/** Every value the `state` attribute of `el` takes from now on. */
function stateTrail(el: Element): string[] {
  const trail: string[] = [];
  const observer = new MutationObserver(() => {
    const s = el.getAttribute('state') ?? '';
    if (trail.at(-1) !== s) trail.push(s);
  });
  observer.observe(el, { attributes: true, attributeFilter: ['state'] });
  cleanups.push(() => observer.disconnect());
  return trail;
}

const reasonOf = (e: Event) => (e as ZegoEngineEvent<'roomStateChanged'>).detail.reason;

/** The page's counts before a test: nothing from earlier tests, and the frame callbacks to come back to. */
async function cleanBaseline() {
  await waitFor(() => objects.livePeerConnections() === 0 && objects.liveTracks() === 0, 10000, 'nothing left from earlier tests');
  return { callbacks: VideoRenderer.liveCallbacks };
}

async function leavesNothing(baseline: { callbacks: number }) {
  await waitFor(() => objects.livePeerConnections() === 0, 10000, `peer connections closed (${objects.livePeerConnections()} live)`);
  await waitFor(
    () => objects.liveTracks() === 0,
    10000,
    `tracks ended (${objects.liveTracks()} live, ${objects.liveCaptureTracks()} captures)`,
  );
  await waitFor(
    () => VideoRenderer.liveCallbacks === baseline.callbacks,
    5000,
    `frame callbacks back to ${baseline.callbacks} (${VideoRenderer.liveCallbacks})`,
  );
}

// ------------------------------------------------------------------------------------------------ the cases

describe('element faults', function () {
  this.timeout(45000);

  it('<zego-room> removed and re-added 100 times quickly: one session publishing one stream, then nothing left', async function () {
    this.timeout(90000);
    const baseline = await cleanBaseline();
    const roomID = uniqueRoom('again');
    const watcher = await participant(roomID, 'watcher', { publish: true });
    const errors = uncaught(window, (await peers()).win);
    const holder = await fixture<HTMLDivElement>(html`<div style="width:320px">
      <zego-room server="" room-id=${roomID} user-id="alice" user-name="Alice">
        <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
        <zego-remote-videos></zego-remote-videos>
      </zego-room>
    </div>`);
    const room = holder.querySelector('zego-room')!;
    const changes = record<ZegoEngineEvent<'roomStateChanged'>>(document, 'zego-room-state-changed');
    const pauses = [() => Promise.resolve(), frame, () => sleep(0)];
    const enginesSeen = new Set<unknown>();
    for (let i = 0; i < 100; i++) {
      room.remove();
      await pauses[i % 3]();
      holder.append(room);
      await pauses[(i + 1) % 3]();
      enginesSeen.add(room.engine);
    }
    // removals that lasted past a task tore the room down: each came back with a new engine
    expect(enginesSeen.size, 'engines made by the churn').to.be.greaterThan(20);
    const local = localOf(room);
    await waitFor(() => room.state === 'connected', 15000, `connected (state ${room.state})`);
    await waitFor(() => local.state === 'live' && !!local.streamID, 15000, `publishing (local state ${local.state})`);
    await waitFor(() => watcher.streams.has(local.streamID!), 15000, 'the watcher sees the stream');
    await tileMoving(remoteOf(room), watcher.streamID);
    await sleep(1000); // a session or publication left over by a cycle would show up by now
    expect([...watcher.users], 'users the watcher sees').to.deep.equal(['alice']);
    expect([...watcher.streams], 'streams the watcher sees').to.deep.equal([local.streamID]);
    expect(local.streamID).to.equal('alice-main');
    expect(room.state).to.equal('connected');
    expect(statusOf(room)).to.equal(`In ${roomID} as Alice`);
    expect(
      await pictureChange(await watcher.engine.startPlayingStream(local.streamID!), 400, (await peers()).win.document),
    ).to.be.greaterThan(0.01);
    // one capture (the stream shown and published), one connection sending it, one receiving the watcher's
    expect(objects.liveCaptureTracks()).to.equal(local.localStream!.stream!.getTracks().length);
    expect(objects.livePeerConnections()).to.equal(2);
    expect(remoteOf(room).streams.map((s) => s.streamID)).to.deep.equal([watcher.streamID]);
    expect(changes.filter((e) => ['KICKOUT', 'LOGIN_FAILED'].includes(reasonOf(e))).map(reasonOf)).to.deep.equal([]);

    const left = nextEvent(watcher.engine, 'roomUserUpdate', (_r, type) => type === 'DELETE');
    holder.remove();
    await left;
    await leavesNothing(baseline);
    expect(watcher.users.size + watcher.streams.size, 'the watcher alone in the room').to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('room-id changed 20 times within one second: one session in the last room, its stream published there, nobody left behind', async function () {
    this.timeout(60000);
    const baseline = await cleanBaseline();
    const rooms = Array.from({ length: 20 }, () => uniqueRoom('hop'));
    const observers = await Promise.all(rooms.map((r, i) => participant(r, `observer${i}`)));
    const errors = uncaught(window, (await peers()).win);
    const room =
      await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${rooms[0]} user-id="alice" style="display:block;width:320px">
      <zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video>
    </zego-room>`);
    const started = performance.now();
    for (let i = 1; i < rooms.length; i++) {
      room.roomID = rooms[i];
      // some changes in the same task, most a few tens of milliseconds apart (mid-login, mid-publish)
      if (i % 4) await sleep(40);
    }
    expect(performance.now() - started, 'all changes within one second').to.be.below(1000);
    const last = observers.at(-1)!;
    const local = localOf(room);
    await waitFor(() => room.state === 'connected' && room.snapshot.roomID === rooms.at(-1), 15000, 'the last room');
    await waitFor(() => last.users.has('alice') && last.streams.has('alice-main'), 15000, 'alice and her stream in the last room');
    await sleep(1500);
    expect([...last.users]).to.deep.equal(['alice']);
    expect([...last.streams]).to.deep.equal(['alice-main']);
    expect(local.streamID).to.equal('alice-main');
    const left = observers.slice(0, -1).filter((o) => o.users.size || o.streams.size);
    expect(
      left.map((o) => [...o.users, ...o.streams]),
      'users or streams left in earlier rooms',
    ).to.deep.equal([]);
    expect(statusOf(room)).to.equal(`In ${rooms.at(-1)} as alice`);
    expect(await pictureChange(await last.engine.startPlayingStream('alice-main'), 400, (await peers()).win.document)).to.be.greaterThan(
      0.01,
    );
    expect(objects.liveCaptureTracks(), 'one capture').to.equal(1);
    room.remove();
    await leavesNothing(baseline);
    expect(errors).to.deep.equal([]);
  });

  it('the same user ID in a second page: the older room is kicked out, says so, and stays out', async () => {
    const roomID = uniqueRoom('same');
    const watcher = await participant(roomID, 'watcher');
    const changes = record<ZegoEngineEvent<'roomStateChanged'>>(document, 'zego-room-state-changed');
    const older =
      await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="sam" user-name="Sam" style="display:block;width:320px">
      <zego-local-video publish stream-id="sam-main" quality="1" no-audio></zego-local-video>
    </zego-room>`);
    await waitFor(() => watcher.streams.has('sam-main'), 15000, 'the older page publishing');
    const olderEvents = record<ZegoEngineEvent<'roomStateChanged'>>(older, 'zego-room-state-changed');
    const trail = stateTrail(older);

    const page = await roomPage();
    const newer = page.doc.createElement('zego-room') as ZegoRoomElement;
    newer.setAttribute('server', '');
    newer.setAttribute('room-id', roomID);
    newer.setAttribute('user-id', 'sam');
    newer.setAttribute('user-name', 'Sam elsewhere');
    page.doc.body.append(newer);

    await waitFor(() => changes.some((x) => reasonOf(x) === 'KICKOUT'), 10000, 'KICKOUT on document');
    const e = changes.find((x) => reasonOf(x) === 'KICKOUT')!;
    expect(e.target).to.equal(older);
    expect(e.detail).to.include({ roomID, reason: 'KICKOUT', errorCode: 1002050 });
    await waitFor(() => newer.state === 'connected', 10000, 'the newer page connected');
    await older.updateComplete;
    expect(older.getAttribute('state')).to.equal('failed');
    const status = older.shadowRoot!.querySelector('[part=status]')!;
    expect(visible(status)).to.equal(true);
    expect(status.textContent).to.equal('Left the room: you joined it from another tab or device');
    older.lang = 'zh-CN';
    older.requestUpdate();
    await older.updateComplete;
    expect(status.textContent).to.equal('已离开房间：你在其他标签页或设备上加入了该房间');
    // stays out: no automatic re-login that would kick the newer page in turn
    await sleep(2000);
    expect(olderEvents.map(reasonOf)).to.deep.equal(['KICKOUT']);
    expect(trail).to.deep.equal(['failed']);
    expect(newer.state).to.equal('connected');
    expect([...watcher.users]).to.deep.equal(['sam']);
    expect(watcher.streams.has('sam-main'), "the older page's stream went with it").to.equal(false);
    newer.remove();
  });

  describe('a token expiring mid-call', () => {
    /** A room with both elements and a publisher on `server`; resolves once the publisher's tile moves. */
    async function call(server: Started, roomID: string, attrs: { token?: string; tokenURL?: string }) {
      const bob = await participant(roomID, 'bob', { server: server.wsUrl, token: await signed('bob', roomID, 3600), publish: true });
      const room = await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${roomID} user-id="alice"
        token=${attrs.token ?? ''} token-url=${attrs.tokenURL ?? ''} style="display:block;width:320px">
        <zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video>
        <zego-remote-videos></zego-remote-videos>
      </zego-room>`);
      return { bob, room };
    }

    it('with token-url: the element renews by itself and the call goes on', async () => {
      const server = await startServer('expiry-url', { secret: SECRET, appID: 1, dev: true });
      const roomID = uniqueRoom('ttl');
      const expiring = record<ZegoEngineEvent<'tokenWillExpire'>>(document, 'zego-token-will-expire');
      // 31 s tokens: tokenWillExpire comes 30 s before expiry, about a second after each token
      const { bob, room } = await call(server, roomID, { tokenURL: `${server.url}/token?ttl=31` });
      await waitFor(() => room.state === 'connected', 10000, 'connected');
      const states = record<ZegoEngineEvent<'roomStateChanged'>>(room, 'zego-room-state-changed');
      const tokenFetches = () => performance.getEntriesByType('resource').filter((r) => r.name.startsWith(`${server.url}/token`)).length;
      await waitFor(() => expiring.length >= 1, 10000, 'zego-token-will-expire');
      expect(expiring[0].detail).to.deep.equal({ roomID });
      // renewed: a second token fetched, and the engine, holding it, announces its expiry in turn
      await waitFor(() => tokenFetches() >= 2 && expiring.length >= 2, 10000, 'a renewal');
      await tileMoving(remoteOf(room), bob.streamID);
      expect(room.state).to.equal('connected');
      expect(states.map(reasonOf), 'no re-login').to.deep.equal([]);
      expect(bob.users.has('alice') && bob.streams.has('alice-main')).to.equal(true);
    });

    it('without token-url: zego-token-will-expire reaches the page, which sets a new token, and the call goes on', async () => {
      const server = await startServer('expiry-attr', { secret: SECRET, appID: 1 });
      const roomID = uniqueRoom('ttl');
      const expiring = record<ZegoEngineEvent<'tokenWillExpire'>>(document, 'zego-token-will-expire');
      const errors = record<ZegoErrorEvent>(document, 'zego-error');
      const { bob, room } = await call(server, roomID, { token: await signed('alice', roomID, 31) });
      await waitFor(() => room.state === 'connected', 10000, 'connected');
      const states = record<ZegoEngineEvent<'roomStateChanged'>>(room, 'zego-room-state-changed');
      await waitFor(() => expiring.length === 1, 10000, 'zego-token-will-expire');
      expect(expiring[0].detail).to.deep.equal({ roomID });
      expect(expiring[0].target).to.equal(room);
      // the page's answer, as a property: renewed in place
      room.token = await signed('alice', roomID, 31);
      await waitFor(() => expiring.length === 2, 10000, 'the renewed token announcing its own expiry');
      // and through renewToken()
      expect(room.renewToken(await signed('alice', roomID, 3600))).to.equal(true);
      await tileMoving(remoteOf(room), bob.streamID);
      await sleep(1500);
      expect(expiring.length, 'a one-hour token is quiet').to.equal(2);
      expect(room.state).to.equal('connected');
      expect(states.map(reasonOf), 'no re-login').to.deep.equal([]);
      expect(errors.map((e) => e.detail)).to.deep.equal([]);
      expect(bob.users.has('alice') && bob.streams.has('alice-main')).to.equal(true);
    });
  });

  it('room server killed mid-call and restarted: reconnecting, then connected, video moving, the chat message delivered or refused', async () => {
    const server = await startServer('restart', { secret: SECRET, appID: 1, dev: true });
    const roomID = uniqueRoom('down');
    const bob = await participant(roomID, 'bob', { server: server.wsUrl, token: await signed('bob', roomID, 3600), publish: true });
    const errors = uncaught(window, (await peers()).win);
    // no token attribute: a dev room server gives the element its tokens
    const room =
      await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${roomID} user-id="alice" style="display:block;width:320px">
      <zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video>
      <zego-remote-videos></zego-remote-videos>
    </zego-room>`);
    const remote = remoteOf(room);
    await waitFor(() => room.state === 'connected', 10000, 'connected');
    await waitFor(() => bob.streams.has('alice-main'), 10000, 'alice publishing');
    await tileMoving(remote, bob.streamID);
    const trail = stateTrail(room);

    const restarted = executeServerCommand('room-server', { action: 'restart', name: 'restart', downMs: 2500 });
    await waitFor(() => room.state === 'reconnecting', 10000, 'reconnecting');
    await room.updateComplete;
    expect(statusOf(room)).to.equal('Reconnecting…');
    // media goes peer to peer: the picture keeps moving while signalling is down
    await tileMoving(remote, bob.streamID, 3000);
    const received = new Promise<string>((resolve) => bob.engine.on('IMRecvBroadcastMessage', (_r, list) => resolve(list[0].message)));
    const sent = room.sendBroadcastMessage('sent while down').then(
      (r) => ({ code: r.errorCode }),
      (e: { code?: number; errorCode?: number }) => ({ code: e?.code ?? e?.errorCode, refused: true }),
    );
    await restarted;
    await waitFor(() => room.state === 'connected', 20000, 'connected again');
    const outcome = await sent;
    if ('refused' in outcome) {
      expect(outcome.code, 'a refusal carries a code').to.be.a('number').and.not.equal(0);
    } else {
      expect(outcome.code).to.equal(0);
      expect(await Promise.race([received, sleep(10000).then(() => 'not delivered')])).to.equal('sent while down');
    }
    expect(trail).to.deep.equal(['reconnecting', 'connected']);
    await room.updateComplete;
    expect(statusOf(room)).to.equal(`In ${roomID} as alice`);
    await tileMoving(remote, bob.streamID);
    expect(remote.streams.map((s) => [s.streamID, s.state])).to.deep.equal([[bob.streamID, 'playing']]);
    await waitFor(() => bob.streams.has('alice-main') && bob.users.has('alice'), 10000, 'alice in the room again for bob');
    expect(errors).to.deep.equal([]);
  });

  it('camera unplugged mid-call: zego-error 1106010 and a visible state, the other side keeps the room; a returning device republishes', async () => {
    const roomID = uniqueRoom('cam');
    const page = await roomPage();
    const bobRoom = page.doc.createElement('zego-room') as ZegoRoomElement;
    bobRoom.setAttribute('server', '');
    bobRoom.setAttribute('room-id', roomID);
    bobRoom.setAttribute('user-id', 'bob');
    bobRoom.setAttribute('hide-status', '');
    bobRoom.style.cssText = 'display:block;width:320px';
    const bobRemote = page.doc.createElement('zego-remote-videos') as ZegoRemoteVideosElement;
    bobRoom.append(bobRemote);
    page.doc.body.append(bobRoom);
    await waitFor(() => bobRoom.state === 'connected', 10000, "bob's room connected");
    const bobTrail = stateTrail(bobRoom);

    const room =
      await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice" style="display:block;width:320px">
      <zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video>
    </zego-room>`);
    const local = localOf(room);
    await waitFor(() => local.streamID === 'alice-main', 15000, 'publishing');
    await tileMoving(bobRemote, 'alice-main');
    const errors = record<ZegoErrorEvent>(document, 'zego-error');

    const track = local.localStream!.stream!.getVideoTracks()[0];
    track.stop(); // stop() fires no 'ended': an unplugged camera does
    track.dispatchEvent(new Event('ended'));
    await waitFor(() => local.state === 'device-lost', 5000, 'device-lost');
    expect(errors.map((e) => [e.detail.code, e.detail.source])).to.deep.equal([[1106010, 'camera']]);
    await local.updateComplete;
    expect(local.getAttribute('state')).to.equal('device-lost');
    const state = local.shadowRoot!.querySelector('[part~=state]');
    expect(visible(state)).to.equal(true);
    expect(state!.textContent).to.contain('Camera or microphone disconnected');
    expect(visible(local.shadowRoot!.querySelector('[part~=retry]'))).to.equal(true);
    await sleep(500);
    expect(room.state).to.equal('connected');
    expect(bobRoom.state).to.equal('connected');
    expect(
      bobRoom.snapshot.users.map((u) => u.userID),
      'bob still sees alice',
    ).to.deep.equal(['alice']);

    navigator.mediaDevices.dispatchEvent(new Event('devicechange')); // the camera is plugged in again
    await waitFor(() => local.state === 'live' && local.streamID === 'alice-main', 10000, `live again (state ${local.state})`);
    expect(local.localStream!.stream!.getVideoTracks()[0].readyState).to.equal('live');
    await tileMoving(bobRemote, 'alice-main');
    expect(bobRemote.streams.map((s) => s.streamID)).to.deep.equal(['alice-main']);
    expect(bobTrail, "bob's room never left").to.deep.equal([]);
    await waitFor(() => objects.liveCaptureTracks() === 1, 5000, `one camera track, the new one (${objects.liveCaptureTracks()} live)`);
    expect(errors).to.have.length(1);
  });

  it('leaks: 20 calls in one page (join, publish, play a remote tile, leave) leave no connection, track or frame callback', async function () {
    this.timeout(90000);
    const baseline = await cleanBaseline();
    const roomID = uniqueRoom('leak');
    const bob = await participant(roomID, 'bob', { publish: true });
    const bobObjects = trackLiveObjects((await peers()).win);
    const errors = uncaught(window, (await peers()).win);
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const room =
        await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice" style="display:block;width:320px">
        <zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video>
        <zego-remote-videos></zego-remote-videos>
      </zego-room>`);
      const remote = remoteOf(room);
      await waitFor(() => room.state === 'connected', 10000, `cycle ${i}: connected`);
      await waitFor(() => bob.streams.has('alice-main'), 10000, `cycle ${i}: published`);
      await waitFor(() => (remote.getFrameInfo(bob.streamID)?.frameCounter ?? 0) > 1, 10000, `cycle ${i}: remote tile drawing`);
      const gone = nextEvent(bob.engine, 'roomUserUpdate', (_r, type) => type === 'DELETE');
      fixtureCleanup();
      await gone;
    }
    const elapsed = performance.now() - started;
    await leavesNothing(baseline);
    // the publisher's side: the connection to each call closed, its own camera track alone remains
    await waitFor(() => bobObjects.livePeerConnections() === 0, 10000, "the publisher's connections closed");
    expect(bobObjects.liveCaptureTracks()).to.be.at.most(1);
    expect(bob.users.size + bob.streams.size, 'the publisher alone in the room').to.equal(0);
    expect(elapsed, '20 cycles under 60 s').to.be.below(60000);
    expect(errors).to.deep.equal([]);
  });
});
