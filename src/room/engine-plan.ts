import { Code, type Failure } from '../shared/codes.js';
import type { RoomEngineFactory } from './engine.js';

/** The engine a `<zego-room>`'s attributes ask for; a new `key` means a new engine. */
export interface EnginePlan {
  key: string;
  kind: 'zego' | 'local' | 'injected';
  appID: number | undefined;
  server: string;
}

/** The attributes that choose the engine. */
export interface EngineSettings {
  /** `engine` attribute: 'zego' | 'local' | null (default by `app-id`). */
  engine: string | null;
  appID: string | null;
  server: string | null;
  /** Seconds. */
  loginTimeout: number;
  debug: boolean;
  factory: RoomEngineFactory | undefined;
}

const factoryIDs = new WeakMap<RoomEngineFactory, number>();
let nextFactoryID = 1;
const idOf = (f: RoomEngineFactory) => {
  let id = factoryIDs.get(f);
  if (!id) factoryIDs.set(f, (id = nextFactoryID++));
  return id;
};

const refuse = (message: string): { ok: false; error: Failure } => ({ ok: false, error: { code: Code.INPUT_PARAM, message } });

/**
 * Which engine the attributes ask for, or why they are wrong (1100001 with a sentence naming the attribute):
 * an injected factory wins; else `engine`, by default `zego` with an `app-id` and `local` without. Pure.
 */
export function planEngine(s: EngineSettings): { ok: true; plan: EnginePlan } | { ok: false; error: Failure } {
  let appID: number | undefined;
  if (s.appID !== null && s.appID !== '') {
    appID = /^\d+$/.test(s.appID.trim()) ? Number(s.appID.trim()) : NaN;
    if (!Number.isSafeInteger(appID) || appID <= 0) return refuse(`app-id must be a positive integer, got "${s.appID}"`);
  }
  if (!(s.loginTimeout > 0)) return refuse('login-timeout must be a positive number of seconds');
  const server = (s.server ?? '').trim();
  if (s.factory) return { ok: true, plan: { key: `injected:${idOf(s.factory)}:${appID}:${server}`, kind: 'injected', appID, server } };
  const kind = s.engine ?? (appID !== undefined ? 'zego' : 'local');
  if (kind === 'zego') {
    if (appID === undefined) return refuse('engine="zego" needs an app-id');
    if (!/^wss?:\/\/\S+$/i.test(server)) return refuse('engine="zego" needs the server URL of your ZEGO project (wss://...)');
    return { ok: true, plan: { key: `zego:${appID}:${server}:${s.debug}`, kind, appID, server } };
  }
  if (kind === 'local') {
    if (server !== '' && !/^wss?:\/\/\S+$/i.test(server))
      return refuse(`server must be empty or a ws:// URL for the local engine, got "${server}"`);
    return { ok: true, plan: { key: `local:${appID ?? 1}:${server}`, kind, appID: appID ?? 1, server } };
  }
  return refuse(`engine must be "zego" or "local", got "${kind}"`);
}
