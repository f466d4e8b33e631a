// <zego-chat> on the local engine: Alice's chat in this page, Bob's <zego-room> + <zego-chat> in a second page (its
// own element registry, engine and channels), or a plain engine there. What people see is read from the shadow
// roots; what the room carries, from the other side's list or engine.
import { expect, fixture, fixtureCleanup, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { ZegoChatElement } from '../../src/elements/zego-chat.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import type { ZegoChatEvent } from '../../src/chat/events.js';
import type { ZegoErrorEvent } from '../../src/room/events.js';
import { Code, utf8Length } from '../../src/shared/codes.js';
import { uniqueRoom, waitFor } from './helpers.js';
import { deepActive } from './look.js';
import { colorScheme } from './browser.js';

if (!customElements.get('zego-chat')) customElements.define('zego-chat', ZegoChatElement);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------ the second page

type Frame = Window & typeof globalThis & { roomReady?: boolean; ZegoLocalEngine?: typeof ZegoLocalEngine };
let frame: { win: Frame; doc: Document } | undefined;

/** A second page with <zego-room> and <zego-chat> defined in its own registry (room-frame.html, and this element if not yet). */
async function secondPage() {
  if (frame) return frame;
  const iframe = document.createElement('iframe');
  iframe.src = new URL('./fixtures/room-frame.html', import.meta.url).href;
  iframe.title = 'Bob';
  // out of the flow: the panels under test keep their place in this page
  iframe.style.cssText = 'position:fixed;right:0;bottom:0;width:320px;height:240px;border:0';
  document.body.append(iframe);
  const win = iframe.contentWindow as Frame;
  await waitFor(() => !!win.roomReady, 15000, 'second page');
  const load = new win.Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
  if (!win.customElements.get('zego-chat')) {
    const chat = await load(new URL('../../src/elements/zego-chat.ts', import.meta.url).href);
    win.customElements.define('zego-chat', chat.ZegoChatElement as CustomElementConstructor);
  }
  const engine = await load(new URL('../../src/index.ts', import.meta.url).href);
  win.ZegoLocalEngine = engine.ZegoLocalEngine as typeof ZegoLocalEngine;
  frame = { win, doc: win.document };
  return frame;
}

/** Bob in the second page: his own <zego-room> and <zego-chat>, connected. */
async function bob(roomID: string, userName = 'Bob') {
  const page = await secondPage();
  const room = page.doc.createElement('zego-room') as ZegoRoomElement;
  room.setAttribute('server', '');
  room.setAttribute('room-id', roomID);
  room.setAttribute('user-id', 'bob');
  room.setAttribute('user-name', userName);
  room.hideStatus = true;
  const chat = page.doc.createElement('zego-chat') as ZegoChatElement;
  room.append(chat);
  page.doc.body.append(room);
  await waitFor(() => room.state === 'connected', 15000, 'Bob connected');
  return { room, chat };
}

const engines: ZegoLocalEngine[] = [];

/** Carol: a plain engine in the second page, listening to the room's broadcasts. */
async function carol(roomID: string) {
  const page = await secondPage();
  const engine = new page.win.ZegoLocalEngine!(1, '') as ZegoLocalEngine;
  engines.push(engine);
  const received: { text: string; from: string }[] = [];
  engine.on('IMRecvBroadcastMessage', (_roomID, list) => list.forEach((m) => received.push({ text: m.message, from: m.fromUser.userID })));
  await engine.loginRoom(roomID, 'local', { userID: 'carol', userName: 'Carol' });
  return { engine, received };
}

// ------------------------------------------------------------------------------------------------ this page

/**
 * Alice's chat in a 360 x 600 side panel of this page. With `factory`, her room uses that engine (set before the
 * room connects); with `manual`, it waits for `join()`.
 */
async function alice(roomID: string, { manual = false, factory }: { manual?: boolean; factory?: () => ZegoLocalEngine } = {}) {
  const room = document.createElement('zego-room');
  for (const [k, v] of Object.entries({ server: '', 'room-id': roomID, 'user-id': 'alice', 'user-name': 'Alice' })) room.setAttribute(k, v);
  room.hideStatus = true;
  room.manual = manual;
  if (factory) room.engineFactory = factory;
  const panel = document.createElement('aside');
  panel.style.cssText = 'width:360px;height:600px';
  const chat = document.createElement('zego-chat');
  panel.append(chat);
  room.append(panel);
  await fixture(room);
  if (!manual) await waitFor(() => room.state === 'connected', 15000, 'Alice connected');
  await waitFor(() => !!chat.shadowRoot!.querySelector('[part=form]'), 5000, "the chat's view");
  await chat.updateComplete;
  return { panel, room, chat };
}

/** A local engine whose `sendBroadcastMessage` refuses with 1009015 while `refuse` is set; `attempts` are its calls' times. */
function refusingEngine() {
  const engine = new ZegoLocalEngine(1, '');
  engines.push(engine);
  const real = engine.sendBroadcastMessage.bind(engine);
  const state = { refuse: true, attempts: [] as number[], listeners: new Set<unknown>() };
  engine.sendBroadcastMessage = (roomID: string, message: string) => {
    state.attempts.push(performance.now());
    return state.refuse
      ? Promise.reject({ errorCode: Code.MESSAGE_FREQUENCY_LIMITED, extendedData: 'broadcast messages are rate limited' })
      : real(roomID, message);
  };
  const on = engine.on.bind(engine);
  const off = engine.off.bind(engine);
  engine.on = ((name: string, fn: unknown) => {
    if (name === 'IMRecvBroadcastMessage') state.listeners.add(fn);
    return on(name as never, fn as never);
  }) as typeof engine.on;
  engine.off = ((name: string, fn?: unknown) => {
    if (name === 'IMRecvBroadcastMessage') state.listeners.delete(fn);
    return off(name as never, fn as never);
  }) as typeof engine.off;
  return { engine, state };
}

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HTMLElement, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const input = (el: HTMLElement) => part(el, 'input') as HTMLTextAreaElement;
const sendButton = (el: HTMLElement) => part(el, 'send') as HTMLButtonElement;
const messageEl = (el: HTMLElement, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=message][data-id="${id}"]`)!;
const within = (m: HTMLElement, name: string) => m.querySelector<HTMLElement>(`[part~="${name}"]`);
const texts = (el: ZegoChatElement) => el.messages.map((m) => m.text);
const hhmm = (time: number) => new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(time);

/** Sets the input's text as typing would (an `input` event), without typing a thousand keys. */
async function fill(el: ZegoChatElement, text: string) {
  const box = input(el);
  box.value = text;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** WCAG contrast ratio of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((v) => {
        const s = Number(v) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The first opaque background colour at `el` or above it (through shadow roots). */
function backgroundOf(el: Element): string {
  for (let n: Element | null = el; n; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host || null)) {
    const bg = getComputedStyle(n).backgroundColor;
    if (!/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
  }
  return 'rgb(255, 255, 255)';
}

const errors: string[] = [];
const onError = (e: ErrorEvent) => errors.push(String(e.message));
const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${JSON.stringify(e.reason) ?? e.reason}`);

beforeEach(() => {
  errors.length = 0;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
});

afterEach(async () => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  fixtureCleanup();
  if (frame) frame.doc.body.replaceChildren();
  while (engines.length) engines.pop()!.destroyEngine();
  // sessions of destroyed engines leave the shared room core at once (clean goodbye)
  await sleep(50);
});

after(() => frame && (frame.win.frameElement as HTMLIFrameElement).remove());

describe('<zego-chat>', function () {
  this.timeout(40000);

  it('sends with Enter: the message shows in both chats with its sender and time, yours as "You"', async () => {
    const roomID = uniqueRoom('chat');
    const b = await bob(roomID, 'Bob');
    const a = await alice(roomID);
    expect(part(a.chat, 'empty')?.textContent?.trim()).to.equal('No messages yet');

    const arrived = oneEvent(b.chat, 'zego-chat-message') as Promise<ZegoChatEvent<'zego-chat-message'>>;
    input(a.chat).focus();
    await sendKeys({ type: 'Hello Bob' });
    await sendKeys({ press: 'Enter' });
    await a.chat.updateComplete;
    expect(input(a.chat).value, 'the input empties').to.equal('');
    const mine = a.chat.messages[0];
    expect(mine).to.include({ text: 'Hello Bob', self: true });
    expect(Object.isFrozen(mine) && Object.isFrozen(a.chat.messages)).to.equal(true);
    const el = messageEl(a.chat, mine.id);
    expect(within(el, 'author')!.textContent).to.equal('You');
    expect(within(el, 'time')!.textContent).to.equal(hhmm(mine.time));

    const e = await arrived;
    expect(e.bubbles && e.composed).to.equal(true);
    expect(e.detail.message).to.include({ text: 'Hello Bob', self: false, state: 'received' });
    expect(e.detail.message.user).to.deep.equal({ userID: 'alice', userName: 'Alice' });
    await b.chat.updateComplete;
    const theirs = messageEl(b.chat, e.detail.message.id);
    expect(within(theirs, 'author')!.textContent).to.equal('Alice');
    expect(within(theirs, 'text')!.textContent).to.equal('Hello Bob');
    expect(within(theirs, 'time')!.textContent).to.equal(hhmm(e.detail.message.time));
    await waitFor(() => a.chat.messages[0].state === 'sent', 5000, 'sent');
    expect(a.chat.messages[0].messageID).to.equal(e.detail.message.messageID);

    // and back
    const back = oneEvent(a.chat, 'zego-chat-message') as Promise<ZegoChatEvent<'zego-chat-message'>>;
    await b.chat.send('Hi Alice');
    const reply = (await back).detail.message;
    await a.chat.updateComplete;
    expect(texts(a.chat)).to.deep.equal(['Hello Bob', 'Hi Alice']);
    expect(within(messageEl(a.chat, reply.id), 'author')!.textContent).to.equal('Bob');
    expect(part(a.chat, 'empty')).to.equal(null);
    expect(errors).to.deep.equal([]);
  });

  it('shows markup in a message and in a name as text', async () => {
    const roomID = uniqueRoom('chat');
    const b = await bob(roomID, 'Bob <b>Builder</b>');
    const a = await alice(roomID);
    const markup = '<img src=x onerror="window.__chatXSS=1"> <b>bold</b> & <script>window.__chatXSS=2</script>';
    const arrived = oneEvent(a.chat, 'zego-chat-message') as Promise<ZegoChatEvent<'zego-chat-message'>>;
    await b.chat.send(markup);
    const m = (await arrived).detail.message;
    await a.chat.updateComplete;
    const el = messageEl(a.chat, m.id);
    expect(within(el, 'text')!.textContent).to.equal(markup);
    expect(within(el, 'author')!.textContent).to.equal('Bob <b>Builder</b>');
    expect(el.querySelector('img, b, script')).to.equal(null);
    expect((window as unknown as { __chatXSS?: number }).__chatXSS).to.equal(undefined);
    // a long word wraps inside the panel
    const long = 'x'.repeat(300);
    const second = oneEvent(a.chat, 'zego-chat-message');
    await b.chat.send(long);
    await second;
    await a.chat.updateComplete;
    const list = part(a.chat, 'list')!;
    expect(list.scrollWidth).to.be.at.most(list.clientWidth);
  });

  it('sends five messages typed within 300 ms, all of them, in order, each going from sending to sent', async () => {
    const roomID = uniqueRoom('chat');
    const b = await bob(roomID);
    const a = await alice(roomID);
    // every state each message shows, as the DOM shows it
    const seen = new Map<string, string[]>();
    const record = () => {
      for (const el of parts(a.chat, 'message')) {
        const states = seen.get(el.dataset.id!) ?? [];
        const shown = `${el.dataset.state}: ${within(el, 'status')?.textContent ?? ''}`;
        if (states.at(-1) !== shown) states.push(shown);
        seen.set(el.dataset.id!, states);
      }
    };
    const watcher = new MutationObserver(record);
    watcher.observe(a.chat.shadowRoot!, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      sends.push(a.chat.send(`burst ${i}`));
      if (i < 5) await sleep(60);
    }
    expect(performance.now() - started).to.be.below(400);
    await Promise.all(sends);
    await a.chat.updateComplete;
    record();
    watcher.disconnect();
    expect(a.chat.messages.map((m) => m.state)).to.deep.equal(Array(5).fill('sent'));
    const ids = a.chat.messages.map((m) => m.messageID!);
    expect([...ids].sort((x, y) => x - y)).to.deep.equal(ids);
    for (const m of a.chat.messages) expect(seen.get(m.id), m.text).to.deep.equal(['sending: Sending…', 'sent: ✓']);
    await waitFor(() => b.chat.messages.length === 5, 10000, 'all five at Bob');
    expect(texts(b.chat)).to.deep.equal(['burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5']);
  });

  it('keeps a message typed before the room is connected, says it waits, and sends it once connected', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const a = await alice(roomID, { manual: true });
    input(a.chat).focus();
    await sendKeys({ type: 'early bird' });
    await sendKeys({ press: 'Enter' });
    await a.chat.updateComplete;
    const m = a.chat.messages[0];
    expect(m).to.include({ text: 'early bird', state: 'sending' });
    expect(within(messageEl(a.chat, m.id), 'status')!.textContent).to.equal('Waiting for the room…');
    await a.room.join();
    await waitFor(() => a.chat.messages[0].state === 'sent', 10000, 'sent once connected');
    await waitFor(() => c.received.length === 1, 5000, 'Carol got it');
    expect(c.received).to.deep.equal([{ text: 'early bird', from: 'alice' }]);
  });

  it('retries a rate-limited message ~550 ms apart and more for about 10 s, then says why, fires zego-error and offers Resend', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const { engine, state } = refusingEngine();
    const a = await alice(roomID, { factory: () => engine });
    const failed = oneEvent(a.chat, 'zego-error') as Promise<ZegoErrorEvent>;
    const outcome = a.chat.send('persistent').then(
      () => 'sent',
      (e: { code: number; message: string }) => e,
    );
    const error = await failed;
    expect(error.detail).to.include({ code: Code.MESSAGE_FREQUENCY_LIMITED, source: 'chat' });
    expect(error.bubbles && error.composed).to.equal(true);
    expect(await outcome).to.deep.include({ code: Code.MESSAGE_FREQUENCY_LIMITED });
    const span = state.attempts.at(-1)! - state.attempts[0];
    expect(state.attempts.length, 'retried').to.be.at.least(4);
    expect(span, 'within the ~10 s budget').to.be.within(5000, 10500);
    for (let i = 1; i < state.attempts.length; i++) expect(state.attempts[i] - state.attempts[i - 1]).to.be.at.least(540);
    await a.chat.updateComplete;
    const m = a.chat.messages[0];
    expect(m.state).to.equal('failed');
    expect(m.error?.code).to.equal(Code.MESSAGE_FREQUENCY_LIMITED);
    const el = messageEl(a.chat, m.id);
    expect(within(el, 'status')!.textContent).to.equal('Not sent: too many messages at once');
    const resend = within(el, 'resend') as HTMLButtonElement;
    expect(resend.textContent).to.equal('Resend');
    expect(within(el, 'delete')!.textContent).to.equal('Delete');

    state.refuse = false;
    resend.click();
    await waitFor(() => a.chat.messages[0].state === 'sent', 10000, 'resent');
    await waitFor(() => c.received.length === 1, 5000, 'Carol got it');
    expect(c.received).to.deep.equal([{ text: 'persistent', from: 'alice' }]);
    await a.chat.updateComplete;
    expect(within(messageEl(a.chat, m.id), 'resend')).to.equal(null);
  });

  it('fails a queued message as "not in the room" when the room is left; Resend sends it after joining again', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const { engine, state } = refusingEngine();
    const a = await alice(roomID, { factory: () => engine });
    const outcome = a.chat.send('before leaving').catch((e: { code: number }) => e);
    await waitFor(() => state.attempts.length === 1, 5000, 'first attempt');
    const reported = oneEvent(a.chat, 'zego-error') as Promise<ZegoErrorEvent>;
    a.room.leave();
    expect(await outcome).to.deep.include({ code: Code.NOT_LOGIN });
    expect((await reported).detail).to.include({ code: Code.NOT_LOGIN, source: 'chat' });
    await a.chat.updateComplete;
    const m = a.chat.messages[0];
    expect(within(messageEl(a.chat, m.id), 'status')!.textContent).to.equal('Not sent: not in the room');
    // typed while out of the room: it fails at once, and stays to be resent
    await a.chat.send('while out').catch(() => {});
    expect(a.chat.messages.map((x) => x.state)).to.deep.equal(['failed', 'failed']);

    state.refuse = false;
    await a.room.join();
    await a.chat.updateComplete;
    (within(messageEl(a.chat, m.id), 'resend') as HTMLButtonElement).click();
    await a.chat.resend(a.chat.messages[1].id);
    await waitFor(() => a.chat.messages.every((x) => x.state === 'sent'), 10000, 'both resent');
    await waitFor(() => c.received.length === 2, 5000, 'Carol got both');
    expect(c.received.map((x) => x.text)).to.deep.equal(['before leaving', 'while out']);
  });

  it('holds at most 1024 UTF-8 bytes: a counter near the limit, a clear line beyond it, no send', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const a = await alice(roomID);
    await fill(a.chat, 'a'.repeat(700));
    expect(part(a.chat, 'counter'), 'no counter far from the limit').to.equal(null);
    await fill(a.chat, 'é'.repeat(513)); // 1026 bytes
    const counter = part(a.chat, 'counter')!;
    expect(counter.textContent!.trim()).to.equal('Too long by 2 bytes: a message holds at most 1024 bytes.');
    expect(counter.checkVisibility()).to.equal(true);
    expect(sendButton(a.chat).disabled).to.equal(true);
    expect(input(a.chat).getAttribute('aria-invalid')).to.equal('true');
    expect(input(a.chat).getAttribute('aria-describedby')).to.equal(counter.id);
    input(a.chat).focus();
    await sendKeys({ press: 'Enter' });
    await a.chat.updateComplete;
    expect(a.chat.messages).to.have.length(0);
    expect(await a.chat.send('é'.repeat(513)).catch((e: { code: number }) => e.code)).to.equal(Code.MESSAGE_TOO_LONG);
    expect(a.chat.messages).to.have.length(0);

    await fill(a.chat, 'é'.repeat(512)); // 1024 bytes: the most there is
    expect(part(a.chat, 'counter')!.textContent!.trim()).to.equal('1024/1024 bytes');
    expect(sendButton(a.chat).disabled).to.equal(false);
    sendButton(a.chat).click();
    await waitFor(() => c.received.length === 1, 10000, 'Carol got it');
    expect(utf8Length(c.received[0].text)).to.equal(1024);
  });

  it('counts messages received while hidden or scrolled up as unread, and resets when the newest is in sight', async () => {
    const roomID = uniqueRoom('chat');
    const b = await bob(roomID);
    const a = await alice(roomID);
    const counts: number[] = [];
    a.chat.addEventListener('zego-chat-unread', (e) => counts.push(e.detail.count));

    a.chat.hidden = true;
    await b.chat.send('one');
    await b.chat.send('two');
    await waitFor(() => a.chat.messages.length === 2, 5000, 'two arrived');
    expect(a.chat.unread).to.equal(2);
    expect(counts).to.deep.equal([1, 2]);
    a.chat.hidden = false;
    await waitFor(() => a.chat.unread === 0, 5000, 'read once shown');
    expect(counts).to.deep.equal([1, 2, 0]);

    // enough lines to scroll, read as they come (the list follows while at its end)
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    await b.chat.send(lines);
    await b.chat.send(lines);
    await waitFor(() => a.chat.messages.length === 4, 5000, 'long ones arrived');
    await a.chat.updateComplete;
    const list = part(a.chat, 'list')!;
    await waitFor(() => list.scrollHeight - list.scrollTop - list.clientHeight < 2, 5000, 'the list follows at its end');
    expect(list.scrollHeight).to.be.above(list.clientHeight);
    expect(a.chat.unread).to.equal(0);

    // scrolled up: the list stays put, a button counts what came
    // an observer of the test's own, made after the chat's: its report comes after the chat's
    const end = a.chat.shadowRoot!.querySelector('.end')!;
    const endLeft = new Promise<void>((resolve) => {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => !e.isIntersecting)) {
          io.disconnect();
          resolve();
        }
      });
      io.observe(end);
    });
    list.scrollTop = 0;
    await endLeft;
    await b.chat.send('while you read old ones');
    await waitFor(() => a.chat.unread === 1, 5000, 'unread while scrolled up');
    await a.chat.updateComplete;
    expect(list.scrollTop).to.equal(0);
    const button = part(a.chat, 'new-messages') as HTMLButtonElement;
    expect(button.textContent!.trim()).to.equal('1 new message ↓');
    button.click();
    await waitFor(() => a.chat.unread === 0, 5000, 'read after the button');
    expect(list.scrollHeight - list.scrollTop - list.clientHeight).to.be.below(2);
    await a.chat.updateComplete;
    expect(part(a.chat, 'new-messages')).to.equal(null);
    expect(counts.at(-1)).to.equal(0);
  });

  it('lets a zego-chat-send listener stop a message: neither shown nor sent, the text stays in the input', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const a = await alice(roomID);
    const moderate = (e: ZegoChatEvent<'zego-chat-send'>) => {
      if (e.detail.message.text.includes('forbidden')) e.preventDefault();
    };
    document.addEventListener('zego-chat-send', moderate);
    try {
      input(a.chat).focus();
      await sendKeys({ type: 'a forbidden word' });
      await sendKeys({ press: 'Enter' });
      await a.chat.updateComplete;
      expect(a.chat.messages).to.have.length(0);
      expect(input(a.chat).value).to.equal('a forbidden word');
      expect(await a.chat.send('forbidden').catch(() => 'refused')).to.equal('refused');
      const asked = oneEvent(a.chat, 'zego-chat-send') as Promise<ZegoChatEvent<'zego-chat-send'>>;
      await fill(a.chat, 'fine');
      await sendKeys({ press: 'Enter' });
      const e = await asked;
      expect(e.cancelable && e.bubbles && e.composed).to.equal(true);
      expect(e.detail.message).to.include({ text: 'fine', state: 'sending', self: true });
      await waitFor(() => c.received.length === 1, 10000, 'Carol got the fine one');
      expect(c.received.map((x) => x.text)).to.deep.equal(['fine']);
    } finally {
      document.removeEventListener('zego-chat-send', moderate);
    }
  });

  it('works from the keyboard: Enter sends, Shift+Enter breaks the line; Tab: input, Send, list, Resend, Delete', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const a = await alice(roomID);
    input(a.chat).focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    expect(input(a.chat).value).to.equal('line one\nline two');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => c.received.length === 1, 10000, 'Carol got it');
    expect(c.received[0].text).to.equal('line one\nline two');
    await a.chat.updateComplete;
    const text = within(messageEl(a.chat, a.chat.messages[0].id), 'text')!;
    expect(text.getBoundingClientRect().height, 'shown on two lines').to.be.above(parseFloat(getComputedStyle(text).lineHeight) * 1.5);

    // a failed message: out of the room
    a.room.leave();
    await sendKeys({ type: 'oops' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => a.chat.messages[1]?.state === 'failed', 5000, 'failed');
    await a.chat.updateComplete;
    const failed = messageEl(a.chat, a.chat.messages[1].id);
    await sendKeys({ type: 'draft' });
    await a.chat.updateComplete;
    const order = [sendButton(a.chat), part(a.chat, 'list'), within(failed, 'resend'), within(failed, 'delete')];
    const visited: (Element | null)[] = [];
    for (let i = 0; i < order.length; i++) {
      await sendKeys({ press: 'Tab' });
      visited.push(deepActive());
    }
    expect(visited.map((x) => x?.getAttribute('part'))).to.deep.equal(['send', 'list', 'resend', 'delete']);
    expect(visited.every((x, i) => x === order[i])).to.equal(true);
    // a visible focus ring on each
    for (const el of order) {
      (el as HTMLElement).focus();
      expect(getComputedStyle(el!).outlineStyle, el!.getAttribute('part')!).to.equal('solid');
    }

    // Resend with the keyboard once back in the room
    await a.room.join();
    (within(failed, 'resend') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => c.received.length === 2, 10000, 'Carol got the resent one');
    expect(c.received[1].text).to.equal('oops');
    expect(document.activeElement === a.chat && a.chat.shadowRoot!.activeElement === input(a.chat), 'focus back in the input').to.equal(
      true,
    );
    expect(input(a.chat).value).to.equal('draft');
  });

  it('is accessible (axe), light and dark, with received, sent and failed messages and the byte counter', async () => {
    document.documentElement.lang = 'en';
    const roomID = uniqueRoom('chat');
    const b = await bob(roomID, 'Bob');
    const a = await alice(roomID);
    const arrived = oneEvent(a.chat, 'zego-chat-message');
    await b.chat.send('Hello Alice');
    await arrived;
    await a.chat.send('Hi Bob');
    a.room.leave();
    await a.chat.send('not sent').catch(() => {});
    await fill(a.chat, 'x'.repeat(900));
    expect(part(a.chat, 'counter')).to.not.equal(null);
    expect(part(a.chat, 'resend')).to.not.equal(null);
    const list = part(a.chat, 'list')!;
    expect(list.getAttribute('role')).to.equal('log');
    expect(list.getAttribute('aria-live')).to.equal('polite');
    expect(input(a.chat).getAttribute('aria-label')).to.equal('Message');
    await expect(a.chat).to.be.accessible();
    await colorScheme('dark');
    try {
      await expect(a.chat).to.be.accessible();
    } finally {
      await colorScheme('light');
    }
  });

  it('keeps its messages and its queue when moved in the DOM, and still receives', async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const a = await alice(roomID);
    await a.chat.send('before the move');
    const moving = a.chat.send('during the move'); // waits for the spacing while the element moves
    const box = document.createElement('div');
    a.panel.append(box);
    box.append(a.chat);
    await moving;
    expect(texts(a.chat)).to.deep.equal(['before the move', 'during the move']);
    await waitFor(() => c.received.length === 2, 10000, 'Carol got both');
    const arrived = oneEvent(a.chat, 'zego-chat-message');
    await c.engine.sendBroadcastMessage(roomID, 'after the move');
    await arrived;
    expect(texts(a.chat)).to.deep.equal(['before the move', 'during the move', 'after the move']);
  });

  it('releases its engine listener and timers when removed: the queued message fails, nothing runs after', async () => {
    const roomID = uniqueRoom('chat');
    const { engine, state } = refusingEngine();
    const a = await alice(roomID, { factory: () => engine });
    const listeners = state.listeners.size;
    const outcome = a.chat.send('stuck').catch((e: { code: number }) => e);
    await waitFor(() => state.attempts.length === 1, 5000, 'first attempt');
    a.chat.remove();
    expect(await outcome).to.deep.include({ code: Code.NOT_LOGIN });
    expect(state.listeners.size, "the chat's IMRecvBroadcastMessage listener").to.equal(listeners - 1);
    const attempts = state.attempts.length;
    await sleep(1500); // past the retry's back-off (700 ms): a timer left behind would have tried again
    expect(state.attempts.length).to.equal(attempts);
    expect(a.chat.messages.map((m) => m.state)).to.deep.equal(['failed']);
    expect(errors).to.deep.equal([]);

    // back in the room later: it hangs on it again, and the failed message can go
    a.panel.append(a.chat);
    await waitFor(() => state.listeners.size === listeners, 5000, 'subscribed again');
    state.refuse = false;
    await a.chat.resend(a.chat.messages[0].id);
    expect(a.chat.messages[0].state).to.equal('sent');
  });

  it("finds its room from inside another element's shadow root", async () => {
    const roomID = uniqueRoom('chat');
    const c = await carol(roomID);
    const room = await fixture<ZegoRoomElement>(
      `<zego-room server="" room-id="${roomID}" user-id="alice" user-name="Alice" hide-status><div></div></zego-room>`,
    );
    const chat = document.createElement('zego-chat');
    room.querySelector('div')!.attachShadow({ mode: 'open' }).append(chat);
    await waitFor(() => room.state === 'connected', 15000, 'connected');
    await chat.send('from a shadow root');
    await waitFor(() => c.received.length === 1, 5000, 'Carol got it');
    const arrived = oneEvent(chat, 'zego-chat-message');
    await c.engine.sendBroadcastMessage(roomID, 'into a shadow root');
    await arrived;
    expect(texts(chat)).to.deep.equal(['from a shadow root', 'into a shadow root']);
  });

  it('keeps at most max-messages, clears on clear(), and speaks the language of its lang attribute', async () => {
    const roomID = uniqueRoom('chat');
    const a = await alice(roomID);
    a.chat.setAttribute('max-messages', '3');
    await Promise.all(['1', '2', '3', '4'].map((x) => a.chat.send(x)));
    await a.chat.updateComplete;
    expect(texts(a.chat)).to.deep.equal(['2', '3', '4']);
    expect(parts(a.chat, 'message')).to.have.length(3);
    a.chat.clear();
    await a.chat.updateComplete;
    expect(a.chat.messages).to.have.length(0);
    expect(part(a.chat, 'empty')!.textContent).to.equal('No messages yet');

    a.panel.lang = 'zh-CN';
    a.chat.requestUpdate();
    await a.chat.send('你好');
    await a.chat.updateComplete;
    expect(sendButton(a.chat).textContent).to.equal('发送');
    expect(input(a.chat).placeholder).to.equal('输入消息…');
    expect(within(parts(a.chat, 'message')[0], 'author')!.textContent).to.equal('我');
    a.chat.placeholder = 'Say hi';
    await a.chat.updateComplete;
    expect(input(a.chat).placeholder).to.equal('Say hi');
  });

  describe('look, with no page CSS: contrast, no horizontal scrolling, the input in view', () => {
    afterEach(async () => {
      await colorScheme('light');
      await setViewport({ width: 800, height: 600 });
    });

    /** A few messages: two received (one long word, some lines), one sent, one failed. */
    async function conversation(chat: ZegoChatElement, room: ZegoRoomElement, roomID: string) {
      const b = await bob(roomID, 'Bob');
      await b.chat.send('Hi! Shall we start? ' + 'Supercalifragilisticexpialidocious'.repeat(3));
      await b.chat.send('Agenda:\n1. Budget\n2. Launch date');
      await waitFor(() => chat.messages.length === 2, 10000, 'two received');
      await chat.send('Yes, joining now.');
      room.leave();
      await chat.send('This one did not go through').catch(() => {});
      await chat.updateComplete;
    }

    function checkColours(chat: ZegoChatElement, scheme: string) {
      const pair = (el: Element | null, what: string, min = 4.5) => {
        expect(el, what).to.not.equal(null);
        const ratio = contrast(getComputedStyle(el!).color, backgroundOf(el!));
        expect(ratio, `${scheme}: ${what} (${getComputedStyle(el!).color} on ${backgroundOf(el!)})`).to.be.at.least(min);
      };
      const [received, , own, failed] = parts(chat, 'message');
      pair(within(received, 'text'), 'received text');
      pair(within(received, 'author'), 'author');
      pair(within(received, 'time'), 'time');
      pair(within(own, 'text'), 'own text');
      pair(within(own, 'time'), 'own time');
      pair(within(failed, 'status'), 'why not sent');
      pair(within(failed, 'resend'), 'Resend');
      pair(within(failed, 'delete'), 'Delete');
      pair(input(chat), 'input text');
      const placeholder = getComputedStyle(input(chat), '::placeholder').color;
      expect(contrast(placeholder, backgroundOf(input(chat))), `${scheme}: placeholder`).to.be.at.least(4.5);
      pair(sendButton(chat), 'Send');
    }

    function checkFits(chat: ZegoChatElement) {
      const root = document.scrollingElement!;
      expect(root.scrollWidth, 'no horizontal scrolling of the page').to.be.at.most(innerWidth);
      const list = part(chat, 'list')!;
      expect(list.scrollWidth, 'no horizontal scrolling in the list').to.be.at.most(list.clientWidth);
      const r = chat.getBoundingClientRect();
      expect(r.right).to.be.at.most(innerWidth);
      const box = input(chat).getBoundingClientRect();
      expect(box.top >= 0 && box.bottom <= innerHeight, 'the input in view without scrolling').to.equal(true);
      expect(sendButton(chat).getBoundingClientRect().right).to.be.at.most(r.right);
    }

    for (const { name, width, height } of [
      { name: 'a 360 px side panel at 1280x800', width: 1280, height: 800 },
      { name: 'a full-height sheet at 390x844', width: 390, height: 844 },
    ]) {
      it(name, async () => {
        await setViewport({ width, height });
        const roomID = uniqueRoom('chat');
        const side = width > 1000;
        const page = await fixture<HTMLElement>(
          side
            ? `<zego-room server="" room-id="${roomID}" user-id="alice" user-name="Alice" hide-status><div style="display:flex;height:calc(100vh - 16px)"><main style="flex:1">Call</main><aside style="width:360px"><zego-chat></zego-chat></aside></div></zego-room>`
            : `<zego-room server="" room-id="${roomID}" user-id="alice" user-name="Alice" hide-status><div style="position:fixed;inset:0"><zego-chat></zego-chat></div></zego-room>`,
        );
        const room = page as ZegoRoomElement;
        const chat = page.querySelector('zego-chat') as ZegoChatElement;
        await waitFor(() => room.state === 'connected', 15000, 'connected');
        await conversation(chat, room, roomID);
        const r = chat.getBoundingClientRect();
        expect([r.width, r.height], 'the whole panel or sheet').to.deep.equal(side ? [360, 800 - 16] : [390, 844]);
        const base = part(chat, 'base')!;
        const luminance = () => contrast(getComputedStyle(base).backgroundColor, 'rgb(0, 0, 0)');
        checkFits(chat);
        await fill(chat, 'x');
        checkColours(chat, 'light');
        const light = luminance();
        await colorScheme('dark');
        await fill(chat, '');
        await fill(chat, 'x');
        checkColours(chat, 'dark');
        expect(luminance(), 'a dark panel in dark mode').to.be.below(light / 5);
        checkFits(chat);
      });
    }
  });
});
