// The React 19, Vue 3 and Svelte 5 examples build with Vite against the built package (they import `zego-elements`
// as an app does, through the package's exports), type-check with its shipped typings (tsc, vue-tsc,
// svelte-check), and what they built works: the elements are defined, the framework hands them their attributes
// and properties, and the framework's own listener hears a `zego-*` event. (React 18 and Angular are in
// framework-types.test.ts: they need their own installs.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { build } from 'vite';
import { REPO, builtApp, checkKitBuilt, ensureBuilt, exampleHearsLogin, launchChromium } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'zego-examples-'));
const require = createRequire(import.meta.url);
let browser: Browser | undefined;

before(() => ensureBuilt(['dist/npm/index.js', 'dist/frameworks/jsx.d.ts', 'dist/react/index.js']));

after(async () => {
  await browser?.close().catch(() => {});
  rmSync(out, { recursive: true, force: true });
});

/** Builds examples/NAME unminified (so the output can be read). */
async function buildExample(name: string): Promise<{ dir: string; entry: string; files: Map<string, string> }> {
  const dir = join(out, name);
  await build({
    configFile: join(REPO, 'examples', name, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true, minify: false },
  });
  return { dir, ...builtApp(dir) };
}

/** Runs a type checker (a package's bin) from the repository; its output is the failure's message. */
function check(bin: string, args: string[]): void {
  try {
    execFileSync(process.execPath, [require.resolve(bin), ...args], { cwd: REPO, stdio: 'pipe', timeout: 110_000 });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
    assert.fail(`${bin} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The kit's elements in a Vite build: its tags rendered, the elements defined, the SDK a chunk of its own. */
function checkKit(entry: string, files: Map<string, string>): void {
  for (const tag of ['zego-room', 'zego-local-video', 'zego-remote-videos'])
    assert.match(entry, new RegExp(`["'\`]${tag}["'\`]`), `<${tag}> is rendered`);
  checkKitBuilt(entry, files);
  assert.equal([...files.keys()].filter((f) => /ZegoExpressWebRTC/.test(f)).length, 1, 'the ZEGO SDK is a chunk of its own');
}

async function hearsLogin(dir: string): Promise<void> {
  browser ??= await launchChromium();
  await exampleHearsLogin(browser, dir);
}

describe('examples/react (React 19)', () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  before(async () => {
    built = await buildExample('react');
  });

  it('builds with the kit, its tags and on<event> props', () => {
    checkKit(built.entry, built.files);
    // React 19 adds a listener for the event named after the prop without `on`
    assert.match(built.entry, /["']onzego-room-state-changed["']\s*:/);
    assert.match(built.entry, /["']onzego-error["']\s*:/);
  });

  it('type-checks with zego-elements/jsx (the shipped JSX typings)', { timeout: 120_000 }, () => {
    check('typescript/bin/tsc', ['-p', 'examples/react/tsconfig.json']);
  });

  it('the built app logs in and its onzego-room-state-changed handler hears LOGINED', { timeout: 90_000 }, async () => {
    await hearsLogin(built.dir);
  });
});

describe('examples/vue (Vue 3)', () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  before(async () => {
    built = await buildExample('vue');
  });

  it('builds with the kit, its tags as custom elements and @zego-* listeners', () => {
    checkKit(built.entry, built.files);
    // isCustomElement: Vue renders the tags as elements, never tries to resolve them as components
    assert.doesNotMatch(built.entry, /resolveComponent\(\s*["']zego-/);
    // @zego-room-state-changed compiles to onZegoRoomStateChanged, which Vue's runtime listens to as zego-room-state-changed
    assert.match(built.entry, /onZegoRoomStateChanged\s*:/);
    assert.match(built.entry, /onZegoError\s*:/);
  });

  it('type-checks with vue-tsc and zego-elements/vue (the shipped GlobalComponents)', { timeout: 120_000 }, () => {
    check('vue-tsc/bin/vue-tsc.js', ['-p', 'examples/vue/tsconfig.json']);
  });

  it('the built app logs in and its @zego-room-state-changed listener hears LOGINED', { timeout: 90_000 }, async () => {
    await hearsLogin(built.dir);
  });
});

describe('examples/svelte (Svelte 5)', () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  before(async () => {
    built = await buildExample('svelte');
  });

  it('builds with the kit and onzego-* event attributes', () => {
    checkKit(built.entry, built.files);
    // Svelte 5 compiles `onzego-room-state-changed={f}` on an element to a listener of `zego-room-state-changed`
    assert.match(built.entry, /event\(\s*["']zego-room-state-changed["']/);
  });

  it('type-checks with svelte-check and zego-elements/svelte (the shipped element types)', { timeout: 120_000 }, () => {
    check('svelte-check/bin/svelte-check', ['--tsconfig', 'examples/svelte/tsconfig.json', '--fail-on-warnings', '--output', 'machine']);
  });

  it('the built app logs in and its onzego-room-state-changed handler hears LOGINED', { timeout: 90_000 }, async () => {
    await hearsLogin(built.dir);
  });
});
