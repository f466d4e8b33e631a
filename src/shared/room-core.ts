// Over 500 lines on purpose: one state machine over rooms, sessions and streams whose rules span all three (one
// stream ID per app, one session per user, resumes, quotas), with the frame checks that guard it. Tested in Node
// (test/node/room-core.test.ts, hostile-server.test.ts) through fake connections.
/**
 * The room logic shared by the Node room server (one connection per WebSocket) and the in-browser hub (one
 * connection per tab over BroadcastChannel): rooms, sessions, streams, relays and ZEGO's validation rules.
 * Transport-independent and pure: no DOM, no Node; only timers, Math.random and Date.now.
 */
import {
  Code,
  Limits,
  checkMessage,
  checkRoomID,
  checkStreamID,
  checkToken,
  checkUserID,
  checkUserName,
  utf8Length,
  type CheckFailure,
} from './codes.js';
import {
  CloseCode,
  PROTOCOL_VERSION,
  StreamDeleteReason,
  type LoginOk,
  type PlayPrefs,
  type PublishInfo,
  type ServerFrame,
  type SignalData,
  type WireCandidate,
  type WireRoomExtraInfo,
  type WireStream,
  type WireUser,
} from './protocol.js';

/** The transport side of one connection, as the core sees it. */
export interface CoreConnection {
  send(frame: ServerFrame): void;
  close(code: number, reason: string): void;
}

/** What the transport calls for one connection. */
export interface CoreClient {
  /** An already-parsed JSON value (or structured clone); anything is validated. */
  receive(frame: unknown): void;
  /** Raw text from a socket: parsed here so that bad JSON counts as a fault like any malformed frame. */
  receiveText(text: string): void;
  /**
   * The transport closed. `clean`: the client said goodbye, so its session leaves now instead of after a grace.
   * `gone`: the client is known to be gone for good (its tab closed or crashed): it leaves now, as offline.
   */
  closed(clean: boolean, gone?: boolean): void;
}

export interface TokenCheckOk {
  ok: true;
  /** Unix seconds; 0 when unknown. */
  expire: number;
  canPublish(streamID: string): boolean;
}

export interface TokenCheckFail {
  ok: false;
  code: number;
  message: string;
}

export type TokenVerifier = (token: string, ctx: { appID: number; userID: string; roomID: string }) => TokenCheckOk | TokenCheckFail;

export interface RoomCoreOptions {
  /** When set, logins with another appID fail. */
  appID?: number;
  /** Absent: no token checks (the token may be ''). */
  verifyToken?: TokenVerifier;
  /** A connection silent this long is lost (clients ping every ~2 s). */
  heartbeatTimeoutMs?: number;
  /** A session whose heartbeats stopped waits this long for a resume before it leaves. Lost + grace < ZEGO's 10 s. */
  sessionGraceMs?: number;
  /**
   * A session whose connection closed without a goodbye waits this long (default 2500): a crashed tab leaves the
   * others' screens within 3 s, and a link that broke with a reset and comes back within it resumes unseen.
   */
  closedGraceMs?: number;
  /** A connection that never logs in is closed after this long. */
  loginTimeoutMs?: number;
  /** Period of the `count` push (roomOnlineUserCountUpdate). */
  countIntervalMs?: number;
  /** Never receives tokens or secrets. */
  log?: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
  now?: () => number;
}

export interface RoomCoreStats {
  connections: number;
  sessions: number;
  rooms: number;
  streams: number;
}

/** Faults (malformed frames) a connection may make before it is closed. */
export const MAX_FAULTS = 20;
/** Frames queued for a lost session (IM and signals only: the resume snapshot carries room state). */
const MAX_QUEUED = 256;
/** Messages kept per room for clients that rebuild their session after a core restart. */
const RECENT_MAX = 64;
const RECENT_MS = 30_000;
const MAX_STREAMS_PER_SESSION = 16;
const MAX_CUSTOM_TARGETS = 100;
/** Real offers and answers (two m-lines, host candidates) are 3-8 K: the cap bounds what one signal can queue. */
const MAX_SDP_CHARS = 16 * 1024;
const MAX_TOKEN_CHARS = 8192;
/** A real candidate line is 60-200 characters (an IPv6 host with a long mDNS name and extensions stays far below). */
const MAX_CANDIDATE_CHARS = 1024;
/** One SDP attribute: no line breaks (a candidate must not smuggle SDP lines in), printable ASCII. */
const CANDIDATE = /^candidate:[\x20-\x7e]*$/;
const SESSION_ID = /^[\w.:-]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Timer = ReturnType<typeof setTimeout>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isMediaState = (v: unknown): v is 'OPEN' | 'MUTE' => v === 'OPEN' || v === 'MUTE';
const fail = (code: number, message: string): CheckFailure => ({ code, message });

/** A request answered with `err` instead of `ok`. */
class RequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Counts events in the last second; `take` refuses past the limit. */
class RateWindow {
  private stamps: number[] = [];
  constructor(private readonly limit: number) {}
  take(now: number): boolean {
    const since = now - 1000;
    while (this.stamps.length > 0 && this.stamps[0] <= since) this.stamps.shift();
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(now);
    return true;
  }
}

class Stream {
  constructor(
    readonly streamID: string,
    readonly session: Session,
    public extraInfo: string,
    public video: 'OPEN' | 'MUTE',
    public audio: 'OPEN' | 'MUTE',
    /** A data-only stream: playable, never listed. */
    readonly data: boolean,
  ) {}
  wire(): WireStream {
    const { streamID, extraInfo, video, audio } = this;
    return { streamID, user: this.session.user, extraInfo, video, audio };
  }
}

class Room {
  readonly members = new Map<string, Session>();
  readonly byUser = new Map<string, Session>();
  extra: WireRoomExtraInfo | null = null;
  readonly broadcasts = new RateWindow(Limits.broadcastPerRoomPerSecond);
  readonly barrages = new RateWindow(Limits.barragePerRoomPerSecond);
  /**
   * The last messages of the room, so a client that rebuilds its session after a core restart gets what others
   * sent while it was reconnecting (they may have reconnected first). Bounded in count and age.
   */
  recent: { frame: ServerFrame & { t: 'im' }; to: Set<string> | null; from: string }[] = [];
  countTimer: Timer | undefined;
  constructor(
    readonly key: string,
    readonly appID: number,
    readonly roomID: string,
    /** Set by the user who created the room; 0 = no cap. */
    readonly cap: number,
  ) {}

  /** Sends to every member but `except`; `usersOnly` keeps the sessions that asked for user updates. */
  push(frame: ServerFrame, except?: Session, usersOnly = false): void {
    for (const s of this.members.values()) {
      if (s !== except && (!usersOnly || s.userUpdate)) s.push(frame);
    }
  }
  pushCount(except?: Session): void {
    this.push({ t: 'count', roomID: this.roomID, count: this.members.size }, except);
  }
  users(except: Session): WireUser[] {
    const out: WireUser[] = [];
    for (const s of this.members.values()) if (s !== except) out.push(s.user);
    return out;
  }
  streams(except: Session): WireStream[] {
    const out: WireStream[] = [];
    for (const s of this.members.values()) if (s !== except) for (const st of s.streams.values()) if (!st.data) out.push(st.wire());
    return out;
  }
}

class Session {
  readonly streams = new Map<string, Stream>();
  link: Link | null = null;
  /** Reason the streams get when the grace ends without a resume. */
  lostReason: number = StreamDeleteReason.OFFLINE;
  graceTimer: Timer | undefined;
  queue: ServerFrame[] = [];
  tokenExpire = 0;
  canPublish: (streamID: string) => boolean = () => true;
  readonly broadcasts = new RateWindow(Limits.broadcastPerClientPerSecond);
  readonly customs = new RateWindow(Limits.customPerClientPerSecond);
  constructor(
    readonly id: string,
    readonly room: Room,
    readonly user: WireUser,
    readonly userUpdate: boolean,
  ) {}

  push(frame: ServerFrame): void {
    if (this.link) this.link.send(frame);
    else if ((frame.t === 'im' || frame.t === 'signal' || frame.t === 'transparent') && this.queue.length < MAX_QUEUED)
      this.queue.push(frame);
  }
}

/** One transport connection. Owns its login and heartbeat timers. */
class Link implements CoreClient {
  session: Session | null = null;
  isClosed = false;
  faults = 0;
  lastSeen: number;
  loginTimer: Timer | undefined;
  heartbeatTimer: Timer | undefined;
  constructor(
    readonly core: RoomCore,
    readonly conn: CoreConnection,
    now: number,
  ) {
    this.lastSeen = now;
  }
  receive(frame: unknown): void {
    this.core.onFrame(this, frame);
  }
  receiveText(text: string): void {
    if (this.isClosed) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.lastSeen = this.core.now();
      this.core.fault(this, Code.PARSE_JSON_ERROR, 'frame is not valid JSON');
      return;
    }
    this.core.onFrame(this, value);
  }
  closed(clean: boolean, gone = false): void {
    this.core.onClosed(this, clean, gone);
  }
  send(frame: ServerFrame): void {
    if (!this.isClosed) this.conn.send(frame);
  }
  clearTimers(): void {
    clearTimeout(this.loginTimer);
    clearTimeout(this.heartbeatTimer);
    this.loginTimer = this.heartbeatTimer = undefined;
  }
}

type Handler = (link: Link, session: Session, f: Obj, id: number) => Record<string, unknown> | void;

export class RoomCore {
  readonly now: () => number;
  private readonly opts: Required<Omit<RoomCoreOptions, 'appID' | 'verifyToken' | 'log' | 'now'>>;
  private readonly links = new Set<Link>();
  private readonly sessions = new Map<string, Session>();
  private readonly rooms = new Map<string, Room>();
  /** Stream IDs are unique per appID across rooms: keyed by `appKey`. */
  private readonly streams = new Map<string, Stream>();
  private messageSeq = 0;
  private disposed = false;

  constructor(private readonly options: RoomCoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.opts = {
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 6000,
      sessionGraceMs: options.sessionGraceMs ?? 3000,
      closedGraceMs: options.closedGraceMs ?? 2500,
      loginTimeoutMs: options.loginTimeoutMs ?? 10_000,
      countIntervalMs: options.countIntervalMs ?? 30_000,
    };
  }

  connect(conn: CoreConnection): CoreClient {
    const link = new Link(this, conn, this.now());
    if (this.disposed) {
      link.isClosed = true;
      return link;
    }
    this.links.add(link);
    this.armLoginTimer(link);
    this.armHeartbeat(link, this.opts.heartbeatTimeoutMs);
    return link;
  }

  stats(): RoomCoreStats {
    return { connections: this.links.size, sessions: this.sessions.size, rooms: this.rooms.size, streams: this.streams.size };
  }

  /** Clears every timer and forgets all state; closes no transport (its owner does). */
  dispose(): void {
    this.disposed = true;
    for (const link of this.links) {
      link.clearTimers();
      link.isClosed = true;
    }
    for (const s of this.sessions.values()) clearTimeout(s.graceTimer);
    for (const r of this.rooms.values()) clearInterval(r.countTimer);
    this.links.clear();
    this.sessions.clear();
    this.rooms.clear();
    this.streams.clear();
  }

  // ---- connection lifecycle ----

  private armLoginTimer(link: Link): void {
    clearTimeout(link.loginTimer);
    link.loginTimer = setTimeout(() => {
      link.loginTimer = undefined;
      if (!link.session) this.shut(link, CloseCode.LOGIN_TIMEOUT, 'no login in time');
    }, this.opts.loginTimeoutMs);
  }

  /** One timer per link, re-armed for the remaining time instead of on every frame. */
  private armHeartbeat(link: Link, delay: number): void {
    link.heartbeatTimer = setTimeout(() => {
      const silent = this.now() - link.lastSeen;
      if (silent < this.opts.heartbeatTimeoutMs) {
        this.armHeartbeat(link, this.opts.heartbeatTimeoutMs - silent);
        return;
      }
      const session = link.session;
      this.log('info', 'heartbeat timeout', { session: session && short(session.id) });
      this.shut(link, CloseCode.HEARTBEAT_TIMEOUT, 'heartbeat timeout');
      if (session) this.lose(session, StreamDeleteReason.HEARTBEAT_TIMEOUT);
    }, delay);
  }

  /** Closes a link from the core's side; what becomes of its session is the caller's business. */
  private shut(link: Link, code: number, reason: string): void {
    if (link.isClosed) return;
    link.isClosed = true;
    link.clearTimers();
    this.links.delete(link);
    if (link.session) link.session.link = null;
    link.session = null;
    link.conn.close(code, reason);
  }

  /** @internal called by Link */
  onClosed(link: Link, clean: boolean, gone = false): void {
    if (link.isClosed) return;
    link.isClosed = true;
    link.clearTimers();
    this.links.delete(link);
    const session = link.session;
    link.session = null;
    if (!session) return;
    session.link = null;
    if (clean) this.leave(session, StreamDeleteReason.STOPPED);
    else if (gone) this.leave(session, StreamDeleteReason.OFFLINE);
    // a closed connection is a client that restarts or is gone: a short grace, so others see a dead peer go fast
    else this.lose(session, StreamDeleteReason.OFFLINE, this.opts.closedGraceMs);
  }

  /** The session's transport is gone: keep it for a resume, then let it leave with `reason`. */
  private lose(session: Session, reason: number, graceMs = this.opts.sessionGraceMs): void {
    session.lostReason = reason;
    clearTimeout(session.graceTimer);
    session.graceTimer = setTimeout(() => {
      session.graceTimer = undefined;
      this.log('info', 'session lost', { session: short(session.id), reason });
      this.leave(session, session.lostReason);
    }, graceMs);
  }

  /** @internal */
  fault(link: Link, code: number, message: string): void {
    if (link.isClosed) return;
    link.faults++;
    link.send({ t: 'fault', code, message: `${message} (fault ${link.faults} of ${MAX_FAULTS})` });
    if (link.faults < MAX_FAULTS) return;
    this.log('warn', 'too many faults, closing', { session: link.session && short(link.session.id) });
    const session = link.session;
    if (session) link.send({ t: 'kickout', roomID: session.room.roomID, code: Code.MANUAL_KICKOUT, reason: 'too many faults' });
    this.shut(link, CloseCode.POLICY, 'too many faults');
    if (session) this.leave(session, StreamDeleteReason.REMOVED);
  }

  // ---- frames ----

  /** @internal called by Link */
  onFrame(link: Link, frame: unknown): void {
    if (link.isClosed) return;
    link.lastSeen = this.now();
    if (!isObj(frame) || typeof frame.t !== 'string') return this.fault(link, Code.INPUT_PARAM, 'frame is not an object with a type');
    const t = frame.t;
    if (t === 'ping') {
      if (!Number.isFinite(frame.n)) return this.fault(link, Code.INPUT_PARAM, 'ping without n');
      return link.send({ t: 'pong', n: frame.n as number, at: this.now() });
    }
    if (t === 'signal') return this.onSignal(link, frame);
    const handler = t === 'login' ? undefined : this.handlers.get(t);
    if (t !== 'login' && !handler) return this.fault(link, Code.INPUT_PARAM, `unknown frame type`);
    if (!isId(frame.id)) return this.fault(link, Code.INPUT_PARAM, `${t} without a valid id`);
    const id = frame.id;
    try {
      if (t === 'login') return this.onLogin(link, frame, id);
      const session = link.session;
      if (!session) throw new RequestError(Code.NOT_LOGIN, 'not logged in');
      const data = handler!(link, session, frame, id);
      link.send(data ? { t: 'ok', id, data } : { t: 'ok', id });
    } catch (e) {
      if (e instanceof RequestError) return link.send({ t: 'err', id, code: e.code, message: e.message });
      // A bug here must not take the other rooms down with it.
      this.log('warn', 'internal error', { t, error: String(e) });
      link.send({ t: 'err', id, code: Code.ROOM_INNER_ERROR, message: 'internal error' });
    }
  }

  /** A Map, not an object: frame types like `constructor` must not find anything. */
  private readonly handlers = new Map<string, Handler>(
    Object.entries({
      logout: (_link, session) => {
        this.leave(session, StreamDeleteReason.STOPPED);
      },
      publish: (_link, session, f) => {
        const info = parsePublishInfo(f.stream);
        if ('code' in info) throw new RequestError(info.code, info.message);
        const problem = this.publishProblem(session, info);
        if (problem) throw new RequestError(problem.code, problem.message);
        if (session.streams.has(info.streamID)) return; // publishing again what it already publishes
        const stream = this.addStream(session, info);
        if (!stream.data) session.room.push({ t: 'stream-add', roomID: session.room.roomID, streams: [stream.wire()] }, session);
      },
      unpublish: (_link, session, f) => {
        const stream = this.ownStream(session, f.streamID);
        this.removeStreams(session, [stream], StreamDeleteReason.STOPPED);
      },
      play: (_link, session, f) => {
        const bad = checkStreamID(f.streamID);
        if (bad) throw new RequestError(bad.code, bad.message);
        const offer = f.offer === undefined ? undefined : parseSignal(f.offer);
        if (offer === null || (offer && (offer.kind !== 'offer' || offer.streamID !== f.streamID)))
          throw new RequestError(Code.INPUT_PARAM, 'offer must be an offer signal for this stream');
        const stream = this.streams.get(appKey(session.room.appID, f.streamID as string));
        if (!stream || stream.session.room !== session.room)
          throw new RequestError(Code.PLAY_STREAM_NOT_FOUND, 'stream not found in this room');
        // the same relay as a `signal` to the publisher's session: same room (checked above), known fields only
        if (offer) stream.session.push({ t: 'signal', from: session.id, data: offer });
        return { publisher: stream.session.id };
      },
      'stream-status': (_link, session, f) => {
        const stream = this.ownStream(session, f.streamID);
        if (!isMediaState(f.video) || !isMediaState(f.audio))
          throw new RequestError(Code.INPUT_PARAM, 'video and audio must be OPEN or MUTE');
        if (stream.video === f.video && stream.audio === f.audio) return;
        stream.video = f.video;
        stream.audio = f.audio;
        const { roomID } = session.room;
        if (!stream.data)
          session.room.push({ t: 'stream-status', roomID, streamID: stream.streamID, video: f.video, audio: f.audio }, session);
      },
      'stream-extra': (_link, session, f) => {
        const stream = this.ownStream(session, f.streamID);
        const bad = checkStreamExtra(f.extraInfo);
        if (bad) throw new RequestError(bad.code, bad.message);
        stream.extraInfo = f.extraInfo as string;
        if (!stream.data) session.room.push({ t: 'stream-extra', roomID: session.room.roomID, streams: [stream.wire()] }, session);
      },
      'room-extra': (_link, session, f) => {
        const room = session.room;
        const bad = checkRoomExtra(f.key, f.value, room.extra);
        if (bad) throw new RequestError(bad.code, bad.message);
        room.extra = { key: f.key as string, value: f.value as string, updateUser: session.user, updateTime: this.now() };
        room.push({ t: 'room-extra', roomID: room.roomID, items: [room.extra] }, session);
      },
      im: (_link, session, f) => this.onIM(session, f),
      transparent: (_link, session, f) => this.onTransparent(session, f),
      renew: (_link, session, f) => {
        const check = this.checkToken(f.token, session.room.appID, session.user.userID, session.room.roomID);
        if (!check.ok) throw new RequestError(check.code, check.message);
        session.tokenExpire = check.expire;
        session.canPublish = check.canPublish;
        return { tokenExpire: check.expire };
      },
    } satisfies Record<string, Handler>),
  );

  private onLogin(link: Link, f: Obj, id: number): void {
    const req = parseLogin(f);
    if ('code' in req) throw new RequestError(req.code, req.message);
    if (link.session) {
      const same = link.session.room.appID === req.appID && link.session.room.roomID === req.roomID;
      if (same) throw new RequestError(Code.REPEATEDLY_LOGIN, 'already logged in to this room');
      throw new RequestError(Code.ROOM_COUNT_EXCEED, 'already logged in to another room');
    }
    if (this.options.appID !== undefined && req.appID !== this.options.appID) {
      throw new RequestError(Code.APPID_INVALID, 'appID does not match this server');
    }
    const token = this.checkToken(req.token, req.appID, req.user.userID, req.roomID);
    if (!token.ok) throw new RequestError(token.code, token.message);

    const known = this.sessions.get(req.session);
    if (known) return this.resume(link, known, req, token, id);

    const key = appKey(req.appID, req.roomID);
    let room = this.rooms.get(key);
    const previous = room?.byUser.get(req.user.userID);
    if (room && room.cap > 0 && room.members.size - (previous ? 1 : 0) >= room.cap) {
      throw new RequestError(Code.ROOM_MAX_USER_COUNT, 'room is full');
    }
    if (previous) this.kickout(previous);
    room = this.rooms.get(key) ?? this.createRoom(key, req.appID, req.roomID, req.maxMemberCount);

    const session = new Session(req.session, room, req.user, req.userUpdate);
    session.tokenExpire = token.expire;
    session.canPublish = token.canPublish;
    room.members.set(session.id, session);
    room.byUser.set(session.user.userID, session);
    this.sessions.set(session.id, session);
    this.attach(link, session);

    // A core that lost its state (restart) gets the client's streams back in the same step as its user.
    const added: WireStream[] = [];
    const resumeFailed: NonNullable<LoginOk['resumeFailed']> = [];
    for (const info of req.resume) {
      const problem = this.publishProblem(session, info);
      if (problem) resumeFailed.push({ streamID: info.streamID, ...problem });
      else if (!session.streams.has(info.streamID)) {
        const stream = this.addStream(session, info);
        if (!stream.data) added.push(stream.wire());
      }
    }
    link.send(this.snapshot(session, id, false, resumeFailed));
    if (req.since !== undefined) {
      const oldest = this.now() - RECENT_MS;
      for (const r of room.recent) {
        const f = r.frame;
        if (f.sendTime > req.since && f.sendTime >= oldest && r.from !== session.user.userID && (!r.to || r.to.has(session.user.userID)))
          link.send(f);
      }
    }
    room.push({ t: 'user-add', roomID: room.roomID, users: [session.user] }, session, true);
    if (added.length > 0) room.push({ t: 'stream-add', roomID: room.roomID, streams: added }, session);
    room.pushCount(session);
    this.log('info', 'login', { appID: room.appID, roomID: room.roomID, userID: session.user.userID, session: short(session.id) });
  }

  /** The client still holds a session the core knows: move it to this link, nobody else notices. */
  private resume(link: Link, session: Session, req: LoginReq, token: TokenCheckOk, id: number): void {
    const { room, user } = session;
    if (room.appID !== req.appID || room.roomID !== req.roomID || user.userID !== req.user.userID) {
      throw new RequestError(Code.INPUT_PARAM, 'session ID already in use');
    }
    clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    if (session.link) this.shut(session.link, CloseCode.KICKED, 'session resumed on another connection');
    session.tokenExpire = token.expire;
    session.canPublish = token.canPublish;
    this.attach(link, session);
    link.send(this.snapshot(session, id, true, []));
    const queued = session.queue;
    session.queue = [];
    for (const frame of queued) link.send(frame);
    this.log('info', 'resumed', { session: short(session.id) });
  }

  private attach(link: Link, session: Session): void {
    clearTimeout(link.loginTimer);
    link.loginTimer = undefined;
    link.session = session;
    session.link = link;
  }

  private snapshot(session: Session, id: number, resumed: boolean, resumeFailed: LoginOk['resumeFailed']): LoginOk {
    const room = session.room;
    const ok: LoginOk = {
      t: 'login-ok',
      id,
      session: session.id,
      resumed,
      users: room.users(session),
      streams: room.streams(session),
      roomExtraInfo: room.extra ? [room.extra] : [],
      count: room.members.size,
      tokenExpire: session.tokenExpire,
    };
    if (resumeFailed && resumeFailed.length > 0) ok.resumeFailed = resumeFailed;
    return ok;
  }

  /** The same user logged in elsewhere: the old session is told, loses its streams (reason 3) and leaves. */
  private kickout(old: Session): void {
    const link = old.link;
    if (link)
      link.send({ t: 'kickout', roomID: old.room.roomID, code: Code.MULTIPLE_LOGIN_KICKOUT, reason: 'same user logged in elsewhere' });
    this.leave(old, StreamDeleteReason.REPEAT_LOGIN);
    if (link) this.shut(link, CloseCode.KICKED, 'same user logged in elsewhere');
  }

  private createRoom(key: string, appID: number, roomID: string, cap: number): Room {
    const room = new Room(key, appID, roomID, cap);
    room.countTimer = setInterval(() => room.pushCount(), this.opts.countIntervalMs);
    this.rooms.set(key, room);
    return room;
  }

  /** Removes the session from the core; its streams go with `reason`. The link, if any, stays open (logout). */
  private leave(session: Session, reason: number): void {
    const room = session.room;
    if (room.members.get(session.id) !== session) return;
    clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    this.removeStreams(session, [...session.streams.values()], reason);
    room.members.delete(session.id);
    if (room.byUser.get(session.user.userID) === session) room.byUser.delete(session.user.userID);
    this.sessions.delete(session.id);
    session.queue = [];
    const link = session.link;
    session.link = null;
    if (link) {
      link.session = null;
      if (!link.isClosed) this.armLoginTimer(link);
    }
    if (room.members.size === 0) {
      clearInterval(room.countTimer);
      this.rooms.delete(room.key);
      return;
    }
    room.push({ t: 'user-del', roomID: room.roomID, users: [session.user] }, undefined, true);
    room.pushCount();
  }

  // ---- streams ----

  private publishProblem(session: Session, info: PublishInfo): CheckFailure | null {
    const existing = this.streams.get(appKey(session.room.appID, info.streamID));
    if (existing && existing.session === session) return null;
    if (existing) return fail(Code.DUPLICATE_STREAM_ID, 'stream ID is already published');
    if (session.tokenExpire > 0 && this.now() / 1000 >= session.tokenExpire) return fail(Code.TOKEN_EXPIRED, 'token expired');
    if (!session.canPublish(info.streamID)) return fail(Code.NO_PUBLISH_AUTH, 'token does not allow publishing this stream');
    if (session.streams.size >= MAX_STREAMS_PER_SESSION) return fail(Code.INPUT_PARAM, 'too many streams in one session');
    return null;
  }

  private addStream(session: Session, info: PublishInfo): Stream {
    const stream = new Stream(info.streamID, session, info.extraInfo, info.video, info.audio, info.data === true);
    session.streams.set(stream.streamID, stream);
    this.streams.set(appKey(session.room.appID, stream.streamID), stream);
    return stream;
  }

  private removeStreams(session: Session, streams: Stream[], reason: number): void {
    if (streams.length === 0) return;
    for (const s of streams) {
      session.streams.delete(s.streamID);
      this.streams.delete(appKey(session.room.appID, s.streamID));
    }
    const room = session.room;
    const listed = streams.filter((s) => !s.data);
    if (listed.length) room.push({ t: 'stream-del', roomID: room.roomID, streams: listed.map((s) => s.wire()), reason }, session);
  }

  private ownStream(session: Session, streamID: unknown): Stream {
    const bad = checkStreamID(streamID);
    if (bad) throw new RequestError(bad.code, bad.message);
    const stream = session.streams.get(streamID as string);
    if (!stream) throw new RequestError(Code.PUBLISH_STREAM_NOT_FOUND, 'this session does not publish that stream');
    return stream;
  }

  // ---- relays ----

  private onIM(session: Session, f: Obj): { messageID: string } {
    const kind = f.kind;
    if (kind !== 'broadcast' && kind !== 'barrage' && kind !== 'custom') throw new RequestError(Code.INPUT_PARAM, 'unknown message kind');
    const bad = checkMessage(f.message);
    if (bad) throw new RequestError(bad.code, bad.message);
    let targets: Session[] | null = null;
    if (kind === 'custom') targets = this.customTargets(session, f.toUserIDs);
    const room = session.room;
    const now = this.now();
    const allowed =
      kind === 'broadcast'
        ? session.broadcasts.take(now) && room.broadcasts.take(now)
        : kind === 'barrage'
          ? room.barrages.take(now)
          : session.customs.take(now);
    if (!allowed) throw new RequestError(Code.MESSAGE_FREQUENCY_LIMITED, `${kind} messages are rate limited`);
    const messageID = String(++this.messageSeq);
    const frame: ServerFrame = {
      t: 'im',
      roomID: room.roomID,
      kind,
      fromUser: session.user,
      message: f.message as string,
      messageID,
      sendTime: now,
    };
    if (targets) for (const s of targets) s.push(frame);
    else room.push(frame, session);
    room.recent.push({ frame, to: targets ? new Set(targets.map((t) => t.user.userID)) : null, from: session.user.userID });
    const oldest = now - RECENT_MS;
    while (room.recent.length > RECENT_MAX || (room.recent.length > 0 && room.recent[0].frame.sendTime < oldest)) room.recent.shift();
    return { messageID };
  }

  /** `sendTransparentMessage`: opaque bytes (base64) to some users of the room, or to everyone else. */
  private onTransparent(session: Session, f: Obj): void {
    const content = f.content;
    if (typeof content !== 'string' || content.length === 0) throw new RequestError(Code.INPUT_PARAM, 'content must be non-empty base64');
    const bytes = Math.floor((content.length * 3) / 4) - (content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0);
    if (bytes > Limits.messageBytes) throw new RequestError(Code.MESSAGE_TOO_LONG, 'content is longer than 1 KB');
    if (!BASE64.test(content)) throw new RequestError(Code.INPUT_PARAM, 'content must be non-empty base64');
    const targets = Array.isArray(f.toUserIDs) && f.toUserIDs.length === 0 ? null : this.customTargets(session, f.toUserIDs);
    if (!session.customs.take(this.now())) throw new RequestError(Code.MESSAGE_FREQUENCY_LIMITED, 'transparent messages are rate limited');
    const frame: ServerFrame = { t: 'transparent', roomID: session.room.roomID, fromUser: session.user, content };
    if (targets) for (const s of targets) s.push(frame);
    else session.room.push(frame, session);
  }

  private customTargets(session: Session, toUserIDs: unknown): Session[] {
    if (!Array.isArray(toUserIDs) || toUserIDs.length === 0 || toUserIDs.length > MAX_CUSTOM_TARGETS) {
      throw new RequestError(Code.INPUT_PARAM, `toUserIDs must list 1..${MAX_CUSTOM_TARGETS} user IDs`);
    }
    const out = new Set<Session>();
    for (const userID of toUserIDs) {
      const bad = checkUserID(userID);
      if (bad) throw new RequestError(bad.code, bad.message);
      const target = session.room.byUser.get(userID as string);
      if (target && target !== session) out.add(target);
    }
    return [...out];
  }

  private onSignal(link: Link, f: Obj): void {
    const data = parseSignal(f.data);
    if (typeof f.to !== 'string' || !data) return this.fault(link, Code.INPUT_PARAM, 'malformed signal');
    const from = link.session;
    const target = this.sessions.get(f.to);
    if (!from || !target || target.room !== from.room) {
      this.log('info', 'signal dropped: no such session in the room (it may have just left)', { from: from && short(from.id) });
      return;
    }
    target.push({ t: 'signal', from: from.id, data });
  }

  private checkToken(token: unknown, appID: number, userID: string, roomID: string): TokenCheckOk | TokenCheckFail {
    const verify = this.options.verifyToken;
    if (!verify) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS)
        return { ok: false, code: Code.INPUT_PARAM, message: 'token must be a string' };
      return { ok: true, expire: 0, canPublish: () => true };
    }
    const bad = checkToken(token);
    if (bad) return { ok: false, ...bad };
    return verify(token as string, { appID, userID, roomID });
  }

  private log(level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, msg, fields);
  }
}

// ---- validation of client frames ----

interface LoginReq {
  appID: number;
  roomID: string;
  token: string;
  user: WireUser;
  userUpdate: boolean;
  maxMemberCount: number;
  session: string;
  resume: PublishInfo[];
  /** Server time the client last saw, when resuming: messages the room got after it are replayed. */
  since?: number;
}

function parseLogin(f: Obj): LoginReq | CheckFailure {
  if (f.v !== PROTOCOL_VERSION) return fail(Code.INPUT_PARAM, `unsupported protocol version (want ${PROTOCOL_VERSION})`);
  const appID = f.appID;
  if (!Number.isSafeInteger(appID) || (appID as number) <= 0 || (appID as number) > 0xffffffff)
    return fail(Code.INPUT_PARAM, 'appID must be a positive integer');
  const badRoom = checkRoomID(f.roomID);
  if (badRoom) return badRoom;
  if (!isObj(f.user)) return fail(Code.INPUT_PARAM, 'user must be an object');
  const badUser = checkUserID(f.user.userID) ?? checkUserName(f.user.userName);
  if (badUser) return badUser;
  if (typeof f.token !== 'string') return fail(Code.INPUT_PARAM, 'token must be a string');
  if (f.userUpdate !== undefined && typeof f.userUpdate !== 'boolean') return fail(Code.INPUT_PARAM, 'userUpdate must be a boolean');
  const max = f.maxMemberCount ?? 0;
  if (!Number.isSafeInteger(max) || (max as number) < 0) return fail(Code.INPUT_PARAM, 'maxMemberCount must be a non-negative integer');
  if (typeof f.session !== 'string' || !SESSION_ID.test(f.session))
    return fail(Code.INPUT_PARAM, 'session must be 1..128 of [A-Za-z0-9_.:-]');
  const resume: PublishInfo[] = [];
  if (f.resume !== undefined) {
    if (!isObj(f.resume) || !Array.isArray(f.resume.publish) || f.resume.publish.length > MAX_STREAMS_PER_SESSION) {
      return fail(Code.INPUT_PARAM, 'resume.publish must be an array');
    }
    for (const p of f.resume.publish) {
      const info = parsePublishInfo(p);
      if ('code' in info) return info;
      resume.push(info);
    }
  }
  return {
    appID: appID as number,
    roomID: f.roomID as string,
    token: f.token,
    user: { userID: f.user.userID as string, userName: (f.user.userName as string | undefined) ?? '' },
    userUpdate: f.userUpdate === true,
    maxMemberCount: max as number,
    session: f.session,
    resume,
    since: isObj(f.resume) && Number.isFinite(f.resume.since) && (f.resume.since as number) >= 0 ? (f.resume.since as number) : undefined,
  };
}

function parsePublishInfo(v: unknown): PublishInfo | CheckFailure {
  if (!isObj(v)) return fail(Code.INPUT_PARAM, 'stream must be an object');
  const bad = checkStreamID(v.streamID);
  if (bad) return bad;
  const extraInfo = v.extraInfo ?? '';
  const badExtra = checkStreamExtra(extraInfo);
  if (badExtra) return badExtra;
  const video = v.video ?? 'OPEN';
  const audio = v.audio ?? 'OPEN';
  if (!isMediaState(video) || !isMediaState(audio)) return fail(Code.INPUT_PARAM, 'video and audio must be OPEN or MUTE');
  if (v.data !== undefined && v.data !== true) return fail(Code.INPUT_PARAM, 'data must be true or absent');
  return {
    streamID: v.streamID as string,
    extraInfo: extraInfo as string,
    video,
    audio,
    ...(v.data === true ? { data: true as const } : {}),
  };
}

function checkStreamExtra(v: unknown): CheckFailure | null {
  if (typeof v !== 'string') return fail(Code.STREAM_EXTRA_INFO_NULL, 'stream extra info must be a string');
  if (v.length > Limits.streamExtraInfoChars)
    return fail(Code.STREAM_EXTRA_INFO_TOO_LONG, 'stream extra info is longer than 1024 characters');
  return null;
}

function checkRoomExtra(key: unknown, value: unknown, current: WireRoomExtraInfo | null): CheckFailure | null {
  if (typeof key !== 'string' || typeof value !== 'string') return fail(Code.INPUT_PARAM, 'key and value must be strings');
  if (key.length === 0) return fail(Code.ROOM_EXTRA_KEY_EMPTY, 'room extra info key is empty');
  if (utf8Length(key) > Limits.roomExtraKeyBytes) return fail(Code.ROOM_EXTRA_KEY_TOO_LONG, 'room extra info key is longer than 10 bytes');
  if (utf8Length(value) > Limits.roomExtraValueBytes)
    return fail(Code.ROOM_EXTRA_VALUE_TOO_LONG, 'room extra info value is longer than 100 bytes');
  if (current && current.key !== key) return fail(Code.ROOM_EXTRA_KEY_LIMIT, 'a room holds one extra info key');
  return null;
}

function parsePrefs(v: unknown): PlayPrefs | null {
  if (!isObj(v)) return null;
  if (v.video !== 'high' && v.video !== 'low' && v.video !== 'off') return null;
  if (typeof v.audio !== 'boolean') return null;
  return { video: v.video, audio: v.audio };
}

/** Rebuilds the signal data from the known fields only, so nothing unvalidated is relayed. */
function parseSignal(v: unknown): SignalData | null {
  if (!isObj(v)) return null;
  const { kind, playID, streamID } = v;
  if (typeof playID !== 'string' || playID.length === 0 || playID.length > 128) return null;
  if (checkStreamID(streamID)) return null;
  const sid = streamID as string;
  if (kind === 'offer' || kind === 'answer') {
    if (typeof v.sdp !== 'string' || v.sdp.length > MAX_SDP_CHARS) return null;
    if (kind === 'offer' && v.prefs !== undefined) {
      const prefs = parsePrefs(v.prefs);
      if (!prefs) return null;
      return { kind, playID, streamID: sid, sdp: v.sdp, prefs };
    }
    return { kind, playID, streamID: sid, sdp: v.sdp };
  }
  if (kind === 'prefs') {
    const prefs = parsePrefs(v.prefs);
    return prefs ? { kind, playID, streamID: sid, prefs } : null;
  }
  if (kind === 'close') {
    if (!Number.isSafeInteger(v.code)) return null;
    return { kind, playID, streamID: sid, code: v.code as number };
  }
  if (kind === 'candidate') {
    if (v.role !== 'player' && v.role !== 'publisher') return null;
    if (v.candidate === null) return { kind, playID, streamID: sid, role: v.role, candidate: null };
    const candidate = parseCandidate(v.candidate);
    return candidate ? { kind, playID, streamID: sid, role: v.role, candidate } : null;
  }
  return null;
}

/** Rebuilds one trickled ICE candidate from its known fields; null when any is malformed. */
function parseCandidate(v: unknown): WireCandidate | null {
  if (!isObj(v)) return null;
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = v;
  if (typeof candidate !== 'string' || candidate.length > MAX_CANDIDATE_CHARS || !CANDIDATE.test(candidate)) return null;
  if (sdpMid !== null && !(typeof sdpMid === 'string' && sdpMid.length <= 64 && /^[\x21-\x7e]*$/.test(sdpMid))) return null;
  if (sdpMLineIndex !== null && !(Number.isSafeInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0 && (sdpMLineIndex as number) < 64))
    return null;
  if (sdpMid === null && sdpMLineIndex === null) return null;
  const out: WireCandidate = { candidate, sdpMid: sdpMid as string | null, sdpMLineIndex: sdpMLineIndex as number | null };
  if (usernameFragment === undefined) return out;
  if (usernameFragment !== null && !(typeof usernameFragment === 'string' && /^[\x21-\x7e]{0,256}$/.test(usernameFragment))) return null;
  return { ...out, usernameFragment: usernameFragment as string | null };
}

/** Room IDs and stream IDs are unique per appID: the key of either in the core's maps. */
const appKey = (appID: number, id: string) => `${appID} ${id}`;
/** Session IDs let a client resume: log a prefix only. */
const short = (id: string) => id.slice(0, 8);
