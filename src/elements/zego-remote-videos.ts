import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { onMessagesChanged, t, type MessageKey } from '../i18n/messages.js';
import { loadVideoRenderer, loadedVideoRenderer } from '../lazy.js';
import type { Fit } from '../render/fit.js';
import type { RenderMode } from '../render/video-renderer.js';
import { gridColumns } from '../remote/layout.js';
import { initialsOf } from '../ui/initials.js';
import {
  RemoteStreamsController,
  SPEAKING_THRESHOLD,
  type RemoteFrameInfo,
  type RemoteStreamInfo,
} from '../remote/remote-streams-controller.js';
import styles from './zego-remote-videos.styles.js';

export type { RemoteFrameInfo, RemoteStreamInfo, RemoteStreamState, RemoteStreamStats } from '../remote/remote-streams-controller.js';
export { ZegoAutoplayBlockedEvent, type ZegoAutoplayBlockedDetail } from '../remote/events.js';

/** Tile aspect ratio used to choose grid columns (the picture itself follows `fit`). */
const TILE_ASPECT = 16 / 9;

const micOff = svg`<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false"><path fill="currentColor" d="M19 11h-1.7c0 .74-.16 1.43-.43 2.05l1.23 1.23c.56-.98.9-2.09.9-3.28zm-4.02.17c0-.06.02-.11.02-.17V5c0-1.66-1.34-3-3-3S9 3.34 9 5v.18l5.98 5.99zM4.27 3 3 4.27l6.01 6.01V11c0 1.66 1.33 3 2.99 3 .22 0 .44-.03.65-.08l1.66 1.66c-.71.33-1.5.52-2.31.52-2.76 0-5.3-2.1-5.3-5.1H5c0 3.41 2.72 6.23 6 6.72V21h2v-3.28c.91-.13 1.77-.45 2.54-.9L19.73 21 21 19.73 4.27 3z"/></svg>`;

const videoOffIcon = svg`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/><path d="M3 3l18 18"/></svg>`;
const videoOnIcon = svg`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/></svg>`;

/**
 * Every remote stream of the enclosing `<zego-room>`, played and shown as tiles: the user's name, a camera-off
 * placeholder with initials, a muted-microphone icon, a speaking ring, network-quality bars and, with `stats`,
 * resolution, frame rate, bitrate, round-trip time and loss. Streams present at join and added later are played;
 * each is stopped and its tile removed on DELETE or when its user leaves.
 *
 * Audio plays through one `<audio>` element per stream, inside its tile. When the browser's autoplay policy
 * refuses it, an "Enable audio" button appears and `zego-autoplay-blocked` fires; one click resumes every stream.
 * Speaker choice: set `speaker-id` (e.g. from the `deviceId` of a `zego-speaker-change` event); it applies
 * `setSinkId` to every stream's audio.
 *
 * Frame source per stream for game engines: `getFrameSource(streamID)`, `getFrameInfo(streamID)`,
 * `snapshot(streamID)`.
 *
 * @tagname zego-remote-videos
 * @summary The other participants of a call, as video tiles.
 *
 * @csspart base - The container of the tiles.
 * @csspart tile - One stream's tile.
 * @csspart video - The canvas a stream is drawn into.
 * @csspart label - The user's name on a tile.
 * @csspart placeholder - Shown instead of the picture while the camera is off or before the first frame.
 * @csspart initials - The initials inside the placeholder.
 * @csspart speaking - The ring around a tile whose user speaks.
 * @csspart mic-muted - The muted-microphone icon.
 * @csspart quality - The network-quality bars.
 * @csspart stats - The statistics overlay (with `stats`).
 * @csspart more - The "+N" chip for streams beyond `max-streams`.
 * @csspart enable-audio - The button shown when the browser blocked audio.
 * @csspart empty - The line shown while nobody else publishes.
 * @csspart video-toggle - The button of a tile that stops (or resumes) receiving its video, shown on hover and focus.
 *
 * @cssprop --zego-tile-radius - Corner radius of a tile (default 8px).
 * @cssprop --zego-tile-gap - Space between tiles (default 8px).
 * @cssprop --zego-tile-background - Background of a tile and its placeholder (default #1f2329).
 * @cssprop --zego-tile-aspect-ratio - Aspect ratio of a tile when the element has no height of its own (default 16 / 9).
 * @cssprop --zego-label-color - Text color of names and overlays (default #fff).
 * @cssprop --zego-label-background - Background of the name bar (default rgb(0 0 0 / 0.5)).
 * @cssprop --zego-speaking-color - Color of the speaking ring (default #2ecc71).
 * @cssprop --zego-quality-color - Color of lit network-quality bars (default #2ecc71).
 * @cssprop --zego-quality-poor-color - Color of the bars at poor quality (default #e74c3c).
 * @cssprop --zego-strip-tile-width - Minimum width of the small tiles in the spotlight layout (default 160px).
 * @cssprop --zego-font - Font of names and overlays (default 13px/1.3 system-ui, sans-serif).
 * @cssprop --zego-button-background - Background of the "Enable audio" button (default #2962ff).
 * @cssprop --zego-button-color - Text color of the "Enable audio" button (default #fff).
 *
 * @fires {ZegoAutoplayBlockedEvent} zego-autoplay-blocked - The browser refused to start remote audio; the "Enable audio" button is shown. `detail.streamIDs` lists the streams waiting.
 * @fires {ZegoErrorEvent} zego-error - A stream could not be played, or the `speaker-id` device is not available.
 */
export class ZegoRemoteVideosElement extends LitElement {
  static override styles = styles;

  /** `grid`: tiles in rows and columns sized to the element; `spotlight`: the active speaker large, the others below. */
  @property({ reflect: true }) layout: 'grid' | 'spotlight' = 'grid';

  /** Plays at most this many streams; the rest are listed as a "+N" chip and not downloaded. Unset: all. */
  @property({ attribute: 'max-streams', type: Number }) maxStreams: number | null = null;

  /** How each picture fills its tile: `contain` (whole picture, bars) or `cover` (cropped to fill). */
  @property() fit: Fit = 'contain';

  /** Silences every stream's audio (reception goes on). */
  @property({ type: Boolean }) muted = false;

  /** Shows each tile's statistics: resolution, frame rate, bitrate, round-trip time and packet loss. */
  @property({ type: Boolean }) stats = false;

  /** How tiles are drawn: `auto`, `rvfc`, `worker`, or `external` (nothing drawn; a game engine reads the source). */
  @property({ attribute: 'render' }) renderMode: RenderMode = 'auto';

  /**
   * Audio output device (`deviceId` of an `audiooutput`) for every stream, where the browser has `setSinkId`;
   * when empty, the speaker picked in the room's `<zego-local-video controls>` applies.
   */
  @property({ attribute: 'speaker-id' }) speakerId = '';

  /** Sound level (0..100, the SDK's scale) above which a stream counts as speaking; default 5. */
  @property({ attribute: 'speaking-threshold', type: Number }) speakingThreshold = SPEAKING_THRESHOLD;

  @state() private size = { width: 0, height: 0, sized: false };

  private readonly remote = new RemoteStreamsController(
    this,
    () => ({
      maxStreams: this.maxStreams !== null && this.maxStreams >= 0 ? Math.floor(this.maxStreams) : Infinity,
      fit: this.fit === 'cover' ? 'cover' : 'contain',
      muted: this.muted,
      render: this.renderMode,
      speakerId: this.speakerId ?? '',
      speakingThreshold: Number.isFinite(this.speakingThreshold) ? this.speakingThreshold : SPEAKING_THRESHOLD,
    }),
    { renderer: loadVideoRenderer, loadedRenderer: loadedVideoRenderer },
  );

  private connection?: AbortController;
  private resizeObserver?: ResizeObserver;
  private measureFrame = 0;

  /** Every remote stream of the room, played or beyond `max-streams`, in arrival order (read-only). */
  get streams(): readonly RemoteStreamInfo[] {
    return this.remote.streams;
  }

  /** The stream shown large in the `spotlight` layout: the loudest of the last 2 s, with hysteresis. */
  get activeSpeaker(): string {
    return this.remote.activeSpeaker;
  }

  /** True while the browser blocks remote audio and the "Enable audio" button shows. */
  get audioBlocked(): boolean {
    return this.remote.blocked.size > 0;
  }

  /** The stable element a game engine reads for a played stream (canvas; `<video>` with `render="external"`). */
  getFrameSource(streamID: string): HTMLCanvasElement | HTMLVideoElement | null {
    return this.remote.renderer(streamID)?.getFrameSource() ?? null;
  }

  /** Frame size, counter (+1 per presented frame) and mirroring of a played stream; null if not played. */
  getFrameInfo(streamID: string): RemoteFrameInfo | null {
    return this.remote.frameInfo(streamID);
  }

  /** The current frame of a played stream as a PNG Blob (or data URL), without stopping it. */
  snapshot(streamID: string, type?: 'blob'): Promise<Blob>;
  snapshot(streamID: string, type: 'dataurl'): Promise<string>;
  snapshot(streamID: string, type: 'blob' | 'dataurl' = 'blob'): Promise<Blob | string> {
    const r = this.remote.renderer(streamID);
    if (!r) return Promise.reject(new Error(`snapshot: stream "${streamID}" is not played`));
    return type === 'dataurl' ? r.snapshot('dataurl') : r.snapshot('blob');
  }

  /**
   * Stops receiving a stream's video for this viewer (the publisher stops sending it: bandwidth saved, not only
   * hidden), or receives it again; the tile shows "Video paused for you". Also the tile's own button.
   */
  setVideoPaused(streamID: string, paused: boolean): Promise<boolean> {
    return this.remote.setVideoPaused(streamID, paused);
  }

  /** Starts the audio the browser blocked; call it from a click or key handler (the element's button does). */
  resumeAudio(): Promise<void> {
    return this.remote.resumeAudio();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.connection = new AbortController();
    const signal = this.connection.signal;
    const off = onMessagesChanged(() => this.requestUpdate());
    signal.addEventListener('abort', off, { once: true });
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.connection?.abort();
    this.connection = undefined;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    cancelAnimationFrame(this.measureFrame);
    this.measureFrame = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('maxStreams') || changed.has('fit') || changed.has('muted') || changed.has('renderMode') || changed.has('speakerId')) {
      this.remote.settingsChanged();
    }
  }

  protected override render() {
    const all = this.remote.streams;
    const shown = all.filter((s) => s.state !== 'waiting');
    const hidden = all.length - shown.length;
    const spotlight = this.layout === 'spotlight';
    const main = spotlight ? (shown.find((s) => s.streamID === this.remote.activeSpeaker) ?? shown[0])?.streamID : undefined;
    const { width, height, sized } = this.size;
    const count = shown.length + (hidden ? 1 : 0);
    const cols = spotlight ? 1 : gridColumns(count, width, sized ? height : (width * 9) / 16, TILE_ASPECT, 8);
    const rows = Math.max(1, Math.ceil(count / cols));
    return html`
      ${
        this.audioBlocked
          ? html`<button part="enable-audio" type="button" title=${t(this, 'remote.enableAudioHint')} @click=${this.onEnableAudio}>
            ${t(this, 'remote.enableAudio')}
          </button>`
          : nothing
      }
      <div
        part="base"
        role="group"
        aria-label=${t(this, 'remote.label')}
        data-layout=${spotlight ? 'spotlight' : 'grid'}
        ?data-sized=${sized}
        style=${styleMap({ '--_cols': String(cols), '--_rows': String(rows) })}
      >
        ${repeat(
          shown,
          (s) => s.streamID,
          (s) => this.tile(s, s.streamID === main),
        )}
        ${
          hidden
            ? html`<div part="more" role="img" aria-label=${t(this, 'remote.moreLabel', { count: hidden })}>${t(this, 'remote.more', { count: hidden })}</div>`
            : nothing
        }
      </div>
      ${all.length ? nothing : html`<div part="empty" role="status">${t(this, 'remote.empty')}</div>`}
    `;
  }

  private tile(s: RemoteStreamInfo, main: boolean) {
    const name = s.user.userName || s.user.userID;
    const placeholder = s.cameraMuted || !s.hasFrame || s.videoPaused;
    const placeholderText: MessageKey = s.videoPaused ? 'remote.videoPaused' : s.cameraMuted ? 'remote.cameraOff' : 'remote.connecting';
    const toggleLabel = t(this, s.videoPaused ? 'remote.resumeVideo' : 'remote.pauseVideo');
    const bars = s.quality < 0 ? 0 : 4 - Math.min(4, s.quality);
    const qualityKey = (
      s.quality < 0 ? 'remote.quality.4' : s.quality >= 4 ? 'remote.quality.bad' : `remote.quality.${s.quality}`
    ) as MessageKey;
    return html`<div
      part="tile"
      class=${main ? 'tile main' : 'tile'}
      role="group"
      aria-label=${name}
      data-stream-id=${s.streamID}
      data-state=${s.state}
      ?data-speaking=${s.speaking}
      ?data-camera-off=${s.cameraMuted}
      ?data-video-paused=${s.videoPaused}
    >
      ${this.remote.viewOf(s.streamID)}
      <div part="placeholder" ?hidden=${!placeholder}>
        <span part="initials" aria-hidden="true">${initialsOf(name)}</span>
        <span>${t(this, placeholderText)}</span>
      </div>
      <div part="speaking" aria-hidden="true" ?hidden=${!s.speaking}></div>
      <div class="bar">
        ${s.micMuted ? html`<span part="mic-muted" role="img" aria-label=${t(this, 'remote.micMuted')}>${micOff}</span>` : nothing}
        <span part="label">${name}</span>
        ${s.speaking ? html`<span class="sr-only">${t(this, 'remote.speaking')}</span>` : nothing}
        <span part="quality" role="img" data-bars=${bars} aria-label=${t(this, 'remote.network', { quality: t(this, qualityKey) })}>
          ${[1, 2, 3, 4].map((i) => html`<i class=${i <= bars ? 'on' : ''}></i>`)}
        </span>
      </div>
      ${this.stats && s.stats ? this.statsOverlay(s) : nothing}
      <button
        part="video-toggle"
        type="button"
        aria-label=${t(this, 'remote.pauseVideo')}
        title=${toggleLabel}
        aria-pressed=${s.videoPaused ? 'true' : 'false'}
        @click=${() => void this.setVideoPaused(s.streamID, !s.videoPaused)}
      >
        ${s.videoPaused ? videoOnIcon : videoOffIcon}
      </button>
    </div>`;
  }

  private statsOverlay(s: RemoteStreamInfo) {
    const st = s.stats!;
    return html`<ul part="stats" aria-label=${t(this, 'remote.stats')}>
      <li data-stat="resolution">${t(this, 'remote.stats.resolution', { width: st.width, height: st.height })}</li>
      <li data-stat="fps">${t(this, 'remote.stats.fps', { fps: Math.round(st.fps) })}</li>
      <li data-stat="bitrate">${t(this, 'remote.stats.bitrate', { kbps: Math.round(st.bitrate) })}</li>
      <li data-stat="rtt">${t(this, 'remote.stats.rtt', { ms: Math.round(st.rtt) })}</li>
      <li data-stat="loss">${t(this, 'remote.stats.loss', { percent: (st.loss * 100).toFixed(1) })}</li>
    </ul>`;
  }

  private onEnableAudio = (): void => {
    void this.remote.resumeAudio();
  };

  /** Whether the page gave the element a height (then tiles fill it), or its height follows the tiles. */
  private measure(): void {
    const height = (this as HTMLElement & { computedStyleMap?: () => StylePropertyMapReadOnly }).computedStyleMap?.().get('height');
    const sized = !!height && !(height instanceof CSSKeywordValue && height.value === 'auto');
    // Unsized, the height follows the tiles: only the width is an input (else every re-layout would loop).
    const next = { width: this.clientWidth, height: sized ? this.clientHeight : 0, sized };
    const cur = this.size;
    if (next.width === cur.width && next.height === cur.height && next.sized === cur.sized) return;
    // Applied in the next frame: a layout change inside a ResizeObserver callback is what makes observer loops.
    cancelAnimationFrame(this.measureFrame);
    this.measureFrame = requestAnimationFrame(() => {
      this.measureFrame = 0;
      this.size = next;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-remote-videos': ZegoRemoteVideosElement;
  }
}
