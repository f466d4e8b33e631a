/**
 * Error codes of ZEGO Express Web 3.12 that the local engine and the room server reuse, and the SDK's identifier
 * rules. Pure: no DOM, no Node, so the browser engine and the Node room server share it.
 */
export const Code = {
  OK: 0,
  NOT_LOGIN: 1000002,
  STREAM_ID_TOO_LONG: 1000014,
  STREAM_ID_NULL: 1000015,
  STREAM_ID_INVALID_CHARACTER: 1000016,
  APPID_INVALID: 1001004,
  ROOM_COUNT_EXCEED: 1002001,
  ROOM_ROOMID_INCORRECT: 1002002,
  USER_ID_NULL: 1002005,
  USER_ID_INVALID_CHARACTER: 1002006,
  USER_ID_TOO_LONG: 1002007,
  USER_NAME_TOO_LONG: 1002010,
  ROOM_ID_NULL: 1002011,
  ROOM_ID_INVALID_CHARACTER: 1002012,
  ROOM_ID_TOO_LONG: 1002013,
  ROOM_EXTRA_KEY_EMPTY: 1002014,
  ROOM_EXTRA_KEY_TOO_LONG: 1002015,
  ROOM_EXTRA_VALUE_TOO_LONG: 1002016,
  ROOM_EXTRA_KEY_LIMIT: 1002017,
  /** Multi-room mode: every room must be joined as the same user. */
  DIFFERENT_USER_ID: 1002018,
  LOGIN_TIMEOUT: 1002031,
  ROOM_MAX_USER_COUNT: 1002034,
  MULTIPLE_LOGIN_KICKOUT: 1002050,
  NETWORK_RECOVERY: 1002051,
  ROOM_RETRY_TIMEOUT: 1002053,
  /** Removed by the server (the room core ends a connection that keeps sending malformed frames). */
  MANUAL_KICKOUT: 1002055,
  REPEATEDLY_LOGIN: 1002056,
  TOKEN_USERID_ERROR: 1002077,
  NATIVE_TOKEN_EXPIRED: 1002078,
  NO_PUBLISH_AUTH: 1002082,
  ROOM_INNER_ERROR: 1002099,
  DUPLICATE_STREAM_ID: 1003028,
  STREAM_EXTRA_INFO_NULL: 1003050,
  STREAM_EXTRA_INFO_TOO_LONG: 1003051,
  MESSAGE_EMPTY: 1009001,
  MESSAGE_TOO_LONG: 1009002,
  /** A message sent to a room other than the one logged in to. */
  INCONSISTENT_ROOM_ID: 1009005,
  MESSAGE_SEND_FAILED: 1009010,
  MESSAGE_FREQUENCY_LIMITED: 1009015,
  INPUT_PARAM: 1100001,
  /** A request the core never answered. */
  NETWORK_TIMEOUT: 1100002,
  /** The SDK's "init sdk wrong"; the kit's code for an engine or one of its own modules that failed to load. */
  INIT_SDK_WRONG: 1101000,
  /**
   * The SDK's "Module not imported" (a feature whose module was not `use()`d). The local engine answers it for what
   * only ZEGO's cloud can do (CDN relay, server-side mixing, copyrighted music, ...), with a message naming it.
   */
  MODULE_NOT_IMPORTED: 1101003,
  SOCKET_CLOSE: 1100003,
  PARSE_JSON_ERROR: 1102011,
  TOKEN_ERROR: 1102016,
  TOKEN_EXPIRED: 1102018,
  BROWSER_NOT_SUPPORT: 1103002,
  SCREEN_FAIL: 1103010,
  ENUMERATE_DEVICES_FAIL: 1103011,
  PUBLISH_AUTH_FAIL: 1103019,
  PUBLISH_ICE_ERROR: 1103028,
  PUBLISH_NEGOTIATION_TIMEOUT: 1103030,
  SCREEN_CANCELED: 1103042,
  SCREEN_NOT_SUPPORT: 1103043,
  DEVICE_NOT_FOUND: 1103048,
  REPEATED_PLAY: 1103049,
  PUBLISHER_RETRY_TIMEOUT: 1103051,
  PUBLISH_STREAM_NOT_FOUND: 1103055,
  GET_MEDIA_FAIL: 1103061,
  DEVICE_NOT_ALLOWED: 1103064,
  DEVICE_NOT_READABLE: 1103065,
  DEVICE_CONSTRAINTS: 1103066,
  REPLACE_TRACK_FAIL: 1103079,
  /** `addTrack` of a kind the stream already has. */
  ADD_TRACK_KIND_EXISTS: 1103101,
  PLAY_ICE_ERROR: 1104028,
  PLAY_NEGOTIATION_TIMEOUT: 1104030,
  PLAYER_RETRY_TIMEOUT: 1104031,
  STREAM_NOT_PLAYING: 1104044,
  PLAY_STREAM_NOT_FOUND: 1104039,
  PLAY_STREAMS_OUT_LIMIT: 1104045,
  PLAY_AUTH_FAIL: 1104046,
  MIC_TRACK_ENDED: 1106009,
  CAMERA_TRACK_ENDED: 1106010,
} as const;

export type CodeValue = (typeof Code)[keyof typeof Code];

/** Characters the SDK accepts in room, user and stream IDs. */
const ID_CHARS = /^[0-9a-zA-Z#!$%&()`'+\-;<=.>@^_~,\\*]+$/;

/** A failure as the kit passes it around: the SDK's code and a sentence. */
export interface Failure {
  code: number;
  message: string;
}

/** What an argument check returns when it refuses. */
export type CheckFailure = Failure;

/**
 * Any failure as `{code, message}`: the SDK's shapes (`{code, msg}` of loginRoom, `{errorCode, extendedData}` of
 * publishing and devices, `{code, message, errorCode, extendedData}` of playing), an `Error` with a numeric `code`
 * (the kit's own), or anything else (`fallback` code, its text). A DOMException's legacy numeric `code` is not an
 * SDK code and is ignored.
 */
export function toZegoError(e: unknown, fallback: number): Failure {
  if (e === null || typeof e !== 'object') return { code: fallback, message: e === undefined ? '' : String(e) };
  const o = e as Record<string, unknown>;
  const dom = typeof DOMException !== 'undefined' && e instanceof DOMException;
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v !== 0 ? v : undefined);
  const code = number(o.errorCode) ?? (dom ? undefined : number(o.code)) ?? fallback;
  const text = [o.message, o.msg, o.extendedData].find((v): v is string => typeof v === 'string' && v !== '');
  return { code, message: text ?? (e instanceof Error ? e.name : '') };
}

function checkId(value: unknown, max: number, codes: { empty: number; bad: number; long: number }, what: string): CheckFailure | null {
  if (typeof value !== 'string') return { code: Code.INPUT_PARAM, message: `${what} must be a string` };
  if (value.length === 0) return { code: codes.empty, message: `${what} is empty` };
  if (value.length > max) return { code: codes.long, message: `${what} is too long (${value.length} > ${max})` };
  if (!ID_CHARS.test(value)) return { code: codes.bad, message: `${what} contains illegal characters` };
  return null;
}

export const checkRoomID = (v: unknown) =>
  checkId(v, 128, { empty: Code.ROOM_ID_NULL, bad: Code.ROOM_ID_INVALID_CHARACTER, long: Code.ROOM_ID_TOO_LONG }, 'room ID');

export const checkUserID = (v: unknown) =>
  checkId(v, 64, { empty: Code.USER_ID_NULL, bad: Code.USER_ID_INVALID_CHARACTER, long: Code.USER_ID_TOO_LONG }, 'user ID');

export const checkStreamID = (v: unknown) =>
  checkId(v, 256, { empty: Code.STREAM_ID_NULL, bad: Code.STREAM_ID_INVALID_CHARACTER, long: Code.STREAM_ID_TOO_LONG }, 'stream ID');

export function checkUserName(v: unknown): CheckFailure | null {
  if (v === undefined) return null;
  if (typeof v !== 'string') return { code: Code.INPUT_PARAM, message: 'user name must be a string' };
  if (v.length > 256) return { code: Code.USER_NAME_TOO_LONG, message: 'user name is too long (max 256)' };
  return null;
}

export function checkToken(v: unknown): CheckFailure | null {
  if (typeof v !== 'string' || v.length === 0) return { code: Code.INPUT_PARAM, message: 'token must be a non-empty string' };
  if (v.length > 8192) return { code: Code.TOKEN_ERROR, message: 'token is too long' };
  return null;
}

/** Byte length of a string in UTF-8, without TextEncoder allocation per call on hot paths. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Message quotas mirrored from ZEGO's: content <= 1 KB; broadcast 10/s per room and 2/s per client; barrage 20/s. */
export const Limits = {
  messageBytes: 1024,
  streamExtraInfoChars: 1024,
  roomExtraKeyBytes: 10,
  roomExtraValueBytes: 100,
  broadcastPerRoomPerSecond: 10,
  broadcastPerClientPerSecond: 2,
  barragePerRoomPerSecond: 20,
  customPerClientPerSecond: 10,
} as const;

export function checkMessage(v: unknown): CheckFailure | null {
  if (typeof v !== 'string') return { code: Code.INPUT_PARAM, message: 'message must be a string' };
  if (v.length === 0) return { code: Code.MESSAGE_EMPTY, message: 'message is empty' };
  if (utf8Length(v) > Limits.messageBytes) return { code: Code.MESSAGE_TOO_LONG, message: 'message is longer than 1 KB' };
  return null;
}
