/**
 * The page side of the publish-to-first-remote-frame bench. One page is the publisher, another the player; Node
 * (bench/first-frame.ts) drives both through `window.bench`. Two ways to do the same call:
 *
 * - `engine`: ZegoLocalEngine, as an app would use it.
 * - `bare`: a raw WebSocket speaking our protocol and a bare RTCPeerConnection pair: the floor for the engine.
 *
 * Both stamp times as `performance.timeOrigin + performance.now()` (same machine clock in every page): t0 just
 * before the publisher starts publishing, t1 at the first video frame the player's <video> presents.
 */
import type { ZegoLocalEngine, ZegoLocalStream } from '/src/index.ts';
import type { ServerFrame, SignalData } from '/src/shared/protocol.ts';
import type { BenchPage, FirstFrame, JoinInfo, Kind, Live } from './api.ts';
// The bare pair uses the same generic WebRTC helpers as the engine (non-trickle wait, loopback filter), nothing else of it.
import { gathered, loopbackOnly } from '/src/engine/peer.ts';
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

// ---- the API Node calls ----

const side = (kind: Kind) => (kind === 'engine' ? engineSide : bareSide);

window.bench = {
  join(kind, info) {
    marks = [];
    return side(kind).join(info);
  },
  async capture(kind) {
    const stream = await side(kind).capture();
    const s = stream.getVideoTracks()[0]?.getSettings() ?? {};
    return { width: s.width, height: s.height, frameRate: s.frameRate, audio: stream.getAudioTracks().length > 0 };
  },
  arm: (kind, streamID, timeoutMs) => side(kind).arm(streamID, timeoutMs),
  publish: (kind, streamID) => side(kind).publish(streamID),
  firstFrame() {
    if (!frame) return Promise.reject(new Error('not armed'));
    return frame;
  },
  async cleanup() {
    engineSide.cleanup();
    bareSide.cleanup();
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
