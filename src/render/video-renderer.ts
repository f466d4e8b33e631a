// Over 500 lines on purpose: the two drawing paths (requestVideoFrameCallback on the main thread, a track processor
// feeding a worker's OffscreenCanvas) share the canvas, frame size, counters and visibility handling; the worker's
// own side is render-worker.ts.
import { fitRect, type Fit, type FitRect } from './fit.js';
import { workerURL, type FromWorker, type ToWorker } from './render-worker.js';

export type { Fit } from './fit.js';

/**
 * How frames reach the canvas:
 * - `rvfc`: on the main thread, one `drawImage` per frame the `<video>` presents (`requestVideoFrameCallback`;
 *   rAF plus a `currentTime` check where that is missing);
 * - `worker`: off the main thread, `MediaStreamTrackProcessor` frames drawn into the canvas transferred to a worker;
 * - `external`: the kit draws nothing; `getFrameSource()` is the `<video>`, which keeps playing for whoever reads it;
 * - `auto`: `worker` where the browser has what it needs, else `rvfc`.
 */
export type RenderMode = 'auto' | 'rvfc' | 'worker' | 'external';
/** The path a renderer actually runs: `auto` resolved, `worker` fallen back to `rvfc` where unsupported. */
export type ActiveRenderMode = 'rvfc' | 'worker' | 'external';

/** This module, as its lazy loader hands it over. */
export type RendererModule = typeof import('./video-renderer.js');

/** How a controller gets this module, which loads on first use (see src/lazy.ts). */
export interface RendererLoaders {
  renderer(): Promise<RendererModule>;
  /** The module if some `renderer()` already resolved. */
  loadedRenderer(): RendererModule | undefined;
}

export interface VideoRendererOptions {
  fit?: Fit;
  mirror?: boolean;
  mode?: RenderMode;
  /** Called when the source frames change size (first frame included). */
  onFrameSize?: (width: number, height: number) => void;
  /** Called once per stream, at its first frame. */
  onFirstFrame?: () => void;
}

export type SnapshotType = 'blob' | 'dataurl';

const SNAPSHOT_TIMEOUT_MS = 3000;
const VIDEO_STYLE = 'position:absolute;left:0;top:0;width:1px;height:1px;opacity:0;pointer-events:none;margin:0;padding:0;border:0';
const CANVAS_STYLE = 'display:block;width:100%;height:100%';

type Processor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
const Processor = (globalThis as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;
/** How long the worker path may go without a frame from a live track before its watchdog acts. */
const STALL_MS = 3000;
/**
 * Worker path without shared memory: a counter read this soon after the previous read of the same counter is a
 * poller (a game engine, per animation frame; a test's waitFor) and gets per-frame reports for PER_FRAME_MS.
 * `<zego-remote-videos>` reads every 250 ms to spot stalled video: batched reports serve it.
 */
const POLL_MS = 100;
const PER_FRAME_MS = 5000;

let workerBroken = false;

/**
 * MediaStream -> hidden `<video>` -> `<canvas part="video">`, drawn once per new frame and never otherwise, with no
 * allocation per frame; plus the frame source a game engine reads (`getFrameSource()`, `frameCounter`, ...).
 *
 * Mirroring is a canvas transform, so the canvas (what people see) and `snapshot()` are mirrored alike; `mirrored`
 * says so. In `external` mode the source is the unmirrored `<video>`: a reader flips it itself when `mirrored` is
 * true (Cocos: `SpriteFrame.flipUVX`).
 *
 * The `<video>` stays in the DOM (1 px, transparent): older Safari stops signalling frames of a `display:none`
 * video. In `worker` mode it has no source: frames go straight from the track to the worker.
 */
export class VideoRenderer {
  /** Pending frame callbacks (rVFC/rAF) and running workers of every renderer in the page: 0 after all are disposed. */
  static liveCallbacks = 0;

  /** Whether this browser can draw off the main thread (`MediaStreamTrackProcessor`, `transferControlToOffscreen`). */
  static get workerSupported(): boolean {
    return (
      !workerBroken &&
      typeof Processor === 'function' &&
      typeof Worker === 'function' &&
      typeof VideoFrame === 'function' &&
      typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function'
    );
  }

  readonly video: HTMLVideoElement;
  onFrameSize?: (width: number, height: number) => void;
  onFirstFrame?: () => void;

  private _canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D | null = null;
  private _stream: MediaStream | null = null;
  /** The video track the `<video>` loaded (see apply()). */
  private loadedTrack: MediaStreamTrack | null = null;
  private _fit: Fit;
  private _mirror: boolean;
  private _mode: RenderMode;
  private active: ActiveRenderMode = 'rvfc';
  private disposed = false;

  private frames = 0;
  private drawn = 0;
  /** The running worker's totals already in `frames`/`drawn`: its reports are totals, folded in by difference. */
  private workerFrames = 0;
  private workerDrawn = 0;
  /** `[frames, drawn]` shared with the worker where the page is cross-origin isolated; read at every count read. */
  private shared: Int32Array | null = null;
  private lastCounterRead = -Infinity;
  private lastDrawnRead = -Infinity;
  private perFrameAsked = -Infinity;
  private readonly flushWaiters: Array<() => void> = [];
  private _frameWidth = 0;
  private _frameHeight = 0;
  private firstSeen = false;
  private readonly rect: FitRect = { x: 0, y: 0, width: 0, height: 0 };
  private backingWidth = 0;
  private backingHeight = 0;
  private offscreen = false;
  private hidden = typeof document !== 'undefined' && document.hidden;

  // main-thread loop
  private frameHandle = 0;
  private usingRaf = false;
  private lastPresented = -1;
  private lastTime = -1;

  // worker path
  private worker: Worker | null = null;
  private workerTrack: MediaStreamTrack | null = null;
  /**
   * The processor whose readable the worker reads. Held for as long as the worker reads it: Chromium stops the
   * transferred stream when the processor object is garbage-collected (the tile froze after its first frame, at
   * random, in test/browser/dom-move.test.ts).
   */
  private processor: InstanceType<Processor> | null = null;
  /**
   * The worker path's watchdog: when a live, enabled, unmuted track brings no frame to the worker for STALL_MS, this
   * renderer draws on the main thread (rvfc) from then on. Chromium's processor sometimes delivers nothing from a
   * camera track that still feeds a `<video>` and the encoder (about one run in five of
   * test/browser/dom-move.test.ts: a preview frozen on its first frame, or black; a new processor on the same track
   * got nothing either, the `<video>` went on).
   */
  private watchdog = 0;
  private lastWorkerFrame = 0;
  private workerStalled = false;
  private snapshotId = 0;
  private readonly snapshotWaiters = new Map<number, (blob: Blob | null) => void>();

  private readonly events = new AbortController();
  private readonly resizeObserver: ResizeObserver;
  private readonly intersectionObserver: IntersectionObserver;

  constructor(container: Element | ShadowRoot, options: VideoRendererOptions = {}) {
    this._fit = options.fit ?? 'contain';
    this._mirror = options.mirror ?? false;
    this._mode = options.mode ?? 'auto';
    this.onFrameSize = options.onFrameSize;
    this.onFirstFrame = options.onFirstFrame;

    const video = document.createElement('video');
    video.muted = true;
    video.defaultMuted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.disablePictureInPicture = true;
    video.setAttribute('playsinline', '');
    video.setAttribute('muted', '');
    video.setAttribute('aria-hidden', 'true');
    video.tabIndex = -1;
    video.style.cssText = VIDEO_STYLE;
    this.video = video;
    this._canvas = this.makeCanvas();
    container.append(video, this._canvas);

    this.resizeObserver = new ResizeObserver(this.onResize);
    this.intersectionObserver = new IntersectionObserver(this.onIntersection);
    this.observe();
    document.addEventListener('visibilitychange', this.onVisibility, { signal: this.events.signal });
    video.addEventListener('resize', this.onVideoResize, { signal: this.events.signal });
    this.apply();
  }

  // ---- settings ----

  /** The stream shown; `null` clears. Setting the same stream again picks up a replaced video track. */
  get stream(): MediaStream | null {
    return this._stream;
  }
  set stream(stream: MediaStream | null) {
    if (stream !== this._stream) {
      this._stream = stream;
      this.firstSeen = false;
      this.lastPresented = -1;
      this.lastTime = -1;
    }
    this.apply();
  }

  get fit(): Fit {
    return this._fit;
  }
  set fit(fit: Fit) {
    if (fit === this._fit) return;
    this._fit = fit;
    this.relayout();
  }

  /** Mirror the picture (the local camera preview). */
  get mirror(): boolean {
    return this._mirror;
  }
  set mirror(mirror: boolean) {
    if (mirror === this._mirror) return;
    this._mirror = mirror;
    this.relayout();
  }

  get mode(): RenderMode {
    return this._mode;
  }
  set mode(mode: RenderMode) {
    if (mode === this._mode) return;
    this._mode = mode;
    this.apply();
  }

  /** The path in use: `auto` resolved, and `worker` where it fell back to `rvfc`. */
  get activeMode(): ActiveRenderMode {
    return this.active;
  }

  /** The canvas people see. Stable, except that leaving the worker path for `rvfc` needs a fresh canvas. */
  get canvas(): HTMLCanvasElement {
    return this._canvas;
  }

  // ---- frame source ----

  /** What a game engine reads: the canvas while the kit draws, the `<video>` in `external` mode. */
  getFrameSource(): HTMLCanvasElement | HTMLVideoElement {
    return this.active === 'external' ? this.video : this._canvas;
  }

  /** Width of the source frames (not of the canvas); 0 before the first frame. */
  get frameWidth(): number {
    return this._frameWidth;
  }

  get frameHeight(): number {
    return this._frameHeight;
  }

  /**
   * Source frames presented since this renderer started: +1 per frame, whether drawn or not (off-screen, external).
   *
   * Exact at every read on the main-thread paths (`rvfc`, `external`). On the `worker` path the worker counts:
   * - in a cross-origin isolated page it shares the count (SharedArrayBuffer): exact at every read;
   * - elsewhere it reports the count by message and a read returns the last report, which counts every frame the
   *   worker took up to at most 250 ms (one batch) before it was sent. The first frame of a stream, a new source and
   *   a pause are reported at once. A reader that polls, i.e. reads this getter twice within 100 ms (a game engine
   *   deciding once per animation frame whether to upload a texture), gets every frame reported on its own for the
   *   next 5 s, renewed while it polls: the count then moves by one per frame, as on `rvfc`, one message hop after
   *   the worker drew the frame. `syncFrameCounters()` resolves when a read is exact.
   * Without shared memory, frames of the last batch before the worker stops (`worker` -> `rvfc`, dispose) go
   * uncounted.
   */
  get frameCounter(): number {
    this.lastCounterRead = this.countersRead(this.lastCounterRead);
    return this.frames;
  }

  /** Frames the kit drew into the canvas; on the `worker` path as `frameCounter` (same reports; polled on its own). */
  get framesDrawn(): number {
    this.lastDrawnRead = this.countersRead(this.lastDrawnRead);
    return this.drawn;
  }

  /**
   * Resolves once `frameCounter` and `framesDrawn` include every frame the renderer had taken when called: one
   * message round trip on the `worker` path without shared memory, at once otherwise.
   */
  syncFrameCounters(): Promise<void> {
    if (!this.worker || this.shared) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.flushWaiters.push(resolve);
      this.post({ t: 'flush' });
    });
  }

  /** Whether the picture is shown mirrored (the canvas and snapshots carry mirrored pixels; the `<video>` never does). */
  get mirrored(): boolean {
    return this._mirror;
  }

  /** True while drawing is paused: off-screen or the page hidden. Frames are still counted. */
  get paused(): boolean {
    return this.offscreen || this.hidden;
  }

  /** The current frame at its own size (mirrored when `mirrored`), as a PNG Blob or data URL; the stream goes on. */
  snapshot(type?: 'blob'): Promise<Blob>;
  snapshot(type: 'dataurl'): Promise<string>;
  async snapshot(type: SnapshotType = 'blob'): Promise<Blob | string> {
    const blob = this.active === 'worker' ? await this.workerSnapshot() : await this.videoSnapshot();
    if (type === 'blob') return blob;
    return new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  /** Releases everything: frame callbacks, observers, listeners, the worker, the `<video>` and the canvas. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopLoop();
    this.stopWorker();
    this.resizeObserver.disconnect();
    this.intersectionObserver.disconnect();
    this.events.abort();
    this.video.pause();
    this.video.srcObject = null;
    this.loadedTrack = null;
    this.video.removeAttribute('src');
    this.video.remove();
    this._canvas.remove();
    this._stream = null;
    this.ctx = null;
    for (const resolve of this.snapshotWaiters.values()) resolve(null);
    this.snapshotWaiters.clear();
  }

  // ---- wiring ----

  private resolveMode(): ActiveRenderMode {
    if (this._mode === 'external' || this._mode === 'rvfc') return this._mode;
    return VideoRenderer.workerSupported && !this.workerStalled ? 'worker' : 'rvfc';
  }

  /** Brings the video, the frame loop and the worker in line with stream + mode. */
  private apply(): void {
    if (this.disposed) return;
    const mode = this.resolveMode();
    const was = this.active;
    this.active = mode;
    if (mode === 'rvfc' && this.worker) this.replaceCanvas();
    else if (mode === 'rvfc' && was !== 'rvfc') this.relayout();

    const wantVideo = mode !== 'worker' && this._stream !== null;
    const src = wantVideo ? this._stream : null;
    const track = src?.getVideoTracks()[0] ?? null;
    // a replaced track loads the stream again: Firefox's <video> keeps showing the track it loaded (Chromium follows)
    if (this.video.srcObject !== src || track !== this.loadedTrack) {
      this.stopLoop();
      this.video.srcObject = src;
      this.loadedTrack = track;
      this.lastPresented = -1;
      this.lastTime = -1;
      if (src) this.video.play().catch(() => {}); // muted + autoplay: a refusal only delays until the next play
    }
    if (wantVideo) this.startLoop();
    else this.stopLoop();

    if (mode === 'worker') {
      if (!this.worker) this.startWorker();
      this.pipeTrack(this._stream?.getVideoTracks()[0] ?? null);
      this.postOptions();
    } else if (this.worker) {
      this.pipeTrack(null); // keep the worker (it owns the canvas) but stop feeding it
    }
  }

  private makeCanvas(): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.setAttribute('part', 'video');
    canvas.style.cssText = CANVAS_STYLE;
    canvas.width = this.backingWidth;
    canvas.height = this.backingHeight;
    return canvas;
  }

  /** A transferred canvas cannot get a 2D context again: leaving the worker path means a new element. */
  private replaceCanvas(): void {
    this.stopWorker();
    const canvas = this.makeCanvas();
    this.resizeObserver.unobserve(this._canvas);
    this.intersectionObserver.unobserve(this._canvas);
    this._canvas.replaceWith(canvas);
    this._canvas = canvas;
    this.ctx = null;
    this.observe();
    this.relayout();
  }

  private observe(): void {
    try {
      this.resizeObserver.observe(this._canvas, { box: 'device-pixel-content-box' });
    } catch {
      this.resizeObserver.observe(this._canvas);
    }
    this.intersectionObserver.observe(this._canvas);
  }

  private context(): CanvasRenderingContext2D | null {
    this.ctx ??= this._canvas.getContext('2d');
    return this.ctx;
  }

  /** Fit rectangle, mirror transform and cleared bars: once per size, fit or mirror change, never per frame. */
  private relayout(): void {
    if (this.worker || this.active === 'worker') {
      this.postOptions();
      return;
    }
    const ctx = this.context();
    if (!ctx) return;
    const { width, height } = this._canvas;
    fitRect(this._fit, this._frameWidth, this._frameHeight, width, height, this.rect);
    ctx.setTransform(this._mirror ? -1 : 1, 0, 0, 1, this._mirror ? width : 0, 0);
    ctx.clearRect(0, 0, width, height);
    // A resize clears the canvas: put the current frame back rather than wait up to a frame interval.
    if (this.active === 'rvfc' && !this.paused) this.draw();
  }

  private draw(): boolean {
    const ctx = this.ctx;
    const r = this.rect;
    if (!ctx || r.width === 0 || this.video.readyState < 2) return false;
    ctx.drawImage(this.video, r.x, r.y, r.width, r.height);
    return true;
  }

  private setFrameSize(width: number, height: number): void {
    this._frameWidth = width;
    this._frameHeight = height;
    this.relayout();
    this.onFrameSize?.(width, height);
  }

  /** Folds the worker's totals into the counters; true when they moved. */
  private fold(frames: number, drawn: number): boolean {
    if (frames <= this.workerFrames) return false;
    this.frames += frames - this.workerFrames;
    this.drawn += Math.max(0, drawn - this.workerDrawn);
    this.workerFrames = frames;
    this.workerDrawn = Math.max(drawn, this.workerDrawn);
    return true;
  }

  private pullShared(): boolean {
    const shared = this.shared;
    // frames, then drawn: the worker stores them the other way round, so drawn is never older than frames
    return shared ? this.fold(Atomics.load(shared, 0), Atomics.load(shared, 1)) : false;
  }

  /** A read of a counter that was last read at `last`: brings it up to date; returns the time of this read. */
  private countersRead(last: number): number {
    if (!this.worker) return last;
    if (this.shared) {
      this.pullShared();
      return last;
    }
    const now = performance.now();
    if (now - last < POLL_MS && now - this.perFrameAsked > PER_FRAME_MS / 5) {
      this.perFrameAsked = now;
      this.post({ t: 'per-frame', ms: PER_FRAME_MS });
    }
    return now;
  }

  private firstFrame(): void {
    if (this.firstSeen) return;
    this.firstSeen = true;
    this.onFirstFrame?.();
  }

  // ---- main-thread loop ----

  private startLoop(): void {
    if (this.frameHandle) return;
    const video = this.video as HTMLVideoElement & { requestVideoFrameCallback?: unknown };
    this.usingRaf = typeof video.requestVideoFrameCallback !== 'function';
    this.frameHandle = this.usingRaf
      ? requestAnimationFrame(this.onAnimationFrame)
      : this.video.requestVideoFrameCallback(this.onVideoFrame);
    VideoRenderer.liveCallbacks++;
  }

  private stopLoop(): void {
    if (!this.frameHandle) return;
    if (this.usingRaf) cancelAnimationFrame(this.frameHandle);
    else this.video.cancelVideoFrameCallback(this.frameHandle);
    this.frameHandle = 0;
    VideoRenderer.liveCallbacks--;
  }

  // Both callbacks are bound once (class fields): nothing is allocated per frame.
  private readonly onVideoFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    this.frameHandle = 0;
    VideoRenderer.liveCallbacks--;
    // presentedFrames counts frames this <video> presented; a callback can stand for several when the thread was busy.
    const presented = meta.presentedFrames;
    this.frames += this.lastPresented >= 0 && presented > this.lastPresented ? presented - this.lastPresented : 1;
    this.lastPresented = presented;
    this.frame(meta.width, meta.height);
    this.startLoop();
  };

  private readonly onAnimationFrame = (): void => {
    this.frameHandle = 0;
    VideoRenderer.liveCallbacks--;
    const video = this.video;
    if (video.readyState >= 2 && video.currentTime !== this.lastTime) {
      this.lastTime = video.currentTime;
      this.frames++;
      this.frame(video.videoWidth, video.videoHeight);
    }
    this.startLoop();
  };

  private frame(width: number, height: number): void {
    if (width !== this._frameWidth || height !== this._frameHeight) this.setFrameSize(width, height);
    if (this.active === 'rvfc' && !this.paused) {
      this.context();
      if (this.draw()) this.drawn++;
    }
    if (!this.firstSeen) this.firstFrame();
  }

  // ---- worker path ----

  private startWorker(): void {
    // A canvas that ever had a 2D context cannot be transferred: the rvfc -> worker switch takes a fresh one.
    if (this.ctx) this.replaceCanvas();
    let worker: Worker | null = null;
    let offscreen: OffscreenCanvas;
    try {
      worker = new Worker(workerURL(), { name: 'zego-render' });
      offscreen = this._canvas.transferControlToOffscreen();
    } catch {
      worker?.terminate();
      this.workerFailed();
      return;
    }
    this.worker = worker;
    VideoRenderer.liveCallbacks++;
    this.workerFrames = 0;
    this.workerDrawn = 0;
    this.perFrameAsked = -Infinity;
    // Shared memory needs cross-origin isolation (COOP + COEP); most pages are not, and take messages instead.
    this.shared =
      globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
        ? new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT))
        : null;
    worker.addEventListener('message', this.onWorkerMessage, { signal: this.events.signal });
    worker.addEventListener('error', this.onWorkerError, { signal: this.events.signal });
    this.post(
      {
        t: 'init',
        canvas: offscreen,
        fit: this._fit,
        mirror: this._mirror,
        paused: this.drawPaused(),
        width: this.backingWidth,
        height: this.backingHeight,
        counters: this.shared,
      },
      [offscreen],
    );
  }

  private stopWorker(): void {
    const worker = this.worker;
    if (!worker) return;
    this.pullShared();
    this.shared = null;
    this.worker = null;
    this.workerTrack = null;
    this.processor = null;
    this.stopWatchdog();
    VideoRenderer.liveCallbacks--;
    worker.removeEventListener('message', this.onWorkerMessage);
    worker.removeEventListener('error', this.onWorkerError);
    // The worker cancels its reader (which releases the MediaStreamTrackProcessor here) and closes itself;
    // terminate() at once would drop that message, so it only backs up a worker that never got to it.
    worker.postMessage({ t: 'close' } satisfies ToWorker);
    setTimeout(() => worker.terminate(), 1000);
    for (const resolve of this.snapshotWaiters.values()) resolve(null);
    this.snapshotWaiters.clear();
    for (const resolve of this.flushWaiters.splice(0)) resolve();
  }

  /** Something broke on the worker path (CSP without blob: workers, no OffscreenCanvas 2D): use rVFC from now on. */
  private workerFailed(): void {
    workerBroken = true;
    if (this.worker) this.replaceCanvas();
    this.apply();
  }

  private pipeTrack(track: MediaStreamTrack | null): void {
    const live = track && track.readyState === 'live' ? track : null;
    if (live === this.workerTrack) {
      // the worker marks the first frame of a new source itself; a new stream on the same track needs asking
      if (live && !this.firstSeen) this.post({ t: 'first' });
      return;
    }
    this.workerTrack = live;
    this.processor = live && Processor ? new Processor({ track: live }) : null;
    const readable = this.processor?.readable;
    if (readable) this.post({ t: 'source', readable }, [readable as unknown as Transferable]);
    else this.post({ t: 'source', readable: null });
    this.lastWorkerFrame = performance.now();
    if (readable && !this.watchdog) this.watchdog = window.setInterval(this.checkWorker, STALL_MS / 2);
    else if (!readable) this.stopWatchdog();
  }

  private readonly checkWorker = (): void => {
    const track = this.workerTrack;
    if (!track || this.active !== 'worker' || !this.worker) {
      this.stopWatchdog();
      return;
    }
    const now = performance.now();
    if (this.pullShared()) this.lastWorkerFrame = now;
    // a muted or disabled track brings no frames on purpose
    if (track.muted || !track.enabled || this.paused) this.lastWorkerFrame = now;
    if (now - this.lastWorkerFrame < STALL_MS) return;
    this.stopWatchdog();
    this.workerStalled = true;
    this.apply();
  };

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = 0;
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private drawPaused(): boolean {
    return this.paused || this.active !== 'worker';
  }

  private postOptions(): void {
    this.post({ t: 'options', fit: this._fit, mirror: this._mirror, paused: this.drawPaused() });
  }

  private readonly onWorkerMessage = (e: MessageEvent<FromWorker>): void => {
    const m = e.data;
    switch (m.t) {
      case 'frames':
        if (this.fold(m.frames, m.drawn)) this.lastWorkerFrame = performance.now();
        // only a marked report: a batch posted before a new stream's source reached the worker holds old frames
        if (m.mark === 'first' && !this.firstSeen) this.firstFrame();
        else if (m.mark === 'flushed') this.flushWaiters.shift()?.();
        break;
      case 'size':
        this._frameWidth = m.width;
        this._frameHeight = m.height;
        this.onFrameSize?.(m.width, m.height);
        break;
      case 'ended':
        // The track ended or was replaced inside the same MediaStream (device switch): follow the stream.
        this.workerTrack = null;
        this.processor = null;
        this.apply();
        break;
      case 'snapshot':
        this.snapshotWaiters.get(m.id)?.(m.blob);
        this.snapshotWaiters.delete(m.id);
        break;
      case 'error':
        this.workerFailed();
        break;
    }
  };

  private readonly onWorkerError = (): void => {
    this.workerFailed();
  };

  private workerSnapshot(): Promise<Blob> {
    const id = ++this.snapshotId;
    return new Promise<Blob>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.snapshotWaiters.delete(id);
        reject(new Error('snapshot: no frame arrived'));
      }, SNAPSHOT_TIMEOUT_MS);
      this.snapshotWaiters.set(id, (blob) => {
        clearTimeout(timer);
        if (blob) resolve(blob);
        else reject(new Error('snapshot: renderer stopped'));
      });
      this.post({ t: 'snapshot', id, type: 'image/png' });
    });
  }

  private async videoSnapshot(): Promise<Blob> {
    const video = this.video;
    if (video.readyState < 2 || !video.videoWidth) throw new Error('snapshot: no frame yet');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('snapshot: no 2D canvas');
    if (this._mirror) ctx.setTransform(-1, 0, 0, 1, canvas.width, 0);
    ctx.drawImage(video, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    canvas.width = canvas.height = 0;
    if (!blob) throw new Error('snapshot: encoding failed');
    return blob;
  }

  // ---- observers ----

  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    const entry = entries[entries.length - 1];
    const device = entry.devicePixelContentBoxSize?.[0];
    const width = device ? device.inlineSize : Math.round(entry.contentRect.width * devicePixelRatio);
    const height = device ? device.blockSize : Math.round(entry.contentRect.height * devicePixelRatio);
    if (width === this.backingWidth && height === this.backingHeight) return;
    this.backingWidth = width;
    this.backingHeight = height;
    if (this.worker) {
      this.post({ t: 'size', width, height });
      return;
    }
    this._canvas.width = width;
    this._canvas.height = height;
    this.relayout();
  };

  private readonly onIntersection = (entries: IntersectionObserverEntry[]): void => {
    this.setOffscreen(!entries[entries.length - 1].isIntersecting);
  };

  private readonly onVisibility = (): void => {
    this.hidden = document.hidden;
    this.pausedChanged();
  };

  private readonly onVideoResize = (): void => {
    // rVFC reports sizes with frames; this covers the rAF fallback and a resize between frames.
    const { videoWidth, videoHeight } = this.video;
    if (videoWidth && (videoWidth !== this._frameWidth || videoHeight !== this._frameHeight)) this.setFrameSize(videoWidth, videoHeight);
  };

  private setOffscreen(offscreen: boolean): void {
    if (offscreen === this.offscreen) return;
    this.offscreen = offscreen;
    this.pausedChanged();
  }

  private pausedChanged(): void {
    if (this.worker) this.postOptions();
    else if (!this.paused && this.active === 'rvfc') this.draw(); // show the current frame at once on return
  }
}
