import { Code } from '../shared/codes.js';

/** A token problem, with the SDK's token error code so pages handle it like the SDK's own. */
export class TokenError extends Error {
  readonly code: number = Code.TOKEN_ERROR;
}

/**
 * GET `${tokenURL}?userID=&roomID=`: a JSON `{token}` or the token as plain text. Relative URLs resolve against
 * the document. Aborting the signal cancels the request.
 */
export async function fetchToken(tokenURL: string, userID: string, roomID: string, signal: AbortSignal): Promise<string> {
  const url = new URL(tokenURL, document.baseURI);
  url.searchParams.set('userID', userID);
  url.searchParams.set('roomID', roomID);
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new TokenError(`token-url ${url.origin}${url.pathname} unreachable: ${(e as Error).message}`);
  }
  const text = (await res.text()).trim();
  if (!res.ok) throw new TokenError(`token-url ${url.origin}${url.pathname} answered ${res.status}`);
  let token: unknown = text;
  if (text.startsWith('{')) {
    try {
      token = (JSON.parse(text) as { token?: unknown }).token;
    } catch {
      throw new TokenError('token-url answered malformed JSON');
    }
  }
  if (typeof token !== 'string' || token === '') throw new TokenError('token-url answered no token');
  return token;
}

/**
 * The `/token` endpoint of our room server's dev mode, from its WebSocket URL (`ws://h:p/ws` -> `http://h:p/token`):
 * a local engine pointed at a dev server logs in without any token attribute.
 */
export function devTokenURL(server: string): string | undefined {
  if (!/^wss?:\/\//i.test(server)) return undefined;
  try {
    const url = new URL(server.replace(/^ws/i, 'http'));
    return `${url.origin}/token`;
  } catch {
    return undefined;
  }
}

/**
 * What a local engine without a token server logs in with: like the SDK it requires a non-empty token, but only a
 * room server configured with a secret verifies it.
 */
export const LOCAL_PLACEHOLDER_TOKEN = 'zego-elements-local';

/** Who logs in where, and the token attributes. */
export interface TokenRequest {
  token: string | null;
  tokenURL: string | null;
  userID: string;
  roomID: string;
}

/**
 * The token of a login, and where its renewals come from: the `token` attribute (no renewals); else `token-url`;
 * else, for a local engine (`localServer`: its server, undefined for any other engine), our dev room server's
 * `/token`, or a placeholder where no server checks tokens (only a room server with a secret does, and it then
 * answers with the SDK's token codes). Rejects a `TokenError` (1102016) when there is no way to get one.
 */
export async function loginToken(
  request: TokenRequest,
  localServer: string | undefined,
  signal: AbortSignal,
): Promise<{ token: string; renewURL?: string }> {
  const { token, tokenURL, userID, roomID } = request;
  if (token) return { token };
  if (tokenURL) return { token: await fetchToken(tokenURL, userID, roomID, signal), renewURL: tokenURL };
  if (localServer === undefined) throw new TokenError('no token: set a token or token-url attribute');
  const dev = devTokenURL(localServer);
  if (dev) {
    try {
      return { token: await fetchToken(dev, userID, roomID, signal), renewURL: dev };
    } catch (e) {
      if (signal.aborted) throw e;
    }
  }
  return { token: LOCAL_PLACEHOLDER_TOKEN };
}
