// The local engine's local-media audio (src/engine/audio) with real sound: the fake microphone (Chromium: a ~400 Hz
// square beep of 100 ms every 500 ms; Firefox: a steady 400 Hz sine), generated WAV tones in <audio> elements and as effects, read back from the
// processor's output track through a separate AudioContext (a ScriptProcessor records it; DFTs and envelopes are
// computed here). No spies: levels, frequencies, decay and channels are measured.
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { ZegoAudioEffectPlayer as SdkEffectPlayer } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoAudioEffectPlayer.web';
import type { ZegoServerResponse } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoExpressEngine } from 'zego-express-engine-webrtc/sdk/code/zh/zego.client.web';
import { PcmTap, toAudioFrame } from '../../src/engine/audio/audio-frames.js';
import { AudioHub } from '../../src/engine/audio/audio-hub.js';
import {
  EngineAudio,
  withoutStereoOpus,
  withStereoOpus,
  ZegoAudioEffectPlayer,
  type EngineAudioDeps,
} from '../../src/engine/audio/index.js';
import { captureStream } from '../../src/engine/capture.js';
import type { EngineLink } from '../../src/engine/link.js';
import { ZegoLocalStream } from '../../src/engine/local-stream.js';
import { isFirefox } from './browser.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(30);
  }
}

async function rejection<T = { errorCode: number; extendedData: string }>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (e) {
    return e as T;
  }
  throw new Error('expected a rejection');
}

// ------------------------------------------------------------------------------------------------ SDK surface

// Compile-time: the effect player has every public member of the SDK's class with its signature, and EngineAudio's
// methods can stand in for the SDK engine's (the engine's front door passes its arguments through unchanged).
type PublicOf<T> = { [K in keyof T]: T[K] };
export type EffectPlayerSurface = ZegoAudioEffectPlayer extends PublicOf<SdkEffectPlayer> ? true : never;
const _effectPlayerSurface: EffectPlayerSurface = true;
type AudioMethods =
  | 'setCaptureVolume'
  | 'startMixingAudio'
  | 'stopMixingAudio'
  | 'setMixingAudioVolume'
  | 'loadAudioEffect'
  | 'unloadAudioEffect'
  | 'setVoiceChangerPreset'
  | 'setVoiceChangerParam'
  | 'setReverbPreset'
  | 'enableVirtualStereo'
  | 'enableLiveAudioEffect'
  | 'setAudioChangerParam'
  | 'enableAiDenoise'
  | 'setAiDenoiseMode'
  | 'setAudioFrameCallback'
  | 'setCaptureAudioFrameCallback';
export type EngineAudioSurface = Pick<EngineAudio, AudioMethods> extends Pick<ZegoExpressEngine, AudioMethods> ? true : never;
const _engineAudioSurface: EngineAudioSurface = true;
void [_effectPlayerSurface, _engineAudioSurface];

// ------------------------------------------------------------------------------------------------ measuring

let actx: AudioContext;
/** Everything a test opened; closed after it whatever the outcome. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Records `tracks` at once for `ms` (one recording per track, same clock), each as [left, right]. */
function record(tracks: MediaStreamTrack[], ms: number): Promise<Float32Array[][]> {
  const parts = tracks.map((track) => {
    const stream = new MediaStream([track]);
    const source = actx.createMediaStreamSource(stream);
    // a received WebRTC track reaches Web Audio only while an element plays it (crbug.com/933677)
    const el = document.createElement('audio');
    el.muted = true;
    el.srcObject = stream;
    void el.play().catch(() => {});
    const sp = actx.createScriptProcessor(2048, 2, 2);
    const chunks: Float32Array[][] = [];
    sp.onaudioprocess = (e) => chunks.push([e.inputBuffer.getChannelData(0).slice(), e.inputBuffer.getChannelData(1).slice()]);
    const mute = actx.createGain();
    mute.gain.value = 0;
    source.connect(sp).connect(mute).connect(actx.destination);
    return { source, sp, mute, chunks, el };
  });
  return sleep(ms).then(() =>
    parts.map(({ source, sp, mute, chunks, el }) => {
      source.disconnect();
      sp.disconnect();
      mute.disconnect();
      el.srcObject = null;
      return [0, 1].map((ch) => {
        const all = new Float32Array(chunks.reduce((n, c) => n + c[ch].length, 0));
        let at = 0;
        for (const c of chunks) {
          all.set(c[ch], at);
          at += c[ch].length;
        }
        return all;
      });
    }),
  );
}

/** Level of `a` over `b`, dB, within ±60 (a silent side reads as 60 dB of separation). */
const ratioDb = (a: number, b: number) => Math.max(-60, Math.min(60, 20 * Math.log10(Math.max(a, 1e-9) / Math.max(b, 1e-9))));

const rms = (x: Float32Array, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
};

/** RMS per `blockMs` block. */
function envelope(x: Float32Array, blockMs = 10): Float32Array {
  const n = Math.round((blockMs / 1000) * actx.sampleRate);
  const out = new Float32Array(Math.floor(x.length / n));
  for (let b = 0; b < out.length; b++) out[b] = rms(x, b * n, b * n + n);
  return out;
}

/** Power of frequency `f` in x[start, start+len) (Hann window), normalised to the window. */
function power(x: Float32Array, start: number, len: number, f: number): number {
  const w = (2 * Math.PI * f) / actx.sampleRate;
  let re = 0;
  let im = 0;
  for (let i = 0; i < len; i++) {
    const v = x[start + i] * Math.sin((Math.PI * i) / len) ** 2;
    re += v * Math.cos(w * i);
    im -= v * Math.sin(w * i);
  }
  return (re * re + im * im) / (len * len);
}

/** The strongest frequency (lo..hi Hz) of the loudest 4096-sample window. */
function dominant(x: Float32Array, lo = 100, hi = 3000): number {
  const len = 4096;
  let best = 0;
  let bestEnergy = -1;
  for (let s = 0; s + len <= x.length; s += 512) {
    const e = rms(x, s, s + len);
    if (e > bestEnergy) [bestEnergy, best] = [e, s];
  }
  let f0 = lo;
  let p0 = -1;
  for (let f = lo; f <= hi; f += 2) {
    const p = power(x, best, len, f);
    if (p > p0) [p0, f0] = [p, f];
  }
  for (let f = f0 - 2; f <= f0 + 2; f += 0.25) {
    const p = power(x, best, len, f);
    if (p > p0) [p0, f0] = [p, f];
  }
  return f0;
}

/** Mean power of `f` over the whole recording (windows of 4096). */
function toneLevel(x: Float32Array, f: number): number {
  let sum = 0;
  let n = 0;
  for (let s = 0; s + 4096 <= x.length; s += 4096, n++) sum += power(x, s, 4096, f);
  return Math.sqrt(sum / Math.max(1, n));
}

/** A mono 16-bit WAV of a sine tone, as a Blob URL. */
function wavTone(freq: number, seconds: number, amplitude = 0.5, rate = 48000): string {
  const n = Math.round(seconds * rate);
  const buf = new ArrayBuffer(44 + n * 2);
  const dv = new DataView(buf);
  const text = (o: number, s: string) => [...s].forEach((c, i) => dv.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  dv.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true);
  dv.setUint16(22, 1, true);
  dv.setUint32(24, rate, true);
  dv.setUint32(28, rate * 2, true);
  dv.setUint16(32, 2, true);
  dv.setUint16(34, 16, true);
  text(36, 'data');
  dv.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) dv.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amplitude * 32767), true);
  const url = URL.createObjectURL(new Blob([buf], { type: 'audio/wav' }));
  cleanups.push(() => URL.revokeObjectURL(url));
  return url;
}

async function playingTone(freq: number): Promise<HTMLAudioElement> {
  const el = new Audio(wavTone(freq, 2));
  el.loop = true;
  await el.play();
  cleanups.push(() => {
    el.pause();
    el.removeAttribute('src');
  });
  return el;
}

// ------------------------------------------------------------------------------------------------ fixtures

async function microphone(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
  return stream;
}

/**
 * Chromium's fake microphone made with Web Audio (a 400 Hz square beep of 100 ms every 500 ms, for 30 s), for Firefox,
 * whose fake microphone is a steady sine: a tail after a beep needs a beep that ends.
 */
function beepingMicrophone(): MediaStream {
  const ctx = new AudioContext();
  const osc = new OscillatorNode(ctx, { type: 'square', frequency: 400 });
  const gate = new GainNode(ctx, { gain: 0 });
  for (let t = ctx.currentTime + 0.05; t < ctx.currentTime + 30; t += 0.5) {
    gate.gain.setValueAtTime(0.9, t);
    gate.gain.setValueAtTime(0, t + 0.1);
  }
  const out = ctx.createMediaStreamDestination();
  osc.connect(gate).connect(out);
  osc.start();
  cleanups.push(() => void ctx.close());
  return out.stream;
}

/** An EngineAudio whose streams are the MediaStreams given; `sent` logs what publishers would be told. */
function engineAudio(extra: Partial<EngineAudioDeps> = {}) {
  const sent: (MediaStreamTrack | null)[] = [];
  const audio = new EngineAudio({
    mediaOf: (s) => (s instanceof MediaStream ? s : s instanceof ZegoLocalStream ? s.stream : null),
    publishedMedia: () => null,
    playedMedia: () => null,
    sentTrackChanged: (_media, track) => void sent.push(track),
    ...extra,
  });
  cleanups.push(() => audio.dispose());
  return { audio, sent };
}

/** The output track a processor sends now (fails when it sends the raw microphone). */
function output(audio: EngineAudio, media: MediaStream): MediaStreamTrack {
  const t = audio.sentTrack(media);
  if (!t) throw new Error('no processed output');
  return t;
}

let beepHz = 0;

before(async () => {
  // page activation: AudioContexts made afterwards start 'running'
  await sendMouse({ type: 'click', position: [2, 2] });
  actx = new AudioContext();
  await actx.resume();
});

after(() => actx.close());

// ------------------------------------------------------------------------------------------------ tests

describe('engine audio: capture processing', () => {
  it("measures the fake microphone's beep", async () => {
    const mic = await microphone();
    const [[x]] = await record(mic.getAudioTracks(), 1200);
    beepHz = dominant(x);
    console.log(`fake microphone: beep ${beepHz.toFixed(1)} Hz, rms ${rms(x).toFixed(3)}`);
    expect(beepHz).to.be.within(380, 420);
  });

  it('changes nothing until a feature is used, and gives the microphone back when the last one goes', async () => {
    const mic = await microphone();
    const { audio, sent } = engineAudio();
    audio.processor(mic);
    expect(audio.sentTrack(mic)).to.equal(null);
    expect(audio.context, 'no AudioContext yet').to.equal(null);
    await audio.setCaptureVolume(mic, 100);
    expect(audio.context).to.equal(null);
    expect(await audio.setCaptureVolume(mic, 50)).to.deep.equal({ errorCode: 0, extendedData: '' });
    const out = output(audio, mic);
    expect([sent.length, sent[0]]).to.deep.equal([1, out]);
    // Firefox's settings of a Web Audio track are empty (its two channels show in the virtual stereo test)
    if (!isFirefox) expect(out.getSettings().channelCount).to.equal(2);
    const ctx = audio.context!;
    // Chromium's context runs at once after a gesture; Firefox's starts 'suspended' and runs a moment later
    await waitFor(() => ctx.state === 'running', 2000, 'context running');
    await audio.setReverbPreset(mic, 1);
    expect(audio.sentTrack(mic), 'same track while features change').to.equal(out);
    await audio.setReverbPreset(mic, 0);
    await audio.setCaptureVolume(mic, 100);
    expect(sent).to.deep.equal([out, null]);
    expect(audio.sentTrack(mic)).to.equal(null);
    expect(out.readyState).to.equal('ended');
    await waitFor(() => ctx.state === 'closed', 3000, 'idle context closed');
    expect(audio.context).to.equal(null);
  });

  it('scales the microphone by the capture volume: 0 silent, 50 half, 200 louder', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const levels: Record<number, number> = {};
    for (const volume of [0, 50, 200]) {
      await audio.setCaptureVolume(mic, volume);
      const [[raw], [out]] = await record([mic.getAudioTracks()[0], output(audio, mic)], 1100);
      levels[volume] = rms(out) / rms(raw);
    }
    console.log(
      `capture volume: output/input rms 0 -> ${levels[0].toFixed(4)}, 50 -> ${levels[50].toFixed(3)}, 200 -> ${levels[200].toFixed(3)}`,
    );
    expect(levels[0]).to.be.below(0.001);
    expect(levels[50]).to.be.within(0.4, 0.6);
    expect(levels[200]).to.be.above(1.5);
  });

  it('passes the microphone at its level at volume 100 while something else keeps the graph', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const el = await playingTone(1000);
    el.pause(); // mixed but silent: only the graph remains
    expect(audio.startMixingAudio(mic, [el])).to.equal(true);
    const [[raw], [out]] = await record([mic.getAudioTracks()[0], output(audio, mic)], 1100);
    console.log(`volume 100: output/input rms ${(rms(out) / rms(raw)).toFixed(3)}`);
    expect(rms(out) / rms(raw)).to.be.within(0.85, 1.15);
  });

  it('moves the dominant frequency by the preset pitch (voice changer)', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const cases: [string, () => Promise<ZegoServerResponse>, number][] = [
      ['MEN_TO_CHILD (+8)', () => audio.setVoiceChangerPreset(1, mic), 8],
      ['WOMEN_TO_MEN (-5)', () => audio.setVoiceChangerPreset(4, mic), -5],
      ['voiceParam +12', () => audio.setVoiceChangerParam(mic, 12), 12],
      ['voiceParam -12', () => audio.setVoiceChangerParam(mic, -12), -12],
    ];
    const base = beepHz || 400;
    for (const [name, apply, semitones] of cases) {
      await apply();
      const [[out]] = await record([output(audio, mic)], 1100);
      const f = dominant(out, 100, 1600);
      const expected = base * 2 ** (semitones / 12);
      console.log(`voice changer ${name}: ${f.toFixed(1)} Hz (expected ${expected.toFixed(1)}, ratio ${(f / base).toFixed(3)})`);
      // within a semitone: the shifter's delay modulation and one FFT bin (21.5 Hz) both blur the peak
      expect(f / expected, name).to.be.within(0.94, 1.06);
    }
    await audio.setVoiceChangerParam(mic, 0);
    expect(audio.sentTrack(mic), 'pitch 0 turns the voice changer off').to.equal(null);
  });

  it('leaves a decaying tail after each beep with a reverb preset', async () => {
    const mic = isFirefox ? beepingMicrophone() : await microphone();
    const { audio } = engineAudio();
    await audio.setCaptureVolume(mic, 99); // dry, through the same graph
    const tails: Record<string, number> = {};
    const decays: Record<string, number> = {};
    for (const [name, preset] of [
      ['dry', 0],
      ['ConcertHall', 3],
    ] as const) {
      await audio.setReverbPreset(mic, preset);
      const [[out]] = await record([output(audio, mic)], 1600);
      const env = envelope(out);
      // the end of the first full beep: the last 10 ms block above a third of the peak before a 300 ms gap
      const peak = Math.max(...env);
      let end = -1;
      for (let b = 1; b + 35 < env.length; b++) {
        if (env[b] > peak / 3 && env.slice(b + 1, b + 30).every((v) => v <= peak / 3) && b > 5) {
          end = b;
          break;
        }
      }
      expect(end, `${name}: a beep ending in the recording`).to.be.above(0);
      const beep = rms(env.subarray(end - 8, end + 1));
      const tail = rms(env.subarray(end + 5, end + 30));
      tails[name] = 20 * Math.log10(tail / beep);
      let fall = end;
      while (fall < env.length - 1 && env[fall] > beep / 100) fall++;
      decays[name] = (fall - end) * 10;
    }
    console.log(
      `reverb: tail 50-300 ms after the beep ${tails.dry.toFixed(1)} dB dry, ${tails.ConcertHall.toFixed(1)} dB ConcertHall; ` +
        `-40 dB after ${decays.dry} ms dry, ${decays.ConcertHall} ms ConcertHall`,
    );
    expect(tails.ConcertHall - tails.dry).to.be.above(6);
    expect(decays.ConcertHall).to.be.above(decays.dry + 100);
  });

  it('places the voice right or left with virtual stereo', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const balance: Record<number, number> = {};
    for (const angle of [0, 180, 90]) {
      await audio.enableVirtualStereo(mic, true, angle);
      const [[l, r]] = await record([output(audio, mic)], 1100);
      balance[angle] = ratioDb(rms(r), rms(l));
    }
    console.log(`virtual stereo R/L: 0° ${balance[0].toFixed(1)} dB, 180° ${balance[180].toFixed(1)} dB, 90° ${balance[90].toFixed(1)} dB`);
    expect(balance[0]).to.be.above(20);
    expect(balance[180]).to.be.below(-20);
    expect(Math.abs(balance[90])).to.be.below(3);
    expect(audio.stereo(mic)).to.equal(true);
    await audio.enableVirtualStereo(mic, false, 0);
    expect(audio.sentTrack(mic)).to.equal(null);
  });

  it('keeps stereo over WebRTC only when both descriptions ask for stereo Opus', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    await audio.enableVirtualStereo(mic, true, 180);
    const sent = output(audio, mic);
    const result: Record<string, number> = {};
    let defaultOffersStereo = false;
    for (const how of ['default', 'sender only', 'both', 'publisher strips'] as const) {
      const a = new RTCPeerConnection();
      const b = new RTCPeerConnection();
      cleanups.push(() => (a.close(), b.close()));
      a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
      b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
      const received = new Promise<MediaStreamTrack>((resolve) => (b.ontrack = (e) => resolve(e.track)));
      // as in the engine: the player (b) offers receive-only, the publisher (a) answers and sends
      b.addTransceiver('audio', { direction: 'recvonly' });
      const offer = (await b.createOffer()).sdp!;
      if (how === 'default') defaultOffersStereo = /^a=fmtp:\d+ .*\bstereo=1/m.test(offer);
      const local = how === 'both' || how === 'publisher strips' ? withStereoOpus(offer) : offer;
      await b.setLocalDescription({ type: 'offer', sdp: local });
      const remote = { default: local, 'sender only': withStereoOpus(local), both: local, 'publisher strips': withoutStereoOpus(local) }[
        how
      ];
      await a.setRemoteDescription({ type: 'offer', sdp: remote });
      const t = a.getTransceivers()[0];
      t.direction = 'sendonly';
      await t.sender.replaceTrack(sent);
      const answer = await a.createAnswer();
      await a.setLocalDescription(answer);
      await b.setRemoteDescription(answer);
      const track = await received;
      await waitFor(() => a.connectionState === 'connected', 8000, 'connected');
      await sleep(500);
      const [[l, r]] = await record([track], 1100);
      result[how] = ratioDb(rms(r), rms(l));
    }
    console.log(
      `over WebRTC, voice at 180° (left): R/L ${result.default.toFixed(1)} dB by default (offer ${defaultOffersStereo ? 'with' : 'without'} stereo=1), ${result['sender only'].toFixed(1)} dB ` +
        `with stereo=1 in the sender's remote offer only, ${result.both.toFixed(1)} dB with it in the player's offer, ` +
        `${result['publisher strips'].toFixed(1)} dB when the publisher strips it from the offer it receives`,
    );
    // Firefox's own offer already asks for stereo Opus (`stereo=1` in its fmtp), Chromium's does not: unmodified,
    // the connection is stereo in Firefox and down-mixed in Chromium
    if (defaultOffersStereo) expect(result.default, 'stereo by default').to.be.below(-20);
    else expect(Math.abs(result.default), 'down-mixed to mono').to.be.below(1);
    expect(result.both).to.be.below(-20);
    expect(Math.abs(result['publisher strips']), 'a mono publisher can decline').to.be.below(1);
  });
});

describe('engine audio: mixing and effects', () => {
  it('mixes what an <audio> element plays into what is sent, at its mixing volume', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const el = await playingTone(1000);
    expect(audio.startMixingAudio(mic, [el])).to.equal(true);
    let [[out]] = await record([output(audio, mic)], 1100);
    const withMic = { beep: toneLevel(out, beepHz || 400), tone: toneLevel(out, 1000) };
    await audio.setCaptureVolume(mic, 0);
    [[out]] = await record([output(audio, mic)], 800);
    const alone = dominant(out);
    const full = toneLevel(out, 1000);
    expect(audio.setMixingAudioVolume(mic, 20, el)).to.equal(true);
    [[out]] = await record([output(audio, mic)], 800);
    const quiet = toneLevel(out, 1000);
    console.log(
      `mixing: microphone ${withMic.beep.toFixed(4)} and tone ${withMic.tone.toFixed(4)} together; tone alone ${alone.toFixed(1)} Hz; ` +
        `mixing volume 20 -> ${(quiet / full).toFixed(3)} of 100`,
    );
    expect(withMic.tone).to.be.above(0.01);
    expect(withMic.beep).to.be.above(0.01);
    expect(alone).to.be.within(995, 1005);
    expect(quiet / full).to.be.within(0.15, 0.25);
    expect(audio.stopMixingAudio(mic, [el])).to.equal(true);
    await audio.setCaptureVolume(mic, 100);
    expect(audio.sentTrack(mic)).to.equal(null);
    expect(audio.context, 'the element keeps the context: it plays through it').to.not.equal(null);
  });

  it('plays, pauses, resumes, seeks and ends an effect into what is sent', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    await audio.setCaptureVolume(mic, 0);
    const url = wavTone(700, 1.5);
    expect(await audio.loadAudioEffect('ding', url)).to.equal('ding');
    const player = audio.createAudioEffectPlayer(mic);
    expect(audio.createAudioEffectPlayer(mic), 'one per stream').to.equal(player);
    expect(player.getTotalDuration('ding')).to.equal(1500);
    expect(player.getCurrentProgress('ding')).to.equal(0);
    const log: string[] = [];
    player.start(
      'ding',
      undefined,
      () => log.push('start'),
      () => log.push('end'),
    );
    player.start('ding', undefined, () => log.push('second start'));
    expect(log).to.deep.equal(['start']);
    const [[out]] = await record([output(audio, mic)], 500);
    expect(dominant(out)).to.be.within(695, 705);
    const before = player.getCurrentProgress('ding');
    // about the 500 ms recorded: on a busy machine the effect starts late or the recording ends late, so only
    // "well under way, not ended" is sure
    expect(before).to.be.within(200, 1499);
    expect(player.pause('ding')).to.equal(true);
    const paused = player.getCurrentProgress('ding');
    await sleep(300);
    expect(player.getCurrentProgress('ding')).to.equal(paused);
    const [[silent]] = await record([output(audio, mic)], 300);
    expect(rms(silent)).to.be.below(0.001);
    expect(player.resume('ding')).to.equal(true);
    await waitFor(() => player.getCurrentProgress('ding') > paused + 100, 3000, 'progress after resume');
    expect(player.seekTo('ding', 200)).to.equal(true);
    expect(player.getCurrentProgress('ding')).to.be.within(200, 260);
    expect(player.seekTo('ding', 5000)).to.equal(false);
    const t0 = performance.now();
    await waitFor(() => log.includes('end'), 5000, 'onEnd');
    const left = performance.now() - t0;
    console.log(`effect: progress ${before} ms after 500 ms; from 200 ms to the end in ${left.toFixed(0)} ms (1300 ms of sound)`);
    expect(left).to.be.within(900, 2500);
    expect(log).to.deep.equal(['start', 'end']);
    expect(player.getCurrentProgress('ding')).to.equal(0);
    expect(player.setVolume('ding', 300)).to.equal(false);
    expect(audio.unloadAudioEffect('ding')).to.equal(true);
    expect(audio.unloadAudioEffect('ding')).to.equal(false);
    expect(player.getTotalDuration('ding')).to.equal(0);
  });

  it('loads an effect from start(path), calls onEnd on stop, and releases the graph after', async () => {
    const mic = await microphone();
    const { audio, sent } = engineAudio();
    const player = audio.createAudioEffectPlayer(mic);
    const log: string[] = [];
    player.start(
      'late',
      { path: wavTone(500, 3) },
      () => log.push('start'),
      () => log.push('end'),
    );
    await waitFor(() => log.includes('start'), 5000, 'start after loading');
    expect(audio.sentTrack(mic)).to.not.equal(null);
    expect(player.getTotalDuration('late')).to.equal(3000);
    expect(player.stop('late')).to.equal(true);
    expect(log).to.deep.equal(['start', 'end']);
    expect(sent.at(-1), 'the microphone is sent again').to.equal(null);
    expect(player.stop('late')).to.equal(false);
  });

  it('rejects unloadable effects with the SDK shape', async () => {
    const { audio } = engineAudio();
    const missing = await rejection(audio.loadAudioEffect('x', '/no/such/effect.mp3'));
    expect(missing.errorCode).to.equal(1100001);
    expect(missing.extendedData).to.contain('404');
    const junk = await rejection(audio.loadAudioEffect('y', URL.createObjectURL(new Blob(['not audio']))));
    expect(junk.extendedData).to.contain('decode');
    expect((await rejection(audio.loadAudioEffect('', 'a.mp3'))).extendedData).to.contain('audioEffectID');
  });

  it('shifts what an element plays into the stream, per live-effect mode', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const el = await playingTone(600);
    await audio.setCaptureVolume(mic, 0);
    expect(audio.startMixingAudio(mic, [el])).to.equal(true);
    const heard: Record<string, number> = {};
    for (const [name, mode] of [
      ['local only', 1],
      ['publish', 2],
      ['all', 3],
    ] as const) {
      await audio.setAudioChangerParam(el, 12, mode);
      const [[out]] = await record([output(audio, mic)], 700);
      heard[name] = dominant(out);
    }
    await audio.setAudioChangerParam(el, 0, 3);
    // what is left 100-400 ms after the element pauses, without and with the live effect on the mix
    const tails: number[] = [];
    for (const live of [false, true]) {
      await audio.enableLiveAudioEffect(el, live, 2);
      await el.play();
      await sleep(300);
      const recording = record([output(audio, mic)], 700);
      await sleep(200);
      el.pause();
      const [[x]] = await recording;
      const env = envelope(x);
      const level = Math.max(...env.subarray(0, 15));
      const drop = env.findIndex((v, i) => i > 5 && v < level / 2);
      tails.push(rms(env.subarray(drop + 10, drop + 40)) / level);
    }
    console.log(
      `element pitch +12: sent ${heard['local only'].toFixed(0)} Hz (local mode), ${heard.publish.toFixed(0)} Hz (publish), ${heard.all.toFixed(0)} Hz (all); ` +
        `100-400 ms after a pause ${ratioDb(tails[0], 1).toFixed(1)} dB without, ${ratioDb(tails[1], 1).toFixed(1)} dB with the live effect`,
    );
    expect(heard['local only']).to.be.within(590, 610);
    expect(heard.publish).to.be.within(1160, 1240);
    expect(heard.all).to.be.within(1160, 1240);
    expect(ratioDb(tails[1], tails[0])).to.be.above(10);
  });
});

describe('engine audio: frames, devices, errors, teardown', () => {
  it('delivers capture frames at the requested rate, channels and depth', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const frames: { sampleRate: number; channelCount: number; length: number; kind: string; max: number; at: number }[] = [];
    const r = await audio.setCaptureAudioFrameCallback(
      mic,
      (f) => {
        const c = f.channels[0];
        let max = 0;
        for (const v of c) max = Math.max(max, Math.abs(v));
        frames.push({
          sampleRate: f.sampleRate,
          channelCount: f.channelCount,
          length: c.length,
          kind: c.constructor.name,
          max,
          at: performance.now(),
        });
      },
      { frameSize: 1024, sampleRate: 16000, channelCount: 1, bitDepth: 16 },
    );
    expect(r.errorCode).to.equal(0);
    await waitFor(() => frames.length >= 60, 8000, '60 frames');
    const rate = audio.context!.sampleRate;
    const span = (frames.at(-1)!.at - frames[10].at) / 1000;
    const perSecond = (frames.length - 11) / span;
    console.log(
      `frames: ${perSecond.toFixed(1)}/s (expected ${(rate / 1024).toFixed(1)}), ${frames[0].length} samples at 16 kHz, peak ${Math.max(...frames.map((f) => f.max))}`,
    );
    expect(frames.every((f) => f.sampleRate === 16000 && f.channelCount === 1 && f.kind === 'Int16Array')).to.equal(true);
    expect(frames[0].length).to.equal(Math.round((1024 * 16000) / rate));
    expect(Math.max(...frames.map((f) => f.max))).to.be.above(3000);
    expect(perSecond).to.be.within((rate / 1024) * 0.7, (rate / 1024) * 1.3);
    await audio.setCaptureAudioFrameCallback(mic, null);
    const n = frames.length;
    await sleep(300);
    expect(frames.length).to.be.at.most(n + 1);
    const bad = await rejection(audio.setCaptureAudioFrameCallback(mic, () => {}, { frameSize: 1000 as 1024 }));
    expect([bad.errorCode, bad.extendedData.includes('frameSize')]).to.deep.equal([1100001, true]);
  });

  it('delivers frames of a played (received) stream', async () => {
    const mic = await microphone();
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    cleanups.push(() => (a.close(), b.close()));
    a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
    b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
    const played = new MediaStream();
    const got = new Promise<void>((resolve) => (b.ontrack = (e) => (played.addTrack(e.track), resolve())));
    a.addTrack(mic.getAudioTracks()[0]);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await got;
    const { audio } = engineAudio({ playedMedia: (id) => (id === 'remote' ? played : null) });
    const notPlaying = await rejection(audio.setAudioFrameCallback('other', () => {}));
    expect(notPlaying.errorCode).to.equal(1104044);
    let max = 0;
    let rate = 0;
    await audio.setAudioFrameCallback('remote', (f) => {
      rate = f.sampleRate;
      for (const v of f.channels[0] as Float32Array) max = Math.max(max, Math.abs(v));
    });
    await waitFor(() => max > 0.1, 8000, 'sound in the played frames');
    expect(rate).to.equal(audio.context!.sampleRate);
    audio.releasePlay('remote');
  });

  it('falls back to a ScriptProcessor where AudioWorklet is unavailable', async () => {
    const mic = await microphone();
    const hub = new (class extends AudioHub {
      override worklet(): Promise<boolean> {
        return Promise.resolve(false);
      }
    })();
    cleanups.push(() => hub.dispose());
    let max = 0;
    let count = 0;
    const tap = await PcmTap.open(
      hub,
      () => mic.getAudioTracks()[0],
      (f) => {
        count++;
        for (const v of f.channels[0] as Float32Array) max = Math.max(max, Math.abs(v));
      },
      { frameSize: 2048, sampleRate: 48000 },
    );
    // Chromium's fake microphone peaks near 1.0, Firefox's at 0.1
    await waitFor(() => max > 0.05 && count > 5, 8000, 'frames with sound');
    tap!.dispose();
    expect(hub.context, 'the last holder closed the context').to.equal(null);
  });

  it('converts frames as the SDK: down-mix, up-mix, resample, 16-bit', () => {
    const l = new Float32Array([1, 0.5, -1, 0]);
    const r = new Float32Array([0, 0.5, 1, 0]);
    expect(toAudioFrame([l, r], 48000, undefined).channels).to.deep.equal([l, r]);
    const mono = toAudioFrame([l, r], 48000, { channelCount: 1 });
    expect([...(mono.channels[0] as Float32Array)]).to.deep.equal([0.5, 0.5, 0, 0]);
    const up = toAudioFrame([l], 48000, { channelCount: 2, bitDepth: 16 });
    expect([up.channelCount, [...up.channels[1]]]).to.deep.equal([2, [32767, 16384, -32767, 0]]);
    expect(toAudioFrame([new Float32Array(480)], 48000, { sampleRate: 16000 }).channels[0].length).to.equal(160);
  });

  it('keeps the sent track through a device switch and keeps noise suppression as asked', async () => {
    const captured = await captureStream({ camera: { video: false, audio: true } });
    cleanups.push(() => captured.stream.getTracks().forEach((t) => t.stop()));
    let audioRef: EngineAudio | null = null;
    const link: EngineLink = {
      emit: () => {},
      trackReplaced: (stream, kind, track) => kind === 'audio' && audioRef?.inputChanged(stream, track),
    };
    const local = new ZegoLocalStream(captured, link);
    cleanups.push(() => local._destroy());
    const { audio } = engineAudio({
      // what the engine does: the stream's settings take the constraints, then the same device is captured again
      recaptureMicrophone: (_media, constraints) => {
        local._settings = { ...local._settings, audio: { ...local._settings.audio, ...constraints } };
        return local._useDevice('audio', local.audioDeviceId);
      },
    });
    audioRef = audio;
    const media = local.stream!;
    await audio.setCaptureVolume(local, 50);
    const out = output(audio, media);
    const first = media.getAudioTracks()[0];
    expect((await local._useDevice('audio', local.audioDeviceId)).errorCode).to.equal(0);
    expect(media.getAudioTracks()[0]).to.not.equal(first);
    expect(output(audio, media), 'same sent track').to.equal(out);
    expect(out.readyState).to.equal('live');
    const [[x]] = await record([out], 1100);
    expect(rms(x), 'sound after the switch').to.be.above(0.02);
    expect((await audio.enableAiDenoise(local, false)).errorCode).to.equal(0);
    expect(media.getAudioTracks()[0].getSettings().noiseSuppression).to.equal(false);
    expect(output(audio, media), 'same sent track after re-capture').to.equal(out);
    await audio.setAiDenoiseMode(local, 2);
    expect(media.getAudioTracks()[0].getSettings().noiseSuppression, 'the mode waits for enable').to.equal(false);
    await audio.enableAiDenoise(local, true);
    // Firefox's fake microphone has no noise suppression (its settings always say false): there, what was asked of it
    const now = media.getAudioTracks()[0];
    expect((isFirefox ? now.getConstraints() : now.getSettings()).noiseSuppression).to.equal(true);
  });

  it("answers bad input with the SDK's shapes", async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    const cases: [string, Promise<unknown>, string][] = [
      ['volume', audio.setCaptureVolume(mic, 300), 'volume'],
      ['stream', audio.setCaptureVolume({} as MediaStream, 50), 'localStream'],
      ['preset', audio.setVoiceChangerPreset(99 as 0, mic), 'preset'],
      ['voiceParam', audio.setVoiceChangerParam(mic, 13), 'voiceParam'],
      ['reverb', audio.setReverbPreset(mic, 13 as 0), 'preset'],
      ['angle', audio.enableVirtualStereo(mic, true, 400), 'angle'],
      ['enable', audio.enableAiDenoise(mic, 'yes' as unknown as boolean), 'enable'],
      ['mode', audio.setAiDenoiseMode(mic, 5 as 0), 'mode'],
      ['player', audio.enableLiveAudioEffect({} as HTMLMediaElement, true, 1), 'player'],
      ['pitch', audio.setAudioChangerParam(new Audio(), 20, 1), 'pitch'],
      ['no audio', audio.setCaptureVolume(new MediaStream(), 50), 'audio track'],
    ];
    for (const [name, p, word] of cases) {
      const e = await rejection(p);
      expect([e.errorCode, e.extendedData.includes(word)], name).to.deep.equal([1100001, true]);
    }
    expect(audio.startMixingAudio(mic, [])).to.equal(false);
    expect(audio.startMixingAudio(mic, [document.body as unknown as HTMLMediaElement])).to.equal(false);
    expect(audio.startMixingAudio('not-published', [new Audio()])).to.equal(false);
    expect(audio.setMixingAudioVolume(mic, 50, new Audio()), 'not mixed').to.equal(false);
    expect(() => audio.createAudioEffectPlayer({} as MediaStream))
      .to.throw()
      .with.property('errorCode', 1100001);
    expect(audio.context, 'bad input builds nothing').to.equal(null);
  });

  it('closes the AudioContext and ends the sent track on dispose', async () => {
    const mic = await microphone();
    const { audio } = engineAudio();
    await audio.setReverbPreset(mic, 2);
    const el = await playingTone(800);
    audio.startMixingAudio(mic, [el]);
    const player = audio.createAudioEffectPlayer(mic);
    await audio.loadAudioEffect('e', wavTone(300, 2));
    const ended: string[] = [];
    player.start('e', undefined, undefined, () => ended.push('e'));
    const frames: number[] = [];
    await audio.setCaptureAudioFrameCallback(mic, () => frames.push(1));
    await waitFor(() => frames.length > 3, 5000, 'frames of the processed track');
    const ctx = audio.context!;
    const out = output(audio, mic);
    audio.dispose();
    await waitFor(() => ctx.state === 'closed', 3000, 'context closed');
    expect(out.readyState).to.equal('ended');
    expect(ended, 'no onEnd for a disposed engine').to.deep.equal([]);
    const n = frames.length;
    await sleep(200);
    expect(frames.length).to.equal(n);
    expect((await rejection(audio.setCaptureVolume(mic, 50))).errorCode).to.not.equal(0);
  });
});
