// What a page downloads with the script tag, gzip'd as a CDN would serve it: the entry (and anything it imports
// statically) before the elements are defined, then the chunks loaded on first use. A call on the local engine
// and a call on ZEGO's cloud each load all lazy chunks but one: the ZEGO SDK chunk, or the local engine's.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { row, type Row } from './lib/report.js';

const PART = 'bundle';
const DIR = 'dist/cdn';
const ENTRY = 'zego-elements.js';
const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

interface Chunk {
  gzip: number;
  minified: number;
  statics: string[];
  dynamics: string[];
}

/** A built file's size and the files it imports, as paths relative to dist/cdn. */
function chunkOf(file: string): Chunk {
  const code = readFileSync(join(DIR, file), 'utf8');
  const resolve = (spec: string) => relative(DIR, normalize(join(DIR, dirname(file), spec)));
  const statics = [...code.matchAll(/(?:^|[;}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) =>
    resolve(m[1]),
  );
  const dynamics = [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((m) => resolve(m[1]));
  return { gzip: gzipSync(code, { level: 9 }).length, minified: Buffer.byteLength(code), statics, dynamics };
}

export async function runBundle(): Promise<Row[]> {
  // NODE_ENV=production: an earlier part's Vite dev server sets it to development, which would bundle Lit's dev build
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
    timeout: 180_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const files = [
    ENTRY,
    ...readdirSync(join(DIR, 'chunks'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `chunks/${f}`),
  ];
  const chunks = new Map(files.map((f) => [f, chunkOf(f)]));
  /** `file` and everything it imports statically, transitively. */
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const s of chunks.get(file)?.statics ?? []) closure(s, seen);
    return seen;
  };
  const gz = (set: Iterable<string>) => [...set].reduce((n, f) => n + (chunks.get(f)?.gzip ?? 0), 0);
  const entry = closure(ENTRY);
  const lazy = [...new Set([...chunks.values()].flatMap((c) => c.dynamics))].filter((f) => !entry.has(f)).sort();
  const sdk = lazy.filter((f) => /ZegoExpressWebRTC/.test(f));
  const engine = lazy.filter((f) => /\/engine-[\w-]+\.js$/.test(f));
  const union = (roots: string[]) => {
    const all = new Set(entry);
    for (const r of roots) closure(r, all);
    return all;
  };
  const label = (f: string) => f.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, '');
  const statics = [...entry].filter((f) => f !== ENTRY);
  const devBuilds = [...entry].filter((f) => readFileSync(join(DIR, f), 'utf8').includes('Lit is in dev mode')).length;
  const rows = [
    row(
      PART,
      "files with Lit's development build",
      devBuilds,
      'count',
      { op: '=', target: 0, hard: true },
      'the CDN build must bundle Lit for production',
    ),
    row(
      PART,
      'CDN entry (+ static imports), gzip',
      kib(gz(entry)),
      'KiB',
      { op: '<=', target: 25 },
      `${kib(chunks.get(ENTRY)!.minified)} KiB minified; static imports: ${statics.join(', ') || 'none'}`,
    ),
  ];
  for (const f of lazy) {
    const element = /\/(call|chat|participants|prejoin)-view-/.exec(f)?.[1];
    const when = sdk.includes(f)
      ? 'with app-id only'
      : engine.includes(f)
        ? 'local engine only'
        : element
          ? `with <zego-${element}>; shared code counted`
          : 'every call; shared code counted';
    rows.push(
      row(
        PART,
        `lazy chunk ${label(f)}, gzip`,
        kib(gz([...closure(f, new Set(entry))].filter((c) => !entry.has(c)))),
        'KiB',
        undefined,
        `${when}; ${kib(chunks.get(f)!.minified)} KiB minified`,
      ),
    );
  }
  rows.push(
    row(
      PART,
      'all a local-engine call loads, gzip',
      kib(gz(union(lazy.filter((f) => !sdk.includes(f))))),
      'KiB',
      undefined,
      'entry + every lazy chunk but the SDK',
    ),
    row(
      PART,
      'all a ZEGO cloud call loads, gzip',
      kib(gz(union(lazy.filter((f) => !engine.includes(f))))),
      'KiB',
      undefined,
      'entry + every lazy chunk but the local engine',
    ),
  );
  return rows;
}
