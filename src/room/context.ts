import { createContext } from '@lit/context';
import type { ZegoStreamList, ZegoWebPlayOption, ZegoWebPublishOption } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { RoomEngine, ZegoLocalStreamLike } from './engine.js';

/** The `state` attribute of `<zego-room>`. */
export type RoomState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** Room state as children see it. Never mutated: a new snapshot replaces it on every change. */
export interface RoomSnapshot {
  readonly state: RoomState;
  /** The engine in use; a new identity means streams made with the previous one are gone. */
  readonly engine: RoomEngine | undefined;
  /** The room joined or being joined, '' when none. */
  readonly roomID: string;
  /** This page's user in that room. */
  readonly user: Readonly<ZegoUser> | undefined;
  /** The other users in the room (the SDK never lists yourself). */
  readonly users: readonly Readonly<ZegoUser>[];
  /** Remote streams in the room (the SDK never lists your own). */
  readonly streams: readonly Readonly<ZegoStreamList>[];
  /** Latest sound level (0-100) per stream ID, local and remote. */
  readonly soundLevels: Readonly<Record<string, number>>;
  /** The speaker picked in the room (`zego-speaker-change` from a child's controls); '' is the default device. */
  readonly speakerID: string;
  /** This page's own media as its `<zego-local-video>` reports it (for participant lists); null without one. */
  readonly local: Readonly<LocalMediaState> | null;
}

/** What a `<zego-local-video>` tells its room about this page's media. */
export interface LocalMediaState {
  /** Whether others receive the camera (or a shared screen). */
  readonly camera: boolean;
  readonly microphone: boolean;
  readonly screen: boolean;
  /** The stream ID published under, null while not publishing (or refused). */
  readonly streamID: string | null;
}

/** A descendant of `<zego-room>` that uses its engine. */
export interface RoomChild {
  /** Called before the room destroys an engine it created: release the streams made with it. */
  releaseEngine?(engine: RoomEngine): void;
  /** The room could not start publishing `streamID` (the engine threw): the child that published it shows why. */
  publishFailed?(streamID: string, detail: { code: number; message: string; source: 'publish' }): void;
}

/** What children call. The object stays the same for the life of the element. */
export interface RoomApi {
  /** The engine in use, or undefined while none is loaded. */
  readonly engine: RoomEngine | undefined;
  /**
   * Publishes `localStream` (made by `engine.createZegoStream()`) as `streamID` now if the room is joined, and
   * again after every later login (room change, re-join) until `unpublish(streamID)`. Called again for the same
   * stream with new `options.extraInfo`, it updates the stream's extra info in place.
   */
  publish(streamID: string, localStream: ZegoLocalStreamLike, options?: ZegoWebPublishOption): void;
  unpublish(streamID: string): void;
  /** Plays a remote stream of the room. */
  play(streamID: string, options?: ZegoWebPlayOption): Promise<MediaStream>;
  /** Stops playing a remote stream. */
  stop(streamID: string): void;
  register(child: RoomChild): void;
  unregister(child: RoomChild): void;
  /** `<zego-room>`'s `leave()`: leaves the room, keeps the engine (and the streams made with it). */
  leave(): void;
  /** `<zego-room>`'s `join()`: resolves once logged in. */
  join(): Promise<void>;
  /** A `<zego-local-video>` reports this page's media (null: it went away). */
  reportLocal(state: LocalMediaState | null): void;
}

export interface RoomContext {
  readonly api: RoomApi;
  readonly snapshot: RoomSnapshot;
}

/** Provided by `<zego-room>` to its descendants; consume with `subscribe: true`. */
export const roomContext = createContext<RoomContext>(Symbol('zego-room'));

export const EMPTY_SNAPSHOT: RoomSnapshot = Object.freeze({
  state: 'idle',
  engine: undefined,
  roomID: '',
  user: undefined,
  users: Object.freeze([]),
  streams: Object.freeze([]),
  soundLevels: Object.freeze({}),
  speakerID: '',
  local: null,
});
