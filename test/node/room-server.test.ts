// The room server for real: 127.0.0.1, ephemeral ports, `ws` clients, small timeouts.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { Code } from '../../src/shared/codes.js';
import { CloseCode } from '../../src/shared/protocol.js';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../../server/room-server.js';
import { generateToken04, token04Payload } from '../../server/token04.js';
import { Client, terminateClients } from './ws-client.js';

const servers = new Set<RoomServer>();
after(async () => {
  terminateClients();
  await Promise.all([...servers].map((s) => s.close({ abrupt: true })));
});

interface Started {
  server: RoomServer;
  logs: string[];
}

async function start(opts: RoomServerOptions = {}): Promise<Started> {
  const logs: string[] = [];
  const server = await createRoomServer({ port: 0, log: (line) => logs.push(line), ...opts });
  servers.add(server);
  return { server, logs };
}

async function stop(server: RoomServer, abrupt = false): Promise<void> {
  await server.close({ abrupt });
  servers.delete(server);
}

/** A client logged in to `server` as `userID` (the login answer already checked). */
async function loggedIn(server: RoomServer, userID: string, over: Record<string, unknown> = {}): Promise<Client> {
  const c = await Client.open(server.wsUrl);
  const r = await c.login(userID, over);
  assert.equal(r.t, 'login-ok', JSON.stringify(r));
  return c;
}

function get(
  server: RoomServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  // node:http, not fetch: fetch normalizes `..` away and these tests need raw paths.
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const SECRET = '0123456789abcdef0123456789abcdef';
const publishFrame = (streamID: string, extraInfo = '') => ({
  t: 'publish',
  stream: { streamID, extraInfo, video: 'OPEN', audio: 'OPEN' },
});

describe('room server', () => {
  it('carries login, publish and IM over the wire, and answers /healthz', async () => {
    const { server } = await start();
    assert.match(server.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    const health = await get(server, '/healthz');
    assert.deepEqual([health.status, health.body], [200, 'ok']);

    const a = await loggedIn(server, 'alice');
    const b = await Client.open(server.wsUrl);
    const bLogin = await b.login('bob', { appID: 77 });
    assert.equal(bLogin.t, 'login-ok', 'a server without appID accepts any');
    const b2 = await loggedIn(server, 'bob');
    assert.deepEqual((await a.nextOf('user-add')).users, [{ userID: 'bob', userName: 'bob' }]);
    assert.equal((await a.req(publishFrame('cam-a', 'hello'))).t, 'ok');
    const add = await b2.nextOf('stream-add');
    assert.equal((add.streams as Array<{ extraInfo: string }>)[0].extraInfo, 'hello');
    const sent = await a.req({ t: 'im', kind: 'broadcast', message: 'hi there' });
    const im = await b2.nextOf('im');
    assert.deepEqual(
      [im.message, im.messageID, (im.fromUser as { userID: string }).userID],
      ['hi there', (sent.data as { messageID: string }).messageID, 'alice'],
    );
    assert.equal(b.frames.filter((f) => f.t === 'im').length, 0, 'appID 77 is another world');
    assert.deepEqual(server.stats(), { connections: 3, sessions: 3, rooms: 2, streams: 1, sockets: 3 });
  });

  it('in dev mode issues tokens at /token that the server then verifies', async () => {
    const { server, logs } = await start({ dev: true });
    assert.equal(server.appID, 1);
    const res = await get(server, '/token?userID=alice&roomID=r1&ttl=60');
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const { token } = JSON.parse(res.body) as { token: string };
    assert.match(token, /^04/);

    const a = await Client.open(server.wsUrl);
    assert.equal((await a.login('alice', { token: '' })).code, Code.INPUT_PARAM);
    assert.equal((await a.login('mallory', { token })).code, Code.TOKEN_USERID_ERROR);
    assert.equal((await a.login('alice', { token, roomID: 'r2' })).code, Code.TOKEN_ERROR);
    assert.equal((await a.login('alice', { token, appID: 2 })).code, 1001004);
    const ok = await a.login('alice', { token });
    assert.equal(ok.t, 'login-ok');
    assert.ok(Math.abs((ok.tokenExpire as number) - Date.now() / 1000 - 60) < 5);
    assert.equal((await a.req(publishFrame('cam'))).t, 'ok');

    for (const [path, code] of [
      ['/token?roomID=r1', Code.USER_ID_NULL],
      ['/token?userID=a%20b', Code.USER_ID_INVALID_CHARACTER],
      ['/token?userID=a&roomID=', Code.ROOM_ID_NULL],
      ['/token?userID=a&ttl=0', Code.INPUT_PARAM],
      ['/token?userID=a&ttl=86401', Code.INPUT_PARAM],
      ['/token?userID=a&ttl=1e3', Code.INPUT_PARAM],
    ] as const) {
      const r = await get(server, path);
      assert.equal(r.status, 400, path);
      assert.equal((JSON.parse(r.body) as { code: number }).code, code, path);
    }
    assert.ok(logs.some((l) => l.includes('random ServerSecret')));
    assert.ok(!logs.some((l) => l.includes(token)), 'no token in the log');
  });

  it('verifies tokens made with --secret: valid, expired, wrong user, wrong room, forged, no publish privilege', async () => {
    const { server, logs } = await start({ appID: 42, secret: SECRET });
    assert.equal((await get(server, '/token?userID=alice&roomID=r1')).status, 404, '/token is off without dev');
    const now = Math.floor(Date.now() / 1000);
    const make = (userID: string, payload = '', ttl = 600, ctime = now) => generateToken04(42, userID, SECRET, ttl, payload, { ctime });
    const c = await Client.open(server.wsUrl);
    const codeOf = async (userID: string, token: string, roomID = 'r1') => {
      const r = await c.login(userID, { appID: 42, token, roomID });
      return r.t === 'login-ok' ? 0 : (r.code as number);
    };
    const valid = make('alice');
    const forged = valid.slice(0, 40) + (valid[40] === 'A' ? 'B' : 'A') + valid.slice(41);
    assert.equal(await codeOf('alice', make('alice', '', 10, now - 60)), Code.TOKEN_EXPIRED);
    assert.equal(await codeOf('bob', valid), Code.TOKEN_USERID_ERROR);
    assert.equal(await codeOf('alice', make('alice', token04Payload({ roomID: 'r2' }))), Code.TOKEN_ERROR);
    assert.equal(await codeOf('alice', forged), Code.TOKEN_ERROR);
    assert.equal(await codeOf('alice', generateToken04(42, 'alice', SECRET.replace('0', 'f'), 600)), Code.TOKEN_ERROR);
    assert.equal(await codeOf('alice', make('alice', token04Payload({ roomID: 'r1', publish: false }))), 0);
    assert.equal((await c.req(publishFrame('cam'))).code, Code.NO_PUBLISH_AUTH);
    assert.equal((await c.req({ t: 'renew', token: make('alice') })).t, 'ok');
    assert.equal((await c.req(publishFrame('cam'))).t, 'ok', 'the renewed token may publish');
    assert.ok(!logs.some((l) => l.includes(valid) || l.includes(SECRET)), 'no token or secret in the log');
  });

  it('closes an oversized frame with 1009 and keeps serving the others', async () => {
    const { server } = await start({ maxPayload: 4096 });
    const big = await loggedIn(server, 'big');
    const other = await loggedIn(server, 'other');
    big.send({ t: 'im', id: 99, kind: 'broadcast', message: 'x'.repeat(5000) });
    assert.equal((await big.closed).code, CloseCode.TOO_LARGE);
    other.send({ t: 'ping', n: 3 });
    const pong = await other.nextOf('pong');
    assert.equal(pong.n, 3);
    assert.ok(Math.abs((pong.at as number) - Date.now()) < 5000, 'pong carries the server clock');
  });

  it('answers invalid JSON with a fault frame', async () => {
    const { server } = await start();
    const c = await Client.open(server.wsUrl);
    c.send('{"t": "login", oops');
    const fault = await c.nextOf('fault');
    assert.equal(fault.code, Code.PARSE_JSON_ERROR);
    c.send([1, 2]);
    assert.equal((await c.nextOf('fault')).code, Code.INPUT_PARAM);
    assert.equal((await c.login('alice')).t, 'login-ok', 'the connection is still usable');
  });

  it('closes a flooding socket (1008) and only that one', async () => {
    const { server } = await start({ frameBurst: 30, framesPerSecond: 10 });
    const flooder = await loggedIn(server, 'flooder');
    const calm = await loggedIn(server, 'calm');
    for (let i = 0; i < 100; i++) flooder.send({ t: 'ping', n: i });
    assert.equal((await flooder.closed).code, CloseCode.POLICY);
    const pongs = flooder.frames.filter((f) => f.t === 'pong').length;
    assert.ok(pongs >= 29 && pongs <= 31, `about the burst was answered (${pongs})`);
    calm.send({ t: 'ping', n: 1 });
    assert.equal((await calm.nextOf('pong')).n, 1);
  });

  it('closes a socket that never logs in after loginTimeoutMs (4001)', async () => {
    const { server } = await start({ loginTimeoutMs: 300 });
    const idle = await Client.open(server.wsUrl);
    const t0 = Date.now();
    const { code } = await idle.closed;
    assert.equal(code, CloseCode.LOGIN_TIMEOUT);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('tells the room when a socket dies (reason 5) or goes silent (reason 2), after the grace', async () => {
    const grace = 300;
    const heartbeat = 600;
    const { server } = await start({ sessionGraceMs: grace, closedGraceMs: grace, heartbeatTimeoutMs: heartbeat });
    const watcher = await loggedIn(server, 'watcher');
    const keepAlive = setInterval(() => watcher.send({ t: 'ping', n: 0 }), 150);
    after(() => clearInterval(keepAlive));
    try {
      const dying = await loggedIn(server, 'dying');
      await dying.req(publishFrame('cam-dying'));
      const silent = await loggedIn(server, 'silent');
      await silent.req(publishFrame('cam-silent'));
      await watcher.nextOf('stream-add');
      await watcher.nextOf('stream-add');

      let t0 = Date.now();
      dying.ws.terminate();
      const del = await watcher.nextOf('stream-del', 3000);
      assert.equal(del.reason, 5);
      assert.ok(Date.now() - t0 >= grace - 50, 'not before the grace');
      assert.deepEqual((await watcher.nextOf('user-del')).users, [{ userID: 'dying', userName: 'dying' }]);

      t0 = Date.now();
      const silentDel = await watcher.nextOf('stream-del', 3000);
      assert.equal(silentDel.reason, 2);
      assert.equal((await silent.closed).code, CloseCode.HEARTBEAT_TIMEOUT);
      assert.ok(Date.now() - t0 < heartbeat + grace + 500);
      assert.equal(watcher.ws.readyState, WebSocket.OPEN);
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('terminates a socket that stops answering WebSocket pings', async () => {
    const { server } = await start({ wsPingIntervalMs: 100, sessionGraceMs: 100 });
    const watcher = await loggedIn(server, 'watcher');
    const deaf = await Client.open(server.wsUrl, { autoPong: false });
    assert.equal((await deaf.login('deaf')).t, 'login-ok');
    await watcher.nextOf('user-add');
    assert.equal((await deaf.closed).code, 1006);
    assert.deepEqual((await watcher.nextOf('user-del')).users, [{ userID: 'deaf', userName: 'deaf' }]);
    assert.equal(watcher.ws.readyState, WebSocket.OPEN, 'the ws client answers pings by itself');
  });

  it('restarts on the same port: abrupt close drops sockets (1006), the client resumes with its streams', async () => {
    const first = await start();
    const port = first.server.port;
    const a = await loggedIn(first.server, 'alice');
    await a.req(publishFrame('cam-a', 'x'));
    await stop(first.server, true);
    assert.equal((await a.closed).code, 1006);

    const second = await start({ port });
    assert.equal(second.server.port, port);
    const b = await loggedIn(second.server, 'bob');
    const back = await Client.open(second.server.wsUrl);
    back.session = a.session;
    const r = await back.login('alice', { resume: { publish: [{ streamID: 'cam-a', extraInfo: 'x', video: 'OPEN', audio: 'OPEN' }] } });
    assert.equal(r.resumed, false, 'the new server never knew the session');
    assert.deepEqual((await b.nextOf('user-add')).users, [{ userID: 'alice', userName: 'alice' }]);
    assert.equal(((await b.nextOf('stream-add')).streams as Array<{ streamID: string }>)[0].streamID, 'cam-a');

    const graceful = back.closed;
    await stop(second.server);
    assert.equal((await graceful).code, CloseCode.SHUTDOWN);
    const third = await start({ port });
    assert.equal((await get(third.server, '/healthz')).status, 200);
  });

  it('refuses other origins when allowOrigin is set (4004 on /ws, 403 on /token)', async () => {
    const { server } = await start({ dev: true, allowOrigin: ['http://good.example:8080/'] });
    const evil = await Client.open(server.wsUrl, { headers: { Origin: 'http://evil.example' } });
    assert.equal((await evil.closed).code, CloseCode.ORIGIN);
    const good = await Client.open(server.wsUrl, { headers: { Origin: 'http://good.example:8080' } });
    assert.equal((await good.login('alice', { token: '' })).code, Code.INPUT_PARAM, 'accepted, then asked for a token');

    assert.equal((await get(server, '/token?userID=a', { Origin: 'http://evil.example' })).status, 403);
    const ok = await get(server, '/token?userID=a', { Origin: 'http://good.example:8080' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'http://good.example:8080');
  });

  it('serves staticDir with content types and index.html, and nothing outside it', async (t) => {
    const base = await mkdtemp(join(tmpdir(), 'zego-static-'));
    t.after(() => rm(base, { recursive: true, force: true }));
    const root = join(base, 'www');
    await mkdir(join(root, 'sub'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<h1>demo</h1>');
    await writeFile(join(root, 'app.js'), 'export {}');
    await writeFile(join(root, 'sub', 'index.html'), 'sub');
    await writeFile(join(root, '.env'), 'hidden');
    await writeFile(join(base, 'secret.txt'), 'SECRET-CONTENT');
    await symlink(join(base, 'secret.txt'), join(root, 'link.txt'));
    const { server } = await start({ staticDir: root });

    const index = await get(server, '/');
    assert.deepEqual([index.status, index.body, index.headers['content-type']], [200, '<h1>demo</h1>', 'text/html; charset=utf-8']);
    const js = await get(server, '/app.js?v=1');
    assert.deepEqual([js.status, js.headers['content-type']], [200, 'text/javascript; charset=utf-8']);
    assert.equal((await get(server, '/sub/')).body, 'sub');
    assert.equal((await get(server, '/missing.js')).status, 404);
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/sub/../../secret.txt',
      '/link.txt',
      '/.env',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const r = await get(server, path);
      assert.ok(r.status === 404 || r.status === 400, `${path} -> ${r.status}`);
      assert.ok(!r.body.includes('SECRET-CONTENT') && !r.body.includes('hidden'), path);
    }
  });
});
