/**
 * The room server: one HTTP (or HTTPS) server on one port carrying the WebSocket signalling (`/ws`, rooms in a
 * RoomCore), dev tokens (`/token`), a health check (`/healthz`) and, optionally, static files (the demo).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { Code, checkRoomID, checkUserID } from '../src/shared/codes.js';
import { CloseCode, type ServerFrame } from '../src/shared/protocol.js';
import { RoomCore, type CoreClient, type RoomCoreStats, type TokenVerifier } from '../src/shared/room-core.js';
import type { TlsCredentials } from './tls.js';
import { generateToken04, payloadAllows, token04Payload, verifyToken04 } from './token04.js';

export interface RoomServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 9090; 0 picks a free port. */
  port?: number;
  /** Logins with another appID fail. Default 1 in dev mode, else any appID is accepted. */
  appID?: number;
  /** 32-character ServerSecret: tokens are verified with it, and `/token` is off unless `dev`. */
  secret?: string;
  /** Development mode: `/token` issues tokens (with a random secret when none is given). */
  dev?: boolean;
  /** Files served at `/` (index.html for directories). */
  staticDir?: string;
  /**
   * HTTPS and WSS with this certificate and key (PEM; `readTlsFiles` or `devCertificate` of `./tls.js`). Plain
   * http requests to the same port are redirected to https.
   */
  tls?: TlsCredentials;
  /** Origins (e.g. `https://app.example`) whose pages may open `/ws` and fetch `/token`; default any. */
  allowOrigin?: string[];
  /** Largest WebSocket frame in bytes; larger closes the socket with 1009. Default 256 KiB. */
  maxPayload?: number;
  /** Frames a socket may send in a burst, and refill per second; past it the socket is closed (1008). */
  frameBurst?: number;
  framesPerSecond?: number;
  maxConnections?: number;
  /** WebSocket-level ping period; a socket that misses one pong is terminated. Default 5000. */
  wsPingIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  sessionGraceMs?: number;
  /** Grace of a session whose socket closed without a goodbye (a crashed tab). Default 2500. */
  closedGraceMs?: number;
  loginTimeoutMs?: number;
  countIntervalMs?: number;
  /** One line per call; default console.log. Never given tokens or secrets. */
  log?: (line: string) => void;
  /** Only warnings. */
  quiet?: boolean;
  /**
   * Connect-style middleware for every request that is not the server's own (`/ws`, `/healthz`, `/token`), before
   * the static files: `npm start` puts Vite's dev server here. `next()` goes on to the static files, or a 404.
   */
  middleware?: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}

export interface RoomServerStats extends RoomCoreStats {
  sockets: number;
}

export interface RoomServer {
  /** `http://host:port`, or `https://` with `tls` */
  readonly url: string;
  /** `ws://host:port/ws`, or `wss://` with `tls` */
  readonly wsUrl: string;
  readonly port: number;
  /** The appID logins must use; 0 when any is accepted. */
  readonly appID: number;
  /**
   * Stops listening (the port is free again when this resolves) and ends every socket: with CloseCode.SHUTDOWN,
   * or `abrupt` like a crash (sockets terminated, clients see 1006 and try to resume).
   */
  close(opts?: { abrupt?: boolean }): Promise<void>;
  stats(): RoomServerStats;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
};

const DEFAULT_TOKEN_TTL = 3600;
const MAX_TOKEN_TTL = 86_400;
/** A client that does not read its frames is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** How long a graceful close waits for close handshakes before terminating. */
const CLOSE_WAIT_MS = 1000;
/** With TLS: how long a new connection may take to send its first byte (https or plain http?). */
const FIRST_BYTE_MS = 10_000;
/** The first byte of a TLS connection (a handshake record); anything else is taken for plain http. */
const TLS_HANDSHAKE = 0x16;
/**
 * WebSocket pings go out in this many slices of the ping interval, each socket in one slice: pinging 10,000 sockets
 * in one tick stalled every relay behind it for a few hundred ms.
 */
const PING_SLICES = 10;

export async function createRoomServer(options: RoomServerOptions = {}): Promise<RoomServer> {
  const server = new RoomServerImpl(options);
  await server.listen(options.port ?? 9090);
  return server;
}

/** Token bucket: `burst` frames at once, refilled at `perSecond`. */
class FrameBudget {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface SocketState {
  client: CoreClient;
  alive: boolean;
  /** Which of the `PING_SLICES` pings it. */
  slot: number;
}

class RoomServerImpl implements RoomServer {
  url = '';
  wsUrl = '';
  port = 0;
  readonly appID: number;
  private readonly host: string;
  private readonly http: Server | HttpsServer;
  /** With TLS: the listening socket, which hands each connection to `http` (TLS) or answers with a redirect. */
  private readonly front: NetServer | undefined;
  private readonly connections = new Set<Socket>();
  private readonly wss: WebSocketServer;
  private readonly core: RoomCore;
  private readonly sockets = new Map<WebSocket, SocketState>();
  private readonly secret: string | undefined;
  private readonly tokenEndpoint: boolean;
  private readonly origins: string[] | undefined;
  private readonly staticRoot: string | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private readonly pingSlots = Array.from({ length: PING_SLICES }, () => new Map<WebSocket, SocketState>());
  private pingTick = 0;
  private nextSlot = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: RoomServerOptions) {
    this.host = o.host ?? '127.0.0.1';
    const dev = o.dev === true;
    if (o.secret !== undefined && (o.secret.length !== 32 || Buffer.byteLength(o.secret) !== 32)) {
      throw new Error('secret must be 32 ASCII characters');
    }
    if (o.appID !== undefined && (!Number.isSafeInteger(o.appID) || o.appID <= 0)) throw new Error('appID must be a positive integer');
    this.appID = o.appID ?? (dev ? 1 : 0);
    this.secret = o.secret ?? (dev ? randomBytes(16).toString('hex') : undefined);
    this.tokenEndpoint = dev;
    this.origins = o.allowOrigin?.map((u) => new URL(u).origin);
    this.staticRoot = o.staticDir === undefined ? undefined : resolve(o.staticDir);

    this.core = new RoomCore({
      appID: this.appID || undefined,
      verifyToken: this.secret === undefined ? undefined : tokenVerifier(this.secret),
      heartbeatTimeoutMs: o.heartbeatTimeoutMs,
      sessionGraceMs: o.sessionGraceMs,
      closedGraceMs: o.closedGraceMs,
      loginTimeoutMs: o.loginTimeoutMs,
      countIntervalMs: o.countIntervalMs,
      log: (level, msg, fields) => this.log(level, msg, fields),
    });
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch((e: unknown) => {
        this.log('warn', 'http handler failed', { error: String(e) });
        if (!res.headersSent) sendJSON(res, 500, { code: Code.ROOM_INNER_ERROR, message: 'internal error' });
        else res.destroy();
      });
    };
    if (o.tls) {
      // A browser refusing the certificate ends its handshake: tlsClientError, not worth a log line.
      this.http = createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler);
      this.front = createNetServer((socket) => this.onConnection(socket));
    } else {
      this.http = createServer(handler);
    }
    this.wss = new WebSocketServer({ noServer: true, maxPayload: o.maxPayload ?? 256 * 1024, perMessageDeflate: false });
    this.http.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      if (pathOf(req) !== '/ws') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req, socket));
    });
  }

  async listen(port: number): Promise<void> {
    const listener = this.front ?? this.http;
    await new Promise<void>((ok, fail) => {
      listener.once('error', fail);
      listener.listen(port, this.host, () => {
        listener.off('error', fail);
        ok();
      });
    });
    listener.on('error', (e) => this.log('warn', 'http server error', { error: String(e) }));
    this.port = (listener.address() as AddressInfo).port;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    const secure = this.front !== undefined;
    this.url = `${secure ? 'https' : 'http'}://${host}:${this.port}`;
    this.wsUrl = `${secure ? 'wss' : 'ws'}://${host}:${this.port}/ws`;
    this.pingTimer = setInterval(() => this.pingSlice(), (this.o.wsPingIntervalMs ?? 5000) / PING_SLICES);
    this.log('info', 'room server listening', {
      url: this.url,
      ws: this.wsUrl,
      appID: this.appID || 'any',
      tokens: this.secret ? 'verified' : 'not checked',
    });
    if (this.tokenEndpoint) {
      if (this.o.secret === undefined) this.log('info', 'dev mode: random ServerSecret for this run; /token issues tokens');
      if (!isLoopback(this.host)) this.log('warn', 'dev mode on a non-loopback host: anyone who reaches /token can log in as anyone');
    }
  }

  /**
   * With TLS, one port speaks both: a connection whose first byte starts a TLS handshake goes to the HTTPS server,
   * anything else (someone typed http://) gets a redirect to the same address over https.
   */
  private onConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    const silent = () => socket.destroy();
    socket.setTimeout(FIRST_BYTE_MS);
    socket.once('timeout', silent);
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.off('timeout', silent);
      socket.pause();
      if (this.closing) {
        socket.destroy();
        return;
      }
      // handed over unread: the TLS socket reads what is buffered here first
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE) this.http.emit('connection', socket);
      else redirectToHttps(socket, this.port);
    });
  }

  stats(): RoomServerStats {
    return { ...this.core.stats(), sockets: this.sockets.size };
  }

  close(opts: { abrupt?: boolean } = {}): Promise<void> {
    this.closing ??= this.shutdown(opts.abrupt === true);
    return this.closing;
  }

  private async shutdown(abrupt: boolean): Promise<void> {
    clearInterval(this.pingTimer);
    const stopped = new Promise<void>((ok) => (this.front ?? this.http).close(() => ok()));
    this.http.closeAllConnections();
    // wss.clients, not this.sockets: refused sockets still in their close handshake hold the port too.
    const all = [...this.wss.clients];
    const ended = all.map((ws) => socketEnded(ws));
    for (const ws of all) {
      if (abrupt) ws.terminate();
      else ws.close(CloseCode.SHUTDOWN, 'server shutting down');
    }
    const wait = setTimeout(() => {
      for (const ws of all) ws.terminate();
    }, CLOSE_WAIT_MS);
    await Promise.all(ended);
    clearTimeout(wait);
    this.core.dispose();
    await new Promise<void>((ok) => this.wss.close(() => ok()));
    // with TLS, also the connections still in their handshake or waiting for a first byte
    for (const socket of this.connections) socket.destroy();
    await stopped;
    this.log('info', 'room server closed', { url: this.url });
  }

  // ---- WebSocket ----

  private onSocket(ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
    ws.on('error', (e) => this.log('warn', 'socket error', { error: e.message }));
    if (!this.originAllowed(req.headers.origin)) {
      this.log('warn', 'origin refused', { origin: req.headers.origin });
      ws.close(CloseCode.ORIGIN, 'origin not allowed');
      return;
    }
    if (this.closing || this.sockets.size >= (this.o.maxConnections ?? 1000)) {
      ws.close(1013, 'server busy');
      return;
    }
    // The frames one event sends to a socket (user-del, stream-del and count when a peer leaves) leave in one write.
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    const client = this.core.connect({
      send: (frame: ServerFrame) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          this.log('warn', 'client does not read its frames, dropping it');
          ws.terminate();
          return;
        }
        if (!corked) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        ws.send(encodeFrame(frame), { binary: false });
      },
      close: (code, reason) => ws.close(code, reason),
    });
    const state: SocketState = { client, alive: true, slot: this.nextSlot++ % PING_SLICES };
    this.sockets.set(ws, state);
    this.pingSlots[state.slot].set(ws, state);
    const budget = new FrameBudget(this.o.frameBurst ?? 200, this.o.framesPerSecond ?? 100);
    let flooded = false;
    ws.on('message', (data: RawData) => {
      if (flooded) return;
      if (!budget.take()) {
        flooded = true;
        this.log('warn', 'frame rate exceeded, closing socket');
        ws.close(CloseCode.POLICY, 'too many frames');
        return;
      }
      try {
        client.receiveText(rawText(data));
      } catch (e) {
        this.log('warn', 'frame handling failed', { error: String(e) });
      }
    });
    ws.on('pong', () => {
      state.alive = true;
    });
    ws.on('close', (code: number) => {
      this.sockets.delete(ws);
      this.pingSlots[state.slot].delete(ws);
      // 1000/1001 from the client is a goodbye; anything else (1006 drop, our own closes) leaves a grace period.
      client.closed(code === 1000 || code === 1001);
    });
  }

  /** Pings one slice of the sockets: each is pinged once per interval, and one that missed a pong is terminated. */
  private pingSlice(): void {
    const slot = this.pingSlots[this.pingTick++ % PING_SLICES];
    for (const [ws, state] of slot) {
      if (!state.alive) {
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }

  private originAllowed(origin: string | undefined): boolean {
    // Non-browser clients send no Origin; the check protects browsers' users from other sites' pages.
    return this.origins === undefined || origin === undefined || this.origins.includes(origin);
  }

  // ---- HTTP ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req);
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('ok');
      return;
    }
    if (path === '/token' && this.tokenEndpoint) return this.onToken(req, res);
    const middleware = this.o.middleware;
    if (middleware) {
      // settled by next(), or by the response it sent
      const passed = await new Promise<boolean>((ok, fail) => {
        res.once('close', () => ok(false));
        middleware(req, res, (e) => (e ? fail(e) : ok(true)));
      });
      if (!passed || res.headersSent) return;
    }
    if (this.staticRoot !== undefined && req.method !== 'OPTIONS') return this.serveStatic(req, res, path);
    sendJSON(res, 404, { code: 404, message: 'not found' });
  }

  private onToken(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!this.originAllowed(origin)) {
      sendJSON(res, 403, { code: 403, message: 'origin not allowed' });
      return;
    }
    if (this.origins !== undefined && origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    } else {
      res.setHeader('Access-Control-Allow-Origin', '*');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' }).end();
      return;
    }
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const userID = q.get('userID');
    const roomID = q.get('roomID');
    const bad = checkUserID(userID ?? '') ?? (roomID === null ? null : checkRoomID(roomID));
    if (bad) {
      sendJSON(res, 400, bad);
      return;
    }
    const ttlText = q.get('ttl');
    const ttl = ttlText === null ? DEFAULT_TOKEN_TTL : Number(ttlText);
    if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL || (ttlText !== null && !/^\d+$/.test(ttlText))) {
      sendJSON(res, 400, { code: Code.INPUT_PARAM, message: `ttl must be an integer in 1..${MAX_TOKEN_TTL}` });
      return;
    }
    const token = generateToken04(this.appID, userID!, this.secret!, ttl, token04Payload({ roomID: roomID ?? '' }));
    this.log('info', 'token issued', { userID, roomID: roomID ?? '(any)', ttl });
    sendJSON(res, 200, { token });
  }

  private async serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const root = this.staticRoot!;
    const notFound = () => sendJSON(res, 404, { code: 404, message: 'not found' });
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      sendJSON(res, 400, { code: 400, message: 'bad path' });
      return;
    }
    // No NUL, no backslashes (Windows separators), no dot segments or hidden files once decoded.
    if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg.startsWith('.'))) return notFound();
    let file = resolve(root, '.' + decoded);
    if (file !== root && !file.startsWith(root + sep)) return notFound();
    try {
      if ((await stat(file)).isDirectory()) file = resolve(file, 'index.html');
      // A symlink inside the root must not lead outside it.
      const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
      if (!real.startsWith(realRoot + sep)) return notFound();
      const info = await stat(real);
      if (!info.isFile()) return notFound();
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(real);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      notFound();
    }
  }

  private log(level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>): void {
    if (level === 'info' && this.o.quiet) return;
    let line = `[zego-elements] ${level}: ${msg}`;
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        if (v !== undefined && v !== null) line += ` ${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`;
      }
    }
    (this.o.log ?? console.log)(line);
  }
}

/** Verifies at login, then answers publishes from the same (already verified) payload. */
function tokenVerifier(secret: string): TokenVerifier {
  return (token, { appID, userID, roomID }) => {
    const r = verifyToken04(token, secret, { appID, userID, roomID, action: 'login' });
    if (!r.ok) return r;
    return { ok: true, expire: r.expire, canPublish: (streamID) => payloadAllows(r.payload, 'publish', roomID, streamID).ok };
  };
}

function sendJSON(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}

/**
 * A broadcast hands the same frame object to each member of a room in one synchronous loop: it is serialized once,
 * and the same bytes go to every socket. The cache is dropped when the current task's microtasks run, so a frame
 * object is never taken for what it was in an earlier task.
 */
let encodedFrame: ServerFrame | undefined;
let encodedData: Buffer = Buffer.alloc(0);
const forgetEncoded = () => {
  encodedFrame = undefined;
};
function encodeFrame(frame: ServerFrame): Buffer {
  if (frame !== encodedFrame) {
    if (encodedFrame === undefined) queueMicrotask(forgetEncoded);
    encodedFrame = frame;
    encodedData = Buffer.from(JSON.stringify(frame));
  }
  return encodedData;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function socketEnded(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((ok) => ws.once('close', () => ok()));
}

/**
 * Answers a plain http request on the TLS port with a redirect to https. Reads only the request head (at most
 * 8 KiB) and never answers a WebSocket: the page that asks for ws:// is itself on http and is told so by its browser.
 */
function redirectToHttps(socket: Socket, port: number): void {
  let head = '';
  const onData = (chunk: Buffer) => {
    head += chunk.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end < 0 && head.length < 8192) return;
    socket.off('data', onData);
    const [requestLine = '', ...fields] = head.slice(0, end < 0 ? head.length : end).split('\r\n');
    const [, target = ''] = requestLine.split(' ');
    const hostField =
      fields
        .find((f) => /^host:/i.test(f))
        ?.slice(5)
        .trim() ?? '';
    // The name the browser used (parsed, so nothing but a host name is echoed), this port, the path and query.
    const host = URL.canParse(`https://${hostField}`) ? new URL(`https://${hostField}`) : undefined;
    const path = target.startsWith('/') && URL.canParse(target, 'https://h') ? new URL(target, 'https://h') : undefined;
    const location =
      hostField && host && host.username === '' && host.pathname === '/' && host.search === '' && path
        ? `https://${host.hostname}:${port}${path.pathname}${path.search}`
        : undefined;
    const body = `This server speaks https: open ${location ?? `https://HOST:${port}/`} instead of http://\n`;
    socket.end(
      `HTTP/1.1 ${location ? '307 Temporary Redirect' : '400 Bad Request'}\r\n` +
        (location ? `Location: ${location}\r\n` : '') +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  };
  socket.setTimeout(FIRST_BYTE_MS, () => socket.destroy());
  socket.on('data', onData);
  socket.resume();
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
