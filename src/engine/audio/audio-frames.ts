/**
 * `setAudioFrameCallback` / `setCaptureAudioFrameCallback`: PCM of a stream's audio track, delivered as the SDK's
 * `ZegoAudioFrame` every `frameSize` samples (per channel, at the AudioContext's rate), converted to the options'
 * sample rate, channel count and bit depth as the SDK does (linear resampling per frame, 2 -> 1 by averaging,
 * 1 -> 2 by copying, 16-bit as Int16Array).
 *
 * Samples come from an AudioWorklet (an inline module through a Blob URL, posting each filled frame to this thread),
 * or, where worklets are unavailable (insecure contexts, a CSP refusing blob: modules), from a ScriptProcessorNode.
 */
import type { AudioFrameOptions, ZegoAudioFrame } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code, type Failure } from '../../shared/codes.js';
import type { AudioHub } from './audio-hub.js';

export type FrameCallback = (frame: ZegoAudioFrame) => unknown;

const FRAME_SIZES = [256, 512, 1024, 2048, 4096, 8192, 16384];
const SAMPLE_RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000];
const DEFAULT_FRAME_SIZE = 4096;
/** How often a tap checks whether its stream's track changed (device switch, a play's reconnection). */
const FOLLOW_MS = 500;

const PROCESSOR = 'zego-elements-pcm-tap';
const WORKLET_SOURCE = `
class PcmTap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = options.processorOptions.frameSize;
    this.frame = null;
    this.filled = 0;
    this.stopped = false;
    this.port.onmessage = () => { this.stopped = true; };
  }
  process(inputs) {
    if (this.stopped) return false;
    const input = inputs[0];
    if (!input || !input.length) return true;
    if (!this.frame || this.frame.length !== input.length) {
      this.frame = input.map(() => new Float32Array(this.size));
      this.filled = 0;
    }
    const length = input[0].length;
    for (let at = 0; at < length; ) {
      const n = Math.min(length - at, this.size - this.filled);
      for (let c = 0; c < input.length; c++) this.frame[c].set(input[c].subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.size) {
        this.port.postMessage(this.frame, this.frame.map((b) => b.buffer));
        this.frame = input.map(() => new Float32Array(this.size));
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor('${PROCESSOR}', PcmTap);
`;

/** The SDK's option checks; a Failure names the bad option. */
export function checkFrameOptions(options: unknown): Failure | null {
  if (options === undefined || options === null) return null;
  const bad = (message: string): Failure => ({ code: Code.INPUT_PARAM, message });
  if (typeof options !== 'object') return bad('options must be an object');
  const o = options as AudioFrameOptions;
  if (o.frameSize !== undefined && !FRAME_SIZES.includes(o.frameSize))
    return bad(`options.frameSize must be one of ${FRAME_SIZES.join(', ')}`);
  if (o.sampleRate !== undefined && !SAMPLE_RATES.includes(o.sampleRate))
    return bad(`options.sampleRate must be one of ${SAMPLE_RATES.join(', ')}`);
  if (o.channelCount !== undefined && o.channelCount !== 1 && o.channelCount !== 2) return bad('options.channelCount must be 1 or 2');
  if (o.bitDepth !== undefined && o.bitDepth !== 16 && o.bitDepth !== 32) return bad('options.bitDepth must be 16 or 32');
  return null;
}

/** One frame as the SDK hands it over: raw when no conversion is asked for. */
export function toAudioFrame(channels: Float32Array[], rate: number, options: AudioFrameOptions | undefined): ZegoAudioFrame {
  const { sampleRate, channelCount, bitDepth } = options ?? {};
  if (sampleRate === undefined && channelCount === undefined && bitDepth === undefined) {
    return { channels, channelCount: channels.length, sampleRate: rate };
  }
  const count = channelCount ?? channels.length;
  let out = channels;
  if (count === 1 && channels.length === 2) {
    const mono = new Float32Array(channels[0].length);
    for (let i = 0; i < mono.length; i++) mono[i] = (channels[0][i] + channels[1][i]) / 2;
    out = [mono];
  } else if (count === 2 && channels.length === 1) out = [channels[0], channels[0].slice()];
  const targetRate = sampleRate ?? rate;
  if (targetRate !== rate) out = out.map((c) => resample(c, rate, targetRate));
  const pcm = bitDepth === 16 ? out.map(toInt16) : out;
  return { channels: pcm as Float32Array[] | Int16Array[], channelCount: count, sampleRate: targetRate };
}

function resample(input: Float32Array, from: number, to: number): Float32Array {
  const length = Math.round((input.length * to) / from);
  const out = new Float32Array(length);
  const step = from / to;
  for (let i = 0; i < length; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = input[j] ?? 0;
    const b = input[j + 1] ?? a;
    out[i] = a + (b - a) * (x - j);
  }
  return out;
}

function toInt16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i] < -1 ? -1 : input[i] > 1 ? 1 : input[i];
    out[i] = Math.round(v * 32767);
  }
  return out;
}

/** Taps the audio track `track()` returns (followed when it changes) and calls back with frames. */
export class PcmTap {
  private source: MediaStreamAudioSourceNode | null = null;
  private sink: HTMLAudioElement | null = null;
  private track: MediaStreamTrack | null = null;
  private node: AudioWorkletNode | ScriptProcessorNode | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  /** Opens a tap; null when Web Audio is unavailable. `frameSize` is fixed for the tap's life, as in the SDK. */
  static async open(
    hub: AudioHub,
    track: () => MediaStreamTrack | null,
    callback: FrameCallback,
    options: AudioFrameOptions | undefined,
  ): Promise<PcmTap | null> {
    const tap = new PcmTap(hub, track, callback, options);
    const ctx = hub.acquire(tap);
    if (!ctx) return null;
    const useWorklet = await hub.worklet(ctx, PROCESSOR, WORKLET_SOURCE);
    if (tap.disposed || ctx.state === 'closed') {
      tap.dispose();
      return null;
    }
    tap.start(ctx, useWorklet);
    return tap;
  }

  private constructor(
    private readonly hub: AudioHub,
    private readonly trackOf: () => MediaStreamTrack | null,
    private callback: FrameCallback,
    private options: AudioFrameOptions | undefined,
  ) {}

  /** A later `set*AudioFrameCallback` on the same stream: new callback and conversion, same frame size. */
  update(callback: FrameCallback, options: AudioFrameOptions | undefined): void {
    this.callback = callback;
    this.options = options;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    this.disconnectSource();
    if (this.node instanceof AudioWorkletNode) {
      this.node.port.postMessage('stop');
      this.node.port.onmessage = null;
      this.node.port.close();
    } else if (this.node) this.node.onaudioprocess = null;
    this.node?.disconnect();
    this.node = null;
    this.hub.release(this);
  }

  private start(ctx: AudioContext, useWorklet: boolean): void {
    const frameSize = this.options?.frameSize ?? DEFAULT_FRAME_SIZE;
    if (useWorklet) {
      // no outputs: Chromium pulls a worklet node without outputs by itself, nothing reaches the speakers
      const node = new AudioWorkletNode(ctx, PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0, processorOptions: { frameSize } });
      node.port.onmessage = (e: MessageEvent<Float32Array[]>) => this.deliver(e.data, ctx.sampleRate);
      this.node = node;
    } else {
      const channels = Math.min(2, Math.max(1, this.trackOf()?.getSettings().channelCount ?? 2));
      const node = ctx.createScriptProcessor(frameSize, channels, 1);
      node.onaudioprocess = (e) => {
        const data: Float32Array[] = [];
        for (let c = 0; c < e.inputBuffer.numberOfChannels; c++) data.push(e.inputBuffer.getChannelData(c).slice());
        this.deliver(data, e.inputBuffer.sampleRate);
      };
      // a ScriptProcessor runs only when pulled by the destination; its output stays silent (never written)
      node.connect(ctx.destination);
      this.node = node;
    }
    this.follow(ctx);
    this.timer = setInterval(() => this.follow(ctx), FOLLOW_MS);
  }

  /** (Re)connects when the stream's track is another one than the tapped one. */
  private follow(ctx: AudioContext): void {
    const track = this.trackOf();
    const live = track && track.readyState === 'live' ? track : null;
    if (live === this.track || ctx.state === 'closed' || !this.node) return;
    this.disconnectSource();
    this.track = live;
    if (!live) return;
    const single = new MediaStream([live]);
    this.source = ctx.createMediaStreamSource(single);
    this.source.connect(this.node);
    // a received WebRTC track reaches Web Audio only while a media element plays it (crbug.com/933677)
    if (!live.getSettings().groupId) {
      this.sink = document.createElement('audio');
      this.sink.muted = true;
      this.sink.srcObject = single;
      void this.sink.play().catch(() => {});
    }
  }

  private disconnectSource(): void {
    this.source?.disconnect();
    this.source = null;
    if (this.sink) {
      this.sink.pause();
      this.sink.srcObject = null;
      this.sink = null;
    }
    this.track = null;
  }

  private deliver(channels: Float32Array[], rate: number): void {
    if (this.disposed || !channels.length) return;
    try {
      this.callback(toAudioFrame(channels, rate, this.options));
    } catch (e) {
      // the page's callback must not stop the tap
      console.error(e);
    }
  }
}
