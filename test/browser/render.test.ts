// VideoRenderer in real Chromium and Firefox: fake camera, a remote stream through two local engines, and a
// two-colour canvas stream where pixel positions matter (fit, mirror). The `worker` cases run the rVFC fallback where
// the browser lacks MediaStreamTrackProcessor (Firefox): what the kit itself does there.
import { expect } from '@open-wc/testing';
import { VideoRenderer, type VideoRendererOptions } from '../../src/render/video-renderer.js';
import { ZegoLocalEngine } from '../../src/index.js';
import { canvasChange, devToken, nextEvent, secondPage, uniqueRoom, waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A host element with a shadow root, as the elements will have, `width`x`height` CSS pixels. */
function host(width: number, height: number): { el: HTMLDivElement; root: ShadowRoot } {
  const el = document.createElement('div');
  el.style.cssText = `position:relative;width:${width}px;height:${height}px`;
  document.body.append(el);
  cleanups.push(() => el.remove());
  return { el, root: el.attachShadow({ mode: 'open' }) };
}

function render(root: ShadowRoot, stream: MediaStream, options: VideoRendererOptions): VideoRenderer {
  const r = new VideoRenderer(root, options);
  r.stream = stream;
  cleanups.push(() => r.dispose());
  return r;
}

async function camera(): Promise<MediaStream> {
  const s = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 } });
  cleanups.push(() => s.getTracks().forEach((t) => t.stop()));
  return s;
}

/** A 320x240 stream: left half red, right half blue, repainted at 15 fps. */
function twoColours(): MediaStream {
  const c = document.createElement('canvas');
  c.width = 320;
  c.height = 240;
  const ctx = c.getContext('2d')!;
  const paint = () => {
    ctx.fillStyle = '#f00';
    ctx.fillRect(0, 0, 160, 240);
    ctx.fillStyle = '#00f';
    ctx.fillRect(160, 0, 160, 240);
  };
  paint();
  const timer = setInterval(paint, 66);
  const s = c.captureStream(15);
  cleanups.push(() => {
    clearInterval(timer);
    s.getTracks().forEach((t) => t.stop());
  });
  return s;
}

/** The canvas's pixels as people see them; works for a worker-owned (placeholder) canvas too. */
function pixels(canvas: HTMLCanvasElement): ImageData {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(canvas, 0, 0);
  return ctx.getImageData(0, 0, copy.width, copy.height);
}

const at = (img: ImageData, x: number, y: number) => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

async function started(r: VideoRenderer): Promise<void> {
  await waitFor(() => r.framesDrawn > 2 && r.canvas.width > 0, 10000, 'frames drawn');
}

/** Over 3 s: one draw per source frame (+-1) and the counter at the source rate (+-10%). */
async function checkRate(r: VideoRenderer, fps: number): Promise<void> {
  const f0 = r.frameCounter;
  const d0 = r.framesDrawn;
  await sleep(3000);
  const frames = r.frameCounter - f0;
  const drawn = r.framesDrawn - d0;
  expect(Math.abs(drawn - frames), `drawn ${drawn} vs frames ${frames}`).to.be.at.most(1);
  expect(frames, `frames in 3 s at ${fps} fps`).to.be.within(fps * 3 * 0.9, fps * 3 * 1.1);
}

async function checkPixelsChange(r: VideoRenderer): Promise<void> {
  expect(await canvasChange(r.canvas)).to.be.greaterThan(0.01);
}

/** The path `mode` runs here: `worker` falls back to `rvfc` where the browser cannot draw off the main thread. */
const expectedMode = (mode: 'rvfc' | 'worker') => (mode === 'worker' && !VideoRenderer.workerSupported ? 'rvfc' : mode);

describe('VideoRenderer', function () {
  this.timeout(20000);

  for (const mode of ['rvfc', 'worker'] as const) {
    it(`${mode}: draws the camera's changing pixels once per frame`, async () => {
      const { root } = host(320, 240);
      const r = render(root, await camera(), { mode });
      // no MediaStreamTrackProcessor (Firefox, Safari): the worker path is unsupported and the kit draws on rVFC
      expect(VideoRenderer.workerSupported).to.equal('MediaStreamTrackProcessor' in globalThis);
      expect(r.activeMode).to.equal(expectedMode(mode));
      await started(r);
      expect([r.frameWidth, r.frameHeight]).to.deep.equal([320, 240]);
      expect(r.getFrameSource()).to.equal(r.canvas);
      expect(r.canvas.getAttribute('part')).to.equal('video');
      expect(root.querySelector('video')!.muted).to.equal(true);
      await checkPixelsChange(r);
      await checkRate(r, 15);
    });
  }

  it('draws a remote stream played through a second engine', async () => {
    const page = await secondPage();
    cleanups.push(() => page.close());
    const roomID = uniqueRoom('render');
    const a = new page.Engine(1, '');
    const b = new ZegoLocalEngine(1, '');
    cleanups.push(() => {
      a.destroyEngine();
      b.destroyEngine();
    });
    await a.loginRoom(roomID, await devToken('', 'alice', roomID), { userID: 'alice' });
    await b.loginRoom(roomID, await devToken('', 'bob', roomID), { userID: 'bob' });
    const local = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const added = nextEvent(b, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    a.startPublishingStream('alice-cam', local);
    await added;
    const remote = await b.startPlayingStream('alice-cam');
    const { root } = host(320, 240);
    let firstFrames = 0;
    const sizes: string[] = [];
    const r = render(root, remote, { mode: 'auto', onFirstFrame: () => firstFrames++, onFrameSize: (w, h) => sizes.push(`${w}x${h}`) });
    await started(r);
    expect(firstFrames).to.equal(1);
    expect(sizes).to.include('320x240');
    await checkPixelsChange(r);
    await checkRate(r, 15);
  });

  for (const mode of ['rvfc', 'worker'] as const) {
    it(`${mode}: contain letterboxes, cover fills`, async () => {
      // 400x150 box, 4:3 frames: contain draws 200x150 in the middle; cover draws 400x300 cropped to the box.
      const { root } = host(400, 150);
      const r = render(root, twoColours(), { mode, fit: 'contain' });
      await started(r);
      await waitFor(() => r.canvas.width === 400, 5000, 'backing size');
      let img = pixels(r.canvas);
      expect(at(img, 50, 75)[3], 'bar at x=50').to.equal(0);
      expect(at(img, 350, 75)[3], 'bar at x=350').to.equal(0);
      expect(at(img, 110, 75), 'red at x=110').to.deep.equal([255, 0, 0, 255]);
      expect(at(img, 290, 75), 'blue at x=290').to.deep.equal([0, 0, 255, 255]);
      r.fit = 'cover';
      const d = r.framesDrawn;
      await waitFor(() => r.framesDrawn > d + 1, 5000, 'redraw');
      img = pixels(r.canvas);
      expect(at(img, 2, 2), 'red at the left edge').to.deep.equal([255, 0, 0, 255]);
      expect(at(img, 397, 147), 'blue at the right edge').to.deep.equal([0, 0, 255, 255]);
    });

    it(`${mode}: mirror swaps left and right`, async () => {
      const { root } = host(320, 240);
      const r = render(root, twoColours(), { mode, mirror: true });
      await started(r);
      expect(r.mirrored).to.equal(true);
      let img = pixels(r.canvas);
      expect(at(img, 10, 120)).to.deep.equal([0, 0, 255, 255]);
      expect(at(img, 310, 120)).to.deep.equal([255, 0, 0, 255]);
      r.mirror = false;
      const d = r.framesDrawn;
      await waitFor(() => r.framesDrawn > d + 1, 5000, 'redraw');
      img = pixels(r.canvas);
      expect(at(img, 10, 120)).to.deep.equal([255, 0, 0, 255]);
      expect(at(img, 310, 120)).to.deep.equal([0, 0, 255, 255]);
    });
  }

  for (const mode of ['rvfc', 'worker'] as const) {
    it(`${mode}: a still picture (a shared screen that does not change) stays on screen through a resize`, async () => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 240;
      const g = c.getContext('2d')!;
      g.fillStyle = '#f00';
      g.fillRect(0, 0, 160, 240);
      g.fillStyle = '#00f';
      g.fillRect(160, 0, 160, 240);
      const still = c.captureStream(0);
      cleanups.push(() => still.getTracks().forEach((t) => t.stop()));
      const track = still.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
      // Firefox has requestFrame() on the stream (the older spec), Chromium on the track
      const requestFrame = () =>
        typeof track.requestFrame === 'function' ? track.requestFrame() : (still as MediaStream & { requestFrame(): void }).requestFrame();
      const { el, root } = host(320, 240);
      const r = render(root, still, { mode });
      // one frame only: sent again until the renderer has drawn it (the first may come before the reader)
      await waitFor(() => (requestFrame(), r.framesDrawn >= 1), 5000, 'the one frame drawn');
      await sleep(200);
      const drawn = r.framesDrawn;
      el.style.width = '400px';
      el.style.height = '300px';
      await waitFor(() => r.canvas.width === 400 * devicePixelRatio, 5000, 'backing size after the resize');
      // no frame came in the meantime, and yet the picture is there at its new size
      await waitFor(
        () => at(pixels(r.canvas), Math.round(100 * devicePixelRatio), Math.round(150 * devicePixelRatio))[3] === 255,
        2000,
        'redrawn',
      );
      expect(r.framesDrawn - drawn, 'no new frame').to.be.at.most(1);
      const img = pixels(r.canvas);
      expect(at(img, Math.round(100 * devicePixelRatio), Math.round(150 * devicePixelRatio))).to.deep.equal([255, 0, 0, 255]);
      expect(at(img, Math.round(300 * devicePixelRatio), Math.round(150 * devicePixelRatio))).to.deep.equal([0, 0, 255, 255]);
    });
  }

  it('sizes the backing store in device pixels, and only on change', async () => {
    const { el, root } = host(200, 100);
    const r = render(root, twoColours(), { mode: 'rvfc' });
    await started(r);
    expect([r.canvas.width, r.canvas.height]).to.deep.equal([200 * devicePixelRatio, 100 * devicePixelRatio]);
    el.style.zoom = '2'; // doubles device pixels per CSS pixel, as a DPR of 2 would
    await waitFor(() => r.canvas.width === 400 * devicePixelRatio, 5000, 'backing size at zoom 2');
    expect(r.canvas.height).to.equal(200 * devicePixelRatio);
  });

  for (const mode of ['rvfc', 'worker'] as const) {
    it(`${mode}: pauses drawing off-screen, keeps counting, resumes`, async () => {
      const { el, root } = host(320, 240);
      const r = render(root, await camera(), { mode });
      await started(r);
      el.style.cssText += ';position:fixed;left:-5000px;top:0';
      await waitFor(() => r.paused, 5000, 'paused');
      await sleep(150); // a frame already in flight to the worker may still be drawn
      const d = r.framesDrawn;
      const f = r.frameCounter;
      await sleep(700);
      expect(r.framesDrawn).to.equal(d);
      expect(r.frameCounter).to.be.greaterThan(f + 5);
      el.style.cssText += ';position:relative;left:0';
      await waitFor(() => !r.paused && r.framesDrawn > d + 3, 5000, 'drawing again');
    });
  }

  for (const from of ['rvfc', 'worker'] as const) {
    it(`external mode (from ${from}): the <video> is the source, the kit stops drawing, the counter goes on`, async () => {
      const { root } = host(320, 240);
      const r = render(root, await camera(), { mode: from });
      await started(r);
      r.mode = 'external';
      expect(r.getFrameSource()).to.equal(root.querySelector('video'));
      await sleep(200);
      const d = r.framesDrawn;
      const f = r.frameCounter;
      await sleep(1000);
      expect(r.framesDrawn).to.equal(d);
      expect(r.frameCounter - f).to.be.within(12, 18);
      r.mode = from;
      await waitFor(() => r.framesDrawn > d + 3, 5000, 'drawing again');
      expect(r.getFrameSource()).to.equal(r.canvas);
    });
  }

  for (const mode of ['rvfc', 'worker'] as const) {
    it(`${mode}: snapshot is a PNG of the frame's size, mirrored as shown, and the stream goes on`, async () => {
      const { root } = host(160, 120);
      const r = render(root, twoColours(), { mode, mirror: true });
      await started(r);
      const blob = await r.snapshot();
      expect(blob.type).to.equal('image/png');
      const bitmap = await createImageBitmap(blob);
      expect([bitmap.width, bitmap.height]).to.deep.equal([320, 240]);
      const c = new OffscreenCanvas(320, 240).getContext('2d', { willReadFrequently: true })!;
      c.drawImage(bitmap, 0, 0);
      expect(Array.from(c.getImageData(10, 120, 1, 1).data)).to.deep.equal([0, 0, 255, 255]);
      const url = await r.snapshot('dataurl');
      expect(url.startsWith('data:image/png;base64,')).to.equal(true);
      const d = r.framesDrawn;
      await waitFor(() => r.framesDrawn > d + 3, 5000, 'frames after the snapshot');
    });
  }

  it('dispose leaves no frame callback, worker, video or canvas', async () => {
    const before = VideoRenderer.liveCallbacks;
    const stream = await camera();
    const { root } = host(320, 240);
    const renderers = [
      new VideoRenderer(root, { mode: 'rvfc' }),
      new VideoRenderer(root, { mode: 'worker' }),
      new VideoRenderer(root, { mode: 'external' }),
    ];
    for (const r of renderers) r.stream = stream;
    await waitFor(() => renderers.every((r) => r.frameCounter > 2), 10000, 'frames');
    expect(VideoRenderer.liveCallbacks).to.be.greaterThan(before);
    for (const r of renderers) r.dispose();
    expect(VideoRenderer.liveCallbacks).to.equal(before);
    expect(root.querySelector('video')).to.equal(null);
    expect(root.querySelector('canvas')).to.equal(null);
    const counts = renderers.map((r) => r.frameCounter);
    await sleep(500);
    expect(renderers.map((r) => r.frameCounter)).to.deep.equal(counts);
    expect(stream.getVideoTracks()[0].readyState).to.equal('live'); // the stream is the caller's
  });

  it('clearing the stream stops the loop; a new stream restarts it', async () => {
    const before = VideoRenderer.liveCallbacks;
    const { root } = host(320, 240);
    const r = render(root, await camera(), { mode: 'rvfc' });
    await started(r);
    r.stream = null;
    expect(VideoRenderer.liveCallbacks).to.equal(before);
    expect(root.querySelector('video')!.srcObject).to.equal(null);
    let first = 0;
    r.onFirstFrame = () => first++;
    r.stream = twoColours();
    await waitFor(() => first === 1, 5000, 'first frame of the new stream');
  });

  // Last: a failed worker makes every later renderer in the page use rVFC.
  it('falls back to rVFC when the worker cannot start', async () => {
    const NativeWorker = window.Worker;
    window.Worker = class {
      constructor() {
        throw new DOMException('blocked by CSP', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const { root } = host(320, 240);
      const r = render(root, await camera(), { mode: 'worker' });
      expect(r.activeMode).to.equal('rvfc');
      await started(r);
      await checkPixelsChange(r);
      expect(VideoRenderer.workerSupported).to.equal(false);
    } finally {
      window.Worker = NativeWorker;
    }
  });
});
