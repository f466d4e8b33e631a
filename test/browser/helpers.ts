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

/** Fraction of pixels that differ between two RGBA frames of one size (any channel sum over 30). */
function changedFraction(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let changed = 0;
  for (let i = 0; i < a.length; i += 4)
    if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) changed++;
  return changed / (a.length / 4 || 1);
}

/**
 * Plays a MediaStream in a <video> of `doc` (this page, or a same-origin iframe's) and checks that its picture
 * changes over time: Chromium's fake camera draws a moving pattern, so two frames 400 ms apart differ in many
 * pixels. Returns the fraction of changed pixels.
 */
export async function pictureChange(stream: MediaStream, gapMs = 400, doc: Document = document): Promise<number> {
  const video = doc.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  doc.body.append(video);
  try {
    await video.play();
    await waitFor(() => video.videoWidth > 0, 10000, 'video has no frames');
    return await canvasChange(video, gapMs, video.videoWidth, video.videoHeight);
  } finally {
    video.srcObject = null;
    video.remove();
  }
}

/**
 * Fraction of pixels of a canvas (worker-owned or not, in any same-origin page) or video that changed over
 * `gapMs`, read through a copy in the source's own document.
 */
export async function canvasChange(
  source: HTMLCanvasElement | HTMLVideoElement,
  gapMs = 400,
  width = source.width,
  height = source.height,
): Promise<number> {
  const copy = source.ownerDocument.createElement('canvas');
  copy.width = width;
  copy.height = height;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  const grab = () => {
    ctx.drawImage(source, 0, 0);
    return ctx.getImageData(0, 0, width, height).data;
  };
  const a = grab();
  await new Promise((r) => setTimeout(r, gapMs));
  return changedFraction(a, grab());
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
