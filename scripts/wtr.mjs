// Runs Web Test Runner once per browser, with tsx loaded so its config can start the TypeScript room server for the
// tests: Chromium as it is, then Firefox inside a private network namespace (scripts/netns.mjs: Firefox never gathers
// a 127.0.0.1 ICE candidate) with a window on a virtual X display (xvfb-run: headless Firefox cannot share a screen). `BROWSERS=firefox` (or `chromium`, or `chromium,firefox`, the default) picks the legs;
// every other argument goes to each run (`--files ...`, `--port ...`). Exits non-zero when any leg fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromiumPath } from './chromium.mjs';
import { firefoxPath, xvfbRunPath } from './browsers.mjs';
import { runInNetns } from './netns.mjs';

const KNOWN = ['chromium', 'firefox'];
const browsers = (process.env.BROWSERS ?? KNOWN.join(','))
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const unknown = browsers.filter((b) => !KNOWN.includes(b));
if (unknown.length || !browsers.length) {
  console.error(`BROWSERS=${process.env.BROWSERS}: a comma-separated list of ${KNOWN.join(', ')}`);
  process.exit(2);
}
// find or install every browser first, with a clear message when neither works
if (browsers.includes('chromium')) chromiumPath();
if (browsers.includes('firefox')) {
  firefoxPath();
  xvfbRunPath();
}

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@web/test-runner')), 'bin.js');
const args = ['--import', 'tsx', bin, '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)];

const results = [];
for (const browser of browsers) {
  if (browsers.length > 1) console.log(`\n== browser tests in ${browser}\n`);
  const env = { ...process.env, ZEGO_BROWSER: browser };
  const started = Date.now();
  // Firefox: in its network namespace, with a window on a virtual display (see xvfbRunPath)
  const status =
    browser === 'firefox'
      ? runInNetns(xvfbRunPath(), ['-a', '-s', '-screen 0 1600x1000x24 -nolisten tcp', process.execPath, ...args], { env })
      : (spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1);
  results.push({ browser, status, seconds: Math.round((Date.now() - started) / 1000) });
}
if (results.length > 1)
  for (const r of results) console.log(`${r.browser}: ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`} in ${r.seconds} s`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
