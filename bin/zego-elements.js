#!/usr/bin/env node
// The CLI: the compiled server when the package is built, else the TypeScript source through tsx (a clone).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/node/server/cli.js', import.meta.url));
let cli;
if (existsSync(built)) {
  cli = await import(pathToFileURL(built).href);
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('zego-elements: not built (npm run build) and tsx is not installed to run the sources\n');
    process.exit(1);
  }
  cli = await import(new URL('../server/cli.ts', import.meta.url).href);
}
const code = await cli.main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
