// Hostile input against the room server over a real WebSocket: malformed and unknown frames, wrong types for every
// field of every request, every ID rule at its limits, payloads that must arrive as plain text, privilege escalation,
// cross-room reach, tokens, floods and sizes. Every case is a row of a table; after each batch a bystander pair in
// another room (and in the hostile client's room where it matters) still logs in, publishes, plays and messages,
// and /healthz still answers.
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { Code } from '../../src/shared/codes.js';
import { CloseCode } from '../../src/shared/protocol.js';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../../server/room-server.js';
import { generateToken04, token04Payload } from '../../server/token04.js';
import { Client, terminateClients, type Over } from './ws-client.js';

/** Clients of this file log in to the room 'hostile' by default, and take frames up to 4 MiB (the 1 MB cases). */
const HOSTILE = { room: 'hostile', maxPayload: 4 * 1024 * 1024 };

const SECRET = 'hostile0hostile1hostile2hostile3';
const SECRET_APP = 7;
const servers = new Set<RoomServer>();
/** Tokens are signed for servers that verify them; the others take ''. */
const secrets = new Map<RoomServer, { appID: number; secret: string }>();
const logs: string[] = [];

after(async () => {
  terminateClients();
  await Promise.all([...servers].map((s) => s.close({ abrupt: true })));
});

async function start(opts: RoomServerOptions = {}): Promise<RoomServer> {
  const server = await createRoomServer({ port: 0, log: (line) => logs.push(line), ...opts });
  servers.add(server);
  if (opts.secret) secrets.set(server, { appID: opts.appID ?? 1, secret: opts.secret });
  return server;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${(seq++).toString(36)}`;

function tokenFor(server: RoomServer, userID: string, roomID: string, publish = true): string {
  const s = secrets.get(server);
  return s ? generateToken04(s.appID, userID, s.secret, 600, token04Payload({ roomID, publish })) : '';
}

async function member(server: RoomServer, userID: string, roomID: string, over: Over = {}): Promise<Client> {
  const c = await Client.open(server.wsUrl, HOSTILE);
  const appID = secrets.get(server)?.appID ?? 1;
  const r = await c.login(userID, { roomID, appID, token: tokenFor(server, userID, roomID), ...over });
  assert.equal(r.t, 'login-ok', `${userID} logs in: ${JSON.stringify(r)}`);
  return c;
}

const publish = (streamID: string, extraInfo = '') => ({ t: 'publish', stream: { streamID, extraInfo, video: 'OPEN', audio: 'OPEN' } });
const offer = (streamID: string, sdp = 'v=0 bystander') => ({ kind: 'offer', playID: unique('p'), streamID, sdp });

function health(server: RoomServer): Promise<number> {
  return new Promise((ok, fail) => {
    httpGet(`${server.url}/healthz`, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    }).on('error', fail);
  });
}

/**
 * The proof that a batch had no effect beyond the hostile client: the server answers, and two clients log in,
 * publish, play (the core names the publisher), negotiate (a signal reaches the publisher stamped with the
 * player) and chat, in a fresh room or in `roomID`.
 */
async function bystandersWork(server: RoomServer, roomID = unique('calm')): Promise<void> {
  assert.equal(await health(server), 200, '/healthz');
  const pubUser = unique('pub');
  const a = await member(server, pubUser, roomID);
  const b = await member(server, unique('play'), roomID);
  try {
    const streamID = unique('cam');
    assert.equal((await a.req(publish(streamID, '{"seat":1}'))).t, 'ok');
    const add = await b.next(
      (f) => f.t === 'stream-add' && (f.streams as Array<{ streamID: string }>).some((s) => s.streamID === streamID),
    );
    assert.equal((add.streams as Array<{ extraInfo: string }>)[0].extraInfo, '{"seat":1}');
    const play = await b.req({ t: 'play', streamID });
    assert.deepEqual([play.t, (play.data as { publisher: string }).publisher], ['ok', a.session]);
    const data = offer(streamID);
    b.send({ t: 'signal', to: a.session, data });
    const sig = await a.nextOf('signal');
    assert.deepEqual([sig.from, sig.data], [b.session, data]);
    assert.equal((await a.req({ t: 'im', kind: 'broadcast', message: 'still here' })).t, 'ok');
    const im = await b.next((f) => f.t === 'im' && f.message === 'still here');
    assert.equal((im.fromUser as { userID: string }).userID, pubUser);
  } finally {
    a.bye();
    b.bye();
  }
}

/** What the server does with one bad frame: a fault with a code, an err with a code, or closing the socket. */
type Outcome = { fault: number } | { err: number } | { close: number };

async function outcomeOf(c: Client, raw: string | Buffer, binary = false): Promise<Outcome> {
  const before = c.frames.length;
  c.ws.send(raw, { binary });
  const f = await c.next((x) => x.t === 'fault' || x.t === 'err', 1500).catch(() => undefined);
  if (f?.t === 'fault') return { fault: f.code as number };
  if (f?.t === 'err') return { err: f.code as number };
  const closed = await Promise.race([c.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
  if (closed) return { close: closed.code };
  throw new Error(`no answer to a bad frame (${c.frames.length - before} other frames)`);
}

const count = { cases: 0 };
const tried = (n: number) => (count.cases += n);
after(() => console.log(`# hostile-server: ${count.cases} hostile cases tried`));

let server: RoomServer;
before(async () => {
  server = await start({ frameBurst: 400, framesPerSecond: 200 });
});

describe('hostile frames: malformed, unknown, out of range', () => {
  it('answers every malformed frame with a fault (or closes for a transport violation), the socket still usable after a fault', async () => {
    const depth = 60_000;
    const cases: Array<[string, string | Buffer, Outcome, boolean?]> = [
      ['not JSON', '{"t": "login", oops', { fault: Code.PARSE_JSON_ERROR }],
      ['empty text', '', { fault: Code.PARSE_JSON_ERROR }],
      ['JSON null', 'null', { fault: Code.INPUT_PARAM }],
      ['JSON number', '42', { fault: Code.INPUT_PARAM }],
      ['JSON string', '"login"', { fault: Code.INPUT_PARAM }],
      ['JSON array', '[{"t":"ping","n":1}]', { fault: Code.INPUT_PARAM }],
      ['object without t', '{"id":1}', { fault: Code.INPUT_PARAM }],
      ['t is a number', '{"t":5,"id":1}', { fault: Code.INPUT_PARAM }],
      ['t is an object', '{"t":{"toString":"login"},"id":1}', { fault: Code.INPUT_PARAM }],
      ['unknown t', '{"t":"drop-table","id":1}', { fault: Code.INPUT_PARAM }],
      ['t = constructor', '{"t":"constructor","id":1}', { fault: Code.INPUT_PARAM }],
      ['t = __proto__', '{"t":"__proto__","id":1}', { fault: Code.INPUT_PARAM }],
      ['t = hasOwnProperty', '{"t":"hasOwnProperty","id":1}', { fault: Code.INPUT_PARAM }],
      ['t = login-ok (a server frame)', '{"t":"login-ok","id":1}', { fault: Code.INPUT_PARAM }],
      ['t = kickout (a server frame)', '{"t":"kickout","roomID":"x","code":1}', { fault: Code.INPUT_PARAM }],
      ['request without id', '{"t":"publish"}', { fault: Code.INPUT_PARAM }],
      ['negative id', '{"t":"logout","id":-1}', { fault: Code.INPUT_PARAM }],
      ['fractional id', '{"t":"logout","id":1.5}', { fault: Code.INPUT_PARAM }],
      ['string id', '{"t":"logout","id":"1"}', { fault: Code.INPUT_PARAM }],
      ['id past 2^53', '{"t":"logout","id":9007199254740993}', { fault: Code.INPUT_PARAM }],
      ['id 1e308', '{"t":"logout","id":1e308}', { fault: Code.INPUT_PARAM }],
      ['id null', '{"t":"logout","id":null}', { fault: Code.INPUT_PARAM }],
      ['ping without n', '{"t":"ping"}', { fault: Code.INPUT_PARAM }],
      ['ping with string n', '{"t":"ping","n":"1"}', { fault: Code.INPUT_PARAM }],
      ['array depth bomb (60,000 levels)', '['.repeat(depth) + ']'.repeat(depth), { fault: Code.INPUT_PARAM }],
      [
        'object depth bomb in a field',
        `{"t":"ping","n":${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}}`,
        { fault: Code.INPUT_PARAM },
      ],
      [
        'depth bomb as the user of a login',
        `{"t":"login","id":1,"v":1,"appID":1,"roomID":"r","token":"","session":"s1","user":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        { err: Code.INPUT_PARAM },
      ],
      ['binary frame of garbage', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), { fault: Code.PARSE_JSON_ERROR }, true],
      ['binary frame holding valid JSON', Buffer.from('{"t":"ping","n":"x"}'), { fault: Code.INPUT_PARAM }, true],
      ['text frame of invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { close: 1007 }],
      [
        'frame of 1 MB',
        JSON.stringify({ t: 'im', id: 1, kind: 'broadcast', message: 'x'.repeat(1024 * 1024) }),
        { close: CloseCode.TOO_LARGE },
      ],
      ['frame one byte past maxPayload (256 KiB)', `"${'x'.repeat(256 * 1024 - 1)}"`, { close: CloseCode.TOO_LARGE }],
    ];
    for (const [name, raw, expected, binary] of cases) {
      const c = await Client.open(server.wsUrl, HOSTILE);
      const got = await outcomeOf(c, raw, binary);
      assert.deepEqual(got, expected, name);
      if ('close' in expected) continue;
      assert.equal((await c.login(unique('after'))).t, 'login-ok', `${name}: the socket still logs in after a fault`);
      c.bye();
    }
    // At maxPayload exactly, the frame is read (and refused as what it is, a string).
    const c = await Client.open(server.wsUrl, HOSTILE);
    assert.deepEqual(await outcomeOf(c, `"${'x'.repeat(256 * 1024 - 2)}"`), { fault: Code.INPUT_PARAM }, 'frame of exactly maxPayload');
    c.bye();
    tried(cases.length + 1);
    await bystandersWork(server);
  });

  it('closes a socket at its 20th fault: before login with POLICY, after login with a kickout and the user leaving', async () => {
    const anon = await Client.open(server.wsUrl, HOSTILE);
    for (let i = 0; i < 25; i++) anon.send('nope');
    assert.equal((await anon.closed).code, CloseCode.POLICY);
    assert.equal(anon.frames.filter((f) => f.t === 'fault').length, 20);

    const roomID = unique('faulty');
    const watcher = await member(server, unique('watch'), roomID);
    const faulty = await member(server, 'faulty', roomID);
    await faulty.req(publish(unique('faulty-cam')));
    await watcher.nextOf('stream-add');
    for (let i = 0; i < 20; i++) faulty.send({ t: 'nope' });
    assert.equal((await faulty.nextOf('kickout')).code, 1002055);
    assert.equal((await faulty.closed).code, CloseCode.POLICY);
    assert.equal((await watcher.nextOf('stream-del')).reason, 6, 'its streams go as removed by the server');
    assert.deepEqual((await watcher.nextOf('user-del')).users, [{ userID: 'faulty', userName: 'faulty' }]);
    tried(2);
    await bystandersWork(server, roomID);
    watcher.bye();
  });
});

describe('hostile requests: wrong types for every field', () => {
  it('refuses every malformed login field with the SDK code and logs nobody in', async () => {
    const user = (over: Over) => ({ user: { userID: 'u1', userName: 'u1', ...over } });
    const cases: Array<[string, Over, number]> = [
      ['v missing', { v: undefined }, Code.INPUT_PARAM],
      ['v 2', { v: 2 }, Code.INPUT_PARAM],
      ['v "1"', { v: '1' }, Code.INPUT_PARAM],
      ['appID 0', { appID: 0 }, Code.INPUT_PARAM],
      ['appID -1', { appID: -1 }, Code.INPUT_PARAM],
      ['appID 1.5', { appID: 1.5 }, Code.INPUT_PARAM],
      ['appID "1"', { appID: '1' }, Code.INPUT_PARAM],
      ['appID 2^32', { appID: 2 ** 32 }, Code.INPUT_PARAM],
      ['appID null', { appID: null }, Code.INPUT_PARAM],
      ['roomID number', { roomID: 5 }, Code.INPUT_PARAM],
      ['roomID object', { roomID: { length: 3 } }, Code.INPUT_PARAM],
      ['roomID array', { roomID: ['r'] }, Code.INPUT_PARAM],
      ['roomID null', { roomID: null }, Code.INPUT_PARAM],
      ['user missing', { user: undefined }, Code.INPUT_PARAM],
      ['user string', { user: 'u1' }, Code.INPUT_PARAM],
      ['user array', { user: ['u1'] }, Code.INPUT_PARAM],
      ['user null', { user: null }, Code.INPUT_PARAM],
      ['userID number', user({ userID: 5 }), Code.INPUT_PARAM],
      ['userID object', user({ userID: {} }), Code.INPUT_PARAM],
      ['userName number', user({ userName: 5 }), Code.INPUT_PARAM],
      ['userName object', user({ userName: { a: 1 } }), Code.INPUT_PARAM],
      ['userName 257 chars', user({ userName: 'n'.repeat(257) }), Code.USER_NAME_TOO_LONG],
      ['token number', { token: 5 }, Code.INPUT_PARAM],
      ['token null', { token: null }, Code.INPUT_PARAM],
      ['token 8193 chars', { token: 't'.repeat(8193) }, Code.INPUT_PARAM],
      ['userUpdate string', { userUpdate: 'yes' }, Code.INPUT_PARAM],
      ['maxMemberCount -1', { maxMemberCount: -1 }, Code.INPUT_PARAM],
      ['maxMemberCount 1.5', { maxMemberCount: 1.5 }, Code.INPUT_PARAM],
      ['maxMemberCount "2"', { maxMemberCount: '2' }, Code.INPUT_PARAM],
      ['session empty', { session: '' }, Code.INPUT_PARAM],
      ['session with a space', { session: 'a b' }, Code.INPUT_PARAM],
      ['session with a slash', { session: '../etc' }, Code.INPUT_PARAM],
      ['session 129 chars', { session: 's'.repeat(129) }, Code.INPUT_PARAM],
      ['session number', { session: 5 }, Code.INPUT_PARAM],
      ['resume string', { resume: 'x' }, Code.INPUT_PARAM],
      ['resume.publish string', { resume: { publish: 'x' } }, Code.INPUT_PARAM],
      [
        'resume.publish 17 streams',
        { resume: { publish: Array.from({ length: 17 }, (_, i) => ({ streamID: `s${i}` })) } },
        Code.INPUT_PARAM,
      ],
      ['resume.publish bad stream ID', { resume: { publish: [{ streamID: 'bad id' }] } }, Code.STREAM_ID_INVALID_CHARACTER],
      ['resume.publish bad video state', { resume: { publish: [{ streamID: 's1', video: 'ON' }] } }, Code.INPUT_PARAM],
      [
        'resume.publish extraInfo 1025',
        { resume: { publish: [{ streamID: 's1', extraInfo: 'x'.repeat(1025) }] } },
        Code.STREAM_EXTRA_INFO_TOO_LONG,
      ],
    ];
    const c = await Client.open(server.wsUrl, HOSTILE);
    for (const [name, over, code] of cases) {
      const frame = c.loginFrame('u1', over);
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete frame[k];
      const r = await c.req(frame);
      assert.deepEqual([r.t, r.code], ['err', code], name);
      assert.equal(typeof r.message, 'string', name);
    }
    assert.equal(server.stats().sessions, 0, 'nobody logged in');
    assert.equal((await c.login('u1')).t, 'login-ok', 'the same socket logs in with a good frame');
    c.bye();
    tried(cases.length);
    await bystandersWork(server);
  });

  it('refuses every malformed field of publish, unpublish, play, stream-status, stream-extra, room-extra, im, renew', async () => {
    const roomID = unique('types');
    const c = await member(server, 'typist', roomID);
    const watcher = await member(server, unique('watch'), roomID);
    assert.equal((await c.req(publish('mine'))).t, 'ok');
    await watcher.nextOf('stream-add');
    const many = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    const cases: Array<[string, Over, number]> = [
      ['publish: stream missing', { t: 'publish' }, Code.INPUT_PARAM],
      ['publish: stream string', { t: 'publish', stream: 'mine2' }, Code.INPUT_PARAM],
      ['publish: stream array', { t: 'publish', stream: ['mine2'] }, Code.INPUT_PARAM],
      ['publish: streamID number', { t: 'publish', stream: { streamID: 5 } }, Code.INPUT_PARAM],
      ['publish: streamID empty', { t: 'publish', stream: { streamID: '' } }, Code.STREAM_ID_NULL],
      ['publish: extraInfo number', { t: 'publish', stream: { streamID: 'm2', extraInfo: 5 } }, Code.STREAM_EXTRA_INFO_NULL],
      [
        'publish: extraInfo 1025 chars',
        { t: 'publish', stream: { streamID: 'm2', extraInfo: 'x'.repeat(1025) } },
        Code.STREAM_EXTRA_INFO_TOO_LONG,
      ],
      ['publish: video "ON"', { t: 'publish', stream: { streamID: 'm2', video: 'ON' } }, Code.INPUT_PARAM],
      ['publish: audio true', { t: 'publish', stream: { streamID: 'm2', audio: true } }, Code.INPUT_PARAM],
      ['unpublish: streamID missing', { t: 'unpublish' }, Code.INPUT_PARAM],
      ['unpublish: streamID number', { t: 'unpublish', streamID: 5 }, Code.INPUT_PARAM],
      ['unpublish: unknown stream', { t: 'unpublish', streamID: 'nothing' }, Code.PUBLISH_STREAM_NOT_FOUND],
      ['play: streamID object', { t: 'play', streamID: {} }, Code.INPUT_PARAM],
      ['play: streamID empty', { t: 'play', streamID: '' }, Code.STREAM_ID_NULL],
      ['play: unknown stream', { t: 'play', streamID: 'nothing' }, Code.PLAY_STREAM_NOT_FOUND],
      ['stream-status: video number', { t: 'stream-status', streamID: 'mine', video: 1, audio: 'OPEN' }, Code.INPUT_PARAM],
      ['stream-status: audio missing', { t: 'stream-status', streamID: 'mine', video: 'MUTE' }, Code.INPUT_PARAM],
      ['stream-status: streamID null', { t: 'stream-status', streamID: null, video: 'MUTE', audio: 'MUTE' }, Code.INPUT_PARAM],
      ['stream-extra: extraInfo number', { t: 'stream-extra', streamID: 'mine', extraInfo: 5 }, Code.STREAM_EXTRA_INFO_NULL],
      [
        'stream-extra: extraInfo 1025 chars',
        { t: 'stream-extra', streamID: 'mine', extraInfo: 'x'.repeat(1025) },
        Code.STREAM_EXTRA_INFO_TOO_LONG,
      ],
      ['room-extra: key number', { t: 'room-extra', key: 5, value: 'v' }, Code.INPUT_PARAM],
      ['room-extra: value null', { t: 'room-extra', key: 'k', value: null }, Code.INPUT_PARAM],
      ['room-extra: key empty', { t: 'room-extra', key: '', value: 'v' }, Code.ROOM_EXTRA_KEY_EMPTY],
      ['room-extra: key 11 bytes', { t: 'room-extra', key: 'k'.repeat(11), value: 'v' }, Code.ROOM_EXTRA_KEY_TOO_LONG],
      ['room-extra: key 4 emoji (16 bytes)', { t: 'room-extra', key: '😀'.repeat(4), value: 'v' }, Code.ROOM_EXTRA_KEY_TOO_LONG],
      ['room-extra: value 101 bytes', { t: 'room-extra', key: 'k', value: 'v'.repeat(101) }, Code.ROOM_EXTRA_VALUE_TOO_LONG],
      ['im: kind unknown', { t: 'im', kind: 'shout', message: 'x' }, Code.INPUT_PARAM],
      ['im: kind number', { t: 'im', kind: 1, message: 'x' }, Code.INPUT_PARAM],
      ['im: message number', { t: 'im', kind: 'broadcast', message: 5 }, Code.INPUT_PARAM],
      ['im: message object', { t: 'im', kind: 'broadcast', message: { toString: 'x' } }, Code.INPUT_PARAM],
      ['im: message empty', { t: 'im', kind: 'barrage', message: '' }, Code.MESSAGE_EMPTY],
      ['im: message 1025 bytes', { t: 'im', kind: 'barrage', message: 'x'.repeat(1025) }, Code.MESSAGE_TOO_LONG],
      ['im: message 342 three-byte chars (1026 bytes)', { t: 'im', kind: 'barrage', message: '好'.repeat(342) }, Code.MESSAGE_TOO_LONG],
      ['custom: toUserIDs missing', { t: 'im', kind: 'custom', message: 'x' }, Code.INPUT_PARAM],
      ['custom: toUserIDs string', { t: 'im', kind: 'custom', message: 'x', toUserIDs: 'u1' }, Code.INPUT_PARAM],
      ['custom: toUserIDs empty', { t: 'im', kind: 'custom', message: 'x', toUserIDs: [] }, Code.INPUT_PARAM],
      ['custom: toUserIDs [5]', { t: 'im', kind: 'custom', message: 'x', toUserIDs: [5] }, Code.INPUT_PARAM],
      ['custom: toUserIDs with a bad ID', { t: 'im', kind: 'custom', message: 'x', toUserIDs: ['a b'] }, Code.USER_ID_INVALID_CHARACTER],
      ['custom: 101 targets', { t: 'im', kind: 'custom', message: 'x', toUserIDs: many(101) }, Code.INPUT_PARAM],
      ['custom: 10,000 targets', { t: 'im', kind: 'custom', message: 'x', toUserIDs: many(10_000) }, Code.INPUT_PARAM],
      ['renew: token number', { t: 'renew', token: 5 }, Code.INPUT_PARAM],
      ['renew: token object', { t: 'renew', token: {} }, Code.INPUT_PARAM],
      ['login again, same room', c.loginFrame('typist', { roomID }), Code.REPEATEDLY_LOGIN],
      ['login again, another room', c.loginFrame('typist', { roomID: unique('other') }), Code.ROOM_COUNT_EXCEED],
    ];
    for (const [name, body, code] of cases) {
      const r = await c.req(body);
      assert.deepEqual([r.t, r.code], ['err', code], name);
    }
    await watcher.sync();
    const leaked = watcher.frames.filter((f) => f.t !== 'count' && f.t !== 'pong');
    assert.deepEqual(leaked, [], 'refused requests push nothing to the room');
    assert.equal(server.stats().streams, 1);

    c.send({ t: 'logout', id: 9000 });
    await c.next((f) => f.id === 9000);
    for (const t of ['publish', 'unpublish', 'play', 'stream-status', 'stream-extra', 'room-extra', 'im', 'renew', 'logout']) {
      assert.equal((await c.req({ t, streamID: 'mine' })).code, Code.NOT_LOGIN, `${t} after logout`);
    }
    c.bye();
    watcher.bye();
    tried(cases.length + 9);
    await bystandersWork(server);
  });
});

describe('hostile IDs: every rule at its limits', () => {
  const SPECIALS = "#!$%&()`'+-;<=.>@^_~,\\*".split('');
  const FORBIDDEN: Array<[string, string]> = [
    ['space', ' '],
    ['colon', ':'],
    ['slash', '/'],
    ['question mark', '?'],
    ['double quote', '"'],
    ['square bracket', '['],
    ['curly brace', '{'],
    ['pipe', '|'],
    ['tab', '\t'],
    ['newline', '\n'],
    ['NUL', '\0'],
    ['DEL', '\x7f'],
    ['non-ASCII letter', 'é'],
    ['CJK', '房'],
    ['emoji', '😀'],
    ['RTL override', '\u202e'],
    ['zero-width space', '\u200b'],
    ['lone surrogate', '\ud800'],
  ];

  it('room IDs: 128 accepted, 129 refused, each allowed special accepted, each forbidden class refused', async () => {
    const c = await Client.open(server.wsUrl, HOSTILE);
    const rows: Array<[string, string, number]> = [
      ['128 chars', 'r'.repeat(128), 0],
      ['129 chars', 'r'.repeat(129), Code.ROOM_ID_TOO_LONG],
      ['empty', '', Code.ROOM_ID_NULL],
      ...SPECIALS.map((ch): [string, string, number] => [`special ${ch}`, `r${ch}${process.pid}`, 0]),
      ...FORBIDDEN.map(([name, ch]): [string, string, number] => [name, `r${ch}x`, Code.ROOM_ID_INVALID_CHARACTER]),
    ];
    for (const [name, roomID, code] of rows) {
      const r = await c.login('ids', { roomID });
      assert.equal(r.t === 'login-ok' ? 0 : r.code, code, `room ID ${name}`);
      if (r.t === 'login-ok') {
        assert.equal((await c.req({ t: 'logout' })).t, 'ok');
      }
    }
    c.bye();
    tried(rows.length);
    await bystandersWork(server);
  });

  it('user IDs: 64 accepted, 65 refused, each special accepted, each forbidden class refused (login and custom targets)', async () => {
    const c = await Client.open(server.wsUrl, HOSTILE);
    const rows: Array<[string, string, number]> = [
      ['64 chars', 'u'.repeat(64), 0],
      ['65 chars', 'u'.repeat(65), Code.USER_ID_TOO_LONG],
      ['empty', '', Code.USER_ID_NULL],
      ...SPECIALS.map((ch): [string, string, number] => [`special ${ch}`, `u${ch}1`, 0]),
      ...FORBIDDEN.map(([name, ch]): [string, string, number] => [name, `u${ch}1`, Code.USER_ID_INVALID_CHARACTER]),
    ];
    const roomID = unique('uid');
    for (const [name, userID, code] of rows) {
      const r = await c.login(userID, { roomID });
      assert.equal(r.t === 'login-ok' ? 0 : r.code, code, `user ID ${name}`);
      if (r.t === 'login-ok') {
        // The same rule holds for custom command targets.
        assert.equal((await c.req({ t: 'im', kind: 'custom', message: 'x', toUserIDs: [userID] })).t, 'ok', `custom to ${name}`);
        assert.equal((await c.req({ t: 'logout' })).t, 'ok');
      } else if (userID !== '') {
        const l = await c.login('target-check', { roomID });
        assert.equal(l.t, 'login-ok');
        assert.equal((await c.req({ t: 'im', kind: 'custom', message: 'x', toUserIDs: [userID] })).code, code, `custom to ${name}`);
        assert.equal((await c.req({ t: 'logout' })).t, 'ok');
      }
    }
    c.bye();
    tried(rows.length);
    await bystandersWork(server);
  });

  it('stream IDs: 256 accepted, 257 refused, each special accepted, each forbidden class refused (publish and play)', async () => {
    const c = await member(server, 'streamer', unique('sid'));
    const rows: Array<[string, string, number]> = [
      ['256 chars', `${process.pid}`.padEnd(256, 's'), 0],
      ['257 chars', 's'.repeat(257), Code.STREAM_ID_TOO_LONG],
      ['empty', '', Code.STREAM_ID_NULL],
      ...SPECIALS.map((ch): [string, string, number] => [`special ${ch}`, `s${ch}${process.pid}`, 0]),
      ...FORBIDDEN.map(([name, ch]): [string, string, number] => [name, `s${ch}x`, Code.STREAM_ID_INVALID_CHARACTER]),
    ];
    for (const [name, streamID, code] of rows) {
      const r = await c.req(publish(streamID));
      assert.equal(r.t === 'ok' ? 0 : r.code, code, `stream ID ${name}`);
      if (r.t === 'ok') assert.equal((await c.req({ t: 'unpublish', streamID })).t, 'ok');
      else assert.equal((await c.req({ t: 'play', streamID })).code, code, `play ${name}`);
    }
    // 16 streams per session, then refused.
    for (let i = 0; i < 16; i++) assert.equal((await c.req(publish(unique('many')))).t, 'ok');
    assert.equal((await c.req(publish(unique('many')))).code, Code.INPUT_PARAM, 'the 17th stream of one session');
    c.bye();
    tried(rows.length + 1);
    await bystandersWork(server);
  });
});

describe('hostile payloads: markup, scripts, control characters and Unicode arrive as the same text', () => {
  const PAYLOADS: Array<[string, string]> = [
    ['img onerror', '<img src=x onerror="alert(1)">'],
    ['script element', '<script>alert(document.cookie)</script>'],
    ['attribute break-out', '"\'><svg/onload=alert(1)>'],
    ['javascript: URL', 'javascript:alert(1)//'],
    ['template injection', '{{constructor.constructor("alert(1)")()}} ${alert(1)}'],
    ['HTML entities', '&lt;b&gt; &amp;amp; &#x3C;'],
    ['a protocol frame as text', '{"t":"kickout","roomID":"x","code":1002050}'],
    ['__proto__ JSON', '{"__proto__":{"admin":true}}'],
    ['C0 control characters', Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('')],
    ['NUL inside', 'a\0b\0'],
    ['DEL and C1', '\x7f\x80\x9f'],
    ['CRLF injection', 'line1\r\nSet-Cookie: x=1\r\n\r\n'],
    ['lone high surrogate', 'x\ud800y'],
    ['lone low surrogate', '\udc00'],
    ['RTL override', 'abc\u202etxt.exe\u202c'],
    ['zero width and BOM', '\u200b\u200c\u200d\ufeff'],
    ['combining marks', 'Z̷̢͎a̸̛l̴g̶o̵'],
    ['emoji ZWJ sequence', '👩‍👩‍👧‍👦🏳️‍🌈'],
    ['1024 ASCII bytes', '<'.repeat(1024)],
    ['341 three-byte chars (1023 bytes)', '好'.repeat(341)],
  ];

  it('relays every payload byte for byte as broadcast, barrage and custom messages', async () => {
    const roomID = unique('text');
    const from = await member(server, 'sender', roomID);
    const to = await member(server, 'receiver', roomID);
    from.keepAlive();
    to.keepAlive();
    let n = 0;
    for (const [name, message] of PAYLOADS) {
      for (const kind of ['broadcast', 'barrage', 'custom'] as const) {
        // Stay under the per-client broadcast quota (2/s) without sleeping: a fresh sender when it is used up.
        const r = await from.req({ t: 'im', kind, message, ...(kind === 'custom' ? { toUserIDs: ['receiver'] } : {}) });
        if (r.code === Code.MESSAGE_FREQUENCY_LIMITED) {
          await new Promise((ok) => setTimeout(ok, 1000));
          assert.equal((await from.req({ t: 'im', kind, message, ...(kind === 'custom' ? { toUserIDs: ['receiver'] } : {}) })).t, 'ok');
        } else assert.equal(r.t, 'ok', `${kind} ${name}: ${JSON.stringify(r)}`);
        const im = await to.next((f) => f.t === 'im' && f.kind === kind);
        assert.equal(im.message, message, `${kind} ${name}`);
        n++;
      }
    }
    from.bye();
    to.bye();
    tried(PAYLOADS.length);
    assert.equal(n, PAYLOADS.length * 3);
    await bystandersWork(server);
  });

  it('keeps markup in user names, stream extra info and room extra info as text', async () => {
    const roomID = unique('names');
    const watcher = await member(server, unique('watch'), roomID);
    const values = PAYLOADS.filter(([, v]) => v.length <= 256).slice(0, 14);
    let i = 0;
    for (const [name, text] of values) {
      const c = await member(server, `n${i}`, roomID, { user: { userID: `n${i}`, userName: text } });
      const add = await watcher.next((f) => f.t === 'user-add' && (f.users as Array<{ userID: string }>)[0].userID === `n${i}`);
      assert.equal((add.users as Array<{ userName: string }>)[0].userName, text, `user name ${name}`);
      const streamID = unique('x');
      await c.req(publish(streamID, text));
      const sAdd = await watcher.next((f) => f.t === 'stream-add');
      const wire = (sAdd.streams as Array<{ extraInfo: string; user: { userName: string } }>)[0];
      assert.deepEqual([wire.extraInfo, wire.user.userName], [text, text], `stream extra info ${name}`);
      assert.equal((await c.req({ t: 'stream-extra', streamID, extraInfo: text + '!' })).t, 'ok');
      const sx = await watcher.nextOf('stream-extra');
      assert.equal((sx.streams as Array<{ extraInfo: string }>)[0].extraInfo, text + '!', `stream extra update ${name}`);
      const value = text.slice(0, 25); // 25 UTF-16 units stay within 100 bytes
      assert.equal((await c.req({ t: 'room-extra', key: 'k', value })).t, 'ok', `room extra ${name}`);
      const rx = await watcher.nextOf('room-extra');
      assert.equal((rx.items as Array<{ value: string }>)[0].value, value, `room extra ${name}`);
      c.bye();
      await watcher.nextOf('user-del');
      i++;
    }
    watcher.bye();
    tried(values.length);
    await bystandersWork(server);
  });

  it('never writes a message, name or token into the log, and escapes what it does log', async () => {
    const before = logs.length;
    const roomID = unique('log');
    const a = await member(server, 'loggy', roomID, { user: { userID: 'loggy', userName: 'NAME\n[zego-elements] warn: forged' } });
    await a.req({ t: 'im', kind: 'broadcast', message: 'SECRET-MESSAGE\n[zego-elements] warn: forged' });
    a.send('not json\n[zego-elements] warn: forged');
    await a.nextOf('fault');
    a.bye();
    await a.closed;
    const lines = logs.slice(before);
    assert.ok(!lines.some((l) => l.includes('SECRET-MESSAGE') || l.includes('NAME')), 'no payloads in the log');
    assert.ok(!lines.some((l) => l.includes('forged')), 'no forged log lines');
    assert.ok(
      lines.every((l) => !l.includes('\n')),
      'one line per entry',
    );
    tried(1);
  });
});

describe('hostile reach: other users, other streams, other rooms', () => {
  it('refuses privilege escalation on a stream someone else owns, and the owner notices nothing', async () => {
    const roomID = unique('own');
    const owner = await member(server, 'owner', roomID);
    const watcher = await member(server, 'watcher', roomID);
    const thief = await member(server, 'thief', roomID);
    assert.equal((await owner.req(publish('owned', 'original'))).t, 'ok');
    await watcher.nextOf('stream-add');
    await thief.nextOf('stream-add');
    const elsewhere = await member(server, 'elsewhere', unique('other-room'));

    const cases: Array<[string, Client, Over, number]> = [
      ['publish the same stream ID', thief, publish('owned', 'stolen'), Code.DUPLICATE_STREAM_ID],
      ['publish the same stream ID from another room', elsewhere, publish('owned', 'stolen'), Code.DUPLICATE_STREAM_ID],
      ['unpublish it', thief, { t: 'unpublish', streamID: 'owned' }, Code.PUBLISH_STREAM_NOT_FOUND],
      ['unpublish it from another room', elsewhere, { t: 'unpublish', streamID: 'owned' }, Code.PUBLISH_STREAM_NOT_FOUND],
      [
        'mute it (stream-status)',
        thief,
        { t: 'stream-status', streamID: 'owned', video: 'MUTE', audio: 'MUTE' },
        Code.PUBLISH_STREAM_NOT_FOUND,
      ],
      ['rewrite its extra info', thief, { t: 'stream-extra', streamID: 'owned', extraInfo: 'pwned' }, Code.PUBLISH_STREAM_NOT_FOUND],
      ['play it from another room', elsewhere, { t: 'play', streamID: 'owned' }, Code.PLAY_STREAM_NOT_FOUND],
    ];
    for (const [name, who, body, code] of cases) {
      const r = await who.req(body);
      assert.deepEqual([r.t, r.code], ['err', code], name);
    }
    // A fresh login that "resumes" the owner's stream gets it refused, not handed over.
    const resumer = await Client.open(server.wsUrl, HOSTILE);
    const r = await resumer.login('resumer', {
      roomID,
      resume: { publish: [{ streamID: 'owned', extraInfo: 'stolen', video: 'OPEN', audio: 'OPEN' }] },
    });
    assert.equal(r.t, 'login-ok');
    assert.deepEqual(r.resumeFailed, [{ streamID: 'owned', code: Code.DUPLICATE_STREAM_ID, message: 'stream ID is already published' }]);

    await watcher.sync();
    const seen = watcher.frames.filter((f) => f.t.startsWith('stream-'));
    assert.deepEqual(seen, [], 'no stream-del, stream-status or stream-extra reached the room');
    const play = await watcher.req({ t: 'play', streamID: 'owned' });
    assert.equal((play.data as { publisher: string }).publisher, owner.session, 'the stream still belongs to its owner');
    await owner.sync();
    assert.equal(owner.ws.readyState, WebSocket.OPEN);
    for (const c of [owner, watcher, thief, elsewhere, resumer]) c.bye();
    tried(cases.length + 1);
    await bystandersWork(server);
  });

  it('keeps signals and custom commands inside the room, stamps the real sender and relays known fields only', async () => {
    const roomA = unique('sigA');
    const roomB = unique('sigB');
    const attacker = await member(server, 'attacker', roomA);
    const mate = await member(server, 'mate', roomA);
    const victim = await member(server, 'victim', roomB);
    const victimMate = await member(server, 'victim-mate', roomB);

    const cases: Array<[string, Over]> = [
      ['signal to a session in another room', { t: 'signal', to: victim.session, data: offer('s1') }],
      ['signal with a forged from', { t: 'signal', to: mate.session, from: victim.session, data: offer('s1') }],
      ['signal with extra fields', { t: 'signal', to: mate.session, data: { ...offer('s2'), evil: '<script>', sdp2: 'x' }, admin: true }],
      ['signal to an unknown session', { t: 'signal', to: 'no-such-session', data: offer('s1') }],
      ['signal to itself', { t: 'signal', to: attacker.session, data: offer('s1') }],
      ['custom command to a user of another room', { t: 'im', id: 77, kind: 'custom', message: 'psst', toUserIDs: ['victim'] }],
    ];
    for (const [, frame] of cases) attacker.send(frame);
    const fromMate = [await mate.nextOf('signal'), await mate.nextOf('signal')];
    assert.deepEqual(
      fromMate.map((f) => f.from),
      [attacker.session, attacker.session],
      'stamped with the real sender',
    );
    assert.deepEqual(Object.keys(fromMate[1]).sort(), ['data', 'from', 't']);
    assert.deepEqual(Object.keys(fromMate[1].data as object).sort(), ['kind', 'playID', 'sdp', 'streamID'], 'known fields only');
    assert.equal((await attacker.nextOf('signal')).from, attacker.session, 'a signal to itself comes back to itself only');
    assert.equal((await attacker.next((f) => f.id === 77)).t, 'ok', 'a custom command to nobody in the room is accepted and goes nowhere');
    await Promise.all([victim.sync(), victimMate.sync()]);
    for (const c of [victim, victimMate]) {
      assert.deepEqual(
        c.frames.filter((f) => f.t !== 'count' && f.t !== 'user-add'),
        [],
        'nothing crossed into the other room',
      );
    }
    for (const c of [attacker, mate, victim, victimMate]) c.bye();
    tried(cases.length);
    await bystandersWork(server, roomB);
  });

  it('keeps trickled ICE candidates inside the room, stamps the real sender and refuses malformed ones', async () => {
    const roomA = unique('iceA');
    const roomB = unique('iceB');
    const attacker = await member(server, 'attacker', roomA);
    const mate = await member(server, 'mate', roomA);
    const victim = await member(server, 'victim', roomB);
    const candidate = {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    const ice = (c: unknown, role = 'player') => ({ kind: 'candidate', playID: unique('p'), streamID: 's1', role, candidate: c });
    const relayed: Array<[string, Over]> = [
      ['candidate to a session in another room', { t: 'signal', to: victim.session, data: ice(candidate) }],
      ['end-of-candidates to a session in another room', { t: 'signal', to: victim.session, data: ice(null) }],
      ['candidate with a forged from', { t: 'signal', to: mate.session, from: victim.session, data: ice(candidate) }],
      ['candidate with extra fields', { t: 'signal', to: mate.session, data: { ...ice({ ...candidate, evil: 1 }), sdp: 'v=0' } }],
    ];
    const refused: Array<[string, Over]> = [
      [
        'candidate smuggling an SDP line',
        { t: 'signal', to: mate.session, data: ice({ ...candidate, candidate: `${candidate.candidate}\r\na=x` }) },
      ],
      ['candidate of an unknown role', { t: 'signal', to: mate.session, data: ice(candidate, 'core') }],
      [
        'candidate without a line index or mid',
        { t: 'signal', to: mate.session, data: ice({ ...candidate, sdpMid: null, sdpMLineIndex: null }) },
      ],
      ['oversized candidate', { t: 'signal', to: mate.session, data: ice({ ...candidate, candidate: `candidate:${'9'.repeat(2000)}` }) }],
    ];
    const victimCam = unique('vcam');
    assert.equal((await victim.req(publish(victimCam))).t, 'ok');
    const playOffer = { t: 'play', streamID: victimCam, offer: { kind: 'offer', playID: unique('p'), streamID: victimCam, sdp: 'v=0' } };
    assert.equal((await attacker.req(playOffer)).code, Code.PLAY_STREAM_NOT_FOUND, 'an offer riding a play of another room');
    for (const [, frame] of relayed) attacker.send(frame);
    for (const [name, frame] of refused) {
      attacker.send(frame);
      assert.equal((await attacker.nextOf('fault')).code, Code.INPUT_PARAM, name);
    }
    const got = [await mate.nextOf('signal'), await mate.nextOf('signal')];
    assert.deepEqual(
      got.map((f) => f.from),
      [attacker.session, attacker.session],
      'stamped with the real sender',
    );
    assert.deepEqual(Object.keys(got[1].data as object).sort(), ['candidate', 'kind', 'playID', 'role', 'streamID'], 'known fields only');
    assert.deepEqual((got[1].data as { candidate: unknown }).candidate, candidate, 'known candidate fields only');
    await Promise.all([victim.sync(), mate.sync()]);
    assert.deepEqual(
      victim.frames.filter((f) => f.t === 'signal'),
      [],
      'nothing crossed into the other room',
    );
    assert.equal(mate.frames.filter((f) => f.t === 'signal').length, 0, 'the refused ones reached nobody');
    for (const c of [attacker, mate, victim]) c.bye();
    tried(relayed.length + refused.length + 1);
    await bystandersWork(server, roomA);
  });

  it('does not hand a session to a login that presents its ID (session hijack) for another user', async () => {
    const roomID = unique('hijack');
    const victim = await member(server, 'victim', roomID);
    await victim.req(publish(unique('vcam')));
    const peer = await member(server, 'peer', roomID);
    const hijack = await Client.open(server.wsUrl, HOSTILE);
    hijack.session = victim.session;
    const cases: Array<[string, Over, number]> = [
      ['same room, another user', { roomID }, Code.INPUT_PARAM],
      ['another room, another user', { roomID: unique('elsewhere') }, Code.INPUT_PARAM],
      ['another appID', { roomID, appID: 2 }, Code.INPUT_PARAM],
    ];
    for (const [name, over, code] of cases) {
      const r = await hijack.login('hijacker', over);
      assert.deepEqual([r.t, r.code], ['err', code], name);
    }
    // The victim kept its link and its stream: a message still reaches it, and nothing told the room otherwise.
    assert.equal((await peer.req({ t: 'im', kind: 'broadcast', message: 'you there?' })).t, 'ok');
    assert.equal((await victim.nextOf('im')).message, 'you there?');
    await peer.sync();
    assert.deepEqual(
      peer.frames.filter((f) => f.t === 'user-del' || f.t === 'stream-del' || f.t === 'user-add'),
      [],
    );
    for (const c of [victim, peer, hijack]) c.bye();
    tried(cases.length);
    await bystandersWork(server, roomID);
  });
});

describe('hostile volume: floods and sizes', () => {
  it('quotas: a message flood is refused (1009015) in its own room and never starves another room', async () => {
    const roomID = unique('flood');
    const flooder = await member(server, 'flooder', roomID);
    const mate = await member(server, 'mate', roomID);
    let limited = 0;
    for (let i = 0; i < 40; i++) {
      const r = await flooder.req({ t: 'im', kind: i % 2 ? 'barrage' : 'custom', message: `m${i}`, toUserIDs: ['mate'] });
      if (r.code === Code.MESSAGE_FREQUENCY_LIMITED) limited++;
    }
    assert.ok(limited >= 10, `flood refused (${limited} of 40)`);
    assert.ok(mate.frames.filter((f) => f.t === 'im').length <= 30, 'the mate got at most the quota');
    for (const c of [flooder, mate]) c.bye();
    tried(1);
    await bystandersWork(server);
  });

  it('frames past the burst close that socket only (1008); a 1 MB message closes it (1009); 2,000 pings never reach anyone', async () => {
    const small = await start({ frameBurst: 50, framesPerSecond: 20 });
    const roomID = unique('burst');
    const mate = await member(small, 'mate', roomID);
    const flooder = await member(small, 'flooder', roomID);
    for (let i = 0; i < 2000; i++) flooder.send({ t: 'ping', n: i });
    assert.equal((await flooder.closed).code, CloseCode.POLICY);
    const big = await member(small, 'big', roomID);
    big.send({ t: 'im', id: 1, kind: 'broadcast', message: 'x'.repeat(1024 * 1024) });
    assert.equal((await big.closed).code, CloseCode.TOO_LARGE);
    await mate.sync();
    assert.equal(mate.frames.filter((f) => f.t === 'pong' || f.t === 'im').length, 0);
    mate.bye();
    tried(2);
    await bystandersWork(small, roomID);
  });

  it('connections: past maxConnections new sockets get 1013 and the logged-in ones keep working; a silent one is closed at the login timeout', async () => {
    const limited = await start({ maxConnections: 6, loginTimeoutMs: 400 });
    const roomID = unique('full');
    const a = await member(limited, 'a', roomID);
    const b = await member(limited, 'b', roomID);
    // Never logs in but pings: pings do not stand in for a login.
    const idle = await Client.open(limited.wsUrl, HOSTILE);
    const idlePing = setInterval(() => idle.ws.readyState === WebSocket.OPEN && idle.send({ t: 'ping', n: 0 }), 100);
    const extra = await Promise.all(Array.from({ length: 8 }, () => Client.open(limited.wsUrl, HOSTILE)));
    const codes = await Promise.all(
      extra.map((c) => Promise.race([c.closed.then((x) => x.code), new Promise<number>((r) => setTimeout(() => r(0), 300))])),
    );
    assert.equal(codes.filter((c) => c === 1013).length, 5, `3 sockets left under the limit, 5 refused: ${codes}`);
    assert.equal((await idle.closed).code, CloseCode.LOGIN_TIMEOUT);
    clearInterval(idlePing);
    for (const c of extra) c.ws.terminate();
    assert.equal((await a.req({ t: 'im', kind: 'broadcast', message: 'still' })).t, 'ok');
    assert.equal((await b.nextOf('im')).message, 'still');
    a.bye();
    b.bye();
    await Promise.all([a.closed, b.closed]);
    tried(2);
    await bystandersWork(limited);
  });

  it('10,000 rooms made and left over 125 sockets leave nothing behind', async () => {
    const before = server.stats();
    const sockets = await Promise.all(Array.from({ length: 125 }, () => Client.open(server.wsUrl, HOSTILE)));
    await Promise.all(
      sockets.map(async (c, i) => {
        for (let j = 0; j < 80; j++) {
          const r = await c.login(`u${i}`, { roomID: `bulk-${i}-${j}`, session: `bulk-${i}-${j}` });
          assert.equal(r.t, 'login-ok');
          assert.equal((await c.req({ t: 'logout' })).t, 'ok');
        }
      }),
    );
    // Earlier tests' goodbyes may still be in flight: nothing beyond what was there before.
    assert.ok(server.stats().rooms <= before.rooms, `rooms ${server.stats().rooms} > ${before.rooms}`);
    assert.ok(server.stats().sessions <= before.sessions);
    for (const c of sockets) c.bye();
    tried(1);
    await bystandersWork(server);
  });
});

describe('hostile tokens against a server with a secret', () => {
  it('refuses garbage, truncated, padded, re-encoded and foreign tokens, and renew cannot escalate', async () => {
    const secure = await start({ appID: SECRET_APP, secret: SECRET });
    const roomID = unique('tok');
    const make = (userID: string, opts: { payload?: string; ttl?: number; appID?: number; secret?: string } = {}) =>
      generateToken04(opts.appID ?? SECRET_APP, userID, opts.secret ?? SECRET, opts.ttl ?? 600, opts.payload ?? token04Payload({ roomID }));
    const valid = make('alice');
    const body = valid.slice(2);
    const cases: Array<[string, unknown, number]> = [
      ['empty', '', Code.INPUT_PARAM],
      ['number', 4, Code.INPUT_PARAM],
      ['"04" only', '04', Code.TOKEN_ERROR],
      ['garbage after 04', '04' + 'A'.repeat(120), Code.TOKEN_ERROR],
      ['not base64', '04' + '!@#$'.repeat(30), Code.TOKEN_ERROR],
      ['wrong version prefix', '03' + body, Code.TOKEN_ERROR],
      ['no prefix', body, Code.TOKEN_ERROR],
      ['truncated by 4 chars', valid.slice(0, -4), Code.TOKEN_ERROR],
      ['truncated to half', valid.slice(0, 2 + Math.floor(body.length / 8) * 4), Code.TOKEN_ERROR],
      ['trailing bytes', valid + 'AAAA', Code.TOKEN_ERROR],
      [
        'base64url alphabet',
        valid.replace(/\+/g, '-').replace(/\//g, '_') === valid
          ? '04' + body.slice(0, -4) + '-_-_'
          : valid.replace(/\+/g, '-').replace(/\//g, '_'),
        Code.TOKEN_ERROR,
      ],
      ['unicode inside', valid.slice(0, 20) + 'é' + valid.slice(21), Code.TOKEN_ERROR],
      ['8192 chars of garbage', '04' + 'A'.repeat(8190), Code.TOKEN_ERROR],
      ['8193 chars', '04' + 'A'.repeat(8191), Code.TOKEN_ERROR],
      ['another appID', make('alice', { appID: SECRET_APP + 1 }), Code.TOKEN_ERROR],
      ['another secret', make('alice', { secret: SECRET.split('').reverse().join('') }), Code.TOKEN_ERROR],
      [
        'expired a second ago',
        generateToken04(SECRET_APP, 'alice', SECRET, 1, token04Payload({ roomID }), { ctime: Math.floor(Date.now() / 1000) - 2 }),
        Code.TOKEN_EXPIRED,
      ],
      ['another room in the payload', make('alice', { payload: token04Payload({ roomID: 'elsewhere' }) }), Code.TOKEN_ERROR],
      ['no login privilege', make('alice', { payload: token04Payload({ roomID, login: false }) }), Code.TOKEN_ERROR],
      ["bob's token for alice", make('bob'), Code.TOKEN_USERID_ERROR],
    ];
    const c = await Client.open(secure.wsUrl, HOSTILE);
    for (const [name, token, code] of cases) {
      const r = await c.login('alice', { appID: SECRET_APP, roomID, token });
      assert.deepEqual([r.t, r.code], ['err', code], `token ${name}`);
    }
    assert.equal(secure.stats().sessions, 0);

    // Alice in, without publish privilege; renew with anything but a good token changes nothing.
    const alice = await member(secure, 'alice', roomID, { token: make('alice', { payload: token04Payload({ roomID, publish: false }) }) });
    const renews: Array<[string, unknown, number]> = [
      ['garbage', '04garbage', Code.TOKEN_ERROR],
      ["bob's token", make('bob'), Code.TOKEN_USERID_ERROR],
      ['another room', make('alice', { payload: token04Payload({ roomID: 'elsewhere' }) }), Code.TOKEN_ERROR],
    ];
    for (const [name, token, code] of renews) {
      assert.equal((await alice.req({ t: 'renew', token })).code, code, `renew with ${name}`);
      assert.equal((await alice.req(publish(unique('a')))).code, Code.NO_PUBLISH_AUTH, `still no publish after renew with ${name}`);
    }

    // Hijack: alice's session ID with bob's valid token, or with no valid token for alice.
    const bob = await Client.open(secure.wsUrl, HOSTILE);
    bob.session = alice.session;
    assert.equal(
      (await bob.login('bob', { appID: SECRET_APP, roomID, token: make('bob') })).code,
      Code.INPUT_PARAM,
      "bob's token on alice's session",
    );
    assert.equal(
      (await bob.login('alice', { appID: SECRET_APP, roomID, token: make('bob') })).code,
      Code.TOKEN_USERID_ERROR,
      "alice's session and user with bob's token",
    );
    assert.equal((await bob.login('alice', { appID: SECRET_APP, roomID, token: '' })).code, Code.INPUT_PARAM);
    await alice.sync();
    assert.equal(alice.ws.readyState, WebSocket.OPEN, 'alice kept her link');
    assert.ok(!logs.some((l) => l.includes(valid) || l.includes(SECRET) || l.includes(body.slice(0, 40))), 'no token or secret in the log');
    for (const x of [c, alice, bob]) x.bye();
    tried(cases.length + renews.length + 3);
    await bystandersWork(secure);
    await bystandersWork(secure, roomID);
  });
});
