/**
 * The page side of the mesh bench (bench/mesh.ts). The publisher page hosts N engines, each publishing its own
 * 320x240@15 camera capture; the player page, in front, plays all N with one engine and counts the frames each
 * <video> presents. Source frames are counted at the publishers (RTCVideoSourceStats.frames of each sender), so the
 * ratio is what reached the screen over what the cameras made.
 */
import { ZegoLocalEngine, type ZegoLocalStream } from '/src/index.ts';
import type { MeshJoin, MeshLive, MeshPage } from './mesh-api.ts';
import { trackLiveObjects } from '/test/browser/live-objects.ts';

declare global {
  interface Window {
    mesh: MeshPage;
  }
}

const counts = trackLiveObjects();
function live(): MeshLive {
  return { peerConnections: counts.livePeerConnections(), tracks: counts.liveTracks() };
}

async function token(join: MeshJoin, userID: string): Promise<string> {
  const q = new URLSearchParams({ userID, roomID: join.roomID });
  const res = await fetch(`${join.httpUrl}/token?${q}`);
  if (!res.ok) throw new Error(`GET /token answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

function state(engine: ZegoLocalEngine, streamID: string, want: string, timeoutMs: number, event: 'publisherStateUpdate'): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${streamID}: no ${want} within ${timeoutMs} ms`)), timeoutMs);
    const fn = (r: { streamID: string; state: string; errorCode: number }) => {
      if (r.streamID !== streamID) return;
      if (r.state === want) {
        clearTimeout(timer);
        engine.off(event, fn as never);
        resolve();
      } else if (r.errorCode && r.state.startsWith('NO_')) {
        clearTimeout(timer);
        engine.off(event, fn as never);
        reject(new Error(`${streamID}: ${r.state} ${r.errorCode}`));
      }
    };
    engine.on(event, fn as never);
  });
}

// ---- publisher ----

const publishers: Array<{ engine: ZegoLocalEngine; local: ZegoLocalStream; streamID: string }> = [];

async function publish(join: MeshJoin, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const streamID = `${join.roomID}-${i}`;
    const engine = new ZegoLocalEngine(join.appID, join.wsUrl, { loopbackOnly: true });
    await engine.loginRoom(join.roomID, await token(join, `pub${i}`), { userID: `pub${i}`, userName: `pub${i}` });
    const local = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    publishers.push({ engine, local, streamID });
    const publishing = state(engine, streamID, 'PUBLISHING', 15_000, 'publisherStateUpdate');
    engine.startPublishingStream(streamID, local);
    await publishing;
    ids.push(streamID);
  }
  return ids;
}

async function sourceFrames(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of publishers) {
    const trackID = p.local.getVideoTracks()[0]?.id;
    let frames = 0;
    for (const pc of counts.peerConnections()) {
      if (!pc.getSenders().some((s) => s.track?.id === trackID)) continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; frames?: number }) => {
        if (s.type === 'media-source' && s.kind === 'video' && typeof s.frames === 'number') frames = Math.max(frames, s.frames);
      });
    }
    out[p.streamID] = frames;
  }
  return out;
}

// ---- player ----

let player: ZegoLocalEngine | undefined;
const videos = new Map<string, { video: HTMLVideoElement; presented: number; handle: number }>();

async function play(join: MeshJoin, streamIDs: string[], timeoutMs: number): Promise<void> {
  const engine = new ZegoLocalEngine(join.appID, join.wsUrl, { loopbackOnly: true });
  player = engine;
  await engine.loginRoom(join.roomID, await token(join, 'player'), { userID: 'player', userName: 'player' });
  await Promise.all(
    streamIDs.map(async (streamID) => {
      const stream = await engine.startPlayingStream(streamID, { video: true, audio: false });
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.autoplay = true;
      document.body.append(video);
      const entry = { video, presented: 0, handle: 0 };
      videos.set(streamID, entry);
      const first = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${streamID}: no frame within ${timeoutMs} ms`)), timeoutMs);
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
          entry.presented = meta.presentedFrames;
          clearTimeout(timer);
          resolve();
          entry.handle = video.requestVideoFrameCallback(onFrame);
        };
        entry.handle = video.requestVideoFrameCallback(onFrame);
      });
      video.srcObject = stream;
      void video.play().catch(() => {});
      await first;
    }),
  );
}

function presentedFrames(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, v] of videos) out[id] = v.presented;
  return out;
}

async function cleanup(): Promise<MeshLive> {
  for (const v of videos.values()) {
    v.video.cancelVideoFrameCallback(v.handle);
    v.video.srcObject = null;
    v.video.remove();
  }
  videos.clear();
  player?.destroyEngine();
  player = undefined;
  for (const p of publishers.splice(0)) p.engine.destroyEngine();
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    const l = live();
    if (l.peerConnections + l.tracks === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return live();
}

window.mesh = { publish, sourceFrames, play, presentedFrames, cleanup };
