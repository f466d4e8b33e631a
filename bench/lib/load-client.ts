/**
 * The clients of the room server load bench (bench/server-load.ts and its generator processes,
 * bench/load-generator.ts): each logs in like the engine, pings, churns (publish/unpublish, broadcasts, leave and
 * re-join) and checks that every room-scoped frame it gets belongs to its own room. What they observe is counted in
 * one Tally per process.
 */
import { randomUUID } from 'node:crypto';
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame, WireStream, WireUser } from '../../src/shared/protocol.js';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.js';
import { sleep, withTimeout } from './report.js';

const PING_MS = 2000;
/** The brief's quota for the bench clients; the server allows 2/s per client and 10/s per room. */
const BROADCAST_GAP_MS = 1000;
/** Each client acts every 0.5..2.5 s during churn. */
const ACTION_MIN_MS = 500;
const ACTION_SPREAD_MS = 2000;
const REJOIN_MIN_MS = 200;
const REJOIN_SPREAD_MS = 800;
const REJOIN_ATTEMPTS = 5;
const LOGIN_TIMEOUT_MS = 15_000;
export const EXAMPLES = 5;

/** Everything the clients observed, shared by all of them. */
export class Tally {
  loginMs: number[] = [];
  reloginMs: number[] = [];
  /** [sent, received] per delivery, performance.now() of this process. */
  relay: Array<[number, number]> = [];
  framesReceived = 0;
  /** Frames the clients sent (requests, pings, logins, logouts). */
  framesSent = 0;
  /** Room-scoped frames whose room was checked (including the users and streams they carry). */
  framesChecked = 0;
  violations = 0;
  violationExamples: unknown[] = [];
  /** Frames a well-behaved client should never get: kickout, fault, a stray signal, an unknown type. */
  anomalies = new Map<string, number>();
  errors = new Map<string, number>();
  unexpectedCloses = new Map<number, number>();
  busyRefusals = 0;
  sent = { publish: 0, unpublish: 0, im: 0, leave: 0, ping: 0 };
  imReceived = 0;

  count(map: Map<string | number, number>, key: string | number): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  violation(example: unknown): void {
    this.violations++;
    if (this.violationExamples.length < EXAMPLES) this.violationExamples.push(example);
  }
}

type Phase = 'idle' | 'joining' | 'in' | 'leaving';

/**
 * Sockets a client closed itself (a leave, a login given up): their close is no news, even when it arrives after the
 * leave's own timeout gave up on it (a starved machine) and the client moved on.
 */
const closedByClient = new WeakSet<WebSocket>();

export class LoadClient {
  readonly userID: string;
  readonly roomID: string;
  /** `r12u` for room 12: user IDs of the room start with it, and no other room's do. */
  private readonly userPrefix: string;
  private readonly streamPrefix: string;
  token = '';
  phase: Phase = 'idle';
  publishing: string | null = null;
  private ws: WebSocket | undefined;
  private nextID = 1;
  private readonly pending = new Map<number, string>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pingN = 0;
  private streamSeq = 0;
  private lastImAt = -Infinity;
  private imSeq = 0;
  actionTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly room: number,
    readonly index: number,
    private readonly wsUrl: string,
    private readonly appID: number,
    private readonly tally: Tally,
  ) {
    this.userID = `r${room}u${index}`;
    this.roomID = `bench-room-${room}`;
    this.userPrefix = `r${room}u`;
    this.streamPrefix = `s${room}u`;
  }

  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Opens a socket and logs in; resolves with the send -> login-ok time in ms. */
  join(): Promise<number> {
    this.phase = 'joining';
    return new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(this.wsUrl, { perMessageDeflate: false });
      this.ws = ws;
      let sentAt = 0;
      let loginID = 0;
      let settled = false;
      const finish = (err?: Error, ms?: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          this.phase = 'idle';
          closedByClient.add(ws);
          ws.terminate();
          reject(err);
        } else resolve(ms!);
      };
      const timer = setTimeout(() => finish(new Error(`login of ${this.userID} timed out`)), LOGIN_TIMEOUT_MS);
      ws.on('open', () => {
        loginID = this.nextID++;
        sentAt = performance.now();
        this.send({
          t: 'login',
          id: loginID,
          v: PROTOCOL_VERSION,
          appID: this.appID,
          roomID: this.roomID,
          token: this.token,
          user: { userID: this.userID, userName: this.userID },
          userUpdate: true,
          maxMemberCount: 0,
          session: randomUUID(),
        });
      });
      ws.on('message', (data) => {
        const at = performance.now();
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(data)) as ServerFrame;
        } catch {
          this.tally.count(this.tally.anomalies, 'bad json');
          return;
        }
        this.tally.framesReceived++;
        if (!settled && (frame.t === 'login-ok' || frame.t === 'err') && frame.id === loginID) {
          if (frame.t === 'err') {
            finish(new Error(`login of ${this.userID} refused: ${frame.code} ${frame.message}`));
            return;
          }
          this.phase = 'in';
          this.startPing();
          this.check(frame);
          finish(undefined, at - sentAt);
          return;
        }
        this.onFrame(frame, at);
      });
      ws.on('error', () => {}); // 'close' follows and says what happened
      ws.on('close', (code) => {
        this.stopPing();
        if (!settled) {
          const e = new Error(`socket of ${this.userID} closed during login (${code})`) as Error & { closeCode: number };
          e.closeCode = code;
          finish(e);
          return;
        }
        if (this.phase !== 'leaving' && this.ws === ws && !closedByClient.has(ws)) {
          this.tally.count(this.tally.unexpectedCloses, code);
          this.phase = 'idle';
          this.publishing = null;
        }
      });
    });
  }

  /** Leaves like the engine's logoutRoom: a logout frame, then a clean close. */
  leave(): Promise<void> {
    const ws = this.ws;
    this.phase = 'leaving';
    this.publishing = null;
    this.stopPing();
    this.pending.clear();
    if (!ws || ws.readyState === WebSocket.CLOSED) {
      this.phase = 'idle';
      return Promise.resolve();
    }
    closedByClient.add(ws);
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.phase = 'idle';
        resolve();
      };
      const timer = setTimeout(() => {
        ws.terminate();
        done();
      }, 5000);
      ws.once('close', done);
      if (ws.readyState === WebSocket.OPEN) {
        this.tally.sent.leave++;
        this.send({ t: 'logout', id: this.nextID++ });
        ws.close(1000, 'bye');
      } else ws.terminate();
    });
  }

  /** One random churn step; only when logged in with no request of the same kind outstanding. */
  act(): void {
    if (this.phase !== 'in') return;
    const roll = Math.random();
    if (roll < 0.1) {
      void this.rejoin();
      return;
    }
    const now = performance.now();
    if (roll < 0.6 && now - this.lastImAt >= BROADCAST_GAP_MS) {
      this.lastImAt = now;
      this.tally.sent.im++;
      // The payload names the sender's room: a receiver elsewhere proves a cross-room relay on its own.
      this.request({
        t: 'im',
        id: 0,
        kind: 'broadcast',
        message: JSON.stringify({ r: this.room, u: this.index, n: ++this.imSeq, at: now }),
      });
      return;
    }
    if (this.publishing) {
      this.tally.sent.unpublish++;
      this.request({ t: 'unpublish', id: 0, streamID: this.publishing });
      this.publishing = null;
    } else {
      this.publishing = `${this.streamPrefix}${this.index}n${++this.streamSeq}`;
      this.tally.sent.publish++;
      this.request({ t: 'publish', id: 0, stream: { streamID: this.publishing, extraInfo: '', video: 'OPEN', audio: 'OPEN' } });
    }
  }

  private async rejoin(): Promise<void> {
    await this.leave();
    await sleep(REJOIN_MIN_MS + Math.random() * REJOIN_SPREAD_MS);
    for (let attempt = 1; attempt <= REJOIN_ATTEMPTS; attempt++) {
      try {
        this.tally.reloginMs.push(await this.join());
        return;
      } catch (e) {
        // 1013: the server was at maxConnections because it had not yet seen our previous socket close.
        if ((e as { closeCode?: number }).closeCode === 1013) this.tally.busyRefusals++;
        else this.tally.count(this.tally.errors, `rejoin: ${(e as Error).message.replace(/r\d+u\d+/, '<user>')}`);
        await sleep(300 * attempt);
      }
    }
  }

  private request(frame: ClientFrame & { id: number }): void {
    frame.id = this.nextID++;
    this.pending.set(frame.id, frame.t);
    this.send(frame);
  }

  private send(frame: ClientFrame): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.tally.framesSent++;
    this.ws.send(JSON.stringify(frame));
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      this.tally.sent.ping++;
      this.send({ t: 'ping', n: ++this.pingN });
    }, PING_MS);
  }

  private stopPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private onFrame(frame: ServerFrame, at: number): void {
    switch (frame.t) {
      case 'ok':
        this.pending.delete(frame.id);
        return;
      case 'err': {
        const what = this.pending.get(frame.id) ?? 'unknown';
        this.pending.delete(frame.id);
        this.tally.count(this.tally.errors, `${what}: ${frame.code}`);
        if (what === 'publish') this.publishing = null;
        return;
      }
      case 'pong':
        return;
      case 'im':
        this.tally.imReceived++;
        this.check(frame);
        try {
          const m = JSON.parse(frame.message) as { r: number; at: number };
          if (m.r !== this.room) this.tally.violation({ to: this.userID, frame });
          else this.tally.relay.push([m.at, at]);
        } catch {
          this.tally.count(this.tally.anomalies, 'im with a foreign payload');
        }
        return;
      case 'user-add':
      case 'user-del':
      case 'stream-add':
      case 'stream-del':
      case 'stream-extra':
      case 'stream-status':
      case 'room-extra':
      case 'count':
        this.check(frame);
        return;
      default:
        this.tally.count(this.tally.anomalies, frame.t);
    }
  }

  /** Every room-scoped frame, and every user and stream inside it, must belong to this client's room. */
  private check(frame: ServerFrame): void {
    this.tally.framesChecked++;
    const bad = (why: string) => this.tally.violation({ to: this.userID, why, frame });
    if ('roomID' in frame && frame.roomID !== this.roomID) bad('roomID');
    const users: WireUser[] = [];
    const streams: WireStream[] = [];
    if (frame.t === 'login-ok') {
      users.push(...frame.users);
      streams.push(...frame.streams);
    } else if (frame.t === 'user-add' || frame.t === 'user-del') users.push(...frame.users);
    else if (frame.t === 'stream-add' || frame.t === 'stream-del' || frame.t === 'stream-extra') streams.push(...frame.streams);
    else if (frame.t === 'im') users.push(frame.fromUser);
    else if (frame.t === 'stream-status' && !frame.streamID.startsWith(this.streamPrefix)) bad('stream-status streamID');
    for (const u of users) if (!u.userID.startsWith(this.userPrefix)) bad(`user ${u.userID}`);
    for (const s of streams) {
      if (!s.streamID.startsWith(this.streamPrefix) || !s.user.userID.startsWith(this.userPrefix)) bad(`stream ${s.streamID}`);
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function fetchToken(agent: Agent, base: string, userID: string, roomID: string): Promise<string> {
  const url = `${base}/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(roomID)}`;
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      const req = get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(body) as { token?: string; message?: string };
            if (res.statusCode === 200 && parsed.token) resolve(parsed.token);
            else reject(new Error(`GET /token answered ${res.statusCode}: ${parsed.message ?? body}`));
          } catch (e) {
            reject(e as Error);
          }
        });
      });
      req.on('error', reject);
    }),
    10_000,
    'GET /token',
  );
}

export function summarize(map: Map<string | number, number>): Record<string, number> {
  return Object.fromEntries([...map].map(([k, v]) => [String(k), v]));
}

export const total = (map: Map<unknown, number>) => [...map.values()].reduce((a, b) => a + b, 0);

/** Starts the churn: each client acts every 0.5..2.5 s until the returned function is called. */
export function startChurn(clients: readonly LoadClient[]): () => void {
  let churning = true;
  const schedule = (c: LoadClient) => {
    c.actionTimer = setTimeout(
      () => {
        if (!churning) return;
        c.act();
        schedule(c);
      },
      ACTION_MIN_MS + Math.random() * ACTION_SPREAD_MS,
    );
  };
  for (const c of clients) schedule(c);
  return () => {
    churning = false;
    for (const c of clients) clearTimeout(c.actionTimer);
  };
}
