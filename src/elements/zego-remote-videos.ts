import { property } from 'lit/decorators.js';
import { loadVideoRenderer, loadedVideoRenderer, remoteVideosViewLoader } from '../lazy.js';
import type { Fit } from '../render/fit.js';
import type { RenderMode } from '../render/video-renderer.js';
import type { RemoteFrameInfo, RemoteStreamInfo, RemoteStreamsController } from '../remote/remote-streams-controller.js';
import type { RemoteVideosView } from '../remote/remote-videos-view.js';
import { SPEAKING_THRESHOLD } from '../shared/speaking.js';
import { LazyElement } from './lazy-element.js';

export type { RemoteFrameInfo, RemoteStreamInfo, RemoteStreamState, RemoteStreamStats } from '../remote/remote-streams-controller.js';
export {
  ZegoAutoplayBlockedEvent,
  ZegoPinChangeEvent,
  type PinReason,
  type ZegoAutoplayBlockedDetail,
  type ZegoPinChangeDetail,
} from '../remote/events.js';

/** `auto`: a grid, and the spotlight while a stream is pinned or someone presents; or always one of them. */
export type RemoteLayout = 'auto' | 'grid' | 'spotlight';

/**
 * Every remote stream of the enclosing `<zego-room>`, played and shown as tiles: the user's name, a camera-off
 * placeholder with initials, a muted-microphone icon, a speaking ring, network-quality bars and, with `stats`,
 * resolution, frame rate, bitrate, round-trip time and loss. Streams present at join and added later are played;
 * each is stopped and its tile removed on DELETE or when its user leaves.
 *
 * Presenting: a stream that carries a shared screen (`<zego-local-video>` sharing its screen, or a stream named
 * `*-screen`) goes large with a "{name} is presenting" label, the others in a strip beside it (wide element) or
 * below it (narrow). Each tile has a pin button (and a double-click) that shows it large; pressing it again goes
 * back to the grid. When the presentation ends, the grid (or the person's own pin) comes back.
 *
 * Pages: more tiles than `max-tiles` (by default 9, or 4 on a phone-sized element) are shown a page at a time
 * with previous/next buttons. Streams on other pages keep their sound but their video is not received; someone
 * who speaks on another page is brought onto the first (at most one move every 5 s, so tiles do not dance).
 *
 * A tile whose video stops arriving (no frame for 2 s while the stream is listed and its camera on) says
 * "Reconnecting…" instead of showing a frozen picture, and its network bars read "unknown".
 *
 * Audio plays through one `<audio>` element per stream, inside its tile. When the browser's autoplay policy
 * refuses it, an "Enable audio" button appears and `zego-autoplay-blocked` fires; one click resumes every stream
 * (while `muted` there is nothing to hear: no button, no event, until unmuted).
 * Speaker choice: set `speaker-id` (e.g. from the `deviceId` of a `zego-speaker-change` event); it applies
 * `setSinkId` to every stream's audio.
 *
 * Size: the element takes the height the page gives it; with none, the tiles' aspect ratio over its width, at
 * most the viewport's height. Tiles keep their aspect ratio; pictures are letterboxed in them (`fit`).
 *
 * Frame source per stream for game engines: `getFrameSource(streamID)`, `getFrameInfo(streamID)`,
 * `snapshot(streamID)`.
 *
 * @tagname zego-remote-videos
 * @summary The other participants of a call, as video tiles: grid, spotlight for presentations and pins, pages.
 *
 * @csspart base - The stage holding the tiles and the pager.
 * @csspart tile - One stream's tile.
 * @csspart video - The canvas a stream is drawn into.
 * @csspart label - The user's name on a tile.
 * @csspart placeholder - Shown instead of the picture while the camera is off, before the first frame, while the video is paused and while it stopped arriving.
 * @csspart initials - The initials inside the placeholder.
 * @csspart speaking - The ring around a tile whose user speaks.
 * @csspart mic-muted - The muted-microphone icon.
 * @csspart quality - The network-quality bars.
 * @csspart stats - The statistics overlay (with `stats`).
 * @csspart presenting - The "{name} is presenting" label of a tile that carries a shared screen.
 * @csspart pin - The button of a tile that pins it (shows it large) or unpins it (`aria-pressed`), shown on hover and focus.
 * @csspart video-toggle - The button of a tile that stops (or resumes) receiving its video, shown on hover and focus.
 * @csspart pager - The previous/next buttons and the "Page 2 of 3" line, when the tiles take more than one page.
 * @csspart page-prev - The previous-page button.
 * @csspart page-next - The next-page button.
 * @csspart page-status - The "Page 2 of 3" line (announced politely when it changes).
 * @csspart more - The "+N" tile for streams beyond `max-streams`.
 * @csspart enable-audio - The button shown when the browser blocked audio.
 * @csspart empty - What the stage says while nobody else publishes (or before joining).
 *
 * @cssprop --zego-tile-radius - Corner radius of a tile (default 8px).
 * @cssprop --zego-tile-gap - Space between tiles (default 8px).
 * @cssprop --zego-tile-background - Background of a tile and its placeholder (default #1f2329).
 * @cssprop --zego-tile-aspect-ratio - Aspect ratio of the tiles, and of the element when it has no height of its own (default 16 / 9).
 * @cssprop --zego-strip-tile-width - Width of the small tiles beside or below the large one (default 160px; wider on large elements).
 * @cssprop --zego-label-color - Text color of names and overlays (default #fff).
 * @cssprop --zego-label-background - Background of the name bar (default rgb(0 0 0 / 0.5)).
 * @cssprop --zego-speaking-color - Color of the speaking ring (default #2ecc71).
 * @cssprop --zego-quality-color - Color of lit network-quality bars (default #2ecc71).
 * @cssprop --zego-quality-poor-color - Color of the bars at poor quality and of the muted-microphone icon (default #e74c3c).
 * @cssprop --zego-presenting-background - Background of the "is presenting" label (default #1a56db).
 * @cssprop --zego-presenting-color - Text color of the "is presenting" label (default #fff).
 * @cssprop --zego-pin-background - Background of a pressed pin button (default #1a56db).
 * @cssprop --zego-empty-background - Background of the empty stage and of the pager (default #f1f3f4 light, #1f2329 dark).
 * @cssprop --zego-empty-color - Text color of the empty stage and of the pager (default #3c4043 light, #e8eaed dark).
 * @cssprop --zego-focus-ring - Color of the keyboard focus ring.
 * @cssprop --zego-font - Font of names and overlays (default 13px/1.3 system-ui, sans-serif).
 * @cssprop --zego-button-background - Background of the "Enable audio" button (default #2962ff).
 * @cssprop --zego-button-color - Text color of the "Enable audio" button (default #fff).
 *
 * @fires {ZegoAutoplayBlockedEvent} zego-autoplay-blocked - The browser refused to start remote audio; the "Enable audio" button is shown. `detail.streamIDs` lists the streams waiting.
 * @fires {ZegoPinChangeEvent} zego-pin-change - The pinned stream changed: `detail.streamID` (null: none) and `detail.reason`: `user` (a pin button or double-click), `presenting` (a presentation started or ended), `gone` (the pinned stream left). Not fired when the page sets `pinned`.
 * @fires {ZegoErrorEvent} zego-error - A stream could not be played, the `speaker-id` device is not available, or the element could not load (1101000).
 */
export class ZegoRemoteVideosElement extends LazyElement<RemoteVideosView> {
  static override viewLoader = remoteVideosViewLoader;

  /**
   * `auto` (default): a grid, and the spotlight while a stream is pinned or presents; `grid`: always a grid (the
   * pinned stream first); `spotlight`: always one stream large (the pinned one, else the active speaker).
   */
  @property({ reflect: true }) layout: RemoteLayout = 'auto';

  /** The stream ID shown large ('' for none). Set by the pin buttons and by presentations; the page may set it too. */
  @property({ reflect: true }) pinned = '';

  /** Plays at most this many streams; the rest are listed as a "+N" tile and not downloaded. Unset: all. */
  @property({ attribute: 'max-streams', type: Number }) maxStreams: number | null = null;

  /** Tiles per page of the grid (the strip of the spotlight holds one fewer at most). Unset: 9, or 4 on an element narrower than 600px. */
  @property({ attribute: 'max-tiles', type: Number }) maxTiles: number | null = null;

  /** The page shown, from 1 (the page buttons set it); clamped to the pages there are. */
  @property({ type: Number, attribute: false }) page = 1;

  /** How each picture fills its tile: `contain` (whole picture, bars) or `cover` (cropped to fill). A shared screen is always contained. */
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

  /** @internal How the controller gets the renderer, which loads on first use. */
  readonly rendererLoaders = { renderer: loadVideoRenderer, loadedRenderer: loadedVideoRenderer };

  /** The controller (plays, renderers, audio, speaking) once the view's chunk has loaded. */
  private get remote(): RemoteStreamsController | undefined {
    return this.view?.remote;
  }

  /** Every remote stream of the room, played or beyond `max-streams`, in arrival order (read-only). */
  get streams(): readonly RemoteStreamInfo[] {
    return this.remote?.streams ?? [];
  }

  /** The loudest stream of the last 2 s, with hysteresis (shown large by `layout="spotlight"` when nothing is pinned). */
  get activeSpeaker(): string {
    return this.remote?.activeSpeaker ?? '';
  }

  /** True while the browser blocks remote audio and the "Enable audio" button shows (never while `muted`). */
  get audioBlocked(): boolean {
    return this.remote?.audioBlocked ?? false;
  }

  /** How many pages the tiles take (1 when they fit). */
  get pageCount(): number {
    return this.view?.pageCount ?? 1;
  }

  /** The stable element a game engine reads for a played stream (canvas; `<video>` with `render="external"`). */
  getFrameSource(streamID: string): HTMLCanvasElement | HTMLVideoElement | null {
    return this.remote?.renderer(streamID)?.getFrameSource() ?? null;
  }

  /** Frame size, counter (+1 per presented frame) and mirroring of a played stream; null if not played. */
  getFrameInfo(streamID: string): RemoteFrameInfo | null {
    return this.remote?.frameInfo(streamID) ?? null;
  }

  /** The current frame of a played stream as a PNG Blob (or data URL), without stopping it. */
  snapshot(streamID: string, type?: 'blob'): Promise<Blob>;
  snapshot(streamID: string, type: 'dataurl'): Promise<string>;
  snapshot(streamID: string, type: 'blob' | 'dataurl' = 'blob'): Promise<Blob | string> {
    const r = this.remote?.renderer(streamID);
    if (!r) return Promise.reject(new Error(`snapshot: stream "${streamID}" is not played`));
    return type === 'dataurl' ? r.snapshot('dataurl') : r.snapshot('blob');
  }

  /**
   * Stops receiving a stream's video for this viewer (the publisher stops sending it: bandwidth saved, not only
   * hidden), or receives it again; the tile shows "Video paused for you". Also the tile's own button.
   */
  async setVideoPaused(streamID: string, paused: boolean): Promise<boolean> {
    return (await this.whenView()).remote.setVideoPaused(streamID, paused);
  }

  /** Starts the audio the browser blocked; call it from a click or key handler (the element's button does). */
  async resumeAudio(): Promise<void> {
    return (await this.whenView()).remote.resumeAudio();
  }

  /** Shows `streamID` large (sets `pinned`); it stays until unpinned, replaced, or the stream leaves. */
  pin(streamID: string): void {
    this.pinned = streamID;
  }

  /** Back to the grid (clears `pinned`); a presentation going on stays in the grid until another one starts. */
  unpin(): void {
    this.pinned = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // the controller loads the renderer with its first tile: both are fetched now, side by side
    if (!this.view) void loadVideoRenderer().catch(() => {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-remote-videos': ZegoRemoteVideosElement;
  }
}
