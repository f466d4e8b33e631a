import type {
  ZegoEvent,
  ZegoServerResponse,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoRoomConfig, ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';

/**
 * The part of `ZegoExpressEngine`'s API the kit calls, with the SDK's names and signatures. The real SDK, the
 * local engine, and anything a page injects through `engineFactory` satisfy it.
 */
export interface RoomEngine {
  on<K extends keyof ZegoEvent>(event: K, callBack: ZegoEvent[K]): boolean;
  off<K extends keyof ZegoEvent>(event: K, callBack?: ZegoEvent[K]): boolean;
  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean>;
  logoutRoom(roomID?: string): void;
  renewToken(token: string, roomID?: string): boolean;
  setEngineConfig?(config: { roomRetryTime?: number }): void;
  checkSystemRequirements(): Promise<unknown>;
  // The local stream type differs per engine (each has its own ZegoLocalStream class): what one engine's
  // createZegoStream returns goes back to the same engine.
  createZegoStream(options?: never): Promise<unknown>;
  destroyStream(localStream: never): void;
  startPublishingStream(streamID: string, localStream: never, publishOption?: ZegoWebPublishOption): boolean;
  stopPublishingStream(streamID: string): boolean;
  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream>;
  stopPlayingStream(streamID: string): void;
  setSoundLevelDelegate?(enable: boolean, interval?: number): void;
  sendBroadcastMessage(roomID: string, message: string): Promise<ZegoServerResponse>;
  sendBarrageMessage(roomID: string, message: string): Promise<ZegoServerResponse>;
  sendCustomCommand(roomID: string, command: string, toUserIDList: string[]): Promise<ZegoServerResponse>;
  destroyEngine(): void;
}

/** What `<zego-room>` hands an `engineFactory`: its attributes, parsed. */
export interface RoomEngineConfig {
  /** `app-id`, when set. */
  appID: number | undefined;
  server: string;
}

/** Builds the engine of a `<zego-room>`. The page owns what it returns: the element never destroys it. */
export type RoomEngineFactory = (config: RoomEngineConfig) => RoomEngine | Promise<RoomEngine>;
