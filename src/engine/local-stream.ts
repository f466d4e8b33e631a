// Over 500 lines on purpose: the SDK's ZegoLocalStream, 37 members (camera, microphone, screen, custom capture,
// capture previews), each a few lines of checks over the capture helpers in capture.ts.
import type {
  ZegoCaptureCamera,
  ZegoCaptureMicrophone,
  ZegoCaptureScreenAudio,
  ZegoCaptureScreenVideo,
  ZegoCustomAudio,
  ZegoCustomVideo,
} from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import type {
  ZegoLocalAduioOptions,
  ZegoLocalStreamEvent,
  ZegoLocalViewOptions,
  ZegoServerResponse,
  ZegoSnapshotOptions,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code } from '../shared/codes.js';
import {
  cameraConstraints,
  captureStream,
  captureTrack,
  isObject,
  microphoneConstraints,
  QUALITY_PRESETS,
  recapture,
  type CaptureFailure,
  type CaptureKind,
  type CaptureSettings,
  type Captured,
} from './capture.js';
import type { EngineLink } from './link.js';
import { AudioPlayer, FrameGrabber, MediaEmitter, resolveContainer, setSink, toVolume, VideoPlayer } from './media-element.js';

const OK: ZegoServerResponse = Object.freeze({ errorCode: 0, extendedData: '' });
const DESTROYED: ZegoServerResponse = Object.freeze({ errorCode: Code.INPUT_PARAM, extendedData: 'stream destroyed' });
/** The SDK's answer to a custom capture without a usable `source` (its "input param error" of the capture module). */
const BAD_SOURCE: ZegoServerResponse = Object.freeze({ errorCode: 1103001, extendedData: 'input param error source not exist or error' });

/** What one capture method took: the tracks to swap in and the settings they change. */
interface Taken {
  video?: MediaStreamTrack;
  audio?: MediaStreamTrack;
  settings: Partial<CaptureSettings>;
}

/**
 * The SDK's capture methods resolve their failures instead of rejecting: `{errorCode, extendedData}` from a capture
 * failure, from an options check (`{code, message}`) or from anything else.
 */
function toResponse(e: unknown): ZegoServerResponse {
  const f = e as { errorCode?: unknown; extendedData?: unknown; code?: unknown; message?: unknown } | null;
  if (typeof f?.errorCode === 'number') return { errorCode: f.errorCode, extendedData: String(f.extendedData ?? '') };
  if (typeof f?.code === 'number') return { errorCode: f.code, extendedData: String(f.message ?? '') };
  return { errorCode: Code.GET_MEDIA_FAIL, extendedData: `get media fail ${String(e)}` };
}

/** A custom source the SDK accepts: a MediaStream or an `<audio>`/`<video>` element. */
function isSource(options: unknown): boolean {
  const source = isObject(options) ? options.source : undefined;
  return source instanceof MediaStream || source instanceof HTMLMediaElement;
}

function playerOptions(config: ZegoLocalViewOptions | undefined) {
  return { mirror: !!config?.mirror, objectFit: config?.objectFit ?? 'contain' } as const;
}

let sequence = 0;

/**
 * The local engine's `ZegoLocalStream`: what `createZegoStream` resolves, with the SDK's public surface for
 * preview, capture and events, plus underscore members the engine drives (`_replaceTrack`, `_useDevice`,
 * `_destroy`).
 *
 * One MediaStream is both the capture and what is published: a new track (device switch, `startCapture*`)
 * replaces the old one in `stream` at once and the engine's senders follow through `EngineLink.trackReplaced`.
 * (The SDK keeps a published copy until `updatePublishingStream`.) So a new track raises `captureVideoTrackChanged`
 * and then `videoTrackChanged` (audio alike), the order the SDK uses when it captures and then updates.
 *
 * `startCapture*` resolve `{errorCode, extendedData}`, failures included (the SDK never rejects them), and keep the
 * old tracks when they fail. Every track they take is watched, stopped when something replaces it, and stopped by
 * `_destroy()`.
 *
 * A capture track that ends by itself (device unplugged, permission revoked) emits the engine's `deviceError`
 * (1106010 camera, 1106009 microphone, with the device label) or, for a shared screen, `screenSharingEnded`.
 */
export class ZegoLocalStream {
  private readonly media: MediaStream;
  private readonly streamID = `zego-stream-${Date.now().toString(16)}${(sequence++).toString(16)}`;
  private readonly events = new MediaEmitter<ZegoLocalStreamEvent>();
  /** Where each live track came from (decides which event its end raises) and its `ended` listener. */
  private readonly watched = new Map<MediaStreamTrack, { origin: CaptureKind; stop: AbortController }>();
  private readonly grabber = new FrameGrabber();
  private videoPlayer: VideoPlayer | null = null;
  private audioPlayer: AudioPlayer | null = null;
  /** `playCaptureVideo` previews: one that moves, or one per call with `multiplacePreview`. */
  private capturePlayers: VideoPlayer[] = [];
  private captureAudioPlayer: AudioPlayer | null = null;
  private readonly multiplacePreview: boolean;
  /** What the current (or last) video track came from: decides `getScreenDisplaySurface` and camera on/off. */
  private videoOrigin: CaptureKind;
  private volume = 100;
  private sinkId = '';
  private destroyed = false;

  /** @internal What the stream was captured from. */
  readonly _kind: CaptureKind;
  /** @internal What the capture asked for (quality, constraints, bitrates); updated by `startCapture*`. */
  _settings: CaptureSettings;
  /** @internal Whether `enableVideoCaptureDevice(false)` stopped the camera (until it captures again). */
  _cameraOff = false;
  /** The camera to capture again from after `_enableCamera(false)`. */
  private cameraOffDevice = '';
  /** `_enableCamera` calls, one after the other. */
  private cameraQueue: Promise<unknown> = Promise.resolve();

  constructor(
    captured: Captured,
    private readonly link: EngineLink,
  ) {
    this.media = captured.stream;
    this._kind = captured.kind;
    this._settings = captured.settings;
    this.multiplacePreview = !!captured.multiplacePreview;
    this.videoOrigin = captured.kind;
    Object.defineProperty(this, 'zegoStream', { value: this, writable: true, enumerable: false, configurable: true });
    for (const t of this.media.getTracks()) this.watch(t, captured.kind);
  }

  /** @internal Target video bitrate of this stream, kbps (the engine caps its senders with it). */
  get _bitrate(): number {
    return this._settings.videoBitrate;
  }

  get id(): string {
    return this.streamID;
  }

  /**
   * The SDK's inner stream object, to which its `ZegoLocalStream` forwards every call. Here one object does it all,
   * so this is the stream itself: code that reaches through it (`localStream.zegoStream.stream`, or the SDK's
   * compositor telling a ZegoLocalStream from a MediaStream by it) finds the same members. Writable as in the SDK,
   * and not enumerable, so that `JSON.stringify` and deep comparisons do not walk into the cycle.
   */
  declare zegoStream: ZegoLocalStream;

  get active(): boolean {
    return this.media.active;
  }

  get stream(): MediaStream | null {
    return this.media;
  }

  /** The SDK keeps separate capture streams; here capture and publish are one stream, returned when it has video. */
  get videoCaptureStream(): MediaStream | null {
    return this.media.getVideoTracks().length ? this.media : null;
  }

  /** See `videoCaptureStream`. */
  get audioCaptureStream(): MediaStream | null {
    return this.media.getAudioTracks().length ? this.media : null;
  }

  getTracks(): MediaStreamTrack[] {
    return this.media.getTracks();
  }

  getVideoTracks(): MediaStreamTrack[] {
    return this.media.getVideoTracks();
  }

  getAudioTracks(): MediaStreamTrack[] {
    return this.media.getAudioTracks();
  }

  get videoDeviceId(): string {
    return this.media.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  }

  get audioDeviceId(): string {
    return this.media.getAudioTracks()[0]?.getSettings().deviceId ?? '';
  }

  on<K extends keyof ZegoLocalStreamEvent>(event: K, callBack: ZegoLocalStreamEvent[K]): boolean {
    return this.events.on(event, callBack);
  }

  off<K extends keyof ZegoLocalStreamEvent>(event: K, callBack?: ZegoLocalStreamEvent[K]): boolean {
    return this.events.off(event, callBack);
  }

  // ---------------------------------------------------------------------------------------------- preview

  /**
   * Shows the stream in `view` (an element, which may sit in a shadow root) through a muted `<video>` in the SDK's
   * markup. One view at a time: playing into another element moves the preview there.
   */
  playVideo(view: HTMLElement, config?: ZegoLocalViewOptions): void {
    if (this.destroyed) return;
    const container = resolveContainer(view, 'playVideo');
    const options = playerOptions(config);
    if (this.videoPlayer?.wrapper.parentElement === container) {
      this.videoPlayer.setOptions(options);
      return;
    }
    this.stopVideo();
    this.videoPlayer = new VideoPlayer(
      this.media,
      options,
      (e) => this.events.emit('canPlayVideo', e),
      (el, e) => this.events.emit('autoplayFailed', el, e),
    );
    this.videoPlayer.mount(container);
  }

  stopVideo(): void {
    this.videoPlayer?.destroy();
    this.videoPlayer = null;
  }

  /**
   * Plays the captured audio locally (a detached `<audio>`, as the SDK): for monitoring; expect echo. No autoplay
   * dialog (`enableAutoplayDialog` is ignored): a refusal raises `autoplayFailed`, then call `resumeAudio()`.
   * @partial no autoplay dialog (`enableAutoplayDialog` is ignored): `autoplayFailed` fires and `resumeAudio` must come from a gesture
   */
  playAudio(_config?: ZegoLocalAduioOptions): void {
    if (this.destroyed || this.audioPlayer) return;
    this.audioPlayer = new AudioPlayer(
      this.media,
      { muted: false, volume: this.volume, sinkId: this.sinkId },
      (e) => this.events.emit('canPlayAudio', e),
      (el, e) => this.events.emit('autoplayFailed', el, e),
    );
    void this.audioPlayer.play();
  }

  stopAudio(): void {
    this.audioPlayer?.destroy();
    this.audioPlayer = null;
  }

  /**
   * Preview of the capture. In the SDK the capture and the published stream are separate objects (the capture runs
   * ahead until `updatePublishingStream`); here they are one stream, so this shows the same picture as `playVideo`,
   * through its own `<video>` (SDK markup, muted): both can show at once, in two containers, and stop separately.
   * One container at a time (another call moves the preview) unless the stream was created with
   * `multiplacePreview`, where each call mounts one more. Nothing happens while the stream has no video, as the SDK.
   * Raises `canPlayCaptureVideo`, and `autoplayCaptureFailed` when the autoplay policy refuses.
   * @partial capture and published stream are one stream here: it shows what `playVideo` shows, in its own element
   */
  playCaptureVideo(view: HTMLElement, config?: ZegoLocalViewOptions): void {
    if (this.destroyed || !this.media.getVideoTracks().length) return;
    const container = resolveContainer(view, 'playCaptureVideo');
    const options = playerOptions(config);
    if (!this.multiplacePreview) {
      const current = this.capturePlayers[0];
      if (current?.wrapper.parentElement === container) {
        current.setOptions(options);
        return;
      }
      this.stopPlayCaptureVideo();
    }
    const player = new VideoPlayer(
      this.media,
      options,
      (e) => this.events.emit('canPlayCaptureVideo', e),
      (el, e) => this.events.emit('autoplayCaptureFailed', el, e),
    );
    this.capturePlayers.push(player);
    player.mount(container);
  }

  /** Removes every `playCaptureVideo` preview; the `playVideo` one stays. */
  stopPlayCaptureVideo(): void {
    for (const player of this.capturePlayers) player.destroy();
    this.capturePlayers = [];
  }

  /**
   * Plays the capture's audio (a detached `<audio>`, full volume: `setVolume` is `playAudio`'s, as in the SDK);
   * the same sound as `playAudio` here (see `playCaptureVideo`). Nothing happens while the stream has no audio.
   * Raises `canPlayCaptureAudio`, and `autoplayCaptureFailed` when the autoplay policy refuses.
   * @partial capture and published stream are one stream here: it plays what `playAudio` plays, in its own element
   */
  playCaptureAudio(_config?: ZegoLocalAduioOptions): void {
    if (this.destroyed || this.captureAudioPlayer || !this.media.getAudioTracks().length) return;
    this.captureAudioPlayer = new AudioPlayer(
      this.media,
      { muted: false, volume: 100, sinkId: this.sinkId },
      (e) => this.events.emit('canPlayCaptureAudio', e),
      (el, e) => this.events.emit('autoplayCaptureFailed', el, e),
    );
    void this.captureAudioPlayer.play();
  }

  stopPlayCaptureAudio(): void {
    this.captureAudioPlayer?.destroy();
    this.captureAudioPlayer = null;
  }

  /** Retries a preview the autoplay policy blocked; call it from a user gesture. */
  async resumeVideo(): Promise<void> {
    await this.videoPlayer?.play();
  }

  async resumeAudio(): Promise<void> {
    await this.audioPlayer?.play();
  }

  /** Volume of `playAudio`, 0..100 (clamped). */
  setVolume(volume: number): boolean {
    const v = toVolume(volume);
    if (v === null) return false;
    this.volume = v;
    if (this.audioPlayer) this.audioPlayer.audio.volume = v / 100;
    return true;
  }

  /** Output device of `playAudio` and `playCaptureAudio`. */
  async useAudioOutputDevice(deviceID: string): Promise<void> {
    this.sinkId = deviceID;
    if (this.audioPlayer) await setSink(this.audioPlayer.audio, deviceID);
    if (this.captureAudioPlayer) await setSink(this.captureAudioPlayer.audio, deviceID);
  }

  /** PNG (or `imageType`) data URL of the previewed frame; '' when `playVideo` is not showing a frame, as the SDK. */
  takeStreamSnapshot(option?: ZegoSnapshotOptions): string {
    return this.grabber.grab(this.videoPlayer?.video ?? null, option, '');
  }

  /**
   * 'monitor' | 'window' | 'browser' while the video is a shared screen, 'unknown' otherwise (the SDK's answers), and
   * where the browser does not say (Firefox's screen tracks have no `displaySurface` setting).
   */
  getScreenDisplaySurface(): string {
    const track = this.media.getVideoTracks()[0];
    if (!track || this.videoOrigin !== 'screen') return 'unknown';
    return (track.getSettings() as { displaySurface?: string }).displaySurface || 'unknown';
  }

  // ---------------------------------------------------------------------------------------------- capture

  /**
   * Stops and removes the video track (senders send nothing) and removes the previews (`playVideo`'s and
   * `playCaptureVideo`'s). Resolves true, also when there was no video, as the SDK.
   */
  async stopCaptureVideo(): Promise<boolean> {
    this.stopPlayCaptureVideo();
    if (this.destroyed || !this.media.getVideoTracks().length) return true;
    this.stopVideo();
    this._replaceTrack('video', null);
    return true;
  }

  /** Stops and removes the audio track and its playback (`playAudio`'s and `playCaptureAudio`'s). */
  async stopCaptureAudio(): Promise<boolean> {
    this.stopPlayCaptureAudio();
    if (this.destroyed || !this.media.getAudioTracks().length) return true;
    this.stopAudio();
    this._replaceTrack('audio', null);
    return true;
  }

  /**
   * (Re)captures the camera with these options; resolves `{errorCode, extendedData}`, failures included.
   * @partial the new track is sent at once (the SDK waits for `updatePublishingStream`)
   */
  startCaptureCamera(options?: ZegoCaptureCamera): Promise<ZegoServerResponse> {
    return this.capture('camera', async () => {
      const camera = await this.takeCamera(options);
      return { video: camera.track, settings: camera.settings };
    });
  }

  startCaptureMicrophone(options?: ZegoCaptureMicrophone): Promise<ZegoServerResponse> {
    return this.capture('camera', async () => {
      const mic = await this.takeMicrophone(options);
      return { audio: mic.track, settings: mic.settings };
    });
  }

  /** Both, or neither: a failure of one keeps the old tracks of both. */
  startCaptureCameraAndMicrophone(
    cameraOptions?: ZegoCaptureCamera,
    microphoneOptions?: ZegoCaptureMicrophone,
  ): Promise<ZegoServerResponse> {
    return this.capture('camera', async () => {
      const camera = await this.takeCamera(cameraOptions);
      try {
        const mic = await this.takeMicrophone(microphoneOptions);
        return { video: camera.track, audio: mic.track, settings: { ...camera.settings, ...mic.settings } };
      } catch (e) {
        camera.track.stop();
        throw e;
      }
    });
  }

  /**
   * Sends `options.source` (a MediaStream, or a loaded `<video>`/`<audio>` captured with `captureStream()`) as the
   * video: a MediaStream's track is cloned, so the page's own track stays live and stays the page's to stop.
   * Resolves 1103001 without a usable source, as the SDK.
   * @partial a MediaStream source's track is cloned: the page's own stays live after stopCaptureVideo or destroyStream
   */
  startCaptureCustomVideo(options: ZegoCustomVideo): Promise<ZegoServerResponse> {
    return this.capture('custom', () => this.takeCustom(options, undefined));
  }

  /** As `startCaptureCustomVideo`, for the audio (`channelCount` is the source's). */
  startCaptureCustomAudio(options: ZegoCustomAudio): Promise<ZegoServerResponse> {
    return this.capture('custom', () => this.takeCustom(undefined, options));
  }

  startCaptureCustomVideoAndAudio(videoOptions: ZegoCustomVideo, audioOptions: ZegoCustomAudio): Promise<ZegoServerResponse> {
    return this.capture('custom', () => this.takeCustom(videoOptions, audioOptions));
  }

  /**
   * Shares a screen in place of the video (`getDisplayMedia`, the SDK's screen presets: frame rate and bitrate by
   * `quality`). Its end from the browser ("Stop sharing") raises the engine's `screenSharingEnded`. Resolves 1103042
   * when the picker is closed, 1103043 without `getDisplayMedia`, 1103010 for other refusals.
   * @partial `captureElement` and `sourceID` are ignored; `keyFrameInterval` too
   */
  startCaptureScreen(options?: ZegoCaptureScreenVideo): Promise<ZegoServerResponse> {
    return this.capture('screen', () => this.takeScreen(options, null));
  }

  /**
   * As `startCaptureScreen`, asking for the shared tab's or system's audio too. When the person shares no audio
   * (or the browser has none to share), the video is shared and the old audio stays.
   * @partial when no audio is shared the screen still is, and the old audio stays
   */
  startCaptureScreenWithAudio(
    screenVideoOptions?: ZegoCaptureScreenVideo,
    screenAudioOptions?: ZegoCaptureScreenAudio,
  ): Promise<ZegoServerResponse> {
    return this.capture('screen', () => this.takeScreen(screenVideoOptions, screenAudioOptions ?? {}));
  }

  /** Runs one capture and swaps its tracks in; the SDK's answer, never a rejection. */
  private async capture(origin: CaptureKind, take: () => Promise<Taken>): Promise<ZegoServerResponse> {
    if (this.destroyed) return DESTROYED;
    let taken: Taken;
    try {
      taken = await take();
    } catch (e) {
      return toResponse(e);
    }
    if (this.destroyed) {
      taken.video?.stop();
      taken.audio?.stop();
      return DESTROYED;
    }
    this._settings = { ...this._settings, ...taken.settings };
    if (taken.video) this._replaceTrack('video', taken.video, origin);
    if (taken.audio) this._replaceTrack('audio', taken.audio, origin);
    return OK;
  }

  private async takeCamera(options: ZegoCaptureCamera | undefined) {
    const opts: ZegoCaptureCamera = isObject(options) ? options : {};
    const { quality, constraints } = cameraConstraints(opts);
    const track = await captureTrack('video', constraints, opts.input, opts.optimizationMode);
    const settings: Partial<CaptureSettings> = {
      quality,
      video: constraints,
      // presets bring their bitrate; quality 4 keeps the stream's (videoBitrate of createZegoStream)
      videoBitrate: quality === 4 ? this._settings.videoBitrate : QUALITY_PRESETS[quality].bitrate,
      optimizationMode: opts.optimizationMode ?? 'default',
    };
    return { track, settings };
  }

  private async takeMicrophone(options: ZegoCaptureMicrophone | undefined) {
    const opts: ZegoCaptureMicrophone = isObject(options) ? options : {};
    const constraints = microphoneConstraints(opts);
    const track = await captureTrack('audio', constraints, opts.input);
    return { track, settings: { audio: constraints } satisfies Partial<CaptureSettings> };
  }

  /** Custom sources through `createZegoStream`'s own path (capture.ts), one kind or both. */
  private async takeCustom(video: ZegoCustomVideo | undefined, audio: ZegoCustomAudio | undefined): Promise<Taken> {
    const wanted = [video, audio].filter((o) => o !== undefined);
    if (!wanted.length || !wanted.every(isSource)) throw BAD_SOURCE;
    const { stream, settings } = await captureStream({ custom: { video, audio } });
    return {
      video: video ? stream.getVideoTracks()[0] : undefined,
      audio: audio ? stream.getAudioTracks()[0] : undefined,
      settings: video ? { optimizationMode: settings.optimizationMode } : {},
    };
  }

  /** A screen through `createZegoStream({screen})`'s path (capture.ts: presets, picker errors). */
  private async takeScreen(video: ZegoCaptureScreenVideo | undefined, audio: ZegoCaptureScreenAudio | null): Promise<Taken> {
    const { stream, settings } = await captureStream({
      screen: { video: isObject(video) ? video : true, audio: audio ? (isObject(audio) ? audio : true) : false },
      // quality 4 keeps the stream's bitrates; a preset brings its own (capture.ts `bitrates`)
      videoBitrate: this._settings.videoBitrate,
      audioBitrate: this._settings.audioBitrate,
    });
    const screenAudio = stream.getAudioTracks()[0];
    return {
      video: stream.getVideoTracks()[0],
      audio: screenAudio,
      settings: {
        quality: settings.quality,
        video: settings.video,
        videoBitrate: settings.videoBitrate,
        optimizationMode: settings.optimizationMode,
        ...(screenAudio ? { audio: settings.audio } : {}),
      },
    };
  }

  // ---------------------------------------------------------------------------------------------- engine side

  /**
   * @internal Puts `track` in place of this kind's track (null: none), tells the engine's senders, then stops the
   * old track (after the swap, so senders never hold an ended track while a live one exists). The preview
   * `<video>` plays `stream` and follows by itself. `origin` decides what the track's own end will report.
   */
  _replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null, origin: CaptureKind = 'camera'): void {
    if (this.destroyed) {
      track?.stop();
      return;
    }
    const old = kind === 'video' ? this.media.getVideoTracks() : this.media.getAudioTracks();
    if (kind === 'video' && track) {
      this._cameraOff = false;
      this.videoOrigin = origin;
    }
    if (track && !old.includes(track)) {
      this.media.addTrack(track);
      this.watch(track, origin);
    }
    this.link.trackReplaced(this.media, kind, track);
    for (const t of old) {
      if (t === track) continue;
      this.unwatch(t);
      this.media.removeTrack(t);
      t.stop();
    }
    if (!track) return;
    if (kind === 'video') for (const player of [this.videoPlayer, ...this.capturePlayers]) player?.reload();
    // capture and publish are one stream: the capture's event, then the published stream's, as the SDK orders them
    this.events.emit(kind === 'video' ? 'captureVideoTrackChanged' : 'captureAudioTrackChanged', track);
    this.events.emit(kind === 'video' ? 'videoTrackChanged' : 'audioTrackChanged', track);
  }

  /**
   * @internal `enableVideoCaptureDevice`: stops the camera track (the camera's light goes off, senders send nothing)
   * or captures it again from the same device with this stream's settings. Resolves false while the video is not a
   * camera's (a screen or custom source, whatever `createZegoStream` captured) or the stream is destroyed; rejects
   * `{errorCode, extendedData}` when the camera cannot start again.
   */
  _enableCamera(enable: boolean): Promise<boolean> {
    const next = this.cameraQueue.then(() => this.toggleCamera(enable));
    this.cameraQueue = next.catch(() => {});
    return next;
  }

  private async toggleCamera(enable: boolean): Promise<boolean> {
    if (this.destroyed) return false;
    const track = this.media.getVideoTracks()[0];
    const camera = !!track && this.videoOrigin === 'camera';
    if (!enable) {
      if (!track) return this._cameraOff;
      if (!camera) return false;
      this.cameraOffDevice = track.getSettings().deviceId ?? '';
      this._cameraOff = true;
      this._replaceTrack('video', null);
      return true;
    }
    if (!this._cameraOff) return camera;
    const result = this.cameraOffDevice
      ? await recapture('video', this.cameraOffDevice, this._settings)
      : await captureTrack('video', this._settings.video, undefined, this._settings.optimizationMode).then(
          (t) => ({ errorCode: 0, extendedData: '', track: t }),
          (e: CaptureFailure) => ({ ...e, track: null }),
        );
    if (!result.track) throw { errorCode: result.errorCode, extendedData: result.extendedData };
    if (this.destroyed) {
      result.track.stop();
      return false;
    }
    this._replaceTrack('video', result.track);
    return true;
  }

  /**
   * @internal `useVideoDevice`/`useAudioDevice`: re-captures `kind` from `deviceID` with this stream's settings
   * and swaps it in. Resolves the SDK's answer, never rejects (1103048 for an unknown ID; the old track stays).
   */
  async _useDevice(kind: 'audio' | 'video', deviceID: string): Promise<ZegoServerResponse> {
    if (this.destroyed) return { errorCode: Code.INPUT_PARAM, extendedData: 'stream destroyed' };
    const result = await recapture(kind, deviceID, this._settings);
    if (!result.track) return { errorCode: result.errorCode, extendedData: result.extendedData };
    if (this.destroyed) {
      result.track.stop();
      return { errorCode: Code.INPUT_PARAM, extendedData: 'stream destroyed' };
    }
    this._replaceTrack(kind, result.track);
    return OK;
  }

  /** @internal `destroyStream`: stops every track, removes the preview and playback elements and all listeners. */
  _destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopVideo();
    this.stopAudio();
    this.stopPlayCaptureVideo();
    this.stopPlayCaptureAudio();
    this.grabber.release();
    for (const { stop } of this.watched.values()) stop.abort();
    this.watched.clear();
    for (const t of this.media.getTracks()) t.stop();
    this.events.clear();
  }

  private watch(track: MediaStreamTrack, origin: CaptureKind): void {
    const stop = new AbortController();
    this.watched.set(track, { origin, stop });
    // `ended` fires only when the source ends the track; our own stop() never raises it
    track.addEventListener('ended', () => this.onEnded(track), { once: true, signal: stop.signal });
  }

  private unwatch(track: MediaStreamTrack): void {
    this.watched.get(track)?.stop.abort();
    this.watched.delete(track);
  }

  private onEnded(track: MediaStreamTrack): void {
    const origin = this.watched.get(track)?.origin;
    this.unwatch(track);
    if (this.destroyed || !origin) return;
    if (origin === 'screen') {
      if (track.kind === 'video') this.link.emit('screenSharingEnded', this.media);
    } else if (origin === 'camera') {
      this.link.emit('deviceError', track.kind === 'video' ? Code.CAMERA_TRACK_ENDED : Code.MIC_TRACK_ENDED, track.label);
    }
  }
}
