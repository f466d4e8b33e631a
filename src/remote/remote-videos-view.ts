import { html, nothing, svg, type PropertyValues, type ReactiveController } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ElementView } from '../elements/lazy-element.js';
import styles from '../elements/zego-remote-videos.styles.js';
import type { ZegoRemoteVideosElement } from '../elements/zego-remote-videos.js';
import { t, type MessageKey } from '../i18n/messages.js';
import { initialsOf } from '../ui/initials.js';
import { ZegoPinChangeEvent } from './events.js';
import { defaultMaxTiles, layoutTiles, promoteSpeaker, type Layout, type Rect } from './layout.js';
import { PinState, type PinChange } from './pinning.js';
import { RemoteStreamsController, SPEAKING_THRESHOLD, type RemoteSettings, type RemoteStreamInfo } from './remote-streams-controller.js';

/** Properties the plays depend on (the others only change the picture). */
const SETTINGS: readonly string[] = ['maxStreams', 'fit', 'muted', 'renderMode', 'speakerId'];

/** The key of the "+N" tile among the stream IDs (no stream ID holds a NUL). */
const MORE = '\0more';
/** Height of the row of page buttons. */
const PAGER_HEIGHT = 40;
/** Someone speaking on another page is brought onto the first at most this often: tiles must not dance. */
const REORDER_MS = 5000;
/** Tiles narrower than this get smaller buttons and labels. */
const SMALL_TILE = 240;

const icon = (body: ReturnType<typeof svg>, size = 16) =>
  html`<svg viewBox="0 0 24 24" width=${size} height=${size} aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const ICONS = {
  micOff: svg`<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false"><path fill="currentColor" d="M19 11h-1.7c0 .74-.16 1.43-.43 2.05l1.23 1.23c.56-.98.9-2.09.9-3.28zm-4.02.17c0-.06.02-.11.02-.17V5c0-1.66-1.34-3-3-3S9 3.34 9 5v.18l5.98 5.99zM4.27 3 3 4.27l6.01 6.01V11c0 1.66 1.33 3 2.99 3 .22 0 .44-.03.65-.08l1.66 1.66c-.71.33-1.5.52-2.31.52-2.76 0-5.3-2.1-5.3-5.1H5c0 3.41 2.72 6.23 6 6.72V21h2v-3.28c.91-.13 1.77-.45 2.54-.9L19.73 21 21 19.73 4.27 3z"/></svg>`,
  videoOff: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/><path d="M3 3l18 18"/>`),
  videoOn: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/>`),
  pin: icon(svg`<path d="M9 4h6M10 4v6l-3 4h10l-3-4V4M12 14v7"/>`),
  screen: icon(svg`<rect x="2" y="4" width="20" height="13" rx="2"/><path d="M8 21h8M12 17v4"/>`, 14),
  prev: icon(svg`<path d="M15 6l-6 6 6 6"/>`, 20),
  next: icon(svg`<path d="M9 6l6 6-6 6"/>`, 20),
};

const EMPTY_LAYOUT: Layout = { mode: 'grid', strip: null, page: 0, pages: 1, perPage: 1, rects: new Map(), pager: null };

const px = (r: Rect) => ({ left: `${r.x}px`, top: `${r.y}px`, width: `${r.width}px`, height: `${r.height}px` });

function settingsOf(host: ZegoRemoteVideosElement): RemoteSettings {
  return {
    maxStreams: host.maxStreams !== null && host.maxStreams >= 0 ? Math.floor(host.maxStreams) : Infinity,
    fit: host.fit === 'cover' ? 'cover' : 'contain',
    muted: host.muted,
    render: host.renderMode,
    speakerId: host.speakerId ?? '',
    speakingThreshold: Number.isFinite(host.speakingThreshold) ? host.speakingThreshold : SPEAKING_THRESHOLD,
  };
}

/**
 * What `<zego-remote-videos>` shows, loaded on first use: the controller that plays the streams, which stream is
 * pinned (`PinState`), the order of the tiles (arrival order, presentations and the pin first, a speaker brought
 * onto the first page now and then), the layout of the stage (`layoutTiles`, from the stage's size read with a
 * ResizeObserver) and the template. Tiles on other pages are told to the controller, which stops receiving their
 * video.
 *
 * The tiles are in the DOM in the order they are shown (tab and reading order follow the picture); a tile that
 * moves takes its canvas, `<video>` and `<audio>` with it in one step, and a pin button that had the focus gets
 * it back after its tile moved.
 */
export class RemoteVideosView implements ElementView, ReactiveController {
  readonly styles = [styles];
  readonly remote: RemoteStreamsController;
  private readonly pins = new PinState();
  /** Pin changes from streams (presentations, departures), announced after the update that applies them. */
  private readonly announce: PinChange[] = [];
  /** The stage's size and the custom properties the layout needs, read from the probe. */
  private stage = { width: 0, height: 0, gap: 8, aspect: 16 / 9, stripTile: 160 };
  private observer?: ResizeObserver;
  private observed?: Element;
  /** Stream IDs in arrival order, but for speakers brought forward. */
  private order: string[] = [];
  private readonly lastSpoke = new Map<string, number>();
  private lastMove = -Infinity;
  private moveTimer: ReturnType<typeof setTimeout> | undefined;
  private plan: Layout = EMPTY_LAYOUT;
  private main: string | null = null;
  private items: string[] = [];
  private refocus: { streamID: string; part: string } | undefined;

  constructor(private readonly host: ZegoRemoteVideosElement) {
    this.remote = new RemoteStreamsController(host, () => settingsOf(host), host.rendererLoaders);
    host.addController(this);
  }

  /** How many pages the tiles take. */
  get pageCount(): number {
    return this.plan.pages;
  }

  hostConnected(): void {
    this.observer = new ResizeObserver(() => this.measure());
    this.observe();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed = undefined;
    clearTimeout(this.moveTimer);
    this.moveTimer = undefined;
  }

  willUpdate(changed: PropertyValues): void {
    if (SETTINGS.some((p) => changed.has(p))) this.remote.settingsChanged();
    const host = this.host;
    // the page set `pinned` (or called pin/unpin) since the last update: its own choice, announced by nobody
    if ((host.pinned ?? '') !== this.pins.pinned) this.pins.choose(host.pinned ?? '');
    const change = this.pins.update(this.remote.streams.map((s) => ({ streamID: s.streamID, presenting: s.presenting })));
    if (change) this.announce.push(change);
    if (host.pinned !== this.pins.pinned) host.pinned = this.pins.pinned;
    this.arrange();
  }

  updated(): void {
    this.observe();
    for (const change of this.announce.splice(0)) this.host.dispatchEvent(new ZegoPinChangeEvent(change));
    const refocus = this.refocus;
    this.refocus = undefined;
    if (refocus) {
      const selector = `[data-stream-id="${CSS.escape(refocus.streamID)}"] [part~=${refocus.part}]`;
      this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
    }
  }

  /** Which tiles go where: order, spotlight or grid, page, speaker brought forward, and off-page streams. */
  private arrange(): void {
    const host = this.host;
    const now = performance.now();
    const all = this.remote.streams;
    const shown = all.filter((s) => s.state !== 'waiting');
    const ids = new Set(shown.map((s) => s.streamID));
    this.order = this.order.filter((id) => ids.has(id));
    for (const id of ids) if (!this.order.includes(id)) this.order.push(id);
    for (const id of this.lastSpoke.keys()) if (!ids.has(id)) this.lastSpoke.delete(id);
    for (const s of shown) if (s.speaking) this.lastSpoke.set(s.streamID, now);

    const pinned = ids.has(this.pins.pinned) ? this.pins.pinned : '';
    const speaker = this.remote.activeSpeaker;
    let main: string | null = null;
    if (host.layout === 'spotlight') main = pinned || (ids.has(speaker) ? speaker : (this.order[0] ?? null));
    else if (host.layout !== 'grid' && pinned) main = pinned;
    // the pinned stream (in a grid) and presentations lead, in arrival order
    const lead = new Set<string>(pinned && !main ? [pinned] : []);
    for (const id of this.order) if (id !== main && shown.find((s) => s.streamID === id)?.presenting) lead.add(id);
    const rest = () => this.order.filter((id) => id !== main && !lead.has(id));
    const waiting = all.length - shown.length;
    const itemsOf = (others: string[]) => [...lead, ...others, ...(waiting ? [MORE] : [])];

    const known = this.stage.width > 0 && this.stage.height > 0;
    const mode = main ? 'spotlight' : 'grid';
    if (known && mode !== this.plan.mode && this.plan !== EMPTY_LAYOUT) host.page = 1;
    const maxTiles = host.maxTiles !== null && host.maxTiles >= 1 ? Math.floor(host.maxTiles) : defaultMaxTiles(this.stage.width);
    const frame = main ? this.remote.frameInfo(main) : null;
    const mainAspect = frame && frame.frameWidth > 0 && frame.frameHeight > 0 ? frame.frameWidth / frame.frameHeight : undefined;
    const plan = (items: string[]) =>
      layoutTiles({ ...this.stage, items, main, mainAspect, maxTiles, page: (host.page || 1) - 1, pagerHeight: PAGER_HEIGHT });
    let items = itemsOf(rest());
    let layout = plan(items);

    const speaking = shown.find((s) => s.streamID === speaker)?.speaking;
    if (known && speaking && speaker !== main && !lead.has(speaker) && !layout.rects.has(speaker)) {
      const wait = this.lastMove + REORDER_MS - now;
      const others = rest();
      const moved = wait <= 0 ? promoteSpeaker(others, speaker, layout.perPage - lead.size, this.lastSpoke) : null;
      if (moved) {
        const target = moved[others.indexOf(speaker)];
        const a = this.order.indexOf(speaker);
        const b = this.order.indexOf(target);
        [this.order[a], this.order[b]] = [this.order[b], this.order[a]];
        this.lastMove = now;
        items = itemsOf(rest());
        layout = plan(items);
      } else if (wait > 0 && this.moveTimer === undefined) {
        this.moveTimer = setTimeout(() => {
          this.moveTimer = undefined;
          host.requestUpdate();
        }, wait + 20);
      }
    }

    if (known && layout.page + 1 !== host.page) host.page = layout.page + 1;
    this.plan = known ? layout : EMPTY_LAYOUT;
    this.main = main;
    this.items = items;
    this.remote.setOnScreen(known ? new Set(layout.rects.keys()) : null);
  }

  render() {
    const host = this.host;
    const all = this.remote.streams;
    const byID = new Map(all.map((s) => [s.streamID, s]));
    const waiting = all.filter((s) => s.state === 'waiting').length;
    const plan = this.plan;
    const order = this.main ? [this.main, ...this.items] : this.items;
    return html`
      ${
        this.remote.audioBlocked
          ? html`<button part="enable-audio" type="button" title=${t(host, 'remote.enableAudioHint')} @click=${this.onEnableAudio}>
            ${t(host, 'remote.enableAudio')}
          </button>`
          : nothing
      }
      <div
        part="base"
        role="group"
        aria-label=${t(host, 'remote.label')}
        data-layout=${plan.mode}
        data-strip=${plan.strip ?? nothing}
        @dblclick=${this.onDoubleClick}
      >
        ${repeat(
          order,
          (id) => id,
          (id) => (id === MORE ? this.more(waiting, plan.rects.get(id)) : this.tile(byID.get(id)!, plan.rects.get(id), id === this.main)),
        )}
        ${plan.pager ? this.pager(plan, plan.pager) : nothing}
        ${all.length ? nothing : html`<div part="empty" role="status">${t(host, this.emptyText())}</div>`}
      </div>
      <div class="probe" aria-hidden="true"></div>
    `;
  }

  private tile(s: RemoteStreamInfo, rect: Rect | undefined, main: boolean) {
    const host = this.host;
    const name = s.user.userName || s.user.userID;
    const pinned = s.streamID === this.pins.pinned;
    const placeholder = s.cameraMuted || !s.hasFrame || s.videoPaused || s.stalled;
    const placeholderText: MessageKey = s.videoPaused
      ? 'remote.videoPaused'
      : s.cameraMuted
        ? 'remote.cameraOff'
        : s.stalled
          ? 'remote.stalled'
          : 'remote.connecting';
    // a picture that stopped arriving says nothing good about the network: "unknown", not the last grade
    const unknown = s.stalled || s.quality < 0;
    const bars = unknown ? 0 : 4 - Math.min(4, s.quality);
    const qualityKey = (unknown ? 'remote.quality.4' : s.quality >= 4 ? 'remote.quality.bad' : `remote.quality.${s.quality}`) as MessageKey;
    return html`<div
      part="tile"
      class=${main ? 'tile main' : 'tile'}
      role="group"
      aria-label=${name}
      data-stream-id=${s.streamID}
      data-state=${s.state}
      data-size=${rect && rect.width < SMALL_TILE ? 's' : 'm'}
      ?data-speaking=${s.speaking}
      ?data-camera-off=${s.cameraMuted}
      ?data-video-paused=${s.videoPaused}
      ?data-presenting=${s.presenting}
      ?data-pinned=${pinned}
      ?data-stalled=${s.stalled}
      ?hidden=${!rect}
      style=${styleMap(rect ? px(rect) : {})}
    >
      ${this.remote.viewOf(s.streamID)}
      <div part="placeholder" ?hidden=${!placeholder}>
        <span part="initials" aria-hidden="true">${initialsOf(name)}</span>
        <span>${t(host, placeholderText)}</span>
      </div>
      <div part="speaking" aria-hidden="true" ?hidden=${!s.speaking}></div>
      ${s.presenting ? html`<div part="presenting">${ICONS.screen}<span>${t(host, 'remote.presenting', { name })}</span></div>` : nothing}
      <div class="bar">
        ${s.micMuted ? html`<span part="mic-muted" role="img" aria-label=${t(host, 'remote.micMuted')}>${ICONS.micOff}</span>` : nothing}
        <span part="label">${name}</span>
        ${s.speaking ? html`<span class="sr-only">${t(host, 'remote.speaking')}</span>` : nothing}
        <span part="quality" role="img" data-bars=${bars} aria-label=${t(host, 'remote.network', { quality: t(host, qualityKey) })}>
          ${[1, 2, 3, 4].map((i) => html`<i class=${i <= bars ? 'on' : ''}></i>`)}
        </span>
      </div>
      ${this.host.stats && s.stats ? this.statsOverlay(s) : nothing}
      <div class="actions">
        <button
          part="pin"
          type="button"
          aria-label=${t(host, 'remote.pin', { name })}
          title=${t(host, pinned ? 'remote.unpinHint' : 'remote.pinHint')}
          aria-pressed=${pinned ? 'true' : 'false'}
          @click=${(e: Event) => this.togglePin(s.streamID, e)}
        >
          ${ICONS.pin}
        </button>
        <button
          part="video-toggle"
          type="button"
          aria-label=${t(host, 'remote.pauseVideo')}
          title=${t(host, s.videoPaused ? 'remote.resumeVideo' : 'remote.pauseVideo')}
          aria-pressed=${s.videoPaused ? 'true' : 'false'}
          @click=${() => void this.remote.setVideoPaused(s.streamID, !s.videoPaused)}
        >
          ${s.videoPaused ? ICONS.videoOn : ICONS.videoOff}
        </button>
      </div>
    </div>`;
  }

  private more(count: number, rect: Rect | undefined) {
    const host = this.host;
    return html`<div
      part="more"
      role="img"
      aria-label=${t(host, 'remote.moreLabel', { count })}
      ?hidden=${!rect}
      style=${styleMap(rect ? px(rect) : {})}
    >${t(host, 'remote.more', { count })}</div>`;
  }

  private pager(plan: Layout, rect: Rect) {
    const host = this.host;
    const first = plan.page === 0;
    const last = plan.page >= plan.pages - 1;
    return html`<div part="pager" role="group" aria-label=${t(host, 'remote.pages')} style=${styleMap({ top: `${rect.y}px`, height: `${rect.height}px` })}>
      <button
        part="page-prev"
        type="button"
        aria-label=${t(host, 'remote.prevPage')}
        title=${t(host, 'remote.prevPage')}
        aria-disabled=${first ? 'true' : 'false'}
        @click=${() => this.turn(-1)}
      >
        ${ICONS.prev}
      </button>
      <span part="page-status" aria-live="polite">${t(host, 'remote.page', { page: plan.page + 1, pages: plan.pages })}</span>
      <button
        part="page-next"
        type="button"
        aria-label=${t(host, 'remote.nextPage')}
        title=${t(host, 'remote.nextPage')}
        aria-disabled=${last ? 'true' : 'false'}
        @click=${() => this.turn(1)}
      >
        ${ICONS.next}
      </button>
    </div>`;
  }

  private statsOverlay(s: RemoteStreamInfo) {
    const host = this.host;
    const st = s.stats!;
    return html`<ul part="stats" aria-label=${t(host, 'remote.stats')}>
      <li data-stat="resolution">${t(host, 'remote.stats.resolution', { width: st.width, height: st.height })}</li>
      <li data-stat="fps">${t(host, 'remote.stats.fps', { fps: Math.round(st.fps) })}</li>
      <li data-stat="bitrate">${t(host, 'remote.stats.bitrate', { kbps: Math.round(st.bitrate) })}</li>
      <li data-stat="rtt">${t(host, 'remote.stats.rtt', { ms: Math.round(st.rtt) })}</li>
      <li data-stat="loss">${t(host, 'remote.stats.loss', { percent: (st.loss * 100).toFixed(1) })}</li>
    </ul>`;
  }

  /** The person pressed a pin button (or double-clicked a tile): pin it, or unpin it if it was. */
  private togglePin(streamID: string, e?: Event): void {
    const had = !!e && this.host.shadowRoot?.activeElement === e.currentTarget;
    if (!this.pins.choose(this.pins.pinned === streamID ? '' : streamID)) return;
    this.host.pinned = this.pins.pinned;
    // the tile moves (into the spotlight or back): its button would lose the focus with it
    if (had) this.refocus = { streamID, part: 'pin' };
    this.host.dispatchEvent(new ZegoPinChangeEvent({ streamID: this.pins.pinned || null, reason: 'user' }));
  }

  private turn(step: number): void {
    const next = this.plan.page + step;
    if (next < 0 || next >= this.plan.pages) return;
    this.host.page = next + 1;
  }

  private onDoubleClick = (e: MouseEvent): void => {
    const path = e.composedPath();
    if (path.some((n) => n instanceof HTMLButtonElement)) return;
    const tile = path.find((n): n is HTMLElement => n instanceof HTMLElement && n.classList.contains('tile'));
    const id = tile?.dataset.streamId;
    if (id) this.togglePin(id);
  };

  private onEnableAudio = (): void => {
    void this.remote.resumeAudio();
  };

  /** What the empty stage says: nothing is "waiting for others" before the room is even joined. */
  private emptyText(): MessageKey {
    const state = this.remote.roomState;
    if (state === 'connecting' || state === 'reconnecting') return 'remote.joining';
    if (state === 'connected') return 'remote.empty';
    return 'remote.notJoined';
  }

  /** Watches the stage (it exists from the first render on). */
  private observe(): void {
    const base = this.host.shadowRoot?.querySelector('[part=base]');
    if (!base || !this.observer || base === this.observed) return;
    this.observer.disconnect();
    this.observer.observe(base);
    this.observed = base;
  }

  /** The stage's size, and the strip tile's width, the tiles' aspect ratio and the gap from the custom properties. */
  private measure(): void {
    const base = this.observed as HTMLElement | undefined;
    const probe = this.host.shadowRoot?.querySelector<HTMLElement>('.probe');
    if (!base) return;
    const w = probe?.offsetWidth ?? 0;
    const h = probe?.offsetHeight ?? 0;
    const gap = probe ? parseFloat(getComputedStyle(probe).marginLeft) : NaN;
    // whole pixels, rounded down: tiles placed from a rounded-up size would overhang the element
    const size = base.getBoundingClientRect();
    const next = {
      width: Math.floor(size.width),
      height: Math.floor(size.height),
      gap: Number.isFinite(gap) && gap >= 0 ? gap : 8,
      aspect: w > 0 && h > 0 ? w / h : 16 / 9,
      stripTile: w > 0 ? w : 160,
    };
    const cur = this.stage;
    if ((Object.keys(next) as (keyof typeof next)[]).every((k) => Math.abs(next[k] - cur[k]) < 0.01)) return;
    this.stage = next;
    this.host.requestUpdate();
  }
}

export function createRemoteVideosView(host: ZegoRemoteVideosElement): RemoteVideosView {
  return new RemoteVideosView(host);
}
