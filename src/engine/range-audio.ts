// Over 500 lines on purpose: one class with the SDK's 27 members, each a few lines of argument checks, over the
// room, microphone, positions and Web Audio parts below. The geometry and the hearing rules are in range-audio-math.ts.
import type {
  ZegoDeviceInfo,
  ZegoEvent,
  ZegoPlayerState,
  ZegoPlayStats,
  ZegoPublisherState,
  ZegoPublishStats,
  ZegoPublishStreamAudioConfig,
  ZegoServerResponse,
  ZegoStreamList,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type {
  ZegoRoomRecvTransparentMessage,
  ZegoRoomSendTransparentMessage,
  ZegoUser,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type {
  ZegoRangeAudioEvent,
  ZegoRangeAudioListenMode,
  ZegoRangeAudioMicrophoneState,
  ZegoRangeAudioMode,
  ZegoRangeAudioSpeakMode,
  ZegoRangeAudioUserUpdateCheckConfig,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoRangeAudioEntity.web';
import type { AiDenoiseMode, ZegoVoiceChangerPreset } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoVoiceChangerEntity.web';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import type { ZegoLocalStream } from './local-stream.js';
import { MediaEmitter, setSink } from './media-element.js';
import {
  decodePosition,
  distance,
  encodePosition,
  falloff,
  isPosition,
  listenModeOf,
  parseStreamInfo,
  RangeMode,
  relativePosition,
  selectHeard,
  speakModeOf,
  streamExtraInfo,
  toVec3,
  toWebAudio,
  withinRange,
  type Listener,
  type Speaker,
  type Vec3,
} from './range-audio-math.js';
import type { ZegoStreamView } from './stream-view.js';
import { randomId } from './secure-context.js';

/**
 * The engine methods range audio uses: all public methods of `ZegoLocalEngine` (and of ZEGO's engine), so the class
 * never reaches into an engine's internals. The optional ones exist when the engine has the audio processing module.
 */
export interface RangeAudioEngine {
  on<K extends keyof ZegoEvent>(event: K, callBack: ZegoEvent[K]): boolean;
  off<K extends keyof ZegoEvent>(event: K, callBack?: ZegoEvent[K]): boolean;
  createZegoStream(options?: ZegoStreamOptions): Promise<ZegoLocalStream>;
  destroyStream(localStream: MediaStream | ZegoLocalStream): void;
  startPublishingStream(streamID: string, localStream: MediaStream | ZegoLocalStream, publishOption?: ZegoWebPublishOption): boolean;
  stopPublishingStream(streamID: string): boolean;
  setStreamExtraInfo(streamID: string, extraInfo: string): Promise<ZegoServerResponse>;
  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream>;
  stopPlayingStream(streamID: string): void;
  sendTransparentMessage(roomID: string, message: ZegoRoomSendTransparentMessage): Promise<ZegoServerResponse>;
  useAudioDevice(localStream: MediaStream | ZegoLocalStream, deviceID: string): Promise<ZegoServerResponse>;
  getMicrophones(): Promise<ZegoDeviceInfo[]>;
  setAudioConfig(localStream: MediaStream | ZegoLocalStream, constraints: ZegoPublishStreamAudioConfig): Promise<ZegoServerResponse>;
  enableAiDenoise?(localStream: MediaStream | ZegoLocalStream, enable: boolean): Promise<ZegoServerResponse>;
  setAiDenoiseMode?(localStream: MediaStream | ZegoLocalStream, mode: AiDenoiseMode): Promise<ZegoServerResponse>;
  setVoiceChangerPreset?(preset: ZegoVoiceChangerPreset, localStream: MediaStream | ZegoLocalStream): Promise<ZegoServerResponse>;
  setVoiceChangerParam?(localStream: MediaStream | ZegoLocalStream, voiceParam: number): Promise<ZegoServerResponse>;
  createRangeAudioInstance?(): ZegoExpressRangeAudio;
}

/** What the engine tells its range audio beyond its public methods (the SDK's range audio reads both from its room module). */
export interface RangeAudioOptions {
  /**
   * Who the engine is in a room: `roomID` if it is logged in to it, else (no `roomID`) the first room it is logged in
   * to, with the user it logged in as; undefined when none. Without it the range stream ID has a random user part.
   */
  self?(roomID?: string): { roomID: string; userID: string } | undefined;
  /** The MediaStream a `ZegoStreamView` plays (`setStreamVocalRange` / `updateStreamPosition`). */
  viewStream?(view: ZegoStreamView): MediaStream | undefined;
}

/** `ZegoRangeAudioMicrophoneState` (a declared enum: no runtime object to read). */
const MIC = { Off: 0, TurningOn: 1, On: 2 } as const;
const MIC_STATE: Record<ZegoPublisherState['state'], number> = {
  NO_PUBLISH: MIC.Off,
  PUBLISH_REQUESTING: MIC.TurningOn,
  PUBLISHING: MIC.On,
};
/** The engine's capture error when a capture failure carries no code (`GET_MEDIA_FAIL`). */
const CAPTURE_FAILED = 1103061;
/** `deviceError` code of a microphone that stopped. */
const MICROPHONE_ERROR = 1106009;
/** How the gains and the panner follow a change (seconds): quick, without clicks. */
const SMOOTHING = 0.03;

const warned = new Set<string>();
function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`[zego-elements] range audio: ${message}`);
}

/** One source's Web Audio chain: track -> gain (distance) -> [panner] -> the instance's output. */
interface Chain {
  readonly track: MediaStreamTrack;
  readonly node: MediaStreamAudioSourceNode;
  readonly gain: GainNode;
  readonly panner: PannerNode;
  /** A muted element playing a received track: Chromium hands Web Audio no samples without one (crbug.com/933677). */
  readonly sink: HTMLAudioElement | null;
  route: 'off' | 'flat' | '3d';
}

/** A user of the room as range audio knows it: its position, its range stream and, while heard, the play. */
interface User {
  readonly userID: string;
  position: Vec3 | null;
  streamID?: string;
  teamID?: string;
  speakMode: number;
  /** A stream whose play the engine ended (not us): not played again until the stream is announced again. */
  failed?: string;
  play?: Play;
}

interface Play {
  readonly streamID: string;
  media: MediaStream | null;
  chain: Chain | null;
  stopped: boolean;
}

/** A stream view or a media element given a vocal range and a position. */
interface Vocal {
  readonly kind: 'view' | 'media';
  /** Null when the stream cannot be had (a view without the engine's `viewStream`, a cross-origin element). */
  readonly stream: MediaStream | null;
  range: number;
  position: Vec3 | null;
  chain: Chain | null;
  audible: boolean;
  /** The source's own volume (an element's `volume`; 1 for a view). */
  scale(): number;
  release(): void;
}

const instances = new WeakMap<object, ZegoExpressRangeAudio>();

/**
 * `createRangeAudioInstance()`: ZEGO's range audio on the local engine. Each user's microphone is published as its
 * range stream (`zegoRange_<userID>`, with the SDK's extra info: team, mode, speak mode); each listener plays the
 * range streams it hears, as the SDK decides (teammates whatever the distance, others within the receive range,
 * nearest first, 20 at most), and stops (not mutes) the others. Positions (`updateSelfPosition`) travel to the room
 * as transparent messages (16 bytes: "ZRA\x01" and three Float32), at most every `setPositionUpdateFrequency` ms;
 * `updateAudioSource` sets one by hand (the last position given or received wins).
 *
 * What is heard plays through one AudioContext: per source a gain (the fall-off with distance) and, with the
 * spatializer, an HRTF `PannerNode` placed where the source is relative to the listener's position and axes; then
 * the range audio volume, then the speaker. Created on first use; a context made without a user gesture starts
 * suspended (silent) and resumes on the page's next pointerdown/keydown or `resumeAudioContext()`.
 *
 * As the SDK, create it before `loginRoom` (it learns the room's users and streams from the engine's events).
 * `_destroy()` (the engine's `destroyEngine`) stops the microphone, every play, the timers and listeners, and
 * closes the AudioContext.
 */
export class ZegoExpressRangeAudio {
  private readonly events = new MediaEmitter<ZegoRangeAudioEvent>();
  private readonly handlers: [keyof ZegoEvent, (...args: never[]) => void][] = [];
  private roomID: string | undefined;
  private userID: string | undefined;
  private destroyed = false;

  // the listener
  private listener: Listener | null = null;
  private receiveRange: number | null = null;
  private mode: number = RangeMode.World;
  private modeKind: 'normal' | 'custom' | undefined;
  private customSpeak: number | undefined;
  private customListen: number | undefined;
  private teamID: string | undefined;
  private spatial = false;
  private speakerOn = false;
  private volume = 100;
  private speakerID = '';

  // the microphone
  private micWanted = false;
  private micGen = 0;
  private micStream: ZegoLocalStream | null = null;
  private micID = '';
  private streamID: string | undefined;
  private published: 'no' | 'requesting' | 'yes' = 'no';
  private extraDirty = false;
  private denoise: boolean | null = null;
  private denoiseMode: AiDenoiseMode | null = null;
  private voice: { preset: ZegoVoiceChangerPreset } | { param: number } | null = null;

  // the others
  private readonly users = new Map<string, User>();
  private readonly roomUsers = new Set<string>();
  private readonly vocals = new Map<ZegoStreamView | HTMLMediaElement, Vocal>();

  // positions out
  private frequency = 100;
  private positionDirty = false;
  private positionInFlight = false;
  private positionTimer: ReturnType<typeof setTimeout> | undefined;
  private nextSend = 0;

  // audioSourceWithinRangeUpdate
  private checkTimer: ReturnType<typeof setInterval> | undefined;
  private checkFrequency = 1000;
  private inRangeKey = '';

  // Web Audio
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private out: { dest: MediaStreamAudioDestinationNode; el: HTMLAudioElement } | null = null;
  private gesture: AbortController | null = null;
  private scheduled = false;

  constructor(
    private readonly engine: RangeAudioEngine,
    private readonly opts: RangeAudioOptions = {},
  ) {
    instances.set(engine, this);
    this.listen('roomStateUpdate', (roomID, state) => this.onRoomState(roomID, state));
    this.listen('roomUserUpdate', (roomID, type, list) => this.onUsers(roomID, type, list));
    this.listen('roomStreamUpdate', (roomID, type, list) => this.onStreams(roomID, type, list));
    this.listen('streamExtraInfoUpdate', (roomID, list) => this.onExtraInfo(roomID, list));
    this.listen('recvRoomTransparentMessage', (roomID, message) => this.onMessage(roomID, message));
    this.listen('publisherStateUpdate', (result) => this.onPublisherState(result));
    this.listen('playerStateUpdate', (result) => this.onPlayerState(result));
    this.listen('publishQualityUpdate', (streamID, stats) => this.onPublishQuality(streamID, stats));
    this.listen('playQualityUpdate', (streamID, stats) => this.onPlayQuality(streamID, stats));
    this.listen('deviceError', (errorCode) => this.onDeviceError(errorCode));
    const self = opts.self?.();
    if (self) this.joined(self.roomID);
  }

  /** The engine's one range audio instance (`createRangeAudioInstance()`), made on first call. */
  static getInstance(engine: RangeAudioEngine, _zgp_logger: unknown): ZegoExpressRangeAudio {
    const known = instances.get(engine);
    if (known && !known.destroyed) return known;
    if (typeof engine?.createRangeAudioInstance === 'function') return engine.createRangeAudioInstance();
    return new ZegoExpressRangeAudio(engine);
  }

  // ---------------------------------------------------------------------------------------------- events

  on<K extends keyof ZegoRangeAudioEvent>(event: K, callBack: ZegoRangeAudioEvent[K]): boolean {
    return this.events.on(event, callBack);
  }

  off<K extends keyof ZegoRangeAudioEvent>(event: K, callBack?: ZegoRangeAudioEvent[K]): boolean {
    return this.events.off(event, callBack);
  }

  // ---------------------------------------------------------------------------------------------- the listener

  /**
   * Others are heard up to `range` (not teammates: they are heard whatever the distance); unlimited until set.
   * @partial the volume falls linearly from full at the listener to silence at the range's edge: ZEGO does not document its curve
   */
  setAudioReceiveRange(range: number): void {
    if (!isNumber(range)) throw new Error("Failed to execute 'setAudioReceiveRange': Argument 'range' requires to be type number.");
    if (Number(range) < 0) throw new Error("Failed to execute 'setAudioReceiveRange': Argument 'range' can not be less than 0.");
    this.receiveRange = Number(range);
    this.schedule();
  }

  /** The listener's position and axes (`[forward, right, up]` each); sent to the room for the others to hear us from there. */
  updateSelfPosition(position: number[], axisForward: number[], axisRight: number[], axisUp: number[]): void {
    const bad = (name: string) => new Error(`Failed to execute 'updateSelfPosition': Argument '${name}' requires an array of type number.`);
    if (!isPosition(position)) throw bad('position');
    if (!isPosition(axisForward)) throw bad('axisForward');
    if (!isPosition(axisRight)) throw bad('axisRight');
    if (!isPosition(axisUp)) throw bad('axisUp');
    const next: Listener = { position: toVec3(position), forward: toVec3(axisForward), right: toVec3(axisRight), up: toVec3(axisUp) };
    const moved = !this.listener || distance(this.listener.position, next.position) > 0;
    this.listener = next;
    if (moved) {
      this.positionDirty = true;
      this.flushPosition();
    }
    this.schedule();
  }

  /** Where `userID` is, until it sends its own position again (positions arrive from the room by themselves). */
  updateAudioSource(userID: string, position: number[]): void {
    if (!isPosition(position))
      throw new Error("Failed to execute 'updateAudioSource': parameter 'position' must be an array of type number.");
    this.user(String(userID)).position = toVec3(position);
    this.schedule();
  }

  /** Sources heard from the world are placed around the listener (HRTF); teammates stay centred, as in the SDK. */
  enableSpatializer(enable: boolean): void {
    this.spatial = enable !== false;
    this.schedule();
  }

  /** Starts (or stops) playing what is heard. Throws before the room is joined, as the SDK. */
  enableSpeaker(enable: boolean): void {
    const on = enable !== false;
    if (on && !this.roomID) throw new Error('Enable speaker failed. Please log in room first.');
    this.speakerOn = on;
    if (on) this.audio();
    this.schedule();
  }

  /** The speaker what is heard plays on: the AudioContext's `setSinkId`, else an `<audio>` element's. */
  selectSpeaker(deviceID: string): void {
    if (typeof deviceID !== 'string') throw new Error('Select speaker failed. Device ID error.');
    this.speakerID = deviceID;
    void this.applySink();
  }

  /** Volume of everything range audio plays, 0..200 (100: unchanged). */
  setRangeAudioVolume(volume: number): void {
    if (!isNumber(volume) || Number(volume) < 0) {
      throw new Error("Failed to execute 'setVolume': The volume provided is outside the range [0, 200].");
    }
    this.volume = Math.min(200, Number(volume));
    if (this.ctx && this.master) this.master.gain.setTargetAtTime(this.volume / 100, this.ctx.currentTime, SMOOTHING);
  }

  /** World (everyone), Team (the team only) or SecretTeam (speak to the team, hear the team and the world). */
  setRangeAudioMode(mode: ZegoRangeAudioMode): void {
    if (this.modeKind === 'custom') throw new Error("Failed to execute 'setRangeAudioMode': already use 'setRangeAudioCustomMode'.");
    if (![0, 1, 2].includes(mode as number)) return warnOnce('mode', `setRangeAudioMode: unknown mode ${String(mode)}`);
    this.modeKind = 'normal';
    this.mode = mode;
    this.extraInfoChanged();
    this.schedule();
  }

  /** Whom we speak to (all, the world in range, the team) and whom we hear (all, the world in range, the team). */
  setRangeAudioCustomMode(speakMode: ZegoRangeAudioSpeakMode, listenMode: ZegoRangeAudioListenMode): void {
    if (this.modeKind === 'normal') throw new Error("Failed to execute 'setRangeAudioCustomMode': already use 'setRangeAudioMode'.");
    if (![0, 1, 2].includes(speakMode as number) || ![0, 1, 2].includes(listenMode as number)) {
      return warnOnce('custom', `setRangeAudioCustomMode: unknown modes ${String(speakMode)}, ${String(listenMode)}`);
    }
    this.modeKind = 'custom';
    this.customSpeak = speakMode;
    this.customListen = listenMode;
    this.extraInfoChanged();
    this.schedule();
  }

  /** The team (at most 64 bytes); undefined or '' leaves it. Teammates hear each other whatever the distance. */
  setTeamID(teamID?: string): void {
    if (teamID !== undefined && (typeof teamID !== 'string' || new TextEncoder().encode(teamID).length > 64)) {
      return warnOnce('team', 'setTeamID: the team ID must be a string of at most 64 bytes');
    }
    this.teamID = teamID || undefined;
    this.extraInfoChanged();
    this.schedule();
  }

  /**
   * How often our position is sent to the room while it changes (default 100 ms).
   * @partial below 100 ms the position is still sent every 100 ms: the room core accepts 10 messages a second per client (shared with custom commands)
   */
  setPositionUpdateFrequency(frequency: number): void {
    if (!(Number(frequency) >= 15)) {
      throw new Error("Failed to execute 'setPositionUpdateFrequency': The frequency provided is outside the range [15, +].");
    }
    this.frequency = Math.max(100, Number(frequency));
  }

  /**
   * Reports, every `config.frequency` ms (default 1000, at least 50), the users of the room within the receive
   * range whenever that set changes: `audioSourceWithinRangeUpdate` with one array of `{userID, position}` (what the
   * SDK passes at run time, although its typing declares two parameters).
   */
  enableAudioSourceUpdateChecker(update: boolean, config?: ZegoRangeAudioUserUpdateCheckConfig): void {
    if (config && isNumber(config.frequency)) {
      if (Number(config.frequency) < 50) {
        throw new Error("Failed to execute 'enableAudioSourceUpdateChecker': The frequency provided is outside the range [50, +].");
      }
      this.checkFrequency = Number(config.frequency) || 1000;
    }
    clearInterval(this.checkTimer);
    this.checkTimer = undefined;
    if (!update || this.destroyed) return;
    this.checkTimer = setInterval(() => this.checkInRange(), this.checkFrequency);
    this.checkInRange();
  }

  // ---------------------------------------------------------------------------------------------- the microphone

  /** Captures the microphone and publishes it as our range stream (false: stops and releases it). Throws before login. */
  enableMicrophone(enable: boolean): void {
    if (this.destroyed) return;
    if (!this.roomID) throw new Error('Enable mic failed. Please log in room first.');
    if (enable !== false) void this.startMicrophone();
    else this.stopMicrophone();
  }

  /** The microphone to capture (now, if on). Resolves false when the device cannot be switched to. */
  async selectMicrophone(deviceID: string): Promise<boolean> {
    if (typeof deviceID !== 'string') throw new Error('Select mic failed. DeviceID error.');
    if (this.micStream) {
      const r = await this.engine.useAudioDevice(this.micStream, deviceID).catch(() => null);
      if (r?.errorCode !== 0) return false;
    }
    this.micID = deviceID;
    return true;
  }

  /**
   * Noise suppression of the range microphone (now, or when it starts).
   * @partial the browser's noise suppression (the microphone track's `noiseSuppression` constraint), not ZEGO's AI model
   */
  enableAiDenoise(enable: boolean): boolean {
    if (typeof enable !== 'boolean') return false;
    this.denoise = enable;
    this.applyDenoise();
    return true;
  }

  /**
   * AI, AIBalanced or AIAggressive: kept for the engine's denoiser, applied with `enableAiDenoise(true)`.
   * @partial the browser's noise suppression has one strength: the modes sound the same unless the engine's denoiser tells them apart
   */
  setAiDenoiseMode(mode: AiDenoiseMode): boolean {
    if (![0, 1, 2].includes(mode as number)) return false;
    this.denoiseMode = mode;
    this.applyDenoise();
    return true;
  }

  /**
   * A voice changer preset on the range microphone, through the engine's voice changer (Web Audio nodes).
   * @partial our approximation of ZEGO's presets (src/engine/audio/voice-changer.ts); false with a warning when the engine has no voice changer
   */
  setVoiceChangerPreset(preset: ZegoVoiceChangerPreset): boolean {
    if (!Number.isInteger(preset) || (preset as number) < 0 || (preset as number) > 22) return false;
    if (!this.engine.setVoiceChangerPreset) return this.noVoiceChanger('setVoiceChangerPreset');
    this.voice = { preset };
    this.applyVoice();
    return true;
  }

  /**
   * A voice changer pitch (semitones, -12..12 as the SDK) on the range microphone, through the engine's voice changer.
   * @partial the engine's pitch shifter (two delay lines), not ZEGO's; false with a warning when the engine has no voice changer
   */
  setVoiceChangerParam(voiceParam: number): boolean {
    if (typeof voiceParam !== 'number' || !(voiceParam >= -12 && voiceParam <= 12)) return false;
    if (!this.engine.setVoiceChangerParam) return this.noVoiceChanger('setVoiceChangerParam');
    this.voice = { param: voiceParam };
    this.applyVoice();
    return true;
  }

  // ---------------------------------------------------------------------------------------------- the AudioContext

  isAudioContextRunning(): boolean {
    return this.audio()?.state === 'running';
  }

  /** Resumes the AudioContext; call it from a click or key handler (the autoplay policy). False after 3 s. */
  async resumeAudioContext(): Promise<boolean> {
    const ctx = this.audio();
    if (!ctx) return false;
    if (ctx.state === 'running') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        ctx.removeEventListener('statechange', check);
        resolve(ok);
      };
      const check = () => {
        if (ctx.state === 'running') done(true);
        else if (ctx.state === 'closed') done(false);
      };
      const timer = setTimeout(() => done(ctx.state === 'running'), 3000);
      ctx.addEventListener('statechange', check);
      ctx.resume().then(check, () => {});
    });
  }

  // ---------------------------------------------------------------------------------------------- vocal sources

  /** A played stream (its view from `createRemoteStreamView`) heard up to `range` from its position (0: not heard). */
  setStreamVocalRange(view: ZegoStreamView, range: number): void {
    this.setVocalRange(view, range, 'setVocalRange');
  }

  /** Where a played stream's sound comes from; it is heard through range audio (the view's own audio is muted). */
  updateStreamPosition(view: ZegoStreamView, position: number[]): void {
    this.setVocalPosition(view, position);
  }

  /**
   * An `<audio>`/`<video>` element heard up to `range` from its position (0: not heard).
   * @partial the element is heard through its `captureStream()` (at its `volume`) while muted itself; a cross-origin element without CORS cannot be captured (a warning, nothing heard)
   */
  setCustomSourceVocalRange(media: HTMLMediaElement, range: number): void {
    this.setVocalRange(media, range, 'setVocalRange');
  }

  /** Where an element's sound comes from. */
  updateCustomSourcePosition(media: HTMLMediaElement, position: number[]): void {
    this.setVocalPosition(media, position);
  }

  private setVocalRange(key: ZegoStreamView | HTMLMediaElement, range: number, method: string): void {
    if (!isVocalKey(key)) throw new Error(`Failed to execute '${method}': type of parameter 1 error.`);
    if (!isNumber(range)) throw new Error(`Failed to execute '${method}': parameter 2 requires to be type number.`);
    const vocal = this.vocal(key);
    if (!vocal) return;
    vocal.range = Math.max(0, Number(range));
    this.schedule();
  }

  private setVocalPosition(key: ZegoStreamView | HTMLMediaElement, position: number[]): void {
    if (!isVocalKey(key)) throw new Error("Failed to execute 'updatePosition': type of parameter 1 error.");
    if (!isPosition(position)) throw new Error("Failed to execute 'updatePosition': parameter 'position' must be an array of type number.");
    const vocal = this.vocal(key);
    if (!vocal) return;
    vocal.position = toVec3(position);
    this.schedule();
  }

  /** The source of a view or element, taken over on first use: its own output is muted, range audio plays it. */
  private vocal(key: ZegoStreamView | HTMLMediaElement): Vocal | null {
    if (this.destroyed) return null;
    const known = this.vocals.get(key);
    if (known) return known;
    let stream: MediaStream | null = null;
    let release = () => {};
    let scale = () => 1;
    if (key instanceof HTMLMediaElement) {
      try {
        stream = (key as HTMLMediaElement & { captureStream(): MediaStream }).captureStream();
        const wasMuted = key.muted;
        // the captured sound ignores the element's muted and volume: muted, it is heard only through range audio
        key.muted = true;
        scale = () => key.volume;
        const changed = () => this.schedule();
        const listening = new AbortController();
        stream.addEventListener('addtrack', changed, { signal: listening.signal });
        stream.addEventListener('removetrack', changed, { signal: listening.signal });
        key.addEventListener('volumechange', changed, { signal: listening.signal });
        release = () => {
          listening.abort();
          key.muted = wasMuted;
        };
      } catch (e) {
        warnOnce(`capture:${key.currentSrc}`, `the element cannot be captured (${String((e as Error)?.message ?? e)}): it is not heard`);
      }
    } else {
      stream = this.opts.viewStream?.(key) ?? null;
      if (stream) {
        key.setAudioMuted(true);
        release = () => key.setAudioMuted(false);
      } else warnOnce('view', "the engine gave range audio no way to read a stream view's stream: the view is not heard");
    }
    const vocal: Vocal = {
      kind: key instanceof HTMLMediaElement ? 'media' : 'view',
      stream,
      range: 0,
      position: null,
      chain: null,
      audible: false,
      scale,
      release,
    };
    this.vocals.set(key, vocal);
    return vocal;
  }

  // ---------------------------------------------------------------------------------------------- teardown

  /** @internal The engine's `destroyEngine`: the microphone, plays, vocal sources, timers, listeners and the AudioContext end. */
  _destroy(): void {
    if (this.destroyed) return;
    this.leaveRoom();
    this.destroyed = true;
    for (const vocal of this.vocals.values()) {
      this.dropChain(vocal.chain);
      vocal.release();
    }
    this.vocals.clear();
    clearInterval(this.checkTimer);
    clearTimeout(this.positionTimer);
    this.checkTimer = this.positionTimer = undefined;
    for (const [name, fn] of this.handlers) this.engine.off(name, fn as never);
    this.handlers.length = 0;
    this.gesture?.abort();
    this.gesture = null;
    if (this.out) {
      this.out.el.pause();
      this.out.el.srcObject = null;
      this.out = null;
    }
    const ctx = this.ctx;
    this.ctx = this.master = null;
    if (ctx && ctx.state !== 'closed') void ctx.close().catch(() => {});
    this.events.clear();
    if (instances.get(this.engine) === this) instances.delete(this.engine);
  }

  /** @internal The AudioContext everything plays in (null before first use and after `_destroy`). */
  get _context(): AudioContext | null {
    return this.ctx;
  }

  /** @internal The stereo node every source is mixed into, after the volume and before the speaker (for meters). */
  get _output(): AudioNode | null {
    return this.master;
  }

  // ---------------------------------------------------------------------------------------------- the room

  private listen<K extends keyof ZegoEvent>(name: K, fn: ZegoEvent[K]): void {
    this.engine.on(name, fn);
    this.handlers.push([name, fn as (...args: never[]) => void]);
  }

  private onRoomState(roomID: string, state: string): void {
    if (state === 'CONNECTED' && !this.roomID) this.joined(roomID);
    else if (state === 'CONNECTED' && roomID === this.roomID && this.listener) {
      // back after a lost link: what was sent meanwhile may not have arrived
      this.positionDirty = true;
      this.flushPosition();
    } else if (state === 'DISCONNECTED' && roomID === this.roomID) this.leaveRoom();
  }

  private joined(roomID: string): void {
    this.roomID = roomID;
    const self = this.opts.self?.(roomID);
    this.userID = self?.roomID === roomID ? self.userID : undefined;
    if (this.listener) this.positionDirty = true;
    this.flushPosition();
    this.schedule();
  }

  /** Logged out, kicked out, reconnection failed or destroyed: as the SDK, the microphone and speaker go off, users are forgotten. */
  private leaveRoom(): void {
    this.stopMicrophone();
    for (const user of this.users.values()) this.stopPlay(user);
    this.users.clear();
    this.roomUsers.clear();
    this.roomID = this.userID = undefined;
    this.speakerOn = false;
    clearTimeout(this.positionTimer);
    this.positionTimer = undefined;
    this.inRangeKey = '';
    this.schedule();
  }

  private user(userID: string): User {
    let user = this.users.get(userID);
    if (!user) this.users.set(userID, (user = { userID, position: null, speakMode: speakModeOf(RangeMode.World) }));
    return user;
  }

  private onUsers(roomID: string, type: 'ADD' | 'DELETE', list: ZegoUser[]): void {
    if (roomID !== this.roomID || !Array.isArray(list)) return;
    for (const { userID } of list) {
      if (type === 'ADD') this.roomUsers.add(userID);
      else {
        this.roomUsers.delete(userID);
        const user = this.users.get(userID);
        if (user) this.stopPlay(user);
        this.users.delete(userID);
      }
    }
    // newcomers know nobody's position: ours goes out again
    if (type === 'ADD' && this.listener) {
      this.positionDirty = true;
      this.flushPosition();
    }
    this.schedule();
  }

  private onStreams(roomID: string, type: 'ADD' | 'DELETE', list: ZegoStreamList[]): void {
    if ((this.roomID && roomID !== this.roomID) || !Array.isArray(list)) return;
    for (const s of list) {
      const info = parseStreamInfo(s.extraInfo);
      if (!info || !s.user?.userID) continue;
      if (type === 'ADD') {
        const user = this.user(s.user.userID);
        if (user.streamID !== s.streamID) this.stopPlay(user);
        user.streamID = s.streamID;
        user.teamID = info.teamID;
        user.speakMode = info.speakMode;
        user.failed = undefined;
      } else {
        const user = this.users.get(s.user.userID);
        if (user?.streamID !== s.streamID) continue;
        this.stopPlay(user);
        user.streamID = undefined;
      }
    }
    this.schedule();
  }

  private onExtraInfo(roomID: string, list: { streamID: string; user: ZegoUser; extraInfo: string }[]): void {
    if (roomID !== this.roomID || !Array.isArray(list)) return;
    for (const s of list) {
      const user = this.users.get(s.user?.userID);
      const info = parseStreamInfo(s.extraInfo);
      if (!user || !info || user.streamID !== s.streamID) continue;
      user.teamID = info.teamID;
      user.speakMode = info.speakMode;
    }
    this.schedule();
  }

  private onMessage(roomID: string, message: ZegoRoomRecvTransparentMessage): void {
    if (roomID !== this.roomID || !message?.sendUser?.userID) return;
    const position = decodePosition(message.content);
    if (!position) return;
    this.user(message.sendUser.userID).position = position;
    this.schedule();
  }

  // ---------------------------------------------------------------------------------------------- positions out

  /** Sends our position if it changed, no sooner than `frequency` after the last send (a failed send retries after 1 s). */
  private flushPosition(): void {
    if (this.destroyed || !this.positionDirty || this.positionInFlight || !this.roomID || !this.listener) return;
    const wait = this.nextSend - performance.now();
    if (wait > 0) {
      this.positionTimer ??= setTimeout(() => {
        this.positionTimer = undefined;
        this.flushPosition();
      }, wait);
      return;
    }
    this.positionDirty = false;
    this.positionInFlight = true;
    this.nextSend = performance.now() + this.frequency;
    const content = encodePosition(this.listener.position);
    this.engine
      .sendTransparentMessage(this.roomID, { sendMode: 0, sendType: 0, content, recvUserList: [] })
      .catch(() => {
        // rate limited (shared with custom commands) or the room is going: once more, later
        this.positionDirty = true;
        this.nextSend = performance.now() + Math.max(1000, this.frequency);
      })
      .finally(() => {
        this.positionInFlight = false;
        this.flushPosition();
      });
  }

  private checkInRange(): void {
    if (this.destroyed) return;
    const list: { userID: string; position: number[] }[] = [];
    const at = this.listener?.position;
    for (const user of this.users.values()) {
      if (!at || !user.position || !this.roomUsers.has(user.userID)) continue;
      if (withinRange(distance(at, user.position), this.receiveRange, false))
        list.push({ userID: user.userID, position: [...user.position] });
    }
    const key = list
      .map((u) => u.userID)
      .sort()
      .join('\n');
    if (key === this.inRangeKey) return;
    this.inRangeKey = key;
    this.emitLoose('audioSourceWithinRangeUpdate', list);
  }

  // ---------------------------------------------------------------------------------------------- microphone

  private async startMicrophone(): Promise<void> {
    if (this.micWanted) return warnOnce('mic-on', 'enableMicrophone(true): the microphone is already on');
    this.micWanted = true;
    const gen = ++this.micGen;
    const options: ZegoStreamOptions = { camera: { video: false, audio: this.micID ? { input: this.micID } : true } };
    let local: ZegoLocalStream;
    try {
      local = await this.engine.createZegoStream(options);
    } catch (e) {
      if (gen !== this.micGen) return;
      this.micWanted = false;
      const f = e as { errorCode?: number; extendedData?: string } | null;
      this.emitMic(MIC.Off, f?.errorCode ?? CAPTURE_FAILED, f?.extendedData ?? String(e));
      return;
    }
    const roomID = this.roomID;
    if (gen !== this.micGen || this.destroyed || !roomID) {
      this.engine.destroyStream(local);
      return;
    }
    this.micStream = local;
    this.applyDenoise();
    this.applyVoice();
    const streamID = `zegoRange_${this.userID ?? randomID()}`;
    this.streamID = streamID;
    this.published = 'requesting';
    this.extraDirty = false;
    try {
      this.engine.startPublishingStream(streamID, local, { roomID, extraInfo: this.extraInfo() });
    } catch (e) {
      const f = e as { errorCode?: number; extendedData?: string } | null;
      this.micWanted = false;
      this.releaseMicrophone();
      this.emitMic(MIC.Off, f?.errorCode ?? 1, f?.extendedData ?? String(e));
    }
  }

  private stopMicrophone(): void {
    this.micWanted = false;
    this.micGen++;
    this.releaseMicrophone();
  }

  /** Stops publishing (the engine reports NO_PUBLISH: `microphoneStateUpdate` Off) and destroys the capture. */
  private releaseMicrophone(): void {
    const stream = this.micStream;
    const streamID = this.streamID;
    this.micStream = null;
    if (streamID && this.published !== 'no') this.engine.stopPublishingStream(streamID);
    this.published = 'no';
    if (this.streamID === streamID) this.streamID = undefined;
    if (stream) this.engine.destroyStream(stream);
  }

  private onPublisherState(result: ZegoPublisherState): void {
    if (!this.streamID || result?.streamID !== this.streamID) return;
    const state = MIC_STATE[result.state];
    if (state === undefined) return;
    if (result.state === 'NO_PUBLISH') {
      // stopped by us, refused by the core or cut with the room: the capture goes too
      this.published = 'no';
      this.micWanted = false;
      this.micGen++;
      this.emitMic(state, result.errorCode, result.extendedData);
      this.releaseMicrophone();
      return;
    }
    this.published = result.state === 'PUBLISHING' ? 'yes' : 'requesting';
    this.emitMic(state, result.errorCode, result.extendedData);
    if (this.published === 'yes' && this.extraDirty) this.extraInfoChanged();
  }

  /** Events whose payload differs from the SDK's typing (as the SDK's own), or that its typing omits (`voiceChangerError`). */
  private emitLoose(event: string, ...args: unknown[]): void {
    (this.events as unknown as MediaEmitter<Record<string, (...a: unknown[]) => void>>).emit(event, ...args);
  }

  private emitMic(state: number, errorCode: number, extendedData?: string): void {
    this.events.emit('microphoneStateUpdate', state as ZegoRangeAudioMicrophoneState, errorCode, extendedData ?? '');
  }

  private extraInfo(): string {
    return streamExtraInfo(this.teamID, this.mode, this.customSpeak);
  }

  /** Team or mode changed: the stream's extra info tells the listeners (now if published, else once it is). */
  private extraInfoChanged(): void {
    if (!this.streamID || this.published !== 'yes') {
      this.extraDirty = this.published !== 'no';
      return;
    }
    this.extraDirty = false;
    const streamID = this.streamID;
    this.engine.setStreamExtraInfo(streamID, this.extraInfo()).catch(() => {
      if (this.streamID === streamID) this.extraDirty = true;
    });
  }

  private applyDenoise(): void {
    const stream = this.micStream;
    if (!stream || this.denoise === null) return;
    const failed = (e: unknown) => {
      const f = e as { errorCode?: number; extendedData?: string } | null;
      this.events.emit('aiDenoiseError', f?.errorCode ?? 1, f?.extendedData ?? String(e));
    };
    const engine = this.engine;
    if (engine.enableAiDenoise) {
      const mode = this.denoiseMode;
      engine
        .enableAiDenoise(stream, this.denoise)
        .then(() => (this.denoise && mode !== null && engine.setAiDenoiseMode ? engine.setAiDenoiseMode(stream, mode) : undefined))
        .catch(failed);
    } else engine.setAudioConfig(stream, { ANS: this.denoise }).catch(failed);
  }

  private applyVoice(): void {
    const stream = this.micStream;
    const voice = this.voice;
    if (!stream || !voice) return;
    const failed = (e: unknown) => {
      const f = e as { errorCode?: number; extendedData?: string } | null;
      this.emitLoose('voiceChangerError', f?.errorCode ?? 1, f?.extendedData ?? String(e));
    };
    if ('preset' in voice) this.engine.setVoiceChangerPreset?.(voice.preset, stream).catch(failed);
    else this.engine.setVoiceChangerParam?.(stream, voice.param).catch(failed);
  }

  private noVoiceChanger(method: string): false {
    warnOnce(
      'voice',
      `${method}: this engine has no voice changer (its setVoiceChangerPreset/setVoiceChangerParam): the voice is sent unchanged`,
    );
    return false;
  }

  private onDeviceError(errorCode: number): void {
    const stream = this.micStream;
    if (errorCode !== MICROPHONE_ERROR || !stream) return;
    // the microphone went away: the chosen one again, else the first there is (as the SDK)
    void this.engine.getMicrophones().then(
      (mics) => {
        const id = this.micID || mics[0]?.deviceID;
        if (id && this.micStream === stream) return this.engine.useAudioDevice(stream, id);
      },
      () => {},
    );
  }

  // ---------------------------------------------------------------------------------------------- quality

  private onPublishQuality(streamID: string, stats: ZegoPublishStats): void {
    if (!this.streamID || streamID !== this.streamID) return;
    this.emitLoose('publishQualityUpdate', this.userID ?? '', { ...stats?.audio });
  }

  private onPlayQuality(streamID: string, stats: ZegoPlayStats): void {
    const user = [...this.users.values()].find((u) => u.play?.streamID === streamID);
    if (!user) return;
    const s = stats as ZegoPlayStats & { peerToPeerDelay?: number; peerToPeerPacketLostRate?: number };
    this.emitLoose('playQualityUpdate', user.userID, {
      ...s?.audio,
      peerToPeerDelay: s?.peerToPeerDelay,
      peerToPeerPacketLostRate: s?.peerToPeerPacketLostRate,
    });
  }

  // ---------------------------------------------------------------------------------------------- plays

  private onPlayerState(result: ZegoPlayerState): void {
    const user = [...this.users.values()].find((u) => u.play?.streamID === result?.streamID);
    if (!user?.play) return;
    if (result.state === 'NO_PLAY') {
      // the engine ended our play (not stopPlay: that forgets the play first): no replay until it is announced again
      this.dropChain(user.play.chain);
      user.play.stopped = true;
      user.failed = user.play.streamID;
      user.play = undefined;
    }
    // PLAYING again after a reconnection: the stream may carry a new track
    this.schedule();
  }

  private startPlay(user: User, streamID: string): void {
    if (user.play?.streamID === streamID) return;
    this.stopPlay(user);
    const play: Play = { streamID, media: null, chain: null, stopped: false };
    user.play = play;
    this.engine.startPlayingStream(streamID, { video: false }).then(
      (media) => {
        if (play.stopped) return;
        play.media = media;
        this.schedule();
      },
      () => {
        if (play.stopped || user.play !== play) return;
        user.play = undefined;
        user.failed = streamID;
      },
    );
  }

  /** Stops the play (not a mute: the publisher stops sending to us). */
  private stopPlay(user: User): void {
    const play = user.play;
    if (!play) return;
    user.play = undefined;
    play.stopped = true;
    this.dropChain(play.chain);
    play.chain = null;
    this.engine.stopPlayingStream(play.streamID);
  }

  // ---------------------------------------------------------------------------------------------- hearing

  /** Recomputes, once per task, what is played and how loud and where each source sounds. */
  private schedule(): void {
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.destroyed) this.update();
    });
  }

  private update(): void {
    const listener = this.listener;
    const listenMode = this.customListen ?? listenModeOf(this.mode);
    const speakers: Speaker[] = [];
    for (const u of this.users.values()) {
      if (u.streamID && u.failed !== u.streamID) {
        speakers.push({ userID: u.userID, teamID: u.teamID, speakMode: u.speakMode, position: u.position, playing: !!u.play });
      }
    }
    const heard =
      this.speakerOn && this.roomID
        ? selectHeard({ listenMode, teamID: this.teamID, receiveRange: this.receiveRange, position: listener?.position ?? null }, speakers)
        : [];
    const byUser = new Map(heard.map((h) => [h.userID, h]));
    for (const user of this.users.values()) {
      const h = byUser.get(user.userID);
      if (!h || !user.streamID) {
        this.stopPlay(user);
        continue;
      }
      this.startPlay(user, user.streamID);
      const play = user.play!;
      if (!play.media) continue;
      play.chain = this.chainFor(play.chain, play.media, true);
      const spatial = h.via === 'world' && this.spatial && listener && user.position ? relativePosition(user.position, listener) : null;
      if (play.chain) this.route(play.chain, h.gain, spatial, true);
    }
    for (const vocal of this.vocals.values()) {
      const d = listener && vocal.position ? distance(listener.position, vocal.position) : null;
      vocal.audible = d !== null && vocal.range > 0 && withinRange(d, vocal.range, vocal.audible);
      if (!vocal.stream) continue;
      if (!vocal.audible) {
        if (vocal.chain) this.route(vocal.chain, 0, null, false);
        continue;
      }
      vocal.chain = this.chainFor(vocal.chain, vocal.stream, vocal.kind === 'view');
      const spatial = this.spatial && listener && vocal.position ? relativePosition(vocal.position, listener) : null;
      if (vocal.chain) this.route(vocal.chain, falloff(d!, vocal.range) * vocal.scale(), spatial, true);
    }
  }

  /** The chain of `stream`'s current audio track: `chain` while it still plays that track, else a new one. */
  private chainFor(chain: Chain | null, stream: MediaStream, received: boolean): Chain | null {
    const track = stream.getAudioTracks()[0] ?? null;
    if (chain && chain.track === track && track.readyState === 'live') return chain;
    this.dropChain(chain);
    const ctx = this.audio();
    if (!track || !ctx || !this.master) return null;
    const single = new MediaStream([track]);
    const node = ctx.createMediaStreamSource(single);
    const gain = ctx.createGain();
    gain.gain.value = 0;
    // direction only: the fall-off with distance is the gain's (rolloff 0 leaves the level alone)
    const panner = new PannerNode(ctx, {
      panningModel: 'HRTF',
      distanceModel: 'linear',
      rolloffFactor: 0,
      refDistance: 1,
      maxDistance: 1e4,
    });
    node.connect(gain);
    panner.connect(this.master);
    let sink: HTMLAudioElement | null = null;
    if (received) {
      sink = document.createElement('audio');
      sink.muted = true;
      sink.srcObject = single;
      void sink.play().catch(() => {});
    }
    return { track, node, gain, panner, sink, route: 'off' };
  }

  /** Connects a chain flat or through its panner (at `spatial`, listener-relative `[ahead, right, up]`), or not at all. */
  private route(chain: Chain, gain: number, spatial: Vec3 | null, audible: boolean): void {
    const ctx = this.ctx;
    if (!ctx || !this.master) return;
    const want = !audible ? 'off' : spatial ? '3d' : 'flat';
    const now = ctx.currentTime;
    if (want !== chain.route) {
      chain.gain.disconnect();
      if (want === 'flat') chain.gain.connect(this.master);
      else if (want === '3d') chain.gain.connect(chain.panner);
      if (chain.route === 'off') chain.gain.gain.setValueAtTime(gain, now);
      chain.route = want;
    }
    chain.gain.gain.setTargetAtTime(gain, now, SMOOTHING);
    if (spatial) {
      const [x, y, z] = toWebAudio(spatial);
      chain.panner.positionX.setTargetAtTime(x, now, SMOOTHING);
      chain.panner.positionY.setTargetAtTime(y, now, SMOOTHING);
      chain.panner.positionZ.setTargetAtTime(z, now, SMOOTHING);
    }
  }

  private dropChain(chain: Chain | null | undefined): void {
    if (!chain) return;
    chain.node.disconnect();
    chain.gain.disconnect();
    chain.panner.disconnect();
    if (chain.sink) {
      chain.sink.pause();
      chain.sink.srcObject = null;
    }
  }

  // ---------------------------------------------------------------------------------------------- AudioContext

  /** The AudioContext, made on first use (null once destroyed or where Web Audio is missing). */
  private audio(): AudioContext | null {
    if (this.destroyed) return null;
    if (this.ctx) return this.ctx;
    let ctx: AudioContext;
    try {
      ctx = new AudioContext();
    } catch {
      warnOnce('ctx', 'no AudioContext could be created: nothing is heard');
      return null;
    }
    const master = ctx.createGain();
    // stereo whatever comes in: mono sources reach both ears, panned ones keep their two channels
    master.channelCount = 2;
    master.channelCountMode = 'explicit';
    master.channelInterpretation = 'speakers';
    master.gain.value = this.volume / 100;
    master.connect(ctx.destination);
    this.ctx = ctx;
    this.master = master;
    this.wake(ctx);
    if (this.speakerID) void this.applySink();
    return ctx;
  }

  /** Resumes now if the autoplay policy allows, else on the page's next pointerdown/keydown; and again if suspended later. */
  private wake(ctx: AudioContext): void {
    const gesture = new AbortController();
    this.gesture = gesture;
    const resume = () => {
      if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    };
    resume();
    ctx.addEventListener('statechange', resume, { signal: gesture.signal });
    window.addEventListener('pointerdown', resume, { capture: true, signal: gesture.signal });
    window.addEventListener('keydown', resume, { capture: true, signal: gesture.signal });
  }

  private async applySink(): Promise<void> {
    const ctx = this.ctx as (AudioContext & { setSinkId?: (id: string) => Promise<void> }) | null;
    const master = this.master;
    if (!ctx || !master) return;
    const id = this.speakerID;
    try {
      if (typeof ctx.setSinkId === 'function') {
        await ctx.setSinkId(id);
        return;
      }
      // no AudioContext.setSinkId: play the mix through an element, whose setSinkId picks the speaker
      if (!this.out) {
        const dest = ctx.createMediaStreamDestination();
        master.disconnect();
        master.connect(dest);
        const el = document.createElement('audio');
        el.srcObject = dest.stream;
        void el.play().catch(() => {});
        this.out = { dest, el };
      }
      await setSink(this.out.el, id);
    } catch (e) {
      warnOnce(`sink:${id}`, `selectSpeaker('${id}') failed: ${String((e as Error)?.message ?? e)}`);
    }
  }
}

/** The SDK's number check: a number or numeric string within the safe integer range. */
function isNumber(v: unknown): boolean {
  if (typeof v !== 'number' && typeof v !== 'string') return false;
  const n = Number(v);
  return v !== '' && !Number.isNaN(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;
}

/** A media element or something with a stream view's audio switch. */
function isVocalKey(v: unknown): v is ZegoStreamView | HTMLMediaElement {
  if (typeof HTMLMediaElement !== 'undefined' && v instanceof HTMLMediaElement) return true;
  return !!v && typeof v === 'object' && typeof (v as { setAudioMuted?: unknown }).setAudioMuted === 'function';
}

/** The stream ID's user part when the engine does not say who we are: unique enough within a room. */
function randomID(): string {
  return randomId().replace(/-/g, '').slice(0, 16);
}
