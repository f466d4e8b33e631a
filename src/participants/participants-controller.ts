import type { ReactiveControllerHost } from 'lit';
import { RoomConnection } from '../controllers/room-connection.js';
import type { RoomApi, RoomChild, RoomContext, RoomSnapshot } from '../room/context.js';
import { listen, type RoomEngine } from '../room/engine.js';
import { isScreenStream } from '../shared/presenting.js';
import { SPEAKING_HOLD_MS } from '../shared/speaking.js';

/** One person of the room as `<zego-participants>` lists them. Frozen; a new object when anything in it changes. */
export interface ParticipantInfo {
  readonly userID: string;
  /** As the room knows it; '' when they gave none (the list then shows the user ID). */
  readonly userName: string;
  /** This page's own user. */
  readonly self: boolean;
  /** Whether others receive their camera (or a shared screen); null when this page cannot know (see below). */
  readonly camera: boolean | null;
  /** Whether others receive their microphone; null when this page cannot know. */
  readonly microphone: boolean | null;
  /** Their sound level went over the threshold within the last 1.5 s (and their microphone is on). */
  readonly speaking: boolean;
  /** They share a screen. Only known for yourself: the kit publishes a screen in place of the camera, not beside it. */
  readonly presenting: boolean;
  /** The streams they publish (yours: the one your `<zego-local-video>` publishes). */
  readonly streamIDs: readonly string[];
}

const NONE: readonly ParticipantInfo[] = Object.freeze([]);

/**
 * What this page knows of a remote stream's media. The engine reports a stream's camera and microphone only while
 * it is played in this page (by `<zego-remote-videos>`, or the page's own code): before that, and after, they are
 * unknown. Played, a stream starts OPEN and follows `remoteCameraStatusUpdate` / `remoteMicStatusUpdate`.
 */
interface StreamState {
  /** A player's PLAYING (or a status report) came, and no NO_PLAY since. */
  played: boolean;
  camera: boolean;
  microphone: boolean;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The people of the nearest `<zego-room>` for `<zego-participants>`: yourself first, then the others in the order
 * they joined (the room's own order: a list that reshuffles as people join reads worse than one that grows at the
 * end, and it matches the video tiles). Users and streams come from the room's snapshot, camera and microphone
 * from the engine's callbacks, speaking from the snapshot's sound levels with a hold.
 *
 * Owns, and ends when the element leaves the document (one task after its removal: a move keeps it, see
 * `RoomConnection`), its engine listeners and its hold timer.
 */
export class ParticipantsController implements RoomChild {
  private readonly room: RoomConnection;
  private api: RoomApi | undefined;
  private snapshot: RoomSnapshot | undefined;
  private engine: RoomEngine | undefined;
  private unsubscribe?: () => void;
  private readonly streams = new Map<string, StreamState>();
  /** The levels of the last snapshot (a snapshot keeps the same object while they do not change). */
  private levels: Readonly<Record<string, number>> = {};
  /** When each stream was last heard over the threshold (`performance.now()`). */
  private readonly lastLoud = new Map<string, number>();
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private list = NONE;

  constructor(
    private readonly host: Host,
    private readonly threshold: () => number,
  ) {
    this.room = new RoomConnection(host, this, {
      changed: (ctx) => this.contextChanged(ctx),
      teardown: () => this.teardown(),
    });
    this.room.attach();
  }

  /** Yourself first, then the others in join order; a new frozen array when anything changes. */
  get participants(): readonly ParticipantInfo[] {
    return this.list;
  }

  /** Whether this page is in a room (or joining one): before that the list is empty. */
  get joined(): boolean {
    const s = this.snapshot;
    return !!s?.user && (s.state === 'connecting' || s.state === 'connected' || s.state === 'reconnecting');
  }

  /** The room is about to destroy `engine`: stop listening to it. */
  releaseEngine(engine: RoomEngine): void {
    if (engine !== this.engine) return;
    this.subscribe(undefined);
    this.refresh();
  }

  /** The element's `speaking-threshold` changed. */
  thresholdChanged(): void {
    this.refresh();
  }

  private contextChanged(ctx: RoomContext): void {
    if (ctx.api !== this.api) {
      this.api = ctx.api;
      this.subscribe(undefined);
    }
    const snap = ctx.snapshot;
    if (this.snapshot?.roomID !== snap.roomID) this.forgetMedia();
    this.snapshot = snap;
    if (snap.engine !== this.engine) this.subscribe(snap.engine);
    const listed = new Set(snap.streams.map((st) => st.streamID));
    for (const id of this.streams.keys()) if (!listed.has(id)) this.streams.delete(id);
    this.levelsChanged(snap.soundLevels);
    this.refresh();
  }

  private teardown(): void {
    this.subscribe(undefined);
    this.api = undefined;
    this.snapshot = undefined;
    this.refresh();
  }

  private forgetMedia(): void {
    this.streams.clear();
    this.lastLoud.clear();
    this.levels = {};
  }

  private subscribe(engine: RoomEngine | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.engine = engine;
    this.forgetMedia();
    if (!engine) return;
    this.unsubscribe = listen(engine, {
      playerStateUpdate: (result) =>
        this.report(result?.streamID, (s) => {
          if (result.state === 'PLAYING') s.played = true;
          else if (result.state === 'NO_PLAY') Object.assign(s, { played: false, camera: true, microphone: true });
        }),
      remoteCameraStatusUpdate: (streamID, status) =>
        this.report(streamID, (s) => {
          s.played = true;
          s.camera = status !== 'MUTE';
        }),
      remoteMicStatusUpdate: (streamID, status) =>
        this.report(streamID, (s) => {
          s.played = true;
          s.microphone = status !== 'MUTE';
        }),
    });
  }

  private report(streamID: unknown, change: (s: StreamState) => void): void {
    if (typeof streamID !== 'string') return;
    let s = this.streams.get(streamID);
    if (!s) this.streams.set(streamID, (s = { played: false, camera: true, microphone: true }));
    change(s);
    this.refresh();
  }

  /** A level stands until the next report: one over the threshold was loud until now. */
  private levelsChanged(levels: Readonly<Record<string, number>>): void {
    if (levels === this.levels) return;
    const now = performance.now();
    const threshold = this.threshold();
    for (const [id, level] of Object.entries(levels)) {
      if (level > threshold || (this.levels[id] ?? 0) > threshold) this.lastLoud.set(id, now);
    }
    this.levels = levels;
  }

  /** Re-derives the list; runs on every change and when a speaking hold ends. Renders only if something differs. */
  private refresh(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const snap = this.snapshot;
    let next: readonly ParticipantInfo[] = NONE;
    let wake = Infinity;
    if (snap?.user && this.joined && this.room.live) {
      const now = performance.now();
      const threshold = this.threshold();
      const speaking = (streamID: string): boolean => {
        const level = this.levels[streamID];
        if (level === undefined) return false;
        const until = (this.lastLoud.get(streamID) ?? -Infinity) + SPEAKING_HOLD_MS;
        if (level > threshold) return true;
        if (until > now) wake = Math.min(wake, until);
        return until > now;
      };
      const me = snap.user;
      const local = snap.local;
      const mine = local?.streamID ?? null;
      const people: ParticipantInfo[] = [
        {
          userID: me.userID,
          userName: me.userName ?? '',
          self: true,
          camera: !!local?.camera,
          microphone: !!local?.microphone,
          speaking: !!local?.microphone && !!mine && speaking(mine),
          presenting: !!local?.screen,
          streamIDs: mine ? [mine] : [],
        },
      ];
      const byUser = new Map<string, string[]>();
      const presenters = new Set<string>();
      for (const st of snap.streams) {
        byUser.set(st.user.userID, [...(byUser.get(st.user.userID) ?? []), st.streamID]);
        if (isScreenStream(st.streamID, st.extraInfo)) presenters.add(st.user.userID);
      }
      for (const u of snap.users) {
        if (u.userID === me.userID) continue;
        const ids = byUser.get(u.userID) ?? [];
        const known = ids.map((id) => this.known(id));
        people.push({
          userID: u.userID,
          userName: u.userName ?? '',
          self: false,
          camera: combine(known.map((k) => k && k.camera)),
          microphone: combine(known.map((k) => k && k.microphone)),
          speaking: ids.filter((id, i) => known[i]?.microphone !== false && speaking(id)).length > 0,
          presenting: presenters.has(u.userID),
          streamIDs: ids,
        });
      }
      next = reuse(this.list, people);
    }
    if (wake !== Infinity && this.room.live) this.holdTimer = setTimeout(() => this.refresh(), wake - performance.now() + 20);
    if (next === this.list) return;
    this.list = next;
    this.host.requestUpdate();
  }

  /** A remote stream's camera and microphone, or null while it is not played in this page. */
  private known(streamID: string): { camera: boolean; microphone: boolean } | null {
    const s = this.streams.get(streamID);
    // a reported level means someone here plays it, even when its PLAYING came before this element
    if (!s?.played && !(streamID in this.levels)) return null;
    return { camera: s?.camera ?? true, microphone: s?.microphone ?? true };
  }
}

/** A person's state over their streams: on if any is on; off with none, or all known off; else unknown. */
function combine(values: (boolean | null)[]): boolean | null {
  if (values.includes(true)) return true;
  return values.includes(null) ? null : false;
}

/** `people`, frozen, keeping the objects (and the array) that did not change so that nothing renders for nothing. */
function reuse(previous: readonly ParticipantInfo[], people: ParticipantInfo[]): readonly ParticipantInfo[] {
  const old = new Map(previous.map((p) => [p.userID, p]));
  const list = people.map((p) => {
    const o = old.get(p.userID);
    const same =
      o &&
      o.userName === p.userName &&
      o.self === p.self &&
      o.camera === p.camera &&
      o.microphone === p.microphone &&
      o.speaking === p.speaking &&
      o.presenting === p.presenting &&
      o.streamIDs.join('\n') === p.streamIDs.join('\n');
    return same ? o : Object.freeze({ ...p, streamIDs: Object.freeze([...p.streamIDs]) });
  });
  return list.length === previous.length && list.every((p, i) => p === previous[i]) ? previous : Object.freeze(list);
}
