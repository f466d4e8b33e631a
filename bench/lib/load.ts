/**
 * Whether a timing part ran on a quiet machine. The bench loads the machine itself (Chromium pages, the server
 * process), so the load average alone cannot tell: on Linux the part's CPU time is split between this process tree
 * (the bench, its server child, its browsers) and everything else, from /proc. A part during which other processes
 * kept more than one core busy on average is marked unreliable. Without /proc, the 1-minute load average before and
 * after the part decides (above the core count: unreliable).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface LoadWindow {
  /** 1-minute load average when the part started and when it ended. */
  loadBefore: number;
  loadAfter: number;
  /** Average cores busy with processes outside the bench's tree while the part ran (NaN without /proc). */
  otherCores: number;
  /** Average cores the bench's own tree used. */
  ownCores: number;
  cores: number;
  /** False when the figures of the part should not be read as results. */
  reliable: boolean;
  reason?: string;
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** Busy and total jiffies of the machine (all CPUs), or undefined without /proc. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const v = fields.map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** CPU jiffies of this process and every descendant alive now (exited children count through cutime/cstime). */
function treeJiffies(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // the command may hold spaces and parentheses: fields start after the last ')'
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      // gone meanwhile
    }
  }
  let sum = 0;
  for (const pid of ticks.keys()) {
    for (let p: number | undefined = pid; p; p = parent.get(p)) {
      if (p === process.pid) {
        sum += ticks.get(pid)!;
        break;
      }
    }
  }
  return sum;
}

/** Starts watching; `end()` says how busy the machine was with other work meanwhile. */
export function watchLoad(): { end(): LoadWindow } {
  const cores = cpus().length;
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const machine0 = machineJiffies();
  const own0 = machine0 ? treeJiffies() : 0;
  return {
    end(): LoadWindow {
      const loadAfter = loadavg()[0];
      const seconds = (performance.now() - started) / 1000;
      const machine1 = machineJiffies();
      if (!machine0 || !machine1 || seconds <= 0) {
        const reliable = loadBefore <= cores && loadAfter <= cores;
        return {
          loadBefore,
          loadAfter,
          otherCores: NaN,
          ownCores: NaN,
          cores,
          reliable,
          reason: reliable ? undefined : `load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)} on ${cores} cores`,
        };
      }
      const busy = (machine1.busy - machine0.busy) / TICKS_PER_S / seconds;
      const ownCores = Math.max(0, (treeJiffies() - own0) / TICKS_PER_S / seconds);
      const otherCores = Math.max(0, busy - ownCores);
      const reliable = otherCores <= 1;
      return {
        loadBefore,
        loadAfter,
        otherCores,
        ownCores,
        cores,
        reliable,
        reason: reliable ? undefined : `other processes kept ${otherCores.toFixed(1)} of ${cores} cores busy`,
      };
    },
  };
}
