/** Starts bench/server-child.ts in a child process and talks to it over IPC. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildOptions, ChildReady, ChildStats, ParentMessage } from '../server-child.js';
import { withTimeout } from './report.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('../server-child.ts', import.meta.url));
const MAX_OUTPUT_LINES = 200;

export interface ServerProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly appID: number;
  readonly pid: number;
  readonly outputLines: number;
  /** What the server printed (quiet: warnings only), first lines kept. */
  readonly output: string[];
  /** Memory and room counts of the server process; `gc` runs a full collection first. */
  stats(gc?: boolean, resetLoop?: boolean): Promise<ChildStats>;
  /** Closes the server and waits for the process to exit (killed after a bounded wait). */
  close(): Promise<void>;
}

/**
 * `options` go to createRoomServer. BENCH_SERVER_NODE_OPTIONS adds Node flags to the server process only, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under a bench's load.
 */
export async function startServerProcess(options: ChildOptions = {}): Promise<ServerProcess> {
  const extra = process.env.BENCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, ['--expose-gc', ...extra, '--import', 'tsx', CHILD], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, BENCH_SERVER_OPTIONS: JSON.stringify(options) },
  });
  // Warnings are data for the report, not noise between the bench's own lines.
  const output: string[] = [];
  let outputLines = 0;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    let partial = '';
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        outputLines++;
        if (output.length < MAX_OUTPUT_LINES) output.push(line);
        else if (output.length === MAX_OUTPUT_LINES) output.push('... (more lines not kept)');
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<ChildReady>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') resolve(m as ChildReady);
    });
    void exited.then((code) => reject(new Error(`room server process exited with code ${code} before listening`)));
  });
  let info: ChildReady;
  try {
    info = await withTimeout(ready, 30_000, 'room server process start');
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return new ServerProcessImpl(child, info, exited, output, () => outputLines);
}

class ServerProcessImpl implements ServerProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly appID: number;
  readonly pid: number;
  private nextID = 1;
  private readonly waiting = new Map<number, (s: ChildStats) => void>();
  private gone = false;

  constructor(
    private readonly child: ChildProcess,
    info: ChildReady,
    private readonly exited: Promise<number | null>,
    readonly output: string[],
    private readonly countLines: () => number,
  ) {
    this.url = info.url;
    this.wsUrl = info.wsUrl;
    this.appID = info.appID;
    this.pid = child.pid!;
    child.on('message', (m: { type?: string; id?: number }) => {
      if (m.type !== 'stats' || m.id === undefined) return;
      this.waiting.get(m.id)?.(m as ChildStats);
      this.waiting.delete(m.id);
    });
    void exited.then(() => {
      this.gone = true;
    });
  }

  /** Lines printed so far, including those not kept. */
  get outputLines(): number {
    return this.countLines();
  }

  stats(gc = false, resetLoop = false): Promise<ChildStats> {
    if (this.gone) return Promise.reject(new Error('room server process is gone'));
    const id = this.nextID++;
    const answer = new Promise<ChildStats>((resolve) => this.waiting.set(id, resolve));
    this.child.send({ type: 'stats', id, gc, resetLoop } satisfies ParentMessage);
    return withTimeout(answer, 30_000, 'room server stats').finally(() => this.waiting.delete(id));
  }

  async close(): Promise<void> {
    if (this.gone) return;
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ParentMessage);
    try {
      await withTimeout(this.exited, 10_000, 'room server process exit');
    } catch {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
