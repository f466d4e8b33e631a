/**
 * The geometry and the rules of range audio (`ZegoExpressRangeAudio`), as pure functions: distances, the fall-off of
 * volume with distance, a source's position relative to the listener's axes (for the spatializer), who is heard in
 * which mode, and the binary position message sent through the room.
 *
 * Coordinates are the SDK's: `[forward, right, up]` components in the game's world frame. Web Audio's frame is
 * x = right, y = up, z = backward (`toWebAudio`).
 */

export type Vec3 = readonly [number, number, number];

/** `ZegoRangeAudioMode`: World 0, Team 1, SecretTeam 2. */
export const RangeMode = { World: 0, Team: 1, SecretTeam: 2 } as const;
/** `ZegoRangeAudioSpeakMode`: All 0, World 1, Team 2. */
export const SpeakMode = { All: 0, World: 1, Team: 2 } as const;
/** `ZegoRangeAudioListenMode`: All 0, World 1, Team 2. */
export const ListenMode = { All: 0, World: 1, Team: 2 } as const;

/**
 * How far past the receive range (a fraction of it) a source already played keeps playing: a user standing on the
 * edge does not start and stop its stream at every step. Inside the margin its volume is 0 (the fall-off ends at
 * the range), so nothing is heard from beyond the range either way.
 */
export const HYSTERESIS = 0.05;

/** At most this many range streams are played at once (the SDK's `_maxPlayingQuantity`): teammates, then the nearest. */
export const MAX_PLAYING = 20;

/** What the SDK accepts as a position: an array whose first three items are numbers (or numeric strings). */
export function isPosition(v: unknown): v is number[] {
  if (!Array.isArray(v) || v.length < 3) return false;
  for (let i = 0; i < 3; i++) {
    const x = v[i] as unknown;
    if ((typeof x !== 'number' && typeof x !== 'string') || x === '' || !Number.isFinite(Number(x))) return false;
  }
  return true;
}

/** The first three items of a valid position as numbers. */
export const toVec3 = (v: readonly (number | string)[]): Vec3 => [Number(v[0]), Number(v[1]), Number(v[2])];

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/**
 * The volume (0..1) of a source at `d` from the listener when it is heard up to `range`: linear from 1 at the
 * listener to 0 at the range's edge. `range` null or infinite: no limit, no fall-off (the SDK's default).
 */
export function falloff(d: number, range: number | null): number {
  if (range === null || range === Infinity) return 1;
  if (!(range > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - d / range));
}

/** Whether a source at `d` is inside `range` (null: unlimited); one already playing keeps playing to range * (1 + HYSTERESIS). */
export function withinRange(d: number | null, range: number | null, playing: boolean): boolean {
  if (d === null) return false;
  if (range === null) return true;
  return d <= (playing ? range * (1 + HYSTERESIS) : range);
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
function unit(v: Vec3, fallback: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n > 1e-9 && Number.isFinite(n) ? [v[0] / n, v[1] / n, v[2] / n] : fallback;
}

/** The listener: where it is and its own axes (unit vectors in world coordinates, `updateSelfPosition`). */
export interface Listener {
  position: Vec3;
  forward: Vec3;
  right: Vec3;
  up: Vec3;
}

export const DEFAULT_AXES = { forward: [1, 0, 0] as Vec3, right: [0, 1, 0] as Vec3, up: [0, 0, 1] as Vec3 };

/**
 * `source` in the listener's own frame: `[ahead, to the right, above]`, each the projection of the offset on the
 * listener's axis (axes are normalised; a zero axis falls back to the world's).
 */
export function relativePosition(source: Vec3, listener: Listener): Vec3 {
  const d = sub(source, listener.position);
  return [
    dot(d, unit(listener.forward, DEFAULT_AXES.forward)),
    dot(d, unit(listener.right, DEFAULT_AXES.right)),
    dot(d, unit(listener.up, DEFAULT_AXES.up)),
  ];
}

/** A `[forward, right, up]` vector in Web Audio's frame (x right, y up, z backward), for a PannerNode. */
export function toWebAudio(v: Vec3): Vec3 {
  return [v[1], v[2], -v[0] || 0];
}

/** The listener's switches that decide whom it hears. */
export interface Hearing {
  /** `ZegoRangeAudioListenMode`. */
  listenMode: number;
  teamID: string | undefined;
  /** `setAudioReceiveRange`; null: unlimited. */
  receiveRange: number | null;
  position: Vec3 | null;
}

/** A user's range stream as the listener knows it (team and speak mode from the stream's extra info). */
export interface Speaker {
  userID: string;
  teamID: string | undefined;
  /** `ZegoRangeAudioSpeakMode`. */
  speakMode: number;
  position: Vec3 | null;
  /** Played now (or starting): the hysteresis applies. */
  playing: boolean;
}

/** Why a speaker is heard: as a teammate (full volume, never spatialised) or from the world (fall-off, 3D). */
export interface Heard {
  userID: string;
  via: 'team' | 'world';
  /** Null for a teammate whose position (or the listener's) is unknown. */
  distance: number | null;
  /** 0..1: the fall-off for `world`, 1 for `team`. */
  gain: number;
}

/** Teammates: both in the same non-empty team, and the speaker speaks to its team. */
export function sameTeam(listenerTeam: string | undefined, speaker: Speaker): boolean {
  return !!listenerTeam && speaker.teamID === listenerTeam && (speaker.speakMode === SpeakMode.Team || speaker.speakMode === SpeakMode.All);
}

/**
 * Whom the listener hears, as the SDK's play task decides: when listening to its team (listen mode Team or All),
 * every teammate that speaks to the team, whatever the distance; when listening to the world (World or All), every
 * other speaker that speaks to the world (All or World) whose distance is known and within the receive range
 * (nearest first). At most `max` in all, teammates first.
 */
export function selectHeard(hearing: Hearing, speakers: readonly Speaker[], max = MAX_PLAYING): Heard[] {
  const heard: Heard[] = [];
  const listenTeam = hearing.listenMode === ListenMode.Team || hearing.listenMode === ListenMode.All;
  const listenWorld = hearing.listenMode === ListenMode.World || hearing.listenMode === ListenMode.All;
  const at = (s: Speaker) => (hearing.position && s.position ? distance(hearing.position, s.position) : null);
  let others = speakers;
  if (listenTeam) {
    others = [];
    for (const s of speakers) {
      if (!sameTeam(hearing.teamID, s)) {
        (others as Speaker[]).push(s);
        continue;
      }
      if (heard.length < max) heard.push({ userID: s.userID, via: 'team', distance: at(s), gain: 1 });
    }
  }
  if (!listenWorld) return heard;
  const candidates = others
    .filter((s) => s.speakMode === SpeakMode.All || s.speakMode === SpeakMode.World)
    .map((s) => ({ s, d: at(s) }))
    .filter(({ s, d }) => withinRange(d, hearing.receiveRange, s.playing))
    .sort((a, b) => a.d! - b.d!);
  for (const { s, d } of candidates) {
    if (heard.length >= max) break;
    heard.push({ userID: s.userID, via: 'world', distance: d, gain: falloff(d!, hearing.receiveRange) });
  }
  return heard;
}

/** The listen mode a `setRangeAudioMode` mode implies (World and SecretTeam hear everyone allowed, Team only the team). */
export const listenModeOf = (mode: number): number => (mode === RangeMode.Team ? ListenMode.Team : ListenMode.All);
/** The speak mode a `setRangeAudioMode` mode implies (World speaks to all, Team and SecretTeam to the team only). */
export const speakModeOf = (mode: number): number => (mode === RangeMode.World ? SpeakMode.All : SpeakMode.Team);

// ------------------------------------------------------------------------------------------------ the wire

/** "ZRA" and a version byte: what a range-audio position message starts with (other transparent messages are left alone). */
export const POSITION_MAGIC = [0x5a, 0x52, 0x41, 0x01] as const;
/** The magic, then forward, right, up as little-endian Float32. */
export const POSITION_BYTES = 16;

export function encodePosition(position: Vec3): Uint8Array {
  const bytes = new Uint8Array(POSITION_BYTES);
  bytes.set(POSITION_MAGIC, 0);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 3; i++) view.setFloat32(4 + i * 4, position[i], true);
  return bytes;
}

/** The position of a range-audio message; null for any other content (or a non-finite position). */
export function decodePosition(content: Uint8Array): Vec3 | null {
  if (!(content instanceof Uint8Array) || content.byteLength !== POSITION_BYTES) return null;
  for (let i = 0; i < POSITION_MAGIC.length; i++) if (content[i] !== POSITION_MAGIC[i]) return null;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const v: Vec3 = [view.getFloat32(4, true), view.getFloat32(8, true), view.getFloat32(12, true)];
  return v.every(Number.isFinite) ? v : null;
}

// ------------------------------------------------------------------------------------------------ extra info

/** What a range stream's extra info says (the SDK's keys, so streams of ZEGO's range audio read the same). */
export interface StreamInfo {
  teamID: string | undefined;
  /** `ZegoRangeAudioMode`, when given. */
  mode: number | undefined;
  speakMode: number;
}

/** The SDK's extra info of a range stream: team, mode (1-based), a range-stream flag and, when set, the speak mode. */
export function streamExtraInfo(teamID: string | undefined, mode: number, customSpeak: number | undefined): string {
  const info: Record<string, unknown> = {
    range_audio_team_id: teamID ?? '',
    range_audio_mode: mode + 1,
    r_a_s_flag: 1,
  };
  if (customSpeak !== undefined || mode === RangeMode.World) info.r_a_speak = customSpeak ?? speakModeOf(mode);
  return JSON.stringify(info);
}

/** A stream's extra info read as the SDK does; null when it is not a range stream. */
export function parseStreamInfo(extraInfo: string | undefined): StreamInfo | null {
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(extraInfo ?? '') as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!info || typeof info !== 'object' || !('range_audio_team_id' in info) || !('range_audio_mode' in info)) return null;
  if (info.r_a_s_flag !== undefined && info.r_a_s_flag !== 1) return null;
  const mode = ({ 1: 0, 2: 1, 3: 2 } as Record<string, number | undefined>)[String(info.range_audio_mode)];
  const team = typeof info.range_audio_team_id === 'string' && info.range_audio_team_id ? info.range_audio_team_id : undefined;
  const speak = typeof info.r_a_speak === 'number' && [0, 1, 2].includes(info.r_a_speak) ? info.r_a_speak : undefined;
  return { teamID: team, mode, speakMode: speak ?? speakModeOf(mode ?? RangeMode.World) };
}
