import { property } from 'lit/decorators.js';
import { ZegoSpeakerChangeEvent } from '../local/events.js';
import { loadVideoRenderer, loadedVideoRenderer, localVideoViewLoader } from '../lazy.js';
import type { LocalMediaController, LocalSettings, LocalState, Quality, ZegoLocalStreamLike } from '../local/local-media-controller.js';
import type { LocalVideoView } from '../local/local-video-view.js';
import type { ZegoErrorDetail } from '../room/events.js';
import type { Fit } from '../render/fit.js';
import type { RenderMode } from '../render/video-renderer.js';
import { LazyElement } from './lazy-element.js';

/** A boolean attribute whose absence means "the element decides": `mirror` on, `mirror="false"` off. */
const optionalBoolean = {
  fromAttribute: (value: string | null) => (value === null ? null : value !== 'false'),
  toAttribute: (value: boolean | null) => (value === null ? null : value ? '' : 'false'),
};

/**
 * The local camera (or screen) of a call: captures through the enclosing `<zego-room>`'s engine, previews into a
 * shadow-DOM canvas drawn once per camera frame, publishes with `publish`, and offers call controls with
 * `controls`. Every control is also a method, for pages that draw their own.
 *
 * Problems with the camera or microphone (permission denied 1103064, device not readable 1103065, device
 * unplugged 1106010/1106009) fire `zego-error` and show a state with a retry button; the room and the remote
 * videos go on. A device that comes back (devicechange) or a permission granted later recovers by itself.
 *
 * @tagname zego-local-video
 * @summary Your camera or screen in a ZEGO call: preview, publish, mute, switch devices, with optional controls.
 *
 * @csspart base - The wrapper of the tile and the controls.
 * @csspart tile - The picture area: canvas, placeholder, state and label.
 * @csspart video - The canvas showing the camera or screen.
 * @csspart placeholder - Shown instead of the picture while the camera is off: the user's initials and a caption.
 * @csspart initials - The initials inside the placeholder.
 * @csspart state - The starting/denied/lost message and its retry button.
 * @csspart retry - The retry button.
 * @csspart label - The name line at the bottom of the tile.
 * @csspart controls - The bar of controls (with the `controls` attribute).
 * @csspart control - Each button of the bar.
 * @csspart picker - Each device picker (`<select>`) of the devices panel.
 * @csspart picker-label - The visible label around each picker.
 * @csspart devices - The devices panel the controls' Devices button opens.
 * @csspart publish-error - Shown on the tile when the publish was refused: others cannot see you, why, and a retry.
 *
 * @cssprop --zego-tile-radius - Corner radius of the tile (default 8px).
 * @cssprop --zego-tile-background - Background of the tile behind the picture (default #111).
 * @cssprop --zego-local-aspect-ratio - Aspect ratio of the tile when the element has no height (default 4 / 3).
 * @cssprop --zego-font - Font of labels, messages and controls.
 * @cssprop --zego-placeholder-background - Background of the camera-off placeholder.
 * @cssprop --zego-placeholder-color - Text color of the placeholder.
 * @cssprop --zego-initials-background - Background of the initials circle.
 * @cssprop --zego-initials-color - Color of the initials.
 * @cssprop --zego-label-background - Background of the name label.
 * @cssprop --zego-label-color - Text color of the name label.
 * @cssprop --zego-state-background - Background of the starting/error overlay.
 * @cssprop --zego-state-color - Text color of the starting/error overlay.
 * @cssprop --zego-controls-background - Background of the controls bar.
 * @cssprop --zego-controls-gap - Space between controls.
 * @cssprop --zego-control-background - Background of a control button.
 * @cssprop --zego-control-color - Icon color of a control button.
 * @cssprop --zego-control-off-background - Background of a pressed toggle (camera off, microphone muted, sharing).
 * @cssprop --zego-control-off-color - Icon color of a pressed toggle.
 * @cssprop --zego-control-danger-background - Background of the leave button.
 * @cssprop --zego-control-danger-color - Icon color of the leave button.
 * @cssprop --zego-control-join-background - Background of the join button.
 * @cssprop --zego-control-active-background - Background of the Devices button while its panel is open.
 * @cssprop --zego-error-background - Background of the publish-refused banner.
 * @cssprop --zego-error-color - Text color of the publish-refused banner.
 * @cssprop --zego-focus-ring - Color of the keyboard focus ring.
 *
 * @fires {{ code: number, message: string, source: "camera" | "microphone" | "screen" | "publish" }} zego-error - The camera, microphone or screen failed (1103064 denied, 1103065 not readable, 1106010/1106009 unplugged, 1103061/1103048 none found, 1103042 screen picker closed), or a publish was refused.
 * @fires {{ deviceId: string }} zego-speaker-change - The person picked a speaker (or `setSpeaker()` was called): `<zego-remote-videos>` routes remote audio there.
 */
export class ZegoLocalVideoElement extends LazyElement<LocalVideoView> {
  /** @internal The loader of the element's view (its chunk). */
  static override viewLoader = localVideoViewLoader;

  /** Publishes the stream once the room is connected; removing it unpublishes. */
  @property({ type: Boolean }) publish = false;

  /** Stream ID to publish under (`stream-id`); by default the user ID + `-main`, made unique in the room. */
  @property({ attribute: 'stream-id' }) preferredStreamID: string | null = null;

  /** No camera: audio only (a screen share still has video). */
  @property({ type: Boolean, attribute: 'no-video' }) noVideo = false;

  /** No microphone. */
  @property({ type: Boolean, attribute: 'no-audio' }) noAudio = false;

  /** Camera quality preset of the SDK: 1 (320x240@15), 2 (640x480@15, default), 3 (1280x720@20), 4 (custom). */
  @property({ type: Number }) quality: number = 2;

  /** Camera to capture (a `deviceId`); changing it switches live, without a new publish. Reflects the picker. */
  @property({ attribute: 'camera-id', reflect: true }) cameraID: string | null = null;

  /** Microphone to capture (a `deviceId`); changing it switches live. Reflects the picker. */
  @property({ attribute: 'microphone-id', reflect: true }) microphoneID: string | null = null;

  /** Speaker for remote audio (a `deviceId`), where the browser has `setSinkId`; see `zego-speaker-change`. */
  @property({ attribute: 'speaker-id', reflect: true }) speakerID: string | null = null;

  /** Shares the screen instead of the camera; cleared when the share ends (the camera comes back). */
  @property({ type: Boolean, reflect: true }) screen = false;

  /** Mirrors the preview; by default on for the camera, off for a screen (`mirror="false"` turns it off). */
  @property({ converter: optionalBoolean }) mirror: boolean | null = null;

  /** `contain` (whole picture) or `cover` (fill, cropped); by default cover for the camera, contain for a screen. */
  @property() fit: Fit | null = null;

  /** Camera off: nothing is sent and the camera stops capturing (its light goes off); the preview shows the user's initials. A shared screen keeps capturing. */
  @property({ type: Boolean, attribute: 'video-muted', reflect: true }) videoMuted = false;

  /** Stops sending audio. */
  @property({ type: Boolean, attribute: 'audio-muted', reflect: true }) audioMuted = false;

  /** `external`: the kit draws nothing and `getFrameSource()` is the `<video>` (a game engine reads it itself). */
  @property({ attribute: 'render' }) renderMode: string | null = null;

  /** Shows the controls bar: camera, microphone, device pickers, screen share, leave. */
  @property({ type: Boolean }) controls = false;

  /** @internal Where the renderer draws; placed in the tile by the view. */
  readonly stage = Object.assign(document.createElement('div'), { className: 'stage' });

  /** @internal How the controller gets the renderer, which loads on first use. */
  readonly rendererLoaders = { renderer: loadVideoRenderer, loadedRenderer: loadedVideoRenderer };

  /** The controller (capture, publication, devices) once the view's chunk has loaded. */
  private get media(): LocalMediaController | undefined {
    return this.view?.media;
  }

  /** The engine's local stream (`ZegoLocalStream`), or undefined while there is no capture. */
  get localStream(): ZegoLocalStreamLike | undefined {
    return this.media?.localStream;
  }

  /** The stream ID published under, or null while not publishing (or when the publish was refused). */
  get streamID(): string | null {
    return this.media?.streamID ?? null;
  }

  /** Why the publish was refused (`{code, message, source}`): others cannot see you; `retry()` publishes again. */
  get publishError(): ZegoErrorDetail | undefined {
    return this.media?.publishError;
  }

  /** `idle`, `starting`, `live`, `denied`, `no-device`, `device-lost` or `error`; reflected as the `state` attribute. */
  get state(): LocalState {
    return this.media?.state ?? 'idle';
  }

  // ---------------------------------------------------------------------------------------------- frame source

  /** What a game engine reads: the canvas while the kit draws, the `<video>` with `render="external"`; null while removed. */
  getFrameSource(): HTMLCanvasElement | HTMLVideoElement | null {
    return this.media?.videoRenderer?.getFrameSource() ?? null;
  }

  /** Width of the source frames; 0 before the first frame. */
  get frameWidth(): number {
    return this.media?.videoRenderer?.frameWidth ?? 0;
  }

  /** Height of the source frames; 0 before the first frame. */
  get frameHeight(): number {
    return this.media?.videoRenderer?.frameHeight ?? 0;
  }

  /** Increments once per presented source frame. */
  get frameCounter(): number {
    return this.media?.videoRenderer?.frameCounter ?? 0;
  }

  /** Whether the canvas and snapshots are mirrored (the `<video>` of `render="external"` never is: flip it yourself). */
  get mirrored(): boolean {
    return this.media?.videoRenderer?.mirrored ?? false;
  }

  /** The current frame as a PNG Blob (or data URL with `'dataurl'`), mirrored when `mirrored`; the stream goes on. */
  snapshot<T extends 'blob' | 'dataurl' = 'blob'>(type?: T): Promise<T extends 'dataurl' ? string : Blob> {
    const r = this.media?.videoRenderer;
    if (!r) return Promise.reject(new Error('snapshot: <zego-local-video> is not connected'));
    return (type === 'dataurl' ? r.snapshot('dataurl') : r.snapshot('blob')) as Promise<T extends 'dataurl' ? string : Blob>;
  }

  // ---------------------------------------------------------------------------------------------- controls as methods

  /** Turns the camera off (mutes the published video) or back on; resolves when applied. */
  async toggleCamera(): Promise<void> {
    this.videoMuted = !this.videoMuted;
    await this.applied();
  }

  /** Mutes or unmutes the microphone; resolves when applied. */
  async toggleMicrophone(): Promise<void> {
    this.audioMuted = !this.audioMuted;
    await this.applied();
  }

  /** Switches the camera live; rejects `{code, message, source}` when the device cannot be used (the old one stays). */
  async setCamera(deviceId: string): Promise<void> {
    this.cameraID = deviceId;
    const media = await this.applied();
    const error = media.takeSwitchError('video');
    if (error) throw error;
  }

  /** Switches the microphone live; rejects `{code, message, source}` when the device cannot be used. */
  async setMicrophone(deviceId: string): Promise<void> {
    this.microphoneID = deviceId;
    const media = await this.applied();
    const error = media.takeSwitchError('audio');
    if (error) throw error;
  }

  /**
   * The other camera: on a phone, front <-> back (the engine's `useFrontCamera`); elsewhere the next camera of the
   * list. Resolves when switched; the old camera stops, the publication goes on.
   */
  async switchCamera(): Promise<void> {
    const media = await this.applied();
    if (media.canFlip) {
      await media.flipCamera();
      this.cameraID = media.deviceOf('video') || this.cameraID;
      await this.applied();
      return;
    }
    const cameras = media.devices.cameras;
    if (cameras.length < 2) return;
    const i = cameras.findIndex((c) => c.deviceId === media.deviceOf('video'));
    await this.setCamera(cameras[(i + 1) % cameras.length].deviceId);
  }

  /** Routes remote audio to `deviceId` ('' = default): sets `speaker-id` and fires `zego-speaker-change`. */
  setSpeaker(deviceId: string): void {
    this.speakerID = deviceId || null;
    /** @ignore documented with @fires (the analyzer reads only a literal event name) */
    this.dispatchEvent(new ZegoSpeakerChangeEvent({ deviceId }));
  }

  /** Shares the screen instead of the camera; resolves once sharing (false when refused or cancelled). */
  async startScreenShare(): Promise<boolean> {
    this.screen = true;
    const media = await this.applied();
    return this.screen && media.source === 'screen';
  }

  /** Stops sharing the screen; the camera comes back. */
  async stopScreenShare(): Promise<void> {
    this.screen = false;
    await this.applied();
  }

  /** Leaves the room (the room's `leave()`); the preview stays. */
  leave(): void {
    this.media?.api?.leave();
  }

  /** Joins the room again after `leave()` (the room's `join()`). */
  async join(): Promise<void> {
    const api = (await this.whenMedia()).api;
    if (!api) throw new Error('<zego-local-video> is not inside a <zego-room>');
    return api.join();
  }

  /** Captures again after a denial, a lost device or a failure, or publishes again after a refusal; resolves when done. */
  async retry(): Promise<void> {
    const media = await this.whenMedia();
    if (media.publishError) {
      media.retryPublish();
      await media.idle();
      return;
    }
    return media.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // the controller loads the renderer when it starts: both are fetched now, side by side
    if (!this.view) void loadVideoRenderer().catch(() => {});
  }

  /** The controller, once the view's chunk has loaded (a failed load is reported as `zego-error` 1101000). */
  private async whenMedia(): Promise<LocalMediaController> {
    return (await this.whenView()).media;
  }

  /** After a property change: the update has run and the controller's loop is idle. */
  private async applied(): Promise<LocalMediaController> {
    await this.updateComplete;
    const media = await this.whenMedia();
    await media.idle();
    await this.updateComplete;
    return media;
  }

  /** @internal The attributes as the controller reads them. */
  settings(): LocalSettings {
    const q = Math.round(Number(this.quality));
    return {
      publish: this.publish,
      streamID: this.preferredStreamID || null,
      noVideo: this.noVideo,
      noAudio: this.noAudio,
      quality: (q >= 1 && q <= 4 ? q : 2) as Quality,
      cameraID: this.cameraID || null,
      microphoneID: this.microphoneID || null,
      screen: this.screen,
      videoMuted: this.videoMuted,
      audioMuted: this.audioMuted,
      mirror: this.mirror,
      fit: this.fit === 'contain' || this.fit === 'cover' ? this.fit : null,
      render: (['auto', 'rvfc', 'worker', 'external'].includes(this.renderMode ?? '') ? this.renderMode : 'auto') as RenderMode,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-local-video': ZegoLocalVideoElement;
  }
}
