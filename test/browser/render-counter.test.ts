// The worker path's frame counter (src/render/video-renderer.ts, src/render/render-worker.ts): the worker reports its
// counts in batches (at most one message per 250 ms per renderer) instead of one message per frame, and yet
// - `frameCounter` counts every frame of a source with a known number of frames (`syncFrameCounters()` exact,
//   a plain read at most one batch late);
// - a reader that polls it per animation frame (a game engine deciding whether to upload a texture) sees it move
//   once per frame, promptly;
// - the first frame and a new frame size reach the main thread at once, not with the next batch;
// - with shared counters (cross-origin isolated pages) the worker writes the count and posts no report.
// A canvas capture that sends a frame only when asked (`captureStream(0)` + `requestFrame()`) is the source.
import { expect } from '@open-wc/testing';
import { VideoRenderer, type VideoRendererOptions } from '../../src/render/video-renderer.js';
import { renderWorker, type FromWorker, type ToWorker } from '../../src/render/render-worker.js';
import { fitRect } from '../../src/render/fit.js';
import { waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** VideoRenderer's batch interval and poll threshold (BATCH_MS in render-worker.ts, POLL_MS in video-renderer.ts). */
const BATCH_MS = 250;
const POLL_MS = 100;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

interface Source {
  stream: MediaStream;
  track: CanvasCaptureMediaStreamTrack;
  /** Paints the next colour (at `width`x`height`) and asks for exactly one frame; returns when it asked. */
  frame(width?: number, height?: number): number;
}

function source(): Source {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  cleanups.push(() => track.stop());
  let n = 0;
  return {
    stream,
    track,
    frame(width = 160, height = 120) {
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      n++;
      ctx.fillStyle = `rgb(${(n * 37) % 256}, ${(n * 91) % 256}, 128)`;
      ctx.fillRect(0, 0, width, height);
      track.requestFrame();
      return performance.now();
    },
  };
}

/** Counts the worker's `frames` reports as the main thread receives them (every Worker made while it is on). */
function countReports(): { reports: FromWorker[] } {
  const Native = window.Worker;
  const seen = { reports: [] as FromWorker[] };
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent<FromWorker>) => {
        if (e.data.t === 'frames') seen.reports.push(e.data);
      });
    }
  };
  cleanups.push(() => (window.Worker = Native));
  return seen;
}

function renderer(stream: MediaStream, options: VideoRendererOptions = {}): VideoRenderer {
  const el = document.createElement('div');
  el.style.cssText = 'position:relative;width:160px;height:120px';
  document.body.append(el);
  const r = new VideoRenderer(el.attachShadow({ mode: 'open' }), { mode: 'worker', ...options });
  r.stream = stream;
  cleanups.push(() => {
    r.dispose();
    el.remove();
  });
  return r;
}

/** Reads the count the way a rare reader does: synced, and never twice within POLL_MS (no per-frame reports). */
async function exactCount(r: VideoRenderer): Promise<number> {
  await sleep(POLL_MS + 20);
  await r.syncFrameCounters();
  return r.frameCounter;
}

/**
 * The first frame: asked again until the worker has one (a frame asked for before the track processor reads is
 * lost), then settled: returns the exact count, from which every later frame counts.
 */
async function firstFrame(s: Source, r: VideoRenderer, first: () => boolean): Promise<number> {
  const end = performance.now() + 5000;
  while (!first()) {
    if (performance.now() > end) throw new Error('timed out waiting for the first frame');
    s.frame();
    await sleep(300);
  }
  return exactCount(r);
}

describe('VideoRenderer: the worker-path frame counter', function () {
  this.timeout(30_000);

  beforeEach(function () {
    if (!VideoRenderer.workerSupported) this.skip(); // no worker path in this browser: the counter is the main thread's
  });

  it('counts a source with a known number of frames exactly, each frame once', async () => {
    const s = source();
    let firsts = 0;
    const r = renderer(s.stream, { onFirstFrame: () => firsts++ });
    expect(r.activeMode).to.equal('worker');
    const base = await firstFrame(s, r, () => firsts > 0);
    const drawnBase = r.framesDrawn;
    for (let i = 1; i <= 12; i++) {
      s.frame();
      // this frame counted once: not lost, not twice
      const end = performance.now() + 5000;
      let count = await exactCount(r);
      while (count < base + i && performance.now() < end) count = await exactCount(r);
      expect(count, `after frame ${i}`).to.equal(base + i);
    }
    expect(r.framesDrawn - drawnBase, 'every frame drawn').to.equal(12);
    expect(firsts, 'one first frame').to.equal(1);
  });

  it('reports in batches: a plain read is at most one batch late, with far fewer messages than frames', async () => {
    const seen = countReports();
    const s = source();
    let firsts = 0;
    const r = renderer(s.stream, { onFirstFrame: () => firsts++ });
    const base = await firstFrame(s, r, () => firsts > 0);
    const before = seen.reports.length;
    const frames = 20;
    const started = performance.now();
    for (let i = 0; i < frames; i++) {
      s.frame();
      // 10 fps: two asks within one paint of the source canvas would be one frame (seen under load at 20 fps)
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    // nobody read meanwhile: one report per batch at most, not one per frame
    const reports = seen.reports.length - before;
    expect(reports, `${reports} reports for ${frames} frames in ${seconds.toFixed(1)} s`).to.be.at.most(
      Math.ceil((seconds * 1000) / BATCH_MS) + 2,
    );
    expect(reports).to.be.below(frames / 2);
    // one batch after the last frame, a plain read has them all, as the synced one does
    await sleep(BATCH_MS + 100);
    const plain = r.frameCounter;
    await r.syncFrameCounters();
    expect(r.frameCounter, 'synced').to.equal(base + frames);
    expect(plain, 'a plain read one batch after the last frame').to.equal(base + frames);
  });

  it('moves once per frame, promptly, for a reader that polls it per animation frame', async () => {
    const seen = countReports();
    const s = source();
    let firsts = 0;
    const r = renderer(s.stream, { onFirstFrame: () => firsts++ });
    await firstFrame(s, r, () => firsts > 0);
    // a game engine's loop: reads the counter every animation frame, "uploads" when it moved
    const steps: Array<{ at: number; by: number }> = [];
    let polling = true;
    let last = r.frameCounter;
    const poll = () => {
      if (!polling) return;
      const c = r.frameCounter;
      if (c !== last) steps.push({ at: performance.now(), by: c - last });
      last = c;
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
    cleanups.push(() => (polling = false));
    await sleep(300); // the poller is recognised (two reads within POLL_MS) and the worker told
    const before = seen.reports.length;
    const asked: number[] = [];
    for (let i = 0; i < 12; i++) {
      asked.push(s.frame());
      await sleep(150);
    }
    await waitFor(() => steps.length >= asked.length, 3000, 'the last frame seen by the poller');
    polling = false;
    expect(
      steps.map((x) => x.by),
      'one step per frame',
    ).to.deep.equal(asked.map(() => 1));
    expect(seen.reports.length - before, 'one report per frame').to.equal(asked.length);
    // from requestFrame() to the poller seeing it: a frame's own report, not a batch (up to BATCH_MS)
    const delays = steps.map((x, i) => x.at - asked[i]).sort((a, b) => a - b);
    expect(delays[delays.length >> 1], `median delay of ${delays.map((d) => d.toFixed(0)).join(', ')} ms`).to.be.below(BATCH_MS / 2);
  });

  it('reports the first frame, a new size and a new stream on the same track at once', async () => {
    const s = source();
    const firsts: number[] = [];
    const sizes: Array<{ at: number; size: string; counter: number }> = [];
    const r: VideoRenderer = renderer(s.stream, {
      onFirstFrame: () => firsts.push(performance.now()),
      onFrameSize: (w, h) => sizes.push({ at: performance.now(), size: `${w}x${h}`, counter: r.frameCounter }),
    });
    // the first frame asked for may come before the processor reads: ask again, measure from the last ask
    let asked = 0;
    const end = performance.now() + 5000;
    while (!firsts.length && performance.now() < end) {
      asked = s.frame();
      await waitFor(() => firsts.length > 0 || performance.now() - asked > 400, 1000, 'a first frame or a retry');
    }
    expect(firsts.length, 'first frame').to.equal(1);
    expect(firsts[0] - asked, 'first frame delay (ms)').to.be.below(BATCH_MS);
    expect(sizes.map((x) => x.size)).to.deep.equal(['160x120']);
    await exactCount(r);

    // a new size: reported before the frame's count could have come with a batch
    const base = r.frameCounter;
    const resized = s.frame(320, 240);
    await waitFor(() => sizes.length === 2, 3000, 'the new size');
    expect(sizes[1].size).to.equal('320x240');
    expect(sizes[1].at - resized, 'size delay (ms)').to.be.below(BATCH_MS);
    expect(sizes[1].counter, 'the count of that frame comes after its size').to.equal(base);
    expect(await exactCount(r)).to.equal(base + 1);

    // another MediaStream with the same track: a first frame again, at its frame
    r.stream = new MediaStream([s.track]);
    const again = s.frame(320, 240);
    await waitFor(() => firsts.length === 2, 3000, "the new stream's first frame");
    expect(firsts[1] - again, 'first frame delay on the same track (ms)').to.be.below(BATCH_MS);
  });

  it('keeps counting in batches while paused, and settles what was drawn at the pause', async () => {
    const s = source();
    let firsts = 0;
    const el = document.createElement('div');
    el.style.cssText = 'position:relative;width:160px;height:120px';
    document.body.append(el);
    cleanups.push(() => el.remove());
    const r = new VideoRenderer(el.attachShadow({ mode: 'open' }), { mode: 'worker', onFirstFrame: () => firsts++ });
    cleanups.push(() => r.dispose());
    r.stream = s.stream;
    const base = await firstFrame(s, r, () => firsts > 0);
    const drawnBase = r.framesDrawn;
    for (let i = 0; i < 5; i++) {
      s.frame();
      await sleep(40);
    }
    // off-screen right after frames: no waiting for a batch, the worker reports what it drew when it pauses
    el.style.cssText += ';position:fixed;left:-5000px;top:0';
    await waitFor(() => r.paused, 3000, 'paused');
    await sleep(100);
    const drawn = r.framesDrawn; // a plain read, less than a batch after the pause
    for (let i = 0; i < 5; i++) {
      s.frame();
      await sleep(40);
    }
    expect(await exactCount(r)).to.equal(base + 10);
    expect(r.framesDrawn, 'drawn: settled at the pause, nothing drawn while paused').to.equal(drawn);
    expect(drawn - drawnBase, 'drawn before the pause').to.be.within(1, 5);
  });

  it('with shared counters (cross-origin isolated pages) the worker writes the count and posts no report', async () => {
    // renderWorker on this thread with a scope of our own: the same code the worker runs (see workerURL)
    const posted: FromWorker[] = [];
    const scope = {
      onmessage: null as ((e: MessageEvent<ToWorker>) => void) | null,
      postMessage: (m: FromWorker) => posted.push(m),
      close: () => {},
    };
    renderWorker(scope, fitRect);
    const send = (m: ToWorker) => scope.onmessage!({ data: m } as MessageEvent<ToWorker>);
    // a plain buffer stands in for the SharedArrayBuffer: this page is not cross-origin isolated
    const counters = new Int32Array(2);
    send({
      t: 'init',
      canvas: new OffscreenCanvas(160, 120),
      fit: 'contain',
      mirror: false,
      paused: false,
      width: 160,
      height: 120,
      counters,
    });
    const s = source();
    type ProcessorClass = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
    const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: ProcessorClass }).MediaStreamTrackProcessor;
    send({ t: 'source', readable: new Processor({ track: s.track }).readable });
    cleanups.push(() => send({ t: 'close' }));
    const frames = () => posted.filter((m) => m.t === 'frames');
    // asked again until the processor reads; then settled, as the extra asks may bring a frame or two
    await waitFor(() => counters[0] > 0 || (s.frame(), false), 5000, 'the first frame');
    await sleep(300);
    expect(
      frames().map((m) => m.t === 'frames' && m.mark),
      'only the first frame is reported (for the first-frame callback)',
    ).to.deep.equal(['first']);
    const base = counters[0];
    for (let i = 1; i <= 8; i++) {
      s.frame();
      await waitFor(() => counters[0] === base + i, 3000, `frame ${i} in the shared counters`);
    }
    await sleep(BATCH_MS + 100);
    expect(counters[1], 'drawn').to.equal(counters[0]);
    expect(frames().length, 'no report after the first').to.equal(1);
    send({ t: 'flush' });
    expect(frames().at(-1)).to.deep.equal({ t: 'frames', frames: base + 8, drawn: base + 8, mark: 'flushed' });
  });
});
