// What a page downloads with the script tag: the CDN entry (and the chunks it imports statically), gzip'd as a
// CDN would serve it; the ZEGO SDK chunk is reported apart because only pages with `app-id` fetch it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { row, type Row } from './lib/report.js';

const PART = 'bundle';
const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

export async function runBundle(): Promise<Row[]> {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', timeout: 180_000 });
  const dir = 'dist/cdn';
  const entry = readFileSync(join(dir, 'zego-elements.js'));
  const statics = [...entry.toString().matchAll(/^import\s*\{[^}]*\}\s*from\s*"\.\/([^"]+)"/gm)].map((m) => m[1]);
  const staticBytes = statics.map((f) => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length);
  const gz = gzipSync(entry, { level: 9 }).length + staticBytes.reduce((a, b) => a + b, 0);
  const sdk = readdirSync(join(dir, 'chunks')).find((f) => f.startsWith('ZegoExpressWebRTC') && f.endsWith('.js'));
  const rows = [
    row(PART, 'CDN entry (+ static imports), gzip', kib(gz), 'KiB', { op: '<=', target: 25 }, `${kib(entry.length)} KiB minified; static imports: ${statics.join(', ') || 'none'}`),
  ];
  if (sdk) rows.push(row(PART, 'ZEGO SDK chunk (only with app-id), gzip', kib(gzipSync(readFileSync(join(dir, 'chunks', sdk)), { level: 9 }).length), 'KiB', undefined, sdk));
  return rows;
}
