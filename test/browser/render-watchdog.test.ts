// The worker path's watchdog (src/render/video-renderer.ts): a live track that brings the worker no frame for 3 s
// makes the renderer draw on the main thread, and what the track shows next is on screen. Chromium's track
// processor sometimes delivers nothing from a camera track that still feeds a <video> (a preview frozen on its
// first frame); a canvas capture that is asked for no frame stands in for it here, with real pixels.
import { expect } from '@open-wc/testing';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { waitFor } from './helpers.js';

/** A canvas track that sends a frame only when asked (`captureStream(0)` + `requestFrame()`), in one colour. */
function stillSource(): { stream: MediaStream; paint(colour: string): void; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  return {
    stream,
    paint(colour) {
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      track.requestFrame();
    },
    stop: () => track.stop(),
  };
}

/** The colour at the middle of the renderer's canvas (worker-owned or not), read through a copy. */
function middle(r: VideoRenderer): [number, number, number] {
  const source = r.getFrameSource();
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0);
  const d = ctx.getImageData(copy.width >> 1, copy.height >> 1, 1, 1).data;
  return [d[0], d[1], d[2]];
}

/** A renderer (mode auto) in a 160x120 host's shadow root. */
function renderer(): { el: HTMLDivElement; r: VideoRenderer } {
  const el = document.createElement('div');
  el.style.cssText = 'position:relative;width:160px;height:120px';
  document.body.append(el);
  return { el, r: new VideoRenderer(el.attachShadow({ mode: 'open' }), { mode: 'auto' }) };
}

describe('VideoRenderer: a worker that gets no frames', function () {
  this.timeout(30_000);

  it('draws on the main thread after 3 s without a frame from a live track, and shows the next frame', async function () {
    if (!VideoRenderer.workerSupported) this.skip(); // no worker path in this browser: nothing to watch
    const { el, r } = renderer();
    const source = stillSource();
    try {
      r.stream = source.stream;
      expect(r.activeMode).to.equal('worker');
      source.paint('rgb(255, 0, 0)');
      await waitFor(() => r.frameCounter >= 1, 5000, 'the first frame in the worker');
      const workerFrames = r.frameCounter;
      // nothing more for a while: still the worker at 2 s, the main thread by 5 s
      await new Promise((ok) => setTimeout(ok, 2000));
      expect(r.activeMode, 'the worker keeps a source that pauses for 2 s').to.equal('worker');
      await waitFor(() => r.activeMode === 'rvfc', 4000, 'the main-thread path');
      source.paint('rgb(0, 0, 255)');
      await waitFor(() => r.frameCounter > workerFrames, 5000, 'a frame on the main thread');
      await waitFor(() => middle(r)[2] > 200 && middle(r)[0] < 60, 5000, 'the new frame drawn');
      expect(r.framesDrawn).to.be.greaterThan(0);
    } finally {
      r.dispose();
      source.stop();
      el.remove();
    }
    expect(VideoRenderer.liveCallbacks, 'nothing left running').to.equal(0);
  });

  it('keeps the worker while frames come, and for a muted track', async function () {
    if (!VideoRenderer.workerSupported) this.skip();
    const { el, r } = renderer();
    const source = stillSource();
    const timer = setInterval(() => source.paint(`rgb(${((Date.now() / 10) % 255) | 0}, 0, 0)`), 500);
    try {
      r.stream = source.stream;
      await new Promise((ok) => setTimeout(ok, 4500));
      expect(r.activeMode, 'a frame every 500 ms').to.equal('worker');
      expect(r.frameCounter).to.be.greaterThan(5);
      clearInterval(timer);
      // a disabled track sends no frames on purpose
      source.stream.getVideoTracks()[0].enabled = false;
      await new Promise((ok) => setTimeout(ok, 4500));
      expect(r.activeMode, 'a disabled track').to.equal('worker');
    } finally {
      clearInterval(timer);
      r.dispose();
      source.stop();
      el.remove();
    }
  });
});
