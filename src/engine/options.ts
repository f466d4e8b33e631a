import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

/** Knobs of the local engine that ZEGO's SDK does not have; the defaults suit real use, tests shorten them. */
export interface ZegoLocalEngineOptions {
  /**
   * Keep only host ICE candidates on 127.0.0.1 (`true`), or on the given address (Firefox never gathers a loopback
   * candidate: its tests run in a private network namespace and keep that one address). Tests: media never leaves
   * the machine. Default false.
   */
  loopbackOnly?: boolean | string;
  /** Passed to every RTCPeerConnection (e.g. STUN/TURN for calls across networks). */
  rtcConfiguration?: RTCConfiguration;
  /** Client heartbeat period. Default 2000 ms. */
  heartbeatIntervalMs?: number;
  /** Silence after which the signalling link counts as lost. Default 6000 ms. */
  heartbeatTimeoutMs?: number;
  /** A signalling break shorter than this is invisible to the page (the SDK holds RECONNECTING back ~8 s). */
  reconnectHoldMs?: number;
  /** Period of publishQualityUpdate / playQualityUpdate. Default 3000 ms. */
  qualityIntervalMs?: number;
  /** How long a rebuilt session waits for users/streams to come back before reporting them gone. Default 2500 ms. */
  resumeSettleMs?: number;
  /** Offer/answer and ICE connection time limit per attempt. Default 10000 ms. */
  negotiationTimeoutMs?: number;
  /** How long a player keeps retrying a stream that exists but cannot be reached. Default 30000 ms. */
  playRetryMs?: number;
}

/** The options every part of the engine reads: the defaults filled in. */
export type EngineOptions = Required<Omit<ZegoLocalEngineOptions, 'rtcConfiguration'>> & {
  rtcConfiguration?: RTCConfiguration;
};

export const DEFAULT_OPTIONS: EngineOptions = {
  loopbackOnly: false,
  heartbeatIntervalMs: 2000,
  heartbeatTimeoutMs: 6000,
  reconnectHoldMs: 8000,
  qualityIntervalMs: 3000,
  resumeSettleMs: 2500,
  negotiationTimeoutMs: 10000,
  playRetryMs: 30000,
};

/** Emits an engine event (the SDK's name and argument order) to the page's `zg.on` listeners. */
export type Emit = (name: keyof ZegoEvent, ...args: unknown[]) => void;
