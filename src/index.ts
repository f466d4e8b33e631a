/**
 * zego-elements: no side effects here. Import `zego-elements/define.js` (or the CDN bundle) to define the elements.
 */
export * from './api.js';
export { ZegoLocalEngine, ZegoLocalStream, ZegoStreamView, SUPPORTED_EVENTS, type ZegoLocalEngineOptions } from './engine/index.js';
export { VideoRenderer } from './render/video-renderer.js';
export { LocalMediaController } from './local/local-media-controller.js';
