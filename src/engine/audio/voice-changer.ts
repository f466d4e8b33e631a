/**
 * Voice changing for `setVoiceChangerPreset` / `setVoiceChangerParam` / `setAudioChangerParam`, from plain Web Audio
 * nodes: a pitch shifter plus, for presets that are more than a pitch, filters, a ring modulator, a comb, an echo
 * or a vibrato.
 *
 * The pitch shifter is the classic two-delay-line design (Chris Wilson's "Jungle"): each line delays the voice by a
 * time that ramps linearly (a looping sawtooth buffer drives `delayTime`), so the line plays the voice faster or
 * slower by exactly the ramp's slope; when a ramp wraps, its line is faded out and the other line, half a period
 * apart, carries the sound (complementary sin² windows that sum to 1). Nodes rather than an AudioWorklet: a worklet
 * needs a secure context (a LAN demo over plain http has none) and a module load before the first sample, while
 * these nodes work everywhere Web Audio does, start synchronously, and are sample-accurate (`delayTime` is a-rate).
 * The cost is the method's own: a little comb colouring and ~GRAIN/2 of added latency when shifting.
 */
import type { ZegoVoiceChangerPreset } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoVoiceChangerEntity.web';

/** Length of one delay ramp, seconds: longer smears transients, shorter warbles. Jungle uses 0.1. */
const GRAIN = 0.1;

/** A stage of the chain: what is connected in front of the next one. */
interface Stage {
  readonly input: AudioNode;
  readonly output: AudioNode;
  dispose(): void;
}

export class PitchShifter implements Stage {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly delays: DelayNode[] = [];
  private readonly mods: GainNode[] = [];
  private readonly nodes: AudioNode[] = [];
  private readonly sources: AudioBufferSourceNode[] = [];
  private semitones = 0;

  constructor(private readonly ctx: BaseAudioContext) {
    this.input = ctx.createGain();
    this.output = ctx.createGain();
    const n = Math.max(2, Math.round(GRAIN * ctx.sampleRate));
    const when = ctx.currentTime + 0.02;
    for (const shift of [0, n >> 1]) {
      const ramp = ctx.createBuffer(1, n, ctx.sampleRate);
      const fade = ctx.createBuffer(1, n, ctx.sampleRate);
      const r = ramp.getChannelData(0);
      const f = fade.getChannelData(0);
      for (let i = 0; i < n; i++) {
        const phase = ((i + shift) % n) / n;
        r[i] = phase;
        // zero exactly where this line's ramp wraps; the two lines' windows sum to 1
        f[i] = Math.sin(Math.PI * phase) ** 2;
      }
      const delay = ctx.createDelay(GRAIN * 2);
      delay.delayTime.value = 0;
      const mod = ctx.createGain();
      mod.gain.value = 0;
      const window = ctx.createGain();
      window.gain.value = 0;
      const rampSource = this.loop(ramp);
      const fadeSource = this.loop(fade);
      rampSource.connect(mod).connect(delay.delayTime);
      fadeSource.connect(window.gain);
      this.input.connect(delay).connect(window).connect(this.output);
      // every loop starts on the same sample so the two lines stay half a period apart
      rampSource.start(when);
      fadeSource.start(when);
      this.delays.push(delay);
      this.mods.push(mod);
      this.nodes.push(delay, mod, window);
    }
  }

  get pitch(): number {
    return this.semitones;
  }

  /** Shifts by `semitones` (-12..12 and beyond): the delay changes by (1 - ratio) seconds per second. */
  setPitch(semitones: number): void {
    this.semitones = semitones;
    const ratio = 2 ** (semitones / 12);
    const depth = Math.min(Math.abs(ratio - 1), 1.9) * GRAIN;
    const now = this.ctx.currentTime;
    for (let i = 0; i < this.delays.length; i++) {
      // faster (higher): the delay falls from `depth` to 0 over a grain; slower: it rises from 0 to `depth`
      this.delays[i].delayTime.setTargetAtTime(ratio > 1 ? depth : 0, now, 0.005);
      this.mods[i].gain.setTargetAtTime(ratio > 1 ? -depth : depth, now, 0.005);
    }
  }

  dispose(): void {
    for (const s of this.sources) {
      s.stop();
      s.disconnect();
    }
    for (const n of this.nodes) n.disconnect();
    this.input.disconnect();
    this.output.disconnect();
  }

  private loop(buffer: AudioBuffer): AudioBufferSourceNode {
    const s = this.ctx.createBufferSource();
    s.buffer = buffer;
    s.loop = true;
    this.sources.push(s);
    return s;
  }
}

interface Filter {
  type: BiquadFilterType;
  frequency: number;
  gain?: number;
  Q?: number;
}

/** What a preset does; `partial` says what the SDK's effect has that this one lacks (for the API doc). */
export interface VoicePreset {
  /** Semitones. */
  pitch: number;
  filters?: readonly Filter[];
  /** Ring modulation: the voice multiplied by a sine of `frequency` Hz, `mix` of it wet. */
  ring?: { frequency: number; mix: number };
  /** A short feedback comb: a metallic resonance at 1/delay Hz. */
  comb?: { delay: number; feedback: number };
  echo?: { delay: number; feedback: number; wet: number };
  /** Pitch wobble: a delay swinging by `depth` seconds at `rate` Hz. */
  vibrato?: { rate: number; depth: number };
  partial?: string;
}

const shelfLow = (frequency: number, gain: number): Filter => ({ type: 'lowshelf', frequency, gain });
const shelfHigh = (frequency: number, gain: number): Filter => ({ type: 'highshelf', frequency, gain });
const peak = (frequency: number, gain: number): Filter => ({ type: 'peaking', frequency, gain, Q: 1 });
const NO_SCALE = 'needs pitch detection and correction to a scale (auto-tune), which plain nodes cannot do: the voice is sent unchanged';

/**
 * Every `ZegoVoiceChangerPreset` of the Web SDK 3.12 (0..22). ZEGO does not publish its presets' parameters; these
 * are our approximations: a pitch (semitones), then a timbre.
 */
export const VOICE_PRESETS: Readonly<Record<ZegoVoiceChangerPreset, VoicePreset>> = {
  0: { pitch: 0 },
  1: { pitch: 8, filters: [shelfHigh(3000, 3)], partial: 'pitch only (+8 semitones), no formant shift' },
  2: { pitch: 5, filters: [shelfHigh(3000, 2)], partial: 'pitch only (+5 semitones), no formant shift' },
  3: { pitch: 4, filters: [shelfHigh(4000, 2)], partial: 'pitch only (+4 semitones), no formant shift' },
  4: { pitch: -5, filters: [shelfLow(200, 3)], partial: 'pitch only (-5 semitones), no formant shift' },
  5: { pitch: 1, vibrato: { rate: 3.5, depth: 0.0012 }, partial: 'a slight pitch rise with a slow vibrato; no accent' },
  6: { pitch: -5, comb: { delay: 0.006, feedback: 0.45 }, filters: [shelfLow(200, 4)] },
  7: { pitch: 0, ring: { frequency: 40, mix: 0.85 }, comb: { delay: 0.004, feedback: 0.3 } },
  8: { pitch: 0, echo: { delay: 0.12, feedback: 0.45, wet: 0.4 }, filters: [shelfHigh(5000, 3)] },
  9: { pitch: -2, filters: [shelfLow(180, 4), peak(3000, -2)] },
  10: { pitch: 2, filters: [shelfHigh(5000, 4)] },
  11: { pitch: 0, partial: NO_SCALE },
  12: { pitch: 0, partial: NO_SCALE },
  13: { pitch: 0, partial: NO_SCALE },
  14: { pitch: 3, filters: [peak(2500, 4)] },
  15: { pitch: -1, filters: [shelfLow(250, 5)] },
  16: { pitch: -3, filters: [shelfHigh(2500, -9)] },
  17: { pitch: 0, filters: [peak(400, 3), shelfHigh(6000, -3)] },
  18: { pitch: 6, filters: [shelfHigh(4000, 2)] },
  19: { pitch: 0, filters: [shelfLow(150, 3), peak(1000, 2)] },
  20: { pitch: 0, filters: [shelfLow(200, -3), shelfHigh(5000, 5)] },
  21: { pitch: 2, filters: [peak(2500, 5)] },
  22: { pitch: 1, filters: [peak(3000, 4), shelfHigh(8000, 3)] },
};

/** Whether a preset changes anything (the scale presets and NONE do not). */
export function presetActive(p: VoicePreset | null): boolean {
  return !!p && (p.pitch !== 0 || !!p.filters?.length || !!p.ring || !!p.comb || !!p.echo || !!p.vibrato);
}

/**
 * One voice-changer chain: `input` -> [pitch] -> [filters] -> [ring] -> [comb] -> [echo] -> [vibrato] -> `output`.
 * `set()` rebuilds the stages behind the pitch shifter (kept, so its loops are not restarted on every change).
 */
export class VoiceChanger {
  readonly input: GainNode;
  readonly output: GainNode;
  private shifter: PitchShifter | null = null;
  private stages: Stage[] = [];
  private preset: VoicePreset | null = null;

  constructor(private readonly ctx: BaseAudioContext) {
    this.input = ctx.createGain();
    this.output = ctx.createGain();
    this.input.connect(this.output);
  }

  get active(): boolean {
    return presetActive(this.preset);
  }

  /** The preset in force (null or inactive: the voice passes unchanged). */
  set(preset: VoicePreset | null): void {
    this.preset = preset;
    this.input.disconnect();
    for (const s of this.stages) s.dispose();
    this.stages = [];
    if (!presetActive(preset)) {
      this.shifter?.dispose();
      this.shifter = null;
      this.input.connect(this.output);
      return;
    }
    const p = preset!;
    const chain: Stage[] = [];
    if (p.pitch !== 0) {
      this.shifter ??= new PitchShifter(this.ctx);
      this.shifter.output.disconnect();
      this.shifter.setPitch(p.pitch);
      chain.push(this.shifter);
    } else {
      this.shifter?.dispose();
      this.shifter = null;
    }
    for (const f of p.filters ?? []) this.stages.push(filterStage(this.ctx, f));
    if (p.ring) this.stages.push(ringStage(this.ctx, p.ring.frequency, p.ring.mix));
    if (p.comb) this.stages.push(combStage(this.ctx, p.comb.delay, p.comb.feedback));
    if (p.echo) this.stages.push(echoStage(this.ctx, p.echo.delay, p.echo.feedback, p.echo.wet));
    if (p.vibrato) this.stages.push(vibratoStage(this.ctx, p.vibrato.rate, p.vibrato.depth));
    chain.push(...this.stages);
    let at: AudioNode = this.input;
    for (const s of chain) {
      at.connect(s.input);
      at = s.output;
    }
    at.connect(this.output);
  }

  dispose(): void {
    this.set(null);
    this.input.disconnect();
    this.output.disconnect();
  }
}

function filterStage(ctx: BaseAudioContext, f: Filter): Stage {
  const node = ctx.createBiquadFilter();
  node.type = f.type;
  node.frequency.value = f.frequency;
  if (f.gain !== undefined) node.gain.value = f.gain;
  if (f.Q !== undefined) node.Q.value = f.Q;
  return { input: node, output: node, dispose: () => node.disconnect() };
}

function ringStage(ctx: BaseAudioContext, frequency: number, mix: number): Stage {
  const input = ctx.createGain();
  const output = ctx.createGain();
  const dry = ctx.createGain();
  dry.gain.value = 1 - mix;
  const ring = ctx.createGain();
  ring.gain.value = 0;
  const depth = ctx.createGain();
  depth.gain.value = mix;
  const osc = ctx.createOscillator();
  osc.frequency.value = frequency;
  osc.connect(depth).connect(ring.gain);
  input.connect(dry).connect(output);
  input.connect(ring).connect(output);
  osc.start();
  return {
    input,
    output,
    dispose: () => {
      osc.stop();
      for (const n of [osc, depth, ring, dry, input, output]) n.disconnect();
    },
  };
}

function combStage(ctx: BaseAudioContext, delayTime: number, feedback: number): Stage {
  const sum = ctx.createGain();
  const delay = ctx.createDelay(Math.max(0.05, delayTime * 2));
  delay.delayTime.value = delayTime;
  const fb = ctx.createGain();
  fb.gain.value = feedback;
  // the loop's DelayNode is what lets Web Audio run a cycle
  sum.connect(delay).connect(fb).connect(sum);
  const output = ctx.createGain();
  output.gain.value = 1 - feedback;
  sum.connect(output);
  return { input: sum, output, dispose: () => [sum, delay, fb, output].forEach((n) => n.disconnect()) };
}

function echoStage(ctx: BaseAudioContext, delayTime: number, feedback: number, wet: number): Stage {
  const input = ctx.createGain();
  const output = ctx.createGain();
  const delay = ctx.createDelay(Math.max(1, delayTime * 2));
  delay.delayTime.value = delayTime;
  const fb = ctx.createGain();
  fb.gain.value = feedback;
  const wetGain = ctx.createGain();
  wetGain.gain.value = wet;
  input.connect(output);
  input.connect(delay).connect(wetGain).connect(output);
  delay.connect(fb).connect(delay);
  return { input, output, dispose: () => [input, output, delay, fb, wetGain].forEach((n) => n.disconnect()) };
}

function vibratoStage(ctx: BaseAudioContext, rate: number, depth: number): Stage {
  const delay = ctx.createDelay(Math.max(0.05, depth * 4));
  delay.delayTime.value = depth * 1.5;
  const lfo = ctx.createOscillator();
  lfo.frequency.value = rate;
  const swing = ctx.createGain();
  swing.gain.value = depth;
  lfo.connect(swing).connect(delay.delayTime);
  lfo.start();
  return {
    input: delay,
    output: delay,
    dispose: () => {
      lfo.stop();
      for (const n of [lfo, swing, delay]) n.disconnect();
    },
  };
}
