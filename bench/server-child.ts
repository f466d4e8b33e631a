/**
 * The room server in its own process, so the memory a bench reports is the server's alone. Run by
 * bench/lib/server-process.ts as `node --expose-gc --import tsx bench/server-child.ts`; talks over IPC:
 * it sends `{ type: 'ready', ... }` once listening, answers `{ type: 'stats', id, gc }` with its memory and room
 * counts, and `{ type: 'close' }` closes the server and exits. It also exits when the parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRoomServer } from '../server/room-server.js';

export interface ChildReady {
  type: 'ready';
  url: string;
  wsUrl: string;
  appID: number;
}

export interface ChildStats {
  type: 'stats';
  id: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Whether a full GC ran just before the figures were taken. */
  collected: boolean;
  server: { connections: number; sessions: number; rooms: number; streams: number; sockets: number };
  /** The server's event-loop delay since the previous stats call that asked for `resetLoop`, ms. */
  loop: { p50: number; p99: number; max: number };
  /** CPU time of the server process so far (user + system), µs: two readings give the cores it used between them. */
  cpuMicros: number;
}

/** Passed by the parent in BENCH_SERVER_OPTIONS (JSON): what a capacity run raises above the defaults. */
export interface ChildOptions {
  maxConnections?: number;
}

export type ParentMessage = { type: 'stats'; id: number; gc?: boolean; resetLoop?: boolean } | { type: 'close' };

const send = (m: unknown) => process.send?.(m);

const childOptions = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as ChildOptions;
const server = await createRoomServer({ host: '127.0.0.1', port: 0, dev: true, quiet: true, ...childOptions });
send({ type: 'ready', url: server.url, wsUrl: server.wsUrl, appID: server.appID } satisfies ChildReady);

const gc = (globalThis as { gc?: () => void }).gc;
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

process.on('message', (m: ParentMessage) => {
  if (m.type === 'stats') {
    // Read before the GC below, which would show up as delay of its own.
    const loopNow = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    if (m.resetLoop) loop.reset();
    const collected = m.gc === true && typeof gc === 'function';
    if (collected) {
      // Twice: the first pass can leave weak-referenced and finalizable objects for the second.
      gc!();
      gc!();
    }
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    send({
      type: 'stats',
      id: m.id,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      collected,
      server: server.stats(),
      loop: loopNow,
      cpuMicros: cpu.user + cpu.system,
    } satisfies ChildStats);
  } else if (m.type === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});

// A parent that crashed or was killed must not leave a server listening.
process.on('disconnect', () => {
  void server.close({ abrupt: true }).finally(() => process.exit(0));
});
