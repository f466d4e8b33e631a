/**
 * What `<audio>`/`<video>` elements play, routed through the engine's AudioContext: for `startMixingAudio` (their
 * sound mixed into what a stream sends) and for `enableLiveAudioEffect` / `setAudioChangerParam` (a live ambience
 * or a pitch change of what they play locally, of what is mixed, or of both, per `ZegoLiveAudioEffectMode`).
 *
 * As in the SDK, an element is taken over with `createMediaElementSource`, which Chromium allows once per element
 * for its whole life: from then on the element is heard only through this context (`local` -> speakers), so it
 * keeps playing locally while mixed, follows its own `volume`/`muted` (a muted element mixes silence, as the SDK
 * documents for Chrome >= 86), is silent while the context waits for a user gesture, and falls silent for good when
 * the engine is destroyed. A cross-origin element without CORS plays silence into Web Audio.
 */
import type { AudioHub } from './audio-hub.js';
import { LIVE_EFFECT, Reverb } from './reverb.js';
import { PitchShifter } from './voice-changer.js';

/** `ZegoLiveAudioEffectMode`: 0 none, 1 local playback, 2 what is published (mixed), 3 both. */
export type LiveMode = 0 | 1 | 2 | 3;

const LOCAL = 1;
const PUBLISH = 2;

/** Pitch and/or live ambience on one path (local or mixed). */
class EffectChain {
  readonly input: GainNode;
  readonly output: GainNode;
  private shifter: PitchShifter | null = null;
  private reverb: Reverb | null = null;

  constructor(
    private readonly ctx: AudioContext,
    pitch: number,
    live: boolean,
  ) {
    this.input = ctx.createGain();
    this.output = ctx.createGain();
    let at: AudioNode = this.input;
    if (pitch !== 0) {
      this.shifter = new PitchShifter(ctx);
      this.shifter.setPitch(pitch);
      at.connect(this.shifter.input);
      at = this.shifter.output;
    }
    if (live) {
      this.reverb = new Reverb(this.ctx);
      this.reverb.set(LIVE_EFFECT);
      at.connect(this.reverb.input);
      at = this.reverb.output;
    }
    at.connect(this.output);
  }

  dispose(): void {
    this.shifter?.dispose();
    this.reverb?.dispose();
    this.input.disconnect();
    this.output.disconnect();
  }
}

/** One element's sound in the engine's context: `source` -> [local chain] -> speakers, [mix chain] -> `mixOutput`. */
export class MediaElementAudio {
  readonly mixOutput: GainNode;
  private readonly local: GainNode;
  private pitch = 0;
  private pitchMode: LiveMode = 0;
  private live = false;
  private liveMode: LiveMode = 0;
  private chains: EffectChain[] = [];

  constructor(
    readonly ctx: AudioContext,
    readonly element: HTMLMediaElement,
    private readonly source: MediaElementAudioSourceNode,
  ) {
    this.local = ctx.createGain();
    this.local.connect(ctx.destination);
    this.mixOutput = ctx.createGain();
    this.route();
  }

  /** `setAudioChangerParam`: semitones (0 off) on the paths of `mode`. */
  setPitch(pitch: number, mode: LiveMode): void {
    this.pitch = pitch;
    this.pitchMode = mode;
    this.route();
  }

  /** `enableLiveAudioEffect`. */
  setLive(enable: boolean, mode: LiveMode): void {
    this.live = enable;
    this.liveMode = mode;
    this.route();
  }

  dispose(): void {
    for (const c of this.chains) c.dispose();
    this.chains = [];
    this.source.disconnect();
    this.local.disconnect();
    this.mixOutput.disconnect();
  }

  private route(): void {
    this.source.disconnect();
    for (const c of this.chains) c.dispose();
    this.chains = [];
    for (const [path, out] of [
      [LOCAL, this.local],
      [PUBLISH, this.mixOutput],
    ] as const) {
      const pitch = this.pitchMode & path ? this.pitch : 0;
      const live = this.live && !!(this.liveMode & path);
      if (pitch === 0 && !live) {
        this.source.connect(out);
        continue;
      }
      const chain = new EffectChain(this.ctx, pitch, live);
      this.source.connect(chain.input);
      chain.output.connect(out);
      this.chains.push(chain);
    }
  }
}

/** The engine's media elements taken over for mixing or live effects: one `MediaElementAudio` each, for good. */
export class ElementAudio {
  private readonly renderers = new Map<HTMLMediaElement, MediaElementAudio>();

  constructor(private readonly hub: AudioHub) {}

  get(el: HTMLMediaElement): MediaElementAudio | undefined {
    return this.renderers.get(el);
  }

  /**
   * The element's renderer, made on first use; null when Web Audio is unavailable or the element already belongs
   * to another context (another engine mixed it, or the page called `createMediaElementSource` itself).
   */
  renderer(el: HTMLMediaElement): MediaElementAudio | null {
    const known = this.renderers.get(el);
    if (known) return known;
    const holder = {};
    const ctx = this.hub.acquire(holder);
    if (!ctx) return null;
    let source: MediaElementAudioSourceNode;
    try {
      source = ctx.createMediaElementSource(el);
    } catch {
      this.hub.release(holder);
      return null;
    }
    // the element now plays only through this context: it holds the context until the engine ends
    const renderer = new MediaElementAudio(ctx, el, source);
    this.renderers.set(el, renderer);
    return renderer;
  }

  dispose(): void {
    for (const r of this.renderers.values()) r.dispose();
    this.renderers.clear();
  }
}
