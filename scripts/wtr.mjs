// Runs Web Test Runner with tsx loaded, so its config can start the TypeScript room server for the tests.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromiumPath } from './chromium.mjs';

chromiumPath(); // find or install Chromium first, with a clear message when neither works
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@web/test-runner')), 'bin.js');
const r = spawnSync(process.execPath, ['--import', 'tsx', bin, '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
