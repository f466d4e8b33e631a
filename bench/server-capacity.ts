/**
 * Room server capacity: steps of 1,000 .. 10,000 clients in rooms of 4, churning as the 1,000-client run does, each
 * against a fresh server process. A step holds when the relay p99 stays under 50 ms with no error, no frame for
 * another room and a flat heap.
 *
 * One event loop cannot drive 10,000 sockets without its own delay swamping the latencies, so the clients are split
 * across generator processes (bench/load-generator.ts), at most 2,500 each, every room inside one process (sender and
 * receivers share a clock). The relay latency that decides is taken by a probe process holding only 20 rooms: its
 * event loop is nearly idle, so what it sees is the server's delay (plus the machine's scheduling), not the
 * generator's. The loaded generators' own figures and event-loop delay are reported beside it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { GeneratorCommand, GeneratorLogin, GeneratorReport, GeneratorSetup } from './load-generator.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { mib, percentile, round, row, sleep, waitFor, withTimeout, type PartResult, type Row } from './lib/report.js';
import type { ChildStats } from './server-child.js';

const PART = 'server-load';
const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
const PER_ROOM = 4;
const PER_GENERATOR = 2500;
const PROBE_ROOMS = 20;
const RELAY_P99_MS = 50;
const HEAP_RATIO = 1.1;
/** Re-joins race their own previous socket's close: a little room above the step keeps 1013 refusals rare. */
const CONNECTION_SLACK = 1.05;

export interface CapacityOptions {
  steps: number[];
  churnMs: number;
  /** Logins in flight at once, over all generator processes. */
  loginConcurrency: number;
}

type Command = GeneratorCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

/** One generator process, driven over IPC. */
class Generator {
  private nextID = 1;
  private readonly waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.ok(m.value);
      else w?.fail(new Error(`generator ${child.pid}: ${m.error}`));
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      for (const w of this.waiting.values()) w.fail(new Error(`generator ${child.pid} exited`));
      this.waiting.clear();
    });
  }

  static async start(): Promise<Generator> {
    const child = fork(GENERATOR, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`generator exited with ${code} before it was ready`)));
      child.on('message', (m: { type?: string }) => {
        if (m.type === 'ready') resolve();
      });
    });
    try {
      await withTimeout(ready, 30_000, 'generator start');
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    return new Generator(child);
  }

  ask<T>(command: Command, timeoutMs = 120_000): Promise<T> {
    const id = this.nextID++;
    const answer = new Promise<T>((ok, fail) => this.waiting.set(id, { ok: ok as (v: unknown) => void, fail }));
    this.child.send({ ...command, id });
    return withTimeout(answer, timeoutMs, `generator ${command.cmd}`);
  }

  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    try {
      await withTimeout(this.exited, 10_000, 'generator exit');
    } catch {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

interface StepResult {
  clients: number;
  holds: boolean;
  why: string[];
  details: Record<string, unknown>;
}

export async function runCapacity(opts: CapacityOptions, log: (line: string) => void): Promise<PartResult> {
  const started = performance.now();
  const rows: Row[] = [];
  const steps: StepResult[] = [];
  let failure: string | undefined;
  for (const clients of opts.steps) {
    log(`  [${clients} clients]`);
    const step = await runStep(clients, opts, rows, log);
    steps.push(step);
    log(`    ${step.holds ? 'holds' : `does not hold: ${step.why.join(', ')}`}`);
    if (step.details.fatal) {
      failure = `${clients} clients: ${String(step.details.fatal).split('\n')[0]}`;
      break;
    }
  }
  const held = steps.filter((s) => s.holds).map((s) => s.clients);
  const largest = held.length ? Math.max(...held) : 0;
  const goal = Math.max(...opts.steps);
  rows.push(
    row(
      PART,
      'capacity: largest step that holds',
      largest,
      'clients',
      { op: '>=', target: goal },
      `relay p99 < ${RELAY_P99_MS} ms, 0 errors, 0 cross-room, heap end/third <= ${HEAP_RATIO}; ${steps
        .filter((s) => !s.holds)
        .map((s) => `${s.clients}: ${s.why.join(', ')}`)
        .join('; ')}`.replace(/; $/, ''),
    ),
  );
  const broken = rows.filter((x) => x.goal?.hard && !x.pass);
  if (broken.length > 0) failure = [failure, broken.map((x) => `${x.name} = ${x.value}`).join('; ')].filter(Boolean).join('; ');
  return {
    part: PART,
    ok: failure === undefined,
    reason: failure,
    rows,
    details: { options: opts, steps: steps.map((s) => ({ clients: s.clients, holds: s.holds, why: s.why, ...s.details })) },
    seconds: (performance.now() - started) / 1000,
  };
}

async function runStep(clients: number, opts: CapacityOptions, rows: Row[], log: (line: string) => void): Promise<StepResult> {
  const rooms = Math.ceil(clients / PER_ROOM);
  const probeRooms = Math.min(PROBE_ROOMS, Math.floor(rooms / 4));
  const loadRooms = rooms - probeRooms;
  const loadProcesses = Math.max(1, Math.ceil((loadRooms * PER_ROOM) / PER_GENERATOR));
  const details: Record<string, unknown> = { rooms, probeRooms, loadProcesses };
  const why: string[] = [];
  const name = (what: string) => `${clients}: ${what}`;
  const r = (what: string, value: number | null, unit: string, goal?: Row['goal'], note?: string) => {
    const x = row(PART, name(what), value, unit, goal, note);
    rows.push(x);
    return x;
  };
  let server: ServerProcess | undefined;
  const gens: Generator[] = [];
  try {
    server = await startServerProcess({ maxConnections: Math.ceil(clients * CONNECTION_SLACK) });
    const idle = await server.stats(true);
    // the probe first: rooms 0..probeRooms-1, then the loaded generators share the rest
    const plan: GeneratorSetup[] = [];
    const base = { url: server.url, wsUrl: server.wsUrl, appID: server.appID, perRoom: PER_ROOM };
    if (probeRooms > 0) plan.push({ ...base, firstRoom: 0, rooms: probeRooms, loginConcurrency: 2 });
    const share = Math.ceil(loadRooms / loadProcesses);
    for (let first = probeRooms; first < rooms; first += share) {
      plan.push({
        ...base,
        firstRoom: first,
        rooms: Math.min(share, rooms - first),
        loginConcurrency: Math.max(1, Math.floor(opts.loginConcurrency / loadProcesses)),
      });
    }
    gens.push(...(await Promise.all(plan.map(() => Generator.start()))));
    await Promise.all(gens.map((g, i) => g.ask({ cmd: 'setup', setup: plan[i] })));
    const probe = probeRooms > 0 ? gens[0] : undefined;
    const loaders = probe ? gens.slice(1) : gens;

    const t0 = performance.now();
    await Promise.all(gens.map((g) => g.ask({ cmd: 'tokens' })));
    const t1 = performance.now();
    const logins = await Promise.all(gens.map((g) => g.ask<GeneratorLogin>({ cmd: 'login' }, 300_000)));
    const loginSeconds = (performance.now() - t1) / 1000;
    const loginMs = logins.flatMap((l) => l.loginMs);
    const failed = logins.reduce((a, l) => a + l.failures, 0);
    log(
      `    tokens in ${((t1 - t0) / 1000).toFixed(1)} s, ${loginMs.length}/${clients} logged in in ${loginSeconds.toFixed(1)} s ` +
        `(${gens.length} processes: ${probe ? '1 probe + ' : ''}${loaders.length} generators)`,
    );
    details.loginSeconds = round(loginSeconds, 1);
    details.tokenSeconds = round((t1 - t0) / 1000, 1);
    if (failed > 0) {
      why.push(`${failed} logins failed`);
      details.firstLoginFailure = logins.find((l) => l.firstFailure)?.firstFailure;
      r('login failures', failed, 'count', { op: '=', target: 0 }, details.firstLoginFailure as string);
      details.fatal = `${failed} of ${clients} logins failed, first: ${details.firstLoginFailure}`;
      return { clients, holds: false, why, details };
    }
    await sleep(500);
    const loggedIn = await server.stats(true);
    details.afterLogin = { heapUsed: loggedIn.heapUsed, rss: loggedIn.rss, server: loggedIn.server };

    // ---- churn ----
    await server.stats(false, true);
    const cpu0 = (await server.stats(false)).cpuMicros;
    const churnStart = performance.now();
    await Promise.all(gens.map((g) => g.ask({ cmd: 'churn-start' })));
    const loopSegments: ChildStats['loop'][] = [];
    const gcMs: number[] = [];
    const sampleMemory = async () => {
      loopSegments.push((await server!.stats(false)).loop);
      await Promise.all(gens.map((g) => g.ask({ cmd: 'gc', edge: 'start' })));
      const from = performance.now();
      const s = await server!.stats(true);
      gcMs.push(performance.now() - from);
      await Promise.all(gens.map((g) => g.ask({ cmd: 'gc', edge: 'end' })));
      await server!.stats(false, true);
      return s;
    };
    await sleep(opts.churnMs / 3);
    const third = await sampleMemory();
    await sleep(churnStart + opts.churnMs - performance.now());
    const end = await sampleMemory();
    await Promise.all(gens.map((g) => g.ask({ cmd: 'churn-stop' })));
    const churnSeconds = (performance.now() - churnStart) / 1000;
    const serverCores = (end.cpuMicros - cpu0) / 1e6 / churnSeconds;

    await Promise.all(gens.map((g) => g.ask({ cmd: 'settle', timeoutMs: 20_000 }, 30_000)));
    await sleep(300);
    const after = await server.stats(false);
    const reports = await Promise.all(gens.map((g) => g.ask<GeneratorReport>({ cmd: 'report' })));
    const probeReport = probe ? reports[0] : undefined;
    const loadReports = probe ? reports.slice(1) : reports;

    const sum = (f: (x: GeneratorReport) => number) => reports.reduce((a, x) => a + f(x), 0);
    const allRelay = reports.flatMap((x) => Array.from(x.relayMs));
    const probeRelay = probeReport ? Array.from(probeReport.relayMs) : allRelay;
    const errors = sum((x) => x.errorCount + x.closeCount + x.anomalyCount);
    const violations = sum((x) => x.violations);
    const loadLoopP99 = Math.max(...loadReports.map((x) => x.loop.p99));
    const generatorCores = sum((x) => x.churnCpuMicros / 1e3 / x.churnMs);
    const inRoom = sum((x) => x.inRoom);
    const publishing = sum((x) => x.publishing);
    const settled = reports.every((x) => x.settled);
    const heapRatio = end.heapUsed / third.heapUsed;
    const perClient = (heap: number) => (heap - idle.heapUsed) / 1024 / clients;
    const relayP99 = percentile(probeRelay, 99);
    const serverLoop = { p99: Math.max(...loopSegments.map((l) => l.p99)), max: Math.max(...loopSegments.map((l) => l.max)) };

    r('relay p50 (probe)', round(percentile(probeRelay, 50)), 'ms', undefined, `all clients: ${round(percentile(allRelay, 50))} ms`);
    r(
      'relay p99 (probe)',
      round(relayP99),
      'ms',
      { op: '<=', target: RELAY_P99_MS },
      `${probeRelay.length} deliveries; all clients p99 ${round(percentile(allRelay, 99))} ms (${allRelay.length}), their generators' loop p99 ${round(loadLoopP99)} ms`,
    );
    r(
      'login p99',
      round(percentile(loginMs, 99)),
      'ms',
      undefined,
      `${opts.loginConcurrency} in flight; all in ${round(loginSeconds, 1)} s`,
    );
    r(
      'errors',
      errors,
      'count',
      { op: '=', target: 0 },
      `${sum((x) => x.errorCount)} answered, ${sum((x) => x.closeCount)} closed by server, ${sum((x) => x.anomalyCount)} unexpected frames; ${sum((x) => x.busyRefusals)} 1013 retried`,
    );
    r('frames for another room', violations, 'frames', { op: '=', target: 0, hard: true }, `${sum((x) => x.framesChecked)} checked`);
    r(
      'server heap per client, end of churn',
      round(perClient(end.heapUsed), 1),
      'KiB',
      undefined,
      `at 1/3: ${round(perClient(third.heapUsed), 1)} KiB; above an idle ${round(mib(idle.heapUsed), 1)} MiB; RSS ${round(mib(end.rss))} MiB`,
    );
    r('server heap end / 1/3 of churn', round(heapRatio, 3), 'ratio', { op: '<=', target: HEAP_RATIO });
    r(
      'server CPU during churn',
      round(serverCores),
      'cores',
      undefined,
      `event-loop p99 ${round(serverLoop.p99)} ms, max ${round(serverLoop.max)} ms`,
    );
    // What the server spends per frame it reads or writes barely depends on how busy the machine is: the figure to
    // compare across runs and to scale to other client counts.
    const frames = sum((x) => x.churnFramesSent + x.churnFramesReceived);
    r(
      'server CPU per frame in or out',
      round((serverCores * churnSeconds * 1e6) / frames, 1),
      'µs',
      undefined,
      `${round(frames / churnSeconds / clients, 2)} frames/s per client (${round(sum((x) => x.churnFramesSent) / churnSeconds / clients, 2)} in)`,
    );
    r(
      'load generator CPU during churn',
      round(generatorCores),
      'cores',
      undefined,
      `${gens.length} processes; loaded ones' event-loop p99 ${round(loadLoopP99)} ms${probeReport ? `, probe's ${round(probeReport.loop.p99)} ms` : ''}`,
    );
    const consistent = settled && after.server.sessions === inRoom && inRoom === clients && after.server.streams === publishing;
    r(
      'server state matches clients after churn',
      Number(consistent),
      'bool',
      // an overloaded server leaves re-joins timed out: a capacity symptom here, a hard goal in the 1,000-client run
      { op: '=', target: 1 },
      `${after.server.sessions} sessions/${after.server.streams} streams vs ${inRoom} in/${publishing} publishing`,
    );

    if (!(relayP99 < RELAY_P99_MS)) why.push(`relay p99 ${round(relayP99)} ms`);
    if (errors > 0) why.push(`${errors} errors`);
    if (violations > 0) why.push(`${violations} cross-room frames`);
    if (!(heapRatio <= HEAP_RATIO)) why.push(`heap x${round(heapRatio, 2)}`);
    if (!consistent) why.push('server state differs from the clients');

    // ---- everyone leaves: the server must forget everything ----
    await Promise.all(gens.map((g) => g.ask({ cmd: 'leave' })));
    const emptied = await waitFor(
      async () => {
        const s = (await server!.stats(false)).server;
        return s.connections + s.sessions + s.rooms + s.streams + s.sockets === 0;
      },
      // an overloaded server works through the goodbyes late: not a leak until this has passed
      15_000 + 5 * clients,
      200,
    );
    const empty = await server.stats(true);
    const left = empty.server.connections + empty.server.sessions + empty.server.rooms + empty.server.streams + empty.server.sockets;
    r('server objects left after all left', emptied ? 0 : left, 'count', { op: '=', target: 0, hard: true });
    if (!emptied) why.push(`${left} server objects left`);

    Object.assign(details, {
      churnSeconds: round(churnSeconds, 1),
      serverCores: round(serverCores),
      generatorCores: round(generatorCores),
      serverLoop,
      frames,
      gcMs: gcMs.map((x) => round(x, 1)),
      heap: { idle: idle.heapUsed, loggedIn: loggedIn.heapUsed, third: third.heapUsed, end: end.heapUsed, empty: empty.heapUsed },
      rss: { third: third.rss, end: end.rss },
      generators: reports.map((x, i) => ({
        role: probe && i === 0 ? 'probe' : 'load',
        clients: x.clients,
        relay: x.relayMs.length,
        relayAcrossGC: x.relayAcrossGC,
        relayP99: round(percentile(Array.from(x.relayMs), 99)),
        loop: { p99: round(x.loop.p99), max: round(x.loop.max) },
        cores: round(x.churnCpuMicros / 1e3 / x.churnMs),
        errors: x.errors,
        unexpectedCloses: x.unexpectedCloses,
        anomalies: x.anomalies,
        busyRefusals: x.busyRefusals,
        violationExamples: x.violationExamples,
        sent: x.sent,
        relogins: x.reloginMs.length,
      })),
      serverWarnings: server.outputLines,
      serverOutput: server.output.slice(0, 20),
    });
    return { clients, holds: why.length === 0, why, details };
  } catch (e) {
    details.fatal = (e as Error).stack ?? String(e);
    why.push('failed');
    r(
      'FAILED',
      null,
      '',
      undefined,
      String((e as Error).message)
        .split('\n')[0]
        .slice(0, 160),
    );
    return { clients, holds: false, why, details };
  } finally {
    await Promise.all(gens.map((g) => g.close()));
    await server?.close();
  }
}
