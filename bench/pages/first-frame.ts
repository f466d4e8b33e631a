/**
 * The page side of the publish-to-first-remote-frame bench. One page is the publisher, another the player; Node
 * (bench/first-frame.ts) drives both through `window.bench`. Two ways to do the same call:
 *
 * - `engine`: ZegoLocalEngine, as an app would use it.
 * - `bare`: a raw WebSocket speaking our protocol and a bare RTCPeerConnection pair (non-trickle, as the engine was).
 * - `floor`: the physical floor: a bare trickle-ICE pair, offer, answer and candidates posted straight between the two
 *   pages on a BroadcastChannel, capture done beforehand. t0 when the player starts making its offer.
 * - `kit` / `kit-rvfc`: `<zego-room>` + `<zego-remote-videos>` (render auto, i.e. worker; or rvfc) on the local
 *   engine over BroadcastChannel, the publisher a plain engine in the other page. t0 at the player's stream ADD
 *   (`zego-room-stream-update`): the floor's player also starts knowing whom to call, so both count from the moment
 *   the player decides to play.
 *
 * All stamp times as `performance.timeOrigin + performance.now()` (same machine clock in every page). engine/bare:
 * t0 just before the publisher starts publishing, t1 at the first video frame the player's <video> presents.
 * floor/kit: t1 is the first drawn pixel, read the same way for both: each animation frame of the player page copies
 * the floor's <video> / the element's canvas into a tiny canvas and looks for a pixel (`probe`).
 */
import type { ZegoLocalEngine, ZegoLocalStream } from '/src/index.ts';
import type { ServerFrame, SignalData } from '/src/shared/protocol.ts';
import type { BenchPage, FirstFrame, JoinInfo, Kind, Live } from './api.ts';
// The bare pair uses the same generic WebRTC helpers as the engine (non-trickle wait, loopback filter), nothing else of it.
import { candidateAllowed, gathered, loopbackOnly } from '/src/engine/peer.ts';
import { trackLiveObjects } from '/test/browser/live-objects.ts';

declare global {
  interface Window {
    bench: BenchPage;
  }
}

const clock = () => performance.timeOrigin + performance.now();
let marks: Array<[string, number]> = [];
const mark = (name: string) => marks.push([name, clock()]);
const GATHER_MS = 2000;

// ---- accounting: every peer connection and track made in this page, to prove the cleanup ----

const counts = trackLiveObjects();
function live(): Live {
  return { peerConnections: counts.livePeerConnections(), tracks: counts.liveTracks() };
}

// ---- first frame ----

let frame: Promise<FirstFrame> | undefined;
let video: HTMLVideoElement | undefined;

/** Shows `stream` in a <video> and resolves at its first presented frame. */
function watch(stream: MediaStream): Promise<FirstFrame> {
  video?.remove();
  const v = document.createElement('video');
  video = v;
  v.muted = true;
  v.playsInline = true;
  v.autoplay = true;
  document.body.append(v);
  mark('video attached');
  const first = new Promise<FirstFrame>((resolve) => {
    v.requestVideoFrameCallback((now, meta) => {
      resolve({
        t1: performance.timeOrigin + meta.presentationTime,
        callbackAt: performance.timeOrigin + now,
        width: meta.width,
        height: meta.height,
      });
    });
  });
  v.srcObject = stream;
  void v.play().catch(() => {}); // autoplay of a muted video is allowed; a refusal shows up as a timeout
  return first;
}

/** One promise for the whole arm -> first frame chain, failing with a reason instead of hanging. */
function armed(timeoutMs: number, start: (done: (f: FirstFrame) => void, fail: (why: string) => void) => void): void {
  frame = new Promise<FirstFrame>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no remote frame within ${timeoutMs} ms`)), timeoutMs);
    start(
      (f) => {
        clearTimeout(timer);
        resolve(f);
      },
      (why) => {
        clearTimeout(timer);
        reject(new Error(why));
      },
    );
  });
  frame.catch(() => {}); // read by firstFrame(); never an unhandled rejection if the run is abandoned
}

/**
 * Resolves at the first animation frame in which `source()` (re-read each frame: a renderer may swap its canvas) has a
 * drawn pixel in its middle; its time is that frame's start. Stops with `signal`.
 */
function probe(source: () => HTMLVideoElement | HTMLCanvasElement | null | undefined, signal: AbortSignal): Promise<number> {
  const copy = document.createElement('canvas');
  copy.width = copy.height = 4;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  return new Promise((resolve) => {
    const look = (now: number) => {
      if (signal.aborted) return;
      const src = source();
      const w = src instanceof HTMLVideoElement ? src.videoWidth : (src?.width ?? 0);
      const h = src instanceof HTMLVideoElement ? src.videoHeight : (src?.height ?? 0);
      if (src && w > 0 && h > 0) {
        ctx.clearRect(0, 0, 4, 4);
        // the middle quarter of the source, where `contain` always draws
        ctx.drawImage(src, w / 4, h / 4, w / 2, h / 2, 0, 0, 4, 4);
        const px = ctx.getImageData(0, 0, 4, 4).data;
        for (let i = 3; i < px.length; i += 4) {
          if (px[i] > 0 && px[i - 1] + px[i - 2] + px[i - 3] > 0) {
            resolve(performance.timeOrigin + now);
            return;
          }
        }
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

const describe = (e: unknown) => (e instanceof Error ? e.message : typeof e === 'object' && e !== null ? JSON.stringify(e) : String(e));

async function fetchToken(info: JoinInfo): Promise<string> {
  const q = new URLSearchParams({ userID: info.userID, roomID: info.roomID });
  const res = await fetch(`${info.httpUrl}/token?${q}`);
  if (!res.ok) throw new Error(`GET /token answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

// ---- engine ----

let engine: ZegoLocalEngine | undefined;
let local: ZegoLocalStream | undefined;
let playing: string | undefined;

const engineSide = {
  async join(info: JoinInfo) {
    const { ZegoLocalEngine } = await import('/src/index.ts');
    const token = await fetchToken(info);
    engine = new ZegoLocalEngine(info.appID, info.wsUrl, { loopbackOnly: true });
    engine.on('publisherStateUpdate', (r) => mark(`publisher state ${r.state}`));
    engine.on('playerStateUpdate', (r) => mark(`player state ${r.state}`));
    await engine.loginRoom(info.roomID, token, { userID: info.userID, userName: info.userID }, { userUpdate: true });
  },
  async capture() {
    // ZEGO 3.12's form of the brief's `{camera: {videoQuality: 1}}` (2.x): quality 1 is 320x240 at 15 fps.
    local = await engine!.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    return local.stream!;
  },
  arm(streamID: string, timeoutMs: number) {
    const zg = engine!;
    armed(timeoutMs, (done, fail) => {
      zg.on('roomStreamUpdate', (_roomID, updateType, list) => {
        if (updateType !== 'ADD' || !list.some((s) => s.streamID === streamID) || playing) return;
        playing = streamID;
        mark('stream added');
        zg.startPlayingStream(streamID).then(
          (stream) => {
            mark('play resolved');
            void watch(stream).then(done);
          },
          (e: unknown) => fail(`startPlayingStream failed: ${describe(e)}`),
        );
      });
      zg.on('playerStateUpdate', (r) => {
        if (r.streamID === streamID && r.state === 'NO_PLAY') fail(`player gave up: ${r.errorCode} ${r.extendedData}`);
      });
    });
  },
  publish(streamID: string) {
    const t0 = clock();
    engine!.startPublishingStream(streamID, local!);
    return t0;
  },
  cleanup() {
    if (playing) engine?.stopPlayingStream(playing);
    if (local) engine?.destroyStream(local);
    engine?.destroyEngine();
    engine = local = playing = undefined;
  },
};

// ---- bare: our protocol by hand, one RTCPeerConnection per side ----

type Notify = (f: ServerFrame) => void;

class Signalling {
  private readonly ws: WebSocket;
  private nextID = 1;
  private readonly waiting = new Map<number, { resolve(f: ServerFrame): void; reject(e: Error): void }>();
  private readonly pinger: ReturnType<typeof setInterval>;
  session = '';
  onNotify: Notify = () => {};

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.onmessage = (e) => {
      const f = JSON.parse(String(e.data)) as ServerFrame;
      if ((f.t === 'ok' || f.t === 'err' || f.t === 'login-ok') && this.waiting.has(f.id)) {
        const w = this.waiting.get(f.id)!;
        this.waiting.delete(f.id);
        if (f.t === 'err') w.reject(new Error(`${f.code} ${f.message}`));
        else w.resolve(f);
      } else this.onNotify(f);
    };
    ws.onclose = () => {
      for (const w of this.waiting.values()) w.reject(new Error('socket closed'));
      this.waiting.clear();
      clearInterval(this.pinger);
    };
    let n = 0;
    this.pinger = setInterval(() => this.send({ t: 'ping', n: ++n }), 2000);
  }

  static open(url: string): Promise<Signalling> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new Signalling(ws));
      ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
  }

  send(frame: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  request(frame: object): Promise<ServerFrame> {
    const id = this.nextID++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ ...frame, id });
    });
  }

  close(): void {
    clearInterval(this.pinger);
    if (this.session) this.send({ t: 'logout', id: this.nextID++ });
    this.ws.close(1000);
  }
}

let sig: Signalling | undefined;
let media: MediaStream | undefined;
const barePCs = new Set<RTCPeerConnection>();

const bareSide = {
  async join(info: JoinInfo) {
    const token = await fetchToken(info);
    sig = await Signalling.open(info.wsUrl);
    const ok = (await sig.request({
      t: 'login',
      v: 1,
      appID: info.appID,
      roomID: info.roomID,
      token,
      user: { userID: info.userID, userName: info.userID },
      userUpdate: true,
      maxMemberCount: 0,
      session: crypto.randomUUID(),
    })) as Extract<ServerFrame, { t: 'login-ok' }>;
    sig.session = ok.session;
  },
  async capture() {
    media = await navigator.mediaDevices.getUserMedia({
      video: { width: 320, height: 240, frameRate: 15 },
      audio: { channelCount: 1 },
    });
    return media;
  },
  arm(streamID: string, timeoutMs: number) {
    const s = sig!;
    armed(timeoutMs, (done, fail) => {
      let playID = '';
      let pc: RTCPeerConnection | undefined;
      s.onNotify = (f) => {
        if (f.t === 'stream-add' && !playID && f.streams.some((x) => x.streamID === streamID)) {
          playID = crypto.randomUUID();
          mark('stream added');
          void play().catch((e: unknown) => fail(`bare play failed: ${describe(e)}`));
        } else if (f.t === 'signal' && f.data.playID === playID && pc) {
          if (f.data.kind === 'answer') mark('answer received');
          if (f.data.kind === 'answer')
            void pc
              .setRemoteDescription({ type: 'answer', sdp: f.data.sdp })
              .catch((e: unknown) => fail(`bare answer failed: ${describe(e)}`));
          else if (f.data.kind === 'close') fail(`publisher closed the play (${f.data.code})`);
        }
      };
      const play = async () => {
        const ok = (await s.request({ t: 'play', streamID })) as Extract<ServerFrame, { t: 'ok' }>;
        const publisher = String(ok.data?.publisher);
        mark('play ok');
        pc = new RTCPeerConnection();
        barePCs.add(pc);
        pc.addTransceiver('audio', { direction: 'recvonly' });
        pc.addTransceiver('video', { direction: 'recvonly' });
        pc.addEventListener('connectionstatechange', () => mark(`pc ${pc!.connectionState}`));
        pc.addEventListener('track', (e) => {
          if (e.track.kind === 'video') void watch(e.streams[0] ?? new MediaStream([e.track])).then(done);
        });
        await pc.setLocalDescription(await pc.createOffer());
        mark('offer made');
        await gathered(pc, GATHER_MS);
        mark('offer gathered');
        const data: SignalData = { kind: 'offer', playID, streamID, sdp: loopbackOnly(pc.localDescription!.sdp) };
        s.send({ t: 'signal', to: publisher, data });
      };
    });
  },
  publish(streamID: string) {
    const s = sig!;
    const source = media!;
    s.onNotify = (f) => {
      if (f.t !== 'signal' || f.data.kind !== 'offer' || f.data.streamID !== streamID) return;
      const { playID, sdp } = f.data;
      const from = f.from;
      mark('offer received');
      void (async () => {
        const pc = new RTCPeerConnection();
        barePCs.add(pc);
        await pc.setRemoteDescription({ type: 'offer', sdp });
        for (const t of pc.getTransceivers()) {
          t.direction = 'sendonly';
          await t.sender.replaceTrack(source.getTracks().find((x) => x.kind === t.receiver.track.kind) ?? null);
          t.sender.setStreams(source);
        }
        await pc.setLocalDescription(await pc.createAnswer());
        mark('answer made');
        await gathered(pc, GATHER_MS);
        mark('answer gathered');
        const data: SignalData = { kind: 'answer', playID, streamID, sdp: loopbackOnly(pc.localDescription!.sdp) };
        s.send({ t: 'signal', to: from, data });
      })().catch((e: unknown) => console.error(`bare publisher failed: ${describe(e)}`));
    };
    const t0 = clock();
    void s
      .request({ t: 'publish', stream: { streamID, extraInfo: '', video: 'OPEN', audio: 'OPEN' } })
      .catch((e: unknown) => console.error(`bare publish refused: ${describe(e)}`));
    return t0;
  },
  cleanup() {
    for (const pc of barePCs) pc.close();
    barePCs.clear();
    media?.getTracks().forEach((t) => t.stop());
    sig?.close();
    sig = media = undefined;
  },
};

// ---- floor: a bare trickle-ICE pair, signalling straight between the two pages ----

type FloorMessage =
  | { t: 'offer'; sdp: string }
  | { t: 'answer'; sdp: string }
  | { t: 'candidate'; from: 'player' | 'publisher'; c: RTCIceCandidateInit | null };

let floorChannel: BroadcastChannel | undefined;
let floorMedia: MediaStream | undefined;
const floorPCs = new Set<RTCPeerConnection>();
let floorProbe: AbortController | undefined;
let floorPlay: ((t0: number) => void) | undefined;

/** Sends every local candidate (127.0.0.1 only, as the tests' filter) and end-of-candidates as they come. */
function trickleOut(pc: RTCPeerConnection, from: 'player' | 'publisher') {
  pc.addEventListener('icecandidate', (e) => {
    if (e.candidate && !candidateAllowed(e.candidate.candidate, true)) return;
    const c = e.candidate ? e.candidate.toJSON() : null;
    floorChannel?.postMessage({ t: 'candidate', from, c } satisfies FloorMessage);
  });
}

/** Remote candidates wait for the remote description. */
function trickleIn(pc: RTCPeerConnection) {
  let queue: Array<RTCIceCandidateInit | null> | null = [];
  const add = (c: RTCIceCandidateInit | null) => {
    if (c && !candidateAllowed(c.candidate ?? '', true)) return;
    void (c ? pc.addIceCandidate(c) : pc.addIceCandidate()).catch(() => {});
  };
  return {
    add: (c: RTCIceCandidateInit | null) => (queue ? queue.push(c) : add(c)),
    ready: () => {
      const q = queue ?? [];
      queue = null;
      q.forEach(add);
    },
  };
}

const floorSide = {
  join(info: JoinInfo) {
    floorChannel = new BroadcastChannel(`ff-floor:${info.roomID}`);
    return Promise.resolve();
  },
  async capture() {
    floorMedia = await navigator.mediaDevices.getUserMedia({
      video: { width: 320, height: 240, frameRate: 15 },
      audio: { channelCount: 1 },
    });
    const source = floorMedia;
    // the publisher answers whatever offer comes (capture done, nothing else to wait for)
    let inbound: ReturnType<typeof trickleIn> | undefined;
    floorChannel!.onmessage = (e: MessageEvent<FloorMessage>) => {
      const m = e.data;
      if (m.t === 'candidate' && m.from === 'player') inbound?.add(m.c);
      if (m.t !== 'offer') return;
      mark('offer received');
      const pc = new RTCPeerConnection();
      floorPCs.add(pc);
      inbound = trickleIn(pc);
      trickleOut(pc, 'publisher');
      const remote = pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
      void (async () => {
        await remote;
        inbound!.ready();
        for (const t of pc.getTransceivers()) {
          t.direction = 'sendonly';
          await t.sender.replaceTrack(source.getTracks().find((x) => x.kind === t.receiver.track.kind) ?? null);
          t.sender.setStreams(source);
        }
        await pc.setLocalDescription(await pc.createAnswer());
        floorChannel?.postMessage({ t: 'answer', sdp: pc.localDescription!.sdp } satisfies FloorMessage);
        mark('answer sent');
      })().catch((err: unknown) => console.error(`floor publisher failed: ${describe(err)}`));
    };
    return source;
  },
  arm(_streamID: string, timeoutMs: number) {
    armed(timeoutMs, (done, fail) => {
      floorPlay = (t0) => {
        const pc = new RTCPeerConnection();
        floorPCs.add(pc);
        const inbound = trickleIn(pc);
        trickleOut(pc, 'player');
        floorChannel!.onmessage = (e: MessageEvent<FloorMessage>) => {
          const m = e.data;
          if (m.t === 'candidate' && m.from === 'publisher') inbound.add(m.c);
          else if (m.t === 'answer') {
            mark('answer received');
            pc.setRemoteDescription({ type: 'answer', sdp: m.sdp }).then(inbound.ready, (err: unknown) =>
              fail(`floor answer failed: ${describe(err)}`),
            );
          }
        };
        pc.addEventListener('connectionstatechange', () => mark(`pc ${pc.connectionState}`));
        pc.addTransceiver('audio', { direction: 'recvonly' });
        pc.addTransceiver('video', { direction: 'recvonly' });
        pc.addEventListener('track', (e) => {
          if (e.track.kind !== 'video') return;
          const presented = watch(e.streams[0] ?? new MediaStream([e.track]));
          floorProbe = new AbortController();
          const drawn = probe(() => video, floorProbe.signal);
          void Promise.all([presented, drawn]).then(([f, t1]) => {
            mark('first frame presented (rVFC)');
            done({ ...f, t0, t1 });
          });
        });
        void (async () => {
          await pc.setLocalDescription(await pc.createOffer());
          floorChannel!.postMessage({ t: 'offer', sdp: pc.localDescription!.sdp } satisfies FloorMessage);
          mark('offer sent');
        })().catch((err: unknown) => fail(`floor offer failed: ${describe(err)}`));
      };
    });
  },
  start() {
    const t0 = clock();
    floorPlay?.(t0);
    return t0;
  },
  publish() {
    return clock();
  },
  cleanup() {
    floorProbe?.abort();
    for (const pc of floorPCs) pc.close();
    floorPCs.clear();
    floorMedia?.getTracks().forEach((t) => t.stop());
    floorChannel?.close();
    floorChannel = floorMedia = floorProbe = floorPlay = undefined;
  },
};

// ---- kit: <zego-room> + <zego-remote-videos> on the local engine (BroadcastChannel) ----

let kitRoom: (HTMLElement & { state: string }) | undefined;
let kitEngine: ZegoLocalEngine | undefined;
let kitLocal: ZegoLocalStream | undefined;
let kitProbe: AbortController | undefined;
let kitSpy: BroadcastChannel | undefined;
let kitRender: 'auto' | 'rvfc' = 'auto';

interface RemoteVideos extends HTMLElement {
  getFrameSource(streamID: string): HTMLCanvasElement | HTMLVideoElement | null;
}

const kitSide = {
  async join(info: JoinInfo, player: boolean) {
    const { ZegoLocalEngine } = await import('/src/index.ts');
    ZegoLocalEngine.defaults = { ...ZegoLocalEngine.defaults, loopbackOnly: true };
    if (!player) {
      kitEngine = new ZegoLocalEngine(1, '', { loopbackOnly: true });
      kitEngine.on('publisherStateUpdate', (r) => mark(`publisher state ${r.state}`));
      await kitEngine.loginRoom(info.roomID, 'local', { userID: info.userID, userName: info.userID }, { userUpdate: true });
      return;
    }
    await import('/src/define.ts');
    const room = document.createElement('zego-room') as HTMLElement & { state: string };
    room.setAttribute('server', '');
    room.setAttribute('room-id', info.roomID);
    room.setAttribute('user-id', info.userID);
    room.setAttribute('hide-status', '');
    room.style.cssText = 'display:block;width:320px;height:240px';
    const remote = document.createElement('zego-remote-videos');
    remote.setAttribute('render', kitRender);
    remote.style.cssText = 'display:block;width:320px;height:240px';
    room.append(remote);
    kitRoom = room;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kit login: state ${room.state}`)), 15_000);
      const check = () => {
        if (room.state !== 'connected') return;
        clearTimeout(timer);
        room.removeEventListener('zego-room-state-update', check);
        resolve();
      };
      room.addEventListener('zego-room-state-update', check);
    });
    document.body.append(room);
    await ready;
    // the view's chunk loads when the element connects: a real page has it long before anyone publishes
    await customElements.whenDefined('zego-remote-videos');
  },
  async capture() {
    kitLocal = await kitEngine!.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    return kitLocal.stream!;
  },
  arm(streamID: string, timeoutMs: number) {
    const room = kitRoom!;
    const remote = room.querySelector('zego-remote-videos') as RemoteVideos;
    // the hub's channel carries every frame between engines and core: its traffic gives the signalling phases
    kitSpy = new BroadcastChannel('zego-elements:1');
    const seen = new Set<string>();
    kitSpy.onmessage = (e: MessageEvent<{ k?: string; f?: { t?: string; data?: SignalData } }>) => {
      const { k, f } = e.data ?? {};
      if ((k !== 'c2h' && k !== 'h2c') || !f) return;
      const d = f.data;
      const name =
        f.t === 'play'
          ? 'play request sent'
          : f.t === 'signal' && d?.streamID === streamID
            ? d.kind === 'candidate'
              ? `${d.role} ${d.candidate ? 'first candidate' : 'end-of-candidates'} ${k === 'c2h' ? 'sent' : 'relayed'}`
              : `${d.kind} ${k === 'c2h' ? 'sent' : 'relayed'}`
            : '';
      if (name && !seen.has(name)) {
        seen.add(name);
        mark(`hub: ${name}`);
      }
      if (
        f.t === 'stream-add' &&
        k === 'h2c' &&
        (f as { streams?: Array<{ streamID: string }> }).streams?.some((x) => x.streamID === streamID)
      )
        added(clock(), 'hub: stream-add arrived');
    };
    // t0: the first sign in this page that the stream is there. The kit reacts to the engine's ADD (the play request
    // starts, synchronously) before <zego-room> forwards it as a DOM event, so that event alone would start late.
    let t0: number | undefined;
    let started = () => {};
    const added = (at: number, what: string) => {
      mark(what);
      if (t0 !== undefined) return;
      t0 = at;
      started();
    };
    armed(timeoutMs, (done, fail) => {
      started = () => {
        kitProbe = new AbortController();
        void probe(() => remote.getFrameSource(streamID), kitProbe.signal).then((t1) => {
          const src = remote.getFrameSource(streamID);
          done({ t0, t1, callbackAt: t1, width: src?.width ?? 0, height: src?.height ?? 0 });
        });
      };
      room.addEventListener('zego-room-stream-update', (e) => {
        const d = e.detail;
        if (d.updateType === 'ADD' && d.streamList.some((s) => s.streamID === streamID)) added(clock(), 'stream added (DOM event)');
      });
      room.addEventListener('zego-player-state-update', (e) => {
        const d = e.detail;
        if (d.streamID !== streamID) return;
        if (d.state === 'PLAY_REQUESTING') added(clock(), `player state ${d.state}`);
        else mark(`player state ${d.state}`);
        if (d.state === 'NO_PLAY') fail(`kit player gave up: ${d.errorCode}`);
      });
    });
  },
  publish(streamID: string) {
    const t0 = clock();
    kitEngine!.startPublishingStream(streamID, kitLocal!);
    return t0;
  },
  start() {
    return clock();
  },
  cleanup() {
    kitProbe?.abort();
    kitSpy?.close();
    kitRoom?.remove();
    if (kitLocal) kitEngine?.destroyStream(kitLocal);
    kitEngine?.destroyEngine();
    kitRoom = kitEngine = kitLocal = kitProbe = kitSpy = undefined;
  },
};

// ---- the API Node calls ----

const side = (kind: 'engine' | 'bare') => (kind === 'engine' ? engineSide : bareSide);
const isKit = (kind: Kind) => kind === 'kit' || kind === 'kit-rvfc';

window.bench = {
  join(kind, info) {
    marks = [];
    if (kind === 'floor') return floorSide.join(info);
    if (isKit(kind)) {
      kitRender = kind === 'kit-rvfc' ? 'rvfc' : 'auto';
      return kitSide.join(info, info.userID === 'player');
    }
    return side(kind).join(info);
  },
  async capture(kind) {
    const stream = await (kind === 'floor' ? floorSide : isKit(kind) ? kitSide : side(kind)).capture();
    const s = stream.getVideoTracks()[0]?.getSettings() ?? {};
    return { width: s.width, height: s.height, frameRate: s.frameRate, audio: stream.getAudioTracks().length > 0 };
  },
  arm: (kind, streamID, timeoutMs) => (kind === 'floor' ? floorSide : isKit(kind) ? kitSide : side(kind)).arm(streamID, timeoutMs),
  publish: (kind, streamID) => (kind === 'floor' ? floorSide : isKit(kind) ? kitSide : side(kind)).publish(streamID),
  start: (kind) => (kind === 'floor' ? floorSide.start() : clock()),
  firstFrame() {
    if (!frame) return Promise.reject(new Error('not armed'));
    return frame;
  },
  async cleanup() {
    engineSide.cleanup();
    bareSide.cleanup();
    floorSide.cleanup();
    kitSide.cleanup();
    video?.remove();
    if (video) video.srcObject = null;
    video = undefined;
    frame = undefined;
    // Closing is synchronous for peer connections; remote tracks end with them. Give stragglers a moment.
    const end = performance.now() + 3000;
    while (performance.now() < end) {
      const l = live();
      if (l.peerConnections === 0 && l.tracks === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return live();
  },
  marks: () => marks,
  live,
};
