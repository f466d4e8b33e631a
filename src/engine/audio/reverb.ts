/**
 * Reverb for `setReverbPreset` (and the live audio effect of media elements): a ConvolverNode whose impulse
 * response is generated per preset (decaying noise: the room size sets the decay time, a falling low-pass the
 * darkening of the tail, discrete echoes for a valley), mixed with the dry voice.
 */
import type { ZegoReverbPreset } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoVoiceChangerEntity.web';

export interface ReverbPreset {
  /** Seconds for the tail to fall by 60 dB (RT60). */
  decay: number;
  /** Seconds before the tail starts (early reflections of a large space arrive late). */
  preDelay: number;
  /** Wet level relative to the dry voice (1 = dry). */
  wet: number;
  /** Low-pass corner at the end of the tail, Hz: lower is a darker, more absorbing room. */
  damping: number;
  /** Discrete echoes (seconds, gain): a valley's walls. */
  echoes?: readonly (readonly [number, number])[];
  /** Band-limits the whole sound (Hz), for the gramophone. */
  band?: readonly [number, number];
  partial?: string;
}

/** Every `ZegoReverbPreset` of the Web SDK 3.12 except None (0). ZEGO does not publish its parameters. */
export const REVERB_PRESETS: Readonly<Record<Exclude<ZegoReverbPreset, 0>, ReverbPreset>> = {
  1: { decay: 0.45, preDelay: 0.005, wet: 0.25, damping: 5000 }, // SoftRoom
  2: { decay: 1.2, preDelay: 0.012, wet: 0.3, damping: 5000 }, // LargeRoom
  3: { decay: 2.2, preDelay: 0.025, wet: 0.35, damping: 4000 }, // ConcertHall
  4: {
    decay: 3,
    preDelay: 0.03,
    wet: 0.3,
    damping: 3000,
    echoes: [
      [0.28, 0.5],
      [0.56, 0.3],
      [0.84, 0.18],
    ],
  }, // Valley
  5: { decay: 0.3, preDelay: 0.003, wet: 0.15, damping: 8000 }, // RecordingStudio
  6: { decay: 0.9, preDelay: 0.008, wet: 0.4, damping: 1500 }, // Basement
  7: { decay: 1.5, preDelay: 0.015, wet: 0.35, damping: 6000 }, // KTV
  8: { decay: 1, preDelay: 0.01, wet: 0.25, damping: 7000 }, // Popular
  9: { decay: 1.3, preDelay: 0.01, wet: 0.3, damping: 9000 }, // Rock
  10: { decay: 2.5, preDelay: 0.03, wet: 0.35, damping: 5000 }, // VocalConcert
  11: {
    decay: 0.35,
    preDelay: 0.004,
    wet: 0.2,
    damping: 3000,
    band: [300, 3400],
    partial: 'band-limited with a short reverb; no surface noise or crackle',
  }, // GramoPhone
  12: { decay: 1, preDelay: 0.012, wet: 0.25, damping: 8000 }, // EnhancedKTV: shorter tail, drier than KTV
};

/** The live audio effect of `enableLiveAudioEffect`: a concert-hall ambience for an accompaniment. */
export const LIVE_EFFECT: ReverbPreset = {
  decay: 1.8,
  preDelay: 0.02,
  wet: 0.3,
  damping: 6000,
  partial: 'a concert-hall reverb; no instrument enhancement',
};

/** Deterministic noise (mulberry32): the same preset always sounds the same. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  };
}

/** A stereo impulse response: decorrelated noise per channel under an exponential decay, darkening as it falls. */
export function impulseResponse(ctx: BaseAudioContext, p: ReverbPreset): AudioBuffer {
  const rate = ctx.sampleRate;
  const length = Math.ceil((p.preDelay + p.decay) * rate);
  const buffer = ctx.createBuffer(2, length, rate);
  const start = Math.floor(p.preDelay * rate);
  for (let ch = 0; ch < 2; ch++) {
    const data = buffer.getChannelData(ch);
    const random = noise(0x5eed + ch * 7919);
    let low = 0;
    for (let i = start; i < length; i++) {
      const t = (i - start) / rate;
      const env = Math.exp((-6.91 * t) / p.decay); // -60 dB at t = decay
      // one-pole low-pass whose corner falls from open to `damping` over the tail
      const corner = p.damping + (rate / 2 - p.damping) * Math.exp((-4 * t) / p.decay);
      const k = 1 - Math.exp((-2 * Math.PI * corner) / rate);
      low += k * (random() - low);
      data[i] = low * env;
    }
    for (const [time, gain] of p.echoes ?? []) {
      const at = start + Math.floor(time * rate);
      if (at < length) data[at] += gain * (ch ? 0.9 : 1);
    }
  }
  return buffer;
}

/** `input` -> [band] -> dry + convolver(wet) -> `output`. */
export class Reverb {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly dry: GainNode;
  private readonly wet: GainNode;
  private convolver: ConvolverNode | null = null;
  private filters: BiquadFilterNode[] = [];
  private preset: ReverbPreset | null = null;
  private readonly responses = new Map<ReverbPreset, AudioBuffer>();

  constructor(private readonly ctx: BaseAudioContext) {
    this.input = ctx.createGain();
    this.output = ctx.createGain();
    this.dry = ctx.createGain();
    this.wet = ctx.createGain();
    this.dry.connect(this.output);
    this.wet.connect(this.output);
    this.input.connect(this.dry);
  }

  get active(): boolean {
    return !!this.preset;
  }

  /** The preset in force; null passes the sound through. */
  set(preset: ReverbPreset | null): void {
    if (preset === this.preset) return;
    this.preset = preset;
    this.input.disconnect();
    for (const f of this.filters) f.disconnect();
    this.filters = [];
    this.convolver?.disconnect();
    this.convolver = null;
    if (!preset) {
      this.input.connect(this.dry);
      return;
    }
    let at: AudioNode = this.input;
    if (preset.band) {
      for (const [type, frequency] of [
        ['highpass', preset.band[0]],
        ['lowpass', preset.band[1]],
      ] as const) {
        const f = this.ctx.createBiquadFilter();
        f.type = type;
        f.frequency.value = frequency;
        at.connect(f);
        at = f;
        this.filters.push(f);
      }
    }
    let response = this.responses.get(preset);
    if (!response) {
      response = impulseResponse(this.ctx, preset);
      this.responses.set(preset, response);
    }
    const convolver = this.ctx.createConvolver();
    convolver.buffer = response;
    this.convolver = convolver;
    this.wet.gain.value = preset.wet;
    at.connect(this.dry);
    at.connect(convolver).connect(this.wet);
  }

  dispose(): void {
    this.set(null);
    this.responses.clear();
    for (const n of [this.input, this.dry, this.wet, this.output]) n.disconnect();
  }
}
