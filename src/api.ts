/**
 * The elements' API: what `dist/cdn/zego-elements.js` exports. The local engine and the renderer are not in it: they
 * load on first use (`loadLocalEngine()`, `loadVideoRenderer()`); the npm entry exports them directly as well.
 */
export { Code, checkRoomID, checkUserID, checkStreamID, checkUserName } from './shared/codes.js';
export type { RenderMode } from './render/video-renderer.js';
export { loadLocalEngine, loadVideoRenderer } from './lazy.js';
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
export { roomContext, type RoomContext, type RoomApi, type RoomChild, type RoomSnapshot, type RoomState } from './room/context.js';
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
export type { LocalState, LocalSettings, LocalDevice, LocalDevices, ZegoLocalStreamLike } from './local/local-media-controller.js';
export { ZegoSpeakerChangeEvent, type ZegoSpeakerChangeDetail } from './local/events.js';
export { ZegoParticipantsElement, type ParticipantInfo } from './elements/zego-participants.js';
export type { ZegoParticipantsSelectEvent, ZegoParticipantsSelectDetail } from './participants/events.js';
export { ZegoChatElement, type ChatMessage, type ChatMessageState } from './elements/zego-chat.js';
export type { ZegoChatEvent, ZegoChatEventDetails, ZegoChatEventName } from './chat/events.js';
export { ZegoPrejoinElement, type PrejoinChoices } from './elements/zego-prejoin.js';
export { ZegoCallElement, type CallState } from './elements/zego-call.js';
export { ZegoCallStateEvent, type ZegoCallStateDetail } from './call/events.js';
