// Entry of dist/cdn/zego-elements.js: the whole public API in one module.
export * from './index.js';
