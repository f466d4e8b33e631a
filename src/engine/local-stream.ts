import type { ZegoCaptureCamera, ZegoCaptureMicrophone } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
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
  captureTrack,
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

let sequence = 0;

/**
 * The local engine's `ZegoLocalStream`: what `createZegoStream` resolves, with the SDK's public surface for
 * preview, capture and events, plus underscore members the engine drives (`_replaceTrack`, `_useDevice`,
 * `_destroy`).
 *
 * One MediaStream is both the capture and what is published: a new track (device switch, `startCapture*`)
 * replaces the old one in `stream` at once and the engine's senders follow through `EngineLink.trackReplaced`.
 * (The SDK keeps a published copy until `updatePublishingStream`.)
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
    for (const t of this.media.getTracks()) this.watch(t, captured.kind);
  }

  /** @internal Target video bitrate of this stream, kbps (the engine caps its senders with it). */
  get _bitrate(): number {
    return this._settings.videoBitrate;
  }

  get id(): string {
    return this.streamID;
  }

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
    const options = { mirror: !!config?.mirror, objectFit: config?.objectFit ?? 'contain' } as const;
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

  /** Plays the captured audio locally (a detached `<audio>`, as the SDK): for monitoring; expect echo. */
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

  async useAudioOutputDevice(deviceID: string): Promise<void> {
    this.sinkId = deviceID;
    if (this.audioPlayer) await setSink(this.audioPlayer.audio, deviceID);
  }

  /** PNG (or `imageType`) data URL of the previewed frame; '' when `playVideo` is not showing a frame, as the SDK. */
  takeStreamSnapshot(option?: ZegoSnapshotOptions): string {
    return this.grabber.grab(this.videoPlayer?.video ?? null, option, '');
  }

  /** 'monitor' | 'window' | 'browser' for a screen capture, '' otherwise. */
  getScreenDisplaySurface(): string {
    const settings = this.media.getVideoTracks()[0]?.getSettings() as { displaySurface?: string } | undefined;
    return settings?.displaySurface ?? '';
  }

  // ---------------------------------------------------------------------------------------------- capture

  /** Stops and removes the video track (senders send nothing) and removes the preview, as the SDK. */
  async stopCaptureVideo(): Promise<boolean> {
    if (this.destroyed || !this.media.getVideoTracks().length) return false;
    this.stopVideo();
    this._replaceTrack('video', null);
    return true;
  }

  async stopCaptureAudio(): Promise<boolean> {
    if (this.destroyed || !this.media.getAudioTracks().length) return false;
    this.stopAudio();
    this._replaceTrack('audio', null);
    return true;
  }

  /** (Re)captures the camera with these options; rejects `{errorCode, extendedData}` like `createZegoStream`. */
  async startCaptureCamera(options: ZegoCaptureCamera = {}): Promise<ZegoServerResponse> {
    const { quality, constraints } = cameraConstraints(options);
    const track = await captureTrack('video', constraints, options.input, options.optimizationMode);
    if (this.destroyed) {
      track.stop();
      return { errorCode: Code.INPUT_PARAM, extendedData: 'stream destroyed' };
    }
    const bitrate = quality === 4 ? this._settings.videoBitrate : QUALITY_PRESETS[quality].bitrate;
    this._settings = {
      ...this._settings,
      quality,
      video: constraints,
      videoBitrate: bitrate,
      optimizationMode: options.optimizationMode ?? 'default',
    };
    this._replaceTrack('video', track);
    return OK;
  }

  async startCaptureMicrophone(options: ZegoCaptureMicrophone = {}): Promise<ZegoServerResponse> {
    const constraints = microphoneConstraints(options);
    const track = await captureTrack('audio', constraints, options.input);
    if (this.destroyed) {
      track.stop();
      return { errorCode: Code.INPUT_PARAM, extendedData: 'stream destroyed' };
    }
    this._settings = { ...this._settings, audio: constraints };
    this._replaceTrack('audio', track);
    return OK;
  }

  async startCaptureCameraAndMicrophone(
    cameraOptions?: ZegoCaptureCamera,
    microphoneOptions?: ZegoCaptureMicrophone,
  ): Promise<ZegoServerResponse> {
    await this.startCaptureCamera(cameraOptions);
    return this.startCaptureMicrophone(microphoneOptions);
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
    if (kind === 'video' && track) this._cameraOff = false;
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
    if (track) this.events.emit(kind === 'video' ? 'videoTrackChanged' : 'audioTrackChanged', track);
  }

  /**
   * @internal `enableVideoCaptureDevice`: stops the camera track (the camera's light goes off, senders send nothing)
   * or captures it again from the same device with this stream's settings. Resolves false for a stream that is not
   * a camera's or is destroyed; rejects `{errorCode, extendedData}` when the camera cannot start again.
   */
  _enableCamera(enable: boolean): Promise<boolean> {
    const next = this.cameraQueue.then(() => this.toggleCamera(enable));
    this.cameraQueue = next.catch(() => {});
    return next;
  }

  private async toggleCamera(enable: boolean): Promise<boolean> {
    if (this.destroyed || this._kind !== 'camera') return false;
    const track = this.media.getVideoTracks()[0];
    if (!enable) {
      if (!track) return this._cameraOff;
      this.cameraOffDevice = track.getSettings().deviceId ?? '';
      this._cameraOff = true;
      this._replaceTrack('video', null);
      return true;
    }
    if (!this._cameraOff) return !!track;
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
