// Framework typings and React wrappers, generated from custom-elements.json by `npm run build` (and by
// `node scripts/frameworks.mjs [outDir]`): nothing here names an element, an attribute or an event, so the files can
// only be as current as the manifest (test/node/frameworks.test.ts fails when dist/ holds other ones).
//
// Under dist/ (or outDir):
//   frameworks/jsx-elements.d.ts     custom-element-jsx-integration: attributes, properties, `on<event-name>` props
//   frameworks/svelte-elements.d.ts  custom-element-svelte-integration: `on:<event-name>`, `bind:<property>`
//   frameworks/solid-elements.d.ts   custom-element-solidjs-integration: `on:<event-name>`, `prop:<property>`
//   frameworks/{jsx,preact,svelte,solid}.d.ts  the entries users import: each puts the generated elements, with
//                                    the framework's own HTML props, into its JSX or template types
//                                    (`zego-elements/jsx` is React 19's JSX)
//   frameworks/vue.d.ts              Vue's GlobalComponents, written here (see `vueTypes`)
//   react/index.js, react/index.d.ts React components on @lit/react's createComponent (see `reactWrapper`);
//                                    react/lit-react.js is @lit/react's module, copied as it is published
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateSolidJsTypes } from 'custom-element-solidjs-integration';
import { generateSvelteTypes } from 'custom-element-svelte-integration';

/** The package's entries for each framework: `zego-elements/<name>` -> dist/frameworks/<name>.d.ts. */
export const TYPE_ENTRIES = ['jsx', 'preact', 'vue', 'svelte', 'solid'];

const HEADER = '// Generated from custom-elements.json by scripts/frameworks.mjs (npm run build): do not edit.\n';

/** The elements of the manifest: declarations with a tag, in the manifest's (sorted) module order. */
export function elementsOf(manifest) {
  return manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName));
}

/**
 * A copy of the manifest made for the generators, which type an event handler as `CustomEvent<type of the event>`
 * with the type's text as it is. Our `@fires {T}` names the detail for `<zego-room>`'s events (with the SDK's type
 * names, which a generated file could not import) and the event class for the others: each becomes the detail of
 * the event as the kit declares it in `HTMLElementEventMap` (what `addEventListener` gives), and `withKitEvents`
 * then makes the handler take that event itself. Read-only properties are dropped: a framework cannot set them.
 */
export function forGenerators(manifest) {
  const copy = structuredClone(manifest);
  for (const el of elementsOf(copy)) {
    for (const e of el.events ?? []) e.type = { text: `HTMLElementEventMap[${JSON.stringify(e.name)}]["detail"]` };
    el.members = (el.members ?? []).filter((m) => !(m.kind === 'field' && m.readonly && !m.attribute));
  }
  return copy;
}

/**
 * The generators type a handler's event as `CustomEvent<detail>`; the kit dispatches its own `Event` subclasses
 * (`ZegoEngineEvent`, `ZegoErrorEvent`, ...), which carry more than `detail`, so a handler declared with them
 * (`(e: ZegoErrorEvent) => ...`) would not fit. Each handler takes the event as the kit declares it instead.
 */
export function withKitEvents(text) {
  let handlers = 0;
  const out = text.replace(/CustomEvent<HTMLElementEventMap\["([^"]+)"\]\["detail"\]>/g, (_, name) => {
    handlers++;
    return `HTMLElementEventMap["${name}"]`;
  });
  return { text: out, handlers };
}

/** `zego-room-state-changed` -> `onRoomStateChanged`; `zego-error` -> `onError`. */
export function reactEventProp(eventName) {
  const words = eventName.replace(/^zego-/, '').split('-');
  return `on${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

/** `zego-remote-videos` -> `ZegoRemoteVideos`. */
export function reactComponentName(tagName) {
  return tagName
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Public properties that a page can set: the attributes' fields and the writable fields without an attribute. */
function settable(el) {
  const seen = new Set();
  const out = [];
  for (const a of el.attributes ?? []) {
    if (!a.fieldName || seen.has(a.fieldName)) continue;
    seen.add(a.fieldName);
    out.push({ name: a.fieldName, description: a.description });
  }
  for (const m of el.members ?? []) {
    if (m.kind !== 'field' || m.static || m.readonly || m.privacy === 'private' || m.privacy === 'protected') continue;
    if (m.name.startsWith('_') || m.name.startsWith('#') || seen.has(m.name)) continue;
    seen.add(m.name);
    out.push({ name: m.name, description: m.description });
  }
  return out;
}

const doc = (text, indent = '  ') =>
  text
    ? `${indent}/** ${String(text)
        .replace(/\*\//g, '*\\/')
        .replace(/\s*\n\s*/g, ' ')} */\n`
    : '';

/**
 * The React components: `@lit/react`'s `createComponent` for each element, which sets what the element has as a
 * property (`k in prototype`) as that property, the rest as attributes, and adds a listener per `on<EventName>`
 * prop. Written here rather than with custom-element-react-wrappers, whose components type no `ref`, set
 * properties after the first paint and read `boolean | null` attributes (`mirror`) as plain booleans.
 */
export function reactWrapper(manifest) {
  const elements = elementsOf(manifest);
  const classes = elements.map((el) => el.name).sort();
  const js = [
    HEADER,
    "// React components for the kit's elements (React 18 and 19): properties, attributes and `on<EventName>` props.",
    "// Importing this module defines the elements; their views, the room's controller and the engines still load on",
    '// first use. @lit/react (BSD-3-Clause) is ./lit-react.js.',
    "import * as React from 'react';",
    "import '../npm/define.js';",
    `import { ${classes.join(', ')} } from '../npm/api.js';`,
    "import { createComponent } from './lit-react.js';",
    '',
  ];
  const dts = [
    HEADER,
    "import type * as React from 'react';",
    `import type { ${classes.join(', ')} } from '../npm/api.js';`,
    '',
    '/** The props of a component: its own (properties and events) and the HTML ones React knows (`id`, `className`, ...). */',
    'export type ZegoComponentProps<E extends HTMLElement, Own> = Own & Omit<React.HTMLAttributes<E>, keyof Own> & React.RefAttributes<E>;',
    '',
  ];
  for (const el of elements) {
    const name = reactComponentName(el.tagName);
    const events = (el.events ?? []).filter((e) => e.name);
    js.push(
      `export const ${name} = /* @__PURE__ */ createComponent({`,
      '  react: React,',
      `  tagName: ${JSON.stringify(el.tagName)},`,
      `  elementClass: ${el.name},`,
      `  displayName: ${JSON.stringify(name)},`,
      '  events: {',
      ...events.map((e) => `    ${reactEventProp(e.name)}: ${JSON.stringify(e.name)},`),
      '  },',
      '});',
      '',
    );
    dts.push(`/** Props of \`<${name}>\` (\`<${el.tagName}>\`). */`, `export interface ${name}Props {`);
    for (const p of settable(el)) dts.push(`${doc(p.description)}  ${p.name}?: ${el.name}[${JSON.stringify(p.name)}];`);
    for (const e of events)
      dts.push(
        `${doc(`\`${e.name}\`: ${e.description ?? ''}`)}  ${reactEventProp(e.name)}?: (event: HTMLElementEventMap[${JSON.stringify(e.name)}]) => void;`,
      );
    dts.push(
      '}',
      '',
      `${doc(`\`<${el.tagName}>\`: ${el.summary ?? el.description ?? ''}`, '')}export declare const ${name}: React.ForwardRefExoticComponent<ZegoComponentProps<${el.name}, ${name}Props>>;`,
      '',
    );
  }
  return { js: js.join('\n'), dts: dts.join('\n') };
}

/** `room-id` -> `roomId`, as Vue (and Volar) camelize an attribute written on a component. */
const camelize = (s) => s.replace(/-(\w)/g, (_, c) => c.toUpperCase());

/**
 * Vue's types, written here: custom-element-vuejs-integration keys events as `onzego-room-state-changed` and
 * attributes as `'room-id'`, while Volar looks a `@zego-room-state-changed` listener up as `onZegoRoomStateChanged`
 * and a `room-id` attribute as `roomId` (it camelizes both on a component), so with its file no `@zego-*` handler
 * was typed and no hyphenated attribute checked (vue-tsc 3); it also declares a global `JSX` namespace. Here each
 * element's props are its attributes as Volar names them, its properties, and one `on<Event>` per event.
 */
export function vueTypes(manifest) {
  const elements = elementsOf(manifest);
  const out = [
    HEADER,
    "// Vue: the kit's tags in GlobalComponents, for Volar and vue-tsc. Attributes as Volar names them (`room-id` ->",
    '// `roomId`), properties (`roomID`, `engineFactory`), and `on<Event>` for each `@zego-*` listener.',
    "import type { DefineComponent } from 'vue';",
    `import type { ${elements
      .map((el) => el.name)
      .sort()
      .join(', ')} } from '../npm/index.js';`,
    '',
  ];
  for (const el of elements) {
    const name = `${reactComponentName(el.tagName)}VueProps`;
    const keys = new Set();
    out.push(`/** Props of \`<${el.tagName}>\` in a Vue template. */`, `export interface ${name} {`);
    const prop = (key, field, description) => {
      if (keys.has(key)) return;
      keys.add(key);
      out.push(`${doc(description)}  ${key}?: ${el.name}[${JSON.stringify(field)}];`);
    };
    for (const a of el.attributes ?? []) if (a.fieldName) prop(camelize(a.name), a.fieldName, a.description);
    for (const p of settable(el)) prop(p.name, p.name, p.description);
    for (const e of el.events ?? []) {
      const key = `on${camelize(`-${e.name}`)}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push(
        `${doc(`\`@${e.name}\`: ${e.description ?? ''}`)}  ${key}?: (event: HTMLElementEventMap[${JSON.stringify(e.name)}]) => void;`,
      );
    }
    out.push('}', '');
  }
  out.push("declare module 'vue' {", '  interface GlobalComponents {');
  for (const el of elements)
    out.push(
      `${doc(el.summary ?? el.description, '    ')}    ${JSON.stringify(el.tagName)}: DefineComponent<${reactComponentName(el.tagName)}VueProps>;`,
    );
  out.push('  }', '}', '');
  return out.join('\n');
}

/** The entries users import: each puts the generated elements, with its framework's HTML props, into its types. */
const ENTRY_FILES = {
  'jsx.d.ts': `${HEADER}// React 19's JSX: the kit's tags as intrinsic elements, with React's own HTML props, attributes, properties and
// \`on<event-name>\` props (React 19 listens for the event named after the prop without \`on\`).
import type * as React from 'react';
import type { CustomElements } from './jsx-elements.js';

type ReactElements = {
  [K in keyof CustomElements]: CustomElements[K] &
    Omit<React.HTMLAttributes<HTMLElementTagNameMap[K]>, keyof CustomElements[K]> &
    React.RefAttributes<HTMLElementTagNameMap[K]>;
};

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends ReactElements {}
  }
}
`,
  'preact.d.ts': `${HEADER}// Preact's JSX: the kit's tags as intrinsic elements. Preact sets what the element has as a property, the rest as
// attributes, and listens for the event named after an \`on<event-name>\` prop without \`on\`. (The HTML props are
// a <div>'s: Preact 10 and 11 name their HTMLAttributes type differently.)
import type { JSX, Ref } from 'preact';
import type { CustomElements } from './jsx-elements.js';

type PreactElements = {
  [K in keyof CustomElements]: CustomElements[K] &
    Omit<JSX.IntrinsicElements['div'], keyof CustomElements[K] | 'ref'> & { ref?: Ref<HTMLElementTagNameMap[K]> };
};

declare module 'preact' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends PreactElements {}
  }
}
`,
  'svelte.d.ts': `${HEADER}// Svelte: the kit's tags in svelteHTML.IntrinsicElements, for svelte-check and the editor: Svelte 5's
// \`on<event-name>\` attributes and properties (from the JSX typings), Svelte 4's \`on:\` and \`bind:\` (from the Svelte
// ones), and Svelte's own HTML attributes.
import type { HTMLAttributes } from 'svelte/elements';
import type { CustomElements as JsxElements } from './jsx-elements.js';
import type { CustomElements as SvelteElements } from './svelte-elements.js';

type JsxOnly = 'children' | 'ref' | 'style' | 'className' | 'classList' | 'key' | 'htmlFor';

type Elements = {
  [K in keyof SvelteElements]: SvelteElements[K] &
    Omit<JsxElements[K], JsxOnly> &
    Omit<HTMLAttributes<HTMLElementTagNameMap[K]>, keyof SvelteElements[K] | keyof JsxElements[K]>;
};

declare global {
  namespace svelteHTML {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends Elements {}
  }
}
`,
  'solid.d.ts': `${HEADER}// Solid's JSX: the kit's tags as intrinsic elements, with \`on:<event-name>\`, \`prop:<property>\`, attributes and
// Solid's own HTML props.
import type { JSX } from 'solid-js';
import type { CustomElements } from './solid-elements.js';

type SolidElements = {
  [K in keyof CustomElements]: CustomElements[K] & Omit<JSX.HTMLAttributes<HTMLElementTagNameMap[K]>, keyof CustomElements[K]>;
};

declare module 'solid-js' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends SolidElements {}
  }
}
`,
};

/**
 * The Svelte generator's base props name `JSX.Element` and `JSX.CSSProperties`, which Svelte projects do not have
 * (a type error in the file, `any` with skipLibCheck): its file gets a JSX namespace of its own with Svelte's types.
 * Its `declare namespace svelteHTML` does not reach the global one from a module; svelte.d.ts declares that.
 */
const SVELTE_JSX = `// For the generator's base props: Svelte has no JSX namespace (children are snippets, style is a string).
declare namespace JSX {
  type Element = unknown;
  type CSSProperties = string;
}
`;

/** Every generated file, by path relative to outDir (dist/). */
export function frameworkFiles(manifest) {
  const adjusted = forGenerators(manifest);
  const files = new Map();
  const dir = mkdtempSync(join(tmpdir(), 'zego-frameworks-'));
  // every type comes from the kit's own declarations: `ZegoRoomElement['roomID']`, not the manifest's text
  const common = { outdir: dir, globalTypePath: '../npm/index.js', hideLogs: true };
  const log = console.log;
  console.log = () => {}; // the generators log a line each, some whatever hideLogs says
  try {
    generateJsxTypes(adjusted, { ...common, fileName: 'jsx-elements.d.ts' });
    generateSvelteTypes(adjusted, { ...common, fileName: 'svelte-elements.d.ts' });
    generateSolidJsTypes(adjusted, { ...common, fileName: 'solid-elements.d.ts' });
    const expected = elementsOf(adjusted).reduce((n, el) => n + (el.events ?? []).length, 0);
    for (const f of ['jsx-elements.d.ts', 'svelte-elements.d.ts', 'solid-elements.d.ts']) {
      const { text, handlers } = withKitEvents(readFileSync(join(dir, f), 'utf8'));
      if (handlers !== expected) throw new Error(`${f}: ${handlers} event handlers typed, the manifest has ${expected} events`);
      files.set(`frameworks/${f}`, HEADER + (f === 'svelte-elements.d.ts' ? SVELTE_JSX : '') + text);
    }
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, text] of Object.entries(ENTRY_FILES)) files.set(`frameworks/${name}`, text);
  files.set('frameworks/vue.d.ts', vueTypes(manifest));
  const { js, dts } = reactWrapper(manifest);
  files.set('react/index.js', js);
  files.set('react/index.d.ts', dts);
  // the browser build of @lit/react (its package exports only its index, which re-exports this file)
  const litDir = join(dirname(fileURLToPath(import.meta.resolve('@lit/react'))), '..');
  files.set(
    'react/lit-react.js',
    readFileSync(join(litDir, 'create-component.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'),
  );
  return files;
}

/** Writes every generated file under outDir; returns their paths relative to it. */
export function generateFrameworks(manifest, outDir = 'dist') {
  const files = frameworkFiles(manifest);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  }
  return [...files.keys()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = generateFrameworks(JSON.parse(readFileSync('custom-elements.json', 'utf8')), process.argv[2] ?? 'dist');
  console.log(`generated ${files.length} files from custom-elements.json`);
}
