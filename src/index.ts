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
