// The forwarding table against the installed SDK's typings (TypeScript compiler API) and against
// custom-elements.json. Upgrading the SDK fails here until its new callbacks are forwarded and documented.
// (test/browser/zego-room-sdk.test.ts checks at runtime which names the SDK's on() accepts;
// test/browser/zego-room-events.test.ts that each table entry reaches `document` with this detail.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ZEGO_EVENT_NAMES, ZEGO_EVENT_PARAMS, ZEGO_UNIMPLEMENTED_EVENTS } from '../../src/room/events.js';
import { sdkCallbacks } from './sdk-typings.js';

const callbacks = sdkCallbacks();
const implemented = callbacks.filter((c) => !(ZEGO_UNIMPLEMENTED_EVENTS as readonly string[]).includes(c.name));
const table = ZEGO_EVENT_NAMES as Record<string, string>;
const params = ZEGO_EVENT_PARAMS as Record<string, readonly string[] | string>;

/** The rule: a lowercase-to-uppercase boundary and an acronym's end become hyphens, all lowercased. */
const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/** `Uint8Array<ArrayBufferLike>` is how TS 5.9 prints `Uint8Array`; spacing and separators are not meaning. */
const norm = (type: string) =>
  type
    .replace(/<ArrayBufferLike>/g, '')
    .replace(/\s+/g, '')
    .replace(/;}/g, '}');

describe('SDK callbacks -> <zego-room> events', () => {
  it('reads the 37 callbacks of ZegoEvent from the installed typings', () => {
    assert.ok(callbacks.length >= 37, `only ${callbacks.length} callbacks found`);
    for (const name of ZEGO_UNIMPLEMENTED_EVENTS)
      assert.ok(
        callbacks.some((c) => c.name === name),
        `${name} is no longer declared`,
      );
  });

  it('forwards every implemented callback under zego- + kebab-case', () => {
    assert.deepEqual(Object.keys(table).sort(), implemented.map((c) => c.name).sort());
    for (const c of implemented) assert.equal(table[c.name], `zego-${kebab(c.name)}`, c.name);
    assert.equal(kebab('IMRecvBroadcastMessage'), 'im-recv-broadcast-message');
    assert.equal(kebab('mixerRelayCDNStateUpdate'), 'mixer-relay-cdn-state-update');
  });

  it('keys each detail by the SDK parameter names, or is the single object parameter itself', () => {
    for (const c of implemented) {
      const p = params[c.name];
      if (c.objectParam) assert.equal(p, c.params[0].name, `${c.name}: detail is its only (object) parameter`);
      else
        assert.deepEqual(
          p,
          c.params.map((x) => x.name),
          c.name,
        );
    }
    assert.deepEqual(
      implemented
        .filter((c) => c.objectParam)
        .map((c) => c.name)
        .sort(),
      ['playerStateUpdate', 'publisherStateUpdate', 'recvExperimentalAPI'],
    );
  });

  it('documents every event with its detail type in custom-elements.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../custom-elements.json', import.meta.url), 'utf8')) as {
      modules: { declarations?: { tagName?: string; events?: { name: string; type?: { text: string } }[] }[] }[];
    };
    const room = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'zego-room');
    assert.ok(room, 'zego-room is not in custom-elements.json (npm run analyze)');
    const events = new Map((room.events ?? []).map((e) => [e.name, e.type?.text ?? '']));
    assert.ok(events.get('zego-error')?.includes('code'), 'zego-error');
    for (const c of implemented) {
      const text = events.get(table[c.name]);
      assert.ok(text, `${table[c.name]} is not documented (@fires in src/elements/zego-room.ts, then npm run analyze)`);
      if (c.objectParam) {
        assert.equal(norm(text), norm(c.params[0].type), table[c.name]);
        continue;
      }
      const sf = ts.createSourceFile('detail.ts', `type Detail = ${text};`, ts.ScriptTarget.ES2022, true);
      const literal = sf.statements[0] as ts.TypeAliasDeclaration;
      assert.ok(ts.isTypeLiteralNode(literal.type), `${table[c.name]}: detail type ${text} is not an object type`);
      const members = literal.type.members.filter(ts.isPropertySignature);
      assert.deepEqual(
        members.map((m) => (m.name as ts.Identifier).text),
        c.params.map((x) => x.name),
        table[c.name],
      );
      members.forEach((m, i) => assert.equal(norm(m.type!.getText(sf)), norm(c.params[i].type), `${table[c.name]}.${c.params[i].name}`));
    }
  });
});
