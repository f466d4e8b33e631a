import type {
  ZegoEvent,
  ZegoServerResponse,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoRoomConfig, ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';

/** What `createZegoStream` resolves with, as far as the kit uses it (the SDK's `ZegoLocalStream` and ours alike). */
export interface ZegoLocalStreamLike {
  readonly stream: MediaStream | null;
  /** Resolves `{errorCode, extendedData}` (0 on success), as the SDK's. */
  startCaptureMicrophone?(options?: { input?: string }): Promise<{ errorCode: number; extendedData?: string }>;
}

/**
 * The part of `ZegoExpressEngine`'s API the kit calls, with the SDK's names and signatures. The real SDK, the
 * local engine, and anything a page injects through `engineFactory` satisfy it.
 *
 * `S` is the engine's local stream type: each engine has its own `ZegoLocalStream` class, and what one engine's
 * `createZegoStream` returns only ever goes back to the same engine. Media methods take `S | MediaStream` as the
 * SDK's do, which is also what lets both engines' classes satisfy the default `RoomEngine`.
 */
export interface RoomEngine<S extends ZegoLocalStreamLike = ZegoLocalStreamLike> {
  on<K extends keyof ZegoEvent>(event: K, callBack: ZegoEvent[K]): boolean;
  off<K extends keyof ZegoEvent>(event: K, callBack?: ZegoEvent[K]): boolean;
  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean>;
  logoutRoom(roomID?: string): void;
  renewToken(token: string, roomID?: string): boolean;
  setEngineConfig?(config: { roomRetryTime?: number }): void;
  checkSystemRequirements(): Promise<unknown>;
  setSoundLevelDelegate?(enable: boolean, interval?: number): void;
  destroyEngine(): void;

  createZegoStream(options?: ZegoStreamOptions): Promise<S>;
  destroyStream(localStream: S | MediaStream): void;
  useVideoDevice(localStream: S | MediaStream, deviceID: string): Promise<ZegoServerResponse>;
  useAudioDevice(localStream: S | MediaStream, deviceID: string): Promise<ZegoServerResponse>;
  mutePublishStreamVideo(localStream: S | MediaStream, mute: boolean): boolean;
  mutePublishStreamAudio(localStream: S | MediaStream, mute: boolean): boolean;
  /** SDK 2.15+; optional for injected engines (without it the camera keeps capturing while off). */
  enableVideoCaptureDevice?(localStream: S | MediaStream, enable: boolean): Promise<boolean>;
  /** The front (true) or back camera, on devices that have both; optional for injected engines. */
  useFrontCamera?(localStream: S | MediaStream, enable: boolean): Promise<ZegoServerResponse>;

  startPublishingStream(streamID: string, localStream: S | MediaStream, publishOption?: ZegoWebPublishOption): boolean;
  stopPublishingStream(streamID: string): boolean;
  setStreamExtraInfo?(streamID: string, extraInfo: string): Promise<ZegoServerResponse>;
  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream>;
  stopPlayingStream(streamID: string): void;
  /** Stops receiving a played stream's video (the publisher stops sending it); optional for injected engines. */
  mutePlayStreamVideo?(streamID: string, mute: boolean): Promise<boolean>;

  sendBroadcastMessage(roomID: string, message: string): Promise<ZegoServerResponse>;
  sendBarrageMessage(roomID: string, message: string): Promise<ZegoServerResponse>;
  sendCustomCommand(roomID: string, command: string, toUserIDList: string[]): Promise<ZegoServerResponse>;
}

/** What `<zego-room>` hands an `engineFactory`: its attributes, parsed. */
export interface RoomEngineConfig {
  /** `app-id`, when set. */
  appID: number | undefined;
  server: string;
}

/** Builds the engine of a `<zego-room>`. The page owns what it returns: the element never destroys it. */
export type RoomEngineFactory = (config: RoomEngineConfig) => RoomEngine | Promise<RoomEngine>;

/** Callbacks for some of an engine's events, typed by the SDK's signatures. */
export type EngineHandlers = { [K in keyof ZegoEvent]?: ZegoEvent[K] };

/**
 * Subscribes `handlers` to `engine` and returns what removes exactly them: `off(name)` without a callback would
 * remove the page's listeners too. Names the engine refuses (`on()` answers false) are skipped.
 */
export function listen(engine: RoomEngine, handlers: EngineHandlers): () => void {
  const added: [keyof ZegoEvent, ZegoEvent[keyof ZegoEvent]][] = [];
  for (const name of Object.keys(handlers) as (keyof ZegoEvent)[]) {
    const fn = handlers[name];
    if (fn && engine.on(name, fn)) added.push([name, fn]);
  }
  return () => {
    for (const [name, fn] of added) engine.off(name, fn);
  };
}
