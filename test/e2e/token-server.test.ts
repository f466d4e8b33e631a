// examples/token-server: tokens for valid IDs that the room server's verifier accepts, the SDK's codes for bad IDs,
// and CORS for the configured origin only.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTokenServer, type TokenServer } from '../../examples/token-server/server.js';
import { verifyToken04 } from '../../server/token04.js';
import { Code } from '../../src/shared/codes.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const ORIGIN = 'http://app.example';
let server: TokenServer;

before(async () => {
  server = await createTokenServer({ appID: 123456789, secret: SECRET, allowOrigin: ORIGIN, port: 0 });
});
after(() => server?.close());

const get = (query: string, origin = ORIGIN) => fetch(`${server.url}/token?${query}`, { headers: { origin } });

it('issues a Token04 for that user and that room', async () => {
  const res = await get('userID=alice&roomID=r1');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const { token } = (await res.json()) as { token: string };
  assert.equal(verifyToken04(token, SECRET, { appID: 123456789, userID: 'alice', roomID: 'r1', action: 'login' }).ok, true);
  assert.equal(
    verifyToken04(token, SECRET, { appID: 123456789, userID: 'alice', roomID: 'r2', action: 'login' }).ok,
    false,
    'not for another room',
  );
  assert.equal(
    verifyToken04(token, SECRET, { appID: 123456789, userID: 'bob', roomID: 'r1', action: 'login' }).ok,
    false,
    'not for another user',
  );
});

it('refuses IDs the SDK refuses, with its codes', async () => {
  for (const [query, code] of [
    ['roomID=r1', Code.USER_ID_NULL],
    ['userID=a%20b&roomID=r1', Code.USER_ID_INVALID_CHARACTER],
    [`userID=${'u'.repeat(65)}&roomID=r1`, Code.USER_ID_TOO_LONG],
    ['userID=alice', Code.ROOM_ID_NULL],
    ['userID=alice&roomID=a%2Fb', Code.ROOM_ID_INVALID_CHARACTER],
  ] as const) {
    const res = await get(query);
    assert.equal(res.status, 400, query);
    assert.equal(((await res.json()) as { code: number }).code, code, query);
  }
});

it('gives other origins no CORS header, answers the preflight of its own', async () => {
  const res = await get('userID=alice&roomID=r1', 'http://evil.example');
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  await res.body?.cancel();
  const pre = await fetch(`${server.url}/token`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal((await fetch(`${server.url}/other`)).status, 404);
});

it('will not start with a secret of the wrong length', async () => {
  await assert.rejects(createTokenServer({ appID: 1, secret: 'short', allowOrigin: ORIGIN, port: 0 }), /32 characters/);
});
