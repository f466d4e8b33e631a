import type { RoomEngine } from './engine.js';

/**
 * The one module that touches `zego-express-engine-webrtc`. The SDK is ~2 MB and not tree-shakable, and importing
 * it in Node throws, so it is loaded on first use with a dynamic import: bundlers put it in a chunk of its own
 * and pages without `app-id` never fetch it. The named export is read because the default export is `undefined`
 * under bundlers.
 */
export async function createZegoEngine(appID: number, server: string, debug: boolean): Promise<RoomEngine> {
  const { ZegoExpressEngine } = await import('zego-express-engine-webrtc');
  if (typeof ZegoExpressEngine !== 'function') throw new Error('zego-express-engine-webrtc has no ZegoExpressEngine export');
  // The SDK logs from its constructor on, loudly: preset the level before creating it, then set it on the instance.
  const logConfig = debug ? ({ logLevel: 'debug' } as const) : ({ logLevel: 'disable', remoteLogLevel: 'disable' } as const);
  ZegoExpressEngine.presetLogConfig?.(logConfig);
  const engine = new ZegoExpressEngine(appID, server);
  engine.setLogConfig(logConfig);
  engine.setDebugVerbose(debug);
  return engine;
}
