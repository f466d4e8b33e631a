// The local engine's signalling parts (RoomSession, RoomView) against an in-process RoomCore, on node:test's mock
// timers: login, reconnection held back from the page, retry time, queued and once-only requests, kickout,
// request timeouts, tokenWillExpire, and the room view's snapshot semantics. The WebRTC parts need a browser
// (test/browser/engine*.test.ts).
import assert from 'node:assert/strict';
import { afterEach, describe, it, type TestContext } from 'node:test';
import { DEFAULT_OPTIONS, type EngineOptions } from '../../src/engine/options.js';
import { RoomView } from '../../src/engine/room-view.js';
import { RoomSession, type SessionHooks, type SnapshotKind } from '../../src/engine/session.js';
import type { Transport } from '../../src/engine/transport.js';
import { Code } from '../../src/shared/codes.js';
import type { ClientFrame, LoginOk, ServerFrame } from '../../src/shared/protocol.js';
import { RoomCore, type CoreClient } from '../../src/shared/room-core.js';

const OPTS: EngineOptions = { ...DEFAULT_OPTIONS, heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 3000, reconnectHoldMs: 8000 };

/** A transport into the core, with the network in between simulated: frames cross in a later microtask. */
class CoreTransport implements Transport {
  onframe: (frame: ServerFrame) => void = () => {};
  onclose: (clean: boolean) => void = () => {};
  client?: CoreClient;
  closed = false;
  /** Frames to the core are dropped (a server that stopped answering). */
  mute = false;

  constructor(private readonly net: Network) {}

  open(): Promise<void> {
    if (!this.net.up) return Promise.reject(new Error('unreachable'));
    this.client = this.net.core.connect({
      // what the core sent before a cut still arrives, as over a socket
      send: (frame) => void (!this.closed && queueMicrotask(() => this.onframe(structuredClone(frame)))),
      close: () => this.cut(),
    });
    this.net.open.add(this);
    return Promise.resolve();
  }

  send(frame: ClientFrame): boolean {
    if (this.closed || !this.client) return false;
    this.net.sent.push(frame);
    if (!this.mute) queueMicrotask(() => !this.closed && this.client?.receive(structuredClone(frame)));
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.open.delete(this);
    this.client?.closed(true);
  }

  /** The network drops the connection: both ends see it go, uncleanly. */
  cut(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.open.delete(this);
    this.client?.closed(false);
    queueMicrotask(() => this.onclose(false));
  }
}

class Network {
  up = true;
  readonly open = new Set<CoreTransport>();
  readonly sent: ClientFrame[] = [];
  constructor(readonly core: RoomCore) {}
  connect = (): Transport => new CoreTransport(this);
  /** Every open connection is cut and nothing connects until `restore()`. */
  fail(): void {
    this.up = false;
    for (const t of [...this.open]) t.cut();
  }
  restore(): void {
    this.up = true;
  }
}

interface Client {
  session: RoomSession;
  events: string[];
  snapshots: { kind: SnapshotKind; ok: LoginOk }[];
  endings: { code: number; report: boolean }[];
  net: Network;
}

function client(core: RoomCore, opts: EngineOptions = OPTS, net = new Network(core)): Client {
  const events: string[] = [];
  const snapshots: Client['snapshots'] = [];
  const endings: Client['endings'] = [];
  const hooks: SessionHooks = {
    emit: (name, ...args) => {
      if (name === 'roomStateChanged') events.push(`${String(args[1])}:${String(args[2])}`);
      else if (name !== 'roomStateUpdate') events.push(name);
    },
    publishing: () => [],
    established: (ok, kind) => snapshots.push({ ok, kind }),
    frame: () => {},
    ending: (code, report) => endings.push({ code, report }),
    closed: () => events.push('closed'),
  };
  return { session: new RoomSession(1, opts, hooks, net.connect), events, snapshots, endings, net };
}

/** Lets queued microtasks (the simulated network) run, with timers frozen. */
async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Advances mock time in steps, letting the network run between them. */
async function advance(t: TestContext, ms: number, step = 250): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    t.mock.timers.tick(Math.min(step, ms - done));
    await flush();
  }
}

const cores: RoomCore[] = [];
function newCore(): RoomCore {
  const core = new RoomCore({ sessionGraceMs: 30_000, heartbeatTimeoutMs: 60_000 });
  cores.push(core);
  return core;
}

afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
});

function useMockTime(t: TestContext): void {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_700_000_000_000 });
}

async function login(t: TestContext, c: Client, userID: string, roomID = 'r1'): Promise<void> {
  const done = c.session.login(roomID, 'placeholder', { userID, userName: userID }, { userUpdate: true }, null);
  await flush();
  await advance(t, 0);
  await done;
}

describe('RoomSession', () => {
  it('logs in: LOGINING then LOGINED, with the room as the core knows it', async (t) => {
    useMockTime(t);
    const core = newCore();
    const a = client(core);
    const b = client(core);
    await login(t, a, 'alice');
    await login(t, b, 'bob');
    assert.deepEqual(b.events, ['LOGINING:0', 'LOGINED:0']);
    assert.equal(b.snapshots.length, 1);
    assert.equal(b.snapshots[0].kind, 'login');
    assert.deepEqual(
      b.snapshots[0].ok.users.map((u) => u.userID),
      ['alice'],
    );
    assert.equal(b.session.loggedIn, true);
    assert.equal(b.session.active, true);
    a.session.destroy();
    b.session.destroy();
  });

  it('fails a login with the checks the caller made, after LOGINING', async () => {
    const a = client(newCore());
    await assert.rejects(
      a.session.login('', 't', { userID: 'x' }, undefined, { code: Code.ROOM_ID_NULL, message: 'room ID is empty' }),
      (e: { code: number }) => e.code === Code.ROOM_ID_NULL,
    );
    assert.deepEqual(a.events, ['LOGINING:0', 'closed', `LOGIN_FAILED:${Code.ROOM_ID_NULL}`]);
    assert.equal(a.session.active, false);
  });

  it('a link cut for less than the core waits for a closed connection is invisible: the session resumes, nothing is announced', async (t) => {
    // a cut the core sees as a closed socket gets closedGraceMs (2.5 s): the back-off (250, 500, 1000 ms) comes back
    // within it after a 1 s cut; a silent link gets the longer sessionGraceMs
    useMockTime(t);
    const core = newCore();
    const a = client(core);
    await login(t, a, 'alice');
    a.events.length = 0;
    a.net.fail();
    await advance(t, 1000);
    assert.equal(a.session.linkUp, false);
    a.net.restore();
    await advance(t, 5000);
    assert.equal(a.session.linkUp, true);
    assert.deepEqual(a.events, []);
    assert.deepEqual(
      a.snapshots.map((s) => s.kind),
      ['login', 'resume'],
    );
    a.session.destroy();
  });

  it('a longer break says RECONNECTING after the hold, then RECONNECTED', async (t) => {
    useMockTime(t);
    const a = client(newCore());
    await login(t, a, 'alice');
    a.events.length = 0;
    a.net.fail();
    await advance(t, OPTS.reconnectHoldMs + 500);
    assert.deepEqual(a.events, [`RECONNECTING:${Code.NETWORK_RECOVERY}`]);
    a.net.restore();
    await advance(t, 5000);
    assert.deepEqual(a.events, [`RECONNECTING:${Code.NETWORK_RECOVERY}`, 'RECONNECTED:0']);
    a.session.destroy();
  });

  it('gives up after the room retry time: RECONNECT_FAILED 1002053, and the session ends', async (t) => {
    useMockTime(t);
    const a = client(newCore());
    a.session.retryMs = 20_000;
    await login(t, a, 'alice');
    a.events.length = 0;
    a.net.fail();
    await advance(t, 25_000);
    assert.deepEqual(a.events, [`RECONNECTING:${Code.NETWORK_RECOVERY}`, 'closed', `RECONNECT_FAILED:${Code.ROOM_RETRY_TIMEOUT}`]);
    assert.deepEqual(a.endings, [{ code: Code.ROOM_RETRY_TIMEOUT, report: true }]);
    assert.equal(a.session.loggedIn, false);
    assert.equal(a.net.open.size, 0);
  });

  it('a login to an unreachable core fails with 1002031 when the retry time runs out', async (t) => {
    useMockTime(t);
    const a = client(newCore());
    a.session.retryMs = 10_000;
    a.net.fail();
    const login = a.session.login('r1', 't', { userID: 'alice' }, undefined, null);
    const outcome = login.then(
      () => 'ok',
      (e: { code: number }) => e.code,
    );
    await advance(t, 12_000);
    assert.equal(await outcome, Code.LOGIN_TIMEOUT);
    assert.deepEqual(a.events, ['LOGINING:0', 'closed', `LOGIN_FAILED:${Code.LOGIN_TIMEOUT}`]);
  });

  it('requests made while the link is down wait for it; once-only ones in flight are rejected with 1009010', async (t) => {
    useMockTime(t);
    const core = newCore();
    const a = client(core);
    await login(t, a, 'alice');
    // a message in flight when the link breaks may or may not have arrived: rejected, never sent twice
    const transport = [...a.net.open][0];
    transport.mute = true;
    const message = a.session.request({ t: 'im', kind: 'broadcast', message: 'hi' }, true).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    await flush();
    a.net.fail();
    await flush();
    assert.equal(await message, Code.MESSAGE_SEND_FAILED);
    // made while down: queued, sent once the link is back
    const extra = a.session.request({ t: 'room-extra', key: 'k', value: 'v' });
    a.net.restore();
    await advance(t, 2000);
    assert.deepEqual(await extra, {});
    assert.equal(a.net.sent.filter((f) => f.t === 'im').length, 1);
    a.session.destroy();
  });

  it('a request the core never answers fails with 1100002 after 15 s', async (t) => {
    useMockTime(t);
    const a = client(newCore(), { ...OPTS, heartbeatTimeoutMs: 60_000 });
    await login(t, a, 'alice');
    [...a.net.open][0].mute = true;
    let code = 0;
    a.session.request({ t: 'room-extra', key: 'k', value: 'v' }).catch((e: { code: number }) => (code = e.code));
    await advance(t, 14_500, 500);
    assert.equal(code, 0, 'not before 15 s');
    await advance(t, 1000, 500);
    assert.equal(code, Code.NETWORK_TIMEOUT);
    a.session.destroy();
  });

  it('the same user logging in elsewhere kicks the older session out: KICKOUT 1002050', async (t) => {
    useMockTime(t);
    const core = newCore();
    const older = client(core);
    const newer = client(core);
    await login(t, older, 'alice');
    await login(t, newer, 'alice');
    await flush();
    assert.deepEqual(older.events.slice(-2), ['closed', `KICKOUT:${Code.MULTIPLE_LOGIN_KICKOUT}`]);
    assert.deepEqual(older.endings, [{ code: Code.MULTIPLE_LOGIN_KICKOUT, report: true }]);
    assert.equal(older.session.loggedIn, false);
    assert.equal(older.session.active, false);
    newer.session.destroy();
  });

  it('logout during a login rejects it with 1000002 and leaves no connection or timer', async (t) => {
    useMockTime(t);
    const a = client(newCore());
    a.net.fail();
    const login = a.session.login('r1', 't', { userID: 'alice' }, undefined, null).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    await advance(t, 1000);
    a.session.logout();
    assert.equal(await login, Code.NOT_LOGIN);
    assert.deepEqual(a.events, ['LOGINING:0', 'closed', 'LOGOUT:0']);
    a.net.restore();
    await advance(t, 30_000, 1000);
    assert.equal(a.net.open.size, 0, 'no connection made after the logout');
  });

  it('logout: the goodbyes of what closes go out before the logout frame', async (t) => {
    useMockTime(t);
    const core = newCore();
    const net = new Network(core);
    const sent = net.sent;
    const session: RoomSession = new RoomSession(
      1,
      OPTS,
      {
        emit: () => {},
        publishing: () => [],
        established: () => {},
        frame: () => {},
        // what the publisher and player do when the session ends: tell their peers
        ending: () => session.signal('peer-session', { kind: 'close', playID: 'p1', streamID: 's1', code: 0 }),
        closed: () => {},
      },
      net.connect,
    );
    const done = session.login('r1', 't', { userID: 'alice' }, undefined, null);
    await advance(t, 0);
    await done;
    session.logout();
    assert.deepEqual(
      sent.map((f) => f.t).filter((type) => type !== 'ping'),
      ['login', 'signal', 'logout'],
    );
  });

  it("network time: the core's clock, from the heartbeat, with half the round trip as its error", async (t) => {
    useMockTime(t);
    const a = client(newCore());
    assert.deepEqual(a.session.networkTime(), { timestamp: 0, maxDeviation: 0 });
    await login(t, a, 'alice');
    await advance(t, 2500);
    const { timestamp, maxDeviation } = a.session.networkTime();
    // the in-process core shares the mock clock: no offset, a round trip of a few microtasks
    assert.ok(Math.abs(timestamp - Date.now()) <= 1, `${timestamp} vs ${Date.now()}`);
    assert.ok(maxDeviation >= 0 && maxDeviation <= 1);
    a.session.destroy();
  });

  it('tokenWillExpire fires 30 s before the token expires', async (t) => {
    useMockTime(t);
    const a = client(newCore());
    const expire = Math.floor(Date.now() / 1000) + 120;
    // Token04: '04' + base64 of (8-byte big-endian expiry, ...): the expiry is all tokenWillExpire reads
    const head = Buffer.alloc(16);
    head.writeBigUInt64BE(BigInt(expire));
    const token = `04${head.toString('base64')}`;
    const done = a.session.login('r1', token, { userID: 'alice' }, undefined, null);
    await advance(t, 0);
    await done;
    await advance(t, 85_000, 5000);
    assert.equal(a.events.filter((e) => e === 'tokenWillExpire').length, 0);
    await advance(t, 10_000, 5000);
    assert.equal(a.events.filter((e) => e === 'tokenWillExpire').length, 1);
    a.session.destroy();
  });
});

describe('RoomView', () => {
  function view(opts: EngineOptions = OPTS) {
    const events: unknown[][] = [];
    const added: string[] = [];
    const deleted: string[] = [];
    const playing = new Set<string>();
    const v = new RoomView(opts, {
      emit: (name, ...args) => events.push([name, ...args]),
      roomID: () => 'r1',
      selfID: () => 'me',
      userUpdate: () => true,
      streamsAdded: (ids) => added.push(...ids),
      streamsDeleted: (ids) => deleted.push(...ids),
      playing: (id) => playing.has(id),
    });
    return { v, events, added, deleted, playing };
  }
  const user = (userID: string) => ({ userID, userName: userID });
  const stream = (streamID: string, userID: string) => ({
    streamID,
    user: user(userID),
    extraInfo: '',
    video: 'OPEN' as const,
    audio: 'OPEN' as const,
  });
  const ok = (users: string[], streams: [string, string][]): LoginOk => ({
    t: 'login-ok',
    id: 1,
    session: 's',
    resumed: false,
    users: users.map(user),
    streams: streams.map(([s, u]) => stream(s, u)),
    roomExtraInfo: [],
    count: users.length + 1,
    tokenExpire: 0,
  });
  const names = (events: unknown[][]) => events.map((e) => `${String(e[0])}${typeof e[2] === 'string' ? ` ${e[2]}` : ''}`);

  it('login: one ADD of users and one of streams, never yourself, then the online count', () => {
    const { v, events, added } = view();
    v.apply(ok(['me', 'alice', 'bob'], [['alice-main', 'alice']]), 'login');
    assert.deepEqual(names(events), ['roomUserUpdate ADD', 'roomStreamUpdate ADD', 'roomOnlineUserCountUpdate']);
    assert.deepEqual(
      (events[0][3] as { userID: string }[]).map((u) => u.userID),
      ['alice', 'bob'],
    );
    assert.deepEqual(added, ['alice-main']);
  });

  it('rebuilt session: users DELETE-all then ADD; a missing stream gets resumeSettleMs to come back', (t) => {
    useMockTime(t);
    const { v, events, deleted } = view();
    v.apply(
      ok(
        ['alice', 'bob'],
        [
          ['alice-main', 'alice'],
          ['bob-main', 'bob'],
        ],
      ),
      'login',
    );
    events.length = 0;
    v.apply(ok(['alice'], [['alice-main', 'alice']]), 'rebuild');
    assert.deepEqual(names(events), ['roomUserUpdate DELETE', 'roomUserUpdate ADD']);
    // bob's stream is not reported gone at once: its publisher may be reconnecting too
    t.mock.timers.tick(OPTS.resumeSettleMs - 1);
    assert.deepEqual(deleted, []);
    t.mock.timers.tick(1);
    assert.deepEqual(deleted, ['bob-main']);
    const del = events.find((e) => e[0] === 'roomStreamUpdate' && e[2] === 'DELETE')!;
    assert.deepEqual(JSON.parse(del[4] as string), { stream_delete_reason: [{ stream_id: 'bob-main', code: 5, description: 'offline' }] });
  });

  it('a stream that comes back within the settle window is not reported at all', (t) => {
    useMockTime(t);
    const { v, events } = view();
    v.apply(ok(['alice'], [['alice-main', 'alice']]), 'login');
    events.length = 0;
    v.apply(ok(['alice'], []), 'rebuild');
    v.onFrame({ t: 'stream-add', roomID: 'r1', streams: [stream('alice-main', 'alice')] });
    t.mock.timers.tick(OPTS.resumeSettleMs + 1);
    assert.deepEqual(
      names(events).filter((n) => n.startsWith('roomStream')),
      [],
    );
  });

  it('resume: only the difference; camera and mic status reach only players of the stream', () => {
    const { v, events, playing } = view();
    v.apply(ok(['alice', 'bob'], [['alice-main', 'alice']]), 'login');
    events.length = 0;
    v.apply({ ...ok(['alice', 'carol'], [['alice-main', 'alice']]), resumed: true }, 'resume');
    assert.deepEqual(names(events), ['roomUserUpdate DELETE', 'roomUserUpdate ADD']);
    events.length = 0;
    v.onFrame({ t: 'stream-status', roomID: 'r1', streamID: 'alice-main', video: 'MUTE', audio: 'OPEN' });
    assert.deepEqual(events, [], 'not played: nothing');
    playing.add('alice-main');
    v.onFrame({ t: 'stream-status', roomID: 'r1', streamID: 'alice-main', video: 'OPEN', audio: 'MUTE' });
    assert.deepEqual(events, [
      ['remoteCameraStatusUpdate', 'alice-main', 'OPEN'],
      ['remoteMicStatusUpdate', 'alice-main', 'MUTE'],
    ]);
  });
});
