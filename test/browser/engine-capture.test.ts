// ZegoLocalStream's capture methods (custom sources, screen, capture previews) and ZegoStreamCompositor, in real
// Chromium with its fake camera (a moving picture) and fake microphone (a beep): checked on real pixels, real
// frequencies and real frame counts, through real engines that publish and play each other (BroadcastChannel,
// loopback-only ICE). Timing checks wait for a condition with a timeout: the machine is small and shared.
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import { ZegoStreamCompositor } from '../../src/engine/compositor.js';
import type { ZegoLocalStream } from '../../src/engine/local-stream.js';
import type SdkLocalStream from 'zego-express-engine-webrtc/sdk/code/zh/ZegoLocalStream.web';
import type { ZegoStreamCompositor as SdkStreamCompositor } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoStreamCompositor.web';
import { canvasChange, nextEvent, uniqueRoom, waitFor } from './helpers.js';
import { isFirefox, userGesture } from './browser.js';

type RGB = [number, number, number];

// A real click first: Chromium starts an AudioContext made without a user gesture 'suspended' (no samples).
before(() => sendMouse({ type: 'click', position: [1, 1] }));

const cleanups: (() => void)[] = [];
const engines: ZegoLocalEngine[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
  for (const zg of engines.splice(0)) zg.destroyEngine();
});

function engine(): ZegoLocalEngine {
  const zg = new ZegoLocalEngine(1, '');
  engines.push(zg);
  return zg;
}

/** Two engines logged in to a new room: `a` publishes, `b` plays. */
async function pair() {
  const room = uniqueRoom('cap');
  const a = engine();
  const b = engine();
  await a.loginRoom(room, 't', { userID: 'a' });
  await b.loginRoom(room, 't', { userID: 'b' });
  return { a, b };
}

/** `a` publishes `stream` as `streamID`, `b` plays it: the received MediaStream. */
async function publishAndPlay(a: ZegoLocalEngine, b: ZegoLocalEngine, streamID: string, stream: ZegoLocalStream | MediaStream) {
  const added = nextEvent(b, 'roomStreamUpdate', (_r, type, list) => type === 'ADD' && list.some((s) => s.streamID === streamID));
  a.startPublishingStream(streamID, stream);
  await added;
  return b.startPlayingStream(streamID);
}

/** A canvas of one colour, repainted every 50 ms (a still canvas sends no new frames), and its captureStream. */
function solidCanvas(color: string, width = 320, height = 240) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let fill = color;
  const paint = () => {
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, width, height);
  };
  paint();
  const timer = setInterval(paint, 50);
  const stream = canvas.captureStream(20);
  cleanups.push(() => {
    clearInterval(timer);
    stream.getTracks().forEach((t) => t.stop());
  });
  return {
    stream,
    setColor(c: string) {
      fill = c;
      paint();
    },
  };
}

/** A sine tone from Web Audio as a MediaStream. */
function tone(frequency: number) {
  const ctx = new AudioContext();
  void ctx.resume().catch(() => {});
  const osc = ctx.createOscillator();
  osc.frequency.value = frequency;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  cleanups.push(() => {
    osc.stop();
    dest.stream.getTracks().forEach((t) => t.stop());
    void ctx.close();
  });
  return dest.stream;
}

/**
 * Plays a stream in a visible `<video>` (the front page renders it at full rate) and reads its pixels in the
 * video's own coordinates.
 */
async function watch(stream: MediaStream) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.style.cssText = 'width:320px;height:180px';
  video.srcObject = stream;
  document.body.append(video);
  cleanups.push(() => {
    video.srcObject = null;
    video.remove();
  });
  await video.play();
  await waitFor(() => video.videoWidth > 0, 15000, 'frames of the watched stream');
  return { video, average: (x: number, y: number, w = 16, h = 16) => averageOf(video, x, y, w, h) };
}

/** Average colour of a rectangle of a video's current frame (intrinsic pixels). */
function averageOf(video: HTMLVideoElement, x: number, y: number, w = 16, h = 16): RGB {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0);
  const data = ctx.getImageData(x, y, w, h).data;
  const sum: RGB = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
  const n = data.length / 4;
  return sum.map((v) => Math.round(v / n)) as RGB;
}

/** Every channel within `tolerance` (YUV conversion and the encoder move flat colours a little). */
const near = (a: RGB, b: RGB, tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

/** Frames a playing video presents per second, counted with requestVideoFrameCallback over `ms`. */
async function presentedRate(video: HTMLVideoElement, ms = 1500): Promise<number> {
  let frames = 0;
  let stop = false;
  const count = () => {
    frames++;
    if (!stop) video.requestVideoFrameCallback(count);
  };
  video.requestVideoFrameCallback(count);
  const start = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  stop = true;
  return (frames * 1000) / (performance.now() - start);
}

/**
 * The dominant frequency of a stream's audio (an AnalyserNode). A received track is decoded only while an element
 * plays it, hence the muted `<audio>`.
 */
function spectrum(stream: MediaStream) {
  const ctx = new AudioContext();
  void ctx.resume().catch(() => {});
  const sink = document.createElement('audio');
  sink.muted = true;
  sink.srcObject = stream;
  void sink.play().catch(() => {});
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 2048;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const bins = new Float32Array(analyser.frequencyBinCount);
  cleanups.push(() => {
    sink.srcObject = null;
    void ctx.close();
  });
  return {
    context: ctx,
    /** `{hz, db}` of the loudest bin now. */
    peak() {
      analyser.getFloatFrequencyData(bins);
      let best = 1;
      for (let i = 1; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
      return { hz: (best * ctx.sampleRate) / analyser.fftSize, db: bins[best] };
    },
  };
}

async function waitForTone(stream: MediaStream, hz: number, what: string) {
  const s = spectrum(stream);
  let last = { hz: 0, db: -Infinity };
  await waitFor(
    () => {
      last = s.peak();
      return Math.abs(last.hz - hz) < 60 && last.db > -70;
    },
    15000,
    `${what}: a ${hz} Hz peak (context ${s.context.state}, last ${JSON.stringify(last)})`,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}; last ${JSON.stringify(last)}`);
  });
  return last;
}

function container(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = 'width:320px;height:240px';
  document.body.append(div);
  cleanups.push(() => div.remove());
  return div;
}

// Compile-time (tsc checks the test files): ours is assignable to the SDK's classes, every public member included.
// test/node/api-surface.test.ts compares the signatures member by member.
export const sameShape = {
  localStream: (s: ZegoLocalStream): SdkLocalStream => s,
  compositor: (c: ZegoStreamCompositor): Pick<SdkStreamCompositor, keyof SdkStreamCompositor> => c,
};

describe('ZegoLocalStream: capture methods', () => {
  it('zegoStream is the stream itself, not enumerable', async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    expect(local.zegoStream).to.equal(local);
    expect(Object.keys(local)).to.not.include('zegoStream'); // no cycle for JSON or deep equality
    expect(() => JSON.stringify(local)).to.not.throw();
  });

  it('sends a canvas as custom video: the preview shows its colour and a player on another engine receives it', async function () {
    this.timeout(60000);
    const { a, b } = await pair();
    const local = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const camera = local.getVideoTracks()[0];
    const events: string[] = [];
    local.on('captureVideoTrackChanged', () => events.push('captureVideoTrackChanged'));
    local.on('videoTrackChanged', () => events.push('videoTrackChanged'));
    const magenta: RGB = [220, 40, 160];
    const green: RGB = [40, 200, 60];
    const source = solidCanvas(`rgb(${magenta.join(',')})`);

    expect(await local.startCaptureCustomVideo({ source: source.stream })).to.deep.equal({ errorCode: 0, extendedData: '' });
    const custom = local.getVideoTracks()[0];
    expect(events).to.deep.equal(['captureVideoTrackChanged', 'videoTrackChanged']);
    expect(camera.readyState).to.equal('ended'); // the replaced camera is stopped
    expect(custom).to.not.equal(source.stream.getVideoTracks()[0]); // a clone: the page keeps its own track

    const view = container();
    local.playVideo(view);
    const preview = view.querySelector('video')!;
    await waitFor(() => preview.videoWidth === 320, 10000, 'the preview of the canvas');
    await waitFor(() => near(averageOf(preview, 150, 110), magenta), 10000, 'magenta in the preview');

    const remote = await publishAndPlay(a, b, 'custom-video', local);
    const played = await watch(remote);
    let seen: RGB = [0, 0, 0];
    await waitFor(() => near((seen = played.average(150, 110)), magenta), 15000, 'magenta at the player').catch(() => {
      throw new Error(`the player shows ${seen.join(',')}, not ${magenta.join(',')}`);
    });
    source.setColor(`rgb(${green.join(',')})`); // live frames, not one stale picture
    await waitFor(() => near((seen = played.average(150, 110)), green), 15000, 'green at the player').catch(() => {
      throw new Error(`the player shows ${seen.join(',')}, not ${green.join(',')}`);
    });

    // a bad source: the SDK's answer, resolved, and the custom track stays
    expect(await local.startCaptureCustomVideo({ source: 5 as unknown as MediaStream })).to.deep.equal({
      errorCode: 1103001,
      extendedData: 'input param error source not exist or error',
    });
    expect(local.getVideoTracks()).to.deep.equal([custom]);

    expect(await local.stopCaptureVideo()).to.equal(true);
    expect(custom.readyState).to.equal('ended');
    expect(source.stream.getVideoTracks()[0].readyState).to.equal('live');
    expect(view.childElementCount).to.equal(0);
  });

  it('sends an oscillator as custom audio in place of the microphone', async function () {
    this.timeout(60000);
    const { a, b } = await pair();
    const local = await a.createZegoStream({ camera: { video: false, audio: true } });
    const mic = local.getAudioTracks()[0];
    const remote = await publishAndPlay(a, b, 'custom-audio', local);
    const changed: MediaStreamTrack[] = [];
    local.on('captureAudioTrackChanged', (t) => changed.push(t));
    const osc = tone(3000);

    expect(await local.startCaptureCustomAudio({ source: osc })).to.deep.equal({ errorCode: 0, extendedData: '' });
    expect(changed).to.deep.equal(local.getAudioTracks());
    expect(mic.readyState).to.equal('ended');
    const heard = await waitForTone(remote, 3000, 'the player');
    expect(heard.hz).to.be.closeTo(3000, 60);

    // both custom kinds at once, from two sources
    const canvas = solidCanvas('rgb(20,60,220)');
    expect(await local.startCaptureCustomVideoAndAudio({ source: canvas.stream }, { source: tone(1500) })).to.deep.equal({
      errorCode: 0,
      extendedData: '',
    });
    expect([local.getVideoTracks().length, local.getAudioTracks().length]).to.deep.equal([1, 1]);
    await waitForTone(remote, 1500, 'the player after the switch');
  });

  it('shows playCaptureVideo and playVideo at once, in two containers, and stops them separately', async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    const [one, two, three] = [container(), container(), container()];
    const fired: string[] = [];
    for (const name of ['canPlayVideo', 'canPlayCaptureVideo', 'canPlayCaptureAudio'] as const) local.on(name, () => fired.push(name));

    local.playVideo(one);
    local.playCaptureVideo(two, { mirror: true, objectFit: 'cover' });
    const published = one.querySelector('video')!;
    const captured = two.querySelector('video')!;
    expect(two.firstElementChild!.id).to.match(/^zg-rtc-player_/);
    expect([captured.style.transform, captured.style.objectFit]).to.deep.equal(['rotateY(180deg)', 'cover']);
    await waitFor(() => published.videoWidth > 0 && captured.videoWidth > 0, 10000, 'both previews');
    const [moving1, moving2] = await Promise.all([
      canvasChange(published, 400, 320, 240, 0.001),
      canvasChange(captured, 400, 320, 240, 0.001),
    ]);
    expect(moving1, 'playVideo picture moves').to.be.greaterThan(0.001);
    expect(moving2, 'playCaptureVideo picture moves').to.be.greaterThan(0.001);
    await waitFor(() => fired.includes('canPlayVideo') && fired.includes('canPlayCaptureVideo'), 5000, 'canPlay events');

    // one capture preview: another container takes it
    local.playCaptureVideo(three);
    expect([two.childElementCount, three.childElementCount]).to.deep.equal([0, 1]);
    local.playCaptureAudio();
    await waitFor(() => fired.includes('canPlayCaptureAudio'), 5000, 'canPlayCaptureAudio');
    local.stopPlayCaptureAudio();

    local.stopPlayCaptureVideo();
    expect(three.childElementCount).to.equal(0);
    expect(one.querySelector('video')).to.equal(published); // playVideo's stays and keeps playing
    expect(await canvasChange(published, 400, 320, 240, 0.001)).to.be.greaterThan(0.001);

    // multiplacePreview: every call mounts one more
    const multi = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false }, multiplacePreview: true });
    multi.playCaptureVideo(one);
    multi.playCaptureVideo(two);
    multi.playCaptureVideo(two);
    expect([one.childElementCount, two.childElementCount]).to.deep.equal([2, 2]);
    zg.destroyStream(multi);
    expect([one.childElementCount, two.childElementCount]).to.deep.equal([1, 0]);

    // nothing to show without video, as the SDK
    const audioOnly = await zg.createZegoStream({ camera: { video: false, audio: true } });
    audioOnly.playCaptureVideo(three);
    expect(three.childElementCount).to.equal(0);
  });

  it("shares the screen in place of the camera with the SDK's preset, and its end raises screenSharingEnded", async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    const camera = local.getVideoTracks()[0];
    const mic = local.getAudioTracks()[0];
    expect(local.getScreenDisplaySurface()).to.equal('unknown');

    // from a click, as a person shares; the test browser then accepts the picker by itself (fake UI)
    await userGesture();
    expect(await local.startCaptureScreen({ quality: 3 })).to.deep.equal({ errorCode: 0, extendedData: '' });
    const screen = local.getVideoTracks()[0];
    expect(camera.readyState).to.equal('ended');
    expect(local.getAudioTracks()).to.deep.equal([mic]); // the microphone stays
    expect(screen.getSettings().frameRate).to.be.at.most(5);
    expect(local._settings.videoBitrate).to.equal(2000);
    // Firefox's screen track has no displaySurface setting: the kit answers 'unknown', as for a camera
    expect(local.getScreenDisplaySurface()).to.be.oneOf(isFirefox ? ['unknown'] : ['monitor', 'window', 'browser']);
    expect(await zg.enableVideoCaptureDevice(local, false)).to.equal(false); // not a camera now
    expect(screen.readyState).to.equal('live');

    const ended = nextEvent(zg, 'screenSharingEnded');
    screen.dispatchEvent(new Event('ended')); // what the browser's "Stop sharing" delivers
    expect((await ended)[0]).to.equal(local.stream);

    // with audio: the shared audio when the browser gives one, else the microphone stays
    await userGesture();
    expect(await local.startCaptureScreenWithAudio({ quality: 1 }, { AEC: false })).to.deep.equal({ errorCode: 0, extendedData: '' });
    expect(local.getVideoTracks()[0].readyState).to.equal('live');
    expect(local.getAudioTracks()).to.have.length(1);
    expect(local.getAudioTracks()[0].readyState).to.equal('live');

    // back to a camera: camera on/off works again
    expect(await local.startCaptureCamera({ quality: 1 })).to.deep.equal({ errorCode: 0, extendedData: '' });
    expect(local.getScreenDisplaySurface()).to.equal('unknown');
    expect(await zg.enableVideoCaptureDevice(local, false)).to.equal(true);
  });

  it("resolves the SDK's codes when the screen cannot be shared, and keeps the old video", async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const camera = local.getVideoTracks()[0];
    const md = navigator.mediaDevices;
    const original = md.getDisplayMedia;
    cleanups.push(() => (md.getDisplayMedia = original));
    const refuse = (message: string) => (md.getDisplayMedia = () => Promise.reject(new DOMException(message, 'NotAllowedError')));

    refuse('Permission denied'); // the person closed the picker
    expect(await local.startCaptureScreen()).to.deep.equal({ errorCode: 1103042, extendedData: 'screen canceled' });
    refuse('Permission denied by system');
    expect(await local.startCaptureScreenWithAudio()).to.deep.equal({
      errorCode: 1103010,
      extendedData: 'screen fail NotAllowedError: Permission denied by system',
    });
    (md as { getDisplayMedia?: unknown }).getDisplayMedia = undefined;
    expect(await local.startCaptureScreen()).to.deep.equal({ errorCode: 1103043, extendedData: 'screen not support' });
    expect(local.getVideoTracks()).to.deep.equal([camera]);
    expect(camera.readyState).to.equal('live');
  });

  it('resolves capture failures (the SDK never rejects them) and keeps the old tracks', async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    const [video, audio] = [local.getVideoTracks()[0], local.getAudioTracks()[0]];
    const constraints = { errorCode: 1103066, extendedData: 'OverconstrainedError: device does not meet constraints. such as deviceId' };
    expect(await local.startCaptureCamera({ input: 'no-such-camera' })).to.deep.equal(constraints);
    expect(await local.startCaptureMicrophone({ input: 'no-such-mic' })).to.deep.equal(constraints);
    // both or neither: the camera captured before the microphone failed is stopped, not swapped in
    const before = local.getTracks();
    expect(await local.startCaptureCameraAndMicrophone({ quality: 1 }, { input: 'no-such-mic' })).to.deep.equal(constraints);
    expect(local.getTracks()).to.deep.equal(before);
    expect([video.readyState, audio.readyState]).to.deep.equal(['live', 'live']);
    expect(await local.startCaptureCustomAudio({} as never)).to.deep.equal({
      errorCode: 1103001,
      extendedData: 'input param error source not exist or error',
    });
    expect(await local.startCaptureCustomVideoAndAudio({ source: new MediaStream() }, { source: 'x' as never })).to.include({
      errorCode: 1103001,
    });

    expect(await local.startCaptureCameraAndMicrophone({ quality: 1 }, {})).to.deep.equal({ errorCode: 0, extendedData: '' });
    expect([video.readyState, audio.readyState]).to.deep.equal(['ended', 'ended']);
    zg.destroyStream(local);
    expect(await local.startCaptureCamera()).to.deep.equal({ errorCode: 1100001, extendedData: 'stream destroyed' });
    expect(await local.stopCaptureVideo()).to.equal(true);
  });

  it('destroyStream ends every track it swapped in and removes every preview', async () => {
    const zg = engine();
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    await local.startCaptureCustomVideo({ source: solidCanvas('red').stream });
    await local.startCaptureCustomAudio({ source: tone(440) });
    const taken = local.getTracks();
    const [one, two] = [container(), container()];
    local.playVideo(one);
    local.playCaptureVideo(two);
    local.playCaptureAudio();
    zg.destroyStream(local);
    expect(taken.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect([one.childElementCount, two.childElementCount]).to.deep.equal([0, 0]);
  });
});

describe('ZegoStreamCompositor', () => {
  /** The engine's compositor once `createStreamCompositor` is wired to the front door, else one of our own. */
  function compositorOf(zg: ZegoLocalEngine): ZegoStreamCompositor {
    const front = (zg as unknown as { createStreamCompositor?: () => ZegoStreamCompositor }).createStreamCompositor;
    const comp = front ? front.call(zg) : new ZegoStreamCompositor();
    cleanups.push(() => void comp.stopComposingStream());
    return comp;
  }

  it('composes a camera and a canvas side by side with an image on top, at the configured rate, publishable; stop ends it', async function () {
    this.timeout(90000);
    const { a, b } = await pair();
    const camera = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const blue: RGB = [20, 60, 220];
    const canvas = solidCanvas(`rgb(${blue.join(',')})`);
    const comp = compositorOf(a);
    comp.setOutputConfig({ width: 640, height: 360, frameRate: 20 });
    await comp.setInputEndpoint(camera, { layout: { x: 0, y: 0, width: 320, height: 360 } });
    await comp.setInputEndpoint(canvas.stream, { layout: { x: 320, y: 0, width: 320, height: 360 }, objectFit: 'fill' });
    const composed = await comp.startComposingStream();
    expect(await comp.startComposingStream()).to.equal(composed); // the same stream while composing
    expect(composed.getVideoTracks()).to.have.length(1);
    expect(composed.getAudioTracks()).to.have.length(1); // silent without audio inputs, as the SDK's

    const out = await watch(composed);
    expect([out.video.videoWidth, out.video.videoHeight]).to.deep.equal([640, 360]);
    let right: RGB = [0, 0, 0];
    await waitFor(() => near((right = out.average(472, 172)), blue), 10000, 'blue on the right').catch(() => {
      throw new Error(`right half shows ${right.join(',')}`);
    });
    const left = out.average(152, 172);
    expect(near(left, blue), `left half ${left.join(',')} is the camera, not the canvas`).to.equal(false);
    expect(
      left.some((v) => v > 30),
      `left half ${left.join(',')} is not black`,
    ).to.equal(true);
    expect(await canvasChange(out.video, 500, 640, 360, 0.001), 'the composed picture moves (the camera)').to.be.greaterThan(0.001);

    // an image on top, in the middle
    const red: RGB = [230, 30, 30];
    const square = document.createElement('canvas');
    square.width = square.height = 64;
    const sq = square.getContext('2d')!;
    sq.fillStyle = `rgb(${red.join(',')})`;
    sq.fillRect(0, 0, 64, 64);
    const img = new Image();
    img.src = square.toDataURL('image/png');
    await img.decode();
    comp.addImage(img, { layout: { x: 288, y: 148, width: 64, height: 64, zOrder: 5 } });
    let middle: RGB = [0, 0, 0];
    await waitFor(() => near((middle = out.average(312, 172)), red), 10000, 'the image').catch(() => {
      throw new Error(`the middle shows ${middle.join(',')}`);
    });
    comp.removeImage(img);
    await waitFor(() => !near(out.average(312, 172), red), 10000, 'the image removed');

    // the rate, with the page in front
    let rate = 0;
    const deadline = performance.now() + 20000;
    while (performance.now() < deadline) {
      rate = await presentedRate(out.video, 1500);
      if (rate >= 14 && rate <= 26) break;
    }
    expect(rate, 'presented frames per second at frameRate 20').to.be.within(14, 26);

    // publishable as a plain MediaStream: a player on the other engine receives both halves
    const remote = await publishAndPlay(a, b, 'composed', composed);
    const played = await watch(remote);
    await waitFor(() => near(played.average(472, 172), blue), 15000, 'blue at the player');

    expect(await comp.stopComposingStream()).to.equal(true);
    expect(composed.getTracks().map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect(camera.getVideoTracks()[0].readyState).to.equal('live'); // the inputs are the page's
    expect(canvas.stream.getVideoTracks()[0].readyState).to.equal('live');
    // everything was forgotten: composing again draws only black
    const again = await comp.startComposingStream();
    const blank = await watch(again);
    await new Promise((r) => setTimeout(r, 300));
    expect(blank.average(472, 172).every((v) => v < 30)).to.equal(true);
    await comp.stopComposingStream();
    expect(again.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
  });

  it("mixes the inputs' audio into one track, with each input's volume, following a track switch", async function () {
    this.timeout(60000);
    const zg = engine();
    const comp = compositorOf(zg);
    comp.setOutputConfig({ width: 320, height: 180 });
    const high = tone(3000);
    const low = tone(700);
    await comp.setInputEndpoint(high, { contentType: 'AUDIO' });
    await comp.setInputEndpoint(low, { contentType: 'AUDIO', volume: 0 });
    const composed = await comp.startComposingStream();
    await waitForTone(composed, 3000, 'the composed track');
    // volumes change live: now only the 700 Hz input is heard
    await comp.setInputEndpoint(high, { volume: 0 });
    await comp.setInputEndpoint(low, { volume: 100 });
    await waitForTone(composed, 700, 'the composed track after the volume change');
    // a ZegoLocalStream input whose track is replaced inside the same stream (startCaptureCustomAudio, a device
    // switch): the mix takes the new track
    await comp.setInputEndpoint(low, { volume: 0 });
    const local = await zg.createZegoStream({ custom: { audio: { source: tone(1200) } } });
    await comp.setInputEndpoint(local, { contentType: 'AUDIO' });
    await waitForTone(composed, 1200, 'the ZegoLocalStream input');
    await local.startCaptureCustomAudio({ source: tone(2200) });
    await waitForTone(composed, 2200, 'the ZegoLocalStream input after its switch');
    await comp.stopComposingStream();
    expect(composed.getAudioTracks()[0].readyState).to.equal('ended');
    expect(high.getAudioTracks()[0].readyState).to.equal('live');
  });

  it("checks its arguments like the SDK, with the SDK's errors", async () => {
    const zg = engine();
    const comp = compositorOf(zg);
    const camera = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const message = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof Error ? e.message : e),
      );

    expect(() => comp.setOutputConfig({ width: 'a' as never, height: 3 })).to.throw('param width error');
    expect(() => comp.setOutputConfig({ width: 3, height: 3, frameRate: '5' as never })).to.throw('param frameRate error');
    expect(await message(comp.startComposingStream())).to.deep.equal({ code: 1100001, message: 'input param error' });
    comp.setOutputConfig({ width: 640, height: 360 });

    expect(await message(comp.setInputEndpoint({} as never, {}))).to.equal('stream is not from zego');
    expect(await message(comp.setInputEndpoint(camera, { layout: { x: 'a' as never, y: 0, width: 1, height: 1 } }))).to.equal(
      'param x error',
    );
    expect(await message(comp.setInputEndpoint(camera, { objectFit: 'stretch' }))).to.equal('param objectFit error');
    expect(await message(comp.setInputEndpoint(camera, { contentType: 'ALL' }))).to.deep.equal({
      code: 1103076,
      message: 'audio track is not readable',
    });
    expect(await message(comp.setInputEndpoint(tone(440), { contentType: 'VIDEO' }))).to.deep.equal({
      code: 1103074,
      message: 'video track is not readable',
    });
    expect(() => comp.addImage(new Image(), {})).to.throw('source must be image and loaded');
    expect(() => comp.removeImage(document.createElement('div') as never)).to.throw('source must be image and loaded');

    // a layer past the output's edge is refused when composing starts
    await comp.setInputEndpoint(camera, { layout: { x: 400, y: 0, width: 320, height: 360 } });
    expect(await message(comp.startComposingStream())).to.deep.equal({ code: 1100001, message: 'input param error' });
    await comp.setInputEndpoint(camera, { layout: { x: 320 } as never }); // an update merges into the layout
    const composed = await comp.startComposingStream();
    expect(composed.getVideoTracks()[0].readyState).to.equal('live');
    await comp.stopComposingStream();
  });

  it('stops with destroyEngine when the engine made it, and with destroyStream of the composed stream', async () => {
    const zg = engine();
    const comp = compositorOf(zg);
    comp.setOutputConfig({ width: 320, height: 180 });
    await comp.setInputEndpoint(solidCanvas('red').stream, { layout: { x: 0, y: 0, width: 320, height: 180 } });
    const composed = await comp.startComposingStream();
    zg.destroyStream(composed); // the page ends the composed stream: the compositor lets go of the rest
    await waitFor(() => comp._stream === null, 5000, 'the compositor to stop');

    const again = await comp.startComposingStream();
    if ('createStreamCompositor' in zg) {
      zg.destroyEngine();
      await waitFor(() => again.getTracks().every((t) => t.readyState === 'ended'), 5000, 'destroyEngine to stop it');
    } else {
      comp._destroy();
      expect(again.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    }
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: { code: number }) => e.code,
      );
    expect(await refused(comp.startComposingStream())).to.equal(1000002);
    expect(await refused(comp.setInputEndpoint(solidCanvas('red').stream, {}))).to.equal(1000002);
  });
});
