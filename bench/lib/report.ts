import type { LoadWindow } from './load.js';

/**
 * Rows, goals and the two renderings of a bench run (a text table for stdout, a markdown table for the file).
 * A goal is data (`<= 1.15`), never a verdict: `pass` is computed from the measured value.
 */

export interface Goal {
  op: '<=' | '>=' | '=';
  target: number;
  /**
   * A correctness goal (no message crosses rooms, nothing leaks): missing it fails the part. A speed or memory
   * goal only marks the row as missed, because one noisy run on a shared machine should not fail CI; set
   * BENCH_STRICT=1 to make those fail too.
   */
  hard?: boolean;
}

export interface Row {
  part: string;
  name: string;
  /** null when the figure could not be measured (the part failed before it). */
  value: number | null;
  unit: string;
  goal?: Goal;
  pass?: boolean;
  /** Measured while other processes kept the machine busy (bench/lib/load.ts): shown, but not read as a result. */
  unreliable?: boolean;
  note?: string;
}

export interface PartResult {
  part: string;
  ok: boolean;
  /** Why the part failed: an exception, a broken invariant, or a missed hard goal. */
  reason?: string;
  rows: Row[];
  /** Raw samples and context for the JSON file. */
  details: Record<string, unknown>;
  seconds: number;
}

export function row(part: string, name: string, value: number | null, unit: string, goal?: Goal, note?: string): Row {
  const r: Row = { part, name, value, unit };
  if (goal) {
    r.goal = goal;
    r.pass = value !== null && Number.isFinite(value) && meets(value, goal);
  }
  if (note) r.note = note;
  return r;
}

function meets(v: number, g: Goal): boolean {
  if (g.op === '<=') return v <= g.target;
  if (g.op === '>=') return v >= g.target;
  return v === g.target;
}

export function goalText(g: Goal | undefined): string {
  if (!g) return '';
  return `${g.op === '=' ? '=' : g.op === '<=' ? '≤' : '≥'} ${g.target}${g.hard ? ' (hard)' : ''}`;
}

export function passText(r: Row): string {
  if (r.unreliable) return 'unreliable';
  if (r.pass === undefined) return '';
  return r.pass ? 'pass' : r.goal?.hard ? 'FAIL' : 'miss';
}

export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function cells(r: Row): string[] {
  return [r.part, r.name, formatValue(r.value), r.unit, goalText(r.goal), passText(r), r.note ?? ''];
}

const HEAD = ['part', 'name', 'value', 'unit', 'goal', 'pass', 'note'];

export function textTable(rows: Row[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((s, i) => (i === 2 ? s.padStart(widths[i]) : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map((_, i) => (i === 2 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}

// ---- statistics ----

/**
 * Marks a timing part's rows as unreliable when the machine was busy with other work while it ran: their speed
 * goals are neither passed nor missed (correctness goals still count), and a row says how busy it was.
 */
export function markLoad(part: string, rows: Row[], load: LoadWindow): Row[] {
  const marked = load.reliable ? rows : rows.map((r) => (r.goal?.hard ? r : { ...r, unreliable: true, pass: undefined }));
  const note = `load average ${load.loadBefore.toFixed(1)} -> ${load.loadAfter.toFixed(1)}; the bench itself ${formatValue(load.ownCores)} cores`;
  return [
    ...marked,
    row(
      part,
      'other processes while it ran',
      Number.isFinite(load.otherCores) ? load.otherCores : null,
      'cores',
      { op: '<=', target: 1 },
      note,
    ),
  ];
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
export const mib = (bytes: number) => bytes / (1024 * 1024);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}

/** Rejects after `ms` with `what` in the message; the timer never outlives the promise. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
