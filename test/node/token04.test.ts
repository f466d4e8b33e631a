// Token04 against the vectors of shared/reference/TOKEN04.md, plus tampering, garbage and the CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { Code } from '../../src/shared/codes.js';
import { tokenExpireOf } from '../../src/shared/token-expire.js';
import { Token04Error, generateToken04, token04Payload, verifyToken04, type VerifyToken04Options } from '../../server/token04.js';

const SECRET = 'fa94dd0f974cf2e293728a526b028271';
const OTHER_SECRET = 'fa94dd0f974cf2e293728a526b028272';
const PAYLOAD = '{"room_id":"room1","privilege":{"1":1,"2":0},"stream_id_list":null}';
const FIXED = { nonce: 123456789, ctime: 1700000000, iv: Uint8Array.from({ length: 12 }, (_, i) => i) };
const EXPIRE = 1700003600;
const AT = 1700000010;

const V1 =
  '04AAAAAGVT/xAADAABAgMEBQYHCAkKCwBzlo4HRoGUdkuLbKIoOhbZY6YpcMaBTLWHRtiSNdXNuWkV2JYrMFwLwjjq6aFvxM5vMUW1ucoWpme7Vck+JCYUW5+rbF2LagnFZkRVec2ODtmU4F4kKEo7U2F+thJs5COIYlau+pkGhJGWuIAhD9RBltNqvwE=';
const V2 =
  '04AAAAAGVT/xAADAABAgMEBQYHCAkKCwDClo4HRoGUdkuLbKIoOhbZY6YpcMaBTLWHRtiSNdXNuWkV2JYrMFwLwjjq6aFvxM5vMUW1ucoWpme7Vck+JCYUW5+rbF2LagnFZkRVec2ODtmU4F4kKEo7U2F+thJs5COIYg+PSvrrCh6SolD+mhULCnpxn54VsMMXDjpNf6uAcfCiWX8wyKmTG1j/BCFzce8k1Yq2dKdNsgvUqRbfrZfF1tlGncAnVr3m438EYr0DiRypDWlBQ/q/QZ0yKA9VfTAUDDIB';
const V3 =
  '04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTREIwK2oIO5x78Qlcu9iUMPYkqBI5TvjB3JwCxC9+klE8/eu//t2uE7+o7gQ53yB/JkIFUA6xyD5rb5rd5NER5knvdDJH2auGOam8ZKJG5qT/1t+UUUnbL8ghIsUgkbwAAg=';
const V4 =
  '04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAwPDOWcZeMCPxbh1dpHzCTREIwK2oIO5x78Qlcu9iUMPYkqBI5TvjB3JwCxC9+klE8/eu//t2uE7+o7gQ53yB/JkIFUA6xyD5rb5rd5NER5knvdDJH2auGOam8ZKJG5qT/zUbhToeYpmVnxxC/ai6BZG+9vdfbPgWfseomJ8pYlIVBfhs3EwRYcdM3aT4PZ8oU57xMe3iGqdNIVkBm2ZhUNcBtKfRBPl0DwaWrjg9I17ZBDgDQX1nftClss/7K4IdEg==';

const login = (over: Partial<VerifyToken04Options> = {}): VerifyToken04Options => ({
  appID: 1,
  userID: 'demo',
  action: 'login',
  now: AT,
  ...over,
});
const codeOf = (token: unknown, opts = login(), secret = SECRET) => {
  const r = verifyToken04(token, secret, opts);
  return r.ok ? 0 : r.code;
};

/** Re-encodes a token after changing one byte of its binary form. */
function flipByte(token: string, index: number, mask = 0x01): string {
  const bytes = Buffer.from(token.slice(2), 'base64');
  bytes[index] ^= mask;
  return '04' + bytes.toString('base64');
}

describe('generateToken04', () => {
  it('reproduces V1 and V2 byte for byte', () => {
    assert.equal(generateToken04(1, 'demo', SECRET, 3600, '', FIXED), V1);
    assert.equal(generateToken04(1, 'demo', SECRET, 3600, PAYLOAD, FIXED), V2);
  });

  it('makes a fresh GCM token each time by default, valid for its ttl', () => {
    const a = generateToken04(7, 'alice', SECRET, 60);
    const b = generateToken04(7, 'alice', SECRET, 60);
    assert.notEqual(a, b);
    const now = Date.now() / 1000;
    const r = verifyToken04(a, SECRET, { appID: 7, userID: 'alice', action: 'publish', streamID: 's' });
    assert.ok(r.ok);
    assert.ok(Math.abs(r.expire - (now + 60)) < 2);
    assert.equal(tokenExpireOf(a), r.expire);
  });

  it('throws coded errors on bad arguments (1 appID, 3 userID, 5 secret, 6 ttl)', () => {
    const cases: Array<[() => unknown, number]> = [
      [() => generateToken04(0, 'u', SECRET, 60), 1],
      [() => generateToken04(1.5, 'u', SECRET, 60), 1],
      [() => generateToken04(2 ** 32, 'u', SECRET, 60), 1],
      [() => generateToken04(1, '', SECRET, 60), 3],
      [() => generateToken04(1, 7 as unknown as string, SECRET, 60), 3],
      [() => generateToken04(1, 'u', SECRET.slice(1), 60), 5],
      [() => generateToken04(1, 'u', 'é'.repeat(32), 60), 5],
      [() => generateToken04(1, 'u', SECRET, 0), 6],
      [() => generateToken04(1, 'u', SECRET, 1.5), 6],
      [() => generateToken04(1, 'u', SECRET, 60, '', { iv: new Uint8Array(16) }), 7],
    ];
    for (const [fn, code] of cases) {
      assert.throws(fn, (e: unknown) => e instanceof Token04Error && e.code === code);
    }
  });
});

describe('verifyToken04', () => {
  it('verifies all four vectors, GCM and legacy CBC', () => {
    for (const [name, token, payload] of [
      ['V1', V1, ''],
      ['V2', V2, PAYLOAD],
      ['V3', V3, ''],
      ['V4', V4, PAYLOAD],
    ] as const) {
      assert.deepEqual(verifyToken04(token, SECRET, login({ roomID: 'room1' })), { ok: true, expire: EXPIRE, payload }, name);
      assert.equal(tokenExpireOf(token), EXPIRE, name);
    }
  });

  it('applies the payload: V2/V4 log in to room1 only and may not publish; V1/V3 may do anything', () => {
    for (const token of [V2, V4]) {
      assert.equal(codeOf(token, login({ roomID: 'room1' })), 0);
      assert.equal(codeOf(token, login({ roomID: 'room2' })), Code.TOKEN_ERROR);
      assert.equal(codeOf(token, login({ action: 'publish', roomID: 'room1', streamID: 's' })), Code.NO_PUBLISH_AUTH);
    }
    for (const token of [V1, V3]) {
      assert.equal(codeOf(token, login({ roomID: 'room2' })), 0);
      assert.equal(codeOf(token, login({ action: 'publish', roomID: 'room2', streamID: 's' })), 0);
    }
  });

  it('restricts publishing to stream_id_list when given', () => {
    const token = generateToken04(1, 'demo', SECRET, 3600, token04Payload({ roomID: 'r', streamIDs: ['a', 'b'] }), FIXED);
    assert.equal(codeOf(token, login({ action: 'publish', roomID: 'r', streamID: 'b' })), 0);
    assert.equal(codeOf(token, login({ action: 'publish', roomID: 'r', streamID: 'c' })), Code.NO_PUBLISH_AUTH);
    const noLogin = generateToken04(1, 'demo', SECRET, 3600, token04Payload({ login: false }), FIXED);
    assert.equal(codeOf(noLogin), Code.TOKEN_ERROR);
  });

  it('expires at the sealed expiry, with optional skew', () => {
    for (const token of [V1, V2, V3, V4]) {
      assert.equal(codeOf(token, login({ roomID: 'room1', now: EXPIRE - 1 })), 0);
      assert.equal(codeOf(token, login({ roomID: 'room1', now: EXPIRE })), Code.TOKEN_EXPIRED);
      assert.equal(codeOf(token, login({ roomID: 'room1', now: EXPIRE + 1e6 })), Code.TOKEN_EXPIRED);
      assert.equal(codeOf(token, login({ roomID: 'room1', now: EXPIRE + 5, skewSeconds: 10 })), 0);
    }
    // Without a fixed time, the clock decides: the vectors are long expired.
    assert.equal(codeOf(V1, { appID: 1, userID: 'demo', action: 'login' }), Code.TOKEN_EXPIRED);
  });

  it('refuses another user (1002077), another appID and another secret (1102016)', () => {
    for (const token of [V1, V3]) {
      assert.equal(codeOf(token, login({ userID: 'demo2' })), Code.TOKEN_USERID_ERROR);
      assert.equal(codeOf(token, login({ appID: 2 })), Code.TOKEN_ERROR);
      assert.equal(codeOf(token, login(), OTHER_SECRET), Code.TOKEN_ERROR);
      assert.equal(codeOf(token, login(), 'short'), Code.TOKEN_ERROR);
    }
  });

  it('detects forgery: any flipped bit of a GCM token, and a moved clear expiry', () => {
    const len = Buffer.from(V2.slice(2), 'base64').length;
    for (let i = 0; i < len; i++) {
      assert.equal(codeOf(flipByte(V2, i), login({ roomID: 'room1' })), Code.TOKEN_ERROR, `byte ${i}`);
    }
    // Pushing the clear expiry a year ahead (outside the GCM tag) does not buy time.
    const later = flipByte(V1, 4, 0x02);
    assert.equal(tokenExpireOf(later), EXPIRE + 2 ** 25);
    assert.equal(codeOf(later, login({ now: EXPIRE + 10 })), Code.TOKEN_ERROR);
  });

  it('refuses tampered CBC tokens at whichever check catches them', () => {
    const len = Buffer.from(V4.slice(2), 'base64').length;
    for (const i of [0, 7, 9, 10, 20, 40, 100, len - 16, len - 1]) {
      assert.notEqual(codeOf(flipByte(V4, i), login({ roomID: 'room1' })), 0, `byte ${i}`);
    }
  });

  it('never throws on truncated, garbage or huge input', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      42,
      {},
      '',
      '0',
      '04',
      '03' + V1.slice(2),
      '04!!!!',
      '04AAAA',
      '04' + 'A'.repeat(16),
      '04' + '/'.repeat(4000),
      '04' + 'A'.repeat(10_000_000),
      V1 + 'AAAA',
      V1.replace('=', ''),
      '04' + Buffer.from(V2.slice(2), 'base64').subarray(0, 30).toString('base64'),
    ];
    const full = Buffer.from(V2.slice(2), 'base64');
    for (let n = 0; n < full.length; n += 7) inputs.push('04' + full.subarray(0, n).toString('base64'));
    // Lengths that point past the end, and a mode byte that is neither 0 nor 1.
    const lying = Buffer.from(full);
    lying.writeUInt16BE(0xffff, 8);
    inputs.push('04' + lying.toString('base64'));
    const modes = Buffer.from(full);
    modes[modes.length - 1] = 7;
    inputs.push('04' + modes.toString('base64'));
    inputs.push('04' + Buffer.concat([full, Buffer.from([1, 1])]).toString('base64'));
    for (const input of inputs) {
      assert.equal(codeOf(input), Code.TOKEN_ERROR, String(input).slice(0, 40));
      assert.equal(typeof tokenExpireOf(input), 'number');
    }
    assert.equal(tokenExpireOf('04' + 'A'.repeat(10)), 0);
    assert.equal(tokenExpireOf('04////////////'), 0, 'an int64 past 2^53 is not a time');
  });
});

describe('zego-elements token', () => {
  const bin = fileURLToPath(new URL('../../bin/zego-elements.js', import.meta.url));
  const run = promisify(execFile);

  it('prints a token that verifies, and refuses bad arguments with exit 2', async () => {
    const { stdout } = await run(process.execPath, [
      bin,
      'token',
      '--app-id',
      '99',
      '--secret',
      SECRET,
      '--user-id',
      'alice',
      '--room-id',
      'r1',
      '--no-publish',
      '--ttl',
      '600',
    ]);
    const token = stdout.trim();
    const at = { appID: 99, userID: 'alice', roomID: 'r1' };
    const r = verifyToken04(token, SECRET, { ...at, action: 'login' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(Math.abs(r.expire - Date.now() / 1000 - 600) < 5);
    assert.equal(codeOf(token, { ...at, action: 'publish', streamID: 's' }), Code.NO_PUBLISH_AUTH);
    assert.equal(codeOf(token, { ...at, roomID: 'r2', action: 'login' }), Code.TOKEN_ERROR);

    const bad = await run(process.execPath, [bin, 'token', '--app-id', '99', '--secret', 'short', '--user-id', 'alice']).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(bad?.code, 2);
    assert.equal(bad?.stderr.trim().split('\n').length, 1);
  });
});
