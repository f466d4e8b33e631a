import type { ZegoServerResponse, AudioFrameOptions, ZegoAudioFrame } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type {
  AiDenoiseMode,
  ZegoLiveAudioEffectMode,
  ZegoReverbPreset,
  ZegoVoiceChangerPreset,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoVoiceChangerEntity.web';
import { Code, type Failure } from '../../shared/codes.js';
import type { ZegoLocalStream } from '../local-stream.js';
import { ZegoAudioEffectPlayer, EffectLibrary } from './audio-effect-player.js';
import { checkFrameOptions, PcmTap, type FrameCallback } from './audio-frames.js';
import { AudioHub } from './audio-hub.js';
import { ElementAudio, type LiveMode } from './live-audio-effect.js';
import { LocalAudioProcessor } from './local-audio-processor.js';
import { REVERB_PRESETS } from './reverb.js';
import { VOICE_PRESETS } from './voice-changer.js';

type AnyStream = MediaStream | ZegoLocalStream;

/** What the engine hands its audio part (the audio part never imports the engine). */
export interface EngineAudioDeps {
  /** The MediaStream of a ZegoLocalStream or MediaStream argument (`LocalMedia.mediaOf`); null otherwise. */
  mediaOf(stream: unknown): MediaStream | null;
  /** The MediaStream a published stream ID sends (the string form of the mixing methods); null when none. */
  publishedMedia(streamID: string): MediaStream | null;
  /** The MediaStream of a stream being played (`Player.mediaOf`); null when it is not played. */
  playedMedia(streamID: string): MediaStream | null;
  /** What publishers must send of `media`'s audio changed: `track`, or the stream's own microphone when null. */
  sentTrackChanged(media: MediaStream, track: MediaStreamTrack | null): void;
  /**
   * Captures `media`'s microphone again with these processing constraints (same device) and swaps it in; used when
   * `applyConstraints` leaves the live track's processing unchanged, as Chromium does. Absent: nothing more is tried.
   */
  recaptureMicrophone?(media: MediaStream, constraints: MediaTrackConstraints): Promise<ZegoServerResponse>;
}

interface TapEntry {
  tap: PcmTap | null;
  callback: FrameCallback;
  options: AudioFrameOptions | undefined;
  closed: boolean;
}

const OK = (): ZegoServerResponse => ({ errorCode: 0, extendedData: '' });
const inputError = (message: string) => ({ errorCode: Code.INPUT_PARAM, extendedData: message });
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && v >= min && v <= max;
const isMedia = (v: unknown): v is HTMLMediaElement => typeof HTMLMediaElement !== 'undefined' && v instanceof HTMLMediaElement;

/**
 * The SDK's local-media audio methods for `ZegoLocalEngine`: argument checks and the SDK's answers (promises resolve
 * `{errorCode: 0, extendedData: ''}` and reject `{errorCode, extendedData}`; boolean methods answer false on bad
 * input), over the parts that do the work:
 * - `LocalAudioProcessor` per local stream (capture volume, voice changer, reverb, virtual stereo, mixing, effects);
 * - `ElementAudio` (media elements taken over for mixing and live effects), `EffectLibrary` (loaded effects),
 *   `PcmTap` per frame callback, and the one `AudioHub` context they share.
 */
export class EngineAudio {
  private readonly hub = new AudioHub();
  private readonly elements = new ElementAudio(this.hub);
  private readonly library = new EffectLibrary(() => this.hub.context?.sampleRate ?? 48000);
  private readonly processors = new Map<MediaStream, LocalAudioProcessor>();
  private readonly players = new Map<MediaStream, ZegoAudioEffectPlayer>();
  /** Frame callbacks: a local stream's MediaStream, or `pull:<streamID>`. */
  private readonly taps = new Map<MediaStream | string, TapEntry>();
  private disposed = false;

  constructor(private readonly deps: EngineAudioDeps) {}

  /** The shared AudioContext (null until a feature needs one). */
  get context(): AudioContext | null {
    return this.hub.context;
  }

  // ---------------------------------------------------------------------------------------------- engine side

  /** The processor of `media`, made on first use (it builds nothing until a feature is on). */
  processor(media: MediaStream): LocalAudioProcessor {
    let p = this.processors.get(media);
    if (!p) {
      p = new LocalAudioProcessor(this.hub, this.elements, media.getAudioTracks()[0] ?? null);
      p.onOutputChanged((track) => this.deps.sentTrackChanged(media, track));
      this.processors.set(media, p);
    } else p.setInput(media.getAudioTracks()[0] ?? null);
    return p;
  }

  /** The audio track publishers must send for `media` instead of its microphone; null: the microphone. */
  sentTrack(media: MediaStream): MediaStreamTrack | null {
    return this.processors.get(media)?.output() ?? null;
  }

  /** Whether `media` sends virtual stereo (the publisher then asks for stereo Opus: see `withStereoOpus`). */
  stereo(media: MediaStream): boolean {
    return !!this.processors.get(media)?.stereoOn;
  }

  /** `media`'s microphone was replaced (device switch) or removed: the processor re-sources, the sent track stays. */
  inputChanged(media: MediaStream, track: MediaStreamTrack | null): void {
    this.processors.get(media)?.setInput(track);
  }

  /** `destroyStream`: the stream's processor, effect player and capture frame callback end. */
  release(media: MediaStream): void {
    this.processors.get(media)?.dispose();
    this.processors.delete(media);
    this.players.get(media)?._dispose();
    this.players.delete(media);
    this.closeTap(media);
  }

  /** `stopPlayingStream`: the play's frame callback ends. */
  releasePlay(streamID: string): void {
    this.closeTap(`pull:${streamID}`);
  }

  /** `destroyEngine`: everything above, loaded effects, taken-over elements, and the AudioContext. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const media of [...this.processors.keys(), ...this.players.keys()]) this.release(media);
    for (const key of [...this.taps.keys()]) this.closeTap(key);
    this.elements.dispose();
    this.library.clear();
    this.hub.dispose();
  }

  // ---------------------------------------------------------------------------------------------- capture

  async setCaptureVolume(localStream: AnyStream, volume: number): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (!isIn(volume, 0, 200)) throw inputError('volume must be a number between 0 and 200');
    return this.done(p.setCaptureVolume(volume));
  }

  async setVoiceChangerPreset(preset: ZegoVoiceChangerPreset, localStream: AnyStream): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (!isInt(preset, 0, 22)) throw inputError('preset must be a ZegoVoiceChangerPreset (0..22)');
    return this.done(p.setVoice(VOICE_PRESETS[preset]));
  }

  async setVoiceChangerParam(localStream: AnyStream, voiceParam: number): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (!isIn(voiceParam, -12, 12)) throw inputError('voiceParam must be a number between -12 and 12');
    return this.done(p.setVoice(voiceParam === 0 ? null : { pitch: voiceParam }));
  }

  async setReverbPreset(localStream: AnyStream, preset: ZegoReverbPreset): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (!isInt(preset, 0, 12)) throw inputError('preset must be a ZegoReverbPreset (0..12)');
    return this.done(p.setReverb(preset === 0 ? null : REVERB_PRESETS[preset]));
  }

  async enableVirtualStereo(localStream: AnyStream, enable: boolean, angle: number): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (typeof enable !== 'boolean') throw inputError('enable must be a boolean');
    if (enable && !isIn(angle, -1, 360)) throw inputError('angle must be a number between -1 and 360');
    return this.done(p.setStereo(enable ? angle : null));
  }

  async enableAiDenoise(localStream: AnyStream, enable: boolean): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (typeof enable !== 'boolean') throw inputError('enable must be a boolean');
    p.denoise.enabled = enable;
    return this.applyDenoise(localStream, p);
  }

  async setAiDenoiseMode(localStream: AnyStream, mode: AiDenoiseMode): Promise<ZegoServerResponse> {
    const p = this.microphone(localStream);
    if (!isInt(mode, 0, 2)) throw inputError('mode must be an AiDenoiseMode (0..2)');
    p.denoise.mode = mode;
    // the mode waits for enableAiDenoise(true), as the SDK's
    return p.denoise.enabled ? this.applyDenoise(localStream, p) : OK();
  }

  // ---------------------------------------------------------------------------------------------- mixing

  startMixingAudio(streamID: string | AnyStream, mediaList: HTMLMediaElement[]): boolean {
    const p = this.mixTarget(streamID);
    if (!p || !Array.isArray(mediaList) || !mediaList.length || !mediaList.every(isMedia)) return false;
    let ok = true;
    for (const el of mediaList) ok = p.mix(el) && ok;
    return ok;
  }

  stopMixingAudio(streamID: string | AnyStream, mediaList?: HTMLMediaElement[]): boolean {
    const p = this.mixTarget(streamID);
    if (!p) return false;
    if (mediaList === undefined) return p.unmix();
    if (!Array.isArray(mediaList) || !mediaList.every(isMedia)) return false;
    let ok = true;
    for (const el of mediaList) ok = p.unmix(el) && ok;
    return ok;
  }

  setMixingAudioVolume(streamID: string | AnyStream, volume: number, media: HTMLMediaElement): boolean {
    const p = this.mixTarget(streamID);
    if (!p || !isIn(volume, 0, 200) || !isMedia(media)) return false;
    return p.setMixVolume(media, volume);
  }

  // ---------------------------------------------------------------------------------------------- effects

  /** One player per stream (the SDK allows one valid player per stream): a second call returns the same one. */
  createAudioEffectPlayer(localStream: AnyStream): ZegoAudioEffectPlayer {
    const media = this.deps.mediaOf(localStream);
    if (!media || this.disposed) throw inputError('localStream must be a ZegoLocalStream or MediaStream of this engine');
    let player = this.players.get(media);
    if (!player) {
      const p = this.processor(media);
      player = new ZegoAudioEffectPlayer({ hold: (h) => p.hold(h), release: (h) => p.release(h) }, this.library);
      this.players.set(media, player);
    }
    return player;
  }

  async loadAudioEffect(audioEffectID: string, path: string): Promise<string> {
    if (typeof audioEffectID !== 'string' || !audioEffectID) throw inputError('audioEffectID must be a non-empty string');
    if (typeof path !== 'string' || !path) throw inputError('path must be a non-empty string');
    try {
      await this.library.load(audioEffectID, path);
    } catch (f) {
      throw { errorCode: (f as Failure).code, extendedData: (f as Failure).message };
    }
    return audioEffectID;
  }

  unloadAudioEffect(audioEffectID: string): boolean {
    return typeof audioEffectID === 'string' && this.library.unload(audioEffectID);
  }

  // ---------------------------------------------------------------------------------------------- frames

  async setAudioFrameCallback(
    streamID: string,
    callback: ((audioData: ZegoAudioFrame) => unknown) | null,
    options?: AudioFrameOptions,
  ): Promise<ZegoServerResponse> {
    if (typeof streamID !== 'string' || !streamID) throw inputError('streamID must be a non-empty string');
    const key = `pull:${streamID}`;
    if (callback === null) return this.closeTap(key);
    if (!this.deps.playedMedia(streamID)?.getAudioTracks().length) {
      throw { errorCode: Code.STREAM_NOT_PLAYING, extendedData: 'stream is not playing (or has no audio)' };
    }
    return this.openTap(key, () => this.deps.playedMedia(streamID)?.getAudioTracks()[0] ?? null, callback, options);
  }

  /** Frames of what the stream sends: the processed track while a feature is on, else the microphone. */
  async setCaptureAudioFrameCallback(
    stream: AnyStream,
    callback: ((audioData: ZegoAudioFrame) => unknown) | null,
    options?: AudioFrameOptions,
  ): Promise<ZegoServerResponse> {
    const media = this.deps.mediaOf(stream);
    if (!media) throw inputError('stream must be a ZegoLocalStream or MediaStream');
    if (callback === null) return this.closeTap(media);
    if (!media.getAudioTracks().length) throw inputError('stream has no audio track');
    const track = () => this.sentTrack(media) ?? media.getAudioTracks()[0] ?? null;
    return this.openTap(media, track, callback, options);
  }

  // ---------------------------------------------------------------------------------------------- media elements

  async enableLiveAudioEffect(player: HTMLMediaElement, enable: boolean, mode: ZegoLiveAudioEffectMode): Promise<ZegoServerResponse> {
    if (!isMedia(player)) throw inputError('player must be an <audio> or <video> element');
    if (typeof enable !== 'boolean') throw inputError('enable must be a boolean');
    if (!isInt(mode, 0, 3)) throw inputError('mode must be a ZegoLiveAudioEffectMode (0..3)');
    const r = this.renderer(player, !enable || mode === 0);
    r?.setLive(enable, mode as LiveMode);
    return OK();
  }

  async setAudioChangerParam(player: HTMLMediaElement, pitch: number, mode: ZegoLiveAudioEffectMode): Promise<ZegoServerResponse> {
    if (!isMedia(player)) throw inputError('player must be an <audio> or <video> element');
    if (!isIn(pitch, -12, 12)) throw inputError('pitch must be a number between -12 and 12');
    if (!isInt(mode, 0, 3)) throw inputError('mode must be a ZegoLiveAudioEffectMode (0..3)');
    this.renderer(player, pitch === 0 || mode === 0)?.setPitch(pitch, mode as LiveMode);
    return OK();
  }

  // ---------------------------------------------------------------------------------------------- inside

  /** The processor of a local stream with a microphone, or throws the SDK's input error. */
  private microphone(localStream: unknown): LocalAudioProcessor {
    if (this.disposed) throw { errorCode: Code.BROWSER_NOT_SUPPORT, extendedData: 'engine destroyed' };
    const media = this.deps.mediaOf(localStream);
    if (!media) throw inputError('localStream must be a ZegoLocalStream or MediaStream');
    if (!media.getAudioTracks().length) throw inputError('localStream has no audio track');
    return this.processor(media);
  }

  private mixTarget(stream: unknown): LocalAudioProcessor | null {
    if (this.disposed) return null;
    const media = typeof stream === 'string' ? this.deps.publishedMedia(stream) : this.deps.mediaOf(stream);
    return media ? this.processor(media) : null;
  }

  /** An element's renderer; `offOnly` (turning an effect off) does not take over an element never taken. */
  private renderer(el: HTMLMediaElement, offOnly: boolean) {
    if (this.disposed) throw { errorCode: Code.BROWSER_NOT_SUPPORT, extendedData: 'engine destroyed' };
    if (offOnly) return this.elements.get(el) ?? null;
    const r = this.elements.renderer(el);
    if (!r)
      throw {
        errorCode: Code.BROWSER_NOT_SUPPORT,
        extendedData: 'the element cannot be routed through Web Audio (already taken by another AudioContext?)',
      };
    return r;
  }

  private done(ok: boolean): ZegoServerResponse {
    if (!ok) throw { errorCode: Code.BROWSER_NOT_SUPPORT, extendedData: 'Web Audio is not available' };
    return OK();
  }

  /**
   * Browser noise suppression (and voice isolation for AIAggressive) on the microphone. Chromium accepts
   * `applyConstraints` for these but leaves the live track's processing as it was, so the microphone is captured
   * again with them when the settings did not change.
   */
  private async applyDenoise(localStream: AnyStream, p: LocalAudioProcessor): Promise<ZegoServerResponse> {
    const media = this.deps.mediaOf(localStream)!;
    const track = media.getAudioTracks()[0];
    const enabled = !!p.denoise.enabled;
    const want: MediaTrackConstraints = { noiseSuppression: enabled };
    const supported = navigator.mediaDevices?.getSupportedConstraints?.() as Record<string, boolean> | undefined;
    if (supported?.voiceIsolation) (want as Record<string, unknown>).voiceIsolation = enabled && p.denoise.mode === 2;
    const matches = () => {
      const s = track.getSettings() as Record<string, unknown>;
      return Object.entries(want).every(([k, v]) => s[k] === undefined || s[k] === v);
    };
    if (matches()) return OK();
    await track.applyConstraints({ ...track.getConstraints(), ...want }).catch(() => {});
    if (matches() || !this.deps.recaptureMicrophone) return OK();
    const r = await this.deps.recaptureMicrophone(media, want);
    if (r.errorCode) throw r;
    return OK();
  }

  private async openTap(
    key: MediaStream | string,
    track: () => MediaStreamTrack | null,
    callback: FrameCallback,
    options?: AudioFrameOptions,
  ) {
    if (typeof callback !== 'function') throw inputError('callback must be a function or null');
    const bad = checkFrameOptions(options);
    if (bad) throw inputError(bad.message);
    if (this.disposed) throw { errorCode: Code.BROWSER_NOT_SUPPORT, extendedData: 'engine destroyed' };
    const known = this.taps.get(key);
    if (known) {
      known.callback = callback;
      known.options = options;
      known.tap?.update((f) => known.callback(f), options);
      return OK();
    }
    const entry: TapEntry = { tap: null, callback, options, closed: false };
    this.taps.set(key, entry);
    const tap = await PcmTap.open(this.hub, track, (f) => entry.callback(f), options);
    if (entry.closed) {
      tap?.dispose();
      return OK();
    }
    if (!tap) {
      this.taps.delete(key);
      throw { errorCode: Code.BROWSER_NOT_SUPPORT, extendedData: 'Web Audio is not available' };
    }
    entry.tap = tap;
    tap.update((f) => entry.callback(f), entry.options);
    return OK();
  }

  private closeTap(key: MediaStream | string): ZegoServerResponse {
    const entry = this.taps.get(key);
    if (entry) {
      entry.closed = true;
      entry.tap?.dispose();
      this.taps.delete(key);
    }
    return OK();
  }
}

/**
 * Stereo Opus in an SDP. Chromium sends two channels only when BOTH descriptions of the connection carry
 * `stereo=1` for Opus: the receiver's own (its decoder) and the sender's remote one (its encoder). Measured with a
 * voice panned hard left: without it, or with only the sender's copy changed, it arrives down-mixed (R/L 0 dB);
 * with the player's offer changed before `setLocalDescription` (so both sides have it), R/L is below -40 dB.
 * Firefox's own offers already carry `stereo=1`, so there it is `withoutStereoOpus` that keeps a mono stream mono.
 */
export function withStereoOpus(sdp: string): string {
  return setOpusStereo(sdp, true);
}

/** The reverse, for a publisher whose stream is mono: its encoder then sends one channel (half the bitrate). */
export function withoutStereoOpus(sdp: string): string {
  return setOpusStereo(sdp, false);
}

function setOpusStereo(sdp: string, stereo: boolean): string {
  const opus = /a=rtpmap:(\d+) opus\/48000/i.exec(sdp)?.[1];
  if (!opus) return sdp;
  return sdp.replace(new RegExp(`(a=fmtp:${opus} )([^\\r\\n]*)`), (_m, head: string, params: string) => {
    const kept = params.split(';').filter((x) => x && !/^(sprop-)?stereo=/.test(x.trim()));
    return head + [...kept, ...(stereo ? ['stereo=1', 'sprop-stereo=1'] : [])].join(';');
  });
}
