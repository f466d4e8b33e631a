// The local engine's API surface against the installed ZEGO SDK (the analysis is test/node/sdk-surface.ts).
//   node --import tsx scripts/api-surface.ts            prints missing/mismatched members per class and the totals
//   node --import tsx scripts/api-surface.ts --write    also writes docs/local-engine-api.md
//   node --import tsx scripts/api-surface.ts --check    exits 1 when docs/local-engine-api.md is stale
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { compareSurface, DOC_PATH, readmeLine, renderDoc, renderSummary, ROOT } from '../test/node/sdk-surface.js';

const reports = compareSurface();
console.log(renderSummary(reports));
const doc = renderDoc(reports);
const where = relative(ROOT, DOC_PATH);
if (process.argv.includes('--write')) {
  mkdirSync(dirname(DOC_PATH), { recursive: true });
  writeFileSync(DOC_PATH, doc);
  console.log(`\nwrote ${where}`);
} else if (process.argv.includes('--check')) {
  const current = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '';
  if (current !== doc) {
    console.error(`\n${where} is stale: node --import tsx scripts/api-surface.ts --write`);
    process.exitCode = 1;
  }
}
console.log(`\nREADME: ${readmeLine(reports)}`);
