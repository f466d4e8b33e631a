// `npm start` on a fresh clone: how long until the demo and the room server answer on their one port, and until a
// page shows the demo. Each run spawns what `npm start` runs (scripts/start.ts: Vite's dev server inside the room
// server) on a free port. The first run has no Vite cache (node_modules/.vite removed, as on a fresh clone after
// `npm install`); the others reuse it. Full mode also times what `npm start` did before: a production build, then
// the same server on the built demo (`npm run preview`).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import puppeteer from 'puppeteer-core';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { round, row, type Row } from './lib/report.js';

const PART = 'start';
const REPO = new URL('..', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Spawns `command`; resolves when GET / (the demo's page) and /healthz answer on the port it printed. */
async function answered(command: string[]): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(command[0], [...command.slice(1), '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 120 s:\n${out}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /room server: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`exited (${code}):\n${out}`)));
  });
  for (;;) {
    const [page, health] = await Promise.all([
      fetch(`${url}/`).then(
        (r) => (r.ok ? r.text() : ''),
        () => '',
      ),
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    ]);
    if (page.includes('<zego-call') && health) break;
    if (performance.now() - t0 > 120_000) throw new Error(`${url} did not answer in 120 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url, ms: performance.now() - t0 };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  return exited;
}

export async function runStart({ short }: { short: boolean }): Promise<Row[]> {
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, pipe: true });
  const runs: Array<{ answer: number; shown: number }> = [];
  try {
    rmSync(`${REPO}node_modules/.vite`, { recursive: true, force: true });
    for (let i = 0; i < (short ? 2 : 5); i++) {
      const { child, url, ms } = await answered([process.execPath, '--import', 'tsx', 'scripts/start.ts', '--quiet']);
      try {
        const page = await browser.newPage();
        const t0 = performance.now();
        await page.goto(`${url}/?room=bench-start`, { waitUntil: 'load', timeout: 60_000 });
        // the pre-join screen is up: the page's modules were transformed and the call's first view loaded
        await page.waitForFunction(() => !!document.querySelector('zego-call')?.shadowRoot?.querySelector('zego-prejoin'), {
          timeout: 60_000,
          polling: 20,
        });
        runs.push({ answer: ms, shown: performance.now() - t0 });
        await page.close();
      } finally {
        await stop(child);
      }
    }
  } finally {
    await browser.close();
  }
  const rows: Row[] = [
    row(PART, 'npm start: demo and room server answer, fresh (no Vite cache)', round(runs[0].answer / 1000, 2), 's', {
      op: '<=',
      target: 5,
    }),
    row(PART, 'npm start: the demo page shown after that, fresh', round(runs[0].shown / 1000, 2), 's'),
    row(
      PART,
      `npm start: answer, median of ${runs.length - 1} later starts`,
      round(median(runs.slice(1).map((r) => r.answer)) / 1000, 2),
      's',
      {
        op: '<=',
        target: 5,
      },
    ),
    row(PART, 'npm start: the demo page shown, median of later starts', round(median(runs.slice(1).map((r) => r.shown)) / 1000, 2), 's'),
  ];
  if (!short) {
    // what npm start did before: build, then serve the build (now `npm run preview`)
    const t0 = performance.now();
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore', timeout: 600_000 });
    const { child } = await answered([process.execPath, 'bin/zego-elements.js', 'serve', '--dev', '--demo', 'dist/demo', '--quiet']);
    await stop(child);
    const preview = performance.now() - t0;
    rows.push(row(PART, 'npm run preview (production build, then serve): answers', round(preview / 1000, 1), 's'));
    rows.push(row(PART, 'npm start / npm run preview, time to answer', round(runs[0].answer / preview, 3), 'x'));
  }
  return rows;
}
