import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

/**
 * The SDK callbacks `<zego-room>` forwards: every `ZegoEvent` name that the installed SDK implements.
 * `hallStateUpdate` is declared in the typings but `on('hallStateUpdate', fn)` returns false at runtime.
 */
export type ZegoEventName = Exclude<keyof ZegoEvent, (typeof ZEGO_UNIMPLEMENTED_EVENTS)[number]>;

/** Declared by the SDK's typings, refused by its `on()`: nothing to forward. */
export const ZEGO_UNIMPLEMENTED_EVENTS = ['hallStateUpdate'] as const;

/** SDK callback name -> DOM event name dispatched by `<zego-room>` (`zego-` + kebab-case). */
export const ZEGO_EVENT_NAMES = {
  roomStateChanged: 'zego-room-state-changed',
  roomStateUpdate: 'zego-room-state-update',
  roomUserUpdate: 'zego-room-user-update',
  roomOnlineUserCountUpdate: 'zego-room-online-user-count-update',
  roomStreamUpdate: 'zego-room-stream-update',
  roomExtraInfoUpdate: 'zego-room-extra-info-update',
  streamExtraInfoUpdate: 'zego-stream-extra-info-update',
  tokenWillExpire: 'zego-token-will-expire',
  publisherStateUpdate: 'zego-publisher-state-update',
  publishQualityUpdate: 'zego-publish-quality-update',
  publisherVideoEncoderChanged: 'zego-publisher-video-encoder-changed',
  screenSharingEnded: 'zego-screen-sharing-ended',
  playerStateUpdate: 'zego-player-state-update',
  playQualityUpdate: 'zego-play-quality-update',
  remoteCameraStatusUpdate: 'zego-remote-camera-status-update',
  remoteMicStatusUpdate: 'zego-remote-mic-status-update',
  playerRecvSEI: 'zego-player-recv-sei',
  playerVideoTrackUpdate: 'zego-player-video-track-update',
  playerAudioTrackUpdate: 'zego-player-audio-track-update',
  videoDeviceStateChanged: 'zego-video-device-state-changed',
  audioDeviceStateChanged: 'zego-audio-device-state-changed',
  deviceError: 'zego-device-error',
  IMRecvBroadcastMessage: 'zego-im-recv-broadcast-message',
  IMRecvBarrageMessage: 'zego-im-recv-barrage-message',
  IMRecvCustomCommand: 'zego-im-recv-custom-command',
  recvRoomTransparentMessage: 'zego-recv-room-transparent-message',
  soundLevelUpdate: 'zego-sound-level-update',
  capturedSoundLevelUpdate: 'zego-captured-sound-level-update',
  exceptionUpdate: 'zego-exception-update',
  networkQuality: 'zego-network-quality',
  mixerSoundLevelUpdate: 'zego-mixer-sound-level-update',
  autoMixerSoundLevelUpdate: 'zego-auto-mixer-sound-level-update',
  mixerRelayCDNStateUpdate: 'zego-mixer-relay-cdn-state-update',
  beautyEffectError: 'zego-beauty-effect-error',
  backgroundEffectError: 'zego-background-effect-error',
  recvExperimentalAPI: 'zego-recv-experimental-api',
} as const satisfies Record<ZegoEventName, `zego-${string}`>;

/**
 * The SDK's parameter names of each callback, in order: `detail` is an object with these keys. A plain string
 * instead of a list marks a callback whose only parameter is an object: `detail` is that object itself.
 */
export const ZEGO_EVENT_PARAMS = {
  roomStateChanged: ['roomID', 'reason', 'errorCode', 'extendedData'],
  roomStateUpdate: ['roomID', 'state', 'errorCode', 'extendedData'],
  roomUserUpdate: ['roomID', 'updateType', 'userList'],
  roomOnlineUserCountUpdate: ['roomID', 'count'],
  roomStreamUpdate: ['roomID', 'updateType', 'streamList', 'extendedData'],
  roomExtraInfoUpdate: ['roomID', 'roomExtraInfoList'],
  streamExtraInfoUpdate: ['roomID', 'streamList'],
  tokenWillExpire: ['roomID'],
  publisherStateUpdate: 'result',
  publishQualityUpdate: ['streamID', 'stats'],
  publisherVideoEncoderChanged: ['fromCodecID', 'toCodecID', 'streamID'],
  screenSharingEnded: ['mediaStream'],
  playerStateUpdate: 'result',
  playQualityUpdate: ['streamID', 'stats'],
  remoteCameraStatusUpdate: ['streamID', 'status'],
  remoteMicStatusUpdate: ['streamID', 'status'],
  playerRecvSEI: ['streamID', 'data'],
  playerVideoTrackUpdate: ['streamID', 'track'],
  playerAudioTrackUpdate: ['streamID', 'track'],
  videoDeviceStateChanged: ['updateType', 'deviceInfo'],
  audioDeviceStateChanged: ['updateType', 'deviceType', 'deviceInfo'],
  deviceError: ['errorCode', 'deviceName'],
  IMRecvBroadcastMessage: ['roomID', 'chatData'],
  IMRecvBarrageMessage: ['roomID', 'messageInfo'],
  IMRecvCustomCommand: ['roomID', 'fromUser', 'command'],
  recvRoomTransparentMessage: ['roomID', 'message'],
  soundLevelUpdate: ['soundLevelList'],
  capturedSoundLevelUpdate: ['soundLevel'],
  exceptionUpdate: ['streamID', 'eventDate'],
  networkQuality: ['userID', 'upstreamQuality', 'downstreamQuality'],
  mixerSoundLevelUpdate: ['soundLevels'],
  autoMixerSoundLevelUpdate: ['soundLevels'],
  mixerRelayCDNStateUpdate: ['taskID', 'infoList'],
  beautyEffectError: ['stream', 'errorCode', 'extendedData'],
  backgroundEffectError: ['stream', 'errorCode', 'extendedData'],
  recvExperimentalAPI: 'content',
} as const satisfies Record<ZegoEventName, readonly string[] | string>;

type Params = typeof ZEGO_EVENT_PARAMS;
type Args<K extends ZegoEventName> = Parameters<ZegoEvent[K]>;

/** `detail` of the DOM event forwarding SDK callback `K`: its arguments keyed by the SDK's parameter names. */
export type ZegoEventDetail<K extends ZegoEventName> = Params[K] extends readonly string[]
  ? { [I in keyof Params[K] & `${number}` as Params[K][I]]: Args<K>[I & keyof Args<K>] }
  : Args<K>[0];

/** Builds the `detail` of callback `name` from the arguments the engine passed. */
export function detailOf<K extends ZegoEventName>(name: K, args: readonly unknown[]): ZegoEventDetail<K> {
  const params: readonly string[] | string = ZEGO_EVENT_PARAMS[name];
  if (typeof params === 'string') return args[0] as ZegoEventDetail<K>;
  const detail: Record<string, unknown> = {};
  params.forEach((param, i) => (detail[param] = args[i]));
  return detail as ZegoEventDetail<K>;
}

/**
 * An engine callback re-dispatched from `<zego-room>`: `type` is `ZEGO_EVENT_NAMES[callback]`, bubbling and
 * composed, so `document` listeners hear every room on the page.
 */
export class ZegoEngineEvent<K extends ZegoEventName = ZegoEventName> extends Event {
  /** The SDK's name of the callback (`roomStateChanged`). */
  readonly callback: K;
  readonly detail: ZegoEventDetail<K>;

  constructor(callback: K, detail: ZegoEventDetail<K>) {
    super(ZEGO_EVENT_NAMES[callback], { bubbles: true, composed: true });
    this.callback = callback;
    this.detail = detail;
  }
}

/** Where a kit-level problem came from. */
export type ZegoErrorSource = 'attribute' | 'engine' | 'token' | 'login' | 'publish' | 'camera' | 'microphone' | 'screen' | 'chat';

export interface ZegoErrorDetail {
  /** The SDK's error code where one exists (1002012 for a bad room ID), else a code of the same family. */
  code: number;
  message: string;
  source: ZegoErrorSource;
}

/** A problem of the kit itself (bad attribute, token fetch failure, login timeout, engine load failure). */
export class ZegoErrorEvent extends Event {
  readonly detail: ZegoErrorDetail;

  constructor(detail: ZegoErrorDetail) {
    super('zego-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

type ForwardedEventMap = { [K in ZegoEventName as (typeof ZEGO_EVENT_NAMES)[K]]: ZegoEngineEvent<K> };

declare global {
  interface GlobalEventHandlersEventMap extends ForwardedEventMap {
    'zego-error': ZegoErrorEvent;
  }
  interface HTMLElementEventMap extends ForwardedEventMap {
    'zego-error': ZegoErrorEvent;
  }
}
