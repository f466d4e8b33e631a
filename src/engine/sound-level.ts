/**
 * Sound levels for `soundLevelUpdate` / `capturedSoundLevelUpdate`, computed as the SDK 3.12 does (read from its
 * bundle, checked against its output on Chromium's fake microphone):
 *
 * - every poll, the peak absolute sample of the last 2048 (an `AnalyserNode`'s time-domain data, -1..1);
 * - a peak-hold that decays between polls (x0.5 per poll at <= 100 ms, x0.3 at <= 200 ms), so a short beep
 *   reads e.g. 21.7, 10.9, 5.4, ... on successive 100 ms reports instead of dropping to 0 at once;
 * - reported x100 and clamped: 0..100, a float (not rounded). Normal speech peaks above 10.
 *
 * One AudioContext for all streams, created on the first `add()` and closed by `destroy()`. A received stream
 * also gets a muted, detached `<audio>` while measured (Chromium needs one to decode it).
 * Autoplay policy: a context created without a user gesture starts 'suspended' and produces no samples (levels
 * read 0). The meter asks it to resume at once and again on the page's next pointerdown/keydown.
 */

interface Source {
  readonly stream: MediaStream;
  /** The audio track the nodes were built for; the stream's track can be swapped (device switch). */
  track: MediaStreamTrack | null;
  node: MediaStreamAudioSourceNode | null;
  analyser: AnalyserNode | null;
  /** Muted element that makes Chromium decode a received track (see `connect`). */
  sink: HTMLAudioElement | null;
  peak: number;
}

const FFT_SIZE = 2048;

/** The SDK's peak-hold decay per poll, by poll period. */
function decayFor(pollMs: number): number {
  if (pollMs <= 100) return 0.5;
  if (pollMs <= 200) return 0.3;
  if (pollMs <= 300) return 0.15;
  if (pollMs <= 500) return 0.07;
  return 0.05;
}

/** Where the engine's parts register what to measure: a no-op while sound levels are off. */
export interface LevelTaps {
  add(id: string, stream: MediaStream): void;
  remove(id: string): void;
}

export class SoundLevelMeter implements LevelTaps {
  private ctx: AudioContext | null = null;
  private readonly sources = new Map<string, Source>();
  /** Reused for every report: the callback must read it synchronously (copy what it keeps). */
  private readonly levels = new Map<string, number>();
  /** One buffer serves every analyser: they are read one after another. */
  private readonly samples = new Float32Array(FFT_SIZE);
  private timer: ReturnType<typeof setInterval> | undefined;
  private onLevels: ((levels: ReadonlyMap<string, number>) => void) | null = null;
  private pollsPerReport = 1;
  private polls = 0;
  private decay = 0.3;
  /** Listeners waiting for a user gesture to resume the context. */
  private gesture: AbortController | null = null;
  private destroyed = false;

  /** The meter's AudioContext, null before the first `add()` and after `destroy()`. */
  get context(): AudioContext | null {
    return this.ctx;
  }

  /** Measures `stream`'s first audio track under `id` (replacing an earlier stream with that id). */
  add(id: string, stream: MediaStream): void {
    if (this.destroyed) return;
    this.remove(id);
    const source: Source = { stream, track: null, node: null, analyser: null, sink: null, peak: 0 };
    this.sources.set(id, source);
    this.connect(source);
  }

  /** Stops measuring `id` and disconnects its nodes; it is absent from the next report. */
  remove(id: string): void {
    const source = this.sources.get(id);
    if (!source) return;
    this.disconnect(source);
    this.sources.delete(id);
    this.levels.delete(id);
  }

  /**
   * Reports every `intervalMs` (the SDK accepts 100..3000) a map id -> level (0..100) of every added stream.
   * A second call restarts with the new interval and callback.
   */
  start(intervalMs: number, onLevels: (levels: ReadonlyMap<string, number>) => void): void {
    if (this.destroyed) return;
    this.stop();
    const interval = Math.min(3000, Math.max(100, Number(intervalMs) || 1000));
    // the SDK samples at most every 200 ms so that the decay, not the report interval, shapes the curve
    const pollMs = Math.min(interval, 200);
    this.pollsPerReport = Math.max(1, Math.round(interval / pollMs));
    this.decay = decayFor(pollMs);
    this.polls = 0;
    this.onLevels = onLevels;
    this.timer = setInterval(() => this.poll(), pollMs);
    if (this.ctx) this.wake(this.ctx);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.onLevels = null;
  }

  /** Stops, disconnects every node, removes the gesture listeners and closes the AudioContext. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stop();
    for (const source of this.sources.values()) this.disconnect(source);
    this.sources.clear();
    this.levels.clear();
    this.gesture?.abort();
    this.gesture = null;
    const ctx = this.ctx;
    this.ctx = null;
    if (ctx && ctx.state !== 'closed') await ctx.close().catch(() => {});
  }

  private poll(): void {
    const buf = this.samples;
    for (const source of this.sources.values()) {
      const track = source.stream.getAudioTracks()[0] ?? null;
      if (track !== source.track) this.connect(source);
      let max = 0;
      if (source.analyser) {
        source.analyser.getFloatTimeDomainData(buf);
        for (let i = 0; i < buf.length; i++) {
          const v = buf[i] < 0 ? -buf[i] : buf[i];
          if (v > max) max = v;
        }
      }
      source.peak *= this.decay;
      if (max > source.peak) source.peak = max > 1 ? 1 : max;
    }
    if (++this.polls < this.pollsPerReport) return;
    this.polls = 0;
    for (const [id, source] of this.sources) this.levels.set(id, source.peak * 100);
    this.onLevels?.(this.levels);
  }

  /** (Re)builds the nodes for the stream's current audio track; a stream without audio measures 0. */
  private connect(source: Source): void {
    this.disconnect(source);
    const track = source.stream.getAudioTracks()[0] ?? null;
    source.track = track;
    if (!track) return;
    const ctx = this.context ?? this.createContext();
    // a source node follows the track it was built with, not later changes of the stream: hence a stream of one
    const single = new MediaStream([track]);
    source.node = ctx.createMediaStreamSource(single);
    source.analyser = ctx.createAnalyser();
    source.analyser.fftSize = FFT_SIZE;
    // analysers are pulled without reaching the destination: nothing is played
    source.node.connect(source.analyser);
    // Chromium hands Web Audio no samples of a received WebRTC track unless a media element plays it too
    // (crbug.com/933677); a muted one is enough. Only device captures carry a groupId; the rest (received,
    // element or canvas captures) get the element, which costs nothing audible.
    if (!track.getSettings().groupId) {
      const sink = document.createElement('audio');
      sink.muted = true;
      sink.srcObject = single;
      void sink.play().catch(() => {});
      source.sink = sink;
    }
  }

  private disconnect(source: Source): void {
    source.node?.disconnect();
    source.analyser?.disconnect();
    if (source.sink) {
      source.sink.pause();
      source.sink.srcObject = null;
    }
    source.node = null;
    source.analyser = null;
    source.sink = null;
    source.track = null;
    source.peak = 0;
  }

  private createContext(): AudioContext {
    const ctx = new AudioContext();
    this.ctx = ctx;
    this.wake(ctx);
    return ctx;
  }

  /** Resumes now if the autoplay policy allows, else on the next user gesture anywhere on the page. */
  private wake(ctx: AudioContext): void {
    if (ctx.state !== 'suspended' || this.gesture) return;
    void ctx.resume().catch(() => {});
    const gesture = new AbortController();
    this.gesture = gesture;
    const resume = () => {
      if (ctx.state !== 'suspended') return;
      void ctx.resume().catch(() => {});
    };
    ctx.addEventListener(
      'statechange',
      () => {
        if (ctx.state === 'running' || ctx.state === 'closed') {
          gesture.abort();
          if (this.gesture === gesture) this.gesture = null;
        }
      },
      { signal: gesture.signal },
    );
    window.addEventListener('pointerdown', resume, { capture: true, signal: gesture.signal });
    window.addEventListener('keydown', resume, { capture: true, signal: gesture.signal });
  }
}
