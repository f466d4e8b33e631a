/**
 * The page side of test/node/leak.test.ts: one cycle = two engines join a room, one publishes its camera, the other
 * plays it and shows it (a stream view and a `<video>` until a frame is presented), then both leave and are
 * destroyed. `live()` counts what is still alive: peer connections, tracks, and pending video frame callbacks.
 */
import { ZegoLocalEngine } from '/src/index.ts';
import { devToken, nextEvent, trackLiveObjects } from '/test/browser/helpers.ts';

export interface LeakLive {
  peerConnections: number;
  tracks: number;
  frameCallbacks: number;
}

declare global {
  interface Window {
    leak: { cycle(server: string, i: number): Promise<void>; live(): LeakLive };
  }
}

// Every peer connection and track made in this page; ended ones are let go, so the instrument keeps nothing alive.
const counts = trackLiveObjects();

// Every requestVideoFrameCallback not yet called back nor cancelled.
const pending = new Set<string>();
{
  const proto = HTMLVideoElement.prototype;
  const request = proto.requestVideoFrameCallback;
  const cancel = proto.cancelVideoFrameCallback;
  const ids = new WeakMap<HTMLVideoElement, number>();
  let n = 0;
  const key = (v: HTMLVideoElement, handle: number) => {
    if (!ids.has(v)) ids.set(v, n++);
    return `${ids.get(v)}:${handle}`;
  };
  proto.requestVideoFrameCallback = function (this: HTMLVideoElement, cb: VideoFrameRequestCallback) {
    let k = '';
    const handle = request.call(this, (now, meta) => {
      pending.delete(k);
      cb(now, meta);
    });
    k = key(this, handle);
    pending.add(k);
    return handle;
  };
  proto.cancelVideoFrameCallback = function (this: HTMLVideoElement, handle: number) {
    pending.delete(key(this, handle));
    cancel.call(this, handle);
  };
}

function firstFrame(stream: MediaStream): Promise<void> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no frame within 10 s')), 10_000);
    video.requestVideoFrameCallback(() => {
      clearTimeout(timer);
      resolve();
    });
    void video.play().catch(() => {});
  }).finally(() => {
    video.srcObject = null;
    video.remove();
  });
}

async function cycle(server: string, i: number): Promise<void> {
  const roomID = `leak-${Date.now().toString(36)}-${i}`;
  const streamID = `${roomID}-cam`;
  const a = new ZegoLocalEngine(1, server);
  const b = new ZegoLocalEngine(1, server);
  try {
    await a.loginRoom(roomID, await devToken(server, 'pub', roomID), { userID: 'pub', userName: 'Pub' });
    await b.loginRoom(roomID, await devToken(server, 'play', roomID), { userID: 'play', userName: 'Play' }, { userUpdate: true });
    const local = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    local.playVideo(document.getElementById('views')!);
    const added = nextEvent(b, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    a.startPublishingStream(streamID, local);
    await added;
    const remote = await b.startPlayingStream(streamID);
    const view = b.createRemoteStreamView(remote);
    view.play(document.getElementById('views')!);
    await firstFrame(remote);
    const msg = nextEvent(b, 'IMRecvBroadcastMessage');
    await a.sendBroadcastMessage(roomID, `cycle ${i}`);
    await msg;
    view.stop();
    b.stopPlayingStream(streamID);
    a.stopPublishingStream(streamID);
    a.destroyStream(local);
    a.logoutRoom(roomID);
    b.logoutRoom(roomID);
  } finally {
    a.destroyEngine();
    b.destroyEngine();
  }
}

window.leak = {
  cycle,
  live: () => {
    return { peerConnections: counts.livePeerConnections(), tracks: counts.liveTracks(), frameCallbacks: pending.size };
  },
};
