// ESLint 9 flat config. Formatting belongs to Prettier (eslint-config-prettier, last, turns off the rules that would
// fight it). Not type-aware on purpose (typescript-eslint `recommended`, no parserOptions.project): a full run stays
// a few seconds; `tsc` (npm run typecheck) already does the type checking.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Code that runs in a page: the elements, the demo, browser tests, bench/test pages, Cocos scripts, example apps.
const browserFiles = [
  'src/**/*.ts',
  'demo/**/*.ts',
  'test/browser/**/*.ts',
  'test/node/pages/**/*.ts',
  'bench/pages/**/*.ts',
  'cocos/assets/**/*.ts',
  'cocos/test/**/*.ts',
  'examples/react/src/**/*.{ts,tsx}',
  'examples/react18/src/**/*.{ts,tsx}',
  'examples/vue/src/**/*.ts',
  'examples/svelte/src/**/*.ts',
  'examples/angular/src/**/*.ts',
  'test/e2e/frameworks/**/*.{ts,tsx}',
];
// Code that runs in Node: the server, CLI, scripts, Node/e2e tests, the bench driver, tool configs.
const nodeFiles = [
  'server/**/*.ts',
  'scripts/**/*.mjs',
  'bin/**/*.js',
  'test/node/**/*.ts',
  'test/e2e/**/*.ts',
  'test/browser/*-plugin.ts', // Web Test Runner plugins, loaded by web-test-runner.config.mjs
  'bench/*.ts',
  'bench/lib/**/*.ts',
  'cocos/*.mjs',
  'examples/token-server/**/*.ts',
  '*.config.{ts,js,mjs}',
  'examples/*/vite.config.ts',
];

export default defineConfig(
  // (node_modules is ignored by default; .vue and .svelte files are never matched: linting them would need their
  // plugins and parsers, the examples' TS entries are linted)
  globalIgnores(['**/dist/**', 'custom-elements.json', 'bench/results/**', 'tmp/**', 'test/fixtures/cocos-engine/**']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // import-x: only the cycle rule (its `recommended` set adds no-unresolved, which cannot resolve `cc`, Vite's
    // '/src/...' URLs or the SDK's deep paths without more setup, and `tsc` already reports a missing module).
    plugins: { 'import-x': importX },
    settings: {
      // Without these two, import-x skips every .ts file as "not a module" and no-cycle silently reports nothing.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          // `.js` specifiers resolve to the `.ts` sources; per-folder tsconfigs give bench/pages its '/src/*' paths
          noWarnOnMultipleProjects: true,
          project: [
            'tsconfig.json',
            'tsconfig.server.json',
            'tsconfig.tests.json',
            'cocos/tsconfig.json',
            'bench/tsconfig.json',
            'bench/pages/tsconfig.json',
            'test/node/pages/tsconfig.json',
            'examples/react/tsconfig.json',
            'examples/react18/tsconfig.json',
            'examples/vue/tsconfig.json',
            'examples/svelte/tsconfig.json',
            'examples/angular/tsconfig.json',
          ],
        }),
      ],
    },
    rules: {
      // Dynamic `import()` counts as an edge (allowUnsafeDynamicCyclicDependency: false, the default): a lazy chunk
      // that statically imports its loader back is reported. `import type` never counts.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // `_`-prefixed parameters/bindings are deliberate (tsc's noUnusedParameters honours the same prefix)
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    rules: {
      // `(...args: any[]) => void` is the one way to type the SDK's callback tables (src/engine/media-element.ts)
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      // `(cond ? a() : b())` as a statement is a deliberate one-liner here (bench/pages/tiles.ts)
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true }],
      // `const self = this` / `const host = this` feed getters of a frozen API object, whose own `this` is the object
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self', 'host'] }],
    },
  },
  {
    files: browserFiles,
    ignores: ['test/browser/*-plugin.ts', 'src/shared/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // compiled for both the browser bundle and the Node server (tsconfig.server.json includes it)
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
  },
  {
    files: ['test/browser/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    files: nodeFiles,
    ignores: ['test/node/pages/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Lit elements and the web-component rules: everywhere a page runs code
    files: browserFiles,
    ignores: ['test/browser/*-plugin.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: browserFiles,
    ignores: ['test/browser/*-plugin.ts'],
    plugins: wc.configs['flat/best-practice'].plugins,
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // best-practice = recommended + 10 more
      ...wc.configs['flat/best-practice'].rules,
      // the rule guards `super.connectedCallback()` for bare HTMLElement subclasses; every element here extends
      // LitElement, whose ReactiveElement base always defines connectedCallback/disconnectedCallback
      'wc/guard-super-call': 'off',
    },
  },
  prettier,
);
