/**
 * The page side of the tiles bench (bench/tiles.ts). A publisher page publishes up to six 320x240@15 camera
 * streams over the local engine (BroadcastChannel, no server); the player page plays N of them and shows them by one
 * of four methods while Node reads the page's main-thread time over the DevTools protocol.
 */
import { ZegoLocalEngine } from '/src/index.ts';
import { VideoRenderer } from '/src/render/video-renderer.ts';
import type { Counts, Method, TilesPage } from './tiles-api.ts';

declare global {
  interface Window {
    tiles: TilesPage;
  }
}

const OPTIONS = { loopbackOnly: true };
const GUIDE_INTERVAL_MS = 66; // the guide's 15 fps poll

// Every peer connection of the page, to read the receivers' framesDecoded.
const pcs = new Set<RTCPeerConnection>();
{
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      pcs.add(this);
    }
  } as typeof RTCPeerConnection;
}

const waitFor = async (check: () => boolean, ms: number, what: string) => {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

// ---- publisher ----

const publishers: ZegoLocalEngine[] = [];

async function publish(roomID: string, count: number) {
  let settings: MediaTrackSettings = {};
  for (let i = 0; i < count; i++) {
    const zg = new ZegoLocalEngine(1, '', OPTIONS);
    publishers.push(zg);
    await zg.loginRoom(roomID, 'local', { userID: `pub${i}` });
    const stream = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    settings = stream.stream?.getVideoTracks()[0]?.getSettings() ?? {};
    zg.startPublishingStream(`tile-${i}`, stream);
  }
  return { width: settings.width, height: settings.height, frameRate: settings.frameRate };
}

// ---- player ----

let player: ZegoLocalEngine | null = null;
const playing = new Map<string, MediaStream>();
const known = new Set<string>();

async function join(roomID: string) {
  player = new ZegoLocalEngine(1, '', OPTIONS);
  player.on('roomStreamUpdate', (_room, type, list) => {
    for (const s of list) type === 'ADD' ? known.add(s.streamID) : known.delete(s.streamID);
  });
  await player.loginRoom(roomID, 'local', { userID: 'player' });
}

async function decoded(streams: Iterable<MediaStream>): Promise<number> {
  const ids = new Set<string>();
  for (const s of streams) for (const t of s.getVideoTracks()) ids.add(t.id);
  let n = 0;
  for (const pc of pcs) {
    if (pc.connectionState === 'closed') continue;
    for (const r of (await pc.getStats()).values()) {
      if (r.type === 'inbound-rtp' && r.kind === 'video' && ids.has(r.trackIdentifier)) n += r.framesDecoded ?? 0;
    }
  }
  return n;
}

async function play(n: number) {
  const zg = player!;
  const wanted = Array.from({ length: n }, (_, i) => `tile-${i}`);
  for (const id of [...playing.keys()]) {
    if (!wanted.includes(id)) {
      zg.stopPlayingStream(id);
      playing.delete(id);
    }
  }
  await waitFor(() => wanted.every((id) => known.has(id)), 20000, 'streams announced');
  for (const id of wanted) if (!playing.has(id)) playing.set(id, await zg.startPlayingStream(id));
  for (const s of playing.values()) {
    const one = new Set([s]);
    let frames = 0;
    await waitFor(
      () => {
        void decoded(one).then((f) => (frames = f));
        return frames > 5;
      },
      20000,
      'frames decoded',
    );
  }
}

// ---- methods ----

interface Tile {
  displayed(): number | Promise<number>;
  /** Resolves at the tile's first frame, where the tile can tell without being polled. */
  ready?: Promise<unknown>;
  mode: string;
  dispose(): void;
}

const host = () => document.getElementById('tiles')!;

function tileBox(): HTMLDivElement {
  const div = document.createElement('div');
  div.className = 'tile';
  host().append(div);
  return div;
}

function hiddenVideo(stream: MediaStream, parent: HTMLElement): HTMLVideoElement {
  const v = document.createElement('video');
  v.muted = v.playsInline = v.autoplay = true;
  v.style.cssText = 'position:absolute;width:1px;height:1px;opacity:0';
  v.srcObject = stream;
  parent.append(v);
  void v.play().catch(() => {});
  return v;
}

/** presentedFrames read by a one-shot rVFC callback when asked: no loop of ours runs while the plain video plays. */
function plainVideo(stream: MediaStream): Tile {
  const box = tileBox();
  const v = document.createElement('video');
  v.muted = v.playsInline = v.autoplay = true;
  v.srcObject = stream;
  box.append(v);
  void v.play().catch(() => {});
  return {
    mode: 'video',
    displayed: () => new Promise<number>((resolve) => v.requestVideoFrameCallback((_t, m) => resolve(m.presentedFrames))),
    dispose: () => {
      v.srcObject = null;
      box.remove();
    },
  };
}

/** Streams playing, nothing shown: what the engine and WebRTC cost the main thread before any display method. */
function nothing(): Tile {
  return { mode: 'none', displayed: () => 1, dispose: () => {} };
}

function renderer(stream: MediaStream, mode: 'rvfc' | 'worker'): Tile {
  const box = tileBox();
  let first!: () => void;
  const ready = new Promise<void>((resolve) => (first = resolve));
  // Waiting for the first frame by polling framesDrawn would be a poller, which gets per-frame reports from the
  // worker for a while (see VideoRenderer.frameCounter): the window would measure those, not the batched path.
  const r = new VideoRenderer(box, { mode, fit: 'contain', onFirstFrame: () => first() });
  r.stream = stream;
  return {
    mode: r.activeMode,
    ready,
    // read twice per window: synced, so that the count is exact and not as of the worker's last report
    displayed: async () => {
      await r.syncFrameCounters();
      return r.framesDrawn;
    },
    dispose: () => {
      r.dispose();
      box.remove();
    },
  };
}

/** ZEGO's guide, transposed to a canvas: takeStreamSnapshot (PNG data URL) -> new Image -> draw, every 66 ms. */
function guide(stream: MediaStream): Tile {
  const box = tileBox();
  const video = hiddenVideo(stream, box);
  const canvas = document.createElement('canvas');
  canvas.width = 240;
  canvas.height = 180;
  box.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const grab = document.createElement('canvas');
  const grabCtx = grab.getContext('2d')!;
  let drawn = 0;
  const timer = setInterval(() => {
    if (video.readyState < 2) return;
    grab.width = video.videoWidth;
    grab.height = video.videoHeight;
    grabCtx.drawImage(video, 0, 0);
    const img = new Image();
    img.onload = () => {
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      drawn++;
    };
    img.src = grab.toDataURL('image/png');
  }, GUIDE_INTERVAL_MS);
  return {
    mode: 'guide',
    displayed: () => drawn,
    dispose: () => {
      clearInterval(timer);
      video.srcObject = null;
      box.remove();
    },
  };
}

let tiles: Tile[] = [];

async function show(method: Method) {
  clear();
  for (const s of playing.values()) {
    tiles.push(method === 'none' ? nothing() : method === 'video' ? plainVideo(s) : method === 'guide' ? guide(s) : renderer(s, method));
  }
  const end = performance.now() + 15000;
  const ready = tiles.map((t) => t.ready).filter((p) => p !== undefined);
  if (ready.length === tiles.length) {
    let timer = 0;
    const late = new Promise<never>((_ok, fail) => {
      timer = window.setTimeout(() => fail(new Error(`timed out: ${method}: a frame on every tile`)), 15000);
    });
    await Promise.race([Promise.all(ready), late]).finally(() => clearTimeout(timer));
  }
  while ((await Promise.all(tiles.map((t) => t.displayed()))).some((n) => n === 0)) {
    if (performance.now() > end) throw new Error(`timed out: ${method}: a frame on every tile`);
    await new Promise((r) => setTimeout(r, 150)); // over VideoRenderer's POLL_MS: not taken for a per-frame poller
  }
  return { activeModes: tiles.map((t) => t.mode) };
}

async function counts(): Promise<Counts> {
  let displayed = 0;
  for (const n of await Promise.all(tiles.map((t) => t.displayed()))) displayed += n;
  return { displayed, source: await decoded(playing.values()) };
}

function clear() {
  for (const t of tiles) t.dispose();
  tiles = [];
}

function cleanup() {
  clear();
  player?.destroyEngine();
  player = null;
  playing.clear();
  for (const p of publishers.splice(0)) p.destroyEngine();
}

window.tiles = { publish, join, play, show, counts, clear, cleanup };
