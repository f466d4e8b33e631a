// The template and logic of <zego-participants> (its class in src/elements/ holds only its properties): loaded with
// the element's chunk, which also registers its strings.
import { html, nothing, svg, type PropertyValues, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ElementView } from '../elements/lazy-element.js';
import '../i18n/participants-messages.js';
import { t } from '../i18n/messages.js';
import { SPEAKING_THRESHOLD } from '../shared/speaking.js';
import { initialsOf } from '../ui/initials.js';
import { ZegoParticipantsSelectEvent } from './events.js';
import { ParticipantsController, type ParticipantInfo } from './participants-controller.js';
import styles from './participants.styles.js';

export type { ParticipantInfo } from './participants-controller.js';

/** The search field shows from this many people on. */
const SEARCH_FROM = 9;

/**
 * What the view reads of its element. Optional because every lazy element's loader shares one type (see
 * src/elements/lazy-element.ts); `<zego-participants>` has them all.
 */
type Host = ReactiveControllerHost &
  HTMLElement & {
    readonly selectable?: boolean;
    readonly speakingThreshold?: number;
  };

export interface ParticipantsView extends ElementView {
  readonly participants: readonly ParticipantInfo[];
}

const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const cameraGlyph = svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/>`;
const micGlyph = svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/>`;
const slash = svg`<path d="M3 3l18 18"/>`;
/** A question mark badge over the glyph: this page cannot know (nobody here plays the stream). */
const unknown = svg`<g class="unknown"><circle cx="18" cy="17" r="6"/><path d="M16.2 15.6a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.3M18 21.1v.01"/></g>`;

const GLYPHS = { camera: cameraGlyph, microphone: micGlyph };
const LABELS = {
  camera: { on: 'participants.cameraOn', off: 'participants.cameraOff', unknown: 'participants.cameraUnknown' },
  microphone: { on: 'participants.micOn', off: 'participants.micOff', unknown: 'participants.micUnknown' },
} as const;

/** The view of `<zego-participants>`: heading with the count, optional search, the list. */
export function createParticipantsView(host: Host): ParticipantsView {
  const threshold = () => {
    const v = host.speakingThreshold;
    return typeof v === 'number' && Number.isFinite(v) ? v : SPEAKING_THRESHOLD;
  };
  const controller = new ParticipantsController(host, threshold);
  let query = '';

  const select = (userID: string) => host.dispatchEvent(new ZegoParticipantsSelectEvent({ userID }));

  const onSearch = (e: Event) => {
    query = (e.target as HTMLInputElement).value;
    host.requestUpdate();
  };

  /** Arrow keys, Home and End move between the rows' buttons (Tab still visits each). */
  const onKey = (e: KeyboardEvent) => {
    const rows = [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.row')];
    const at = rows.indexOf(e.target as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (to === undefined || !rows[to]) return;
    e.preventDefault();
    rows[to].focus();
  };

  const status = (part: 'camera' | 'microphone', on: boolean | null) => {
    const state = on === null ? 'unknown' : on ? 'on' : 'off';
    const label = t(host, LABELS[part][state]);
    return html`<span part=${part} role="img" aria-label=${label} title=${label} data-state=${state}
      >${icon(svg`${GLYPHS[part]}${on === false ? slash : nothing}${on === null ? unknown : nothing}`)}</span
    >`;
  };

  const row = (p: ParticipantInfo) => {
    const name = p.userName || p.userID;
    const content = html`
      <span part="avatar" aria-hidden="true" style=${`--_hue:${hue(p.userID)}`}>${initialsOf(name)}</span>
      <span class="who">
        <span part="name" title=${name}>${name}</span>
        ${p.self ? html`<span class="tag">${t(host, 'participants.you')}</span>` : nothing}
        ${p.presenting ? html`<span part="presenting">${t(host, 'participants.presenting')}</span>` : nothing}
      </span>
      ${
        p.speaking
          ? html`<span part="speaking"><i></i><i></i><i></i><span class="sr-only">${t(host, 'participants.speaking')}</span></span>`
          : nothing
      }
      ${status('microphone', p.microphone)} ${status('camera', p.camera)}
    `;
    return html`<li
      part="participant"
      role="listitem"
      data-user-id=${p.userID}
      ?data-self=${p.self}
      ?data-speaking=${p.speaking}
      ?data-presenting=${p.presenting}
    >
      ${host.selectable ? html`<button class="row" type="button" @click=${() => select(p.userID)}>${content}</button>` : html`<div class="row">${content}</div>`}
    </li>`;
  };

  return {
    styles: [styles],
    get participants() {
      return controller.participants;
    },
    willUpdate(changed: PropertyValues) {
      if (changed.has('speakingThreshold')) controller.thresholdChanged();
    },
    render() {
      const all = controller.participants;
      const searching = all.length >= SEARCH_FROM;
      if (!searching) query = '';
      const needle = searching ? query.trim().toLocaleLowerCase() : '';
      const shown = needle ? all.filter((p) => (p.userName || p.userID).toLocaleLowerCase().includes(needle)) : all;
      const empty = !controller.joined
        ? t(host, 'participants.notJoined')
        : needle && !shown.length
          ? t(host, 'participants.noMatch', { query: query.trim() })
          : all.length === 1
            ? t(host, 'participants.alone')
            : '';
      return html`<div part="base">
        <h2 part="heading" id="heading">
          ${t(host, 'participants.label')} <span part="count">${t(host, 'participants.count', { count: all.length })}</span>
        </h2>
        ${
          searching
            ? html`<input
              part="search"
              type="search"
              .value=${query}
              aria-label=${t(host, 'participants.search')}
              placeholder=${t(host, 'participants.searchPlaceholder')}
              autocomplete="off"
              @input=${onSearch}
            />`
            : nothing
        }
        <ul
          part="list"
          role="list"
          aria-labelledby="heading"
          tabindex=${host.selectable ? nothing : '0'}
          @keydown=${onKey}
        >
          ${repeat(shown, (p) => p.userID, row)}
        </ul>
        <p part="empty" role="status">${empty || nothing}</p>
      </div>`;
    },
  };
}

/** A stable hue per user for the avatar. */
function hue(userID: string): number {
  let h = 0;
  for (let i = 0; i < userID.length; i++) h = (h * 31 + userID.charCodeAt(i)) >>> 0;
  return h % 360;
}
