import { Code } from '../shared/codes.js';

/**
 * How the local engine refuses what only ZEGO's cloud can do (a media server, CDN relay, ZEGO's models, Electron):
 * the SDK's error shape for the method, code 1101003 ("Module not imported" in the SDK), and a message that names
 * the method and the feature and says what to do. Never a TypeError, never a silent success.
 */
export function cloudOnlyMessage(method: string, feature: string): string {
  return `${method}: ${feature} needs ZEGO's cloud (set app-id to use ZEGO's SDK); the local engine cannot do it`;
}

/** The `{errorCode, extendedData}` of a refused call. */
export function cloudOnlyError(method: string, feature: string): { errorCode: number; extendedData: string } {
  return { errorCode: Code.MODULE_NOT_IMPORTED, extendedData: cloudOnlyMessage(method, feature) };
}

/** For methods that return a promise: rejects with `{errorCode: 1101003, extendedData}`. */
export function refuseAsync(method: string, feature: string): Promise<never> {
  return Promise.reject(cloudOnlyError(method, feature));
}

const warned = new Set<string>();

/** For methods that return a boolean (or nothing): warns once per method on the console and answers false. */
export function refuseSync(method: string, feature: string): false {
  if (!warned.has(method)) {
    warned.add(method);
    console.warn(`[zego-elements] ${cloudOnlyMessage(method, feature)}`);
  }
  return false;
}
