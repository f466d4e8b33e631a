// RoomCore driven directly through fake connections: the core is synchronous, so every reply and push is in the
// fake's frame list right after `receive` returns. Time-dependent cases run on node:test's mock timers.
import assert from 'node:assert/strict';
import { afterEach, describe, it, type TestContext } from 'node:test';
import { Code } from '../../src/shared/codes.js';
import { CloseCode, PROTOCOL_VERSION, type ServerFrame } from '../../src/shared/protocol.js';
import { MAX_FAULTS, RoomCore, type CoreClient, type CoreConnection, type RoomCoreOptions } from '../../src/shared/room-core.js';

type Frame = Record<string, unknown> & { t: string };

class FakeConn implements CoreConnection {
  frames: Frame[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(frame: ServerFrame): void {
    // A clone: a later mutation inside the core must not rewrite what was "sent".
    this.frames.push(structuredClone(frame) as Frame);
  }
  close(code: number, reason: string): void {
    assert.equal(this.closedWith, null, 'closed twice');
    this.closedWith = { code, reason };
  }
  /** A method, not the field: assert.equal(closedWith, null) would narrow the field for the rest of a test. */
  closeCode(): number | undefined {
    return this.closedWith?.code;
  }
  /** Removes and returns the frames of type `t`. */
  take(t: string): Frame[] {
    const out = this.frames.filter((f) => f.t === t);
    this.frames = this.frames.filter((f) => f.t !== t);
    return out;
  }
  clear(): void {
    this.frames = [];
  }
}

class Peer {
  readonly conn = new FakeConn();
  readonly client: CoreClient;
  private nextId = 1;
  constructor(core: RoomCore) {
    this.client = core.connect(this.conn);
  }
  /** Sends a request and returns its answer (`ok`, `err` or `login-ok`). */
  req(body: Record<string, unknown>): Frame {
    const id = this.nextId++;
    this.client.receive({ ...body, id });
    const i = this.conn.frames.findIndex((f) => 'id' in f && f.id === id);
    assert.ok(i >= 0, `no answer to ${String(body.t)}`);
    return this.conn.frames.splice(i, 1)[0];
  }
  ok(body: Record<string, unknown>): Frame {
    const r = this.req(body);
    assert.equal(r.t === 'err' ? `err ${String(r.code)} ${String(r.message)}` : r.t, body.t === 'login' ? 'login-ok' : 'ok');
    return r;
  }
  code(body: Record<string, unknown>): number {
    const r = this.req(body);
    assert.equal(r.t, 'err', `expected an error for ${JSON.stringify(body).slice(0, 80)}`);
    return r.code as number;
  }
}

let seq = 0;
function loginFrame(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    t: 'login',
    v: PROTOCOL_VERSION,
    appID: 1,
    roomID: 'r1',
    token: '',
    user: { userID: `u${++seq}`, userName: 'name' },
    userUpdate: true,
    maxMemberCount: 0,
    session: `s-${seq}-${Math.random().toString(36).slice(2)}`,
    ...over,
  };
}

const cores: RoomCore[] = [];
function makeCore(opts: RoomCoreOptions = {}): RoomCore {
  const core = new RoomCore(opts);
  cores.push(core);
  return core;
}
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose();
});

/** A peer logged in as `userID` in `roomID`, its login answer already consumed. */
function join(core: RoomCore, userID: string, roomID = 'r1', over: Record<string, unknown> = {}): Peer & { login: Frame } {
  const p = new Peer(core) as Peer & { login: Frame };
  p.login = p.ok(loginFrame({ roomID, user: { userID, userName: userID.toUpperCase() }, ...over }));
  return p;
}

const stream = (streamID: string, extraInfo = '') => ({ streamID, extraInfo, video: 'OPEN', audio: 'OPEN' });

/**
 * Mock timers. Node 20's `tick(ms)` moves the clock by all of `ms` first and skips timers that the fired ones
 * schedule inside the window: chains of timers (heartbeat, then grace) are walked tick by tick.
 */
function useClock(t: TestContext, now = 1_000_000): void {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now });
}

describe('login', () => {
  it('answers with a snapshot without yourself and tells userUpdate sessions only', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const quiet = join(core, 'quiet', 'r1', { userUpdate: false });
    a.conn.clear();
    quiet.ok({ t: 'publish', stream: stream('s-quiet', 'hello') });
    a.conn.clear();

    const b = join(core, 'bob');
    assert.deepEqual(b.login.users, [
      { userID: 'alice', userName: 'ALICE' },
      { userID: 'quiet', userName: 'QUIET' },
    ]);
    assert.deepEqual(b.login.streams, [{ ...stream('s-quiet', 'hello'), user: { userID: 'quiet', userName: 'QUIET' } }]);
    assert.equal(b.login.count, 3);
    assert.equal(b.login.resumed, false);
    assert.equal(b.login.tokenExpire, 0);

    assert.deepEqual(a.conn.take('user-add'), [{ t: 'user-add', roomID: 'r1', users: [{ userID: 'bob', userName: 'BOB' }] }]);
    assert.deepEqual(a.conn.take('count'), [{ t: 'count', roomID: 'r1', count: 3 }]);
    assert.equal(quiet.conn.take('user-add').length, 0, 'userUpdate=false gets no user-add');
    assert.equal(b.conn.frames.length, 0, 'nothing else for the newcomer');
  });

  it('validates every field with the SDK codes', () => {
    const p = new Peer(makeCore());
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ roomID: '' }, Code.ROOM_ID_NULL],
      [{ roomID: 'a b' }, Code.ROOM_ID_INVALID_CHARACTER],
      [{ roomID: 'r'.repeat(129) }, Code.ROOM_ID_TOO_LONG],
      [{ roomID: 7 }, Code.INPUT_PARAM],
      [{ user: { userID: '' } }, Code.USER_ID_NULL],
      [{ user: { userID: 'a/b' } }, Code.USER_ID_INVALID_CHARACTER],
      [{ user: { userID: 'u'.repeat(65) } }, Code.USER_ID_TOO_LONG],
      [{ user: { userID: 'ok', userName: 'n'.repeat(257) } }, Code.USER_NAME_TOO_LONG],
      [{ user: 'alice' }, Code.INPUT_PARAM],
      [{ appID: 0 }, Code.INPUT_PARAM],
      [{ appID: '1' }, Code.INPUT_PARAM],
      [{ v: 99 }, Code.INPUT_PARAM],
      [{ token: null }, Code.INPUT_PARAM],
      [{ maxMemberCount: -1 }, Code.INPUT_PARAM],
      [{ userUpdate: 'yes' }, Code.INPUT_PARAM],
      [{ session: '' }, Code.INPUT_PARAM],
      [{ session: 'has space' }, Code.INPUT_PARAM],
      [{ resume: { publish: [{ streamID: '' }] } }, Code.STREAM_ID_NULL],
      [{ resume: { publish: 'x' } }, Code.INPUT_PARAM],
    ];
    for (const [over, code] of cases) assert.equal(p.code(loginFrame(over)), code, JSON.stringify(over).slice(0, 60));
    // A user name of exactly 256 characters is fine, and a missing one becomes ''.
    const ok = p.ok(loginFrame({ user: { userID: 'x' } }));
    assert.equal(ok.t, 'login-ok');
  });

  it('refuses a second login on the same connection: 1002056 same room, 1002001 another', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    assert.equal(a.code(loginFrame({ user: { userID: 'alice' } })), Code.REPEATEDLY_LOGIN);
    assert.equal(a.code(loginFrame({ roomID: 'r2', user: { userID: 'alice' } })), Code.ROOM_COUNT_EXCEED);
    assert.equal(a.code(loginFrame({ appID: 2, user: { userID: 'alice' } })), Code.ROOM_COUNT_EXCEED);
    a.ok({ t: 'logout' });
    a.ok(loginFrame({ roomID: 'r2', user: { userID: 'alice' } }));
  });

  it('caps the room at the first user maxMemberCount (1002034)', () => {
    const core = makeCore();
    join(core, 'a', 'r1', { maxMemberCount: 2 });
    join(core, 'b', 'r1', { maxMemberCount: 0 });
    assert.equal(new Peer(core).code(loginFrame({ user: { userID: 'c' } })), Code.ROOM_MAX_USER_COUNT);
    // The same user again replaces itself, so a full room still lets it in.
    const again = join(core, 'b');
    assert.equal(again.login.count, 2);
    // Later users' values do not change the cap.
    join(core, 'x', 'r2', { maxMemberCount: 0 });
    join(core, 'y', 'r2', { maxMemberCount: 1 });
    join(core, 'z', 'r2', { maxMemberCount: 1 });
  });

  it('kicks out the older session of the same user: kickout 1002050, streams reason 3, user-del, then user-add', () => {
    const core = makeCore();
    const watcher = join(core, 'watcher');
    const old = join(core, 'alice');
    old.ok({ t: 'publish', stream: stream('cam-a') });
    watcher.conn.clear();

    const fresh = join(core, 'alice');
    assert.deepEqual(old.conn.take('kickout'), [
      { t: 'kickout', roomID: 'r1', code: Code.MULTIPLE_LOGIN_KICKOUT, reason: 'same user logged in elsewhere' },
    ]);
    assert.equal(old.conn.closeCode(), CloseCode.KICKED);
    assert.deepEqual(
      watcher.conn.frames.map((f) => f.t),
      ['stream-del', 'user-del', 'count', 'user-add', 'count'],
    );
    assert.equal(watcher.conn.frames[0].reason, 3);
    assert.equal((watcher.conn.frames[0].streams as unknown[]).length, 1);
    assert.deepEqual(fresh.login.streams, [], 'the kicked stream is gone');
    assert.deepEqual(core.stats(), { connections: 2, sessions: 2, rooms: 1, streams: 0 });
  });

  it('fails logins of another appID when the core has one, and relays token verdicts', () => {
    const core = makeCore({
      appID: 5,
      verifyToken: (token, ctx) =>
        token === 'good'
          ? { ok: true, expire: 2_000_000_000, canPublish: (id) => id.startsWith(ctx.userID) }
          : { ok: false, code: Code.TOKEN_ERROR, message: 'bad token' },
    });
    const p = new Peer(core);
    assert.equal(p.code(loginFrame({ appID: 6, token: 'good' })), 1001004);
    assert.equal(p.code(loginFrame({ appID: 5, token: 'bad' })), Code.TOKEN_ERROR);
    assert.equal(p.code(loginFrame({ appID: 5, token: '' })), Code.INPUT_PARAM);
    const ok = p.ok(loginFrame({ appID: 5, token: 'good', user: { userID: 'al' } }));
    assert.equal(ok.tokenExpire, 2_000_000_000);
    assert.equal(p.code({ t: 'publish', stream: stream('other') }), Code.NO_PUBLISH_AUTH);
    p.ok({ t: 'publish', stream: stream('al-cam') });
    assert.equal(p.code({ t: 'renew', token: 'bad' }), Code.TOKEN_ERROR);
    assert.deepEqual(p.ok({ t: 'renew', token: 'good' }).data, { tokenExpire: 2_000_000_000 });
  });

  it('refuses a publish once the token has expired, though the user stays', (t) => {
    useClock(t, 1_000_000_000);
    const expire = 1_000_000 + 10; // seconds
    const core = makeCore({ verifyToken: () => ({ ok: true, expire, canPublish: () => true }), heartbeatTimeoutMs: 60_000 });
    const p = join(core, 'alice', 'r1', { token: 't' });
    p.ok({ t: 'publish', stream: stream('a') });
    t.mock.timers.tick(10_000);
    p.client.receive({ t: 'ping', n: 1 });
    assert.equal(p.code({ t: 'publish', stream: stream('b') }), Code.TOKEN_EXPIRED);
    assert.equal(core.stats().sessions, 1);
  });
});

describe('streams', () => {
  it('adds and deletes streams for others, with extraInfo and reasons', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    a.conn.clear();
    b.ok({ t: 'publish', stream: stream('cam-b', 'info') });
    assert.equal(b.conn.frames.length, 0, 'the publisher never hears of its own stream');
    const [add] = a.conn.take('stream-add');
    assert.deepEqual(add.streams, [{ ...stream('cam-b', 'info'), user: { userID: 'bob', userName: 'BOB' } }]);

    b.ok({ t: 'publish', stream: stream('cam-b', 'changed?') }); // same session again: ok, nothing new
    assert.equal(a.conn.frames.length, 0);

    b.ok({ t: 'unpublish', streamID: 'cam-b' });
    const [del] = a.conn.take('stream-del');
    assert.equal(del.reason, 1);
    assert.equal(b.code({ t: 'unpublish', streamID: 'cam-b' }), Code.PUBLISH_STREAM_NOT_FOUND);

    b.ok({ t: 'publish', stream: stream('cam-b2') });
    a.conn.clear();
    b.ok({ t: 'logout' });
    assert.deepEqual(
      a.conn.frames.map((f) => [f.t, f.reason]),
      [
        ['stream-del', 1],
        ['user-del', undefined],
        ['count', undefined],
      ],
    );
    assert.deepEqual(core.stats(), { connections: 2, sessions: 1, rooms: 1, streams: 0 });
  });

  it('validates publish fields', () => {
    const p = join(makeCore(), 'alice');
    assert.equal(p.code({ t: 'publish', stream: stream('') }), Code.STREAM_ID_NULL);
    assert.equal(p.code({ t: 'publish', stream: stream('a b') }), Code.STREAM_ID_INVALID_CHARACTER);
    assert.equal(p.code({ t: 'publish', stream: stream('s'.repeat(257)) }), Code.STREAM_ID_TOO_LONG);
    assert.equal(p.code({ t: 'publish', stream: stream('s', 'x'.repeat(1025)) }), Code.STREAM_EXTRA_INFO_TOO_LONG);
    assert.equal(p.code({ t: 'publish', stream: { ...stream('s'), video: 'ON' } }), Code.INPUT_PARAM);
    assert.equal(p.code({ t: 'publish' }), Code.INPUT_PARAM);
    p.ok({ t: 'publish', stream: stream('s', 'x'.repeat(1024)) });
  });

  it('keeps stream IDs unique per appID across rooms (1003028), not across appIDs', () => {
    const core = makeCore();
    const a = join(core, 'alice', 'r1');
    const b = join(core, 'bob', 'r2');
    const c = join(core, 'carol', 'r1', { appID: 2 });
    a.ok({ t: 'publish', stream: stream('same') });
    assert.equal(b.code({ t: 'publish', stream: stream('same') }), Code.DUPLICATE_STREAM_ID);
    c.ok({ t: 'publish', stream: stream('same') });
    a.ok({ t: 'unpublish', streamID: 'same' });
    b.ok({ t: 'publish', stream: stream('same') });
  });

  it('plays only streams of its own room and names the publisher session', () => {
    const core = makeCore();
    const a = join(core, 'alice', 'r1');
    const b = join(core, 'bob', 'r1');
    const x = join(core, 'xavier', 'r2');
    a.ok({ t: 'publish', stream: stream('cam-a') });
    assert.deepEqual(b.ok({ t: 'play', streamID: 'cam-a' }).data, { publisher: a.login.session });
    assert.equal(x.code({ t: 'play', streamID: 'cam-a' }), Code.PLAY_STREAM_NOT_FOUND);
    assert.equal(b.code({ t: 'play', streamID: 'nope' }), Code.PLAY_STREAM_NOT_FOUND);
  });

  it('pushes stream status and stream extra info, with the SDK limits', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    a.ok({ t: 'publish', stream: stream('cam-a') });
    b.conn.clear();
    a.ok({ t: 'stream-status', streamID: 'cam-a', video: 'MUTE', audio: 'OPEN' });
    assert.deepEqual(b.conn.take('stream-status'), [{ t: 'stream-status', roomID: 'r1', streamID: 'cam-a', video: 'MUTE', audio: 'OPEN' }]);
    assert.equal(a.code({ t: 'stream-status', streamID: 'cam-a', video: 'OFF', audio: 'OPEN' }), Code.INPUT_PARAM);
    assert.equal(b.code({ t: 'stream-status', streamID: 'cam-a', video: 'OPEN', audio: 'OPEN' }), Code.PUBLISH_STREAM_NOT_FOUND);

    a.ok({ t: 'stream-extra', streamID: 'cam-a', extraInfo: 'x'.repeat(1024) });
    assert.equal((b.conn.take('stream-extra')[0].streams as Array<{ extraInfo: string }>)[0].extraInfo.length, 1024);
    assert.equal(a.code({ t: 'stream-extra', streamID: 'cam-a', extraInfo: 'x'.repeat(1025) }), Code.STREAM_EXTRA_INFO_TOO_LONG);
    assert.equal(a.code({ t: 'stream-extra', streamID: 'cam-a', extraInfo: null }), Code.STREAM_EXTRA_INFO_NULL);
    a.ok({ t: 'stream-extra', streamID: 'cam-a', extraInfo: 'last' });

    const c = join(core, 'carol');
    assert.deepEqual((c.login.streams as unknown[])[0], {
      ...stream('cam-a', 'last'),
      video: 'MUTE',
      user: { userID: 'alice', userName: 'ALICE' },
    });
  });
});

describe('room extra info', () => {
  it('keeps one key per room with byte limits and pushes changes to others', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    b.conn.clear();
    assert.equal(a.code({ t: 'room-extra', key: '', value: 'v' }), Code.ROOM_EXTRA_KEY_EMPTY);
    assert.equal(a.code({ t: 'room-extra', key: 'k'.repeat(11), value: 'v' }), Code.ROOM_EXTRA_KEY_TOO_LONG);
    assert.equal(a.code({ t: 'room-extra', key: 'ééééé é', value: 'v' }), Code.ROOM_EXTRA_KEY_TOO_LONG, '11 UTF-8 bytes');
    assert.equal(a.code({ t: 'room-extra', key: 'k', value: 'é'.repeat(51) }), Code.ROOM_EXTRA_VALUE_TOO_LONG);
    a.ok({ t: 'room-extra', key: 'k'.repeat(10), value: 'v'.repeat(100) });
    assert.equal(a.code({ t: 'room-extra', key: 'other', value: 'v' }), Code.ROOM_EXTRA_KEY_LIMIT);
    a.ok({ t: 'room-extra', key: 'k'.repeat(10), value: 'second' });
    const pushed = b.conn.take('room-extra');
    assert.equal(pushed.length, 2);
    assert.equal(a.conn.take('room-extra').length, 0, 'the setter is not told');
    const c = join(core, 'carol');
    const [info] = c.login.roomExtraInfo as Array<Record<string, unknown>>;
    assert.equal(info.value, 'second');
    assert.deepEqual(info.updateUser, { userID: 'alice', userName: 'ALICE' });
  });
});

describe('IM', () => {
  it('sends broadcast and barrage to everyone else in the room, custom to the listed users', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    const c = join(core, 'carol');
    const other = join(core, 'bob', 'r2', { appID: 2 });
    for (const p of [a, b, c, other]) p.conn.clear();

    const r = a.ok({ t: 'im', kind: 'broadcast', message: 'hi' });
    assert.equal(typeof (r.data as { messageID: unknown }).messageID, 'string');
    for (const p of [b, c]) {
      const [m] = p.conn.take('im');
      assert.deepEqual(
        { ...m, sendTime: 0 },
        {
          t: 'im',
          roomID: 'r1',
          kind: 'broadcast',
          fromUser: { userID: 'alice', userName: 'ALICE' },
          message: 'hi',
          messageID: (r.data as { messageID: string }).messageID,
          sendTime: 0,
        },
      );
    }
    assert.equal(a.conn.take('im').length, 0);

    a.ok({ t: 'im', kind: 'barrage', message: 'b' });
    assert.equal(b.conn.take('im').length, 1);
    assert.equal(c.conn.take('im').length, 1);

    a.ok({ t: 'im', kind: 'custom', message: 'cmd', toUserIDs: ['bob', 'nobody', 'alice'] });
    assert.deepEqual(
      b.conn.take('im').map((m) => [m.kind, m.message]),
      [['custom', 'cmd']],
    );
    assert.equal(c.conn.take('im').length, 0);
    assert.equal(a.conn.take('im').length, 0);
    assert.equal(other.conn.frames.length, 0, 'nothing crosses appIDs');

    assert.equal(a.code({ t: 'im', kind: 'custom', message: 'x', toUserIDs: [] }), Code.INPUT_PARAM);
    assert.equal(a.code({ t: 'im', kind: 'custom', message: 'x', toUserIDs: ['a b'] }), Code.USER_ID_INVALID_CHARACTER);
    assert.equal(a.code({ t: 'im', kind: 'custom', message: 'x' }), Code.INPUT_PARAM);
    assert.equal(a.code({ t: 'im', kind: 'shout', message: 'x' }), Code.INPUT_PARAM);
  });

  it('checks sizes: empty 1009001, over 1 KB 1009002 (bytes, not characters)', () => {
    const a = join(makeCore(), 'alice');
    assert.equal(a.code({ t: 'im', kind: 'broadcast', message: '' }), Code.MESSAGE_EMPTY);
    assert.equal(a.code({ t: 'im', kind: 'barrage', message: 'é'.repeat(513) }), Code.MESSAGE_TOO_LONG);
    assert.equal(a.code({ t: 'im', kind: 'custom', message: 'x'.repeat(1025), toUserIDs: ['b'] }), Code.MESSAGE_TOO_LONG);
    a.ok({ t: 'im', kind: 'barrage', message: 'x'.repeat(1024) });
  });

  it('rate limits (1009015): broadcast 2/s per client and 10/s per room, barrage 20/s per room, custom 10/s per client', (t) => {
    useClock(t);
    const core = makeCore({ heartbeatTimeoutMs: 600_000 });
    const peers = Array.from({ length: 6 }, (_, i) => join(core, `p${i}`));
    const send = (p: Peer, kind: string) => p.req({ t: 'im', kind, message: 'm', toUserIDs: ['p0'] });

    assert.equal(send(peers[0], 'broadcast').t, 'ok');
    assert.equal(send(peers[0], 'broadcast').t, 'ok');
    assert.equal(send(peers[0], 'broadcast').code, Code.MESSAGE_FREQUENCY_LIMITED);
    for (let i = 1; i <= 4; i++) for (let k = 0; k < 2; k++) assert.equal(send(peers[i], 'broadcast').t, 'ok');
    assert.equal(send(peers[5], 'broadcast').code, Code.MESSAGE_FREQUENCY_LIMITED, 'the room had its 10');
    t.mock.timers.tick(1000);
    assert.equal(send(peers[5], 'broadcast').t, 'ok', 'a new second');

    for (let i = 0; i < 20; i++) assert.equal(send(peers[i % 6], 'barrage').t, 'ok');
    assert.equal(send(peers[1], 'barrage').code, Code.MESSAGE_FREQUENCY_LIMITED);

    for (let i = 0; i < 10; i++) assert.equal(send(peers[1], 'custom').t, 'ok');
    assert.equal(send(peers[1], 'custom').code, Code.MESSAGE_FREQUENCY_LIMITED);
    assert.equal(send(peers[2], 'custom').t, 'ok', 'custom quota is per client');
  });
});

describe('signals', () => {
  it('relays within the room only, stamped with the sender session, known fields only', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    const x = join(core, 'xavier', 'r2');
    for (const p of [a, b, x]) p.conn.clear();
    const offer = { kind: 'offer', playID: 'p1', streamID: 'cam-a', sdp: 'v=0\r\n' };
    b.client.receive({ t: 'signal', to: a.login.session, data: { ...offer, extra: 'dropped' } });
    assert.deepEqual(a.conn.frames, [{ t: 'signal', from: b.login.session, data: offer }]);

    x.client.receive({ t: 'signal', to: a.login.session, data: offer });
    b.client.receive({ t: 'signal', to: 'no-such-session', data: offer });
    assert.equal(a.conn.frames.length, 1, 'other rooms cannot reach alice');
    assert.equal(x.conn.frames.length + b.conn.frames.length, 0, 'dropped silently');

    a.client.receive({ t: 'signal', to: b.login.session, data: { kind: 'close', playID: 'p1', streamID: 'cam-a', code: 0 } });
    assert.equal(b.conn.take('signal').length, 1);
    for (const data of [
      { ...offer, sdp: 'x'.repeat(16 * 1024 + 1) },
      { ...offer, kind: 'candidate' },
      { ...offer, streamID: '' },
      { kind: 'close', playID: 'p1', streamID: 'cam-a' },
      'offer',
    ]) {
      b.client.receive({ t: 'signal', to: a.login.session, data });
    }
    assert.equal(b.conn.take('fault').length, 5);
    assert.equal(a.conn.frames.length, 1);
  });

  it('relays play preferences (with an offer or alone), validated', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    a.conn.clear();
    const prefs = { video: 'low', audio: false };
    b.client.receive({ t: 'signal', to: a.login.session, data: { kind: 'offer', playID: 'p1', streamID: 'cam-a', sdp: 'v=0', prefs } });
    b.client.receive({
      t: 'signal',
      to: a.login.session,
      data: { kind: 'prefs', playID: 'p1', streamID: 'cam-a', prefs: { video: 'off', audio: true } },
    });
    assert.deepEqual(
      a.conn.take('signal').map((f) => f.data),
      [
        { kind: 'offer', playID: 'p1', streamID: 'cam-a', sdp: 'v=0', prefs },
        { kind: 'prefs', playID: 'p1', streamID: 'cam-a', prefs: { video: 'off', audio: true } },
      ],
    );
    for (const bad of [{ video: 'huge', audio: true }, { video: 'low' }, 'low']) {
      b.client.receive({ t: 'signal', to: a.login.session, data: { kind: 'prefs', playID: 'p1', streamID: 'cam-a', prefs: bad } });
    }
    assert.equal(b.conn.take('fault').length, 3);
    assert.equal(a.conn.frames.length, 0);
  });
});

describe('trickled ICE candidates', () => {
  const host = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0 ufrag abcd network-id 1';
  const candidate = { candidate: host, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' };
  const signal = (c: unknown, role = 'player', extra: Record<string, unknown> = {}) => ({
    kind: 'candidate',
    playID: 'p1',
    streamID: 'cam-a',
    role,
    candidate: c,
    ...extra,
  });

  it('relays candidates and end-of-candidates within the room only, stamped with the sender, known fields only', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    const x = join(core, 'xavier', 'r2');
    for (const p of [a, b, x]) p.conn.clear();
    b.client.receive({ t: 'signal', to: a.login.session, data: signal({ ...candidate, port: 1 }, 'player', { extra: 'dropped' }) });
    b.client.receive({ t: 'signal', to: a.login.session, data: signal(null) });
    a.client.receive({ t: 'signal', to: b.login.session, data: signal({ ...candidate, usernameFragment: undefined }, 'publisher') });
    assert.deepEqual(a.conn.take('signal'), [
      { t: 'signal', from: b.login.session, data: signal(candidate) },
      { t: 'signal', from: b.login.session, data: signal(null) },
    ]);
    const { usernameFragment: _, ...bare } = candidate;
    assert.deepEqual(b.conn.take('signal'), [{ t: 'signal', from: a.login.session, data: signal(bare, 'publisher') }]);

    x.client.receive({ t: 'signal', to: a.login.session, data: signal(candidate) });
    x.client.receive({ t: 'signal', to: a.login.session, data: signal(null) });
    assert.equal(a.conn.frames.length, 0, 'a candidate from another room never reaches alice');
    assert.equal(x.conn.frames.length, 0, 'dropped silently, as any signal to a session outside the room');
  });

  it('refuses malformed candidates with a fault and relays nothing of them', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    for (const p of [a, b]) p.conn.clear();
    const bad: unknown[] = [
      signal(candidate, 'admin'),
      { ...signal(candidate), role: undefined },
      signal(undefined),
      signal('candidate:1 1 udp 1 127.0.0.1 1 typ host'),
      signal({ ...candidate, candidate: `${host}\r\na=ice-lite` }),
      signal({ ...candidate, candidate: 'a=candidate:1 1 udp 1 127.0.0.1 1 typ host' }),
      signal({ ...candidate, candidate: `candidate:${'x'.repeat(1024)}` }),
      signal({ ...candidate, candidate: 42 }),
      signal({ ...candidate, sdpMid: null, sdpMLineIndex: null }),
      signal({ ...candidate, sdpMid: undefined }),
      signal({ ...candidate, sdpMid: 'x'.repeat(65) }),
      signal({ ...candidate, sdpMLineIndex: -1 }),
      signal({ ...candidate, sdpMLineIndex: 1.5 }),
      signal({ ...candidate, sdpMLineIndex: '0' }),
      signal({ ...candidate, usernameFragment: 'u'.repeat(257) }),
      signal({ ...candidate, usernameFragment: 'a b' }),
      signal(candidate, 'player', { playID: '' }),
      signal(candidate, 'player', { streamID: '' }),
    ];
    for (const data of bad) b.client.receive({ t: 'signal', to: a.login.session, data });
    assert.equal(b.conn.take('fault').length, bad.length);
    assert.equal(a.conn.frames.length, 0);
  });

  it('play with an offer relays it to the publisher at once (same checks as a signal), or refuses it and relays nothing', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    const x = join(core, 'xavier', 'r2');
    a.ok({ t: 'publish', stream: stream('cam-a') });
    x.ok({ t: 'publish', stream: stream('cam-x') });
    for (const p of [a, b, x]) p.conn.clear();
    const offer = { kind: 'offer', playID: 'p1', streamID: 'cam-a', sdp: 'v=0\r\n', prefs: { video: 'high', audio: true } };
    assert.deepEqual(b.ok({ t: 'play', streamID: 'cam-a', offer: { ...offer, extra: 'dropped' } }).data, { publisher: a.login.session });
    assert.deepEqual(a.conn.take('signal'), [{ t: 'signal', from: b.login.session, data: offer }]);

    assert.equal(b.code({ t: 'play', streamID: 'cam-x', offer: { ...offer, streamID: 'cam-x' } }), Code.PLAY_STREAM_NOT_FOUND);
    for (const bad of [
      { ...offer, streamID: 'cam-b' },
      { ...offer, kind: 'answer' },
      { ...offer, sdp: 'x'.repeat(16 * 1024 + 1) },
      { ...offer, prefs: { video: 'huge', audio: true } },
      signal(candidate),
      'v=0',
      null,
    ]) {
      assert.equal(b.code({ t: 'play', streamID: 'cam-a', offer: bad }), Code.INPUT_PARAM, JSON.stringify(bad).slice(0, 60));
    }
    assert.equal(a.conn.frames.length + x.conn.frames.length, 0, 'nothing relayed of a refused play');
  });

  it('queues the candidates of a lost session with its other signals and replays them on resume', (t) => {
    useClock(t);
    const core = makeCore({ sessionGraceMs: 3000, closedGraceMs: 3000, heartbeatTimeoutMs: 60_000 });
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    a.client.closed(false);
    b.client.receive({ t: 'signal', to: a.login.session, data: signal(candidate) });
    b.client.receive({ t: 'signal', to: a.login.session, data: signal(null) });
    t.mock.timers.tick(2900);
    const back = new Peer(core);
    const r = back.ok(loginFrame({ user: { userID: 'alice', userName: 'ALICE' }, session: a.login.session }));
    assert.equal(r.resumed, true);
    assert.deepEqual(
      back.conn.take('signal').map((f) => f.data),
      [signal(candidate), signal(null)],
    );
  });
});

describe('transparent messages', () => {
  it('relays base64 content to everyone else, or to the listed users; checks size, format and rate', (t) => {
    useClock(t);
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    const c = join(core, 'carol');
    for (const p of [a, b, c]) p.conn.clear();
    const content = Buffer.from([1, 2, 3, 255]).toString('base64');
    a.ok({ t: 'transparent', content, toUserIDs: [] });
    const expected = { t: 'transparent', roomID: 'r1', fromUser: { userID: 'alice', userName: 'ALICE' }, content };
    assert.deepEqual(b.conn.take('transparent'), [expected]);
    assert.deepEqual(c.conn.take('transparent'), [expected]);
    a.ok({ t: 'transparent', content, toUserIDs: ['carol'] });
    assert.equal(b.conn.take('transparent').length, 0);
    assert.equal(c.conn.take('transparent').length, 1);
    assert.equal(a.conn.take('transparent').length, 0, 'never to the sender');
    assert.equal(a.code({ t: 'transparent', content: '', toUserIDs: [] }), Code.INPUT_PARAM);
    assert.equal(a.code({ t: 'transparent', content: 'not base64!', toUserIDs: [] }), Code.INPUT_PARAM);
    assert.equal(a.code({ t: 'transparent', content: Buffer.alloc(1025).toString('base64'), toUserIDs: [] }), Code.MESSAGE_TOO_LONG);
    assert.equal(a.code({ t: 'transparent', content, toUserIDs: 'carol' }), Code.INPUT_PARAM);
    t.mock.timers.tick(1000);
    for (let i = 0; i < 10; i++) a.ok({ t: 'transparent', content, toUserIDs: [] });
    assert.equal(a.code({ t: 'transparent', content, toUserIDs: [] }), Code.MESSAGE_FREQUENCY_LIMITED);
  });
});

describe('data-only streams', () => {
  it('are playable by ID but never listed: no stream-add, stream-del or status, absent from snapshots', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    b.conn.clear();
    a.ok({ t: 'publish', stream: { ...stream('data-a'), data: true } });
    a.ok({ t: 'stream-status', streamID: 'data-a', video: 'MUTE', audio: 'MUTE' });
    assert.equal(b.conn.frames.length, 0, 'nothing pushed');
    assert.deepEqual(b.ok({ t: 'play', streamID: 'data-a' }).data, { publisher: a.login.session });
    const c = join(core, 'carol');
    assert.deepEqual(c.login.streams, []);
    a.ok({ t: 'unpublish', streamID: 'data-a' });
    assert.equal(b.conn.take('stream-del').length, 0);
    assert.equal(a.code({ t: 'publish', stream: { ...stream('x'), data: 'yes' } }), Code.INPUT_PARAM);
  });
});

describe('faults', () => {
  it('answers malformed and unknown frames with fault and closes (POLICY) at the 20th', () => {
    const core = makeCore();
    const p = join(core, 'alice');
    const watcher = join(core, 'watcher');
    p.conn.clear();
    const bad: unknown[] = [
      null,
      42,
      'text',
      [],
      {},
      { t: 5 },
      { t: 'nope', id: 1 },
      { t: 'constructor', id: 2 },
      { t: '__proto__', id: 3 },
      { t: 'publish' },
      { t: 'publish', id: -1 },
      { t: 'ping' },
    ];
    for (const frame of bad) p.client.receive(frame);
    p.client.receiveText('{not json');
    const faults = p.conn.take('fault');
    assert.equal(faults.length, bad.length + 1);
    assert.equal(faults.at(-1)!.code, Code.PARSE_JSON_ERROR);
    assert.ok(faults.every((f, i) => i === faults.length - 1 || f.code === Code.INPUT_PARAM));
    assert.equal(p.conn.closedWith, null);
    for (let i = faults.length; i < MAX_FAULTS - 1; i++) p.client.receive({ t: 'nope' });
    assert.equal(p.conn.closedWith, null, 'still open after 19');
    p.client.receive({ t: 'nope' });
    assert.equal(p.conn.closeCode(), CloseCode.POLICY);
    assert.equal(p.conn.take('kickout')[0]?.code, 1002055);
    assert.equal(watcher.conn.take('user-del').length, 1, 'removed from the room at once');
    const before = p.conn.frames.length;
    p.client.receive({ t: 'ping', n: 1 });
    assert.equal(p.conn.frames.length, before, 'a closed connection hears nothing');
    assert.equal(core.stats().connections, 1);
  });

  it('answers requests before login with 1000002, and ping with pong', () => {
    const p = new Peer(makeCore());
    for (const t of ['publish', 'logout', 'im', 'play', 'renew', 'room-extra']) assert.equal(p.code({ t }), Code.NOT_LOGIN);
    p.client.receive({ t: 'ping', n: 7 });
    assert.deepEqual(
      p.conn.take('pong').map(({ t, n }) => ({ t, n })),
      [{ t: 'pong', n: 7 }],
    );
    p.client.receive({ t: 'signal', to: 'x', data: { kind: 'close', playID: 'p', streamID: 's', code: 0 } });
    assert.equal(p.conn.frames.length, 0, 'a signal before login is dropped');
  });
});

describe('sessions over time', () => {
  it('closes a connection that never logs in (LOGIN_TIMEOUT)', (t) => {
    useClock(t);
    const core = makeCore({ loginTimeoutMs: 5000, heartbeatTimeoutMs: 60_000 });
    const idle = new Peer(core);
    const active = new Peer(core);
    t.mock.timers.tick(4000);
    active.ok(loginFrame());
    t.mock.timers.tick(1000);
    assert.equal(idle.conn.closeCode(), CloseCode.LOGIN_TIMEOUT);
    assert.equal(active.conn.closedWith, null);
    assert.equal(core.stats().connections, 1);
  });

  it('resumes a lost session silently and replays the IM and signals it missed', (t) => {
    useClock(t);
    const core = makeCore({ sessionGraceMs: 3000, closedGraceMs: 3000, heartbeatTimeoutMs: 60_000 });
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    a.ok({ t: 'publish', stream: stream('cam-a') });
    b.conn.clear();

    a.client.closed(false);
    b.ok({ t: 'im', kind: 'broadcast', message: 'while away' });
    b.client.receive({ t: 'signal', to: a.login.session, data: { kind: 'close', playID: 'p', streamID: 'cam-a', code: 0 } });
    t.mock.timers.tick(2900);
    const back = new Peer(core);
    const r = back.ok(loginFrame({ user: { userID: 'alice', userName: 'ALICE' }, session: a.login.session }));
    assert.equal(r.resumed, true);
    assert.equal(r.session, a.login.session);
    assert.deepEqual(r.users, [{ userID: 'bob', userName: 'BOB' }]);
    assert.deepEqual(
      back.conn.frames.map((f) => f.t),
      ['im', 'signal'],
    );
    t.mock.timers.tick(10_000 - 2900);
    assert.deepEqual(b.conn.frames, [], 'bob noticed nothing');
    assert.deepEqual(core.stats(), { connections: 2, sessions: 2, rooms: 1, streams: 1 });
  });

  it('resumes a session still attached to a stale connection, closing the stale one', () => {
    const core = makeCore();
    const a = join(core, 'alice');
    const b = join(core, 'bob');
    b.conn.clear();
    const back = new Peer(core);
    assert.equal(back.ok(loginFrame({ user: { userID: 'alice' }, session: a.login.session })).resumed, true);
    assert.equal(a.conn.closeCode(), CloseCode.KICKED);
    a.client.closed(false); // the transport reports the close later: must not end the resumed session
    assert.equal(core.stats().sessions, 2);
    assert.equal(b.conn.frames.length, 0);
    assert.equal(back.code(loginFrame({ user: { userID: 'alice' }, roomID: 'r9' })), Code.ROOM_COUNT_EXCEED, 'back is logged in');
    const thief = new Peer(core);
    assert.equal(
      thief.code(loginFrame({ user: { userID: 'mallory' }, session: b.login.session })),
      Code.INPUT_PARAM,
      'a session ID is bound to its user',
    );
  });

  it('re-creates the streams of an unknown session (restarted core): user-add then stream-add', () => {
    const core = makeCore();
    const b = join(core, 'bob');
    const taken = join(core, 'carol');
    taken.ok({ t: 'publish', stream: stream('taken') });
    b.conn.clear();
    const a = new Peer(core);
    const r = a.ok(
      loginFrame({
        user: { userID: 'alice', userName: 'ALICE' },
        session: 'from-before-the-restart',
        resume: { publish: [stream('cam-a', 'x'), { ...stream('screen-a'), video: 'MUTE' }, stream('taken')] },
      }),
    );
    assert.equal(r.resumed, false);
    assert.deepEqual(r.resumeFailed, [{ streamID: 'taken', code: Code.DUPLICATE_STREAM_ID, message: 'stream ID is already published' }]);
    assert.deepEqual(
      b.conn.frames.map((f) => f.t),
      ['user-add', 'stream-add', 'count'],
    );
    assert.deepEqual(
      (b.conn.frames[1].streams as Array<{ streamID: string; video: string }>).map((s) => [s.streamID, s.video]),
      [
        ['cam-a', 'OPEN'],
        ['screen-a', 'MUTE'],
      ],
    );
  });

  it("replays to a rebuilt session the messages its room got after `resume.since` (not its own, not others' custom)", (t) => {
    useClock(t);
    const core = makeCore();
    const a = join(core, 'alice');
    const c = join(core, 'carol');
    a.ok({ t: 'im', kind: 'broadcast', message: 'before' });
    const since = Date.now();
    t.mock.timers.tick(1000);
    a.ok({ t: 'im', kind: 'broadcast', message: 'while bob was away' });
    a.ok({ t: 'im', kind: 'custom', message: 'for carol only', toUserIDs: ['carol'] });
    a.ok({ t: 'im', kind: 'custom', message: 'for bob', toUserIDs: ['carol', 'bob'] });
    c.conn.clear();
    const b = new Peer(core);
    b.ok(loginFrame({ user: { userID: 'bob', userName: 'B' }, session: 'rebuilt', resume: { publish: [], since } }));
    assert.deepEqual(
      b.conn.take('im').map((f) => f.message),
      ['while bob was away'],
    );
    const late = new Peer(core);
    late.ok(loginFrame({ user: { userID: 'dave', userName: 'D' } }));
    assert.deepEqual(late.conn.take('im'), [], 'a plain login gets no history');
  });

  it('lets a lost session leave after the grace: reason 5 after a drop, 2 after a heartbeat timeout, 1 on goodbye', (t) => {
    // a closed connection (crashed tab) gets closedGraceMs (2.5 s by default), silence sessionGraceMs
    useClock(t);
    const core = makeCore({ heartbeatTimeoutMs: 6000, sessionGraceMs: 3000, countIntervalMs: 600_000 });
    const w = join(core, 'watcher');
    const dropped = join(core, 'dropped');
    const silent = join(core, 'silent');
    const polite = join(core, 'polite');
    for (const [p, id] of [
      [dropped, 'd'],
      [silent, 's'],
      [polite, 'p'],
    ] as const)
      p.ok({ t: 'publish', stream: stream(id) });
    w.conn.clear();
    const beat = () => {
      for (const p of [w, dropped, polite]) p.client.receive({ t: 'ping', n: 0 });
    };

    polite.client.closed(true);
    assert.deepEqual(
      w.conn.take('stream-del').map((f) => f.reason),
      [1],
      'goodbye leaves at once',
    );

    dropped.client.closed(false);
    t.mock.timers.tick(1000);
    beat();
    assert.equal(w.conn.take('stream-del').length, 0, 'inside the grace nothing happens');
    t.mock.timers.tick(1500);
    assert.deepEqual(
      w.conn.take('stream-del').map((f) => f.reason),
      [5],
    );
    t.mock.timers.tick(500);

    t.mock.timers.tick(2999);
    beat();
    assert.equal(silent.conn.closedWith, null);
    t.mock.timers.tick(1);
    assert.equal(silent.conn.closeCode(), CloseCode.HEARTBEAT_TIMEOUT, 'silent for 6 s');
    t.mock.timers.tick(2999);
    beat();
    assert.equal(w.conn.take('stream-del').length, 0);
    t.mock.timers.tick(1);
    assert.deepEqual(
      w.conn.take('stream-del').map((f) => f.reason),
      [2],
    );
    assert.equal(w.conn.take('user-del').length, 3);
    assert.equal(w.conn.closedWith, null, 'pinging kept the watcher alive');
    assert.deepEqual(core.stats(), { connections: 1, sessions: 1, rooms: 1, streams: 0 });
  });

  it('pushes the online count every countIntervalMs', (t) => {
    useClock(t);
    const core = makeCore({ countIntervalMs: 30_000, heartbeatTimeoutMs: 600_000 });
    const a = join(core, 'alice');
    join(core, 'bob');
    a.conn.clear();
    t.mock.timers.tick(29_999);
    assert.equal(a.conn.take('count').length, 0);
    t.mock.timers.tick(1);
    assert.deepEqual(a.conn.take('count'), [{ t: 'count', roomID: 'r1', count: 2 }]);
  });
});

/** Counts live timers made through the global functions while installed. */
function trackTimers(t: TestContext): { live: () => number } {
  const live = new Set<unknown>();
  const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved = { setTimeout: g.setTimeout, setInterval: g.setInterval, clearTimeout: g.clearTimeout, clearInterval: g.clearInterval };
  g.setTimeout = (fn: unknown, ms: unknown, ...rest: unknown[]) => {
    const h = saved.setTimeout(
      (...a: unknown[]) => {
        live.delete(h);
        (fn as (...a: unknown[]) => void)(...a);
      },
      ms,
      ...rest,
    );
    live.add(h);
    return h;
  };
  g.setInterval = (...args: unknown[]) => {
    const h = saved.setInterval(...args);
    live.add(h);
    return h;
  };
  g.clearTimeout = (h: unknown) => {
    live.delete(h);
    saved.clearTimeout(h);
  };
  g.clearInterval = (h: unknown) => {
    live.delete(h);
    saved.clearInterval(h);
  };
  t.after(() => Object.assign(g, saved));
  return { live: () => live.size };
}

describe('resources', () => {
  it('frees everything after 10,000 rooms are created and left', (t) => {
    const timers = trackTimers(t);
    const core = makeCore();
    const peers: Peer[] = [];
    for (let i = 0; i < 10_000; i++) {
      const p = new Peer(core);
      p.ok(loginFrame({ roomID: `room-${i}`, user: { userID: 'u' } }));
      p.ok({ t: 'publish', stream: stream(`s-${i}`) });
      p.ok({ t: 'room-extra', key: 'k', value: 'v' });
      peers.push(p);
    }
    assert.deepEqual(core.stats(), { connections: 10_000, sessions: 10_000, rooms: 10_000, streams: 10_000 });
    peers.forEach((p, i) => (i % 2 === 0 ? p.ok({ t: 'logout' }) : undefined));
    peers.forEach((p) => p.client.closed(true));
    assert.deepEqual(core.stats(), { connections: 0, sessions: 0, rooms: 0, streams: 0 });
    assert.equal(timers.live(), 0, 'no timer outlives its owner');
  });

  it('dispose clears every timer, lost sessions and rooms included', (t) => {
    const timers = trackTimers(t);
    const core = new RoomCore();
    join(core, 'a');
    join(core, 'b', 'r2').client.closed(false);
    new Peer(core);
    assert.ok(timers.live() > 0);
    core.dispose();
    assert.equal(timers.live(), 0);
    assert.deepEqual(core.stats(), { connections: 0, sessions: 0, rooms: 0, streams: 0 });
    const late = new FakeConn();
    core.connect(late).receive(loginFrame());
    assert.equal(late.frames.length, 0, 'a disposed core answers nothing');
    assert.equal(timers.live(), 0);
  });
});
