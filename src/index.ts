/**
 * zego-elements: no side effects here. Import `zego-elements/define.js` (or the CDN bundle) to define the elements.
 */
export { ZegoLocalEngine, type ZegoLocalEngineOptions } from './engine/local-engine.js';
export { ZegoLocalStream } from './engine/local-stream.js';
export { ZegoStreamView } from './engine/stream-view.js';
export { SUPPORTED_EVENTS } from './engine/emitter.js';
export { Code, checkRoomID, checkUserID, checkStreamID, checkUserName } from './shared/codes.js';
export { VideoRenderer, type RenderMode } from './render/video-renderer.js';
export { setMessages, message, type MessageKey, type MessageTable } from './i18n/messages.js';
export { ZegoRoomElement } from './elements/zego-room.js';
export {
  ZEGO_EVENT_NAMES,
  ZEGO_EVENT_PARAMS,
  ZEGO_UNIMPLEMENTED_EVENTS,
  ZegoEngineEvent,
  ZegoErrorEvent,
  detailOf,
  type ZegoEventName,
  type ZegoEventDetail,
  type ZegoErrorDetail,
  type ZegoErrorSource,
} from './room/events.js';
export {
  roomContext,
  type RoomContext,
  type RoomApi,
  type RoomChild,
  type RoomSnapshot,
  type RoomState,
} from './room/context.js';
export type { RoomEngine, RoomEngineConfig, RoomEngineFactory } from './room/engine.js';
export {
  ZegoRemoteVideosElement,
  ZegoAutoplayBlockedEvent,
  type ZegoAutoplayBlockedDetail,
  type RemoteStreamInfo,
  type RemoteStreamState,
  type RemoteStreamStats,
  type RemoteFrameInfo,
} from './elements/zego-remote-videos.js';
export { ZegoLocalVideoElement } from './elements/zego-local-video.js';
export {
  LocalMediaController,
  type LocalState,
  type LocalSettings,
  type LocalDevice,
  type LocalDevices,
  type ZegoLocalStreamLike,
} from './local/local-media-controller.js';
export { ZegoSpeakerChangeEvent, type ZegoSpeakerChangeDetail } from './local/events.js';
