// Every browser module of the kit imports in Node without throwing (server-side rendering, tests, tooling):
// nothing touches the DOM, `customElements` or the ZEGO SDK at import time.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const modules = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();

describe('importing the kit in Node', () => {
  it('src/index.ts exports the API without side effects', async () => {
    const api = await import('../../src/index.js');
    for (const name of ['ZegoLocalEngine', 'ZegoRoomElement', 'ZEGO_EVENT_NAMES', 'ZegoEngineEvent', 'ZegoErrorEvent', 'roomContext']) {
      assert.ok(name in api, `${name} is not exported`);
    }
    assert.equal(globalThis.customElements?.get?.('zego-room'), undefined, 'src/index.ts defined an element');
  });

  for (const file of modules) {
    it(`imports src/${file}`, async () => {
      await import(pathToFileURL(join(src, file)).href);
    });
  }

  it('src/define.ts defines zego-room once, on the server-side DOM shim too', async () => {
    const { ZegoRoomElement } = await import('../../src/index.js');
    await import('../../src/define.js');
    assert.equal(globalThis.customElements.get('zego-room'), ZegoRoomElement);
  });
});
