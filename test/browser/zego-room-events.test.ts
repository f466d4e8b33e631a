// Every SDK callback in the table reaches `document` under its DOM name, with `detail` keyed by the SDK's parameter
// names. test/node/events-coverage.test.ts checks the table itself against the installed SDK's typings.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { ZEGO_EVENT_NAMES, ZEGO_EVENT_PARAMS, ZegoEngineEvent, type ZegoEventName } from '../../src/room/events.js';
import './helpers.js';

describe('<zego-room> event forwarding', () => {
  afterEach(() => fixtureCleanup());

  it('dispatches every implemented callback, bubbling and composed, with the SDK parameter names as detail', async () => {
    const engine = new ZegoLocalEngine(1, '');
    // The engine's own dispatch: what its on() accepted is what the element subscribed.
    const emit = (engine as unknown as { emit(name: string, ...args: unknown[]): void }).emit.bind(engine);
    const shadowHost = document.createElement('div');
    const shadow = shadowHost.attachShadow({ mode: 'open' });
    const wrapper = await fixture(html`<div></div>`);
    wrapper.append(shadowHost);
    const el = document.createElement('zego-room') as ZegoRoomElement;
    el.manual = true;
    el.engineFactory = () => engine;
    shadow.append(el);
    try {
      await el.checkSystemRequirements(); // the engine is there and subscribed
      const names = Object.keys(ZEGO_EVENT_NAMES) as ZegoEventName[];
      expect(names).to.have.length(36);
      for (const name of names) {
        const params: readonly string[] | string = ZEGO_EVENT_PARAMS[name];
        // Distinct values per argument, so a swapped or dropped parameter shows.
        const args = typeof params === 'string' ? [{ only: name }] : params.map((p) => ({ arg: `${name}.${p}` }));
        let received: Event | undefined;
        let origin: EventTarget | undefined;
        const on = (e: Event) => {
          received = e;
          origin = e.composedPath()[0];
        };
        document.addEventListener(ZEGO_EVENT_NAMES[name], on);
        emit(name, ...args);
        document.removeEventListener(ZEGO_EVENT_NAMES[name], on);
        expect(received, `${name} -> ${ZEGO_EVENT_NAMES[name]}`).to.be.instanceOf(ZegoEngineEvent);
        const e = received as ZegoEngineEvent;
        expect(e.callback).to.equal(name);
        expect(origin === el, `${name} comes from <zego-room> out of a shadow root`).to.equal(true);
        expect(e.bubbles && e.composed, name).to.equal(true);
        if (typeof params === 'string') expect(e.detail, name).to.equal(args[0]);
        else expect(e.detail, name).to.deep.equal(Object.fromEntries(params.map((p, i) => [p, args[i]])));
      }
    } finally {
      el.remove();
      engine.destroyEngine();
    }
  });
});
