// The analyzer lists modules in file-system order, which differs between runs and machines: sort them by path so
// custom-elements.json only changes when the source does.
import { readFileSync, writeFileSync } from 'node:fs';

export function sortManifest(manifest) {
  manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'custom-elements.json';
  writeFileSync(file, `${JSON.stringify(sortManifest(JSON.parse(readFileSync(file, 'utf8'))), null, 2)}\n`);
}
