// `npm run build`: the CDN bundle (Vite), the npm modules and typings (tsc), the framework typings and React
// components generated from custom-elements.json (scripts/frameworks.mjs), the Node server (tsc) and the demo.
import { build } from 'vite';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateFrameworks } from './frameworks.mjs';

// Always a production build: with NODE_ENV=development in the environment, Vite would bundle Lit's development build.
process.env.NODE_ENV = 'production';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const run = (args) => execFileSync(process.execPath, [tsc, ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
run(['-p', 'tsconfig.build.json']);
generateFrameworks(JSON.parse(readFileSync('custom-elements.json', 'utf8')), 'dist');
run(['-p', 'tsconfig.server.json']);
await build({
  configFile: false,
  root: 'demo',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../dist/demo', emptyOutDir: true, target: 'es2022' },
});
console.log('built dist/cdn, dist/npm, dist/frameworks, dist/react, dist/node, dist/demo');
