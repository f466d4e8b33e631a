/**
 * Room server load: 1,000 WebSocket clients in 250 rooms log in, then churn (publish/unpublish, broadcast
 * messages, leave and re-join) while the bench checks that nothing crosses rooms and watches the server's memory.
 * The server runs in its own process (bench/server-child.ts) so its memory figures are its own.
 */
import { Agent } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EXAMPLES, LoadClient, Tally, fetchToken, pool, startChurn, summarize, total } from './lib/load-client.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { runCapacity, type CapacityOptions } from './server-capacity.js';
import type { ChildStats } from './server-child.js';
import { mib, percentile, round, row, sleep, waitFor, type PartResult, type Row } from './lib/report.js';

const PART = 'server-load';

export interface ServerLoadOptions {
  clients: number;
  rooms: number;
  churnMs: number;
  /** Logins in flight at once during the initial ramp. */
  loginConcurrency: number;
  /** Then the capacity steps (bench/server-capacity.ts): clients per step, and the churn of each. */
  capacity: CapacityOptions;
}

export const serverLoadOptions = (short: boolean): ServerLoadOptions => ({
  clients: 1000,
  rooms: 250,
  churnMs: short ? 10_000 : 60_000,
  loginConcurrency: 50,
  // CI runs one reduced step, so the split generator stays exercised; the full run climbs to the goal.
  capacity: short
    ? { steps: [2500], churnMs: 10_000, loginConcurrency: 50 }
    : { steps: [1000, 2500, 5000, 10_000], churnMs: 30_000, loginConcurrency: 50 },
});

export async function runServerLoad(opts: ServerLoadOptions, log: (line: string) => void): Promise<PartResult> {
  const base = await runBaseline(opts, log);
  if (opts.capacity.steps.length === 0) return base;
  log(`  capacity steps: ${opts.capacity.steps.join(', ')} clients`);
  const cap = await runCapacity(opts.capacity, log);
  const reasons = [base.reason, cap.reason].filter(Boolean);
  return {
    part: PART,
    ok: base.ok && cap.ok,
    reason: reasons.length ? reasons.join('; ') : undefined,
    rows: [...base.rows, ...cap.rows],
    details: { ...base.details, capacity: cap.details },
    seconds: base.seconds + cap.seconds,
  };
}

/** The 1,000-client run: one process drives every client. */
async function runBaseline(opts: ServerLoadOptions, log: (line: string) => void): Promise<PartResult> {
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
    await server.stats(false, true);
    loopDelay.enable();
    const churnStart = performance.now();
    const stopChurn = startChurn(clients);
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
    stopChurn();
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
