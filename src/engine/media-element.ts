/**
 * DOM pieces shared by `ZegoLocalStream` and `ZegoStreamView`: the SDK-shaped player markup, frame snapshots and
 * the `on`/`off` contract of the SDK's media objects.
 */
import type { ZegoSnapshotOptions } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { randomId } from './secure-context.js';

// `any` parameters: the SDK's callback tables have specific signatures, which `unknown[]` would not accept
type EventTable<E> = { [K in keyof E]: (...args: any[]) => void };

/**
 * `on`/`off` of the SDK's media objects: any event name is accepted (the SDK does not validate them), a callback
 * registered twice fires twice, and `off(name)` without a callback removes every listener of that name.
 */
export class MediaEmitter<E extends EventTable<E>> {
  private readonly listeners = new Map<keyof E, E[keyof E][]>();

  on<K extends keyof E>(event: K, callback: E[K]): boolean {
    if (typeof callback !== 'function') return false;
    const list = this.listeners.get(event);
    if (list) list.push(callback);
    else this.listeners.set(event, [callback]);
    return true;
  }

  off<K extends keyof E>(event: K, callback?: E[K]): boolean {
    const list = this.listeners.get(event);
    if (!list) return false;
    if (callback === undefined) return this.listeners.delete(event);
    const i = list.indexOf(callback);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  /** A throwing page callback must not break playback bookkeeping: it is reported like a DOM listener's error. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const list = this.listeners.get(event);
    if (!list?.length) return;
    for (const fn of list.slice()) {
      try {
        fn(...args);
      } catch (e) {
        reportError(e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

export interface PlayerOptions {
  mirror: boolean;
  objectFit: 'cover' | 'contain' | 'fill';
}

/** IDs for the player markup (outside a secure context too: a LAN page over http). */
const playerId = randomId;

/**
 * The SDK's markup for a playing video, so that page CSS written against the SDK also fits here:
 * `<div id="zg-rtc-player_…"><video muted autoplay playsinline id="zg-rtc-video_…"></video></div>`.
 * Always muted: local preview must not echo, and remote audio plays through its own element.
 */
export class VideoPlayer {
  readonly wrapper: HTMLDivElement;
  readonly video: HTMLVideoElement;
  private readonly abort = new AbortController();

  constructor(
    stream: MediaStream,
    options: PlayerOptions,
    onCanPlay: (e: Event) => void,
    private readonly onAutoplayFailed: (video: HTMLVideoElement, e: unknown) => void,
  ) {
    const id = playerId();
    this.wrapper = document.createElement('div');
    this.wrapper.id = `zg-rtc-player_${id}`;
    this.wrapper.style.cssText = 'width:100%;height:100%;position:relative;background-color:black;overflow:hidden;';
    const v = document.createElement('video');
    v.id = `zg-rtc-video_${id}`;
    v.muted = true;
    v.autoplay = true;
    v.playsInline = true;
    v.setAttribute('muted', '');
    v.setAttribute('playsinline', '');
    v.setAttribute('webkit-playsinline', '');
    v.style.width = '100%';
    v.style.height = '100%';
    this.video = v;
    this.setOptions(options);
    v.addEventListener('canplay', onCanPlay, { signal: this.abort.signal });
    v.srcObject = stream;
    this.wrapper.append(v);
  }

  setOptions(options: PlayerOptions): void {
    this.video.style.objectFit = options.objectFit;
    this.video.style.transform = options.mirror ? 'rotateY(180deg)' : '';
  }

  /** Appends the player to `container` (light or shadow DOM) and starts playback. */
  mount(container: HTMLElement): void {
    container.append(this.wrapper);
    void this.play();
  }

  play(): Promise<void> {
    return playOrReport(this.video, this.abort.signal, this.onAutoplayFailed);
  }

  /** Shows or hides the picture without tearing the player down (the SDK's `setVideoMuted`). */
  setHidden(hidden: boolean): void {
    if (hidden) {
      this.video.pause();
      this.video.remove();
    } else if (!this.video.isConnected) {
      this.wrapper.append(this.video);
      void this.play();
    }
  }

  /**
   * Shows the stream's current video track after a swap: Firefox's `<video>` keeps showing the track it loaded (a
   * frozen frame once that track stops) until the stream is loaded again; Chromium follows on its own.
   */
  reload(): void {
    const stream = this.video.srcObject;
    if (!stream) return;
    this.video.srcObject = stream;
    if (this.video.isConnected) void this.play();
  }

  /** Stops decoding and drops the element and its listeners; the stream's tracks stay live. */
  destroy(): void {
    this.abort.abort();
    this.video.pause();
    this.video.srcObject = null;
    this.wrapper.remove();
  }
}

/**
 * Audio of a stream through a detached `<audio>` element, as the SDK does (nothing is added to the page).
 * Volume is 0..100 like the SDK's `setVolume`.
 */
export class AudioPlayer {
  readonly audio: HTMLAudioElement;
  private readonly abort = new AbortController();

  constructor(
    stream: MediaStream,
    state: { muted: boolean; volume: number; sinkId: string },
    onCanPlay: (e: Event) => void,
    private readonly onAutoplayFailed: (audio: HTMLAudioElement, e: unknown) => void,
  ) {
    const a = document.createElement('audio');
    a.autoplay = true;
    a.muted = state.muted;
    a.volume = state.volume / 100;
    a.addEventListener('canplay', onCanPlay, { signal: this.abort.signal });
    if (state.sinkId) void setSink(a, state.sinkId).catch(() => {});
    a.srcObject = stream;
    this.audio = a;
  }

  play(): Promise<void> {
    return playOrReport(this.audio, this.abort.signal, this.onAutoplayFailed);
  }

  destroy(): void {
    this.abort.abort();
    this.audio.pause();
    this.audio.srcObject = null;
  }
}

/**
 * Starts playback and reports a refusal by the autoplay policy (NotAllowedError) unless the player was destroyed
 * meanwhile. An AbortError only means a newer load or a removal interrupted this play(): not a refusal.
 */
async function playOrReport<M extends HTMLMediaElement>(
  media: M,
  destroyed: AbortSignal,
  onRefused: (media: M, e: unknown) => void,
): Promise<void> {
  try {
    await media.play();
  } catch (e) {
    if ((e as DOMException)?.name === 'NotAllowedError' && !destroyed.aborted) onRefused(media, e);
  }
}

/** `setSinkId` exists in Chromium and Firefox, not in Safari: there the call is a no-op, as the SDK documents. */
export async function setSink(media: HTMLMediaElement, deviceId: string): Promise<void> {
  const m = media as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (typeof m.setSinkId === 'function') await m.setSinkId(deviceId);
}

/** Clamps an SDK volume (0..100); anything that is not a finite number is refused. */
export function toVolume(volume: unknown): number | null {
  if (typeof volume !== 'number' || !Number.isFinite(volume)) return null;
  return Math.min(100, Math.max(0, volume));
}

/**
 * Synchronous snapshots of a `<video>` through one canvas kept for the owner's lifetime (a new canvas per call
 * would allocate a full frame buffer each time).
 */
export class FrameGrabber {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;

  /** Data URL of the current frame; `empty` when there is no frame to take. */
  grab(video: HTMLVideoElement | null, options: ZegoSnapshotOptions | undefined, empty: string): string {
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return empty;
    if (!this.canvas) {
      this.canvas = document.createElement('canvas');
      this.ctx = this.canvas.getContext('2d');
    }
    const canvas = this.canvas;
    if (canvas.width !== video.videoWidth) canvas.width = video.videoWidth;
    if (canvas.height !== video.videoHeight) canvas.height = video.videoHeight;
    this.ctx?.drawImage(video, 0, 0, canvas.width, canvas.height);
    // the SDK prefixes `image/`: 'jpeg' works, 'image/jpeg' falls back to PNG there and here alike
    const url = canvas.toDataURL(`image/${options?.imageType ?? 'png'}`, options?.quality ?? 1);
    if (options?.save) download(url, options.fileName);
    return url;
  }

  /** Drops the frame buffer now instead of whenever the owner is collected. */
  release(): void {
    if (this.canvas) this.canvas.width = this.canvas.height = 0;
    this.canvas = null;
    this.ctx = null;
  }
}

function download(url: string, fileName?: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName || `snapshot-${Date.now()}`;
  a.click();
}

/** `play('id')` takes a light-DOM element ID, as the SDK; pass the element itself for one inside a shadow root. */
export function resolveContainer(container: string | HTMLElement, method: string): HTMLElement {
  const el = typeof container === 'string' ? document.getElementById(container) : container;
  if (!(el instanceof HTMLElement)) throw new Error(`Execute \`${method}\` failed, container not exist`);
  return el;
}
