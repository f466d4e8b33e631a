import type { ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { ZegoStreamList } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import {
  STREAM_DELETE_DESCRIPTIONS,
  StreamDeleteReason,
  type LoginOk,
  type ServerFrame,
  type WireStream,
  type WireUser,
} from '../shared/protocol.js';
import type { Emit, EngineOptions } from './options.js';
import type { SnapshotKind } from './session.js';

/** What the room view needs to know of the session, and whom it tells about streams. */
export interface RoomViewHooks {
  emit: Emit;
  roomID(): string;
  /** Our own user ID: the SDK never lists yourself. */
  selfID(): string;
  /** Whether users are reported at all (`userUpdate` of the login's config). */
  userUpdate(): boolean;
  /** Streams appeared (or came back): players waiting for them connect. */
  streamsAdded(streamIDs: string[]): void;
  /** Streams went away: their players wait for them to return. */
  streamsDeleted(streamIDs: string[]): void;
  /** A stream's camera or microphone status changed: only players of it hear about it. */
  playing(streamID: string): boolean;
}

export const toUser = (u: WireUser): ZegoUser => ({ userID: u.userID, userName: u.userName });

export const toStream = (s: WireStream): ZegoStreamList => ({
  streamID: s.streamID,
  user: toUser(s.user),
  extraInfo: s.extraInfo,
  urlsFLV: '',
  urlsRTMP: '',
  urlsHLS: '',
  urlsHttpsFLV: '',
  urlsHttpsHLS: '',
});

/**
 * The room as this client knows it: the other users and the streams of others, built from the login snapshot and
 * the core's deltas, reported with the SDK's `roomUserUpdate`, `roomStreamUpdate`, `streamExtraInfoUpdate`,
 * `roomExtraInfoUpdate` and `roomOnlineUserCountUpdate` semantics.
 */
export class RoomView {
  private readonly users = new Map<string, WireUser>();
  private readonly streams = new Map<string, WireStream>();
  private settleTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly opts: EngineOptions,
    private readonly hooks: RoomViewHooks,
  ) {}

  /** A stream of the room (not our own), as the core last described it. */
  stream(streamID: string): WireStream | undefined {
    return this.streams.get(streamID);
  }

  /**
   * Applies a login answer. At login: one ADD each for users and streams already present. After a resume the
   * core kept everything: only the difference. After a rebuild (the core lost its state) users are reported
   * DELETE-all then ADD as the SDK does, and streams missing from the new snapshot get `resumeSettleMs` to
   * come back (their publishers are reconnecting too) before they are reported deleted.
   */
  apply(ok: LoginOk, kind: SnapshotKind): void {
    const { emit } = this.hooks;
    const roomID = this.hooks.roomID();
    if (kind === 'rebuild' && this.users.size && this.hooks.userUpdate()) {
      emit('roomUserUpdate', roomID, 'DELETE', [...this.users.values()].map(toUser));
      this.users.clear();
    }
    const freshUsers = kind === 'resume' ? ok.users.filter((u) => !this.users.has(u.userID)) : ok.users;
    if (kind === 'resume') {
      const present = new Set(ok.users.map((u) => u.userID));
      const gone = [...this.users.values()].filter((u) => !present.has(u.userID));
      gone.forEach((u) => this.users.delete(u.userID));
      if (gone.length && this.hooks.userUpdate()) emit('roomUserUpdate', roomID, 'DELETE', gone.map(toUser));
    }
    this.addUsers(freshUsers);
    const present = new Set(ok.streams.map((s) => s.streamID));
    const missing = [...this.streams.values()].filter((s) => !present.has(s.streamID));
    if (missing.length) {
      if (kind === 'rebuild') {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => {
          this.deleteStreams(
            missing.filter((s) => this.streams.get(s.streamID) === s),
            StreamDeleteReason.OFFLINE,
          );
        }, this.opts.resumeSettleMs);
      } else this.deleteStreams(missing, StreamDeleteReason.OFFLINE);
    }
    this.addStreams(ok.streams);
    if (ok.roomExtraInfo.length) emit('roomExtraInfoUpdate', roomID, ok.roomExtraInfo);
    if (kind === 'login') emit('roomOnlineUserCountUpdate', roomID, ok.count);
  }

  /** A room delta from the core; false when the frame is not about the room's users or streams. */
  onFrame(frame: ServerFrame): boolean {
    const { emit } = this.hooks;
    const roomID = this.hooks.roomID();
    switch (frame.t) {
      case 'user-add':
        this.addUsers(frame.users);
        return true;
      case 'user-del': {
        const gone = frame.users.filter((u) => this.users.delete(u.userID));
        if (gone.length && this.hooks.userUpdate()) emit('roomUserUpdate', roomID, 'DELETE', gone.map(toUser));
        return true;
      }
      case 'stream-add':
        this.addStreams(frame.streams);
        return true;
      case 'stream-del':
        this.deleteStreams(frame.streams, frame.reason);
        return true;
      case 'stream-status': {
        const s = this.streams.get(frame.streamID);
        if (!s) return true;
        const video = s.video !== frame.video;
        const audio = s.audio !== frame.audio;
        s.video = frame.video;
        s.audio = frame.audio;
        if (this.hooks.playing(frame.streamID)) {
          if (video) emit('remoteCameraStatusUpdate', frame.streamID, frame.video);
          if (audio) emit('remoteMicStatusUpdate', frame.streamID, frame.audio);
        }
        return true;
      }
      case 'stream-extra': {
        for (const s of frame.streams) {
          const known = this.streams.get(s.streamID);
          if (known) known.extraInfo = s.extraInfo;
        }
        emit('streamExtraInfoUpdate', roomID, frame.streams.map(toStream));
        return true;
      }
      case 'room-extra':
        emit('roomExtraInfoUpdate', roomID, frame.items);
        return true;
      case 'count':
        emit('roomOnlineUserCountUpdate', roomID, frame.count);
        return true;
      default:
        return false;
    }
  }

  /** The session ended: nobody and nothing is known any more (no events: the SDK reports none either). */
  clear(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.users.clear();
    this.streams.clear();
  }

  private addUsers(users: WireUser[]) {
    const self = this.hooks.selfID();
    const added = users.filter((u) => u.userID !== self && !this.users.has(u.userID));
    added.forEach((u) => this.users.set(u.userID, u));
    if (added.length && this.hooks.userUpdate()) this.hooks.emit('roomUserUpdate', this.hooks.roomID(), 'ADD', added.map(toUser));
  }

  private addStreams(streams: WireStream[]) {
    const added: WireStream[] = [];
    for (const s of streams) {
      const known = this.streams.get(s.streamID);
      this.streams.set(s.streamID, s);
      // came back within the settle window: no event, keep the newest status
      if (!known) added.push(s);
    }
    if (!added.length) return;
    const roomID = this.hooks.roomID();
    this.hooks.emit('roomStreamUpdate', roomID, 'ADD', added.map(toStream), '');
    const withInfo = added.filter((s) => s.extraInfo);
    if (withInfo.length) this.hooks.emit('streamExtraInfoUpdate', roomID, withInfo.map(toStream));
    this.hooks.streamsAdded(added.map((s) => s.streamID));
  }

  private deleteStreams(streams: WireStream[], reason: number) {
    const gone = streams.filter((s) => this.streams.delete(s.streamID));
    if (!gone.length) return;
    const extendedData = JSON.stringify({
      stream_delete_reason: gone.map((s) => ({
        stream_id: s.streamID,
        code: reason,
        description: STREAM_DELETE_DESCRIPTIONS[reason] ?? 'unknown',
      })),
    });
    this.hooks.streamsDeleted(gone.map((s) => s.streamID));
    this.hooks.emit('roomStreamUpdate', this.hooks.roomID(), 'DELETE', gone.map(toStream), extendedData);
  }
}
