// <zego-remote-videos> on the local engine: a viewer <zego-room> in this page, publishers as plain engines in a
// second page (their own media and channels), pixels and frame counts read from the tiles' canvases.
//
// Order matters: the autoplay test runs first, while this page has had no user activation (Chromium's default
// autoplay policy). Its real click gives the page sticky activation, which the speaking tests need too (the
// engine's sound-level AudioContext only runs after a gesture).
import { expect, fixture, fixtureCleanup } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { gridColumns } from '../../src/remote/layout.js';
import { initialsOf } from '../../src/ui/initials.js';
import type { ZegoAutoplayBlockedEvent } from '../../src/remote/events.js';
import { canvasChange, nextEvent, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

if (!customElements.get('zego-remote-videos')) customElements.define('zego-remote-videos', ZegoRemoteVideosElement);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
const engines: ZegoLocalEngine[] = [];

interface Publisher {
  engine: ZegoLocalEngine;
  stream: unknown;
  streamID: string;
  userID: string;
}

/** A user of the room in the second page, publishing the fake camera at 320x240@15 (and the fake microphone). */
async function publish(roomID: string, userID: string, options: { userName?: string; audio?: boolean } = {}): Promise<Publisher> {
  page ??= await secondPage();
  const engine = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(engine);
  await engine.loginRoom(roomID, 'local', { userID, userName: options.userName ?? userID }, { userUpdate: true });
  const stream = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: options.audio ?? true } });
  const streamID = `${userID}-main`;
  const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === streamID && r.state === 'PUBLISHING');
  engine.startPublishingStream(streamID, stream as never);
  await publishing;
  return { engine, stream, streamID, userID };
}

async function viewer(roomID: string, attrs = '') {
  // A string fixture keeps the attributes under test visible as markup (attrs come from the tests, not users).
  const room = await fixture<ZegoRoomElement>(
    `<zego-room server="" room-id="${roomID}" user-id="viewer" hide-status style="display:block;width:640px"><zego-remote-videos ${attrs}></zego-remote-videos></zego-room>`,
  );
  const el = room.querySelector('zego-remote-videos')!;
  return { room, el };
}

const tiles = (el: ZegoRemoteVideosElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=tile]')];
const tileOf = (el: ZegoRemoteVideosElement, streamID: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~=tile][data-stream-id="${streamID}"]`);
const visible = (node: Element | null | undefined) => !!node && (node as HTMLElement).checkVisibility();

/** A real click somewhere harmless: gives the page (sticky) user activation. */
async function activate(): Promise<void> {
  await sendMouse({ type: 'click', position: [2, 2] });
}

afterEach(async () => {
  fixtureCleanup();
  while (engines.length) engines.pop()!.destroyEngine();
  // Sessions of destroyed engines leave the shared room core at once (clean goodbye).
  await sleep(50);
});

after(() => page?.close());

describe('<zego-remote-videos>', function () {
  this.timeout(30000);

  it('shows one accessible "Enable audio" button when autoplay is blocked; one real click resumes every tile', async () => {
    expect(navigator.userActivation.hasBeenActive, 'this test needs a page without user activation').to.equal(false);
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice');
    const b = await publish(roomID, 'bob');
    const blocked: ZegoAutoplayBlockedEvent[] = [];
    const onBlocked = (e: ZegoAutoplayBlockedEvent) => blocked.push(e);
    document.addEventListener('zego-autoplay-blocked', onBlocked);
    try {
      const { el } = await viewer(roomID);
      await waitFor(() => el.streams.filter((s) => s.state === 'playing').length === 2, 15000, 'two streams playing');
      await waitFor(
        () => blocked.length > 0 && el.streams.every((s) => el.shadowRoot!.querySelector(`[data-stream-id="${s.streamID}"] audio`)),
        10000,
        'autoplay refusal',
      );
      await waitFor(() => blocked.flatMap((e) => e.detail.streamIDs).length === 2 || el.audioBlocked, 5000, 'both refused');
      const e = blocked[0];
      expect(e.bubbles && e.composed).to.equal(true);
      expect(e.target).to.equal(el);
      expect([...e.detail.streamIDs].every((id) => [a.streamID, b.streamID].includes(id))).to.equal(true);
      await el.updateComplete;
      const buttons = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part=enable-audio]');
      expect(buttons.length, 'one button for every stream').to.equal(1);
      const button = buttons[0];
      expect(visible(button)).to.equal(true);
      expect(button.textContent!.trim()).to.equal('Enable audio');
      expect(button.type).to.equal('button');
      const audios = [...el.shadowRoot!.querySelectorAll('audio')];
      expect(audios).to.have.length(2);
      expect(audios.every((x) => x.paused)).to.equal(true);

      const r = button.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
      await waitFor(() => audios.every((x) => !x.paused), 5000, 'audio resumed');
      await el.updateComplete;
      expect(el.audioBlocked).to.equal(false);
      expect(el.shadowRoot!.querySelector('button[part=enable-audio]')).to.equal(null);
      expect(audios.every((x) => !x.muted)).to.equal(true);
      expect(blocked.length, 'one event for the burst').to.equal(1);
    } finally {
      document.removeEventListener('zego-autoplay-blocked', onBlocked);
    }
  });

  it("draws the remote camera's changing pixels, once per source frame, at the source rate", async () => {
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice', { audio: false });
    const { el } = await viewer(roomID);
    await waitFor(() => (el.getFrameInfo(a.streamID)?.frameCounter ?? 0) > 5, 15000, 'frames');
    const tile = tileOf(el, a.streamID)!;
    const canvas = tile.querySelector<HTMLCanvasElement>('canvas[part=video]')!;
    expect(el.getFrameSource(a.streamID)).to.equal(canvas);
    await waitFor(() => canvas.width > 0, 5000, 'canvas sized');
    const info = el.getFrameInfo(a.streamID)!;
    expect([info.frameWidth, info.frameHeight]).to.deep.equal([320, 240]);
    expect(info.mirrored).to.equal(false);
    expect(visible(tile.querySelector('[part=placeholder]'))).to.equal(false);

    expect(await canvasChange(canvas)).to.be.greaterThan(0.01);

    const f0 = el.getFrameInfo(a.streamID)!;
    await sleep(3000);
    const f1 = el.getFrameInfo(a.streamID)!;
    const frames = f1.frameCounter - f0.frameCounter;
    const drawn = f1.framesDrawn - f0.framesDrawn;
    expect(Math.abs(drawn - frames), `drawn ${drawn} vs frames ${frames}`).to.be.at.most(1);
    expect(frames, 'frames in 3 s at 15 fps').to.be.within(15 * 3 * 0.9, 15 * 3 * 1.1);

    const png = await el.snapshot(a.streamID);
    expect(png.type).to.equal('image/png');
    expect(el.getFrameInfo('nobody')).to.equal(null);
    expect(el.getFrameSource('nobody')).to.equal(null);
  });

  it('adds a tile on ADD (at join and later) and removes it on DELETE and when its user leaves', async () => {
    const live = trackLiveObjects();
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice', { audio: false });
    const { el } = await viewer(roomID, 'muted');
    await waitFor(() => tiles(el).length === 1, 15000, 'tile of the stream present at join');
    expect(el.streams.map((s) => [s.streamID, s.user.userID])).to.deep.equal([[a.streamID, 'alice']]);

    const b = await publish(roomID, 'bob', { audio: false });
    await waitFor(() => tiles(el).length === 2, 15000, 'tile of the added stream');
    await waitFor(() => el.streams.every((s) => s.state === 'playing'), 15000, 'both playing');
    expect(live.livePeerConnections()).to.equal(2);

    a.engine.stopPublishingStream(a.streamID);
    await waitFor(() => !tileOf(el, a.streamID), 10000, 'tile gone on DELETE');
    expect(el.streams.map((s) => s.streamID)).to.deep.equal([b.streamID]);
    await waitFor(() => live.livePeerConnections() === 1, 5000, 'play of the deleted stream closed');

    b.engine.logoutRoom(roomID);
    await waitFor(() => tiles(el).length === 0, 10000, 'tile gone when the user left');
    await waitFor(() => live.livePeerConnections() === 0, 5000, 'no play left');
    expect(live.liveTracks()).to.equal(0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('Waiting for others to join…');
  });

  it('shows the camera-off placeholder with initials on MUTE, and the mic-muted icon', async () => {
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice', { userName: 'Alice Liddell' });
    const { el } = await viewer(roomID, 'muted');
    await waitFor(() => el.streams[0]?.hasFrame === true, 15000, 'first frame');
    await el.updateComplete;
    const tile = tileOf(el, a.streamID)!;
    const placeholder = tile.querySelector('[part=placeholder]')!;
    expect(visible(placeholder)).to.equal(false);
    expect(tile.querySelector('[part=mic-muted]')).to.equal(null);

    a.engine.mutePublishStreamVideo(a.stream as never, true);
    await waitFor(() => visible(placeholder), 10000, 'placeholder on MUTE');
    expect(placeholder.querySelector('[part=initials]')!.textContent).to.equal('AL');
    expect(placeholder.textContent).to.contain('Camera off');
    expect(el.streams[0].cameraMuted).to.equal(true);

    a.engine.mutePublishStreamAudio(a.stream as never, true);
    await waitFor(() => !!tile.querySelector('[part=mic-muted]'), 10000, 'mic-muted icon');
    expect(tile.querySelector('[part=mic-muted]')!.getAttribute('aria-label')).to.equal('Microphone muted');

    a.engine.mutePublishStreamVideo(a.stream as never, false);
    a.engine.mutePublishStreamAudio(a.stream as never, false);
    await waitFor(() => !visible(placeholder) && !tile.querySelector('[part=mic-muted]'), 10000, 'camera and mic back');
  });

  it("a tile's video toggle stops receiving the video (no frames, placeholder) and brings it back", async () => {
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice', { audio: false });
    const { el } = await viewer(roomID);
    await waitFor(() => (el.getFrameInfo(a.streamID)?.frameCounter ?? 0) > 3, 15000, 'drawing');
    await el.updateComplete;
    const tile = tileOf(el, a.streamID)!;
    const toggle = tile.querySelector<HTMLButtonElement>('[part=video-toggle]')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await waitFor(() => el.streams[0].videoPaused, 5000, 'paused');
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(toggle.title).to.equal('Receive video again');
    const placeholder = tile.querySelector('[part=placeholder]')!;
    expect(visible(placeholder)).to.equal(true);
    expect(placeholder.textContent).to.contain('Video paused for you');
    // the publisher stops sending: after the frames in flight, the counter stands still
    await sleep(800);
    const stopped = el.getFrameInfo(a.streamID)!.frameCounter;
    await sleep(1000);
    expect(el.getFrameInfo(a.streamID)!.frameCounter - stopped, 'frames while paused').to.be.at.most(1);
    toggle.click();
    await waitFor(() => el.getFrameInfo(a.streamID)!.frameCounter > stopped + 5, 10000, 'frames again');
    await el.updateComplete;
    expect(visible(placeholder)).to.equal(false);
  });

  it('renders user names as text, never markup', async () => {
    const roomID = uniqueRoom('rv');
    const evil = '<img src=x onerror=alert(1)>';
    const a = await publish(roomID, 'mallory', { userName: evil, audio: false });
    const { el } = await viewer(roomID);
    await waitFor(() => tiles(el).length === 1, 15000, 'tile');
    await el.updateComplete;
    const tile = tileOf(el, a.streamID)!;
    expect(tile.querySelector('[part=label]')!.textContent).to.equal(evil);
    expect(tile.getAttribute('aria-label')).to.equal(evil);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(initialsOf(evil)).to.equal('<O');
  });

  it('shows the speaking ring while the remote microphone sends sound, and drops it when muted', async () => {
    await activate();
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice');
    // Chromium's fake microphone is a quiet beep (levels 1-9 on the SDK's scale, by phase): a low threshold
    const { el } = await viewer(roomID, 'muted speaking-threshold="0.5"');
    await waitFor(() => el.streams[0]?.state === 'playing', 15000, 'playing');
    const ring = () => tileOf(el, a.streamID)?.querySelector('[part=speaking]');
    await waitFor(() => visible(ring()), 10000, 'speaking ring');
    expect(tileOf(el, a.streamID)!.hasAttribute('data-speaking')).to.equal(true);

    a.engine.mutePublishStreamAudio(a.stream as never, true);
    await waitFor(() => !visible(ring()), 10000, 'ring gone after mute');
    // and it stays gone: nothing is sent any more
    await sleep(2500);
    expect(visible(ring())).to.equal(false);
    expect(el.streams[0].speaking).to.equal(false);
  });

  it('max-streams=1 with two publishers: one tile, a "+1" chip, one stream played; raising it plays the other', async () => {
    const live = trackLiveObjects();
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice', { audio: false });
    const b = await publish(roomID, 'bob', { audio: false });
    const requested = new Set<string>();
    const onPlayer = (e: Event) => {
      const d = (e as CustomEvent).detail;
      if (d.state === 'PLAY_REQUESTING') requested.add(d.streamID);
    };
    document.addEventListener('zego-player-state-update', onPlayer);
    try {
      const { el } = await viewer(roomID, 'max-streams="1" muted');
      await waitFor(() => el.streams.length === 2 && el.streams[0].state === 'playing', 15000, 'first stream playing');
      await sleep(1000); // time for a wrongly started second play to show
      await el.updateComplete;
      expect(tiles(el)).to.have.length(1);
      expect(el.streams.map((s) => s.state)).to.deep.equal(['playing', 'waiting']);
      const more = el.shadowRoot!.querySelector('[part=more]')!;
      expect(more.textContent).to.equal('+1');
      expect(more.getAttribute('role')).to.equal('img');
      expect(more.getAttribute('aria-label')).to.equal('1 more participants not shown');
      expect([...requested]).to.deep.equal([a.streamID]);
      expect(live.livePeerConnections(), 'one play connection').to.equal(1);

      el.maxStreams = 2;
      await waitFor(() => tiles(el).length === 2 && el.streams.every((s) => s.state === 'playing'), 15000, 'second played');
      expect([...requested].sort()).to.deep.equal([a.streamID, b.streamID].sort());
      expect(el.shadowRoot!.querySelector('[part=more]')).to.equal(null);
    } finally {
      document.removeEventListener('zego-player-state-update', onPlayer);
    }
  });

  it('spotlight: the active speaker is shown large, the others in a strip', async () => {
    await activate();
    const roomID = uniqueRoom('rv');
    const quiet = await publish(roomID, 'quiet', { audio: false });
    const speaker = await publish(roomID, 'speaker');
    const { el } = await viewer(roomID, 'layout="spotlight" muted speaking-threshold="0.5"');
    await waitFor(() => el.streams.length === 2 && el.streams.every((s) => s.state === 'playing'), 15000, 'both playing');
    await waitFor(() => el.activeSpeaker === speaker.streamID, 10000, 'speaker detected');
    await el.updateComplete;
    const big = tileOf(el, speaker.streamID)!;
    const small = tileOf(el, quiet.streamID)!;
    expect(big.classList.contains('main')).to.equal(true);
    const bigBox = big.getBoundingClientRect();
    const smallBox = small.getBoundingClientRect();
    expect(bigBox.width).to.be.greaterThan(smallBox.width * 2);
    expect(bigBox.top, 'large tile above the strip').to.be.lessThan(smallBox.top);
  });

  it('grid: columns follow the count and the area', async () => {
    expect(gridColumns(1, 640, 360)).to.equal(1);
    expect(gridColumns(2, 640, 360)).to.equal(2);
    expect(gridColumns(2, 360, 640)).to.equal(1);
    expect(gridColumns(4, 640, 360)).to.equal(2);
    expect(gridColumns(6, 1280, 720)).to.equal(3);
    const roomID = uniqueRoom('rv');
    await publish(roomID, 'alice', { audio: false });
    await publish(roomID, 'bob', { audio: false });
    // a 640x360 stage (the room's default height would make it 640x432, where two stacked 16:9 tiles are larger)
    const { el } = await viewer(roomID, 'muted style="height:360px"');
    await waitFor(() => tiles(el).length === 2, 15000, 'tiles');
    const boxes = () => tiles(el).map((t) => t.getBoundingClientRect());
    await waitFor(() => boxes()[0].top === boxes()[1].top, 3000, 'two tiles side by side');
    const [t1, t2] = boxes();
    expect(t1.width).to.be.closeTo((640 - 8) / 2, 1);
    expect(t1.width).to.be.closeTo(t2.width, 1);
  });

  it('stats: an overlay per tile with resolution, fps, bitrate, RTT and loss', async () => {
    const roomID = uniqueRoom('rv');
    const a = await publish(roomID, 'alice');
    const { el } = await viewer(roomID, 'stats muted');
    const stat = (name: string) => tileOf(el, a.streamID)?.querySelector(`[part=stats] [data-stat=${name}]`)?.textContent ?? '';
    await waitFor(() => /^[1-9]\d* fps$/.test(stat('fps')), 15000, 'fps figure');
    expect(stat('resolution')).to.equal('320×240');
    expect(stat('bitrate')).to.match(/^\d+ kbps$/);
    expect(stat('rtt')).to.match(/^RTT \d+ ms$/);
    expect(stat('loss')).to.match(/^Loss \d+\.\d%$/);
    const quality = tileOf(el, a.streamID)!.querySelector('[part=quality]')!;
    expect(quality.getAttribute('aria-label')).to.match(/^Network quality: (excellent|good|fair|poor|very poor)$/);

    el.stats = false;
    await el.updateComplete;
    expect(tileOf(el, a.streamID)!.querySelector('[part=stats]')).to.equal(null);
  });

  it('removal mid-play leaves no frame callback, received track or peer connection', async () => {
    const live = trackLiveObjects();
    const baseline = VideoRenderer.liveCallbacks;
    const roomID = uniqueRoom('rv');
    await publish(roomID, 'alice');
    await publish(roomID, 'bob');
    const { room, el } = await viewer(roomID);
    await waitFor(
      () => el.streams.length === 2 && el.streams.every((s) => (el.getFrameInfo(s.streamID)?.frameCounter ?? 0) > 3),
      15000,
      'both drawing',
    );
    expect(VideoRenderer.liveCallbacks).to.be.greaterThan(baseline);
    expect(live.livePeerConnections()).to.equal(2);

    el.remove();
    await sleep(0); // final one task later: a move within the document keeps the streams
    expect(VideoRenderer.liveCallbacks, 'frame callbacks and workers').to.equal(baseline);
    await waitFor(() => live.livePeerConnections() === 0, 5000, 'play connections closed');
    expect(live.liveTracks(), 'received tracks').to.equal(0);
    expect(room.engine).to.not.equal(undefined);

    // Back in: plays again, then the room itself goes.
    room.append(el);
    await waitFor(() => el.streams.length === 2 && el.streams.every((s) => s.state === 'playing'), 15000, 'playing again');
    room.remove();
    await waitFor(() => live.livePeerConnections() === 0, 5000, 'closed with the room');
    expect(VideoRenderer.liveCallbacks).to.equal(baseline);
    expect(live.liveTracks()).to.equal(0);
  });
});
