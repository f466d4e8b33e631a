// Test helpers that observe real objects: peer connections, tracks and pixels. No mocks.
import { ZegoLocalEngine } from '../../src/index.js';
import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

(window as unknown as { ZegoLocalEngine: typeof ZegoLocalEngine }).ZegoLocalEngine = ZegoLocalEngine;
ZegoLocalEngine.defaults = {
  loopbackOnly: true,
  heartbeatIntervalMs: 500,
  heartbeatTimeoutMs: 2000,
  reconnectHoldMs: 1500,
  qualityIntervalMs: 1000,
  resumeSettleMs: 1500,
};

export { trackLiveObjects } from './live-objects.js';

type Args<K extends keyof ZegoEvent> = Parameters<ZegoEvent[K]>;

/** Resolves with the arguments of the first `name` event matching `match`; subscribe BEFORE the action. */
export function nextEvent<K extends keyof ZegoEvent>(
  engine: ZegoLocalEngine,
  name: K,
  match: (...args: Args<K>) => boolean = () => true,
  timeoutMs = 15000,
): Promise<Args<K>> {
  return new Promise((resolve, reject) => {
    const fn = ((...args: Args<K>) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      engine.off(name, fn);
      resolve(args);
    }) as ZegoEvent[K];
    const timer = setTimeout(() => {
      engine.off(name, fn);
      reject(new Error(`timed out waiting for ${name}`));
    }, timeoutMs);
    engine.on(name, fn);
  });
}

/** Records every event of the given names, in order. */
export function recordEvents(engine: ZegoLocalEngine, names: (keyof ZegoEvent)[]) {
  const log: { name: string; args: unknown[] }[] = [];
  for (const name of names) engine.on(name, ((...args: unknown[]) => log.push({ name, args })) as never);
  return log;
}

/**
 * Plays a MediaStream in a <video> and checks that its picture changes over time: Chromium's fake camera draws
 * a moving pattern, so two frames 300 ms apart differ in many pixels. Returns the fraction of changed pixels.
 */
export async function pictureChange(stream: MediaStream, gapMs = 400): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  try {
    await video.play();
    await waitFor(() => video.videoWidth > 0, 10000, 'video has no frames');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0);
    const a = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    await new Promise((r) => setTimeout(r, gapMs));
    ctx.drawImage(video, 0, 0);
    const b = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) changed++;
    return changed / (a.length / 4);
  } finally {
    video.srcObject = null;
    video.remove();
  }
}

export async function waitFor(cond: () => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens a same-origin iframe: a second page with its own engine class, documents and channels. */
export async function secondPage(): Promise<{ Engine: typeof ZegoLocalEngine; win: Window & typeof globalThis; close(): void }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/peer-frame.html', import.meta.url).href;
  frame.allow = 'camera; microphone; autoplay';
  document.body.append(frame);
  const win = frame.contentWindow as Window & typeof globalThis & { ZegoLocalEngine?: typeof ZegoLocalEngine; peerReady?: boolean };
  await waitFor(() => !!win.peerReady, 15000, 'second page');
  return { Engine: win.ZegoLocalEngine!, win, close: () => frame.remove() };
}

/** A token from a dev-mode room server's `/token` (it verifies tokens with the secret it made at start). */
export async function devToken(wsUrl: string, userID: string, roomID: string): Promise<string> {
  if (!wsUrl) return 'local';
  const http = wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
  const res = await fetch(`${http}/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(roomID)}`);
  return (await res.json()).token;
}

let counter = 0;
/** A room ID no other test uses, so BroadcastChannel tests never see each other. */
export const uniqueRoom = (prefix = 'r') => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
