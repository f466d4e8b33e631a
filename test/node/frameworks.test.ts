// The framework typings and React components are generated from custom-elements.json (scripts/frameworks.mjs, run by
// `npm run build`): every element, attribute, writable property and event of the manifest must be in each of
// them, and dist/ must hold what the current manifest generates (a build older than the manifest would ship stale
// typings). That they type-check, and fail on a wrong type, is test/e2e/framework-types.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import {
  TYPE_ENTRIES,
  elementsOf,
  frameworkFiles,
  reactComponentName,
  reactEventProp,
  type CemElement,
} from '../../scripts/frameworks.mjs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as unknown;
const elements = elementsOf(manifest);
const files = frameworkFiles(manifest);
const file = (path: string) => {
  const text = files.get(path);
  assert.ok(text, `${path} is generated`);
  return text;
};
const camelize = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
/** A key of a generated object type, quoted or not (Prettier unquotes identifiers). */
const key = (k: string) => new RegExp(`(^|[\\s{;])(${k.replace(/[$:]/g, '\\$&')}|"${k.replace(/[$:]/g, '\\$&')}")\\?:`, 'm');
const writable = (el: CemElement) =>
  (el.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && !m.readonly && !m.attribute && m.privacy !== 'private' && m.privacy !== 'protected',
  );

describe('framework typings and React components, from custom-elements.json', () => {
  it("the manifest has the kit's seven elements, each with events", () => {
    assert.deepEqual(elements.map((el) => el.tagName).sort(), [
      'zego-call',
      'zego-chat',
      'zego-local-video',
      'zego-participants',
      'zego-prejoin',
      'zego-remote-videos',
      'zego-room',
    ]);
    for (const el of elements) assert.ok(el.events?.length, `<${el.tagName}> declares its events (@fires)`);
  });

  it('React event props are the event names in camel case, without zego-, one per event', () => {
    assert.equal(reactEventProp('zego-room-state-changed'), 'onRoomStateChanged');
    assert.equal(reactEventProp('zego-error'), 'onError');
    assert.equal(reactEventProp('zego-im-recv-broadcast-message'), 'onImRecvBroadcastMessage');
    assert.equal(reactComponentName('zego-remote-videos'), 'ZegoRemoteVideos');
    for (const el of elements) {
      const props = (el.events ?? []).map((e) => reactEventProp(e.name));
      assert.equal(new Set(props).size, props.length, `<${el.tagName}>: two events map to one prop`);
      const fields = new Set([...(el.attributes ?? []).map((a) => a.fieldName), ...(el.members ?? []).map((m) => m.name)]);
      for (const p of props) assert.ok(!fields.has(p), `<${el.tagName}>: event prop ${p} is also a member of the element`);
    }
  });

  for (const el of elements) {
    it(`<${el.tagName}>: every attribute, writable property and event is in every typing`, () => {
      const attributes = el.attributes ?? [];
      const events = el.events ?? [];
      const jsx = file('frameworks/jsx-elements.d.ts');
      const svelte = file('frameworks/svelte-elements.d.ts');
      const solid = file('frameworks/solid-elements.d.ts');
      const vue = file('frameworks/vue.d.ts');
      const reactJs = file('react/index.js');
      const reactDts = file('react/index.d.ts');
      for (const text of [jsx, svelte, solid]) assert.match(text, new RegExp(`"${el.tagName}": Partial<${el.name}Props`));
      assert.match(vue, new RegExp(`"${el.tagName}": DefineComponent<`));
      assert.match(reactJs, new RegExp(`tagName: "${el.tagName}",\\s*elementClass: ${el.name},`));
      assert.match(reactDts, new RegExp(`export declare const ${reactComponentName(el.tagName)}: `));

      for (const a of attributes) {
        for (const text of [jsx, svelte, solid]) assert.match(text, key(a.name), `attribute ${a.name}`);
        assert.match(vue, key(camelize(a.name)), `Vue: attribute ${a.name} as Volar camelizes it`);
        if (a.fieldName) assert.match(reactDts, key(a.fieldName), `React: property ${a.fieldName} of ${a.name}`);
      }
      for (const p of writable(el)) {
        assert.match(jsx, key(p.name), `property ${p.name}`);
        assert.match(svelte, key(`bind:${p.name}`), `Svelte: bind:${p.name}`);
        assert.match(solid, key(`prop:${p.name}`), `Solid: prop:${p.name}`);
        assert.match(vue, key(p.name), `Vue: property ${p.name}`);
        assert.match(reactDts, key(p.name), `React: property ${p.name}`);
      }
      for (const e of events) {
        // each handler takes the event the kit declares for that name (HTMLElementEventMap), not a CustomEvent
        const handler = `\\(\\s*e(vent)?: HTMLElementEventMap\\["${e.name}"\\],?\\s*\\) => void`;
        assert.match(jsx, new RegExp(`"on${e.name}"\\?: ${handler}`), `JSX: on${e.name}`);
        assert.match(svelte, new RegExp(`"on:${e.name}"\\?: ${handler}`), `Svelte: on:${e.name}`);
        assert.match(solid, new RegExp(`"on:${e.name}"\\?: ${handler}`), `Solid: on:${e.name}`);
        assert.match(vue, new RegExp(`on${camelize(`-${e.name}`)}\\?: ${handler}`), `Vue: @${e.name}`);
        assert.match(reactJs, new RegExp(`${reactEventProp(e.name)}: "${e.name}",`), `React: ${reactEventProp(e.name)} listens`);
        assert.match(reactDts, new RegExp(`${reactEventProp(e.name)}\\?: ${handler}`), `React: ${reactEventProp(e.name)} typed`);
      }
    });
  }

  it('package.json exports each entry, React as JavaScript and types, the others as types only', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      customElements: string;
    };
    assert.deepEqual(pkg.exports['./react'], { types: './dist/react/index.d.ts', default: './dist/react/index.js' });
    for (const name of TYPE_ENTRIES) {
      assert.deepEqual(pkg.exports[`./${name}`], { types: `./dist/frameworks/${name}.d.ts` });
      assert.ok(files.has(`frameworks/${name}.d.ts`), `${name}.d.ts is generated`);
    }
    assert.ok(pkg.files.includes('dist'));
    for (const peer of ['react', 'vue', 'svelte', 'solid-js', 'preact']) {
      assert.ok(pkg.peerDependencies[peer], `${peer} is a peer dependency`);
      assert.equal(pkg.peerDependenciesMeta[peer]?.optional, true, `${peer} is optional`);
    }
    assert.equal(pkg.customElements, 'custom-elements.json');
  });

  describe('dist/ (as `npm run build` left it)', { skip: !existsSync('dist/frameworks') && 'not built: npm run build' }, () => {
    it('holds what the current custom-elements.json generates (run `npm run build`)', () => {
      for (const [path, text] of files) assert.equal(readFileSync(join('dist', path), 'utf8'), text, `dist/${path} is stale`);
    });

    it('zego-elements/react defines the elements and imports none of the modules that load on first use', () => {
      const lazy = [...readFileSync('src/lazy.ts', 'utf8').matchAll(/import\('\.\/([^']+)'\)/g)].map((m) =>
        normalize(join('dist/npm', m[1])),
      );
      assert.ok(lazy.length >= 8, 'src/lazy.ts lists the lazy modules');
      const seen = new Set<string>();
      const walk = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        for (const m of readFileSync(path, 'utf8').matchAll(
          /(?:^|[;\n])\s*(?:import|export)\s+(?:[\w*{}\s,$]+\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g,
        ))
          walk(normalize(join(dirname(path), m[1])));
      };
      walk('dist/react/index.js');
      assert.ok(seen.has(normalize('dist/npm/define.js')), 'it imports define.js');
      assert.deepEqual(
        lazy.filter((p) => seen.has(p)),
        [],
        'statically imported lazy modules',
      );
    });
  });
});
