import type { ZegoStreamList } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { RoomSnapshot } from './context.js';
import type { ZegoEventName } from './events.js';

/**
 * What an engine callback changes in the room's snapshot (users, streams, extra info, sound levels), or null when
 * it changes nothing: callbacks of another room, malformed lists, and sound levels equal to the last ones (they
 * come every second, and every new snapshot wakes every child). Pure.
 */
export function snapshotPatch(
  snapshot: RoomSnapshot,
  roomID: string | undefined,
  name: ZegoEventName,
  args: readonly unknown[],
): Partial<RoomSnapshot> | null {
  const inRoom = (id: unknown) => roomID !== undefined && id === roomID;
  switch (name) {
    case 'roomUserUpdate': {
      const [id, type, list] = args as [string, 'ADD' | 'DELETE', ZegoUser[]];
      if (!inRoom(id) || !Array.isArray(list)) return null;
      const ids = new Set(list.map((u) => u.userID));
      const others = snapshot.users.filter((u) => !ids.has(u.userID));
      return { users: type === 'ADD' ? [...others, ...list.map((u) => Object.freeze({ ...u }))] : others };
    }
    case 'roomStreamUpdate': {
      const [id, type, list] = args as [string, 'ADD' | 'DELETE', ZegoStreamList[]];
      if (!inRoom(id) || !Array.isArray(list)) return null;
      const ids = new Set(list.map((st) => st.streamID));
      const others = snapshot.streams.filter((st) => !ids.has(st.streamID));
      return { streams: type === 'ADD' ? [...others, ...list.map((st) => Object.freeze({ ...st }))] : others };
    }
    case 'streamExtraInfoUpdate': {
      const [id, list] = args as [string, { streamID: string; extraInfo: string }[]];
      if (!inRoom(id) || !Array.isArray(list)) return null;
      const info = new Map(list.map((st) => [st.streamID, st.extraInfo]));
      return {
        streams: snapshot.streams.map((st) => (info.has(st.streamID) ? Object.freeze({ ...st, extraInfo: info.get(st.streamID)! }) : st)),
      };
    }
    case 'soundLevelUpdate': {
      const [list] = args as [{ streamID: string; soundLevel: number }[]];
      if (!Array.isArray(list)) return null;
      const levels: Record<string, number> = {};
      for (const l of list) levels[l.streamID] = l.soundLevel;
      const old = snapshot.soundLevels;
      const same = Object.keys(levels).length === Object.keys(old).length && Object.entries(levels).every(([k, v]) => old[k] === v);
      return same ? null : { soundLevels: levels };
    }
    default:
      return null;
  }
}
