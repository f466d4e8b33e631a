// Over 500 lines on purpose: the engine's life, the login and the publications are one state machine driven by
// one loop; they read and write the same session. What is pure lives beside it (engine-plan.ts, snapshot.ts,
// token.ts).
import type { ReactiveControllerHost } from 'lit';
import type { ZegoWebPlayOption, ZegoWebPublishOption } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoRoomStateChangedReason } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import { DeferredTeardown } from '../controllers/deferred-teardown.js';
import { ReconcileLoop } from '../controllers/reconcile-loop.js';
import { Code, checkRoomID, checkUserID, checkUserName, toZegoError } from '../shared/codes.js';
import { abortable, delay } from './async.js';
import { EMPTY_SNAPSHOT, type LocalMediaState, type RoomApi, type RoomChild, type RoomSnapshot, type RoomState } from './context.js';
import type { RoomEngine, ZegoLocalStreamLike } from './engine.js';
import { planEngine, type EnginePlan, type EngineSettings } from './engine-plan.js';
import { snapshotPatch } from './snapshot.js';
import { ZEGO_EVENT_NAMES, ZegoEngineEvent, ZegoErrorEvent, detailOf, type ZegoErrorDetail, type ZegoEventName } from './events.js';
import { fetchToken, loginToken } from './token.js';
import { createZegoEngine } from './zego-sdk.js';

/** The element's attributes, as the controller reads them at each step. */
export interface RoomSettings extends EngineSettings {
  roomID: string | null;
  userID: string | null;
  userName: string | null;
  token: string | null;
  tokenURL: string | null;
  manual: boolean;
}

type LocalEngineModule = typeof import('../engine/index.js');

/** How the controller gets the local engine's module, which loads on first use (see src/lazy.ts). */
export interface RoomLoaders {
  localEngine(): Promise<LocalEngineModule>;
  /** The module if some `localEngine()` already resolved. */
  loadedLocalEngine(): LocalEngineModule | undefined;
}

interface Target {
  roomID: string;
  userID: string;
  userName: string;
  token: string | null;
  tokenURL: string | null;
}

interface Session extends Target {
  engine: RoomEngine;
  /** Aborted when the session ends: token fetch, login wait and timers stop. */
  controller: AbortController;
  loginCalled: boolean;
  established: boolean;
  /** Settles when the login succeeded, failed or was abandoned; never rejects. */
  settled: Promise<void>;
  /** Where renewals come from: `token-url`, or the dev room server's `/token`. */
  renewURL?: string;
}

/** The own login timer fires this long after `login-timeout`: the engine's LOGIN_FAILED should come first. */
const LOGIN_GRACE_MS = 1000;

/**
 * Owns the engine and the login of one `<zego-room>`, and re-dispatches every engine callback from the host.
 *
 * All work goes through one `ReconcileLoop` (`request()` -> `reconcile()`, policy `cancel`): each step compares
 * what the attributes ask for with what exists and closes the gap (engine created or released, room left or
 * joined). A newer request aborts the step in progress, so rapid attribute changes end in the last room with a
 * single session, and a removal during a login abandons it (after one task: a move in the DOM keeps the call). The SDK's `loginRoom` promise can stay pending forever (after a logout or
 * destroy), so it is never awaited without an abort signal and a timer of our own.
 */
export class RoomController {
  snapshot: RoomSnapshot = EMPTY_SNAPSHOT;
  /** The last problem, for the status line; cleared by the next login. */
  lastError: ZegoErrorDetail | undefined;
  readonly api: RoomApi;

  private engine?: RoomEngine;
  private enginePlan?: EnginePlan;
  private ownsEngine = false;
  private unsubscribe?: () => void;
  private session?: Session;
  /** join() sets it, leave() clears it; undefined: auto-join unless `manual`. */
  private wanted: boolean | undefined;
  private readonly lifetime = new DeferredTeardown({ connect: () => this.request(), disconnect: () => this.request() });
  private readonly loop = new ReconcileLoop({
    policy: 'cancel',
    step: (signal) => this.reconcile(signal),
    key: () => this.desiredKey(),
    onError: (e) => this.fail({ ...toZegoError(e, Code.INPUT_PARAM), source: 'engine' }),
    onIdle: () => {
      this.wakeEngineWaiters();
      if (!this.live) this.settleOutcome('idle');
    },
  });
  private readonly children = new Set<RoomChild>();
  private readonly publications = new Map<string, { localStream: ZegoLocalStreamLike; options?: ZegoWebPublishOption }>();
  private readonly outcomeWaiters = new Set<(state: RoomState) => void>();
  /** Woken when an engine appears or the loop goes idle (whenEngine). */
  private readonly engineWaiters = new Set<() => void>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly settings: () => RoomSettings,
    private readonly changed: (snapshot: RoomSnapshot) => void,
    private readonly loaders: RoomLoaders,
  ) {
    const self = this;
    this.api = Object.freeze({
      get engine() {
        return self.engine;
      },
      publish: (streamID: string, localStream: ZegoLocalStreamLike, options?: ZegoWebPublishOption) =>
        this.publish(streamID, localStream, options),
      unpublish: (streamID: string) => this.unpublish(streamID),
      play: (streamID: string, options?: ZegoWebPlayOption) => this.play(streamID, options),
      stop: (streamID: string) => this.engine?.stopPlayingStream(streamID),
      register: (child: RoomChild) => void this.children.add(child),
      unregister: (child: RoomChild) => void this.children.delete(child),
      leave: () => this.leave(),
      join: () => this.join(),
      reportLocal: (state: LocalMediaState | null) => this.reportLocal(state),
    });
    // last: a connected host connects at once
    host.addController(this.lifetime);
  }

  get currentEngine(): RoomEngine | undefined {
    return this.engine;
  }

  get roomID(): string | undefined {
    return this.session?.roomID;
  }

  /** In the document (or moving within it): the element wants its engine and room. */
  private get live(): boolean {
    return this.lifetime.live;
  }

  /** `join()`: in `manual` mode the only way in; in auto mode it undoes `leave()`. */
  join(): Promise<void> {
    this.wanted = true;
    const target = this.target(this.settings());
    if (target && this.session?.established && sameTarget(this.session, target)) return Promise.resolve();
    const outcome = this.nextOutcome();
    this.request();
    return outcome;
  }

  leave(): void {
    this.wanted = false;
    this.request();
  }

  /** Attribute changes that may move the element to another engine or room. */
  settingsChanged(roomOrUser: boolean): void {
    if (roomOrUser && !this.settings().manual) this.wanted = undefined;
    this.request();
  }

  renewToken(token: string): boolean {
    const s = this.session;
    return !!s?.established && s.engine.renewToken(token, s.roomID);
  }

  /** Resolves with the engine once there is one (the SDK loads lazily); rejects when the element is not connected. */
  async whenEngine(): Promise<RoomEngine> {
    while (!this.engine) {
      if (!this.live) throw new Error('<zego-room> is not connected');
      if (!this.loop.busy) throw new Error(this.lastError?.message ?? 'no engine');
      await new Promise<void>((wake) => this.engineWaiters.add(wake));
    }
    return this.engine;
  }

  /** The joined room's ID, or a rejection with the SDK's "not logged in" shape. */
  requireRoom(): string {
    const s = this.session;
    if (!s?.established) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not in a room' };
    return s.roomID;
  }

  // ---------------------------------------------------------------------------------------------- the loop

  private request(): void {
    this.loop.request();
  }

  private desiredKey(): string {
    if (!this.live) return 'off';
    const s = this.settings();
    const plan = planEngine(s);
    return JSON.stringify([plan.ok ? plan.plan.key : plan.error, this.target(s) ?? null]);
  }

  private async reconcile(signal: AbortSignal): Promise<void> {
    const s = this.settings();
    const planned = this.live ? planEngine(s) : undefined;
    if (this.engine && (!planned?.ok || planned.plan.key !== this.enginePlan?.key)) this.releaseEngine();
    if (!planned) return;
    if (!planned.ok) {
      this.leaveRoom();
      this.fail({ ...planned.error, source: 'attribute' });
      return;
    }
    const target = this.target(s);
    if (!this.engine) {
      if (target) this.setState('connecting');
      if (!(await this.createEngine(planned.plan, s, signal))) return;
    }
    const session = this.session;
    if (session?.established && target && target.token && sameTarget(session, { ...target, token: session.token })) {
      // Only the token attribute changed: renew it in place rather than leave and re-join.
      session.token = target.token;
      if (!session.engine.renewToken(target.token, session.roomID)) {
        this.fail({ code: Code.TOKEN_ERROR, message: 'the engine refused the new token', source: 'token' }, false);
      }
    }
    if (session && !(target && sameTarget(session, target))) this.leaveRoom();
    if (!target) {
      this.setState('idle');
      return;
    }
    if (this.session) {
      // Same room: a pending login is waited for again (it may have been the step that was aborted).
      if (!this.session.established) await abortable(this.session.settled, signal);
      return;
    }
    const invalid = checkRoomID(target.roomID) ?? checkUserID(target.userID) ?? checkUserName(target.userName || undefined);
    if (invalid) {
      this.fail({
        ...invalid,
        message: `${invalid.message} (room-id "${target.roomID}", user-id "${target.userID}")`,
        source: 'attribute',
      });
      return;
    }
    const next: Session = {
      ...target,
      engine: this.engine!,
      controller: new AbortController(),
      loginCalled: false,
      established: false,
      settled: Promise.resolve(),
    };
    this.session = next;
    next.settled = this.login(next, s.loginTimeout);
    await abortable(next.settled, signal);
  }

  // ---------------------------------------------------------------------------------------------- engine

  private async createEngine(plan: EnginePlan, s: RoomSettings, signal: AbortSignal): Promise<boolean> {
    const factory = s.factory;
    const pending: Promise<{ engine: RoomEngine; owned: boolean }> =
      plan.kind === 'injected'
        ? Promise.resolve().then(async () => ({ engine: await factory!({ appID: plan.appID, server: plan.server }), owned: false }))
        : plan.kind === 'zego'
          ? createZegoEngine(plan.appID!, plan.server, s.debug).then((engine) => ({ engine, owned: true }))
          : this.loaders
              .localEngine()
              .then(({ ZegoLocalEngine }) => ({ engine: new ZegoLocalEngine(plan.appID!, plan.server), owned: true }));
    let built: { engine: RoomEngine; owned: boolean };
    try {
      built = await abortable(pending, signal);
    } catch (e) {
      if (signal.aborted) {
        // Arrived after nobody wanted it any more: ours to destroy, if we made it.
        pending.then(
          (b) => b.owned && b.engine.destroyEngine(),
          () => {},
        );
        return false;
      }
      this.fail({
        code: Code.INIT_SDK_WRONG,
        message: `the ${plan.kind} engine failed to load: ${toZegoError(e, 0).message}`,
        source: 'engine',
      });
      return false;
    }
    const { engine, owned } = built;
    this.engine = engine;
    this.ownsEngine = owned;
    this.enginePlan = plan;
    this.unsubscribe = this.subscribe(engine);
    engine.setSoundLevelDelegate?.(true, 1000);
    this.update({ engine });
    this.wakeEngineWaiters();
    return true;
  }

  /** Subscribes to every callback the engine implements (`on()` returns false for the others). */
  private subscribe(engine: RoomEngine): () => void {
    const handlers: [ZegoEventName, (...args: unknown[]) => void][] = [];
    for (const name of Object.keys(ZEGO_EVENT_NAMES) as ZegoEventName[]) {
      const fn = (...args: unknown[]) => this.onEngineEvent(engine, name, args);
      if (engine.on(name, fn)) handlers.push([name, fn]);
    }
    // Always with our own callbacks: `off(name)` alone would remove the page's listeners too.
    return () => handlers.forEach(([name, fn]) => engine.off(name, fn));
  }

  private releaseEngine(): void {
    const engine = this.engine;
    if (!engine) return;
    this.leaveRoom();
    for (const child of this.children) {
      try {
        child.releaseEngine?.(engine);
      } catch (e) {
        reportError(e);
      }
    }
    this.publications.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.engine = undefined;
    this.enginePlan = undefined;
    if (this.ownsEngine) {
      try {
        engine.destroyEngine();
      } catch (e) {
        reportError(e);
      }
    }
    this.ownsEngine = false;
    this.update({ engine: undefined, state: 'idle' });
  }

  // ---------------------------------------------------------------------------------------------- room

  private target(s: RoomSettings): Target | undefined {
    if (!(this.wanted ?? !s.manual)) return undefined;
    if (s.roomID === null || s.userID === null) return undefined;
    return { roomID: s.roomID, userID: s.userID, userName: s.userName ?? '', token: s.token || null, tokenURL: s.tokenURL || null };
  }

  /** The whole login of one session; never rejects, ends quietly when the session is abandoned. */
  private async login(session: Session, timeoutSeconds: number): Promise<void> {
    const signal = session.controller.signal;
    this.lastError = undefined;
    this.update({
      roomID: session.roomID,
      user: Object.freeze({ userID: session.userID, userName: session.userName }),
      users: [],
      streams: [],
      soundLevels: {},
    });
    this.setState('connecting');
    let token: string;
    try {
      token = await this.tokenFor(session, signal);
    } catch (e) {
      if (signal.aborted) return;
      this.endSession(session);
      this.fail({ ...toZegoError(e, Code.TOKEN_ERROR), source: 'token' });
      return;
    }
    if (signal.aborted) return;
    session.engine.setEngineConfig?.({ roomRetryTime: timeoutSeconds });
    session.loginCalled = true;
    let login: Promise<boolean>;
    try {
      login = session.engine.loginRoom(session.roomID, token, { userID: session.userID, userName: session.userName }, { userUpdate: true });
    } catch (e) {
      login = Promise.reject(e);
    }
    // Whichever comes first: the engine's answer, our own timer, or the session's end. The timer goes either way.
    const wait = new AbortController();
    const stop = () => wait.abort();
    signal.addEventListener('abort', stop, { once: true });
    const outcome = await Promise.race([
      login.then(
        () => ({ ok: true as const }),
        (e: unknown) => ({ ok: false as const, error: e }),
      ),
      delay(timeoutSeconds * 1000 + LOGIN_GRACE_MS, wait.signal).then(() => ({ ok: false as const, timeout: true })),
      new Promise<undefined>((resolve) => wait.signal.addEventListener('abort', () => resolve(undefined), { once: true })),
    ]);
    wait.abort();
    signal.removeEventListener('abort', stop);
    if (!outcome || signal.aborted) return;
    if (outcome.ok) {
      this.established(session);
      return;
    }
    this.endSession(session);
    if ('timeout' in outcome) {
      session.engine.logoutRoom(session.roomID);
      this.fail({
        code: Code.LOGIN_TIMEOUT,
        message: `login to room "${session.roomID}" timed out after ${timeoutSeconds} s`,
        source: 'login',
      });
    } else {
      const { code, message } = toZegoError(outcome.error, Code.ROOM_INNER_ERROR);
      this.fail({ code, message: `login to room "${session.roomID}" failed: ${message || code}`, source: 'login' });
    }
  }

  /** The token of this login; a local engine needs none (see `loginToken`). */
  private async tokenFor(session: Session, signal: AbortSignal): Promise<string> {
    const local = this.loaders.loadedLocalEngine()?.ZegoLocalEngine;
    const localServer = local && session.engine instanceof local ? session.engine.server : undefined;
    const { token, renewURL } = await loginToken(session, localServer, signal);
    session.renewURL = renewURL;
    return token;
  }

  private established(session: Session): void {
    if (this.session !== session || session.established) return;
    session.established = true;
    this.setState('connected');
    for (const [streamID, { localStream, options }] of this.publications) this.startPublishing(streamID, localStream, options);
  }

  /** Forgets the session without telling the engine (it ended on the engine's side, or is being logged out). */
  private endSession(session: Session): void {
    session.controller.abort();
    if (this.session === session) this.session = undefined;
  }

  private leaveRoom(): void {
    const session = this.session;
    if (!session) return;
    this.endSession(session);
    if (session.loginCalled) {
      try {
        session.engine.logoutRoom(session.roomID);
      } catch (e) {
        reportError(e);
      }
    }
    this.update({ state: 'idle', roomID: '', user: undefined, users: [], streams: [], soundLevels: {} });
  }

  private async renewFrom(session: Session): Promise<void> {
    if (!session.renewURL || !session.established) return;
    try {
      const token = await fetchToken(session.renewURL, session.userID, session.roomID, session.controller.signal);
      if (this.session !== session) return;
      if (!session.engine.renewToken(token, session.roomID))
        this.fail({ code: Code.TOKEN_ERROR, message: 'the engine refused the renewed token', source: 'token' }, false);
    } catch (e) {
      if (session.controller.signal.aborted) return;
      this.fail(
        { code: toZegoError(e, Code.TOKEN_ERROR).code, message: `token renewal failed: ${toZegoError(e, 0).message}`, source: 'token' },
        false,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------- media

  private publish(streamID: string, localStream: ZegoLocalStreamLike, options?: ZegoWebPublishOption): void {
    const before = this.publications.get(streamID);
    this.publications.set(streamID, { localStream, options });
    if (!this.session?.established) return;
    if (before?.localStream !== localStream) return this.startPublishing(streamID, localStream, options);
    // the same publication with new extra info (a screen share began or ended): tell the room, keep the stream
    const extraInfo = options?.extraInfo ?? '';
    if (extraInfo !== (before.options?.extraInfo ?? '')) {
      this.engine?.setStreamExtraInfo?.(streamID, extraInfo).catch((e: unknown) => {
        const { code, message } = toZegoError(e, Code.INPUT_PARAM);
        this.fail({ code, message: `updating the extra info of "${streamID}" failed: ${message}`, source: 'publish' }, false);
      });
    }
  }

  private startPublishing(streamID: string, localStream: ZegoLocalStreamLike, options?: ZegoWebPublishOption): void {
    try {
      // startPublishingStream throws its errors synchronously ({errorCode, extendedData}).
      this.engine!.startPublishingStream(streamID, localStream, options);
    } catch (e) {
      const { code, message } = toZegoError(e, Code.INPUT_PARAM);
      const detail = { code, message: `publishing "${streamID}" failed: ${message}`, source: 'publish' as const };
      this.fail(detail, false);
      for (const child of this.children) child.publishFailed?.(streamID, detail);
    }
  }

  private unpublish(streamID: string): void {
    if (!this.publications.delete(streamID)) return;
    if (this.session?.established) this.engine?.stopPublishingStream(streamID);
  }

  private play(streamID: string, options?: ZegoWebPlayOption): Promise<MediaStream> {
    if (!this.engine || !this.session?.established) return Promise.reject({ code: Code.NOT_LOGIN, message: 'not in a room' });
    return this.engine.startPlayingStream(streamID, options);
  }

  // ---------------------------------------------------------------------------------------------- events

  private onEngineEvent(engine: RoomEngine, name: ZegoEventName, args: unknown[]): void {
    if (engine !== this.engine) return;
    this.observe(name, args);
    // After removal nothing reaches the page, even while the deferred teardown is pending.
    if (this.host.isConnected) this.host.dispatchEvent(new ZegoEngineEvent(name, detailOf(name, args)));
    if (name === 'tokenWillExpire' && this.session && args[0] === this.session.roomID) void this.renewFrom(this.session);
  }

  /** Keeps the snapshot in step with what the engine reports. */
  private observe(name: ZegoEventName, args: unknown[]): void {
    const session = this.session;
    switch (name) {
      case 'roomStateChanged': {
        const [roomID, reason, errorCode] = args as [string, ZegoRoomStateChangedReason, number];
        if (!session || roomID !== session.roomID) return;
        if (reason === 'LOGINING') this.setState('connecting');
        else if (reason === 'LOGINED') this.established(session);
        else if (reason === 'RECONNECTING') this.setState('reconnecting');
        else if (reason === 'RECONNECTED') this.setState('connected');
        else if (reason === 'LOGIN_FAILED' || reason === 'RECONNECT_FAILED' || reason === 'KICKOUT') {
          // A pending login reports its failure (zego-error) from login(); an established one ends here.
          if (session.established) {
            this.endSession(session);
            this.lastError = { code: errorCode, message: reason.toLowerCase().replace('_', ' '), source: 'login' };
          }
          this.update({ state: 'failed', users: [], streams: [] });
        } else if (reason === 'LOGOUT') {
          this.endSession(session);
          this.update({ state: 'idle', users: [], streams: [] });
        }
        return;
      }
      default: {
        const patch = snapshotPatch(this.snapshot, session?.roomID, name, args);
        if (patch) this.update(patch);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- state

  private setState(state: RoomState): void {
    if (this.snapshot.state !== state) this.update({ state });
  }

  /** Reports a kit-level problem; `failed` unless the room goes on despite it (a failed renewal, a publish). */
  private fail(detail: ZegoErrorDetail, failed = true): void {
    this.lastError = detail;
    if (failed) this.update({ state: 'failed' });
    if (this.host.isConnected) this.host.dispatchEvent(new ZegoErrorEvent(detail));
  }

  /** A local video's media changed: participant lists read it from the snapshot. */
  private reportLocal(state: LocalMediaState | null): void {
    const old = this.snapshot.local;
    const same =
      old === state ||
      (!!old &&
        !!state &&
        old.camera === state.camera &&
        old.microphone === state.microphone &&
        old.screen === state.screen &&
        old.streamID === state.streamID);
    if (!same) this.update({ local: state ? Object.freeze({ ...state }) : null });
  }

  /** A child's controls picked a speaker: every remote video of the room follows unless it names its own. */
  setSpeaker(deviceID: string): void {
    if (typeof deviceID === 'string' && deviceID !== this.snapshot.speakerID) this.update({ speakerID: deviceID });
  }

  private update(patch: Partial<RoomSnapshot>): void {
    const next = Object.freeze({
      ...this.snapshot,
      ...patch,
      users: Object.freeze([...(patch.users ?? this.snapshot.users)]),
      streams: Object.freeze([...(patch.streams ?? this.snapshot.streams)]),
      soundLevels: Object.freeze({ ...(patch.soundLevels ?? this.snapshot.soundLevels) }),
    }) as RoomSnapshot;
    const stateChanged = next.state !== this.snapshot.state;
    this.snapshot = next;
    this.changed(next);
    if (stateChanged && (next.state === 'connected' || next.state === 'failed')) this.settleOutcome(next.state);
    if (stateChanged && next.state === 'idle' && this.wanted === false) this.settleOutcome('idle');
  }

  private settleOutcome(state: RoomState): void {
    for (const waiter of [...this.outcomeWaiters]) waiter(state);
  }

  private wakeEngineWaiters(): void {
    for (const wake of [...this.engineWaiters]) wake();
    this.engineWaiters.clear();
  }

  private nextOutcome(): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = (state: RoomState) => {
        this.outcomeWaiters.delete(waiter);
        if (state === 'connected') resolve();
        else if (state === 'failed')
          reject(Object.assign(new Error(this.lastError?.message ?? 'join failed'), { code: this.lastError?.code }));
        else reject(Object.assign(new Error('left before the join completed'), { code: Code.NOT_LOGIN }));
      };
      this.outcomeWaiters.add(waiter);
    });
  }
}

function sameTarget(a: Target, b: Target): boolean {
  return a.roomID === b.roomID && a.userID === b.userID && a.userName === b.userName && a.token === b.token && a.tokenURL === b.tokenURL;
}
