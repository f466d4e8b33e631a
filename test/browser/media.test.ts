// The local engine's media layer in real Chromium with its fake camera (a moving picture) and fake microphone (a
// beep about once a second): capture, the local stream, the remote view, devices, sound levels and stats.
import { expect } from '@open-wc/testing';
import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import {
  applySenderBitrate,
  captureStream,
  QUALITY_PRESETS,
  recapture,
  type Captured,
  type CaptureFailure,
  type OptionsFailure,
} from '../../src/engine/capture.js';
import { diffDevices, DeviceWatcher, enumDevices } from '../../src/engine/devices.js';
import type { EngineLink } from '../../src/engine/link.js';
import { ZegoLocalStream } from '../../src/engine/local-stream.js';
import { SoundLevelMeter } from '../../src/engine/sound-level.js';
import { kbps, qualityGrade, toPlayStats, toPublishStats } from '../../src/engine/stats.js';
import { ZegoStreamView } from '../../src/engine/stream-view.js';
import { canvasChange } from './helpers.js';
import { iceAddress, isFirefox, userGesture } from './browser.js';

/** The engine side of a local stream, recorded: what it emitted and which tracks it was told to follow. */
function recordingLink() {
  const events: { name: keyof ZegoEvent; args: unknown[] }[] = [];
  const replaced: { stream: MediaStream; kind: string; track: MediaStreamTrack | null }[] = [];
  const link: EngineLink = {
    emit: (name, ...args) => void events.push({ name, args }),
    trackReplaced: (stream, kind, track) => void replaced.push({ stream, kind, track }),
  };
  return { link, events, replaced };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(30);
  }
}

async function rejection<T = unknown>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (e) {
    return e as T;
  }
  throw new Error('expected a rejection');
}

/** Everything captured in a test is stopped after it, whatever the outcome. */
const open: MediaStreamTrack[] = [];
async function capture(options?: Parameters<typeof captureStream>[0]): Promise<Captured> {
  const c = await captureStream(options);
  open.push(...c.stream.getTracks());
  return c;
}
afterEach(() => {
  for (const t of open.splice(0)) t.stop();
  document.querySelectorAll('[data-media-test]').forEach((el) => el.remove());
});

/** A container inside a shadow root, as `<zego-local-video>` has. */
function shadowContainer(): HTMLElement {
  const host = document.createElement('div');
  host.dataset.mediaTest = '';
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const view = document.createElement('div');
  view.style.cssText = 'width:320px;height:240px';
  root.append(view);
  return view;
}

describe('capture', () => {
  it('gives each camera preset its resolution, frame rate and bitrate', async () => {
    for (const quality of [1, 2, 3] as const) {
      const { stream, kind, settings } = await capture({ camera: { video: { quality } } });
      const s = stream.getVideoTracks()[0].getSettings();
      const preset = QUALITY_PRESETS[quality];
      expect([kind, s.width, s.height, s.frameRate], `quality ${quality}`).to.deep.equal([
        'camera',
        preset.width,
        preset.height,
        preset.frameRate,
      ]);
      expect(settings.videoBitrate).to.equal(preset.bitrate);
      // `camera` names the kinds wanted: no microphone here
      expect(stream.getAudioTracks()).to.have.length(0);
      // a camera already open at a lower resolution would be shared (and scaled) rather than reopened
      stream.getTracks().forEach((t) => t.stop());
    }
  });

  it('takes width, height, frame rate and bitrate from the options for quality 4 only', async () => {
    const custom = await capture({ camera: { video: { quality: 4, width: 400, height: 300, frameRate: 10 } }, videoBitrate: 555 });
    const s = custom.stream.getVideoTracks()[0].getSettings();
    expect([s.width, s.height, s.frameRate, custom.settings.videoBitrate]).to.deep.equal([400, 300, 10, 555]);
    const preset = await capture({ camera: { video: { quality: 1 } }, videoBitrate: 555, audioBitrate: 32 });
    expect([preset.settings.videoBitrate, preset.settings.audioBitrate]).to.deep.equal([300, 32]);
  });

  it('captures 640x480 video and mono audio without options', async () => {
    const { stream, settings } = await capture();
    const v = stream.getVideoTracks()[0].getSettings();
    expect([v.width, v.height, v.frameRate]).to.deep.equal([640, 480, 15]);
    expect(stream.getAudioTracks()[0].getSettings().channelCount).to.equal(1);
    expect([settings.quality, settings.videoBitrate, settings.audioBitrate]).to.deep.equal([2, 800, 48]);
  });

  it('captures the devices named by ID', async () => {
    const { cameras, microphones } = await enumDevices();
    const mic = microphones[microphones.length - 1];
    const { stream } = await capture({ camera: { video: { input: cameras[0].deviceID }, audio: { input: mic.deviceID } } });
    expect(stream.getVideoTracks()[0].getSettings().deviceId).to.equal(cameras[0].deviceID);
    expect(stream.getAudioTracks()[0].getSettings().deviceId).to.equal(mic.deviceID);
    expect(stream.getAudioTracks()[0].label).to.equal(mic.deviceName);
  });

  it("rejects with the SDK's shapes: a bad device ID, nothing to capture, two sources", async () => {
    const bad = await rejection<CaptureFailure>(captureStream({ camera: { video: { input: 'no-such-camera' } } }));
    expect(bad.errorCode).to.equal(1103066);
    expect(bad.extendedData).to.match(/^OverconstrainedError: device does not meet constraints/);
    const nothing = await rejection<CaptureFailure>(captureStream({ camera: {} }));
    expect(nothing).to.deep.equal({ errorCode: 1103061, extendedData: 'get media fail' });
    const two = await rejection<OptionsFailure>(captureStream({ camera: { video: true }, screen: { video: true } }));
    expect(two).to.deep.equal({ code: 1100001, message: 'cannot set more than one type of source' });
  });

  it('shares the screen with the preset frame rate and bitrate', async () => {
    // from a click, as a person shares; the test browser then accepts the picker by itself (fake UI)
    await userGesture();
    const { stream, kind, settings } = await capture({ screen: { video: { quality: 3 } } });
    const s = stream.getVideoTracks()[0].getSettings();
    expect([kind, settings.videoBitrate, stream.getAudioTracks().length]).to.deep.equal(['screen', 2000, 0]);
    expect(s.frameRate).to.be.at.most(5);
    expect(s.width).to.be.greaterThan(0);
  });

  it('reports the end of a screen share as screenSharingEnded, not as a device error', async () => {
    const { link, events } = recordingLink();
    await userGesture();
    const local = new ZegoLocalStream(await capture({ screen: {} }), link);
    // what the browser's "Stop sharing" button delivers
    local.getVideoTracks()[0].dispatchEvent(new Event('ended'));
    expect(events).to.deep.equal([{ name: 'screenSharingEnded', args: [local.stream] }]);
    local._destroy();
  });

  it('clones the tracks of a custom MediaStream source, leaving the caller its own', async () => {
    const source = await navigator.mediaDevices.getUserMedia({ video: true });
    open.push(...source.getTracks());
    const { stream, kind } = await capture({ custom: { video: { source } } });
    expect(kind).to.equal('custom');
    const track = stream.getVideoTracks()[0];
    expect(track).to.not.equal(source.getVideoTracks()[0]);
    track.stop();
    expect(source.getVideoTracks()[0].readyState).to.equal('live');
  });

  it('resolves 1103048 for an unknown device on a switch, and keeps the constraints for a known one', async () => {
    const { settings } = await capture({ camera: { video: { quality: 1 } } });
    expect(await recapture('video', 'no-such-camera', settings)).to.deep.equal({
      errorCode: 1103048,
      extendedData: 'device is not found',
      track: null,
    });
    const { cameras } = await enumDevices();
    const r = await recapture('video', cameras[0].deviceID, settings);
    open.push(r.track!);
    expect(r.errorCode).to.equal(0);
    expect([r.track!.getSettings().width, r.track!.getSettings().height]).to.deep.equal([320, 240]);
  });
});

describe('ZegoLocalStream', () => {
  it('plays inside a shadow root with the SDK markup, a moving picture and snapshots', async () => {
    const { link } = recordingLink();
    const local = new ZegoLocalStream(await capture({ camera: { video: { quality: 1 } } }), link);
    const view = shadowContainer();
    expect(local.takeStreamSnapshot()).to.equal('');
    const canPlay = new Promise<Event>((resolve) => local.on('canPlayVideo', resolve));
    local.playVideo(view, { mirror: true, objectFit: 'cover' });
    expect((await canPlay).type).to.equal('canplay');

    const video = view.querySelector('video')!;
    expect(view.firstElementChild!.id).to.match(/^zg-rtc-player_/);
    expect([video.muted, video.playsInline, video.style.objectFit, video.style.transform]).to.deep.equal([
      true,
      true,
      'cover',
      'rotateY(180deg)',
    ]);
    await waitFor(() => video.videoWidth > 0, 5000, 'a frame');
    expect(await canvasChange(video, 300, video.videoWidth, video.videoHeight, 0.001)).to.be.greaterThan(0.001);

    const png = local.takeStreamSnapshot();
    expect(png).to.match(/^data:image\/png;base64,/);
    expect(local.takeStreamSnapshot({ imageType: 'jpeg', quality: 0.5 })).to.match(/^data:image\/jpeg;base64,/);
    local.stopVideo();
    expect(view.childElementCount).to.equal(0);
    expect(local.takeStreamSnapshot()).to.equal('');
    local._destroy();
  });

  it('swaps a track: the old one ends, the preview follows, the engine is told', async () => {
    const { link, replaced } = recordingLink();
    const local = new ZegoLocalStream(await capture({ camera: { video: { quality: 2 }, audio: true } }), link);
    const view = shadowContainer();
    local.playVideo(view);
    const video = view.querySelector('video')!;
    await waitFor(() => video.videoWidth === 640, 5000, 'the 640x480 picture');
    const old = local.getVideoTracks()[0];
    const changed: MediaStreamTrack[] = [];
    local.on('videoTrackChanged', (t) => changed.push(t));

    // the open camera is shared: a second capture can scale it down, not up
    const next = (await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } })).getVideoTracks()[0];
    local._replaceTrack('video', next);
    expect(local.getVideoTracks()).to.deep.equal([next]);
    expect(old.readyState).to.equal('ended');
    expect(replaced).to.deep.equal([{ stream: local.stream, kind: 'video', track: next }]);
    expect(changed).to.deep.equal([next]);
    await waitFor(() => video.videoWidth === 320, 5000, 'the preview to show the new track');

    local._replaceTrack('audio', null);
    expect(local.getAudioTracks()).to.have.length(0);
    expect(replaced[1]).to.deep.equal({ stream: local.stream, kind: 'audio', track: null });
    local._destroy();
  });

  it('switches devices with the SDK answers and keeps the old track on failure', async () => {
    const { link, replaced } = recordingLink();
    const local = new ZegoLocalStream(await capture({ camera: { audio: true } }), link);
    const before = local.getAudioTracks()[0];
    expect(await local._useDevice('audio', 'no-such-mic')).to.deep.equal({ errorCode: 1103048, extendedData: 'device is not found' });
    expect(before.readyState).to.equal('live');
    const { microphones } = await enumDevices();
    // Firefox has one fake microphone: the switch then captures that one again (a new track all the same)
    const other = microphones.find((m) => m.deviceID !== local.audioDeviceId) ?? (isFirefox ? microphones[0] : undefined)!;
    expect(await local._useDevice('audio', other.deviceID)).to.deep.equal({ errorCode: 0, extendedData: '' });
    expect(local.audioDeviceId).to.equal(other.deviceID);
    expect(before.readyState).to.equal('ended');
    expect(replaced).to.have.length(1);
    local._destroy();
  });

  it('reports a capture track that ends by itself once, and not the ones it stops', async () => {
    const { link, events } = recordingLink();
    const local = new ZegoLocalStream(await capture({ camera: { video: true, audio: true } }), link);
    const camera = local.getVideoTracks()[0];
    // the fake camera cannot be unplugged: the browser's `ended` event is what an unplug delivers
    camera.dispatchEvent(new Event('ended'));
    camera.dispatchEvent(new Event('ended'));
    expect(events).to.deep.equal([{ name: 'deviceError', args: [1106010, camera.label] }]);
    await local.stopCaptureAudio();
    local._destroy();
    expect(events).to.have.length(1);
  });

  it('leaves no live track, element or listener after _destroy', async () => {
    const { link, events } = recordingLink();
    const captured = await capture();
    const local = new ZegoLocalStream(captured, link);
    const view = shadowContainer();
    local.playVideo(view);
    local.playAudio();
    let fired = 0;
    local.on('videoTrackChanged', () => fired++);
    local._destroy();
    expect(captured.stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect(view.childElementCount).to.equal(0);
    expect(local.takeStreamSnapshot()).to.equal('');
    local._replaceTrack('video', null);
    captured.stream.getTracks().forEach((t) => t.dispatchEvent(new Event('ended')));
    expect([fired, events.length]).to.deep.equal([0, 0]);
  });
});

describe('ZegoStreamView', () => {
  it('plays video and audio, hides, snapshots and releases everything on stop', async () => {
    const { stream } = await capture({ camera: { video: { quality: 1 }, audio: true } });
    const view = new ZegoStreamView(stream);
    const container = shadowContainer();
    expect(view.takeStreamSnapshot()).to.equal('data:,');
    const both = Promise.all([new Promise<void>((r) => view.on('canPlayVideo', r)), new Promise<void>((r) => view.on('canPlayAudio', r))]);
    view.play(container, { objectFit: 'fill' });
    await both;
    expect([view.getVideoWidth(), view.getVideoHeight()]).to.deep.equal([320, 240]);
    const video = container.querySelector('video')!;
    expect([video.muted, video.style.objectFit, video.style.transform]).to.deep.equal([true, 'fill', '']);
    expect(view.takeStreamSnapshot()).to.match(/^data:image\/png;base64,/);

    expect(view.setVideoMuted(true)).to.equal(true);
    expect(container.querySelector('video')).to.equal(null);
    expect(view.setVideoMuted(false)).to.equal(true);
    expect(container.querySelector('video')).to.equal(video);
    expect([view.setVolume(50), view.setVolume(Number.NaN), view.setAudioMuted(true)]).to.deep.equal([true, false, true]);

    view.stop();
    expect(container.childElementCount).to.equal(0);
    expect(video.srcObject).to.equal(null);
    expect(view.takeStreamSnapshot()).to.equal('data:,');
    // the SDK keeps answering the last size after stop()
    expect(view.getVideoWidth()).to.equal(320);
    expect(stream.getTracks().every((t) => t.readyState === 'live')).to.equal(true);
  });

  it('throws for a container ID that does not exist', () => {
    const view = new ZegoStreamView(new MediaStream());
    expect(() => view.play('no-such-element')).to.throw('Execute `play` failed, container not exist');
  });
});

describe('devices', () => {
  it("lists the fake devices in the SDK's shape", async () => {
    await capture({ camera: { audio: true } }); // labels need a permission
    const infos = await enumDevices();
    expect(Object.keys(infos)).to.deep.equal(['microphones', 'speakers', 'cameras']);
    expect(infos.cameras.length).to.be.greaterThan(0);
    expect(infos.microphones.length).to.be.greaterThan(0);
    for (const d of [...infos.cameras, ...infos.microphones, ...infos.speakers]) {
      expect(Object.keys(d)).to.deep.equal(['deviceName', 'deviceID']);
      expect(d.deviceName).to.not.equal('');
    }
  });

  it("diffs inventories in the SDK's order and ignores lists taken before permission", () => {
    const cam = (id: string) => ({ deviceName: `cam ${id}`, deviceID: id });
    const prev = { cameras: [cam('a'), cam('b')], microphones: [cam('m')], speakers: [cam('s')] };
    const next = { cameras: [cam('b'), cam('c')], microphones: [], speakers: [cam('s'), cam('t')] };
    expect(diffDevices(prev, next)).to.deep.equal([
      { event: 'videoDeviceStateChanged', updateType: 'DELETE', device: cam('a') },
      { event: 'videoDeviceStateChanged', updateType: 'ADD', device: cam('c') },
      { event: 'audioDeviceStateChanged', updateType: 'DELETE', deviceType: 'Input', device: cam('m') },
      { event: 'audioDeviceStateChanged', updateType: 'ADD', deviceType: 'Output', device: cam('t') },
    ]);
    const beforePermission = { cameras: [cam('')], microphones: [cam('')], speakers: [] };
    expect(diffDevices(beforePermission, next)).to.deep.equal([
      { event: 'audioDeviceStateChanged', updateType: 'ADD', deviceType: 'Output', device: cam('s') },
      { event: 'audioDeviceStateChanged', updateType: 'ADD', deviceType: 'Output', device: cam('t') },
    ]);
  });

  it('reports nothing for a devicechange that changed nothing, and stops listening on stop()', async () => {
    const { link, events } = recordingLink();
    const watcher = new DeviceWatcher(link, 20);
    watcher.start();
    await sleep(100);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await sleep(200);
    watcher.stop();
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await sleep(100);
    expect(events).to.deep.equal([]);
  });
});

describe('SoundLevelMeter', () => {
  it('measures the beeping fake microphone, forgets a removed stream and closes its context', async () => {
    const { stream } = await capture({ camera: { audio: true } });
    const meter = new SoundLevelMeter();
    const reports: Map<string, number>[] = [];
    meter.add('mic', stream);
    meter.start(100, (levels) => reports.push(new Map(levels)));
    await waitFor(() => reports.some((r) => (r.get('mic') ?? 0) > 1), 4000, 'a level above 1');
    const peak = Math.max(...reports.map((r) => r.get('mic') ?? 0));
    expect(peak).to.be.within(1, 100);
    // the SDK's peak-hold: a beep decays over the next reports instead of dropping to 0
    const i = reports.findIndex((r) => r.get('mic') === peak);
    if (i + 1 < reports.length) expect(reports[i + 1].get('mic')).to.be.within(0.1, peak);

    meter.remove('mic');
    const count = reports.length;
    await waitFor(() => reports.length > count + 2, 2000, 'reports after remove');
    expect(reports.slice(count + 1).every((r) => !r.has('mic'))).to.equal(true);
    const ctx = meter.context!;
    await meter.destroy();
    expect(ctx.state).to.equal('closed');
    expect(meter.context).to.equal(null);
  });

  it('follows a device switch of the stream it measures', async () => {
    const { stream } = await capture({ camera: { audio: true } });
    const meter = new SoundLevelMeter();
    const seen: number[] = [];
    meter.add('mic', stream);
    meter.start(100, (levels) => seen.push(levels.get('mic') ?? -1));
    const next = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
    open.push(next);
    stream.getAudioTracks().forEach((t) => {
      stream.removeTrack(t);
      t.stop();
    });
    stream.addTrack(next);
    const from = seen.length;
    await waitFor(() => seen.slice(from).some((l) => l > 1), 4000, 'a level from the new track');
    await meter.destroy();
  });
});

describe('stats', () => {
  it('converts byte deltas to kbps and grades quality like the SDK', () => {
    expect(kbps(125_000, 0, 1000)).to.equal(1000);
    expect(kbps(10, 20, 1000)).to.equal(0);
    expect(qualityGrade(20, 0, 0.005)).to.equal(0);
    expect(qualityGrade(400, 0.05, 0.03)).to.equal(2);
    // the SDK's jitter term keeps the score above 1: grade 4 only ever comes from a broken connection
    expect(qualityGrade(2000, 0.5, 0.2)).to.equal(3);
  });

  it('reads publish and play stats off a real loopback connection', async () => {
    const { stream, settings } = await capture({ camera: { video: { quality: 1 }, audio: true } });
    const pub = new RTCPeerConnection();
    const sub = new RTCPeerConnection();
    try {
      // candidates on the test address only (127.0.0.1; Firefox: its namespace's): media never leaves the machine
      const relay = (to: RTCPeerConnection) => (e: RTCPeerConnectionIceEvent) => {
        if (e.candidate?.address === iceAddress) void to.addIceCandidate(e.candidate);
      };
      pub.onicecandidate = relay(sub);
      sub.onicecandidate = relay(pub);
      const senders = stream.getTracks().map((t) => pub.addTrack(t, stream));
      const received = new MediaStream();
      sub.ontrack = (e) => received.addTrack(e.track);
      await pub.setLocalDescription();
      await sub.setRemoteDescription(pub.localDescription!);
      await sub.setLocalDescription();
      await pub.setRemoteDescription(sub.localDescription!);
      await waitFor(() => sub.connectionState === 'connected', 10000, 'the loopback connection');

      const video = senders.find((s) => s.track?.kind === 'video')!;
      await applySenderBitrate(video, settings);
      expect(video.getParameters().encodings[0].maxBitrate).to.equal(300_000);

      // the first video frames take a moment; a sample before them has no counters to diff against
      let sub0 = await sub.getStats();
      const decoded = (r: RTCStatsReport) =>
        [...r.values()].some((x) => x.type === 'inbound-rtp' && x.kind === 'video' && x.framesDecoded > 0);
      for (const end = performance.now() + 5000; !decoded(sub0) && performance.now() < end; await sleep(50)) sub0 = await sub.getStats();
      const pub0 = await pub.getStats();
      const first = toPublishStats(pub0, undefined, stream);
      expect([first.video.videoBitrate, first.video.videoQuality, first.audio.audioQuality]).to.deep.equal([0, 0, 0]);
      await sleep(1500);
      const pub1 = await pub.getStats();
      const sub1 = await sub.getStats();

      const p = toPublishStats(pub1, pub0, stream, { connectionState: pub.connectionState });
      expect(p.video.videoBitrate).to.be.within(1, 1000);
      expect(p.video.videoFPS).to.be.greaterThan(5);
      expect(p.video.videoTransferFPS).to.be.greaterThan(5);
      expect([p.video.frameWidth, p.video.frameHeight, p.video.muteState]).to.deep.equal([320, 240, '0']);
      expect(p.video.googCodecName).to.not.equal('');
      expect(p.audio.audioBitrate).to.be.greaterThan(0);
      expect(p.audio.audioFPS).to.be.greaterThan(10);
      expect(p.audio.audioCodec).to.equal('opus');
      expect(p.video.videoQuality).to.be.within(0, 4);
      expect(p.currentRoundTripTime).to.be.within(0, 1);

      const q = toPlayStats(sub1, sub0, { connectionState: sub.connectionState });
      expect(q.video.videoBitrate).to.be.greaterThan(0);
      expect(q.video.videoFPS).to.be.greaterThan(5);
      expect(q.video.videoTransferFPS).to.be.greaterThan(5);
      expect([q.video.frameWidth, q.video.frameHeight]).to.deep.equal([320, 240]);
      expect(q.video.videoFramesDecoded).to.be.greaterThan(10);
      expect(q.audio.audioBitrate).to.be.greaterThan(0);
      expect([q.audio.audioCodec, q.audio.audioSamplingRate]).to.deep.equal(['opus', 48000]);
      expect(q.sampleTimeWindow).to.be.within(1000, 3000);
      expect(q.peerToPeerDelay).to.be.a('number');
      expect(toPlayStats(sub1, sub0, { connectionState: 'disconnected' }).video.videoQuality).to.equal(4);

      // the received stream is measurable without the page playing it
      const meter = new SoundLevelMeter();
      const remote: number[] = [];
      meter.add('pull', received);
      meter.start(100, (levels) => remote.push(levels.get('pull') ?? -1));
      await waitFor(() => remote.some((l) => l > 1), 4000, 'a level of the received audio');
      await meter.destroy();

      // the local engine mutes by taking the track off the sender
      await video.replaceTrack(null);
      await sleep(300);
      expect(toPublishStats(await pub.getStats(), pub1, stream, { senders: pub.getSenders() }).video.muteState).to.equal('1');
      // without the senders, the stats alone tell in Chromium (a media-source stat goes); Firefox's cannot
      if (!isFirefox) expect(toPublishStats(await pub.getStats(), pub1, stream).video.muteState).to.equal('1');
      expect(received.getTracks()).to.have.length(2);
    } finally {
      pub.close();
      sub.close();
    }
  });
});
