import type { ZegoAudioEffectPlayOptions } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code, type Failure } from '../../shared/codes.js';
import type { EffectOutput } from './local-audio-processor.js';

/** The SDK's callback type for `start` (its d.ts says `Function`); kept so SDK-typed code passes its callbacks. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type SdkCallback = Function;

/**
 * `loadAudioEffect` / `unloadAudioEffect`: decoded effects, one cache per engine shared by its effect players.
 * Decoding uses an OfflineAudioContext, so loading creates no live AudioContext; a buffer plays in any context.
 */
export class EffectLibrary {
  private readonly buffers = new Map<string, AudioBuffer>();
  private readonly loading = new Map<string, Promise<AudioBuffer>>();

  constructor(private readonly sampleRate: () => number) {}

  get(id: string): AudioBuffer | undefined {
    return this.buffers.get(id);
  }

  /** Fetches and decodes `path` under `id`; an ID already loaded resolves at once. Rejects a `Failure`. */
  load(id: string, path: string): Promise<AudioBuffer> {
    const known = this.buffers.get(id);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(id);
    if (pending) return pending;
    pending = this.fetch(path).then((buffer) => {
      // unloaded (or reloaded) while fetching: this result is nobody's
      if (this.loading.get(id) === pending) this.buffers.set(id, buffer);
      return buffer;
    });
    this.loading.set(id, pending);
    const settle = () => {
      if (this.loading.get(id) === pending) this.loading.delete(id);
    };
    pending.then(settle, settle);
    return pending;
  }

  /** Forgets `id` (effects playing it finish with their own reference); false when it was not loaded. */
  unload(id: string): boolean {
    const had = this.buffers.delete(id) || this.loading.has(id);
    this.loading.delete(id);
    return had;
  }

  clear(): void {
    this.buffers.clear();
    this.loading.clear();
  }

  private async fetch(path: string): Promise<AudioBuffer> {
    const fail = (message: string): Failure => ({ code: Code.INPUT_PARAM, message: `loadAudioEffect: ${message}` });
    let data: ArrayBuffer;
    try {
      const res = await fetch(path);
      if (!res.ok) throw fail(`${path} answered HTTP ${res.status}`);
      data = await res.arrayBuffer();
    } catch (e) {
      throw (e as Failure).code ? e : fail(`${path} could not be fetched (${String(e)})`);
    }
    try {
      return await new OfflineAudioContext(1, 1, this.sampleRate()).decodeAudioData(data);
    } catch (e) {
      throw fail(`${path} is not audio the browser can decode (${String(e)})`);
    }
  }
}

/** Where a player plays: the local stream's processor (which builds its graph while an effect holds it). */
export interface EffectHost {
  hold(holder: object): EffectOutput | null;
  release(holder: object): void;
}

interface Playing {
  readonly id: string;
  readonly buffer: AudioBuffer;
  readonly out: EffectOutput;
  /** What holds the stream's graph while this effect plays. */
  readonly holder: object;
  readonly gain: GainNode;
  source: AudioBufferSourceNode | null;
  /** Seconds into the buffer at `startedAt` (or where a pause left it). */
  offset: number;
  startedAt: number;
  paused: boolean;
  onEnd?: SdkCallback;
}

/**
 * The SDK's audio effect player for one local stream (`createAudioEffectPlayer`): short sounds (applause, cheers)
 * played into what the stream sends and, as the SDK does, on this page's speakers too. One effect ID plays once at
 * a time; `stop` (or the natural end) calls `onEnd`, `pause` does not.
 */
export class ZegoAudioEffectPlayer {
  private readonly playing = new Map<string, Playing>();
  /** IDs whose `start` is fetching their `path`. */
  private readonly starting = new Set<string>();
  private readonly volumes = new Map<string, number>();
  private disposed = false;

  constructor(
    private readonly host: EffectHost,
    private readonly library: EffectLibrary,
  ) {}

  start(audioEffectID: string, options?: ZegoAudioEffectPlayOptions, onStart?: SdkCallback, onEnd?: SdkCallback): void {
    if (typeof audioEffectID !== 'string' || !audioEffectID) return warn('start: audioEffectID must be a non-empty string');
    if (this.playing.has(audioEffectID) || this.starting.has(audioEffectID)) {
      return warn(`start: effect "${audioEffectID}" is already playing (wait for its onEnd)`);
    }
    const buffer = this.library.get(audioEffectID);
    if (buffer) return this.play(audioEffectID, buffer, onStart, onEnd);
    const path = options?.path;
    if (typeof path !== 'string' || !path) return warn(`start: effect "${audioEffectID}" is not loaded and no path was given`);
    this.starting.add(audioEffectID);
    this.library.load(audioEffectID, path).then(
      (b) => {
        if (this.starting.delete(audioEffectID) && !this.disposed) this.play(audioEffectID, b, onStart, onEnd);
      },
      (f: Failure) => {
        this.starting.delete(audioEffectID);
        warn(f.message);
      },
    );
  }

  stop(audioEffectID?: string): boolean {
    if (audioEffectID === undefined) {
      this.starting.clear();
      for (const p of [...this.playing.values()]) this.finish(p, true);
      return true;
    }
    const p = this.playing.get(audioEffectID);
    if (p) this.finish(p, true);
    return !!p || this.starting.delete(audioEffectID);
  }

  pause(audioEffectID?: string): boolean {
    const list = this.targets(audioEffectID);
    for (const p of list) {
      if (p.paused) continue;
      p.offset = this.position(p);
      this.halt(p);
      p.paused = true;
    }
    return list.length > 0 || audioEffectID === undefined;
  }

  resume(audioEffectID?: string): boolean {
    const list = this.targets(audioEffectID);
    for (const p of list) {
      if (!p.paused) continue;
      p.paused = false;
      this.run(p);
    }
    return list.length > 0 || audioEffectID === undefined;
  }

  /** Volume of one effect, 0..200 (100 as recorded; the SDK accepts up to 200), for what is sent and heard. */
  setVolume(audioEffectID: string, volume: number, _delay?: number): boolean {
    if (typeof audioEffectID !== 'string' || typeof volume !== 'number' || !(volume >= 0 && volume <= 200)) return false;
    this.volumes.set(audioEffectID, volume);
    const p = this.playing.get(audioEffectID);
    if (p) p.gain.gain.setTargetAtTime(volume / 100, p.out.ctx.currentTime, 0.01);
    return true;
  }

  /** Milliseconds; 0 until the effect is loaded. */
  getTotalDuration(audioEffectID: string): number {
    const b = this.playing.get(audioEffectID)?.buffer ?? this.library.get(audioEffectID);
    return b ? Math.floor(b.duration * 1000) : 0;
  }

  /** Milliseconds into the effect; 0 when it is not playing. */
  getCurrentProgress(audioEffectID: string): number {
    const p = this.playing.get(audioEffectID);
    return p ? Math.floor(this.position(p) * 1000) : 0;
  }

  /** Moves a playing (or paused) effect to `time` ms, 0..its duration. */
  seekTo(audioEffectID: string, time: number): boolean {
    const p = this.playing.get(audioEffectID);
    if (!p || typeof time !== 'number' || !(time >= 0) || time > p.buffer.duration * 1000) return false;
    p.offset = time / 1000;
    if (!p.paused) {
      this.halt(p);
      this.run(p);
    }
    return true;
  }

  /** @internal The stream or the engine goes away: every effect stops without `onEnd`. */
  _dispose(): void {
    this.disposed = true;
    this.starting.clear();
    for (const p of [...this.playing.values()]) this.finish(p, false);
  }

  private play(id: string, buffer: AudioBuffer, onStart?: SdkCallback, onEnd?: SdkCallback): void {
    const holder = {};
    const out = this.host.hold(holder);
    if (!out) return warn('start: Web Audio is not available');
    const gain = out.ctx.createGain();
    gain.gain.value = (this.volumes.get(id) ?? 100) / 100;
    gain.connect(out.bus);
    gain.connect(out.ctx.destination);
    const p: Playing = { id, buffer, out, holder, gain, source: null, offset: 0, startedAt: 0, paused: false, onEnd };
    this.playing.set(id, p);
    this.run(p);
    call(onStart);
  }

  /** Starts a source at `p.offset`; its natural end finishes the effect. */
  private run(p: Playing): void {
    const { ctx } = p.out;
    const source = ctx.createBufferSource();
    source.buffer = p.buffer;
    source.connect(p.gain);
    source.onended = () => {
      if (p.source === source) this.finish(p, true);
    };
    p.source = source;
    p.startedAt = ctx.currentTime;
    source.start(0, Math.min(p.offset, p.buffer.duration));
  }

  /** Stops the current source without ending the effect (pause, seek). */
  private halt(p: Playing): void {
    const s = p.source;
    p.source = null;
    if (!s) return;
    s.onended = null;
    s.stop();
    s.disconnect();
  }

  private finish(p: Playing, callEnd: boolean): void {
    if (this.playing.get(p.id) !== p) return;
    this.playing.delete(p.id);
    this.halt(p);
    p.gain.disconnect();
    this.host.release(p.holder);
    if (callEnd) call(p.onEnd);
  }

  private position(p: Playing): number {
    const at = p.paused || !p.source ? p.offset : p.offset + (p.out.ctx.currentTime - p.startedAt);
    return Math.min(Math.max(0, at), p.buffer.duration);
  }

  private targets(id: string | undefined): Playing[] {
    if (id === undefined) return [...this.playing.values()];
    const p = this.playing.get(id);
    return p ? [p] : [];
  }
}

function call(cb: SdkCallback | undefined): void {
  if (typeof cb !== 'function') return;
  try {
    cb();
  } catch (e) {
    // the page's callback must not break the player's bookkeeping
    console.error(e);
  }
}

function warn(message: string): void {
  console.warn(`[zego-elements] ZegoAudioEffectPlayer.${message}`);
}
