// <zego-room> on the local engine: attributes alone, events on `document`, the login lifecycle, two pages.
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ContextConsumer, ContextEvent } from '@lit/context';
import { LitElement } from 'lit';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { roomContext, type RoomContext } from '../../src/room/context.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { ZegoEngineEvent, type ZegoErrorEvent } from '../../src/room/events.js';
import { nextEvent, uniqueRoom, waitFor } from './helpers.js';

type RoomServer = { url: string; wsUrl: string; port: number; appID: number };

/** A second page (same-origin iframe) with its own <zego-room> registry and engine. */
async function secondPage() {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/room-frame.html', import.meta.url).href;
  frame.allow = 'camera; microphone; autoplay';
  document.body.append(frame);
  const win = frame.contentWindow as Window & typeof globalThis & { roomReady?: boolean };
  await waitFor(() => !!win.roomReady, 15000, 'second page');
  return { win, doc: win.document, close: () => frame.remove() };
}

/** Resolves with the first event `type` on `target` whose detail matches. Subscribe BEFORE the action. */
function eventWhere<T extends Event>(
  target: EventTarget,
  type: string,
  match: (e: T) => boolean = () => true,
  timeoutMs = 15000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, on);
      reject(new Error(`timed out waiting for ${type}`));
    }, timeoutMs);
    const on = (e: Event) => {
      if (!match(e as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, on);
      resolve(e as T);
    };
    target.addEventListener(type, on);
  });
}

const reason = (r: string) => (e: ZegoEngineEvent<'roomStateChanged'>) => e.detail.reason === r;

/** Every zego-* event dispatched on `target` from now on. */
function recordZegoEvents(target: EventTarget, types: string[]) {
  const log: Event[] = [];
  const on = (e: Event) => log.push(e);
  for (const t of types) target.addEventListener(t, on);
  return { log, stop: () => types.forEach((t) => target.removeEventListener(t, on)) };
}

describe('<zego-room> on the local engine', () => {
  afterEach(() => fixtureCleanup());

  it('is not loaded with the ZEGO SDK on a page without app-id', () => {
    const loaded = performance.getEntriesByType('resource').some((r) => r.name.includes('zego-express-engine-webrtc'));
    expect(loaded).to.equal(false);
  });

  it('reaches LOGINED from attributes alone, reflects state and shows a status line', async () => {
    const roomID = uniqueRoom();
    const events = recordZegoEvents(document, ['zego-room-state-changed', 'zego-room-state-update']);
    const logined = eventWhere<ZegoEngineEvent<'roomStateChanged'>>(document, 'zego-room-state-changed', reason('LOGINED'));
    const el = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice" user-name="Alice"></zego-room>`);
    const e = await logined;
    events.stop();
    expect(e).to.be.instanceOf(ZegoEngineEvent);
    expect(e.bubbles && e.composed).to.equal(true);
    expect(e.target).to.equal(el);
    expect(e.detail).to.deep.equal({ roomID, reason: 'LOGINED', errorCode: 0, extendedData: '' });
    expect(events.log.map((x) => `${x.type}:${Object.values((x as CustomEvent).detail)[1]}`)).to.deep.equal([
      'zego-room-state-changed:LOGINING',
      'zego-room-state-update:CONNECTING',
      'zego-room-state-changed:LOGINED',
      'zego-room-state-update:CONNECTED',
    ]);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('connected');
    expect(el.engine).to.be.instanceOf(ZegoLocalEngine);
    const status = el.shadowRoot!.querySelector('[part=status]')!;
    expect(status.textContent).to.equal(`In ${roomID} as Alice`);
    el.hideStatus = true;
    await el.updateComplete;
    expect(status.checkVisibility()).to.equal(false);
  });

  it('lets a status slot replace the default status line', async () => {
    const el = await fixture<ZegoRoomElement>(html`<zego-room server="" manual><span slot="status">mine</span></zego-room>`);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=status]')!;
    expect(slot.assignedElements().map((x) => x.textContent)).to.deep.equal(['mine']);
    expect(el.shadowRoot!.querySelector('[part=status]')!.checkVisibility()).to.equal(false);
    expect(el.querySelector('span')!.checkVisibility()).to.equal(true);
    el.hideStatus = true;
    await el.updateComplete;
    expect(el.querySelector('span')!.checkVisibility()).to.equal(false);
  });

  it('forwards room, user, stream, publisher, player, IM and sound-level events to document listeners in two pages', async () => {
    const roomID = uniqueRoom();
    const page = await secondPage();
    try {
      const aliceIn = eventWhere<ZegoEngineEvent<'roomStateChanged'>>(document, 'zego-room-state-changed', reason('LOGINED'));
      const alice = await fixture<ZegoRoomElement>(
        html`<zego-room server="" room-id=${roomID} user-id="alice" user-name="Alice"></zego-room>`,
      );
      await aliceIn;

      const bobSeen = eventWhere<ZegoEngineEvent<'roomUserUpdate'>>(
        document,
        'zego-room-user-update',
        (e) => e.detail.updateType === 'ADD',
      );
      const bobIn = eventWhere(page.doc, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGINED');
      page.doc.body.innerHTML = `<zego-room server="" room-id="${roomID}" user-id="bob" user-name="Bob"></zego-room>`;
      const bob = page.doc.querySelector('zego-room') as ZegoRoomElement;
      await bobIn;
      const users = await bobSeen;
      expect(users.detail.roomID).to.equal(roomID);
      expect(users.detail.userList.map((u) => [u.userID, u.userName])).to.deep.equal([['bob', 'Bob']]);
      expect(alice.snapshot.users.map((u) => u.userID)).to.deep.equal(['bob']);

      // Publisher: detail is the SDK's single result object.
      const publishing = eventWhere<ZegoEngineEvent<'publisherStateUpdate'>>(
        document,
        'zego-publisher-state-update',
        (e) => e.detail.state === 'PUBLISHING',
      );
      const streamAdded = eventWhere(page.doc, 'zego-room-stream-update', (e) => (e as CustomEvent).detail.updateType === 'ADD');
      const engine = alice.engine as unknown as ZegoLocalEngine;
      const local = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
      const context = contextOf(alice);
      context.api.publish('alice-main', local);
      const pub = await publishing;
      expect(pub.detail).to.include({ streamID: 'alice-main', state: 'PUBLISHING', errorCode: 0 });
      const added = (await streamAdded) as ZegoEngineEvent<'roomStreamUpdate'>;
      expect(Object.keys(added.detail)).to.deep.equal(['roomID', 'updateType', 'streamList', 'extendedData']);
      expect(added.detail.streamList.map((s) => [s.streamID, s.user.userID])).to.deep.equal([['alice-main', 'alice']]);
      expect(bob.snapshot.streams.map((s) => s.streamID)).to.deep.equal(['alice-main']);

      // Player, in the second page.
      const playing = eventWhere(page.doc, 'zego-player-state-update', (e) => (e as CustomEvent).detail.state === 'PLAYING');
      const remote = await bob.engine!.startPlayingStream('alice-main');
      const played = (await playing) as ZegoEngineEvent<'playerStateUpdate'>;
      expect(played.detail).to.include({ streamID: 'alice-main', state: 'PLAYING' });
      expect(remote.getVideoTracks()).to.have.length(1);

      // IM from the second page to this one.
      const message = eventWhere<ZegoEngineEvent<'IMRecvBroadcastMessage'>>(document, 'zego-im-recv-broadcast-message');
      expect((await bob.sendBroadcastMessage('hi <b>alice</b>')).errorCode).to.equal(0);
      const im = await message;
      expect(im.detail.roomID).to.equal(roomID);
      expect(im.detail.chatData[0]).to.include({ message: 'hi <b>alice</b>' });
      expect(im.detail.chatData[0].fromUser.userID).to.equal('bob');

      // Sound levels: the element turns the engine's delegate on.
      const levels = await eventWhere<ZegoEngineEvent<'soundLevelUpdate'>>(
        document,
        'zego-sound-level-update',
        (e) => e.detail.soundLevelList.length > 0,
      );
      expect(levels.detail.soundLevelList[0].streamID).to.equal('alice-main');
      expect(levels.detail.soundLevelList[0].soundLevel).to.be.a('number');

      bob.engine!.stopPlayingStream('alice-main');
      context.api.unpublish('alice-main');
      engine.destroyStream(local);
    } finally {
      page.close();
    }
  });

  it('checks room-id and user-id before login with the SDK codes', async () => {
    const events = recordZegoEvents(document, ['zego-room-state-changed']);
    const error = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
    const el = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id="bad room" user-id="alice"></zego-room>`);
    const e = await error;
    expect(e.detail).to.include({ code: 1002012, source: 'attribute' });
    expect(e.target).to.equal(el);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('failed');
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('1002012');

    const userError = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
    el.roomID = 'good';
    el.userID = '';
    expect((await userError).detail.code).to.equal(1002005);
    events.stop();
    expect(events.log).to.have.length(0);
  });

  it('reports bad engine attributes as zego-error 1100001', async () => {
    const noAppID = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
    const el = await fixture<ZegoRoomElement>(html`<zego-room engine="zego" room-id="r" user-id="u"></zego-room>`);
    expect((await noAppID).detail).to.include({ code: 1100001, source: 'attribute' });
    const badAppID = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
    el.setAttribute('app-id', 'abc');
    expect((await badAppID).detail.message).to.contain('app-id');
    const badServer = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
    el.removeAttribute('app-id');
    el.setAttribute('engine', 'local');
    el.setAttribute('server', 'http://nope');
    expect((await badServer).detail.message).to.contain('server');
    expect(el.engine).to.equal(undefined);
  });

  it('abandons a login pending at removal: no event after removal, no unhandled rejection, nothing left running', async () => {
    const sockets = watchWebSockets();
    const rejections: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      // Nothing listens on port 9: the local engine keeps retrying, the login stays pending.
      const logining = eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGINING');
      const el = await fixture<ZegoRoomElement>(
        html`<zego-room server="ws://127.0.0.1:9/ws" room-id=${uniqueRoom()} user-id="alice"></zego-room>`,
      );
      await logining;
      const engine = el.engine as unknown as ZegoLocalEngine;
      await waitFor(() => sockets.created() > 0, 5000, 'a connection attempt');
      const after = recordZegoEvents(document, ['zego-room-state-changed', 'zego-room-state-update', 'zego-error']);
      el.remove();
      await waitFor(() => sockets.live() === 0, 3000, 'sockets to close');
      const created = sockets.created();
      await new Promise((r) => setTimeout(r, 2500)); // the engine's retry period: a live engine would try again
      after.stop();
      expect(after.log.map((e) => e.type)).to.deep.equal([]);
      expect(sockets.created()).to.equal(created);
      expect(rejections).to.deep.equal([]);
      // Destroyed: the engine refuses a new login.
      const refused = await engine.loginRoom('r', 't', { userID: 'x' }).then(
        () => 'ok',
        (e: { msg: string }) => e.msg,
      );
      expect(refused).to.contain('destroyed');
    } finally {
      window.removeEventListener('unhandledrejection', onRejection);
      sockets.restore();
    }
  });

  it('keeps the session when moved within the DOM in one task', async () => {
    const logined = eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGINED');
    const wrapper = await fixture(
      html`<div><zego-room server="" room-id=${uniqueRoom()} user-id="alice"></zego-room><section></section></div>`,
    );
    const el = wrapper.querySelector('zego-room') as ZegoRoomElement;
    await logined;
    const engine = el.engine;
    const after = recordZegoEvents(document, ['zego-room-state-changed', 'zego-error']);
    wrapper.querySelector('section')!.append(el);
    await new Promise((r) => setTimeout(r, 100));
    after.stop();
    expect(after.log).to.have.length(0);
    expect(el.engine).to.equal(engine);
    expect(el.state).to.equal('connected');
  });

  it('ends rapid room changes in the last room with one session', async () => {
    const server = (await executeServerCommand('room-server', { action: 'start', name: 'rapid' })) as RoomServer;
    const rooms = [uniqueRoom('a'), uniqueRoom('b'), uniqueRoom('c'), uniqueRoom('d')];
    const observer = new ZegoLocalEngine(server.appID, server.wsUrl);
    try {
      const token = await (await fetch(`${server.url}/token?userID=observer&roomID=${rooms[3]}`)).json();
      const seen: string[] = [];
      observer.on('roomUserUpdate', (_r, type, list) => list.forEach((u) => seen.push(`${type}:${u.userID}`)));
      await observer.loginRoom(rooms[3], token.token, { userID: 'observer' }, { userUpdate: true });

      const states = recordZegoEvents(document, ['zego-room-state-changed']);
      const el = await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${rooms[0]} user-id="alice"></zego-room>`);
      await eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGINING');
      el.roomID = rooms[1]; // while the first login is pending
      await el.updateComplete;
      el.roomID = rooms[2]; // and twice in one task
      el.roomID = rooms[3];
      const arrived = nextEvent(observer, 'roomUserUpdate', (_r, type, list) => type === 'ADD' && list[0].userID === 'alice');
      await waitFor(() => el.state === 'connected' && el.snapshot.roomID === rooms[3], 15000, 'the last room');
      await arrived;
      await new Promise((r) => setTimeout(r, 500));
      states.stop();
      expect(seen).to.deep.equal(['ADD:alice']);
      const logined = states.log.filter((e) => (e as CustomEvent).detail.reason === 'LOGINED').map((e) => (e as CustomEvent).detail.roomID);
      expect(logined.at(-1)).to.equal(rooms[3]);
      expect(states.log.at(-1)).to.have.nested.property('detail.reason', 'LOGINED');
      expect(el.snapshot.roomID).to.equal(rooms[3]);
    } finally {
      observer.destroyEngine();
      await executeServerCommand('room-server', { action: 'stop', name: 'rapid' });
    }
  });

  it('gets tokens from token-url and renews them on tokenWillExpire', async () => {
    const server = (await executeServerCommand('room-server', { action: 'start', name: 'tokens' })) as RoomServer;
    try {
      // 31 s tokens: tokenWillExpire comes 30 s before expiry, i.e. about a second after each (re)new token.
      const tokenURL = `${server.url}/token?ttl=31`;
      const first = eventWhere(document, 'zego-token-will-expire');
      const el = await fixture<ZegoRoomElement>(
        html`<zego-room server=${server.wsUrl} token-url=${tokenURL} room-id=${uniqueRoom()} user-id="alice"></zego-room>`,
      );
      const e1 = (await first) as ZegoEngineEvent<'tokenWillExpire'>;
      expect(e1.detail).to.deep.equal({ roomID: el.roomID });
      const second = eventWhere(document, 'zego-token-will-expire', () => true, 10000);
      await second; // only a renewed token schedules another one
      const fetched = performance.getEntriesByType('resource').filter((r) => r.name.startsWith(`${server.url}/token`));
      expect(fetched.length).to.be.at.least(2);
      expect(fetched[0].name).to.contain('userID=alice');
      expect(el.state).to.equal('connected');
    } finally {
      await executeServerCommand('room-server', { action: 'stop', name: 'tokens' });
    }
  });

  it('logs in to a dev room server without any token attribute, and reports token-url failures', async () => {
    const server = (await executeServerCommand('room-server', { action: 'start', name: 'dev' })) as RoomServer;
    try {
      const logined = eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGINED');
      const el = await fixture<ZegoRoomElement>(
        html`<zego-room server=${server.wsUrl} room-id=${uniqueRoom()} user-id="alice"></zego-room>`,
      );
      await logined;
      const failure = oneEvent(document, 'zego-error') as Promise<ZegoErrorEvent>;
      el.tokenURL = '/no-such-token-endpoint';
      const e = await failure;
      expect(e.detail).to.include({ code: 1102016, source: 'token' });
      expect(e.detail.message).to.contain('404');
    } finally {
      await executeServerCommand('room-server', { action: 'stop', name: 'dev' });
    }
  });

  it('runs several rooms on one page independently', async () => {
    const [r1, r2] = [uniqueRoom(), uniqueRoom()];
    const both = Promise.all([
      eventWhere(
        document,
        'zego-room-state-changed',
        (e) => (e as CustomEvent).detail.reason === 'LOGINED' && (e as CustomEvent).detail.roomID === r1,
      ),
      eventWhere(
        document,
        'zego-room-state-changed',
        (e) => (e as CustomEvent).detail.reason === 'LOGINED' && (e as CustomEvent).detail.roomID === r2,
      ),
    ]);
    const wrapper = await fixture(html`<div>
      <zego-room id="one" server="" room-id=${r1} user-id="alice"></zego-room>
      <zego-room id="two" server="" room-id=${r2} user-id="alice"></zego-room>
    </div>`);
    const [one, two] = [wrapper.querySelector('#one') as ZegoRoomElement, wrapper.querySelector('#two') as ZegoRoomElement];
    const [e1, e2] = await both;
    expect(e1.target).to.equal(one);
    expect(e2.target).to.equal(two);
    expect(one.engine).to.not.equal(two.engine);
    const left = eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGOUT');
    one.leave();
    expect((await left).target).to.equal(one);
    expect(one.state).to.equal('idle');
    expect(two.state).to.equal('connected');
  });

  it('joins only on join() with manual, and leave() leaves', async () => {
    const el = await fixture<ZegoRoomElement>(html`<zego-room manual server="" room-id=${uniqueRoom()} user-id="alice"></zego-room>`);
    expect(el.state).to.equal('idle');
    const logout = eventWhere(document, 'zego-room-state-changed', (e) => (e as CustomEvent).detail.reason === 'LOGOUT');
    await el.join();
    expect(el.state).to.equal('connected');
    el.leave();
    await logout;
    expect(el.state).to.equal('idle');
    await el.join();
    expect(el.state).to.equal('connected');
  });

  it('never destroys an injected engine, and logs out of it on removal', async () => {
    const engine = new ZegoLocalEngine(1, '');
    try {
      const roomID = uniqueRoom();
      const logined = nextEvent(engine, 'roomStateChanged', (_r, r) => r === 'LOGINED');
      const el = await fixture<ZegoRoomElement>(
        html`<zego-room .engineFactory=${() => engine} room-id=${roomID} user-id="alice"></zego-room>`,
      );
      await logined;
      expect(el.engine).to.equal(engine);
      const logout = nextEvent(engine, 'roomStateChanged', (_r, r) => r === 'LOGOUT');
      el.remove();
      await logout;
      // Still the page's: it logs in again.
      expect(await engine.loginRoom(roomID, 'token', { userID: 'alice' })).to.equal(true);
    } finally {
      engine.destroyEngine();
    }
  });

  it('gives children a stable API and an immutable snapshot replaced on change', async () => {
    const el = await fixture<ZegoRoomElement>(
      html`<zego-room manual server="" room-id=${uniqueRoom()} user-id="alice"><room-probe></room-probe></zego-room>`,
    );
    const probe = el.querySelector('room-probe') as RoomProbe;
    const first = probe.values[probe.values.length - 1];
    expect(first.snapshot.state).to.equal('idle');
    expect(Object.isFrozen(first.snapshot)).to.equal(true);
    await el.join();
    const last = probe.values[probe.values.length - 1];
    expect(last.snapshot.state).to.equal('connected');
    expect(last.snapshot.roomID).to.equal(el.roomID);
    expect(last.snapshot.user).to.deep.equal({ userID: 'alice', userName: '' });
    expect(last.api).to.equal(first.api);
    expect(last.snapshot).to.not.equal(first.snapshot);
    expect(last.api.engine).to.equal(el.engine);
    expect(probe.registered).to.equal(true);
  });

  it('takes the speaker picked by a child for the whole room (zego-speaker-change)', async () => {
    const el = await fixture<ZegoRoomElement>(
      html`<zego-room manual server="" room-id=${uniqueRoom()} user-id="s"><room-probe></room-probe></zego-room>`,
    );
    const probe = el.querySelector('room-probe') as RoomProbe;
    expect(el.snapshot.speakerID).to.equal('');
    probe.dispatchEvent(new CustomEvent('zego-speaker-change', { bubbles: true, composed: true, detail: { deviceId: 'speaker-2' } }));
    expect(el.snapshot.speakerID).to.equal('speaker-2');
    expect(probe.values[probe.values.length - 1].snapshot.speakerID).to.equal('speaker-2');
  });

  it('checks system requirements through the element', async () => {
    const el = await fixture<ZegoRoomElement>(html`<zego-room manual server=""></zego-room>`);
    const result = (await el.checkSystemRequirements()) as { webRTC: boolean };
    expect(result.webRTC).to.equal(true);
  });
});

class RoomProbe extends LitElement {
  values: RoomContext[] = [];
  registered = false;
  private consumer = new ContextConsumer(this, {
    context: roomContext,
    subscribe: true,
    callback: (value) => {
      this.values.push(value);
      if (!this.registered) {
        value.api.register({});
        this.registered = true;
      }
    },
  });
  get context() {
    return this.consumer.value;
  }
}
customElements.define('room-probe', RoomProbe);

/** The room context as a child of `el` receives it (the provider answers requests from descendants only). */
function contextOf(el: ZegoRoomElement): RoomContext {
  let value: RoomContext | undefined;
  const child = el.ownerDocument.createElement('span');
  el.append(child);
  child.dispatchEvent(new ContextEvent(roomContext, child, (v: RoomContext) => (value = v), false));
  child.remove();
  if (!value) throw new Error('no room context');
  return value;
}

/** Counts WebSockets created from now on and how many are not closed. */
function watchWebSockets() {
  const Native = window.WebSocket;
  const all: WebSocket[] = [];
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      all.push(this);
    }
  } as typeof WebSocket;
  return {
    created: () => all.length,
    live: () => all.filter((s) => s.readyState === Native.CONNECTING || s.readyState === Native.OPEN).length,
    restore: () => (window.WebSocket = Native),
  };
}
