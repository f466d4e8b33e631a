/**
 * The local engine's public classes: `dist/cdn/zego-local-engine.js` in the CDN build. The elements load this module
 * on first use (`loadLocalEngine()`), so a page on ZEGO's cloud never downloads it.
 */
export { ZegoLocalEngine, type ZegoLocalEngineOptions } from './local-engine.js';
export { ZegoLocalStream } from './local-stream.js';
export { ZegoStreamView } from './stream-view.js';
export { SUPPORTED_EVENTS } from './emitter.js';
