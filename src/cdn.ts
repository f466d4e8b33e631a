// Entry of dist/cdn/zego-elements.js: the elements defined, and their API. The local engine, the room's controller
// and the renderer are sibling chunks loaded on first use (the engine also as dist/cdn/zego-local-engine.js).
import './define.js';
export * from './api.js';
