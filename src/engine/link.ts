import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

/** Kinds of capture a local stream was made from; decides how a device switch re-captures. */
export type CaptureKind = 'camera' | 'screen' | 'custom';

/**
 * What the media classes (local stream, stream view, sound-level meter) need from the engine that owns them.
 * The engine passes one of these in; the media classes never import the engine.
 */
export interface EngineLink {
  /** Emits an engine event (the SDK's name and argument order) to the page's `zg.on` listeners. */
  emit<K extends keyof ZegoEvent>(name: K, ...args: Parameters<ZegoEvent[K]>): void;
  /** A local stream's track was replaced (device switch) or removed: every live sender must follow. */
  trackReplaced(stream: MediaStream, kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
}
