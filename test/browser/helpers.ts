// Test helpers that observe real objects: peer connections, tracks and pixels. No mocks.
import { ZegoLocalEngine } from '../../src/index.js';
import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { iceAddress } from './browser.js';

(window as unknown as { ZegoLocalEngine: typeof ZegoLocalEngine }).ZegoLocalEngine = ZegoLocalEngine;
ZegoLocalEngine.defaults = {
  loopbackOnly: iceAddress === '127.0.0.1' ? true : iceAddress,
  heartbeatIntervalMs: 500,
  heartbeatTimeoutMs: 2000,
  reconnectHoldMs: 1500,
  qualityIntervalMs: 1000,
  resumeSettleMs: 1500,
};

import { trackLiveObjects } from './live-objects.js';

export { trackLiveObjects };

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
 * How long a picture may take to show that it moves. Chromium's fake camera draws a pattern that moves every frame
 * (many pixels differ after 400 ms). Firefox's is one colour that drifts, plus a strip of time digits (0.15% of the
 * pixels): a fresh capture starts at pure green and stays there in RGB for 2-4 s before its colour visibly moves.
 * Sampling stops as soon as the picture has clearly moved, so a moving picture costs one gap in Chromium and a frozen
 * one costs the whole budget in both.
 */
const MOVE_BUDGET_MS = 6000;
const CLEARLY_MOVED = 0.05;

/**
 * Plays a MediaStream in a <video> of `doc` (this page, or a same-origin iframe's) and checks that its picture
 * changes over time: the largest fraction of pixels that differ from the first frame `gapMs` or more later (until
 * it clearly moved or MOVE_BUDGET_MS passed).
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
 * Fraction of pixels of a canvas (worker-owned or not, in any same-origin page) or video that changed `gapMs` or
 * more after a first look (the largest seen until it exceeded `enough`, CLEARLY_MOVED unless told, or
 * MOVE_BUDGET_MS passed), read through a copy in the source's own document.
 */
export async function canvasChange(
  source: HTMLCanvasElement | HTMLVideoElement,
  gapMs = 400,
  width = source.width,
  height = source.height,
  enough = CLEARLY_MOVED,
): Promise<number> {
  const copy = source.ownerDocument.createElement('canvas');
  copy.width = width;
  copy.height = height;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  const grab = () => {
    ctx.drawImage(source, 0, 0);
    return ctx.getImageData(0, 0, width, height).data;
  };
  const first = grab();
  const end = Date.now() + Math.max(gapMs, MOVE_BUDGET_MS);
  let largest = 0;
  do {
    await new Promise((r) => setTimeout(r, gapMs));
    largest = Math.max(largest, changedFraction(first, grab()));
  } while (largest <= enough && Date.now() + gapMs <= end);
  return largest;
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
  // counted from the start: a connection made before the first trackLiveObjects(win) would never be seen
  trackLiveObjects(win);
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
