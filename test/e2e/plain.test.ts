// examples/plain.html, as someone who pastes one script tag uses it: two pages of the built CDN bundle, served as
// files, call each other; from dist/cdn they load the entry and the chunks a local call needs, never the SDK chunk.
// A page on ZEGO's cloud loads the SDK chunk and never the local engine's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { createRoomServer, type RoomServer } from '../../server/room-server.js';
import { REPO, ensureBuilt, launchChromium, recordedPage, waitForRemoteVideo } from './helpers.js';

let server: RoomServer;
let browser: Browser;

before(async () => {
  ensureBuilt(['dist/cdn/zego-elements.js']);
  // dev: the room server also serves /token, for the `&server=` case; the files are the repository's
  server = await createRoomServer({ host: '127.0.0.1', port: 0, dev: true, staticDir: REPO, quiet: true, log: () => {} });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close({ abrupt: true });
});

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(query: string): Promise<Opened> {
  const r = await recordedPage(browser);
  await r.page.goto(`${server.url}/examples/plain.html?${query}`, { waitUntil: 'load', timeout: 30_000 });
  return r;
}

async function loggedIn(o: Opened): Promise<void> {
  await o.page
    .waitForFunction(() => document.querySelector('zego-room')?.getAttribute('state') === 'connected', { timeout: 30_000, polling: 100 })
    .catch(async (e: Error) => {
      const why = await o.page.evaluate(() => {
        const room = document.querySelector('zego-room');
        return `state ${room?.getAttribute('state')}: ${room?.shadowRoot?.querySelector('[part="status"]')?.textContent}`;
      });
      throw new Error(`${e.message} (${o.page.url()}, ${why}; errors ${o.errors.join(' | ')})`);
    });
  // the page's own document listener wrote the event into its log
  await o.page.waitForFunction(
    () =>
      [...document.querySelectorAll('#log li[data-event="zego-room-state-changed"]')].some((li) => li.textContent!.includes('"LOGINED"')),
    { timeout: 5_000, polling: 100 },
  );
}

/** The room's view of the others, as the context gives it to the children. */
async function others(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ((document.querySelector('zego-room') as unknown as { snapshot: { users: { userID: string }[] } }).snapshot.users ?? []).map(
      (u) => u.userID,
    ),
  );
}

/** What a page fetched from dist/cdn, by chunk name without its hash: `zego-elements`, `engine`, ... */
function cdnLoads(o: Opened): string[] {
  return o.requests
    .filter((u) => u.includes('/dist/cdn/'))
    .map((u) =>
      new URL(u).pathname
        .replace(/^\/dist\/cdn\//, '')
        .replace(/^chunks\/(.+)-[\w-]{8}\.js$/, '$1')
        .replace(/\.js$/, ''),
    )
    .sort();
}

function checkRequests(o: Opened): void {
  assert.deepEqual(
    cdnLoads(o),
    [
      'device-lists',
      'engine',
      'local-video-view',
      'remote-videos-view',
      'room-controller',
      'shared',
      'sound-level',
      'video-renderer',
      'zego-elements',
    ],
    'the entry and the chunks of a local call (the views, the controller, the engine and what they share)',
  );
  assert.deepEqual(
    o.requests.filter((u) => !u.startsWith(server.url) && !/^(data|blob):/.test(u)),
    [],
    'nothing from elsewhere',
  );
  assert.deepEqual(o.errors, [], 'no page error');
}

describe("a page on ZEGO's cloud (app-id)", () => {
  it('loads the SDK chunk, never the local engine, and reports the unreachable cloud', { timeout: 60_000 }, async () => {
    const o = await recordedPage(browser);
    try {
      await o.page.goto(`${server.url}/test/e2e/pages/cloud.html`, { waitUntil: 'load', timeout: 30_000 });
      await o.page
        .waitForFunction(() => document.querySelector('#cloud')?.getAttribute('state') === 'failed', { timeout: 30_000 })
        .catch(async (e: Error) => {
          const state = await o.page.evaluate(() => document.querySelector('#cloud')?.getAttribute('state'));
          throw new Error(`${e.message}: state ${state}; loaded ${cdnLoads(o).join(', ')}; errors ${o.errors.join(' | ')}`);
        });
      const sdk = o.requests.filter((u) => /\/dist\/cdn\/chunks\/ZegoExpressWebRTC-[\w-]+\.js$/.test(u));
      assert.equal(sdk.length, 1, 'the SDK chunk, once');
      assert.ok(!cdnLoads(o).includes('engine'), `no local engine: ${cdnLoads(o).join(', ')}`);
    } finally {
      await o.page.close().catch(() => {});
    }
  });
});

describe('a chunk that does not arrive (CDN hiccup, blocked path)', () => {
  // Each case blocks one lazy chunk: the element that needs it reports zego-error 1101000 and shows it; the rest
  // of the page goes on (the other elements, the room), and nothing is thrown uncaught.
  const cases = [
    { chunk: 'room-controller', element: 'zego-room', roomState: 'failed' },
    { chunk: 'local-video-view', element: 'zego-local-video', roomState: 'connected' },
    { chunk: 'video-renderer', element: 'zego-local-video', roomState: 'connected' },
  ] as const;
  for (const c of cases) {
    it(`without ${c.chunk}: ${c.element} reports 1101000, the room ends ${c.roomState}`, { timeout: 60_000 }, async () => {
      const o = await recordedPage(browser);
      try {
        await o.page.setRequestInterception(true);
        o.page.on('request', (r) => void (new RegExp(`/chunks/${c.chunk}-[\\w-]{8}\\.js$`).test(r.url()) ? r.abort() : r.continue()));
        const errors: { target: string; code: number; message: string }[] = [];
        await o.page.exposeFunction('recordError', (e: { target: string; code: number; message: string }) => void errors.push(e));
        await o.page.evaluateOnNewDocument(() => {
          document.addEventListener('zego-error', (e) => {
            const d = e.detail;
            (window as unknown as { recordError(x: unknown): void }).recordError({
              target: (e.composedPath()[0] as Element).localName,
              code: d.code,
              message: d.message,
            });
          });
        });
        await o.page.goto(`${server.url}/examples/plain.html?room=hiccup-${c.chunk}&user=h`, { waitUntil: 'load', timeout: 30_000 });
        await o.page.waitForFunction(
          (state) => document.querySelector('zego-room')?.getAttribute('state') === state,
          { timeout: 20_000 },
          c.roomState,
        );
        const deadline = Date.now() + 10_000;
        while (!errors.some((e) => e.target === c.element) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const mine = errors.filter((e) => e.target === c.element);
        assert.equal(mine.length, 1, `one zego-error from ${c.element}: ${JSON.stringify(errors)}`);
        assert.equal(mine[0].code, 1101000);
        assert.match(mine[0].message, /could not load/);
        if (c.element === 'zego-room') {
          const status = await o.page.evaluate(
            () => document.querySelector('zego-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent,
          );
          assert.match(status!, /could not load its controller.*1101000/);
        }
        assert.deepEqual(o.errors, [], 'no uncaught error');
      } finally {
        await o.page.close().catch(() => {});
      }
    });
  }
});

describe('examples/plain.html', () => {
  for (const transport of ['BroadcastChannel', 'room server'] as const) {
    describe(`over ${transport}`, () => {
      const room = transport === 'room server' ? 'R2' : 'R';
      let a: Opened;
      let b: Opened;

      before(async () => {
        const extra = transport === 'room server' ? `&server=${encodeURIComponent(server.wsUrl)}` : '';
        const q = (user: string) => `room=${room}&user=${user}${extra}`;
        a = await open(q('a'));
        b = await open(q('b'));
      });
      after(async () => {
        await a?.page.close().catch(() => {});
        await b?.page.close().catch(() => {});
      });

      it('loads only the CDN bundle and its runtime chunk, no SDK chunk, and both pages log in', { timeout: 60_000 }, async () => {
        await loggedIn(a);
        await loggedIn(b);
        await a.page.waitForFunction(() => document.querySelectorAll('#log li[data-event="zego-room-user-update"]').length > 0, {
          timeout: 15_000,
        });
        assert.deepEqual(await others(a.page), ['b']);
        assert.deepEqual(await others(b.page), ['a']);
        checkRequests(a);
        checkRequests(b);
      });

      it("each page sees the other one's video, still with no SDK chunk and no page error", { timeout: 90_000 }, async () => {
        for (const [name, o] of [
          ['a', a],
          ['b', b],
        ] as const) {
          const view = await waitForRemoteVideo(o.page);
          assert.ok(!view.problem, `${name}: ${view.problem}`);
          assert.ok(view.spread > 8, `${name}: the remote tile is not uniform (luma spread ${view.spread.toFixed(1)})`);
          assert.ok(view.changed > 0.005, `${name}: the remote tile moves (${(view.changed * 100).toFixed(2)}% of pixels changed)`);
        }
        checkRequests(a);
        checkRequests(b);
      });
    });
  }
});

describe('a page that crashes (no goodbye, no clean close)', () => {
  // The others' tiles of the dead peer go within 3 s: over BroadcastChannel the hub sees the crashed page's Web
  // Lock free at once; over the room server its socket drops and the server waits at most 2.5 s for it to come back.
  const remoteCount = (page: Page) =>
    page.evaluate(() => (document.querySelector('zego-remote-videos') as unknown as { streams: unknown[] }).streams.length);
  const cases = [
    { transport: 'BroadcastChannel', crash: 'the second page', extra: () => '' },
    { transport: 'BroadcastChannel', crash: 'the first page (the hub)', extra: () => '' },
    { transport: 'room server', crash: 'the second page', extra: () => `&server=${encodeURIComponent(server.wsUrl)}` },
  ] as const;
  for (const c of cases) {
    it(`over ${c.transport}, ${c.crash}: its tile leaves the survivor within 3 s`, { timeout: 90_000 }, async () => {
      const room = `crash-${Math.random().toString(36).slice(2, 8)}`;
      const first = await open(`room=${room}&user=first${c.extra()}`);
      const second = await open(`room=${room}&user=second${c.extra()}`);
      const [dead, survivor] = c.crash === 'the second page' ? [second, first] : [first, second];
      try {
        await loggedIn(first);
        await loggedIn(second);
        const view = await waitForRemoteVideo(survivor.page);
        assert.ok(!view.problem, view.problem);
        assert.equal(await remoteCount(survivor.page), 1);
        const cdp = await dead.page.createCDPSession();
        const crashed = Date.now();
        void cdp.send('Page.crash').catch(() => {}); // never answered: the renderer is gone
        await survivor.page.bringToFront();
        await survivor.page.waitForFunction(
          () => (document.querySelector('zego-remote-videos') as unknown as { streams: unknown[] }).streams.length === 0,
          { timeout: 10_000, polling: 50 },
        );
        const ms = Date.now() - crashed;
        console.log(`      ${c.transport}, ${c.crash} crashed: tile gone after ${ms} ms`);
        assert.ok(ms < 3000, `the dead peer's tile stayed ${ms} ms`);
        assert.deepEqual(await others(survivor.page), [], 'and the user is gone');
        assert.deepEqual(survivor.errors, [], 'no page error in the survivor');
      } finally {
        await first.page.close().catch(() => {});
        await second.page.close().catch(() => {});
      }
    });
  }
});
