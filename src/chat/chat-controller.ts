import type { ReactiveControllerHost } from 'lit';
import type { ZegoBroadcastMessageInfo, ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import { RoomConnection } from '../controllers/room-connection.js';
import type { RoomChild, RoomContext, RoomSnapshot, RoomState } from '../room/context.js';
import { delay } from '../room/async.js';
import { listen, type RoomEngine } from '../room/engine.js';
import { ZegoErrorEvent } from '../room/events.js';
import { Code, checkMessage, toZegoError, type Failure } from '../shared/codes.js';
import { ZegoChatEvent } from './events.js';

/** `sending` (queued, waiting for the room, or on its way), `sent`, `failed` (after retries), `received`. */
export type ChatMessageState = 'sending' | 'sent' | 'failed' | 'received';

/** One message of `<zego-chat>`. Frozen: a change of state replaces the object. */
export interface ChatMessage {
  /** A key of this element's, stable for the message's life (`resend(id)`); not the server's ID. */
  readonly id: string;
  readonly text: string;
  /** The sender (for your own messages: you, as the room knows you). */
  readonly user: Readonly<ZegoUser>;
  /** Whether you sent it. */
  readonly self: boolean;
  /** Milliseconds since the epoch: when you sent it, or the server's send time of a received one. */
  readonly time: number;
  readonly state: ChatMessageState;
  /** The server's message ID, once sent or as received. */
  readonly messageID?: number;
  /** Why it was not sent (state `failed`): the SDK's code and message. */
  readonly error?: Failure;
}

/** What the element's attributes ask for. */
export interface ChatSettings {
  /** Messages kept; older ones drop. */
  maxMessages: number;
}

/** Sends start at least this far apart: the room allows 2 broadcasts a second per client. */
export const SEND_SPACING_MS = 550;
/** A message is retried for this long after its first attempt, then fails. */
export const RETRY_BUDGET_MS = 10_000;
/** Waits before each retry: the room's window is one second, other clients share it. */
const RETRY_DELAYS_MS = [700, 1400, 2800, 4000];
/** Failures that may pass: rate limited, the message lost on the way, a request never answered. */
const RETRIABLE: ReadonlySet<number> = new Set([Code.MESSAGE_FREQUENCY_LIMITED, Code.MESSAGE_SEND_FAILED, Code.NETWORK_TIMEOUT]);
/** Received message keys remembered against replays (the room resends recent messages after a reconnection). */
const SEEN_KEYS = 500;

/** A time a `Date` can hold (formatting any other throws). */
const validTime = (t: unknown): t is number => typeof t === 'number' && !Number.isNaN(new Date(t).getTime());

const NOT_IN_ROOM: Failure = { code: Code.NOT_LOGIN, message: 'not in the room' };

interface Pending {
  readonly id: string;
  /** When its first attempt started (`performance.now()`); the retry budget runs from there. */
  firstAttempt?: number;
  tries: number;
  /** No attempt before this time (a retry's back-off). */
  notBefore: number;
  readonly waiters: { resolve(): void; reject(f: Failure): void }[];
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The logic of `<zego-chat>`, apart from its template: the room's broadcast messages received through the engine's
 * `IMRecvBroadcastMessage` (for the snapshot's room, re-subscribed when the engine or room changes), your own sent
 * through a queue that spaces sends `SEND_SPACING_MS` apart, waits for the room to be connected, and retries rate
 * limits and network failures for `RETRY_BUDGET_MS`; and the unread count (the view says whether the newest message
 * is in sight).
 *
 * Hangs on the room through `RoomConnection`: the engine listener, timers, and (through `signal`) the view's
 * observers end one task after the element left the document for good; a move keeps everything.
 */
export class ChatController implements RoomChild {
  private readonly room: RoomConnection;
  private list: ChatMessage[] = [];
  private frozen: readonly ChatMessage[] = Object.freeze([]);
  private readonly queue: Pending[] = [];
  private inFlight?: Pending;
  /** A scheduled `pump` (spacing or back-off) is pending. */
  private scheduled = false;
  private lastSend = -Infinity;
  private seq = 0;
  private snapshot?: RoomSnapshot;
  /** The room went away (left or failed): queued messages fail at once until it is joined again. */
  private gone = false;
  private engine?: RoomEngine;
  private roomID = '';
  private unsubscribe?: () => void;
  private readonly seenKeys = new Set<string>();
  private unreadCount = 0;
  private connection?: AbortController;

  /**
   * @param inSight whether the newest message is in the person's sight now (the element shown and on screen, its
   * list scrolled to the end, the page visible): only the DOM can tell.
   */
  constructor(
    private readonly host: Host,
    private readonly settings: () => ChatSettings,
    private readonly inSight: () => boolean,
  ) {
    this.room = new RoomConnection(host, this, {
      connect: () => this.connect(),
      changed: (ctx) => this.contextChanged(ctx),
      teardown: () => this.teardown(),
    });
    this.room.attach();
  }

  // ---------------------------------------------------------------------------------------------- reading

  /** Oldest first; a new frozen array on each change. */
  get messages(): readonly ChatMessage[] {
    return this.frozen;
  }

  get unread(): number {
    return this.unreadCount;
  }

  /** Aborts when the element leaves the document for good: the view hangs its observers on it. */
  get signal(): AbortSignal | undefined {
    return this.connection?.signal;
  }

  /** Whether a queued message waits for the room rather than being on its way. */
  get waitingForRoom(): boolean {
    return this.snapshot?.state !== 'connected';
  }

  // ---------------------------------------------------------------------------------------------- sending

  /**
   * Queues `text` (trimmed) as your message after `zego-chat-send`; `done` settles when it is sent or finally
   * fails. An empty or too long text, or a cancelled event, gives `error` and shows nothing.
   */
  submit(text: string): { message: ChatMessage; done: Promise<void> } | { error: Failure } {
    const trimmed = typeof text === 'string' ? text.trim() : text;
    const bad = checkMessage(trimmed);
    if (bad) return { error: bad };
    const message: ChatMessage = Object.freeze({
      id: this.nextID(),
      text: trimmed,
      user: this.me(),
      self: true,
      time: Date.now(),
      state: 'sending',
    });
    const event = new ZegoChatEvent('zego-chat-send', { message });
    this.host.dispatchEvent(event);
    if (event.defaultPrevented) return { error: { code: Code.MESSAGE_SEND_FAILED, message: 'cancelled by a zego-chat-send listener' } };
    this.list.push(message);
    return { message, done: this.enqueue(message.id) };
  }

  /** Sends a failed message of yours again, at the end of the queue, with a fresh retry budget. */
  resend(id: string): Promise<void> {
    const m = this.find(id);
    if (!m?.self || m.state !== 'failed') return Promise.reject({ code: Code.INPUT_PARAM, message: `no failed message "${id}"` });
    this.replace(id, { state: 'sending', error: undefined, time: Date.now() });
    return this.enqueue(id);
  }

  /** Removes a message of the list (a failed one the person gave up on); one still queued is not removed. */
  remove(id: string): void {
    if (this.queue.some((p) => p.id === id)) return;
    this.list = this.list.filter((m) => m.id !== id);
    this.changed();
  }

  /** Empties the list (here only; the room keeps nothing anyway), except messages still on their way. */
  clear(): void {
    const queued = new Set(this.queue.map((p) => p.id));
    this.list = this.list.filter((m) => queued.has(m.id));
    this.setUnread(0);
    this.changed();
  }

  private enqueue(id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { id, tries: 0, notBefore: 0, waiters: [{ resolve, reject }] };
      this.queue.push(pending);
      this.changed();
      if (this.gone || !this.room.live) this.fail(pending, NOT_IN_ROOM);
      else this.pump();
    });
  }

  /** Starts the head of the queue when the room is connected and the spacing (or its back-off) allows. */
  private pump(): void {
    const signal = this.connection?.signal;
    if (!signal || signal.aborted || this.inFlight || this.scheduled) return;
    const head = this.queue[0];
    if (!head || this.snapshot?.state !== 'connected' || !this.engine || !this.roomID) return;
    const wait = Math.max(head.notBefore, this.lastSend + SEND_SPACING_MS) - performance.now();
    if (wait > 0) {
      this.scheduled = true;
      void delay(wait, signal).then(() => {
        this.scheduled = false;
        this.pump();
      });
      return;
    }
    void this.attempt(head, this.engine, this.roomID);
  }

  private async attempt(head: Pending, engine: RoomEngine, roomID: string): Promise<void> {
    const started = performance.now();
    head.firstAttempt ??= started;
    head.tries++;
    this.inFlight = head;
    this.lastSend = started;
    const m = this.find(head.id);
    if (m) this.replace(head.id, { user: this.me() });
    let failure: Failure | undefined;
    let messageID: number | undefined;
    try {
      const res = (await engine.sendBroadcastMessage(roomID, m?.text ?? '')) as { errorCode?: number; messageID?: number } | undefined;
      // The SDK may resolve a refusal (errorCode set) instead of rejecting it.
      if (res?.errorCode) failure = toZegoError(res, Code.MESSAGE_SEND_FAILED);
      else messageID = typeof res?.messageID === 'number' ? res.messageID : undefined;
    } catch (e) {
      failure = toZegoError(e, Code.MESSAGE_SEND_FAILED);
    }
    this.inFlight = undefined;
    if (!failure) {
      this.dequeue(head);
      this.replace(head.id, { state: 'sent', ...(messageID !== undefined ? { messageID } : {}) });
      for (const w of head.waiters) w.resolve();
    } else if (this.gone || !this.room.live) {
      this.fail(head, NOT_IN_ROOM);
    } else if (this.snapshot?.state !== 'connected') {
      // reconnecting: it waits for the room again, with a fresh budget once there
      head.firstAttempt = undefined;
    } else {
      const back = RETRY_DELAYS_MS[Math.min(head.tries, RETRY_DELAYS_MS.length) - 1];
      const now = performance.now();
      if (RETRIABLE.has(failure.code) && now + back - head.firstAttempt! <= RETRY_BUDGET_MS) head.notBefore = now + back;
      else this.fail(head, failure);
    }
    this.changed();
    this.pump();
  }

  /** Ends a queued message as failed: shown with its reason, `send()` rejects, `zego-error` while connected. */
  private fail(p: Pending, error: Failure): void {
    this.dequeue(p);
    this.replace(p.id, { state: 'failed', error: Object.freeze({ ...error }) });
    for (const w of p.waiters) w.reject({ ...error });
    if (this.host.isConnected) {
      const message = `a chat message could not be sent: ${error.message || error.code}`;
      this.host.dispatchEvent(new ZegoErrorEvent({ code: error.code, message, source: 'chat' }));
    }
  }

  private dequeue(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Every queued message fails (the room went away); the one on its way settles by its own answer. */
  private failQueued(error: Failure): void {
    for (const p of [...this.queue]) if (p !== this.inFlight) this.fail(p, error);
    this.changed();
  }

  // ---------------------------------------------------------------------------------------------- receiving

  private receive(list: readonly ZegoBroadcastMessageInfo[]): void {
    if (!Array.isArray(list)) return;
    const arrived: ChatMessage[] = [];
    for (const info of list) {
      if (!info || typeof info !== 'object') continue;
      const from = info.fromUser ?? { userID: '', userName: '' };
      const id = Number.isFinite(info.messageID) ? info.messageID : undefined;
      if (id !== undefined) {
        const key = `${from.userID}\n${id}`;
        if (this.seenKeys.has(key)) continue;
        this.seenKeys.add(key);
        if (this.seenKeys.size > SEEN_KEYS) this.seenKeys.delete(this.seenKeys.values().next().value!);
      }
      const message: ChatMessage = Object.freeze({
        id: this.nextID(),
        text: String(info.message ?? ''),
        user: Object.freeze({ userID: String(from.userID ?? ''), userName: String(from.userName ?? '') }),
        self: false,
        time: validTime(info.sendTime) ? info.sendTime : Date.now(),
        state: 'received',
        ...(id !== undefined ? { messageID: id } : {}),
      });
      this.list.push(message);
      arrived.push(message);
    }
    if (!arrived.length) return;
    this.changed();
    for (const message of arrived) this.host.dispatchEvent(new ZegoChatEvent('zego-chat-message', { message }));
    if (!this.inSight()) this.setUnread(this.unreadCount + arrived.length);
  }

  // ---------------------------------------------------------------------------------------------- unread

  /** The view saw something change that may have brought the newest message into sight: then all is read. */
  sightChanged(): void {
    if (this.unreadCount && this.inSight()) this.setUnread(0);
  }

  private setUnread(count: number): void {
    if (count === this.unreadCount) return;
    this.unreadCount = count;
    this.host.dispatchEvent(new ZegoChatEvent('zego-chat-unread', { count }));
    this.host.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------- room

  private connect(): void {
    this.connection = new AbortController();
    this.scheduled = false;
    this.host.requestUpdate();
  }

  private contextChanged(ctx: RoomContext): void {
    const before: RoomState | undefined = this.snapshot?.state;
    const snap = ctx.snapshot;
    this.snapshot = snap;
    this.follow(snap.engine, snap.roomID);
    const left = snap.state === 'failed' || (snap.state === 'idle' && before !== undefined && before !== 'idle');
    if (left && !this.gone) {
      this.gone = true;
      this.failQueued(NOT_IN_ROOM);
    } else if (snap.state === 'connecting' || snap.state === 'connected' || snap.state === 'reconnecting') {
      this.gone = false;
    }
    // "waiting for the room" follows the state
    if (before !== snap.state) this.host.requestUpdate();
    this.pump();
  }

  /** The room is about to destroy `engine`: stop listening to it. */
  releaseEngine(engine: RoomEngine): void {
    if (engine === this.engine) this.follow(undefined, '');
  }

  private follow(engine: RoomEngine | undefined, roomID: string): void {
    if (engine === this.engine && roomID === this.roomID) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (roomID !== this.roomID) this.seenKeys.clear();
    this.engine = engine;
    this.roomID = roomID;
    if (engine && roomID) {
      this.unsubscribe = listen(engine, {
        IMRecvBroadcastMessage: (id, list) => {
          if (id === roomID) this.receive(list);
        },
      });
    }
  }

  private teardown(): void {
    this.connection?.abort();
    this.connection = undefined;
    this.scheduled = false;
    this.follow(undefined, '');
    this.snapshot = undefined;
    this.gone = false;
    this.failQueued(NOT_IN_ROOM);
  }

  // ---------------------------------------------------------------------------------------------- list

  /** You as the room knows you (your name once logged in). */
  private me(): Readonly<ZegoUser> {
    return this.snapshot?.user ?? Object.freeze({ userID: '', userName: '' });
  }

  private nextID(): string {
    return `m${++this.seq}`;
  }

  private find(id: string): ChatMessage | undefined {
    return this.list.find((m) => m.id === id);
  }

  private replace(id: string, patch: Partial<ChatMessage>): void {
    const i = this.list.findIndex((m) => m.id === id);
    if (i < 0) return;
    const next = { ...this.list[i], ...patch };
    if (next.error === undefined) delete next.error;
    this.list[i] = Object.freeze(next);
    this.changed();
  }

  /** Drops the oldest messages beyond `maxMessages`, never one still queued. */
  private trim(): void {
    const max = Math.max(1, Math.floor(this.settings().maxMessages) || 0);
    if (this.list.length <= max) return;
    const queued = new Set(this.queue.map((p) => p.id));
    let excess = this.list.length - max;
    this.list = this.list.filter((m) => excess <= 0 || queued.has(m.id) || !excess--);
  }

  /** Applies a changed `max-messages`. */
  settingsChanged(): void {
    this.changed();
  }

  private changed(): void {
    this.trim();
    if (this.frozen.length !== this.list.length || this.frozen.some((m, i) => m !== this.list[i]))
      this.frozen = Object.freeze([...this.list]);
    this.host.requestUpdate();
  }
}
