/**
 * ZEGO Token04: generation (AES-256-GCM, the current format) and verification (GCM, and legacy CBC for old
 * generators). Written from the format description in shared/reference/TOKEN04.md.
 *
 * Wire: "04" + base64 of expire(int64 BE) | len(u16) | iv/nonce | len(u16) | ciphertext(+tag) | [mode byte].
 * The key is the UTF-8 bytes of the 32-character ServerSecret.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { Code } from '../src/shared/codes.js';

/** Argument errors of the generator, with the codes ZEGO's own generator libraries use. */
export const Token04ErrorCode = {
  APP_ID_INVALID: 1,
  USER_ID_INVALID: 3,
  SECRET_INVALID: 5,
  EFFECTIVE_TIME_INVALID: 6,
  /** Ours: payload not a string, or a fixed nonce / iv of the wrong shape. */
  OPTION_INVALID: 7,
} as const;

export class Token04Error extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'Token04Error';
  }
}

export interface GenerateToken04Options {
  /** Fixed values for reproducible tokens (tests, vectors); random / now by default. */
  nonce?: number;
  ctime?: number;
  /** 12-byte GCM nonce. */
  iv?: Uint8Array;
}

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CBC_IV_BYTES = 16;
const MODE_CBC = 0;
const MODE_GCM = 1;
/** Far beyond any real token (a few hundred characters); bounds the work spent on garbage. */
const MAX_TOKEN_CHARS = 8192;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function secretKey(secret: unknown): Buffer | null {
  if (typeof secret !== 'string' || secret.length !== 32) return null;
  const key = Buffer.from(secret, 'utf8');
  return key.length === 32 ? key : null;
}

export function generateToken04(
  appID: number,
  userID: string,
  secret: string,
  effectiveTimeInSeconds: number,
  payload = '',
  opts: GenerateToken04Options = {},
): string {
  if (!Number.isSafeInteger(appID) || appID <= 0 || appID > 0xffffffff) {
    throw new Token04Error(Token04ErrorCode.APP_ID_INVALID, 'appID must be a positive 32-bit integer');
  }
  if (typeof userID !== 'string' || userID.length === 0)
    throw new Token04Error(Token04ErrorCode.USER_ID_INVALID, 'userID must be a non-empty string');
  const key = secretKey(secret);
  if (!key) throw new Token04Error(Token04ErrorCode.SECRET_INVALID, 'secret must be 32 ASCII characters');
  if (!Number.isSafeInteger(effectiveTimeInSeconds) || effectiveTimeInSeconds <= 0) {
    throw new Token04Error(Token04ErrorCode.EFFECTIVE_TIME_INVALID, 'effectiveTimeInSeconds must be a positive integer');
  }
  if (typeof payload !== 'string') throw new Token04Error(Token04ErrorCode.OPTION_INVALID, 'payload must be a string');
  const nonce = opts.nonce ?? randomInt(0x7fffffff);
  const ctime = opts.ctime ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(nonce) || !Number.isSafeInteger(ctime))
    throw new Token04Error(Token04ErrorCode.OPTION_INVALID, 'nonce and ctime must be integers');
  const iv = opts.iv ? Buffer.from(opts.iv) : randomBytes(GCM_NONCE_BYTES);
  if (iv.length !== GCM_NONCE_BYTES) throw new Token04Error(Token04ErrorCode.OPTION_INVALID, 'iv must be 12 bytes');
  const expire = ctime + effectiveTimeInSeconds;

  // Field order matches ZEGO's generators so that fixed inputs give their exact bytes.
  const plain = JSON.stringify({ app_id: appID, user_id: userID, nonce, ctime, expire, payload });
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  if (sealed.length > 0xffff) throw new Token04Error(Token04ErrorCode.OPTION_INVALID, 'payload too large for a token');

  const out = Buffer.alloc(8 + 2 + iv.length + 2 + sealed.length + 1);
  let o = out.writeBigInt64BE(BigInt(expire), 0);
  o = out.writeUInt16BE(iv.length, o);
  o += iv.copy(out, o);
  o = out.writeUInt16BE(sealed.length, o);
  o += sealed.copy(out, o);
  out.writeUInt8(MODE_GCM, o);
  return '04' + out.toString('base64');
}

/** The payload ZEGO's samples use: room restriction and login/publish privileges. */
export function token04Payload(opts: { roomID?: string; login?: boolean; publish?: boolean; streamIDs?: string[] | null } = {}): string {
  return JSON.stringify({
    room_id: opts.roomID ?? '',
    privilege: { '1': opts.login === false ? 0 : 1, '2': opts.publish === false ? 0 : 1 },
    stream_id_list: opts.streamIDs && opts.streamIDs.length > 0 ? opts.streamIDs : null,
  });
}

export interface VerifyToken04Options {
  appID: number;
  userID: string;
  /** Checked against the payload's room_id when both are set. */
  roomID?: string;
  /** Checked against stream_id_list on `publish`. */
  streamID?: string;
  action: 'login' | 'publish';
  /** Unix seconds; default the clock. */
  now?: number;
  /** Seconds a token stays valid past its expiry, for clock differences. Default 0. */
  skewSeconds?: number;
}

export type VerifyFail = { ok: false; code: number; message: string };
export type VerifyToken04Result = { ok: true; expire: number; payload: string } | VerifyFail;

const invalid = (message: string): VerifyFail => ({ ok: false, code: Code.TOKEN_ERROR, message });

interface Claims {
  appID: number;
  userID: string;
  expire: number;
  payload: string;
}

/**
 * Checks a token for a login or a publish. Never throws: garbage of any size answers 1102016.
 * Codes: 1102016 malformed / forged / wrong secret / wrong appID / wrong room (the SDK reports a token the server
 * refuses as a token error, whichever check failed); 1102018 expired; 1002077 another user's token;
 * 1002082 no publish privilege (or stream not in stream_id_list).
 */
export function verifyToken04(token: unknown, secret: string, opts: VerifyToken04Options): VerifyToken04Result {
  const claims = openToken04(token, secret);
  if ('ok' in claims) return claims;
  if (claims.appID !== opts.appID) return invalid('token was issued for another appID');
  if (claims.userID !== opts.userID) return { ok: false, code: Code.TOKEN_USERID_ERROR, message: 'token was issued for another user' };
  const now = opts.now ?? Date.now() / 1000;
  if (now >= claims.expire + (opts.skewSeconds ?? 0)) return { ok: false, code: Code.TOKEN_EXPIRED, message: 'token expired' };
  const allowed = payloadAllows(claims.payload, opts.action, opts.roomID, opts.streamID);
  if (!allowed.ok) return allowed;
  return { ok: true, expire: claims.expire, payload: claims.payload };
}

/**
 * Applies a verified token's payload to an action. Exported so that a server verifies once at login and then
 * answers later publishes from the same payload.
 */
export function payloadAllows(payload: string, action: 'login' | 'publish', roomID?: string, streamID?: string): { ok: true } | VerifyFail {
  if (payload === '') return { ok: true };
  let p: unknown;
  try {
    p = JSON.parse(payload);
  } catch {
    return invalid('token payload is not JSON');
  }
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return invalid('token payload is not an object');
  const { room_id: room, privilege, stream_id_list: streams } = p as Record<string, unknown>;
  if (typeof room === 'string' && room !== '' && roomID !== undefined && room !== roomID)
    return invalid('token was issued for another room');
  const priv = typeof privilege === 'object' && privilege !== null ? (privilege as Record<string, unknown>) : {};
  if (action === 'login' && priv['1'] === 0) return invalid('token has no login privilege');
  if (action === 'publish') {
    const noPublish = { ok: false, code: Code.NO_PUBLISH_AUTH, message: 'token has no publish privilege' } as const;
    if (priv['2'] === 0) return noPublish;
    if (Array.isArray(streams) && streams.length > 0 && (streamID === undefined || !streams.includes(streamID))) return noPublish;
  }
  return { ok: true };
}

/** Decodes and decrypts with bounded reads; a failure is a VerifyFail, never an exception. */
function openToken04(token: unknown, secret: string): Claims | VerifyFail {
  const key = secretKey(secret);
  if (!key) return invalid('server secret is not 32 characters');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !token.startsWith('04')) return invalid('not a Token04');
  const body = token.slice(2);
  if (body.length % 4 !== 0 || !BASE64.test(body)) return invalid('token is not base64');
  const buf = Buffer.from(body, 'base64');

  let at = 0;
  const take = (n: number): Buffer | null => (at + n <= buf.length ? buf.subarray(at, (at += n)) : null);
  const head = take(8);
  const ivLen = take(2)?.readUInt16BE(0);
  const iv = ivLen === undefined ? null : take(ivLen);
  const ctLen = take(2)?.readUInt16BE(0);
  const sealed = ctLen === undefined ? null : take(ctLen);
  if (!head || !iv || !sealed) return invalid('token is truncated');
  const rest = buf.length - at;
  if (rest > 1) return invalid('token has trailing bytes');
  const mode = rest === 0 ? MODE_CBC : buf[at];

  let plain: Buffer;
  try {
    if (mode === MODE_GCM) {
      if (iv.length !== GCM_NONCE_BYTES || sealed.length < GCM_TAG_BYTES) return invalid('bad GCM layout');
      const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      d.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
      plain = Buffer.concat([d.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), d.final()]);
    } else if (mode === MODE_CBC) {
      // Legacy: no integrity, accepted for compatibility; the JSON checks below catch most tampering.
      if (iv.length !== CBC_IV_BYTES || sealed.length === 0 || sealed.length % 16 !== 0) return invalid('bad CBC layout');
      const d = createDecipheriv('aes-256-cbc', key, iv);
      plain = Buffer.concat([d.update(sealed), d.final()]);
    } else {
      return invalid('unknown token cipher');
    }
  } catch {
    return invalid('token does not decrypt with this secret');
  }

  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    return invalid('token content is not JSON');
  }
  if (typeof json !== 'object' || json === null) return invalid('token content is not an object');
  const { app_id: appID, user_id: userID, expire, payload } = json as Record<string, unknown>;
  if (typeof appID !== 'number' || typeof userID !== 'string' || !Number.isSafeInteger(expire))
    return invalid('token content lacks fields');
  if (payload !== undefined && typeof payload !== 'string') return invalid('token payload is not a string');
  // The clear expiry is outside the GCM tag: trust only the sealed one, and refuse a token whose two disagree.
  const clearExpire = head.readBigInt64BE(0);
  if (clearExpire !== BigInt(expire as number)) return invalid('token expiry was altered');
  return { appID, userID, expire: expire as number, payload: payload ?? '' };
}
