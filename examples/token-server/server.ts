/**
 * A business server's token endpoint, as small as it gets: `GET /token?userID=&roomID=` answers `{"token": "..."}`,
 * the shape `<zego-room token-url="...">` fetches. The ServerSecret stays in this process's environment.
 *
 *   ZEGO_APP_ID=123456789 ZEGO_SERVER_SECRET=0123456789abcdef0123456789abcdef \
 *   ALLOW_ORIGIN=https://app.example PORT=3000 npx tsx examples/token-server/server.ts
 *
 * In your own project the imports are `zego-elements/server` (generateToken04, token04Payload) and `zego-elements`
 * (checkRoomID, checkUserID); here they come from this repository's source.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { generateToken04, token04Payload } from '../../server/index.js';
import { checkRoomID, checkUserID } from '../../src/shared/codes.js';

export interface TokenServerOptions {
  appID: number;
  /** The 32-character ServerSecret from ZEGO's console. Never sent anywhere, never logged. */
  secret: string;
  /** The one origin whose pages may fetch tokens (`https://app.example`); other origins get no CORS headers. */
  allowOrigin: string;
  /** Token lifetime in seconds; `<zego-room token-url>` fetches a new one before it expires. Default 3600. */
  ttl?: number;
  /**
   * Whether the caller may have a token for this user and room. The example says yes to everyone: a real server
   * answers from its own session (cookie, bearer token) and never lets a caller pick someone else's userID.
   */
  authorize?: (req: IncomingMessage, userID: string, roomID: string) => boolean | Promise<boolean>;
  host?: string;
  port?: number;
}

export interface TokenServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function createTokenServer(o: TokenServerOptions): Promise<TokenServer> {
  if (!Number.isSafeInteger(o.appID) || o.appID <= 0 || o.appID > 0xffffffff) throw new Error('appID must be a positive 32-bit integer');
  if (typeof o.secret !== 'string' || o.secret.length !== 32) throw new Error('the ServerSecret must be 32 characters');
  const allowOrigin = new URL(o.allowOrigin).origin;
  const ttl = o.ttl ?? 3600;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // CORS for the configured origin only; a page elsewhere gets an answer its browser will not hand to it.
    if (req.headers.origin === allowOrigin) {
      res.setHeader('Access-Control-Allow-Origin', allowOrigin);
      res.setHeader('Vary', 'Origin');
    }
    if (url.pathname !== '/token') return send(res, 404, { message: 'not found' });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' }).end();
      return;
    }
    if (req.method !== 'GET') return send(res, 405, { message: 'GET only' });

    const userID = url.searchParams.get('userID') ?? '';
    const roomID = url.searchParams.get('roomID') ?? '';
    // The SDK's own ID rules and codes, so the page's zego-error reads like the SDK's.
    const bad = checkUserID(userID) ?? checkRoomID(roomID);
    if (bad) return send(res, 400, bad);
    try {
      if (o.authorize && !(await o.authorize(req, userID, roomID))) return send(res, 403, { message: 'not allowed' });
      // A token for this room only, with login and publish privileges.
      const token = generateToken04(o.appID, userID, o.secret, ttl, token04Payload({ roomID, publish: true }));
      send(res, 200, { token });
    } catch {
      send(res, 500, { message: 'token not issued' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 3000, o.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const missing = ['ZEGO_APP_ID', 'ZEGO_SERVER_SECRET', 'ALLOW_ORIGIN'].filter((k) => !env[k]);
  if (missing.length) {
    console.error(`token-server: set ${missing.join(', ')} (see examples/token-server/README.md)`);
    process.exit(2);
  }
  const server = await createTokenServer({
    appID: Number(env.ZEGO_APP_ID),
    secret: env.ZEGO_SERVER_SECRET!,
    allowOrigin: env.ALLOW_ORIGIN!,
    ttl: env.TOKEN_TTL ? Number(env.TOKEN_TTL) : undefined,
    host: env.HOST,
    port: env.PORT ? Number(env.PORT) : undefined,
  });
  console.log(`token-server: ${server.url}/token?userID=&roomID= for pages of ${env.ALLOW_ORIGIN}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
