/**
 * Room server load: 1,000 WebSocket clients in 250 rooms log in, then churn (publish/unpublish, broadcast
 * messages, leave and re-join) while the bench checks that nothing crosses rooms and watches the server's memory.
 * The server runs in its own process (bench/server-child.ts) so its memory figures are its own.
 */
import { randomUUID } from 'node:crypto';
import { Agent, get } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame, WireStream, WireUser } from '../src/shared/protocol.js';
import { PROTOCOL_VERSION } from '../src/shared/protocol.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import type { ChildStats } from './server-child.js';
import { mib, percentile, round, row, sleep, waitFor, withTimeout, type PartResult, type Row } from './lib/report.js';

const PART = 'server-load';

export interface ServerLoadOptions {
  clients: number;
  rooms: number;
  churnMs: number;
  /** Logins in flight at once during the initial ramp. */
  loginConcurrency: number;
}

export const serverLoadOptions = (short: boolean): ServerLoadOptions => ({
  clients: 1000,
  rooms: 250,
  churnMs: short ? 10_000 : 60_000,
  loginConcurrency: 50,
});

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
const EXAMPLES = 5;

/** Everything the clients observed, shared by all of them. */
class Tally {
  loginMs: number[] = [];
  reloginMs: number[] = [];
  /** [sent, received] per delivery, performance.now() of this process. */
  relay: Array<[number, number]> = [];
  framesReceived = 0;
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

class LoadClient {
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
        if (this.phase !== 'leaving' && this.ws === ws) {
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
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
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
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function fetchToken(agent: Agent, base: string, userID: string, roomID: string): Promise<string> {
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

function summarize(map: Map<string | number, number>): Record<string, number> {
  return Object.fromEntries([...map].map(([k, v]) => [String(k), v]));
}

const total = (map: Map<unknown, number>) => [...map.values()].reduce((a, b) => a + b, 0);

export async function runServerLoad(opts: ServerLoadOptions, log: (line: string) => void): Promise<PartResult> {
  const started = performance.now();
  const rows: Row[] = [];
  const details: Record<string, unknown> = { options: opts };
  const tally = new Tally();
  const clients: LoadClient[] = [];
  let server: ServerProcess | undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const r = (name: string, value: number | null, unit: string, goal?: Row['goal'], note?: string) => {
    const x = row(PART, name, value, unit, goal, note);
    rows.push(x);
    return x;
  };
  const fail = (reason: string): PartResult => ({
    part: PART,
    ok: false,
    reason,
    rows,
    details,
    seconds: (performance.now() - started) / 1000,
  });

  try {
    server = await startServerProcess();
    details.server = { pid: server.pid, url: server.url, appID: server.appID };
    const idle = await server.stats(true);
    r('server heap, idle (after GC)', round(mib(idle.heapUsed)), 'MiB');

    const perRoom = opts.clients / opts.rooms;
    for (let i = 0; i < opts.clients; i++) {
      clients.push(new LoadClient(Math.floor(i / perRoom), i % perRoom, server.wsUrl, server.appID || 1, tally));
    }

    // Tokens first: the dev server verifies Token04 with a secret only it knows, and /token is its dev door.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const t0 = performance.now();
    await pool(clients, 16, async (c) => {
      c.token = await fetchToken(agent, server!.url, c.userID, c.roomID);
    });
    agent.destroy();
    log(`  tokens for ${clients.length} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // ---- log in ----
    const t1 = performance.now();
    const loginFailures: string[] = [];
    await pool(clients, opts.loginConcurrency, async (c) => {
      try {
        tally.loginMs.push(await c.join());
      } catch (e) {
        loginFailures.push((e as Error).message);
      }
    });
    const loginSeconds = (performance.now() - t1) / 1000;
    log(`  ${tally.loginMs.length}/${clients.length} logged in in ${loginSeconds.toFixed(1)} s`);
    if (loginFailures.length > 0) {
      details.loginFailures = loginFailures.slice(0, EXAMPLES);
      return fail(`${loginFailures.length} of ${clients.length} logins failed, first: ${loginFailures[0]}`);
    }
    r(`login latency p50 (${opts.loginConcurrency} in flight)`, round(percentile(tally.loginMs, 50)), 'ms');
    r(`login latency p99 (${opts.loginConcurrency} in flight)`, round(percentile(tally.loginMs, 99)), 'ms');
    r('time to log in all clients', round(loginSeconds), 's');
    // Let the user-add fan-out of the last logins arrive before memory is read.
    await sleep(500);
    const loggedIn = await server.stats(true);
    details.afterLogin = loggedIn;
    if (loggedIn.server.sessions !== opts.clients || loggedIn.server.rooms !== opts.rooms) {
      return fail(
        `server reports ${loggedIn.server.sessions} sessions in ${loggedIn.server.rooms} rooms, expected ${opts.clients} in ${opts.rooms}`,
      );
    }
    r('server RSS, all logged in', round(mib(loggedIn.rss)), 'MiB');
    r('server heap, all logged in (after GC)', round(mib(loggedIn.heapUsed)), 'MiB');

    // ---- churn ----
    log(`  churn for ${opts.churnMs / 1000} s`);
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
    await server.stats(false, true);
    loopDelay.enable();
    const churnStart = performance.now();
    for (const c of clients) schedule(c);
    // The forced GCs of the memory samples stall the server for tens of ms: a bench artifact, so deliveries in
    // flight across one are left out of the relay figures (and counted).
    const gcWindows: Array<[number, number]> = [];
    // The server's event-loop delay is read per segment between those GCs, for the same reason.
    const loopSegments: ChildStats['loop'][] = [];
    const sampleMemory = async () => {
      loopSegments.push((await server!.stats(false)).loop);
      const from = performance.now();
      const s = await server!.stats(true);
      gcWindows.push([from, performance.now()]);
      await server!.stats(false, true);
      return s;
    };
    await sleep(opts.churnMs / 3);
    const third = await sampleMemory();
    await sleep(churnStart + opts.churnMs - performance.now());
    const end = await sampleMemory();
    churning = false;
    for (const c of clients) clearTimeout(c.actionTimer);
    loopDelay.disable();
    details.churnThird = third;
    details.churnEnd = end;

    // Re-joins in progress finish, requests in flight get their answers.
    const settled = await waitFor(() => clients.every((c) => c.phase === 'in' && c.pendingRequests === 0), 20_000, 100);
    await sleep(300);
    const after = await server.stats(false);
    const inRoom = clients.filter((c) => c.phase === 'in').length;
    const publishing = clients.filter((c) => c.phase === 'in' && c.publishing).length;
    details.afterChurn = after.server;

    r(
      'churn actions sent (publish/unpublish/im/leave)',
      tally.sent.publish + tally.sent.unpublish + tally.sent.im + tally.sent.leave,
      'frames',
    );
    const overlapsGC = ([sent, got]: [number, number]) => gcWindows.some(([a, b]) => sent <= b && got >= a);
    const relayMs = tally.relay.filter((x) => !overlapsGC(x)).map(([sent, got]) => got - sent);
    const skipped = tally.relay.length - relayMs.length;
    r('broadcast relay latency p50', round(percentile(relayMs, 50)), 'ms');
    r('broadcast relay latency p99', round(percentile(relayMs, 99)), 'ms', undefined, `${skipped} deliveries across a forced GC left out`);
    r('broadcast deliveries', tally.relay.length, 'msgs', undefined, `${tally.sent.im} sent to 3 others each`);
    r('re-login latency p50 (under churn)', round(percentile(tally.reloginMs, 50)), 'ms');
    r('re-login latency p99 (under churn)', round(percentile(tally.reloginMs, 99)), 'ms');
    r('room-scoped frames checked', tally.framesChecked, 'frames');
    r('frames for another room', tally.violations, 'frames', { op: '=', target: 0, hard: true });
    r('server heap at 1/3 of churn (after GC)', round(mib(third.heapUsed)), 'MiB');
    r('server heap at end of churn (after GC)', round(mib(end.heapUsed)), 'MiB');
    r('server heap end / 1/3 of churn', round(end.heapUsed / third.heapUsed, 3), 'ratio', { op: '<=', target: 1.1 });
    r('server RSS at 1/3 of churn', round(mib(third.rss)), 'MiB');
    r('server RSS at end of churn', round(mib(end.rss)), 'MiB');
    r('errors answered to requests', total(tally.errors), 'count', { op: '=', target: 0, hard: true });
    r('sockets closed by the server', total(tally.unexpectedCloses), 'count', { op: '=', target: 0, hard: true });
    r('unexpected frames (kickout/fault/...)', total(tally.anomalies), 'count', { op: '=', target: 0, hard: true });
    r('re-joins refused as busy (1013)', tally.busyRefusals, 'count', undefined, 'retried; maxConnections defaults to 1000');
    const serverLoopP99 = Math.max(...loopSegments.map((l) => l.p99));
    const serverLoopMax = Math.max(...loopSegments.map((l) => l.max));
    r(
      'server event-loop delay p99 during churn',
      round(serverLoopP99),
      'ms',
      undefined,
      `max ${round(serverLoopMax)} ms; forced GCs excluded`,
    );
    r(
      'bench driver event-loop delay p99',
      round(loopDelay.percentile(99) / 1e6),
      'ms',
      undefined,
      `max ${round(loopDelay.max / 1e6)} ms; adds to the latencies`,
    );
    r(
      'server state matches clients after churn',
      Number(settled && after.server.sessions === inRoom && inRoom === opts.clients && after.server.streams === publishing),
      'bool',
      { op: '=', target: 1, hard: true },
      `${after.server.sessions} sessions/${after.server.streams} streams vs ${inRoom} in/${publishing} publishing`,
    );

    // ---- everyone leaves: the server must forget everything ----
    await pool(clients, 100, (c) => c.leave());
    const emptied = await waitFor(
      async () => {
        const s = (await server!.stats(false)).server;
        return s.connections + s.sessions + s.rooms + s.streams + s.sockets === 0;
      },
      10_000,
      200,
    );
    const empty = await server.stats(true);
    details.afterLeave = empty;
    const left = empty.server.connections + empty.server.sessions + empty.server.rooms + empty.server.streams + empty.server.sockets;
    r(
      'server objects left after all clients left',
      emptied ? 0 : left,
      'count',
      { op: '=', target: 0, hard: true },
      'connections+sessions+rooms+streams+sockets',
    );
    r('server heap after all left (after GC)', round(mib(empty.heapUsed)), 'MiB');
    r(
      'room server warnings',
      server.outputLines,
      'lines',
      undefined,
      server.output[0]?.replace(/^\[zego-elements\] warn: /, 'first: ').slice(0, 80),
    );
    details.serverOutput = server.output;

    details.errors = summarize(tally.errors);
    details.unexpectedCloses = summarize(tally.unexpectedCloses);
    details.anomalies = summarize(tally.anomalies);
    details.violationExamples = tally.violationExamples;
    details.sent = tally.sent;
    details.samples = { login: tally.loginMs.length, relogin: tally.reloginMs.length, relay: relayMs.length, relaySkippedForGC: skipped };
    details.gcWindowsMs = gcWindows.map(([a, b]) => round(b - a, 1));

    const broken = rows.filter((x) => x.goal?.hard && !x.pass);
    if (broken.length > 0) return fail(broken.map((x) => `${x.name} = ${x.value}`).join('; '));
    return { part: PART, ok: true, rows, details, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    return fail((e as Error).stack ?? String(e));
  } finally {
    loopDelay.disable();
    for (const c of clients) clearTimeout(c.actionTimer);
    await Promise.all(clients.map((c) => c.leave().catch(() => {})));
    await server?.close();
  }
}
