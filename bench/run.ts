/**
 * `npm run bench`: room server load, then publish-to-first-remote-frame (engine vs bare WebRTC). Prints one table,
 * writes bench/results/latest.json and latest.md. BENCH_SHORT=1 is the CI mode (under 3 minutes); BENCH_ONLY=
 * server-load|first-frame runs one part. Exits non-zero when a part fails (an error, a broken invariant or a missed
 * hard goal); a missed speed/memory goal is printed as "miss" and fails only with BENCH_STRICT=1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath } from '../scripts/chromium.mjs';
import { firstFrameOptions, runFirstFrame } from './first-frame.js';
import { watchLoad } from './lib/load.js';
import { markLoad, markdownTable, mib, round, row, textTable, type PartResult, type Row } from './lib/report.js';
import { runServerLoad, serverLoadOptions } from './server-load.js';
import { runTiles } from './tiles.js';
import { runMesh } from './mesh.js';
import { runBundle } from './bundle.js';
import { runStart } from './start.js';

const short = process.env.BENCH_SHORT === '1';
const strict = process.env.BENCH_STRICT === '1';
const only = process.env.BENCH_ONLY;
const RESULTS = new URL('./results/', import.meta.url);
const log = (line: string) => console.log(line);

const PARTS: Record<string, () => Promise<PartResult>> = {
  'server-load': () => runServerLoad(serverLoadOptions(short), log),
  'first-frame': () => runFirstFrame(firstFrameOptions(short), log),
  tiles: () => rowsPart('tiles', (details) => runTiles({ short, log, details })),
  mesh: () => rowsPart('mesh', () => runMesh({ short })),
  bundle: () => rowsPart('bundle', () => runBundle()),
  start: () => rowsPart('start', () => runStart({ short })),
};

/** Wraps a part that returns rows: a thrown error or a missed hard goal fails the part. */
async function rowsPart(part: string, run: (details: Record<string, unknown>) => Promise<Row[]>): Promise<PartResult> {
  const started = performance.now();
  const details: Record<string, unknown> = {};
  const rows = await run(details);
  const hardMiss = rows.filter((r) => r.name === 'FAILED' || (r.pass === false && r.goal?.hard));
  const seconds = (performance.now() - started) / 1000;
  if (hardMiss.length) return { part, ok: false, reason: `missed: ${hardMiss.map((r) => r.name).join(', ')}`, rows, details, seconds };
  return { part, ok: true, rows, details, seconds };
}

if (only !== undefined && !(only in PARTS)) {
  console.error(`BENCH_ONLY must be one of: ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath() as string, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    }).trim();
  } catch (e) {
    return `unknown (${(e as Error).message.split('\n')[0]})`;
  }
}

// A last bound on the whole run, past every part's own timeouts: CI must never wait on a wedged bench.
const LIMIT_S = short ? 300 : 900;
setTimeout(() => {
  console.error(`FAILED: the bench ran past ${LIMIT_S} s and was stopped`);
  process.exit(1);
}, LIMIT_S * 1000).unref();

const started = performance.now();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryMiB: round(mib(totalmem()), 0),
  os: `${platform()} ${release()} ${arch()}`,
  node: process.version,
  chromium: chromiumVersion(),
  /** Other work on the machine skews absolute figures (ratios less so): the 1-minute load average. */
  loadAverageAtStart: round(loadavg()[0]),
  loadAverageAtEnd: NaN,
};
console.log(
  `zego-elements bench (${short ? 'short' : 'full'} mode) on ${machine.cpus} CPUs (load ${machine.loadAverageAtStart}), Node ${machine.node}, ${machine.chromium}`,
);

const parts: PartResult[] = [];
for (const [name, run] of Object.entries(PARTS)) {
  if (only && name !== only) continue;
  console.log(`\n[${name}]`);
  let result: PartResult;
  // every part but the bundle sizes is a timing: it is read only if the machine was quiet meanwhile
  const load = name === 'bundle' ? undefined : watchLoad();
  try {
    result = await run();
  } catch (e) {
    result = { part: name, ok: false, reason: (e as Error).stack ?? String(e), rows: [], details: {}, seconds: 0 };
  }
  if (load) {
    const window = load.end();
    result = { ...result, rows: markLoad(name, result.rows, window), details: { ...result.details, load: window } };
    if (!window.reliable) console.log(`  unreliable: ${window.reason}`);
  }
  parts.push(result);
  console.log(result.ok ? `  done in ${result.seconds.toFixed(1)} s` : `  FAILED after ${result.seconds.toFixed(1)} s: ${result.reason}`);
}

const firstLine = (s = '') => s.split('\n')[0].slice(0, 160);
// A failed part shows in the table too, even when it failed before measuring anything.
const rows = parts.flatMap((p) => (p.ok ? p.rows : [...p.rows, row(p.part, 'FAILED', null, '', undefined, firstLine(p.reason))]));
const softMisses = rows.filter((r) => r.pass === false && !r.goal?.hard);
const unreliable = rows.filter((r) => r.unreliable);
const failedParts = parts.filter((p) => !p.ok);
const ok = failedParts.length === 0 && (!strict || softMisses.length === 0);
const seconds = round((performance.now() - started) / 1000, 1);
machine.loadAverageAtEnd = round(loadavg()[0]);

console.log(`\n${textTable(rows)}\n`);
for (const p of failedParts) console.log(`FAILED ${p.part}: ${firstLine(p.reason)}`);
if (softMisses.length > 0)
  console.log(`goal missed${strict ? '' : ' (not fatal without BENCH_STRICT=1)'}: ${softMisses.map((r) => r.name).join(', ')}`);
if (unreliable.length > 0)
  console.log(`unreliable (other work on the machine while measured; run again on a quiet machine): ${unreliable.length} rows`);
console.log(`${ok ? 'ok' : 'FAILED'}: ${seconds} s in all`);

const report = {
  date: new Date().toISOString(),
  mode: short ? 'short' : 'full',
  strict,
  ok,
  seconds,
  machine,
  rows,
  parts: parts.map((p) => ({ part: p.part, ok: p.ok, reason: p.reason, seconds: round(p.seconds, 1), details: p.details })),
};
const md = [
  `# zego-elements bench, ${report.date}`,
  '',
  `${report.mode} mode, ${ok ? 'ok' : 'FAILED'}, ${seconds} s. Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMiB} MiB, ${machine.os}, Node ${machine.node}, ${machine.chromium}; load average ${machine.loadAverageAtStart} at start, ${machine.loadAverageAtEnd} at end.`,
  '',
  markdownTable(rows),
  '',
  ...failedParts.map((p) => `**FAILED ${p.part}**: ${firstLine(p.reason)}`),
  '',
].join('\n');

mkdirSync(RESULTS, { recursive: true });
// Written beside and renamed, so a reader never sees half a file (the .tmp files are git-ignored).
for (const [name, text] of [
  ['latest.json', JSON.stringify(report, null, 2) + '\n'],
  ['latest.md', md],
] as const) {
  const tmp = new URL(`${name}.tmp`, RESULTS);
  writeFileSync(tmp, text);
  renameSync(tmp, new URL(name, RESULTS));
}
console.log(`results: bench/results/latest.json, bench/results/latest.md`);
process.exit(ok ? 0 : 1);
