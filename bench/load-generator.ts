/**
 * One process of the capacity bench's load generator (bench/server-load.ts forks several, so that no single event
 * loop has to drive 10,000 sockets). It owns whole rooms, so a broadcast's sender and receivers share one clock
 * (performance.now()). Talks over IPC (advanced serialization): the parent sends `{ id, cmd }`, it answers
 * `{ id, ok, value }` or `{ id, ok: false, error }`. It exits when the parent goes away.
 */
import { Agent } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LoadClient, Tally, fetchToken, pool, startChurn, summarize, total } from './lib/load-client.js';
import { waitFor } from './lib/report.js';

export interface GeneratorSetup {
  url: string;
  wsUrl: string;
  appID: number;
  /** Rooms `firstRoom .. firstRoom + rooms - 1`, `perRoom` clients each. */
  firstRoom: number;
  rooms: number;
  perRoom: number;
  loginConcurrency: number;
}

export type GeneratorCommand =
  | { id: number; cmd: 'setup'; setup: GeneratorSetup }
  | { id: number; cmd: 'tokens' }
  | { id: number; cmd: 'login' }
  | { id: number; cmd: 'churn-start' }
  | { id: number; cmd: 'churn-stop' }
  /** The server is about to be stopped by a forced GC (`start`), or is past it (`end`). */
  | { id: number; cmd: 'gc'; edge: 'start' | 'end' }
  | { id: number; cmd: 'settle'; timeoutMs: number }
  | { id: number; cmd: 'report' }
  | { id: number; cmd: 'leave' };

export interface GeneratorLogin {
  loginMs: number[];
  failures: number;
  firstFailure?: string;
}

export interface GeneratorReport {
  clients: number;
  /** Relay latencies (ms) of deliveries that did not overlap a forced GC of the server. */
  relayMs: Float64Array;
  relayAcrossGC: number;
  reloginMs: number[];
  framesChecked: number;
  violations: number;
  violationExamples: unknown[];
  errors: Record<string, number>;
  unexpectedCloses: Record<string, number>;
  anomalies: Record<string, number>;
  errorCount: number;
  closeCount: number;
  anomalyCount: number;
  busyRefusals: number;
  sent: Tally['sent'];
  settled: boolean;
  inRoom: number;
  publishing: number;
  /** This process's event-loop delay during the churn, ms: it adds to the latencies it measured. */
  loop: { p50: number; p99: number; max: number };
  /** CPU time of this process during the churn (user + system), µs, and the churn's length, ms. */
  churnCpuMicros: number;
  churnMs: number;
  /** WebSocket frames the clients sent to, and got from, the server during the churn. */
  churnFramesSent: number;
  churnFramesReceived: number;
}

const send = (m: unknown) => process.send?.(m);

let setup: GeneratorSetup | undefined;
const clients: LoadClient[] = [];
const tally = new Tally();
const loop = monitorEventLoopDelay({ resolution: 10 });
const gcWindows: Array<[number, number]> = [];
let stopChurn: (() => void) | undefined;
let churnFrom = { at: 0, cpu: 0, sent: 0, received: 0 };
let churnTo = { at: 0, cpu: 0, sent: 0, received: 0 };
let settled = false;

const cpuNow = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

async function handle(m: GeneratorCommand): Promise<unknown> {
  switch (m.cmd) {
    case 'setup': {
      setup = m.setup;
      for (let r = 0; r < setup.rooms; r++) {
        for (let i = 0; i < setup.perRoom; i++) {
          clients.push(new LoadClient(setup.firstRoom + r, i, setup.wsUrl, setup.appID || 1, tally));
        }
      }
      return clients.length;
    }
    case 'tokens': {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      try {
        await pool(clients, 8, async (c) => {
          c.token = await fetchToken(agent, setup!.url, c.userID, c.roomID);
        });
      } finally {
        agent.destroy();
      }
      return clients.length;
    }
    case 'login': {
      const out: GeneratorLogin = { loginMs: [], failures: 0 };
      await pool(clients, setup!.loginConcurrency, async (c) => {
        try {
          out.loginMs.push(await c.join());
        } catch (e) {
          out.failures++;
          out.firstFailure ??= (e as Error).message;
        }
      });
      return out;
    }
    case 'churn-start':
      loop.reset();
      loop.enable();
      churnFrom = { at: performance.now(), cpu: cpuNow(), sent: tally.framesSent, received: tally.framesReceived };
      stopChurn = startChurn(clients);
      return true;
    case 'churn-stop':
      stopChurn?.();
      churnTo = { at: performance.now(), cpu: cpuNow(), sent: tally.framesSent, received: tally.framesReceived };
      loop.disable();
      return true;
    case 'gc':
      if (m.edge === 'start') gcWindows.push([performance.now(), Infinity]);
      else if (gcWindows.length > 0) gcWindows[gcWindows.length - 1][1] = performance.now();
      return true;
    case 'settle':
      settled = await waitFor(() => clients.every((c) => c.phase === 'in' && c.pendingRequests === 0), m.timeoutMs, 100);
      return settled;
    case 'report': {
      const overlapsGC = ([sent, got]: [number, number]) => gcWindows.some(([a, b]) => sent <= b && got >= a);
      const kept = tally.relay.filter((x) => !overlapsGC(x));
      const report: GeneratorReport = {
        clients: clients.length,
        relayMs: Float64Array.from(kept, ([sent, got]) => got - sent),
        relayAcrossGC: tally.relay.length - kept.length,
        reloginMs: tally.reloginMs,
        framesChecked: tally.framesChecked,
        violations: tally.violations,
        violationExamples: tally.violationExamples,
        errors: summarize(tally.errors),
        unexpectedCloses: summarize(tally.unexpectedCloses),
        anomalies: summarize(tally.anomalies),
        errorCount: total(tally.errors),
        closeCount: total(tally.unexpectedCloses),
        anomalyCount: total(tally.anomalies),
        busyRefusals: tally.busyRefusals,
        sent: tally.sent,
        settled,
        inRoom: clients.filter((c) => c.phase === 'in').length,
        publishing: clients.filter((c) => c.phase === 'in' && c.publishing).length,
        loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        churnCpuMicros: churnTo.cpu - churnFrom.cpu,
        churnMs: churnTo.at - churnFrom.at,
        churnFramesSent: churnTo.sent - churnFrom.sent,
        churnFramesReceived: churnTo.received - churnFrom.received,
      };
      return report;
    }
    case 'leave':
      stopChurn?.();
      await pool(clients, 100, (c) => c.leave());
      return true;
  }
}

process.on('message', (m: GeneratorCommand) => {
  handle(m).then(
    (value) => send({ id: m.id, ok: true, value }),
    (e: unknown) => send({ id: m.id, ok: false, error: (e as Error).stack ?? String(e) }),
  );
});

// A parent that crashed or was killed must not leave sockets open.
process.on('disconnect', () => {
  stopChurn?.();
  for (const c of clients) void c.leave();
  setTimeout(() => process.exit(0), 1000).unref();
});
send({ type: 'ready' });
