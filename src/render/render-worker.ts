/**
 * The off-main-thread renderer: VideoFrames from a `MediaStreamTrackProcessor` (made on the main thread, its
 * stream transferred here) drawn into the tile's `OffscreenCanvas`.
 *
 * The worker runs from a Blob URL built from this function's source text (see `workerURL`), so the CDN bundle stays
 * one file and the same code runs under the test runner and Vite: the function must be self-contained (no imports,
 * no module-level helpers; `fitRect` is passed in, also by source text).
 */
import { fitRect, type Fit, type FitRect } from './fit.js';

/** Main thread -> worker. */
export type ToWorker =
  | {
      t: 'init';
      canvas: OffscreenCanvas;
      fit: Fit;
      mirror: boolean;
      paused: boolean;
      width: number;
      height: number;
      /** `[frames, drawn]` in shared memory (cross-origin isolated pages), or null: the counts go by message. */
      counters: Int32Array | null;
    }
  | { t: 'source'; readable: ReadableStream<VideoFrame> | null }
  | { t: 'size'; width: number; height: number }
  | { t: 'options'; fit: Fit; mirror: boolean; paused: boolean }
  | { t: 'snapshot'; id: number; type: string }
  /** Report every frame at once for the next `ms` (someone polls the counter per animation frame). */
  | { t: 'per-frame'; ms: number }
  /** Report the counts now, even unchanged (answered with `mark: 'flushed'`). */
  | { t: 'flush' }
  /** Report the next frame at once, marked `first` (the main thread started a new stream on the same track). */
  | { t: 'first' }
  | { t: 'close' };

/**
 * Worker -> main thread. `frames` carries the worker's totals (frames taken from its sources, frames drawn), not an
 * increment: a report may stand for several frames. Without shared memory the worker sends one at once for a
 * source's first frame (`mark: 'first'`), when a source or the pause changes and when asked (`flush`, `per-frame`),
 * and otherwise at most one per BATCH_MS: the per-frame message was most of the main thread's cost of this path.
 */
export type FromWorker =
  | { t: 'frames'; frames: number; drawn: number; mark?: 'first' | 'flushed' }
  | { t: 'size'; width: number; height: number }
  | { t: 'ended' }
  | { t: 'snapshot'; id: number; blob: Blob | null }
  | { t: 'error'; message: string };

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  close(): void;
}

export function renderWorker(scope: WorkerScope, fit: typeof fitRect): void {
  /** Longest a frame waits to be reported when nobody asked for more (see FromWorker). */
  const BATCH_MS = 250;
  let canvas: OffscreenCanvas | null = null;
  let ctx: OffscreenCanvasRenderingContext2D | null = null;
  let fitMode: Fit = 'contain';
  let mirror = false;
  let paused = false;
  let reader: ReadableStreamDefaultReader<VideoFrame> | null = null;
  let frames = 0;
  let drawn = 0;
  let counters: Int32Array | null = null;
  /** `frames` as last reported; a pending batch report; when per-frame reports end; whether the next is a first. */
  let reported = 0;
  let batch: ReturnType<typeof setTimeout> | 0 = 0;
  let perFrameUntil = 0;
  let announce = false;
  let frameWidth = 0;
  let frameHeight = 0;
  const rect: FitRect = { x: 0, y: 0, width: 0, height: 0 };
  const snapshots: Array<{ id: number; type: string }> = [];
  /** The frame on the canvas, kept (one open frame) so that a resize or a new fit redraws it at once. */
  let last: VideoFrame | null = null;

  function keep(frame: VideoFrame | null): void {
    last?.close();
    last = frame;
  }

  function layout(): void {
    if (!canvas || !ctx) return;
    fit(fitMode, frameWidth, frameHeight, canvas.width, canvas.height, rect);
    ctx.setTransform(mirror ? -1 : 1, 0, 0, 1, mirror ? canvas.width : 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    // resizing a canvas blanks it: without this a static picture (a shared screen) stays blank until its next frame
    if (last && !paused && rect.width > 0) ctx.drawImage(last, rect.x, rect.y, rect.width, rect.height);
  }

  function report(mark?: 'first' | 'flushed'): void {
    if (batch) clearTimeout(batch);
    batch = 0;
    // shared counters need no report, except the marked ones (first-frame callback, a flush someone awaits)
    if (!mark && (counters || frames === reported)) return;
    reported = frames;
    scope.postMessage(mark ? { t: 'frames', frames, drawn, mark } : { t: 'frames', frames, drawn });
  }

  const reportBatch = (): void => report();

  function counted(draw: boolean): void {
    frames++;
    if (draw) drawn++;
    if (counters) {
      // drawn, then frames: the main thread loads them the other way round, so its drawn is never older than frames
      Atomics.store(counters, 1, drawn);
      Atomics.store(counters, 0, frames);
    }
    if (announce) {
      announce = false;
      report('first');
    } else if (!counters) {
      if (performance.now() < perFrameUntil) report();
      else batch ||= setTimeout(reportBatch, BATCH_MS);
    }
  }

  function snapshot(frame: VideoFrame): void {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    const shot = new OffscreenCanvas(w, h);
    const c = shot.getContext('2d');
    if (c && mirror) c.setTransform(-1, 0, 0, 1, w, 0);
    c?.drawImage(frame, 0, 0, w, h);
    for (const { id, type } of snapshots.splice(0)) {
      shot.convertToBlob({ type }).then(
        (blob) => scope.postMessage({ t: 'snapshot', id, blob }),
        () => scope.postMessage({ t: 'snapshot', id, blob: null }),
      );
    }
  }

  // One loop per source; `mine` tells a loop whose reader was replaced to stop.
  async function pump(mine: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    for (;;) {
      let result: ReadableStreamReadResult<VideoFrame>;
      try {
        result = await mine.read();
      } catch {
        break;
      }
      const frame = result.value;
      if (result.done || !frame) break;
      if (reader !== mine) {
        frame.close();
        break;
      }
      if (frame.displayWidth !== frameWidth || frame.displayHeight !== frameHeight) {
        frameWidth = frame.displayWidth;
        frameHeight = frame.displayHeight;
        keep(null);
        layout();
        scope.postMessage({ t: 'size', width: frameWidth, height: frameHeight });
      }
      const draw = !paused && ctx !== null && rect.width > 0;
      if (draw) ctx!.drawImage(frame, rect.x, rect.y, rect.width, rect.height);
      if (snapshots.length) snapshot(frame);
      keep(frame);
      counted(draw);
    }
    if (reader === mine) {
      reader = null;
      keep(null);
      scope.postMessage({ t: 'ended' });
    }
  }

  function setSource(readable: ReadableStream<VideoFrame> | null): void {
    const old = reader;
    reader = null;
    keep(null);
    report(); // the old source's last frames, before anything of the new one
    announce = readable !== null;
    old?.cancel().catch(() => {});
    if (!readable) return;
    const mine = readable.getReader();
    reader = mine;
    void pump(mine);
  }

  scope.onmessage = (e) => {
    const m = e.data;
    switch (m.t) {
      case 'init':
        canvas = m.canvas;
        canvas.width = m.width;
        canvas.height = m.height;
        ctx = canvas.getContext('2d');
        if (!ctx) scope.postMessage({ t: 'error', message: 'OffscreenCanvas 2d context unavailable' });
        fitMode = m.fit;
        mirror = m.mirror;
        paused = m.paused;
        counters = m.counters;
        layout();
        break;
      case 'source':
        setSource(m.readable);
        break;
      case 'size':
        if (canvas && (canvas.width !== m.width || canvas.height !== m.height)) {
          canvas.width = m.width;
          canvas.height = m.height;
          layout();
        }
        break;
      case 'options':
        // what was drawn before a pause is reported at once: a reader can take `framesDrawn` as settled
        if (m.paused !== paused) report();
        paused = m.paused;
        if (m.fit !== fitMode || m.mirror !== mirror) {
          fitMode = m.fit;
          mirror = m.mirror;
          layout();
        }
        break;
      case 'snapshot':
        snapshots.push({ id: m.id, type: m.type });
        break;
      case 'per-frame':
        perFrameUntil = performance.now() + m.ms;
        report();
        break;
      case 'flush':
        report('flushed');
        break;
      case 'first':
        announce = true;
        break;
      case 'close':
        setSource(null);
        scope.close();
        break;
    }
  };
}

let url: string | null = null;

/** One Blob URL per page for every renderer's worker; never revoked, so a worker can start at any time. */
export function workerURL(): string {
  url ??= URL.createObjectURL(
    new Blob([`"use strict";\nconst fitRect = (${fitRect.toString()});\n(${renderWorker.toString()})(self, fitRect);\n`], {
      type: 'text/javascript',
    }),
  );
  return url;
}
