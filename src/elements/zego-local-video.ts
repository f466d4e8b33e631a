import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { onMessagesChanged, t, type MessageKey } from '../i18n/messages.js';
import { ZegoSpeakerChangeEvent } from '../local/events.js';
import { loadLocalMedia, loadVideoRenderer, loadedLocalMedia, loadedVideoRenderer } from '../lazy.js';
import type {
  LocalDevice,
  LocalMediaController,
  LocalSettings,
  LocalState,
  Quality,
  ZegoLocalStreamLike,
} from '../local/local-media-controller.js';
import { ZegoErrorEvent } from '../room/events.js';
import { Code, toZegoError } from '../shared/codes.js';
import type { Fit } from '../render/fit.js';
import type { RenderMode } from '../render/video-renderer.js';
import { initialsOf } from '../ui/initials.js';
import styles from './zego-local-video.styles.js';

/** Properties the capture, the publication or the view depend on. */
const SETTINGS = [
  'publish',
  'preferredStreamID',
  'noVideo',
  'noAudio',
  'quality',
  'cameraID',
  'microphoneID',
  'screen',
  'videoMuted',
  'audioMuted',
  'mirror',
  'fit',
  'renderMode',
] as const;

/** A boolean attribute whose absence means "the element decides": `mirror` on, `mirror="false"` off. */
const optionalBoolean = {
  fromAttribute: (value: string | null) => (value === null ? null : value !== 'false'),
  toAttribute: (value: boolean | null) => (value === null ? null : value ? '' : 'false'),
};

const STATE_MESSAGE: Partial<Record<LocalState, MessageKey>> = {
  starting: 'local.starting',
  denied: 'local.denied',
  'no-device': 'local.noDevice',
  'device-lost': 'local.deviceLost',
  error: 'local.error',
};

const canPickSpeaker =
  typeof HTMLMediaElement !== 'undefined' && typeof (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId === 'function';
const canShareScreen = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

// Icons: 24x24 strokes, decorative (the buttons carry the labels).
const icon = (body: ReturnType<typeof svg>) =>
  html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const ICONS = {
  camera: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/>`),
  cameraOff: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/><path d="M3 3l18 18"/>`),
  mic: icon(svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/>`),
  micOff: icon(svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/><path d="M3 3l18 18"/>`),
  screen: icon(svg`<rect x="2" y="4" width="20" height="13" rx="2"/><path d="M8 21h8M12 17v4"/>`),
  switchCamera: icon(
    svg`<path d="M20 8h-3l-2-3H9L7 8H4a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2z"/><path d="M9 14a3 3 0 0 0 5.2 2M15 12a3 3 0 0 0-5.2-2M14 16h1v-1M10 10H9v1"/>`,
  ),
  leave: icon(svg`<path d="M10 17l5-5-5-5M15 12H3M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5"/>`),
  join: icon(svg`<path d="M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5M10 17l5-5-5-5M15 12H3"/>`),
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
 * @csspart picker - Each device picker (`<select>`) of the bar.
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
 * @cssprop --zego-focus-ring - Color of the keyboard focus ring.
 *
 * @fires {{ code: number, message: string, source: "camera" | "microphone" | "screen" | "publish" }} zego-error - The camera, microphone or screen failed (1103064 denied, 1103065 not readable, 1106010/1106009 unplugged, 1103061/1103048 none found, 1103042 screen picker closed), or a publish was refused.
 * @fires {{ deviceId: string }} zego-speaker-change - The person picked a speaker (or `setSpeaker()` was called): `<zego-remote-videos>` routes remote audio there.
 */
export class ZegoLocalVideoElement extends LitElement {
  static override styles = styles;

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

  private readonly stage = Object.assign(document.createElement('div'), { className: 'stage' });

  /**
   * The controller (capture, publication, devices) comes from a chunk of its own, loaded with the first element;
   * until it is there the element shows an idle tile and its methods wait for it.
   */
  private media?: LocalMediaController;
  private mediaLoad?: Promise<LocalMediaController>;

  private stopMessages?: () => void;

  constructor() {
    super();
    const loaded = loadedLocalMedia();
    if (loaded) this.createMedia(loaded);
  }

  /** The engine's local stream (`ZegoLocalStream`), or undefined while there is no capture. */
  get localStream(): ZegoLocalStreamLike | undefined {
    return this.media?.localStream;
  }

  /** The stream ID published under, or null while not publishing. */
  get streamID(): string | null {
    return this.media?.streamID ?? null;
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

  /** Captures again after a denial, a lost device or a failure; resolves when the attempt is over. */
  async retry(): Promise<void> {
    return (await this.whenMedia()).retry();
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopMessages = onMessagesChanged(() => this.requestUpdate());
    // the controller loads the renderer when it starts: both are fetched now, side by side
    if (!this.media) void loadVideoRenderer().catch(() => {});
    void this.whenMedia().catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopMessages?.();
    this.stopMessages = undefined;
  }

  /** The controller, loaded once; a failed load is reported as `zego-error` 1101000 and the tile stays idle. */
  private whenMedia(): Promise<LocalMediaController> {
    this.mediaLoad ??= this.media
      ? Promise.resolve(this.media)
      : loadLocalMedia().then(
          (m) => this.media ?? this.createMedia(m),
          (e: unknown) => {
            const detail = {
              code: Code.INIT_SDK_WRONG,
              message: `<zego-local-video> could not load its controller: ${toZegoError(e, 0).message}`,
              source: 'camera' as const,
            };
            /** @ignore documented with @fires (zego-error) */
            this.dispatchEvent(new ZegoErrorEvent(detail));
            throw Object.assign(new Error(detail.message), detail);
          },
        );
    return this.mediaLoad;
  }

  private createMedia({ LocalMediaController }: typeof import('../local/local-media-controller.js')): LocalMediaController {
    this.media = new LocalMediaController(
      this,
      this.stage,
      () => this.settings(),
      () => (this.screen = false),
      { renderer: loadVideoRenderer, loadedRenderer: loadedVideoRenderer },
    );
    this.requestUpdate();
    return this.media;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (SETTINGS.some((p) => changed.has(p))) this.media?.settingsChanged();
  }

  protected override updated(): void {
    if (this.getAttribute('state') !== this.state) this.setAttribute('state', this.state);
  }

  protected override render() {
    const m = this.media;
    const state = this.state;
    const snapshot = m?.snapshot;
    const name = snapshot?.user?.userName || snapshot?.user?.userID || '';
    const stateKey = STATE_MESSAGE[state];
    const placeholder = state === 'live' && !m?.showsVideo;
    const screen = m?.source === 'screen';
    return html`<div part="base" class="base">
      <div part="tile" class="tile">
        <div class="stage ${placeholder || !!stateKey ? 'hidden' : ''}">${this.stage}</div>
        ${
          placeholder
            ? html`<div part="placeholder" class="placeholder">
              ${name ? html`<span part="initials" class="initials" aria-hidden="true">${initialsOf(name)}</span>` : nothing}
              <span>${t(this, this.videoMuted || this.noVideo ? 'local.cameraOff' : 'local.noCamera')}</span>
            </div>`
            : nothing
        }
        ${
          stateKey
            ? html`<div part="state" class="state" role=${state === 'starting' ? 'status' : 'alert'}>
              <span>${t(this, stateKey)}</span>
              ${state === 'denied' ? html`<span class="hint">${t(this, 'local.deniedHint')}</span>` : nothing}
              ${state === 'starting' ? nothing : html`<button part="retry" class="retry" @click=${() => void this.retry()}>${t(this, 'local.retry')}</button>`}
            </div>`
            : nothing
        }
        <div part="label" class="label">
          <span>${screen ? t(this, 'local.screen') : name ? `${name} (${t(this, 'local.label')})` : t(this, 'local.label')}</span>
          ${this.audioMuted ? html`<span role="img" aria-label=${t(this, 'local.micMuted')}>${ICONS.micOff}</span>` : nothing}
        </div>
      </div>
      ${this.controls ? this.renderControls() : nothing}
    </div>`;
  }

  private renderControls() {
    const m = this.media;
    const roomIdle = !m?.snapshot || m.snapshot.state === 'idle';
    const devices = m?.devices ?? { cameras: [], microphones: [], speakers: [] };
    const picker = (kind: 'camera' | 'microphone' | 'speaker', list: readonly LocalDevice[], value: string, pick: (id: string) => void) => {
      if (!list.length) return nothing;
      const label = t(this, `controls.${kind}`);
      return html`<select part="picker" class=${`picker ${kind}`} aria-label=${label} title=${label} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
        ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === value}>${d.label || `${label} ${i + 1}`}</option>`)}
      </select>`;
    };
    // The label names the toggle (with aria-pressed for its state); the tooltip says what a click does now.
    const toggle = (cls: string, key: MessageKey, undoKey: MessageKey, pressed: boolean, on: unknown, off: unknown, action: () => void) => {
      const label = t(this, key);
      return html`<button
        part="control"
        class=${cls}
        type="button"
        aria-label=${label}
        title=${pressed ? t(this, undoKey) : label}
        aria-pressed=${pressed ? 'true' : 'false'}
        @click=${action}
      >
        ${pressed ? off : on}
      </button>`;
    };
    return html`<div part="controls" class="controls" role="group" aria-label=${t(this, 'controls.label')}>
      ${this.noVideo && !this.screen ? nothing : toggle('camera', 'controls.cameraOff', 'controls.cameraOn', this.videoMuted, ICONS.camera, ICONS.cameraOff, () => void this.toggleCamera())}
      ${this.noAudio ? nothing : toggle('microphone', 'controls.micOff', 'controls.micOn', this.audioMuted, ICONS.mic, ICONS.micOff, () => void this.toggleMicrophone())}
      ${
        !this.noVideo && !this.screen && (devices.cameras.length > 1 || m?.canFlip)
          ? html`<button
            part="control"
            class="switch-camera"
            type="button"
            aria-label=${t(this, 'controls.switchCamera')}
            title=${t(this, 'controls.switchCamera')}
            @click=${() => void this.switchCamera().catch(() => {})}
          >
            ${ICONS.switchCamera}
          </button>`
          : nothing
      }
      ${canShareScreen ? toggle('screen', 'controls.screenStart', 'controls.screenStop', this.screen, ICONS.screen, ICONS.screen, () => void (this.screen ? this.stopScreenShare() : this.startScreenShare())) : nothing}
      ${
        m?.api
          ? roomIdle
            ? html`<button part="control" class="join" type="button" aria-label=${t(this, 'controls.join')} title=${t(this, 'controls.join')} @click=${() => void this.join().catch(() => {})}>${ICONS.join}</button>`
            : html`<button part="control" class="leave" type="button" aria-label=${t(this, 'controls.leave')} title=${t(this, 'controls.leave')} @click=${() => this.leave()}>${ICONS.leave}</button>`
          : nothing
      }
      ${this.noVideo || this.screen ? nothing : picker('camera', devices.cameras, m?.deviceOf('video') || this.cameraID || '', (id) => void this.setCamera(id).catch(() => {}))}
      ${this.noAudio ? nothing : picker('microphone', devices.microphones, m?.deviceOf('audio') || this.microphoneID || '', (id) => void this.setMicrophone(id).catch(() => {}))}
      ${canPickSpeaker ? picker('speaker', devices.speakers, this.speakerID ?? '', (id) => this.setSpeaker(id)) : nothing}
    </div>`;
  }

  /** After a property change: the update has run and the controller's loop is idle. */
  private async applied(): Promise<LocalMediaController> {
    await this.updateComplete;
    const media = await this.whenMedia();
    await media.idle();
    await this.updateComplete;
    return media;
  }

  private settings(): LocalSettings {
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
