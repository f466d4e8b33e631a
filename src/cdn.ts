// Entry of dist/cdn/zego-elements.js: the whole public API in one module, and the elements defined.
import './define.js';
export * from './index.js';
