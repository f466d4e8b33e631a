/**
 * The signalling protocol between `ZegoLocalEngine` and a room core (the Node room server over WebSocket, or the
 * in-browser hub over BroadcastChannel). JSON frames, one object each, discriminated by `t`.
 *
 * Requests carry a numeric `id` chosen by the client; the core answers each with exactly one `ok` or `err` frame
 * with that `id` (login answers with `login-ok`/`err`). Notifications (no `id`) are pushed by the core.
 * Pure types: no DOM, no Node.
 */

export const PROTOCOL_VERSION = 1;

export interface WireUser {
  userID: string;
  userName: string;
}

export interface WireStream {
  streamID: string;
  user: WireUser;
  extraInfo: string;
  /** Whether the publisher currently sends camera video / microphone audio (for remote*StatusUpdate). */
  video: 'OPEN' | 'MUTE';
  audio: 'OPEN' | 'MUTE';
}

export interface WireRoomExtraInfo {
  key: string;
  value: string;
  updateUser: WireUser;
  updateTime: number;
}

/** A stream the client owns; sent again on resume so a restarted core can rebuild it. */
export interface PublishInfo {
  streamID: string;
  extraInfo: string;
  video: 'OPEN' | 'MUTE';
  audio: 'OPEN' | 'MUTE';
  /**
   * A data-only stream (a real-time sequential data broadcast): playable by its ID, never listed in the room's
   * streams (it has no picture or sound).
   */
  data?: true;
}

/**
 * What a player wants of one play connection, applied by the publisher on that connection alone (no renegotiation):
 * which video layer (`high`, `low` of a dual stream, or `off`: stop receiving video) and whether to receive audio.
 */
export interface PlayPrefs {
  video: 'high' | 'low' | 'off';
  audio: boolean;
}

// ---- client -> core ----

export interface LoginRequest {
  t: 'login';
  id: number;
  v: number;
  appID: number;
  roomID: string;
  /** Token04; empty string when the core runs without token checks (BroadcastChannel hub, dev server). */
  token: string;
  user: WireUser;
  userUpdate: boolean;
  maxMemberCount: number;
  /** Random per-login session ID chosen by the client; kept across reconnections of the same login. */
  session: string;
  /** Set when reconnecting: the streams this session publishes, so a core that lost its state re-creates them. */
  resume?: {
    publish: PublishInfo[];
    /** The last server time (`pong.at`, `im.sendTime`) this client saw: a rebuilt session gets newer messages. */
    since?: number;
  };
}

export type ClientRequest =
  | LoginRequest
  | { t: 'logout'; id: number }
  | { t: 'publish'; id: number; stream: PublishInfo }
  | { t: 'unpublish'; id: number; streamID: string }
  /**
   * Asks to play: the core checks the stream exists and answers `ok` with `{ publisher: session }`. With `offer` (the
   * player's offer for this stream) the core also relays it to the publisher at once, as a `signal` from the player:
   * the offer costs no round trip first.
   */
  | { t: 'play'; id: number; streamID: string; offer?: Extract<SignalData, { kind: 'offer' }> }
  | { t: 'stream-status'; id: number; streamID: string; video: 'OPEN' | 'MUTE'; audio: 'OPEN' | 'MUTE' }
  | { t: 'stream-extra'; id: number; streamID: string; extraInfo: string }
  | { t: 'room-extra'; id: number; key: string; value: string }
  | { t: 'im'; id: number; kind: 'broadcast' | 'barrage' | 'custom'; message: string; toUserIDs?: string[] }
  /** A transparent message (`sendTransparentMessage`): `content` base64, to these users or (empty) everyone else. */
  | { t: 'transparent'; id: number; content: string; toUserIDs: string[] }
  | { t: 'renew'; id: number; token: string };

/** Relayed verbatim (plus `from`) to another session of the same room; no reply. */
export interface SignalFrame {
  t: 'signal';
  to: string;
  data: SignalData;
}

/**
 * One ICE candidate as `RTCIceCandidate.toJSON()` gives it (`candidate` is the `candidate:...` attribute, without
 * `a=`). At least one of `sdpMid` and `sdpMLineIndex` is set.
 */
export interface WireCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment?: string | null;
}

export type SignalData =
  /**
   * Player -> publisher: receive-only offer for one stream, sent at once (trickle ICE: the candidates follow as
   * `candidate` signals; any already gathered are in the SDP too).
   */
  | { kind: 'offer'; playID: string; streamID: string; sdp: string; prefs?: PlayPrefs }
  /** Player -> publisher: new preferences for an established play connection. */
  | { kind: 'prefs'; playID: string; streamID: string; prefs: PlayPrefs }
  /** Publisher -> player, sent at once; its candidates follow as `candidate` signals. */
  | { kind: 'answer'; playID: string; streamID: string; sdp: string }
  /**
   * Either side: one trickled ICE candidate of a play connection, or `null` once that side has gathered all of them
   * (end-of-candidates). `role` is the sender's side, so an engine that plays its own stream routes it right.
   */
  | { kind: 'candidate'; playID: string; streamID: string; role: 'player' | 'publisher'; candidate: WireCandidate | null }
  /** Either side: this play connection is over (stopPlayingStream, stopPublishingStream, error). */
  | { kind: 'close'; playID: string; streamID: string; code: number };

export interface PingFrame {
  t: 'ping';
  n: number;
}

export type ClientFrame = ClientRequest | SignalFrame | PingFrame;

// ---- core -> client ----

export interface LoginOk {
  t: 'login-ok';
  id: number;
  session: string;
  /** True when the core still had this session (a short transport break): nothing was lost. */
  resumed: boolean;
  /** Everyone else in the room (never yourself). */
  users: WireUser[];
  /** Every stream in the room but your own. */
  streams: WireStream[];
  roomExtraInfo: WireRoomExtraInfo[];
  count: number;
  /** Token expiry (unix seconds) the core saw, 0 when unknown/unchecked. */
  tokenExpire: number;
  /**
   * Fresh login with `resume.publish` only: the streams the core could not re-create (taken by someone else,
   * no publish privilege), each with the error a `publish` would have answered. Absent when all came back.
   */
  resumeFailed?: Array<{ streamID: string; code: number; message: string }>;
}

export type ServerFrame =
  | LoginOk
  | { t: 'ok'; id: number; data?: Record<string, unknown> }
  | { t: 'err'; id: number; code: number; message: string }
  /** `at`: the core's clock (ms), which the client echoes as `resume.since`. */
  | { t: 'pong'; n: number; at?: number }
  | { t: 'user-add'; roomID: string; users: WireUser[] }
  | { t: 'user-del'; roomID: string; users: WireUser[] }
  | { t: 'stream-add'; roomID: string; streams: WireStream[] }
  /** `reason`: a `StreamDeleteReason`. */
  | { t: 'stream-del'; roomID: string; streams: WireStream[]; reason: number }
  | { t: 'stream-status'; roomID: string; streamID: string; video: 'OPEN' | 'MUTE'; audio: 'OPEN' | 'MUTE' }
  | { t: 'stream-extra'; roomID: string; streams: WireStream[] }
  | { t: 'room-extra'; roomID: string; items: WireRoomExtraInfo[] }
  | { t: 'count'; roomID: string; count: number }
  | {
      t: 'im';
      roomID: string;
      kind: 'broadcast' | 'barrage' | 'custom';
      fromUser: WireUser;
      message: string;
      messageID: string;
      sendTime: number;
    }
  /** The core ended this session: `code` 1002050 (same user logged in elsewhere), 1002055 (removed by server). */
  | { t: 'kickout'; roomID: string; code: number; reason: string }
  | { t: 'signal'; from: string; data: SignalData }
  | { t: 'transparent'; roomID: string; fromUser: WireUser; content: string }
  /** A frame the core could not accept (malformed, unknown, too large); sent before closing when fatal. */
  | { t: 'fault'; code: number; message: string };

/** `stream_delete_reason` codes of a roomStreamUpdate DELETE (the `reason` of a `stream-del` frame). */
export const StreamDeleteReason = {
  STOPPED: 1,
  HEARTBEAT_TIMEOUT: 2,
  REPEAT_LOGIN: 3,
  KICKED_OUT: 4,
  OFFLINE: 5,
  REMOVED: 6,
} as const;

/** The SDK's `description` of each `stream_delete_reason` code. */
export const STREAM_DELETE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  [StreamDeleteReason.STOPPED]: 'stopped normally',
  [StreamDeleteReason.HEARTBEAT_TIMEOUT]: 'heartbeat timeout',
  [StreamDeleteReason.REPEAT_LOGIN]: 'repeat login',
  [StreamDeleteReason.KICKED_OUT]: 'kicked out',
  [StreamDeleteReason.OFFLINE]: 'offline',
  [StreamDeleteReason.REMOVED]: 'removed by server',
};

/** WebSocket close codes the room server uses, beyond the standard ones. */
export const CloseCode = {
  /** Frame larger than maxPayload. */
  TOO_LARGE: 1009,
  /** Protocol violations over the allowed count, or malformed frames. */
  POLICY: 1008,
  /** Connected but never logged in within the allowed time. */
  LOGIN_TIMEOUT: 4001,
  /** Heartbeats stopped. */
  HEARTBEAT_TIMEOUT: 4002,
  /** Session replaced (kickout). */
  KICKED: 4003,
  /** Origin not allowed. */
  ORIGIN: 4004,
  /** Server shutting down. */
  SHUTDOWN: 4005,
} as const;
