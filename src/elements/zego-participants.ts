import { property } from 'lit/decorators.js';
import { participantsViewLoader } from '../lazy.js';
import type { ParticipantInfo, ParticipantsView } from '../participants/participants-view.js';
import { SPEAKING_THRESHOLD } from '../shared/speaking.js';
import { LazyElement } from './lazy-element.js';

export type { ParticipantInfo } from '../participants/participants-view.js';
export type { ZegoParticipantsSelectEvent, ZegoParticipantsSelectDetail } from '../participants/events.js';

const NONE: readonly ParticipantInfo[] = Object.freeze([]);

/**
 * The people of the enclosing `<zego-room>`, live: yourself first, then the others in the order they joined, each
 * with initials, name, microphone and camera state, a speaking indicator and "Presenting" while they share a
 * screen (a stream the kit marks as one: see `<zego-remote-videos>`); a count in the heading, a search field from 9 people on, "Only you are here" when alone.
 *
 * Camera and microphone of others are known only for streams played in this page (by a `<zego-remote-videos>` of
 * the same room): without a player they show as unknown (a question mark on the icon, "unknown" in their label). Someone who
 * publishes nothing shows both off. Yours come from your `<zego-local-video>`: without one, both off. Speaking is
 * not announced as it happens; each row carries it as text for screen readers.
 *
 * @tagname zego-participants
 * @summary The people of a call, with camera, microphone and speaking state.
 *
 * @csspart base - The container of the heading, the search field and the list.
 * @csspart heading - The heading ("Participants (3)").
 * @csspart count - The count inside the heading.
 * @csspart search - The search field, shown from 9 people on.
 * @csspart list - The scrolling list of people.
 * @csspart participant - One person's list item (`data-user-id`, `data-self`, `data-speaking`, `data-presenting`).
 * @csspart avatar - The initials of a person.
 * @csspart name - The name of a person (an ellipsis when long; the whole name in its tooltip).
 * @csspart presenting - The "Presenting" badge.
 * @csspart speaking - The speaking indicator.
 * @csspart microphone - The microphone icon (`data-state`: `on`, `off`, `unknown`).
 * @csspart camera - The camera icon (`data-state`: `on`, `off`, `unknown`).
 * @csspart empty - The line shown when alone, before joining, or when the search matches nobody.
 *
 * @cssprop --zego-participants-background - Background of the element (default #fff; #1f2329 in dark mode).
 * @cssprop --zego-participants-color - Text and icon color (default #1f2329; #eef0f3 in dark mode).
 * @cssprop --zego-participants-muted-color - Secondary text and off icons (default #5b626d; #a7afb9 in dark mode).
 * @cssprop --zego-participants-border-color - Border of the search field (default #d5d9de; #434a54 in dark mode).
 * @cssprop --zego-participants-hover-background - Background of a selectable row under the pointer (default #eef0f3; #2c323a in dark mode).
 * @cssprop --zego-participants-accent-color - Focus ring and "Presenting" badge (default #1a56db; #86abff in dark mode).
 * @cssprop --zego-participants-speaking-color - Speaking indicator and avatar ring (default #12813a; #3ddc84 in dark mode).
 * @cssprop --zego-participants-avatar-size - Diameter of the initials (default 32px).
 * @cssprop --zego-participants-avatar-background - Background of the initials (default a dark hue per user).
 * @cssprop --zego-participants-avatar-color - Color of the initials (default #fff).
 * @cssprop --zego-participants-radius - Corner radius of the element (default 8px).
 * @cssprop --zego-participants-font - Font (default `--zego-font`, else 14px/1.4 system-ui, sans-serif).
 *
 * @fires {ZegoParticipantsSelectEvent} zego-participants-select - With `selectable`: the person activated a row (click, Enter, Space); `detail.userID` is theirs.
 * @fires {ZegoErrorEvent} zego-error - The element's code could not load (1101000).
 */
export class ZegoParticipantsElement extends LazyElement<ParticipantsView> {
  /** @internal The loader of the element's view (its chunk). */
  static override viewLoader = participantsViewLoader;

  /** Rows are buttons: activating one fires `zego-participants-select` (pages use it to pin someone). */
  @property({ type: Boolean, reflect: true }) selectable = false;

  /** Sound level (0..100, the SDK's scale) above which someone counts as speaking; default 5, as the videos. */
  @property({ attribute: 'speaking-threshold', type: Number }) speakingThreshold = SPEAKING_THRESHOLD;

  /** Everyone in the room, yourself first (read-only; a new frozen array on each change). */
  get participants(): readonly ParticipantInfo[] {
    return this.view?.participants ?? NONE;
  }

  /** How many people are in the room, yourself included (0 before joining). */
  get count(): number {
    return this.participants.length;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-participants': ZegoParticipantsElement;
  }
}
