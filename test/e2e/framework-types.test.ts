// The packed package (`npm pack`) installed into apps made as a user makes them, with each framework's types from
// the npm registry: one file per framework (test/e2e/frameworks/) type-checks with the shipped typings, except the
// line after its `wrong:` comment, which must fail with the checker's message: a wrong attribute or property type
// (React 19, React 18, Preact, Solid, Vue, Svelte), a handler of the wrong event (Angular, whose
// CUSTOM_ELEMENTS_SCHEMA leaves attributes unchecked). The React 18 and Angular examples are built there and run.
//
// Two installs, at the same time: React 18 cannot share node_modules with React 19's types (the kit's typings
// resolve `react` from where the package is installed), so examples/react18 is an app of its own; everything else is
// one app. npm's cache makes a second run mostly offline; each step prints how long it took.
import assert from 'node:assert/strict';
import { execFile as execFileCb } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify, stripVTControlCharacters } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { REPO, builtApp, checkKitBuilt, ensureBuilt, exampleHearsLogin, launchChromium } from './helpers.js';

const execFile = promisify(execFileCb);
const FIXTURES = join(REPO, 'test/e2e/frameworks');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const root = mkdtempSync(join(tmpdir(), 'zego-framework-types-'));
const app = join(root, 'app');
const react18 = join(root, 'react18');
let browser: Browser | undefined;

/** Versions of the frameworks checked: the current major of each that installs on Node 20 (solid-js 2 needs 22). */
const APP_DEPENDENCIES = {
  typescript: '~5.9.3',
  '@types/react': '^19.0.0',
  preact: '^11.0.0',
  'solid-js': '^1.9.0',
  vue: '^3.5.0',
  'vue-tsc': '^3.0.0',
  svelte: '^5.0.0',
  'svelte-check': '^4.0.0',
};

const timings: string[] = [];
async function timed<T>(what: string, f: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  try {
    return await f();
  } finally {
    const line = `${what}: ${((Date.now() - start) / 1000).toFixed(1)} s`;
    timings.push(line);
    console.log(line);
  }
}

/** `npm install` in `dir` (npm's cache first; no audit, no funding notes). */
async function npmInstall(dir: string): Promise<void> {
  await execFile(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** Runs `bin` (a path under `modules`/node_modules) in `cwd`; returns its output whether it passed or not. */
async function run(cwd: string, bin: string, args: string[], modules = cwd): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await execFile(process.execPath, [join(modules, 'node_modules', bin), ...args], {
      cwd,
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

/** tsc's and vue-tsc's `file(line,col): error TSxxxx: message` diagnostics, with their indented elaboration lines. */
function tscDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^(\S[^(\n]*)\((\d+),\d+\): error TS\d+: (.*(?:\n[ \t]+.*)*)/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    message: m[3],
  }));
}

/** svelte-check's `--output machine` ERROR lines. */
function svelteDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^\d+ ERROR "([^"]+)" (\d+):\d+ "(.*)"$/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    message: JSON.parse(`"${m[3]}"`) as string,
  }));
}

/** ngc's `file:line:col - error TSxxxx: message` lines (colours stripped first: ngc colours whatever the terminal). */
function ngcDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^(\S+):(\d+):\d+ - error [A-Z]+-?\d+: (.*)$/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    message: m[3],
  }));
}

/** The line after the fixture's `// wrong:` (or `<!-- wrong:`) comment, 1-based. */
function wrongLine(fixture: string): number {
  const lines = readFileSync(join(FIXTURES, fixture), 'utf8').split('\n');
  const i = lines.findIndex((l) => /^\s*(\/\/|<!--)\s*wrong:/.test(l));
  assert.ok(i >= 0, `${fixture} has a wrong: line`);
  return i + 2;
}

/**
 * Among the diagnostics of the app's own files and of the kit's shipped files, exactly one: on the line after
 * `wrong:`, saying `message` (the last line of tsc's elaboration, the reason). Errors inside the frameworks' or the
 * ZEGO SDK's own typings (the SDK's show with skipLibCheck off) are not this package's.
 */
function assertOnlyWrongLine(all: Diagnostic[], fixture: string, message: string, output: string): void {
  const ours = all.filter((d) => !d.file.includes('node_modules/') || d.file.includes('node_modules/zego-elements/'));
  const where = (d: Diagnostic) => `${d.file.endsWith(fixture) ? fixture : d.file}:${d.line}`;
  const context = `the checker said:\n${output.slice(0, 6000)}`;
  assert.deepEqual(ours.map(where), [`${fixture}:${wrongLine(fixture)}`], `only the wrong line of ${fixture} fails; ${context}`);
  assert.ok(ours[0].message.includes(message), `${fixture}: the error says "${message}"; ${context}`);
  console.log(`${fixture}:${ours[0].line}: ${message}`);
}

const compilerOptions = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  noEmit: true,
  // on: errors in the kit's shipped .d.ts files must show (the SDK's and the frameworks' are filtered out)
  skipLibCheck: false,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  types: [],
};

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

before(async () => {
  await timed('npm run build (when stale)', () =>
    ensureBuilt(['dist/npm/index.js', 'dist/frameworks/jsx.d.ts', 'dist/react/index.js', 'dist/cdn/zego-elements.js']),
  );
  const tgz = await timed('npm pack', async () => {
    const { stdout } = await execFile(NPM, ['pack', '--pack-destination', root, '--silent'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    return join(root, stdout.trim().split('\n').pop()!);
  });

  // the app: every framework but React 18, and the Angular example
  mkdirSync(app);
  const angular = JSON.parse(readFileSync(join(REPO, 'examples/angular/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const angularDeps = { ...angular.dependencies, ...angular.devDependencies };
  delete angularDeps['zego-elements'];
  delete angularDeps.typescript;
  writeJson(join(app, 'package.json'), {
    name: 'zego-framework-types',
    private: true,
    type: 'module',
    dependencies: { 'zego-elements': `file:${tgz}`, ...APP_DEPENDENCIES, ...angularDeps },
  });
  for (const f of readdirSync(FIXTURES)) cpSync(join(FIXTURES, f), join(app, f));
  cpSync(join(REPO, 'examples/angular'), join(app, 'angular'), { recursive: true, filter: (src) => !/node_modules|[\\/]dist$/.test(src) });

  // React 18: examples/react18 as it is, the kit from the tarball
  cpSync(join(REPO, 'examples/react18'), react18, { recursive: true, filter: (src) => !/node_modules|[\\/]dist$/.test(src) });
  const pkg = JSON.parse(readFileSync(join(react18, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies['zego-elements'] = `file:${tgz}`;
  writeJson(join(react18, 'package.json'), pkg);
  cpSync(join(FIXTURES, 'react18.tsx'), join(react18, 'react18.tsx'));

  await Promise.all([
    timed('npm install: the app (React 19 types, Preact, Solid, Vue, Svelte, Angular)', () => npmInstall(app)),
    timed('npm install: React 18 (examples/react18)', () => npmInstall(react18)),
  ]);
});

after(async () => {
  await browser?.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
  console.log(`framework-types timings:\n  ${timings.join('\n  ')}`);
});

describe('the packed package in framework apps (types from the npm registry)', { concurrency: 2 }, () => {
  it('React 19, Preact and Solid (tsc): the tags type-check; a wrong attribute type fails', { timeout: 300_000 }, async () => {
    writeJson(join(app, 'tsconfig.jsx.json'), {
      // each fixture names its JSX runtime (@jsxImportSource): one program for the three
      compilerOptions: { ...compilerOptions, jsx: 'react-jsx' },
      files: ['react19.tsx', 'preact.tsx', 'solid.tsx'],
    });
    const { ok, output } = await timed('tsc: React 19, Preact, Solid', () =>
      run(app, 'typescript/bin/tsc', ['-p', 'tsconfig.jsx.json', '--pretty', 'false']),
    );
    assert.equal(ok, false, 'the wrong lines fail');
    const all = tscDiagnostics(output);
    const by = (f: string) => all.filter((d) => !d.file.endsWith('.tsx') || d.file.endsWith(f));
    assertOnlyWrongLine(by('react19.tsx'), 'react19.tsx', "Type 'string' is not assignable to type 'number'.", output);
    assertOnlyWrongLine(by('preact.tsx'), 'preact.tsx', `Type '"carousel"' is not assignable to type 'RemoteLayout | undefined'.`, output);
    assertOnlyWrongLine(by('solid.tsx'), 'solid.tsx', "Type 'string' is not assignable to type 'number'.", output);
  });

  it('Vue (vue-tsc): the tags and @zego-* listeners type-check; a wrong attribute type fails', { timeout: 300_000 }, async () => {
    writeJson(join(app, 'tsconfig.vue.json'), { compilerOptions: { ...compilerOptions, jsx: 'preserve' }, files: ['vue.vue'] });
    const { ok, output } = await timed('vue-tsc: Vue', () =>
      run(app, 'vue-tsc/bin/vue-tsc.js', ['-p', 'tsconfig.vue.json', '--pretty', 'false']),
    );
    assert.equal(ok, false, 'the wrong line fails');
    assertOnlyWrongLine(tscDiagnostics(output), 'vue.vue', "Type 'string' is not assignable to type 'number'.", output);
  });

  it(
    'Svelte 5 (svelte-check): the tags and onzego-* attributes type-check; a wrong attribute type fails',
    { timeout: 300_000 },
    async () => {
      mkdirSync(join(app, 'svelte'));
      cpSync(join(app, 'svelte.svelte'), join(app, 'svelte', 'svelte.svelte'));
      writeJson(join(app, 'svelte', 'tsconfig.json'), { compilerOptions, include: ['*.svelte'] });
      const { ok, output } = await timed('svelte-check: Svelte', () =>
        run(app, 'svelte-check/bin/svelte-check', [
          '--workspace',
          join(app, 'svelte'),
          '--tsconfig',
          join(app, 'svelte/tsconfig.json'),
          '--output',
          'machine',
        ]),
      );
      assert.equal(ok, false, 'the wrong line fails');
      assertOnlyWrongLine(svelteDiagnostics(output), 'svelte.svelte', "Type 'string' is not assignable to type 'number'.", output);
    },
  );

  it("Angular (ngc, strictTemplates): $event is the kit's event; a handler of another event fails", { timeout: 300_000 }, async () => {
    writeJson(join(app, 'tsconfig.angular.json'), {
      // skipLibCheck: ngc stops at the SDK's own typing errors before it checks templates (the kit's .d.ts files are
      // checked with it off above)
      compilerOptions: {
        ...compilerOptions,
        skipLibCheck: true,
        module: 'ES2022',
        noEmit: false,
        outDir: 'out-angular',
        verbatimModuleSyntax: false,
      },
      angularCompilerOptions: { strictTemplates: true },
      files: ['angular.ts'],
    });
    const { ok, output } = await timed('ngc: Angular', () =>
      run(app, '@angular/compiler-cli/bundles/src/bin/ngc.js', ['-p', 'tsconfig.angular.json']),
    );
    assert.equal(ok, false, 'the wrong binding fails');
    assertOnlyWrongLine(
      ngcDiagnostics(stripVTControlCharacters(output)),
      'angular.ts',
      `Argument of type 'ZegoErrorEvent' is not assignable to parameter of type 'ZegoEngineEvent<"roomStateChanged">'.`,
      output,
    );
  });

  it('React 18 (tsc): the components of zego-elements/react type-check; a wrong property type fails', { timeout: 300_000 }, async () => {
    writeJson(join(react18, 'tsconfig.check.json'), { compilerOptions: { ...compilerOptions, jsx: 'react-jsx' }, files: ['react18.tsx'] });
    const { ok, output } = await timed('tsc: React 18', () =>
      run(react18, 'typescript/bin/tsc', ['-p', 'tsconfig.check.json', '--pretty', 'false']),
    );
    assert.equal(ok, false, 'the wrong line fails');
    assertOnlyWrongLine(tscDiagnostics(output), 'react18.tsx', "Type 'string' is not assignable to type 'number'.", output);
  });
});

describe('examples built against the packed package', () => {
  it('examples/react18 type-checks, builds, logs in, and its onRoomStateChanged hears LOGINED', { timeout: 300_000 }, async () => {
    const check = await timed('tsc: examples/react18', () => run(react18, 'typescript/bin/tsc', ['-p', '.', '--pretty', 'false']));
    assert.ok(check.ok, check.output);
    const built = await timed('vite build: examples/react18', () =>
      run(react18, 'vite/bin/vite.js', ['build', '--logLevel', 'error', '--minify', 'false']),
    );
    assert.ok(built.ok, built.output);
    const { entry, files } = builtApp(join(react18, 'dist'));
    checkKitBuilt(entry, files);
    // the component listens itself (React 18 would not): @lit/react's map from prop to event name
    assert.match(entry, /onRoomStateChanged:\s*["']zego-room-state-changed["']/);
    const react = [...files.values()].find((t) => /\bReactCurrentOwner\b|__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED/.test(t));
    assert.ok(react, 'React 18 is in the build (not 19)');
    browser ??= await launchChromium();
    await timed('run: examples/react18', () => exampleHearsLogin(browser!, join(react18, 'dist')));
  });

  it(
    'examples/angular builds (ng build, strictTemplates), logs in, and its (zego-room-state-changed) hears LOGINED',
    { timeout: 300_000 },
    async () => {
      const angular = join(app, 'angular');
      // ng finds angular.json in its working directory; its packages are the app's
      const result = await timed('ng build: examples/angular', () => run(angular, '@angular/cli/bin/ng.js', ['build'], app));
      assert.ok(result.ok, result.output);
      const dist = join(angular, 'dist', 'browser');
      const { entry, files } = builtApp(dist);
      checkKitBuilt(entry, files);
      browser ??= await launchChromium();
      await timed('run: examples/angular', () => exampleHearsLogin(browser!, dist));
    },
  );
});
