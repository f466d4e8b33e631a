#!/usr/bin/env node
// Copies the kit into a Cocos Creator 3.8 project:
//   node cocos/copy-bundle.mjs <cocos-project>            the CDN bundle (dist/cdn/*) into
//                                                        <project>/build-templates/web-mobile/rtc/ and
//                                                        <project>/preview-template/rtc/
//   node cocos/copy-bundle.mjs <cocos-project> --all      also the two index.ejs templates and the component
//                                                        (assets/zego/ZegoVideoSprite.ts, VideoSpriteDriver.ts)
// Run `npm run build` first. An index.ejs that the project already has and that differs is left alone unless
// --force is given (it may carry the studio's own changes). Cocos copies everything in build-templates/web-mobile/
// into the build as it is, so the bundle and its lazy SDK chunk ride along.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cdn = resolve(here, '..', 'dist', 'cdn');

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [project] = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => !['--all', '--force', '--no-maps'].includes(f));

if (!project || unknown.length) {
  console.error('usage: node cocos/copy-bundle.mjs <cocos-project> [--all] [--force] [--no-maps]');
  process.exit(2);
}
const root = resolve(project);
if (!existsSync(join(root, 'assets')) || !existsSync(join(root, 'package.json'))) {
  console.error(`${root} does not look like a Cocos Creator project (no assets/ or package.json)`);
  process.exit(1);
}
if (!existsSync(join(cdn, 'zego-elements.js'))) {
  console.error(`${join(cdn, 'zego-elements.js')} is missing: run \`npm run build\` in the kit first`);
  process.exit(1);
}

const copied = [];
const skipped = [];

function copy(from, to, { keepDifferent = false } = {}) {
  mkdirSync(dirname(to), { recursive: true });
  if (keepDifferent && existsSync(to) && !flags.has('--force') && !readFileSync(to).equals(readFileSync(from))) {
    skipped.push(to);
    return;
  }
  copyFileSync(from, to);
  copied.push(to);
}

/** dist/cdn/** into dir, replacing what an earlier copy left (old chunk names would ride along otherwise). */
function copyBundle(dir) {
  rmSync(dir, { recursive: true, force: true });
  const walk = (from, to) => {
    for (const name of readdirSync(from)) {
      const f = join(from, name);
      if (statSync(f).isDirectory()) walk(f, join(to, name));
      else if (!(flags.has('--no-maps') && name.endsWith('.map'))) copy(f, join(to, name));
    }
  };
  walk(cdn, dir);
}

copyBundle(join(root, 'build-templates', 'web-mobile', 'rtc'));
copyBundle(join(root, 'preview-template', 'rtc'));

if (flags.has('--all')) {
  for (const t of ['build-templates/web-mobile/index.ejs', 'preview-template/index.ejs']) {
    copy(join(here, t), join(root, t), { keepDifferent: true });
  }
  for (const f of ['ZegoVideoSprite.ts', 'VideoSpriteDriver.ts']) {
    copy(join(here, 'assets', f), join(root, 'assets', 'zego', f), { keepDifferent: true });
  }
}

for (const f of copied) console.log(`copied   ${f}`);
for (const f of skipped) console.log(`kept     ${f} (differs from the kit's; --force replaces it)`);
if (skipped.length) process.exitCode = 3;
