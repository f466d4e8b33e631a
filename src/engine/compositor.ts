/**
 * `createStreamCompositor()`: the SDK's local mixer ("导播台"), which draws several local streams and images into
 * one canvas and mixes their audio into one track, giving a MediaStream to publish. It follows the SDK 3.12's
 * stream-compositor module (read from its bundle, checked against it in Chromium with fake devices):
 *
 * - `setOutputConfig` throws `Error('param width error')` (height, frameRate, bitrate alike) for a value that is not a
 *   number; defaults: frame rate 15, bitrate 2500 kbps; width and height must be set before composing;
 * - `setInputEndpoint` / `addImage` validate like the SDK (`Error('param x error')`, `Error('param objectFit error')`,
 *   ...), add a layer (objectFit 'cover', zOrder 0 by default) or merge the options into the layer of the same
 *   stream or image; a `contentType` of 'ALL'/'VIDEO' on a stream without video rejects
 *   `{code: 1103074, message: 'video track is not readable'}`, 'ALL'/'AUDIO' without audio 1103076; an input whose
 *   video gives no frame within 3 s rejects 1103074;
 * - `startComposingStream` rejects `{code: 1100001, message: 'input param error'}` without a width and height or
 *   when a layer lies outside the output; it resolves a MediaStream with one video track (the canvas, at the
 *   configured frame rate) and one audio track (the inputs' audio mixed with Web Audio, each input's `volume`
 *   0..100; silent without audio inputs, as the SDK's);
 * - layers are drawn by `zOrder` (then in the order they were added), each fitted to its layout rectangle by
 *   `objectFit`; a layer without `layout` is not drawn (its audio still counts);
 * - `stopComposingStream` ends the output tracks, releases everything the compositor made and forgets every input
 *   and image (as the SDK); the input streams stay live, they are the page's.
 *
 * Drawing runs on a timer at the output frame rate (the SDK's way): `requestVideoFrameCallback` and
 * `requestAnimationFrame` stop with rendering in a background tab, a timer keeps running there (at the browser's
 * background rate). Each draw hands exactly one frame to the track (`requestFrame()` of a `captureStream(0)`), so the
 * output keeps the configured rate while the page is in front.
 */
import type {
  ZegoStreamCompositorInputOption,
  ZegoStreamCompositorLayoutOption,
  ZegoStreamCompositorOutputConfig,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoStreamCompositorEntity.web';
import { Code } from '../shared/codes.js';
import type { ZegoLocalStream } from './local-stream.js';

/** The SDK's rejections of this module (`{code, message}`, not `{errorCode, extendedData}`). */
const INPUT_PARAM = Object.freeze({ code: Code.INPUT_PARAM, message: 'input param error' });
const VIDEO_NOT_READABLE = Object.freeze({ code: 1103074, message: 'video track is not readable' });
const AUDIO_NOT_READABLE = Object.freeze({ code: 1103076, message: 'audio track is not readable' });
/** After `destroyEngine` (the engine's own code for a destroyed engine). */
const DESTROYED = Object.freeze({ code: Code.NOT_LOGIN, message: 'engine destroyed' });

const FITS = ['cover', 'contain', 'fill'] as const;
const CONTENT_TYPES = ['ALL', 'VIDEO', 'AUDIO'] as const;
type Fit = (typeof FITS)[number];

/** How long an input's video may take to show its first frame (the SDK: 2 s, with a retry of `play()` at 1 s). */
const FIRST_FRAME_MS = 3000;

interface AudioInput {
  /** The input's audio track the nodes were built for: a device switch swaps the stream's track. */
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
}

interface Layer {
  option: ZegoStreamCompositorInputOption;
  image?: HTMLImageElement;
  stream?: MediaStream;
  /** Detached, muted `<video>` playing `stream`: the frames to draw, and what makes Chromium decode a received stream. */
  video?: HTMLVideoElement;
  /** False until the video showed a frame (a layer being added). */
  ready: boolean;
  audio?: AudioInput;
}

/** What exists only while composing. */
interface Output {
  stream: MediaStream;
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  /** `requestFrame()` of a `captureStream(0)` track; null where the browser paces the capture itself. */
  requestFrame: (() => void) | null;
  audioContext: AudioContext;
  destination: MediaStreamAudioDestinationNode;
  timer?: ReturnType<typeof setInterval>;
  frameRate: number;
  /** Ends the autoplay-gesture listeners. */
  abort: AbortController;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const wantsVideo = (o: ZegoStreamCompositorInputOption) =>
  o.contentType === undefined || o.contentType === 'ALL' || o.contentType === 'VIDEO';
const wantsAudio = (o: ZegoStreamCompositorInputOption) =>
  o.contentType === undefined || o.contentType === 'ALL' || o.contentType === 'AUDIO';

/** The SDK's checks of a layer's options; `update` allows a partial layout (merged into the existing layer's). */
function checkOption(option: ZegoStreamCompositorInputOption, update: boolean): void {
  const { layout, objectFit, contentType, volume } = option;
  if (layout !== undefined) {
    if (!isObject(layout)) throw new Error('param layout error');
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      if (update && layout[key] === undefined) continue;
      if (!isNumber(layout[key])) throw new Error(`param ${key} error`);
    }
    if (layout.zOrder !== undefined && !isNumber(layout.zOrder)) throw new Error('param zOrder error');
  }
  if (objectFit !== undefined && !FITS.includes(objectFit as Fit)) throw new Error('param objectFit error');
  if (contentType !== undefined && !(CONTENT_TYPES as readonly string[]).includes(contentType)) throw new Error('param contentType error');
  if (volume !== undefined && !isNumber(volume)) throw new Error('param volume error');
}

/** A layer's own copy of the options, with the SDK's defaults (objectFit 'cover', zOrder 0). */
function newOption(option: ZegoStreamCompositorInputOption): ZegoStreamCompositorInputOption {
  const copy: ZegoStreamCompositorInputOption = { objectFit: 'cover', ...definedOf(option) };
  if (option.layout) copy.layout = { zOrder: 0, ...definedOf(option.layout) } as ZegoStreamCompositorLayoutOption;
  return copy;
}

/** Merges an update into a layer's options (the layout field by field; undefined values change nothing). */
function mergeOption(old: ZegoStreamCompositorInputOption, next: ZegoStreamCompositorInputOption): ZegoStreamCompositorInputOption {
  const merged: ZegoStreamCompositorInputOption = { ...old, ...definedOf(next) };
  if (next.layout) merged.layout = { zOrder: 0, ...old.layout, ...definedOf(next.layout) } as ZegoStreamCompositorLayoutOption;
  return merged;
}

function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The MediaStream behind an input: a MediaStream, or a ZegoLocalStream's (the SDK's own rule and message). */
function mediaOf(stream: unknown): MediaStream {
  if (stream instanceof MediaStream) return stream;
  if (isObject(stream) && 'zegoStream' in stream) {
    const media = (stream as { stream?: unknown }).stream;
    if (media instanceof MediaStream) return media;
    throw new Error('The ZegoLocalStream type requires first calling the capture api to capture the stream');
  }
  throw new Error('stream is not from zego');
}

/** Draws `source` (sw x sh) into the layout rectangle the way CSS `object-fit` would, as the SDK computes it. */
function drawFitted(
  ctx: CanvasRenderingContext2D,
  source: CanvasImageSource,
  sw: number,
  sh: number,
  option: ZegoStreamCompositorInputOption,
) {
  const { x, y, width: w, height: h } = option.layout!;
  if (w <= 0 || h <= 0) return;
  const narrower = w / h <= sw / sh; // the layer is narrower than the source
  switch (option.objectFit as Fit) {
    case 'contain':
      if (narrower) {
        const fh = (w * sh) / sw;
        ctx.drawImage(source, x, y + (h - fh) / 2, w, fh);
      } else {
        const fw = (h * sw) / sh;
        ctx.drawImage(source, x + (w - fw) / 2, y, fw, h);
      }
      break;
    case 'fill':
      ctx.drawImage(source, x, y, w, h);
      break;
    default: // 'cover': crop the source to the layer's aspect ratio
      if (narrower) {
        const cw = (w * sh) / h;
        ctx.drawImage(source, (sw - cw) / 2, 0, cw, sh, x, y, w, h);
      } else {
        const ch = (sw * h) / w;
        ctx.drawImage(source, 0, (sh - ch) / 2, sw, ch, x, y, w, h);
      }
  }
}

/**
 * Resolves when `video` shows its first frame. Like the SDK, `play()` is tried again after a second; after
 * `FIRST_FRAME_MS` (or when `signal` aborts) it rejects 1103074.
 */
function firstFrame(video: HTMLVideoElement, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = new AbortController();
    const finish = (ok: boolean) => {
      done.abort();
      clearTimeout(retry);
      clearTimeout(giveUp);
      if (ok) resolve();
      else reject(VIDEO_NOT_READABLE);
    };
    const check = () => {
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) finish(true);
    };
    for (const type of ['loadeddata', 'playing', 'resize', 'timeupdate']) video.addEventListener(type, check, { signal: done.signal });
    signal.addEventListener('abort', () => finish(false), { signal: done.signal });
    const retry = setTimeout(() => void video.play().catch(() => {}), 1000);
    const giveUp = setTimeout(() => finish(false), FIRST_FRAME_MS);
    check();
  });
}

/**
 * The local engine's `ZegoStreamCompositor`, made by `createStreamCompositor()`. See the module comment for what it
 * does and how it fails; underscore members are for the engine.
 */
export class ZegoStreamCompositor {
  private config: Required<ZegoStreamCompositorOutputConfig> = { width: 0, height: 0, frameRate: 15, bitrate: 2500 };
  /** In drawing order: by zOrder, then by when they were added. */
  private layers: Layer[] = [];
  private output: Output | null = null;
  /** Aborted by `stopComposingStream` and `_destroy`: inputs still starting give up. */
  private inputs = new AbortController();
  private destroyed = false;

  /**
   * @param owner the engine's set of compositors (it stops them all in `destroyEngine`); the SDK's constructor takes
   * its internal compositor here.
   */
  constructor(private readonly owner?: Set<ZegoStreamCompositor>) {
    owner?.add(this);
  }

  /** Sets the output's size, frame rate and bitrate (kbps); while composing, the canvas and the pace follow at once. */
  setOutputConfig(config: ZegoStreamCompositorOutputConfig): void {
    const c = (isObject(config) ? config : {}) as Partial<ZegoStreamCompositorOutputConfig>;
    if (!isNumber(c.width)) throw new Error('param width error');
    if (!isNumber(c.height)) throw new Error('param height error');
    if (c.frameRate !== undefined && !isNumber(c.frameRate)) throw new Error('param frameRate error');
    if (c.bitrate !== undefined && !isNumber(c.bitrate)) throw new Error('param bitrate error');
    this.config = { ...this.config, ...definedOf(c) };
    const out = this.output;
    if (!out) return;
    out.canvas.width = Math.max(1, Math.round(this.config.width));
    out.canvas.height = Math.max(1, Math.round(this.config.height));
    if (this.config.frameRate > 0 && this.config.frameRate !== out.frameRate) this.pace(out);
  }

  /**
   * Adds `stream` (a MediaStream or a ZegoLocalStream, local or played) as a layer, or updates its layer's options.
   * Resolves once its video shows a frame. Rejects `Error('stream is not from zego')` for anything else, the SDK's
   * `Error('param … error')` for bad options, and 1103074/1103076 (see the module comment).
   * @partial any MediaStream is accepted (the SDK takes only its own streams); an input without `layout` is mixed, not drawn; an input with no frame in 3 s rejects 1103074
   */
  async setInputEndpoint(stream: MediaStream | ZegoLocalStream, option: ZegoStreamCompositorInputOption): Promise<void> {
    if (this.destroyed) throw DESTROYED;
    const media = mediaOf(stream);
    const opts = option === undefined ? {} : option;
    if (!isObject(opts)) throw new Error('param option error');
    const existing = this.layers.find((l) => l.stream === media);
    checkOption(opts, !!existing);
    const merged = existing ? mergeOption(existing.option, opts) : newOption(opts);
    checkTracks(media, merged);
    if (existing) {
      existing.option = merged;
      this.sort();
      if (this.output) this.connectAudio(existing, this.output);
      return;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.srcObject = media;
    const layer: Layer = { option: merged, stream: media, video, ready: false };
    this.layers.push(layer);
    this.sort();
    if (this.output) this.connectAudio(layer, this.output);
    void video.play().catch(() => {});
    if (!media.getVideoTracks().length) {
      layer.ready = true;
      return;
    }
    try {
      await firstFrame(video, this.inputs.signal);
      layer.ready = true;
    } catch (e) {
      // stopped meanwhile (the layer is already gone) or no frame: the SDK adds no layer either
      this.removeLayer(layer);
      if (!this.inputs.signal.aborted) throw e;
    }
  }

  /** Adds a loaded `<img>` as a layer, or updates its options; throws `Error('source must be image and loaded')`. */
  addImage(img: HTMLImageElement, option: ZegoStreamCompositorInputOption): void {
    checkImage(img);
    const opts = option === undefined ? {} : option;
    if (!isObject(opts)) throw new Error('param option error');
    const existing = this.layers.find((l) => l.image === img);
    checkOption(opts, !!existing);
    if (existing) existing.option = mergeOption(existing.option, opts);
    else this.layers.push({ option: newOption(opts), image: img, ready: true });
    this.sort();
  }

  /** Removes an image's layer (the SDK's own check first: it must be a loaded `<img>`). */
  removeImage(img: HTMLImageElement): void {
    checkImage(img);
    const layer = this.layers.find((l) => l.image === img);
    if (layer) this.removeLayer(layer);
  }

  /**
   * Starts drawing and mixing; resolves the composed MediaStream (the same one while composing), publishable with
   * `startPublishingStream(streamID, mediaStream)`.
   * @partial uncovered areas are black (the SDK leaves them transparent, which encodes as black); the output bitrate applies only once publishers cap composed streams
   */
  async startComposingStream(): Promise<MediaStream> {
    if (this.destroyed) throw DESTROYED;
    const { width, height, frameRate, bitrate } = this.config;
    if (!(width > 0 && height > 0 && frameRate > 0 && bitrate > 0)) throw INPUT_PARAM;
    for (const layer of this.layers) {
      const l = layer.option.layout;
      // the SDK's bounds check (a layer may start left of or above the canvas, not end past it)
      if (l && !(l.x <= width && l.y <= height && l.x + l.width <= width && l.y + l.height <= height)) throw INPUT_PARAM;
      if (layer.stream) checkTracks(layer.stream, layer.option);
    }
    if (this.output) return this.output.stream;

    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width);
    canvas.height = Math.round(height);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw { code: Code.BROWSER_NOT_SUPPORT, message: 'canvas 2d is not supported' };
    const captured = canvas.captureStream(0);
    let video = captured.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    let requestFrame: (() => void) | null = null;
    if (typeof video.requestFrame === 'function') requestFrame = () => video.requestFrame();
    else {
      // no requestFrame (older engines): the browser samples the canvas at the rate
      video.stop();
      video = canvas.captureStream(frameRate).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    }
    const audioContext = new AudioContext();
    const destination = audioContext.createMediaStreamDestination();
    const out: Output = {
      stream: new MediaStream([video, ...destination.stream.getAudioTracks()]),
      canvas,
      ctx,
      requestFrame,
      audioContext,
      destination,
      frameRate,
      abort: new AbortController(),
    };
    this.output = out;
    wake(audioContext, out.abort.signal);
    for (const layer of this.layers) this.connectAudio(layer, out);
    this.pace(out);
    this.draw(out);
    return out.stream;
  }

  /** Ends the composed tracks and releases what the compositor made; forgets every input and image, as the SDK. */
  async stopComposingStream(): Promise<boolean> {
    this.inputs.abort();
    this.inputs = new AbortController();
    const out = this.output;
    this.output = null;
    for (const layer of this.layers) this.releaseLayer(layer);
    this.layers = [];
    if (!out) return true;
    clearInterval(out.timer);
    out.abort.abort();
    for (const t of out.stream.getTracks()) t.stop();
    out.canvas.width = out.canvas.height = 0;
    if (out.audioContext.state !== 'closed') await out.audioContext.close().catch(() => {});
    return true;
  }

  /** @internal The output's bitrate, kbps (`setOutputConfig`'s `bitrate`, 2500 by default): for the engine's senders. */
  get _bitrate(): number {
    return this.config.bitrate;
  }

  /** @internal The composed stream while composing, else null. */
  get _stream(): MediaStream | null {
    return this.output?.stream ?? null;
  }

  /** @internal `destroyEngine`: stops composing and refuses to start again. */
  _destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.owner?.delete(this);
    void this.stopComposingStream();
  }

  // ---------------------------------------------------------------------------------------------- drawing

  /** (Re)starts the timer at the configured frame rate. */
  private pace(out: Output): void {
    clearInterval(out.timer);
    out.frameRate = this.config.frameRate;
    out.timer = setInterval(() => this.draw(out), 1000 / out.frameRate);
  }

  private draw(out: Output): void {
    if (this.output !== out) return;
    // the page ended the composed tracks itself (destroyStream of the composed stream): release the rest
    if (out.stream.getTracks().every((t) => t.readyState === 'ended')) {
      void this.stopComposingStream();
      return;
    }
    const { ctx, canvas } = out;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (const layer of this.layers) {
      if (layer.stream) this.connectAudio(layer, out);
      if (!layer.option.layout || !layer.ready) continue;
      if (layer.image) {
        const img = layer.image;
        if (img.complete && img.naturalWidth) drawFitted(ctx, img, img.naturalWidth, img.naturalHeight, layer.option);
        continue;
      }
      const video = layer.video;
      if (!video || !wantsVideo(layer.option) || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) continue;
      // an ended or removed camera leaves its rectangle black, not frozen on its last frame
      if (!layer.stream!.getVideoTracks().some((t) => t.readyState === 'live')) continue;
      drawFitted(ctx, video, video.videoWidth, video.videoHeight, layer.option);
    }
    out.requestFrame?.();
  }

  // ---------------------------------------------------------------------------------------------- audio

  /**
   * Keeps a layer's audio nodes in line with its options and its stream's current audio track (a device switch
   * replaces the track inside the same stream): source -> gain (volume / 100) -> the output's destination.
   */
  private connectAudio(layer: Layer, out: Output): void {
    const stream = layer.stream;
    if (!stream) return;
    const track = wantsAudio(layer.option) ? (stream.getAudioTracks().find((t) => t.readyState === 'live') ?? null) : null;
    if (layer.audio && layer.audio.track !== track) this.disconnectAudio(layer);
    if (track && !layer.audio && out.audioContext.state !== 'closed') {
      const source = out.audioContext.createMediaStreamSource(new MediaStream([track]));
      const gain = out.audioContext.createGain();
      source.connect(gain).connect(out.destination);
      layer.audio = { track, source, gain };
    }
    if (layer.audio) {
      const volume = Math.min(100, Math.max(0, layer.option.volume ?? 100));
      if (layer.audio.gain.gain.value !== volume / 100) layer.audio.gain.gain.value = volume / 100;
    }
  }

  private disconnectAudio(layer: Layer): void {
    if (!layer.audio) return;
    layer.audio.source.disconnect();
    layer.audio.gain.disconnect();
    layer.audio = undefined;
  }

  // ---------------------------------------------------------------------------------------------- layers

  private sort(): void {
    // Array.prototype.sort is stable: equal zOrders keep the order they were added in
    this.layers.sort((a, b) => (a.option.layout?.zOrder ?? 0) - (b.option.layout?.zOrder ?? 0));
  }

  private removeLayer(layer: Layer): void {
    const i = this.layers.indexOf(layer);
    if (i >= 0) this.layers.splice(i, 1);
    this.releaseLayer(layer);
  }

  /** Stops decoding the layer's stream (its tracks are the page's and stay live) and drops its audio nodes. */
  private releaseLayer(layer: Layer): void {
    this.disconnectAudio(layer);
    if (layer.video) {
      layer.video.pause();
      layer.video.srcObject = null;
      layer.video = undefined;
    }
  }
}

/** The SDK's rule: an `<img>` that has loaded (a natural width). */
function checkImage(img: unknown): asserts img is HTMLImageElement {
  if (!(img instanceof HTMLImageElement) || !img.naturalWidth) throw new Error('source must be image and loaded');
}

/** 'ALL'/'VIDEO' needs a video track, 'ALL'/'AUDIO' an audio track (the SDK's checks). */
function checkTracks(media: MediaStream, option: ZegoStreamCompositorInputOption): void {
  const t = option.contentType;
  if ((t === 'ALL' || t === 'VIDEO') && !media.getVideoTracks().length) throw VIDEO_NOT_READABLE;
  if ((t === 'ALL' || t === 'AUDIO') && !media.getAudioTracks().length) throw AUDIO_NOT_READABLE;
}

/**
 * The autoplay policy starts a context made without a user gesture 'suspended' (the output's audio is then silent):
 * ask to resume now, and again on the page's next pointerdown or keydown, until it runs or `signal` aborts.
 */
function wake(ctx: AudioContext, signal: AbortSignal): void {
  if (ctx.state !== 'suspended') return;
  const resume = () => {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  };
  resume();
  const done = new AbortController();
  signal.addEventListener('abort', () => done.abort(), { signal: done.signal });
  ctx.addEventListener('statechange', () => ctx.state !== 'suspended' && done.abort(), { signal: done.signal });
  window.addEventListener('pointerdown', resume, { capture: true, signal: done.signal });
  window.addEventListener('keydown', resume, { capture: true, signal: done.signal });
}
