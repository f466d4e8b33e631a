import type { ZegoRoomConfig, ZegoRoomStateChangedReason, ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import { Code, checkToken, type Failure } from '../shared/codes.js';
import {
  PROTOCOL_VERSION,
  type ClientRequest,
  type LoginOk,
  type PublishInfo,
  type ServerFrame,
  type SignalData,
  type WireCandidate,
  type WireUser,
} from '../shared/protocol.js';
import { tokenExpireOf } from '../shared/token-expire.js';
import type { Emit, EngineOptions } from './options.js';
import type { Transport } from './transport.js';
import { randomId } from './secure-context.js';

/** The three-state value of `roomStateUpdate`. */
export type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED';
/** The reason of `roomStateChanged`. */
export type StateReason = `${ZegoRoomStateChangedReason}`;

/** How a session came to have the room's state: its first login, a resume the core kept, or a rebuilt one. */
export type SnapshotKind = 'login' | 'resume' | 'rebuild';

/** What the session asks of the rest of the engine. */
export interface SessionHooks {
  emit: Emit;
  /** What this client publishes: sent on resume so that a core that lost its state re-creates it. */
  publishing(): PublishInfo[];
  /** Logged in, or back after a lost link, with the room as the core sees it. */
  established(ok: LoginOk, kind: SnapshotKind): void;
  /** A pushed frame that is not an answer to a request: room deltas, messages, signals. */
  frame(frame: ServerFrame): void;
  /** The session is ending: close everything that hangs on it (the link still carries goodbyes now). */
  ending(code: number, wasLoggedIn: boolean): void;
  /** The room state became DISCONNECTED (login failed, logout, kickout, reconnection failed): the session is over. */
  closed(): void;
}

/** Opens a new transport to the room core; the session makes one per connection attempt. */
export type Connect = (openTimeoutMs: number) => Transport;

interface PendingRequest {
  frame: ClientRequest;
  resolve(data: Record<string, unknown>): void;
  reject(f: Failure): void;
  timer?: ReturnType<typeof setTimeout>;
  /** Messages may have arrived: after a lost link they are rejected, never re-sent twice. */
  once: boolean;
}

/** Back-off of login and reconnection attempts: 250 ms doubling to 4 s. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 4000;
/** A request without an answer fails after this long with the SDK's "network timeout". */
const REQUEST_TIMEOUT_MS = 15_000;

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

/**
 * The signalling side of one engine: the login (connect loop with back-off until the room retry time runs out),
 * the heartbeat, requests and their answers (queued while the link is down, `once` ones rejected instead of sent
 * twice), reconnection after a lost link (held back from the page for `reconnectHoldMs`, as the SDK does),
 * `tokenWillExpire`, and the room state events. Frames that are not answers go to `hooks.frame`.
 *
 * Every async step carries the `generation` it started in; logout, kickout and a new login bump it, so work of an
 * older session stops touching state.
 */
export class RoomSession {
  /** How long logins and reconnections retry (the SDK's `roomRetryTime`). */
  retryMs = 300_000;

  private roomIDValue = '';
  private token = '';
  private user: WireUser = { userID: '', userName: '' };
  private config: Required<ZegoRoomConfig> = { userUpdate: false, maxMemberCount: 0 };
  private sessionID = '';
  private state: ConnectionState = 'DISCONNECTED';
  private loggedInValue = false;
  private generation = 0;
  private transport?: Transport;
  /** A transport being opened or logged in on, not yet carrying the session: `end` closes it. */
  private opening?: Transport;
  /** Ends the waits of a login in progress (back-off sleeps, an unanswered login frame) when the session ends. */
  private readonly cancellers = new Set<() => void>();
  private linkUpValue = false;
  private pendingLogin?: { reject(f: Failure): void };
  private readonly requests = new Map<number, PendingRequest>();
  private queue: PendingRequest[] = [];
  private nextID = 1;
  private heartbeatTimer?: ReturnType<typeof setInterval>;
  private lastFrameAt = 0;
  /** The core's clock as last seen (pong, messages): sent on resume so a rebuilt session gets missed messages. */
  private serverTime = 0;
  private reconnecting?: { announced: boolean; holdTimer?: ReturnType<typeof setTimeout> };
  private tokenTimer?: ReturnType<typeof setTimeout>;
  /** When each ping in flight was sent, by its number: a pong gives the round trip and the core's clock. */
  private readonly pings = new Map<number, number>();
  /** The core's clock minus ours, from the pong with the shortest round trip; its error is half that trip. */
  private clock?: { offset: number; error: number };
  /** Who takes the trickled candidates of a play connection: `${receiving side} ${playID}` -> its handler. */
  private readonly candidateRoutes = new Map<string, (from: string, candidate: WireCandidate | null) => void>();

  constructor(
    private readonly appID: number,
    private readonly opts: EngineOptions,
    private readonly hooks: SessionHooks,
    private readonly connect: Connect,
  ) {}

  get roomID(): string {
    return this.roomIDValue;
  }

  get userID(): string {
    return this.user.userID;
  }

  /** The user logged in as. */
  get self(): ZegoUser {
    return { userID: this.user.userID, userName: this.user.userName };
  }

  /** Whether users of the room are reported (`userUpdate` of the login's config). */
  get userUpdate(): boolean {
    return this.config.userUpdate;
  }

  get loggedIn(): boolean {
    return this.loggedInValue;
  }

  /** Whether a login is in progress or done (not DISCONNECTED). */
  get active(): boolean {
    return this.state !== 'DISCONNECTED';
  }

  /** `getNetworkTimeInfo`: the core's clock now, and how far off it may be; timestamp 0 before the first pong. */
  networkTime(): { timestamp: number; maxDeviation: number } {
    if (!this.clock) return { timestamp: 0, maxDeviation: 0 };
    return { timestamp: Math.round(Date.now() + this.clock.offset), maxDeviation: Math.ceil(this.clock.error) };
  }

  /** Whether frames reach the core right now (false while reconnecting). */
  get linkUp(): boolean {
    return this.linkUpValue;
  }

  /**
   * Logs in. LOGINING fires first, then `invalid` (the caller's argument checks) fails the login as the SDK's
   * does. Resolves once logged in; rejects `{code, message}` (login failure, logout or destroy meanwhile).
   */
  login(roomID: unknown, token: string, user: ZegoUser, config: ZegoRoomConfig | undefined, invalid: Failure | null): Promise<void> {
    this.roomIDValue = typeof roomID === 'string' ? roomID : '';
    this.setState('CONNECTING', 'LOGINING', 0);
    if (invalid) {
      this.setState('DISCONNECTED', 'LOGIN_FAILED', invalid.code);
      return Promise.reject(invalid);
    }
    const generation = ++this.generation;
    this.token = token;
    this.user = { userID: user.userID, userName: user.userName ?? '' };
    this.config = { userUpdate: !!config?.userUpdate, maxMemberCount: Math.max(0, Number(config?.maxMemberCount) || 0) };
    this.sessionID = randomId();
    this.serverTime = 0;
    return new Promise<void>((resolve, reject) => {
      this.pendingLogin = { reject };
      this.connectLoop(generation, false).then(
        (ok) => {
          if (generation !== this.generation) return;
          this.pendingLogin = undefined;
          this.loggedInValue = true;
          this.setState('CONNECTED', 'LOGINED', 0);
          this.hooks.established(ok, 'login');
          this.startHeartbeat();
          this.scheduleTokenWillExpire(ok.tokenExpire || tokenExpireOf(this.token));
          resolve();
        },
        (f: Failure) => {
          if (generation !== this.generation) return;
          this.pendingLogin = undefined;
          this.dropTransport();
          this.setState('DISCONNECTED', 'LOGIN_FAILED', f.code);
          reject(f);
        },
      );
    });
  }

  logout(roomID?: string): void {
    if (this.state === 'DISCONNECTED' && !this.pendingLogin) return;
    if (roomID !== undefined && roomID !== this.roomIDValue) return;
    const transport = this.loggedInValue && this.linkUpValue ? this.transport : undefined;
    // the goodbyes of what closes (play and publish connections) go out before the logout itself
    this.end(Code.OK, () => transport?.send({ t: 'logout', id: this.nextID++ }));
    this.cancelPendingLogin('login cancelled by logoutRoom');
    this.setState('DISCONNECTED', 'LOGOUT', 0);
  }

  /** `destroyEngine`: logs out if needed, then nothing of the session is left. */
  destroy(): void {
    if (this.state !== 'DISCONNECTED' || this.pendingLogin) this.logout();
    this.end(0);
    this.cancelPendingLogin('engine destroyed');
  }

  renew(token: string, roomID?: string): boolean {
    if (checkToken(token) || !this.loggedInValue || (roomID !== undefined && roomID !== this.roomIDValue)) return false;
    this.token = token;
    this.scheduleTokenWillExpire(tokenExpireOf(token));
    this.request({ t: 'renew', token }).catch(() => {});
    return true;
  }

  /** Sends a request now, or queues it while the link is down; `once` ones are not re-sent after a loss. */
  request(frame: DistributiveOmit<ClientRequest, 'id'>, once = false): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const req: PendingRequest = { frame: { ...frame, id: this.nextID++ } as ClientRequest, resolve, reject, once };
      if (this.linkUpValue) this.sendRequest(req);
      else if (this.loggedInValue) this.queue.push(req);
      else reject({ code: Code.NOT_LOGIN, message: 'not login' });
    });
  }

  /** Relays a WebRTC signal to another session of the room; dropped while the link is down (both sides retry). */
  signal(to: string, data: SignalData): void {
    if (this.linkUpValue) this.transport?.send({ t: 'signal', to, data });
  }

  /**
   * Hands the candidates trickled to `side` of play connection `playID` (by the other side, with the sender's
   * session) to `handler`, straight from the link; returns what stops it. The connection's owner calls that when
   * it closes.
   */
  routeCandidates(
    side: 'player' | 'publisher',
    playID: string,
    handler: (from: string, candidate: WireCandidate | null) => void,
  ): () => void {
    const key = `${side} ${playID}`;
    this.candidateRoutes.set(key, handler);
    return () => {
      if (this.candidateRoutes.get(key) === handler) this.candidateRoutes.delete(key);
    };
  }

  // ---------------------------------------------------------------------------------------------- connecting

  private sendRequest(req: PendingRequest) {
    this.requests.set(req.frame.id, req);
    req.timer = setTimeout(() => {
      this.requests.delete(req.frame.id);
      req.reject({ code: Code.NETWORK_TIMEOUT, message: 'network timeout' });
    }, REQUEST_TIMEOUT_MS);
    this.transport!.send(req.frame);
  }

  /** Connects (or reconnects) and logs in, retrying with back-off until the room retry time runs out. */
  private async connectLoop(generation: number, resume: boolean): Promise<LoginOk> {
    const started = Date.now();
    let delay = FIRST_RETRY_MS;
    let lastError: Failure = { code: Code.LOGIN_TIMEOUT, message: 'login timeout' };
    for (;;) {
      if (generation !== this.generation) throw { code: Code.NOT_LOGIN, message: 'cancelled' };
      const left = this.retryMs - (Date.now() - started);
      if (left <= 0) throw resume ? { code: Code.ROOM_RETRY_TIMEOUT, message: 'network is broken and login fail.' } : lastError;
      const transport = this.connect(Math.min(5000, left));
      this.opening = transport;
      try {
        await transport.open();
      } catch (e) {
        transport.close();
        this.opening = undefined;
        // what no retry can change (a room between tabs in a browser without Web Locks): fail now, saying why
        if ((e as { permanent?: boolean } | null)?.permanent) throw { code: Code.ROOM_INNER_ERROR, message: (e as Error).message };
        await this.sleep(Math.min(delay, Math.max(0, left)));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
        continue;
      }
      if (generation !== this.generation) {
        transport.close();
        throw { code: Code.NOT_LOGIN, message: 'cancelled' };
      }
      try {
        return await this.sendLogin(transport, resume, Math.min(10000, left));
      } catch (f) {
        this.opening = undefined;
        transport.close();
        if (this.transport === transport) this.transport = undefined;
        const failure = f as Failure & { retry?: boolean };
        if (!failure.retry) throw failure;
        lastError = { code: Code.LOGIN_TIMEOUT, message: 'login timeout' };
        await this.sleep(Math.min(delay, Math.max(0, left)));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  /** A back-off wait that `end` cuts short, so nothing of a cancelled login outlives it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cancellers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancellers.add(done);
    });
  }

  private sendLogin(transport: Transport, resume: boolean, timeoutMs: number): Promise<LoginOk> {
    return new Promise((resolve, reject) => {
      const id = this.nextID++;
      const settle = (f?: Failure & { retry?: boolean }, ok?: LoginOk) => {
        clearTimeout(timer);
        this.cancellers.delete(cancel);
        if (ok) resolve(ok);
        else reject(f);
      };
      const cancel = () => settle({ code: Code.NOT_LOGIN, message: 'cancelled' });
      const timer = setTimeout(() => settle({ code: Code.LOGIN_TIMEOUT, message: 'login timeout', retry: true }), timeoutMs);
      this.cancellers.add(cancel);
      transport.onclose = () => settle({ code: Code.LOGIN_TIMEOUT, message: 'link lost during login', retry: true });
      transport.onframe = (frame) => {
        if (frame.t === 'login-ok' && frame.id === id) {
          this.opening = undefined;
          this.attach(transport);
          settle(undefined, frame);
        } else if (frame.t === 'err' && frame.id === id) {
          settle({ code: frame.code, message: frame.message });
        }
      };
      transport.send({
        t: 'login',
        id,
        v: PROTOCOL_VERSION,
        appID: this.appID,
        roomID: this.roomIDValue,
        token: this.token,
        user: this.user,
        userUpdate: this.config.userUpdate,
        maxMemberCount: this.config.maxMemberCount,
        session: this.sessionID,
        ...(resume ? { resume: { publish: this.hooks.publishing(), since: this.serverTime } } : {}),
      });
    });
  }

  /** The transport carries this session from now on: frames go to `onFrame`, its loss starts a reconnection. */
  private attach(transport: Transport) {
    this.transport = transport;
    this.linkUpValue = true;
    this.lastFrameAt = Date.now();
    transport.onframe = (f) => this.onFrame(f);
    transport.onclose = () => {
      if (this.transport === transport) this.linkLost();
    };
    for (const req of this.queue.splice(0)) this.sendRequest(req);
  }

  private startHeartbeat() {
    clearInterval(this.heartbeatTimer);
    let n = 0;
    this.heartbeatTimer = setInterval(() => {
      if (!this.linkUpValue) return;
      if (Date.now() - this.lastFrameAt > this.opts.heartbeatTimeoutMs) {
        this.linkLost();
        return;
      }
      this.pings.set(n, Date.now());
      // pongs that never came (a lost link) must not pile up
      if (this.pings.size > 8) this.pings.delete(this.pings.keys().next().value!);
      this.transport?.send({ t: 'ping', n: n++ });
    }, this.opts.heartbeatIntervalMs);
  }

  /** The signalling link broke while logged in: media keeps flowing peer to peer while we reconnect. */
  private linkLost() {
    if (!this.linkUpValue || !this.loggedInValue) return;
    this.dropTransport();
    for (const [id, req] of this.requests) {
      clearTimeout(req.timer);
      this.requests.delete(id);
      if (req.once) req.reject({ code: Code.MESSAGE_SEND_FAILED, message: 'link lost: message may not have been delivered' });
      else this.queue.push(req);
    }
    const generation = this.generation;
    const r: NonNullable<typeof this.reconnecting> = { announced: false };
    this.reconnecting = r;
    r.holdTimer = setTimeout(() => {
      if (this.reconnecting !== r) return;
      r.announced = true;
      this.setState('CONNECTING', 'RECONNECTING', Code.NETWORK_RECOVERY);
    }, this.opts.reconnectHoldMs);
    this.connectLoop(generation, true).then(
      (ok) => {
        if (generation !== this.generation) return;
        clearTimeout(r.holdTimer);
        this.reconnecting = undefined;
        if (r.announced) this.setState('CONNECTED', 'RECONNECTED', 0);
        this.hooks.established(ok, ok.resumed ? 'resume' : 'rebuild');
      },
      (f: Failure) => {
        if (generation !== this.generation) return;
        clearTimeout(r.holdTimer);
        this.reconnecting = undefined;
        this.end(f.code);
        this.setState('DISCONNECTED', f.code === Code.ROOM_RETRY_TIMEOUT ? 'RECONNECT_FAILED' : 'LOGIN_FAILED', f.code);
      },
    );
  }

  private dropTransport() {
    this.linkUpValue = false;
    const t = this.transport;
    this.transport = undefined;
    if (t) {
      t.onclose = () => {};
      t.onframe = () => {};
      t.close();
    }
  }

  private onFrame(frame: ServerFrame) {
    this.lastFrameAt = Date.now();
    switch (frame.t) {
      case 'ok':
      case 'err': {
        const req = this.requests.get(frame.id);
        if (!req) return;
        clearTimeout(req.timer);
        this.requests.delete(frame.id);
        if (frame.t === 'ok') req.resolve(frame.data ?? {});
        else req.reject({ code: frame.code, message: frame.message });
        return;
      }
      case 'pong': {
        if (!frame.at) return;
        this.serverTime = Math.max(this.serverTime, frame.at);
        const sent = this.pings.get(frame.n);
        this.pings.delete(frame.n);
        if (sent === undefined) return;
        const now = Date.now();
        const error = (now - sent) / 2;
        if (!this.clock || error <= this.clock.error) this.clock = { offset: frame.at + error - now, error };
        return;
      }
      case 'kickout':
        this.dropTransport();
        this.end(frame.code);
        this.setState('DISCONNECTED', 'KICKOUT', frame.code, frame.reason);
        return;
      case 'im':
        this.serverTime = Math.max(this.serverTime, frame.sendTime);
        this.hooks.frame(frame);
        return;
      case 'signal':
        if (frame.data?.kind === 'candidate') {
          const to = frame.data.role === 'player' ? 'publisher' : 'player';
          // none waiting: the connection is gone or never was; the other side retries on its own
          this.candidateRoutes.get(`${to} ${frame.data.playID}`)?.(frame.from, frame.data.candidate);
          return;
        }
        this.hooks.frame(frame);
        return;
      default:
        this.hooks.frame(frame);
    }
  }

  // ---------------------------------------------------------------------------------------------- state

  private setState(state: ConnectionState, reason: StateReason, errorCode: number, extendedData = '') {
    const changed = state !== this.state;
    this.state = state;
    // before the events: a listener may log in again at once
    if (changed && state === 'DISCONNECTED') this.hooks.closed();
    if (!changed && reason !== 'LOGINED') return;
    this.hooks.emit('roomStateChanged', this.roomIDValue, reason, errorCode, extendedData);
    this.hooks.emit('roomStateUpdate', this.roomIDValue, state, errorCode, extendedData);
  }

  private scheduleTokenWillExpire(expire: number) {
    clearTimeout(this.tokenTimer);
    if (!expire) return;
    const delay = Math.max(0, expire * 1000 - 30_000 - Date.now());
    // setTimeout overflows past ~24.8 days; such tokens are re-checked by renewToken anyway
    if (delay > 2 ** 31 - 1) return;
    const roomID = this.roomIDValue;
    this.tokenTimer = setTimeout(() => {
      if (this.loggedInValue) this.hooks.emit('tokenWillExpire', roomID);
    }, delay);
  }

  private cancelPendingLogin(message: string) {
    this.pendingLogin?.reject({ code: Code.NOT_LOGIN, message });
    this.pendingLogin = undefined;
  }

  /**
   * Ends the session locally: what hangs on it closed (`hooks.ending`, while the link still carries its goodbyes),
   * then `farewell` (the logout frame), requests rejected, timers cleared, link dropped.
   */
  private end(code: number, farewell?: () => void) {
    this.generation++;
    const wasLoggedIn = this.loggedInValue;
    this.loggedInValue = false;
    if (this.reconnecting) clearTimeout(this.reconnecting.holdTimer);
    this.reconnecting = undefined;
    this.hooks.ending(code, wasLoggedIn);
    farewell?.();
    const reason = { code: code || Code.NOT_LOGIN, message: 'session ended' };
    for (const [, req] of this.requests) {
      clearTimeout(req.timer);
      req.reject(reason);
    }
    this.requests.clear();
    for (const req of this.queue.splice(0)) req.reject(reason);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.tokenTimer);
    this.heartbeatTimer = this.tokenTimer = undefined;
    this.pings.clear();
    this.dropTransport();
    this.opening?.close();
    this.opening = undefined;
    for (const cancel of [...this.cancellers]) cancel();
    this.cancellers.clear();
  }
}
