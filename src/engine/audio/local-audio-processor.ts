import type { AudioHub } from './audio-hub.js';
import type { ElementAudio } from './live-audio-effect.js';
import { Reverb, type ReverbPreset } from './reverb.js';
import { VirtualStereo } from './stereo.js';
import { presetActive, VoiceChanger, type VoicePreset } from './voice-changer.js';

/** Where an effect player plays into a stream: the processor's context and the bus of what is sent. */
export interface EffectOutput {
  readonly ctx: AudioContext;
  readonly bus: AudioNode;
}

interface Graph {
  readonly ctx: AudioContext;
  /** The microphone, rebuilt on a device switch; null while the stream has no audio track. */
  source: MediaStreamAudioSourceNode | null;
  /** Muted element that makes Chromium decode a track that is not a device capture (see `connectInput`). */
  sink: HTMLAudioElement | null;
  voice: VoiceChanger | null;
  reverb: Reverb | null;
  stereo: VirtualStereo | null;
  /** Capture volume: the microphone only, as the SDK (mixed media and effects have their own volumes). */
  readonly capture: GainNode;
  /** Sum of the processed microphone, mixed media and effects. */
  readonly bus: GainNode;
  /** Its track is what publishers send while the graph exists; it lives as long as the graph. */
  readonly dest: MediaStreamAudioDestinationNode;
}

interface Mix {
  volume: number;
  gain: GainNode | null;
}

/**
 * The audio processing of one local stream: capture volume, voice changer, reverb, virtual stereo, mixed media
 * elements and effect players, in one Web Audio graph:
 *
 *   microphone -> [voice changer] -> [reverb] -> [virtual stereo] -> capture gain -+-> destination (sent track)
 *                                              media elements -> per-element gain -+
 *                                                       effect players -> volume --+
 *
 * Built lazily: until a feature is on, no graph exists, `output()` is null and publishers send the microphone track
 * itself. The first feature builds the graph (in the engine's shared AudioContext) and `onOutputChanged` hands over
 * the destination's track; when the last one goes off the graph is torn down, its track stopped, and listeners are
 * told null (send the microphone again). A device switch (`setInput`) rebuilds only the source node: the sent track
 * stays the same object, so no sender has to follow.
 */
export class LocalAudioProcessor {
  private input: MediaStreamTrack | null;
  private graph: Graph | null = null;
  private volume = 100;
  private voicePreset: VoicePreset | null = null;
  private reverbPreset: ReverbPreset | null = null;
  private stereoAngle: number | null = null;
  private readonly mixes = new Map<HTMLMediaElement, Mix>();
  /** Effect players currently playing (or paused) into this stream. */
  private readonly holds = new Set<object>();
  private readonly listeners = new Set<(track: MediaStreamTrack | null) => void>();
  private disposed = false;

  /** `enableAiDenoise` / `setAiDenoiseMode` state of this stream (applied through capture constraints). */
  denoise: { enabled: boolean | null; mode: number } = { enabled: null, mode: 0 };

  constructor(
    private readonly hub: AudioHub,
    private readonly elements: ElementAudio,
    input: MediaStreamTrack | null,
  ) {
    this.input = input;
  }

  /** The track to send instead of the microphone while a feature is on; null: send the microphone as is. */
  output(): MediaStreamTrack | null {
    return this.graph?.dest.stream.getAudioTracks()[0] ?? null;
  }

  /** The AudioContext of the graph (null while there is none). */
  get context(): AudioContext | null {
    return this.graph?.ctx ?? null;
  }

  /** Calls `cb` with the new `output()` whenever it changes; returns the unsubscribe function. */
  onOutputChanged(cb: (track: MediaStreamTrack | null) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The stream's microphone track changed (device switch, `startCaptureMicrophone`, `stopCaptureAudio`). */
  setInput(track: MediaStreamTrack | null): void {
    if (this.disposed || track === this.input) return;
    this.input = track;
    if (this.graph) this.connectInput(this.graph);
  }

  get captureVolume(): number {
    return this.volume;
  }

  /** Gain of the microphone in what is sent: volume / 100 (0..200, checked by the caller). */
  setCaptureVolume(volume: number): boolean {
    const before = this.volume;
    this.volume = volume;
    if (!this.update()) {
      this.volume = before;
      return false;
    }
    if (this.graph) this.graph.capture.gain.setTargetAtTime(volume / 100, this.graph.ctx.currentTime, 0.01);
    return true;
  }

  /** The voice changer preset (or a pitch-only one); null or an inactive preset turns it off. */
  setVoice(preset: VoicePreset | null): boolean {
    const before = this.voicePreset;
    this.voicePreset = presetActive(preset) ? preset : null;
    return this.update(true) || ((this.voicePreset = before), false);
  }

  setReverb(preset: ReverbPreset | null): boolean {
    const before = this.reverbPreset;
    this.reverbPreset = preset;
    return this.update(true) || ((this.reverbPreset = before), false);
  }

  get stereoOn(): boolean {
    return this.stereoAngle !== null;
  }

  /** Degrees by the SDK's convention, -1 all around; null turns virtual stereo off. */
  setStereo(angle: number | null): boolean {
    const before = this.stereoAngle;
    this.stereoAngle = angle;
    return this.update(true) || ((this.stereoAngle = before), false);
  }

  /** Mixes what `el` plays into what is sent (it stays audible locally); false when the element cannot be used. */
  mix(el: HTMLMediaElement): boolean {
    if (this.disposed) return false;
    if (this.mixes.has(el)) return true;
    const m: Mix = { volume: 100, gain: null };
    this.mixes.set(el, m);
    // a graph built now connects every mix itself; an existing one needs this one connected
    const ok = this.update() && (!!m.gain || this.connectMix(el));
    if (!ok) {
      this.mixes.delete(el);
      this.update();
    }
    return ok;
  }

  /** Stops mixing `el` (all elements when omitted); false when it was not mixed. */
  unmix(el?: HTMLMediaElement): boolean {
    const list = el ? [el] : [...this.mixes.keys()];
    let any = false;
    for (const e of list) {
      const m = this.mixes.get(e);
      if (!m) continue;
      any = true;
      this.detachMix(e, m);
      this.mixes.delete(e);
    }
    if (any) this.update();
    return any || !el;
  }

  isMixing(el: HTMLMediaElement): boolean {
    return this.mixes.has(el);
  }

  /** `setMixingAudioVolume`: 0..200, 100 as the element plays. */
  setMixVolume(el: HTMLMediaElement, volume: number): boolean {
    const m = this.mixes.get(el);
    if (!m) return false;
    m.volume = volume;
    if (m.gain && this.graph) m.gain.gain.setTargetAtTime(volume / 100, this.graph.ctx.currentTime, 0.01);
    return true;
  }

  /** An effect player starts playing into this stream: the graph exists until `release(holder)`. */
  hold(holder: object): EffectOutput | null {
    if (this.disposed) return null;
    this.holds.add(holder);
    if (!this.update() || !this.graph) {
      this.holds.delete(holder);
      return null;
    }
    return { ctx: this.graph.ctx, bus: this.graph.bus };
  }

  release(holder: object): void {
    if (this.holds.delete(holder)) this.update();
  }

  /** Releases the graph, its output track and every mix; listeners are not called (the stream is going away). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.unmix();
    this.holds.clear();
    this.teardown();
  }

  // ---------------------------------------------------------------------------------------------- graph

  private get needed(): boolean {
    return (
      this.volume !== 100 ||
      !!this.voicePreset ||
      !!this.reverbPreset ||
      this.stereoAngle !== null ||
      this.mixes.size > 0 ||
      this.holds.size > 0
    );
  }

  /** Builds, rewires or tears down the graph for the features now on; false when no AudioContext is available. */
  private update(stagesChanged = false): boolean {
    if (this.disposed) return false;
    const needed = this.needed;
    if (!needed) {
      if (this.graph) {
        this.teardown();
        this.notify();
      }
      return true;
    }
    if (!this.graph) {
      const graph = this.build();
      if (!graph) return false;
      this.graph = graph;
      this.connectInput(graph);
      this.notify();
    } else if (stagesChanged) this.rewire(this.graph);
    return true;
  }

  private build(): Graph | null {
    const ctx = this.hub.acquire(this);
    if (!ctx) return null;
    const dest = ctx.createMediaStreamDestination();
    // two channels whatever the sources: virtual stereo needs them, and a mono microphone is up-mixed to both
    dest.channelCount = 2;
    const bus = ctx.createGain();
    const capture = ctx.createGain();
    capture.gain.value = this.volume / 100;
    capture.connect(bus).connect(dest);
    const graph: Graph = { ctx, source: null, sink: null, voice: null, reverb: null, stereo: null, capture, bus, dest };
    this.graph = graph;
    this.rewire(graph);
    for (const el of this.mixes.keys()) this.connectMix(el);
    return graph;
  }

  /** (Re)connects the microphone to the head of the chain; the sent track is untouched. */
  private connectInput(graph: Graph): void {
    graph.source?.disconnect();
    graph.source = null;
    if (graph.sink) {
      graph.sink.pause();
      graph.sink.srcObject = null;
      graph.sink = null;
    }
    const track = this.input;
    if (!track || track.readyState === 'ended') return;
    // a source node follows the track it was built with, not later changes of a stream: hence a stream of one
    const single = new MediaStream([track]);
    graph.source = graph.ctx.createMediaStreamSource(single);
    graph.source.connect(this.head(graph));
    // Chromium hands Web Audio no samples of a received WebRTC track unless a media element plays it
    // (crbug.com/933677): a page may publish such a stream. Device captures carry a groupId and need none.
    if (!track.getSettings().groupId) {
      const sink = document.createElement('audio');
      sink.muted = true;
      sink.srcObject = single;
      void sink.play().catch(() => {});
      graph.sink = sink;
    }
  }

  /** The first node of the microphone's chain. */
  private head(graph: Graph): AudioNode {
    return graph.voice?.input ?? graph.reverb?.input ?? graph.stereo?.input ?? graph.capture;
  }

  /** Creates the stages now on, drops the ones now off, and chains them in order. */
  private rewire(graph: Graph): void {
    const { ctx } = graph;
    graph.source?.disconnect();
    for (const s of [graph.voice, graph.reverb, graph.stereo]) s?.output.disconnect();
    if (this.voicePreset) {
      graph.voice ??= new VoiceChanger(ctx);
      graph.voice.set(this.voicePreset);
    } else {
      graph.voice?.dispose();
      graph.voice = null;
    }
    if (this.reverbPreset) {
      graph.reverb ??= new Reverb(ctx);
      graph.reverb.set(this.reverbPreset);
    } else {
      graph.reverb?.dispose();
      graph.reverb = null;
    }
    if (this.stereoAngle !== null) {
      graph.stereo ??= new VirtualStereo(ctx);
      graph.stereo.set(this.stereoAngle);
    } else {
      graph.stereo?.dispose();
      graph.stereo = null;
    }
    const chain = [graph.voice, graph.reverb, graph.stereo].filter((s) => !!s);
    for (let i = 0; i < chain.length; i++) chain[i].output.connect(chain[i + 1]?.input ?? graph.capture);
    graph.source?.connect(this.head(graph));
  }

  private connectMix(el: HTMLMediaElement): boolean {
    const graph = this.graph;
    const m = this.mixes.get(el);
    if (!graph || !m) return false;
    const renderer = this.elements.renderer(el);
    if (!renderer || renderer.ctx !== graph.ctx) return false;
    m.gain = graph.ctx.createGain();
    m.gain.gain.value = m.volume / 100;
    renderer.mixOutput.connect(m.gain).connect(graph.bus);
    return true;
  }

  private detachMix(el: HTMLMediaElement, m: Mix): void {
    if (!m.gain) return;
    try {
      this.elements.get(el)?.mixOutput.disconnect(m.gain);
    } catch {
      // not connected (the element's renderer could not be made in this context)
    }
    m.gain.disconnect();
    m.gain = null;
  }

  private teardown(): void {
    const graph = this.graph;
    if (!graph) return;
    this.graph = null;
    for (const [el, m] of this.mixes) this.detachMix(el, m);
    graph.source?.disconnect();
    if (graph.sink) {
      graph.sink.pause();
      graph.sink.srcObject = null;
    }
    graph.voice?.dispose();
    graph.reverb?.dispose();
    graph.stereo?.dispose();
    graph.capture.disconnect();
    graph.bus.disconnect();
    for (const t of graph.dest.stream.getTracks()) t.stop();
    this.hub.release(this);
  }

  private notify(): void {
    const track = this.output();
    for (const cb of [...this.listeners]) {
      try {
        cb(track);
      } catch (e) {
        // a listener's bug must not leave the graph half-updated
        console.error(e);
      }
    }
  }
}
