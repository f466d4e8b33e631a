// <zego-participants> on the local engine: alice in this page (a <zego-room> with the list and, in most tests, the
// remote videos that play everyone), the others as plain engines in a second page (login only, or publishing the
// fake camera and microphone). What is checked is what people see and hear about: rows, labels, the heading, events,
// keyboard focus, colours and sizes read from the rendered shadow DOM.
//
// Pictures: `executeServerCommand('participants-screenshot')` exists only when the runner has a plugin for it (see
// the command at the end of this file's tests); under `npm run test:browser` they are skipped.
import { ContextEvent } from '@lit/context';
import { expect, fixture, fixtureCleanup, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { nothing } from 'lit';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { ZegoParticipantsElement, type ZegoParticipantsSelectEvent } from '../../src/elements/zego-participants.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { roomContext, type RoomContext } from '../../src/room/context.js';
import type { RoomEngine } from '../../src/room/engine.js';
import { nextEvent, secondPage, uniqueRoom, waitFor } from './helpers.js';
import { deepActive } from './look.js';
import { colorScheme } from './browser.js';

if (!customElements.get('zego-participants')) customElements.define('zego-participants', ZegoParticipantsElement);

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
const engines: ZegoLocalEngine[] = [];

afterEach(async () => {
  fixtureCleanup();
  while (engines.length) engines.pop()!.destroyEngine();
  await new Promise((r) => setTimeout(r, 50));
});
after(() => page?.close());

interface Peer {
  engine: ZegoLocalEngine;
  stream: unknown;
  streamID: string;
}

/** Someone else in the room, in the second page: logged in only, or publishing the fake camera (and microphone). */
async function peer(roomID: string, userID: string, userName: string, media?: { audio: boolean }): Promise<Peer> {
  page ??= await secondPage();
  const engine = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(engine);
  await engine.loginRoom(roomID, 'local', { userID, userName });
  if (!media) return { engine, stream: null, streamID: '' };
  const stream = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: media.audio } });
  const streamID = `${userID}-main`;
  const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === streamID && r.state === 'PUBLISHING');
  engine.startPublishingStream(streamID, stream as never);
  await publishing;
  return { engine, stream, streamID };
}

interface CallOptions {
  videos?: boolean;
  selectable?: boolean;
  threshold?: number;
  width?: string;
  lang?: string;
}

/** Alice's page: the room, the list and (unless `videos: false`) the remote videos, in a panel of `width`. */
async function call(roomID: string, o: CallOptions = {}) {
  const wrapper = await fixture<HTMLElement>(html`<div style=${o.width ? `width:${o.width}` : ''}>
    <button id="before">Before</button>
    <zego-room server="" room-id=${roomID} user-id="alice" user-name="Alice" hide-status lang=${o.lang ?? nothing}>
      <zego-participants ?selectable=${!!o.selectable} speaking-threshold=${o.threshold ?? nothing}></zego-participants>
      ${o.videos === false ? nothing : html`<zego-remote-videos muted style="display:block;width:320px"></zego-remote-videos>`}
    </zego-room>
  </div>`);
  const room = wrapper.querySelector('zego-room') as ZegoRoomElement;
  const el = wrapper.querySelector('zego-participants') as ZegoParticipantsElement;
  return { wrapper, room, el };
}

const rows = (el: ZegoParticipantsElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=participant]')];
const rowOf = (el: ZegoParticipantsElement, userID: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~=participant][data-user-id="${userID}"]`)!;
const names = (el: ZegoParticipantsElement) => rows(el).map((r) => r.querySelector('[part=name]')!.textContent);
const partOf = (el: ZegoParticipantsElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);
const visible = (node: Element | null | undefined) => !!node && (node as HTMLElement).checkVisibility();
const infoOf = (el: ZegoParticipantsElement, userID: string) => el.participants.find((p) => p.userID === userID);

/** Waits until the element shows what its `participants` say (it renders in a microtask after a change). */
async function settled(el: ZegoParticipantsElement, cond: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
  await waitFor(cond, timeoutMs, what);
  await el.updateComplete;
}

/** The room's context, as a child element gets it. */
function contextOf(room: ZegoRoomElement): RoomContext {
  let ctx: RoomContext | undefined;
  const probe = document.createElement('span');
  room.append(probe);
  probe.dispatchEvent(new ContextEvent(roomContext, probe, (value) => (ctx = value), false));
  probe.remove();
  if (!ctx) throw new Error('no room context');
  return ctx;
}

/** A real click somewhere harmless: gives the page (sticky) user activation, which the sound-level meter needs. */
async function activate(): Promise<void> {
  await sendMouse({ type: 'click', position: [2, 2] });
}

function rgb(color: string): [number, number, number, number] {
  const m = color.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`not an rgb colour: ${color}`);
  const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
  return [Number(r), Number(g), Number(b), Number(a)];
}

function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast of a node's text colour against an opaque background colour. */
function contrast(node: Element, background: string): number {
  const [r, g, b, a] = rgb(getComputedStyle(node).color);
  const bg = rgb(background);
  const fg = [r, g, b].map((c, i) => c * a + bg[i] * (1 - a));
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A PNG of `node` under docs/screenshots when the runner can take one (see the header). */
async function screenshot(name: string, node: Element): Promise<void> {
  const r = node.getBoundingClientRect();
  const clip = { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  try {
    await executeServerCommand('participants-screenshot', { path: `docs/screenshots/participants-${name}.png`, clip });
  } catch {
    // no plugin for the command in this runner
  }
}

describe('<zego-participants>', function () {
  this.timeout(60000);

  it('lists you first, then the others in join order, with initials, names and the count; follows joins and leaves', async () => {
    const roomID = uniqueRoom('pp');
    const bob = await peer(roomID, 'bob', 'Bob');
    const carol = await peer(roomID, 'carol', 'Carol Danvers');
    const { el } = await call(roomID, { videos: false });
    await settled(el, () => el.count === 3, 'three people');
    expect(names(el)).to.deep.equal(['Alice', 'Bob', 'Carol Danvers']);
    expect(rows(el).map((r) => r.querySelector('[part=avatar]')!.textContent)).to.deep.equal(['A', 'B', 'CD']);
    expect(partOf(el, 'heading')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Participants (3)');
    expect(partOf(el, 'count')!.textContent).to.equal('(3)');
    const me = rows(el)[0];
    expect(me.hasAttribute('data-self')).to.equal(true);
    expect(me.textContent).to.contain('(You)');
    expect(el.participants[0]).to.deep.equal({
      userID: 'alice',
      userName: 'Alice',
      self: true,
      camera: false,
      microphone: false,
      speaking: false,
      presenting: false,
      streamIDs: [],
    });
    // someone who publishes nothing has neither camera nor microphone
    expect(infoOf(el, 'bob')).to.include({ self: false, camera: false, microphone: false });
    expect(rowOf(el, 'bob').querySelector('[part=camera]')!.getAttribute('aria-label')).to.equal('Camera off');
    expect(Object.isFrozen(el.participants) && Object.isFrozen(el.participants[1])).to.equal(true);
    expect(() => (el.participants as unknown[]).push(1)).to.throw();
    const list = partOf(el, 'list')!;
    expect(list.getAttribute('role')).to.equal('list');
    expect(rows(el).every((r) => r.getAttribute('role') === 'listitem' && r.parentElement === list)).to.equal(true);
    expect(el.shadowRoot!.querySelector('button'), 'rows are not buttons unless selectable').to.equal(null);
    expect(visible(partOf(el, 'empty'))).to.equal(false);
    expect(partOf(el, 'search'), 'no search field for 3').to.equal(null);

    const before = el.participants;
    const dave = await peer(roomID, 'dave', 'Dave');
    await settled(el, () => el.count === 4, 'dave joined');
    expect(names(el)).to.deep.equal(['Alice', 'Bob', 'Carol Danvers', 'Dave']);
    expect(el.participants[1], 'an unchanged person keeps the same object').to.equal(before[1]);

    bob.engine.logoutRoom(roomID);
    await settled(el, () => el.count === 3, 'bob left');
    expect(names(el)).to.deep.equal(['Alice', 'Carol Danvers', 'Dave']);
    carol.engine.logoutRoom(roomID);
    dave.engine.logoutRoom(roomID);
    await settled(el, () => el.count === 1, 'alone');
    expect(partOf(el, 'empty')!.textContent).to.equal('Only you are here');
    expect(visible(partOf(el, 'empty'))).to.equal(true);
    expect(partOf(el, 'empty')!.getAttribute('role')).to.equal('status');
  });

  it('before joining: nobody, count 0; after join(): only you', async () => {
    const roomID = uniqueRoom('pp');
    const wrapper = await fixture<HTMLElement>(html`<div>
      <zego-room manual server="" room-id=${roomID} user-id="alice" user-name="Alice" hide-status>
        <zego-participants></zego-participants>
      </zego-room>
    </div>`);
    const room = wrapper.querySelector('zego-room')!;
    const el = wrapper.querySelector('zego-participants')!;
    await settled(el, () => !!partOf(el, 'heading'), 'rendered', 10000);
    expect(el.count).to.equal(0);
    expect(rows(el)).to.have.length(0);
    expect(partOf(el, 'count')!.textContent).to.equal('(0)');
    expect(partOf(el, 'empty')!.textContent).to.equal('Nobody here yet');
    await room.join();
    await settled(el, () => el.count === 1, 'joined');
    expect(names(el)).to.deep.equal(['Alice']);
    expect(partOf(el, 'empty')!.textContent).to.equal('Only you are here');
    room.leave();
    await settled(el, () => el.count === 0, 'left');
    expect(partOf(el, 'empty')!.textContent).to.equal('Nobody here yet');
  });

  it("camera and microphone icons follow the other engine's mutePublishStreamVideo/Audio", async () => {
    const roomID = uniqueRoom('pp');
    const bob = await peer(roomID, 'bob', 'Bob', { audio: true });
    const { el } = await call(roomID);
    await settled(el, () => infoOf(el, 'bob')?.camera === true && infoOf(el, 'bob')?.microphone === true, 'bob on');
    expect(infoOf(el, 'bob')!.streamIDs).to.deep.equal(['bob-main']);
    const icon = (name: string) => rowOf(el, 'bob').querySelector<HTMLElement>(`[part=${name}]`)!;
    expect([icon('camera').dataset.state, icon('camera').getAttribute('aria-label')]).to.deep.equal(['on', 'Camera on']);
    expect([icon('microphone').dataset.state, icon('microphone').getAttribute('aria-label')]).to.deep.equal(['on', 'Microphone on']);
    expect(icon('camera').getAttribute('role')).to.equal('img');

    bob.engine.mutePublishStreamVideo(bob.stream as never, true);
    await settled(el, () => infoOf(el, 'bob')?.camera === false, 'camera off');
    expect([icon('camera').dataset.state, icon('camera').getAttribute('aria-label')]).to.deep.equal(['off', 'Camera off']);
    expect(infoOf(el, 'bob')!.microphone).to.equal(true);

    bob.engine.mutePublishStreamAudio(bob.stream as never, true);
    await settled(el, () => infoOf(el, 'bob')?.microphone === false, 'microphone off');
    expect([icon('microphone').dataset.state, icon('microphone').getAttribute('aria-label')]).to.deep.equal(['off', 'Microphone off']);

    bob.engine.mutePublishStreamVideo(bob.stream as never, false);
    await settled(el, () => infoOf(el, 'bob')?.camera === true, 'camera back on');
    expect(icon('camera').dataset.state).to.equal('on');
  });

  it('without anyone playing a stream its camera and microphone are "unknown"; a player arriving makes them known', async () => {
    const roomID = uniqueRoom('pp');
    const bob = await peer(roomID, 'bob', 'Bob', { audio: false });
    bob.engine.mutePublishStreamVideo(bob.stream as never, true);
    const { room, el } = await call(roomID, { videos: false });
    await settled(el, () => el.count === 2 && infoOf(el, 'bob')!.streamIDs.length === 1, 'bob and his stream');
    expect(infoOf(el, 'bob')).to.include({ camera: null, microphone: null });
    const camera = rowOf(el, 'bob').querySelector<HTMLElement>('[part=camera]')!;
    expect([camera.dataset.state, camera.getAttribute('aria-label')]).to.deep.equal(['unknown', 'Camera: unknown']);
    expect(rowOf(el, 'bob').querySelector('[part=microphone]')!.getAttribute('aria-label')).to.equal('Microphone: unknown');

    const videos = document.createElement('zego-remote-videos');
    videos.muted = true;
    room.append(videos);
    // the play reports the muted camera (the stream's audio track is absent: its microphone reads as sent, OPEN)
    await settled(el, () => infoOf(el, 'bob')?.camera === false, 'camera known (off)');
    expect(camera.dataset.state).to.equal('off');
    videos.remove();
    // nobody plays it any more: unknown again
    await settled(el, () => infoOf(el, 'bob')?.camera === null, 'unknown again');
  });

  it('shows who speaks (the fake microphone), as text inside the row and never as an announcement', async () => {
    await activate();
    const roomID = uniqueRoom('pp');
    const bob = await peer(roomID, 'bob', 'Bob', { audio: true });
    // Chromium's fake microphone is a quiet beep (levels 1-9 by phase): a low threshold, as the remote videos' test
    const { el } = await call(roomID, { threshold: 0.5 });
    await settled(el, () => infoOf(el, 'bob')?.speaking === true, 'bob speaking');
    const row = rowOf(el, 'bob');
    expect(row.hasAttribute('data-speaking')).to.equal(true);
    const indicator = row.querySelector('[part=speaking]')!;
    expect(visible(indicator)).to.equal(true);
    expect(indicator.textContent!.trim()).to.equal('Speaking');
    expect(row.textContent).to.contain('Speaking');
    expect(el.shadowRoot!.querySelector('[aria-live], [role=alert]'), 'no live region').to.equal(null);
    expect([...el.shadowRoot!.querySelectorAll('[role=status]')].every((s) => !s.contains(indicator))).to.equal(true);
    expect(infoOf(el, 'alice')!.speaking).to.equal(false);

    bob.engine.mutePublishStreamAudio(bob.stream as never, true);
    await settled(el, () => infoOf(el, 'bob')?.speaking === false, 'quiet after mute');
    expect(row.querySelector('[part=speaking]')).to.equal(null);
    expect(infoOf(el, 'bob')!.microphone).to.equal(false);
  });

  it("someone else presents while their stream's extra info says it carries a screen, or its ID ends in -screen", async () => {
    const roomID = uniqueRoom('pp');
    const { el } = await call(roomID, { videos: false });
    const bob = await peer(roomID, 'bob', 'Bob', { audio: false });
    await settled(el, () => el.count === 2, 'Bob listed');
    expect(infoOf(el, 'bob')!.presenting).to.equal(false);
    await bob.engine.setStreamExtraInfo(bob.streamID, JSON.stringify({ source: 'screen' }));
    await settled(el, () => infoOf(el, 'bob')!.presenting, "Bob's row presenting");
    expect(rowOf(el, 'bob').querySelector('[part=presenting]')!.textContent).to.equal('Presenting');
    await bob.engine.setStreamExtraInfo(bob.streamID, JSON.stringify({ source: 'camera' }));
    await settled(el, () => !infoOf(el, 'bob')!.presenting, 'not presenting any more');
    // a page's own screen stream, named as the kit and ZEGO UIKit name them
    const carol = await peer(roomID, 'carol', 'Carol');
    const screen = await carol.engine.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    carol.engine.startPublishingStream('carol_screensharing', screen as never);
    await settled(el, () => !!infoOf(el, 'carol')?.presenting, "Carol's row presenting");
  });

  it('your own row follows what your local video reports: camera, microphone, presenting, speaking', async () => {
    await activate();
    const roomID = uniqueRoom('pp');
    const { room, el } = await call(roomID, { videos: false, threshold: 0.5 });
    await settled(el, () => el.count === 1, 'joined');
    const { api } = contextOf(room);
    api.reportLocal({ camera: true, microphone: false, screen: true, streamID: 'alice-main' });
    await settled(el, () => infoOf(el, 'alice')!.presenting, 'presenting');
    expect(infoOf(el, 'alice')).to.deep.include({ camera: true, microphone: false, presenting: true, streamIDs: ['alice-main'] });
    const me = rowOf(el, 'alice');
    expect(me.querySelector('[part=presenting]')!.textContent).to.equal('Presenting');
    expect(me.querySelector('[part=camera]')!.getAttribute('aria-label')).to.equal('Camera on');
    expect(me.querySelector('[part=microphone]')!.getAttribute('aria-label')).to.equal('Microphone off');

    api.reportLocal(null);
    await settled(el, () => !infoOf(el, 'alice')!.presenting, 'no local video');
    expect(infoOf(el, 'alice')).to.deep.include({ camera: false, microphone: false, presenting: false, streamIDs: [] });
    expect(me.querySelector('[part=camera]')!.getAttribute('aria-label')).to.equal('Camera off');

    // published for real: the room's sound levels carry this page's stream
    const local = document.createElement('zego-local-video');
    local.setAttribute('publish', '');
    local.setAttribute('no-video', '');
    room.append(local);
    await waitFor(() => !!local.streamID, 15000, 'publishing');
    api.reportLocal({ camera: false, microphone: true, screen: false, streamID: local.streamID });
    await settled(el, () => infoOf(el, 'alice')!.speaking, 'you speak');
    expect(visible(me.querySelector('[part=speaking]'))).to.equal(true);
  });

  it('names with markup stay text, long names end in an ellipsis with the whole name in the tooltip', async () => {
    const roomID = uniqueRoom('pp');
    const evil = '<img src=x onerror=alert(1)>';
    const long = 'Maximilian Alexander Featherstonehaugh-Worthington the Third';
    await peer(roomID, 'mallory', evil);
    await peer(roomID, 'max', long);
    await peer(roomID, 'nameless', '');
    const { el } = await call(roomID, { videos: false, width: '320px' });
    await settled(el, () => el.count === 4, 'four');
    const name = rowOf(el, 'mallory').querySelector<HTMLElement>('[part=name]')!;
    expect(name.textContent).to.equal(evil);
    expect(name.title).to.equal(evil);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(infoOf(el, 'nameless')!.userName).to.equal('');
    expect(rowOf(el, 'nameless').querySelector('[part=name]')!.textContent, 'no name: the user ID').to.equal('nameless');
    const longName = rowOf(el, 'max').querySelector<HTMLElement>('[part=name]')!;
    expect(longName.title).to.equal(long);
    expect(longName.scrollWidth, 'cut').to.be.greaterThan(longName.clientWidth);
    expect(getComputedStyle(longName).textOverflow).to.equal('ellipsis');
    const camera = rowOf(el, 'max').querySelector('[part=camera]')!.getBoundingClientRect();
    expect(camera.right, 'icons stay inside').to.be.at.most(el.getBoundingClientRect().right);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
  });

  it('from 9 people a search field filters by name; 8 have none', async () => {
    const roomID = uniqueRoom('pp');
    const people = ['Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi'];
    for (const n of people) await peer(roomID, n.toLowerCase(), n);
    const { el } = await call(roomID, { videos: false, width: '360px' });
    await settled(el, () => el.count === 8, 'eight');
    expect(partOf(el, 'search')).to.equal(null);
    await peer(roomID, 'ivan', 'Ivan');
    await settled(el, () => el.count === 9, 'nine');
    const search = partOf(el, 'search') as HTMLInputElement;
    expect(search.type).to.equal('search');
    expect(search.getAttribute('aria-label')).to.equal('Search participants');
    search.focus();
    await sendKeys({ type: 'RA' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Frank', 'Grace']);
    expect(partOf(el, 'count')!.textContent, 'the count stays the room’s').to.equal('(9)');
    await sendKeys({ type: 'z' });
    await el.updateComplete;
    expect(rows(el)).to.have.length(0);
    expect(partOf(el, 'empty')!.textContent).to.equal('No one matches “RAz”');
    search.value = '';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(rows(el)).to.have.length(9);
    expect(visible(partOf(el, 'empty'))).to.equal(false);
  });

  it('selectable: rows are buttons; a click, Enter and Space fire zego-participants-select; arrows move between rows', async () => {
    const roomID = uniqueRoom('pp');
    await peer(roomID, 'bob', 'Bob');
    await peer(roomID, 'carol', 'Carol');
    const { wrapper, el } = await call(roomID, { videos: false, selectable: true, width: '360px' });
    await settled(el, () => el.count === 3, 'three');
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.row')];
    expect(buttons).to.have.length(3);
    expect(buttons.every((b) => b.type === 'button' && b.closest('[part~=participant]'))).to.equal(true);

    const r = rowOf(el, 'bob').getBoundingClientRect();
    let picked = oneEvent(document, 'zego-participants-select') as Promise<ZegoParticipantsSelectEvent>;
    await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
    const e = await picked;
    expect(e.detail).to.deep.equal({ userID: 'bob' });
    expect(e.target).to.equal(el);
    expect(e.bubbles && e.composed).to.equal(true);

    (wrapper.querySelector('#before') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(buttons[0]);
    picked = oneEvent(el, 'zego-participants-select') as Promise<ZegoParticipantsSelectEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await picked).detail.userID).to.equal('alice');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()).to.equal(buttons[2]);
    picked = oneEvent(el, 'zego-participants-select') as Promise<ZegoParticipantsSelectEvent>;
    await sendKeys({ press: ' ' });
    expect((await picked).detail.userID).to.equal('carol');
    await sendKeys({ press: 'Home' });
    expect(deepActive()).to.equal(buttons[0]);
    await sendKeys({ press: 'End' });
    expect(deepActive()).to.equal(buttons[2]);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(buttons[1]);
    // the accessible name carries the state
    expect(buttons[1].textContent).to.contain('Bob');

    el.selectable = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
    // not selectable: the list itself takes focus once, so that a long list scrolls from the keyboard
    (wrapper.querySelector('#before') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(partOf(el, 'list'));
  });

  it('lang="zh-CN" shows Chinese', async () => {
    const roomID = uniqueRoom('pp');
    await peer(roomID, 'bob', 'Bob');
    const { el } = await call(roomID, { videos: false, lang: 'zh-CN' });
    await settled(el, () => el.count === 2, 'two');
    expect(partOf(el, 'heading')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('参与者 (2)');
    expect(rowOf(el, 'alice').textContent).to.contain('（我）');
    expect(rowOf(el, 'bob').querySelector('[part=camera]')!.getAttribute('aria-label')).to.equal('摄像头已关闭');
  });

  it('axe finds no violations: plain, selectable with search and speaking, dark, alone', async () => {
    await activate();
    document.title = 'Call';
    document.documentElement.lang = 'en';
    const roomID = uniqueRoom('pp');
    await peer(roomID, 'bob', 'Bob', { audio: true });
    for (const n of ['Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan']) await peer(roomID, n.toLowerCase(), n);
    const main = await fixture<HTMLElement>(html`<main>
      <h1>Call</h1>
      <zego-room server="" room-id=${roomID} user-id="alice" user-name="Alice" hide-status>
        <aside style="width:360px;height:420px;display:flex;flex-direction:column">
          <zego-participants selectable speaking-threshold="0.5" style="max-height:100%"></zego-participants>
        </aside>
        <zego-remote-videos muted style="display:block;width:320px"></zego-remote-videos>
      </zego-room>
    </main>`);
    const el = main.querySelector('zego-participants')!;
    await settled(el, () => el.count === 9 && infoOf(el, 'bob')?.speaking === true, 'nine, bob speaking');
    const list = partOf(el, 'list')!;
    expect(list.scrollHeight, 'the list scrolls inside a sized panel').to.be.greaterThan(list.clientHeight);
    await expect(main).to.be.accessible();
    await screenshot('search', el);
    el.selectable = false;
    await el.updateComplete;
    await expect(main).to.be.accessible();
    await colorScheme('dark');
    try {
      await expect(main).to.be.accessible();
    } finally {
      await colorScheme('light');
    }
    for (const e of engines.splice(0)) e.destroyEngine();
    await settled(el, () => el.count === 1, 'alone');
    await expect(main).to.be.accessible();
  });

  it('looks right with no page CSS: a 360 px panel at 1280x800 and full width at 390x844, light and dark', async () => {
    await activate();
    const roomID = uniqueRoom('pp');
    await peer(roomID, 'bob', 'Bob Marley', { audio: true });
    const carol = await peer(roomID, 'carol', 'Carol Danvers', { audio: true });
    carol.engine.mutePublishStreamVideo(carol.stream as never, true);
    await peer(roomID, 'max', 'Maximilian Alexander Featherstonehaugh-Worthington');
    await peer(roomID, 'wang', '王小明');
    const checks = async (el: ZegoParticipantsElement, shot: string) => {
      await el.updateComplete;
      const bg = getComputedStyle(el).backgroundColor;
      expect(rgb(bg)[3], 'the element paints its own background').to.equal(1);
      const texts = [
        partOf(el, 'heading')!,
        partOf(el, 'count')!,
        ...el.shadowRoot!.querySelectorAll('[part=name], .tag, [part=presenting]'),
      ];
      for (const node of texts) expect(contrast(node, bg), `${node.textContent} on ${bg}`).to.be.at.least(4.5);
      for (const avatar of el.shadowRoot!.querySelectorAll('[part=avatar]')) {
        expect(contrast(avatar, getComputedStyle(avatar).backgroundColor), `initials ${avatar.textContent}`).to.be.at.least(4.5);
      }
      for (const icon of el.shadowRoot!.querySelectorAll('[part=camera], [part=microphone]')) {
        expect(contrast(icon, bg), 'icons (non-text: 3:1)').to.be.at.least(3);
      }
      expect(el.scrollWidth, 'no horizontal overflow').to.be.at.most(el.clientWidth);
      const box = el.getBoundingClientRect();
      for (const row of rows(el)) {
        const r = row.getBoundingClientRect();
        expect(r.left >= box.left - 0.5 && r.right <= box.right + 0.5, `row ${row.dataset.userId} inside`).to.equal(true);
        expect(r.height, 'rows are touch-sized').to.be.at.least(44);
        for (const icon of row.querySelectorAll('[part=camera], [part=microphone]')) {
          expect(icon.getBoundingClientRect().right).to.be.at.most(r.right);
        }
      }
      await screenshot(shot, el);
    };

    try {
      await setViewport({ width: 1280, height: 800 });
      const { room, el } = await call(roomID, { width: '360px', threshold: 0.5 });
      await settled(el, () => el.count === 5 && infoOf(el, 'bob')?.camera === true && infoOf(el, 'carol')?.camera === false, 'five');
      contextOf(room).api.reportLocal({ camera: true, microphone: true, screen: true, streamID: null });
      await settled(el, () => infoOf(el, 'bob')!.speaking && infoOf(el, 'alice')!.presenting, 'bob speaking, you presenting');
      expect(el.getBoundingClientRect().width).to.equal(360);
      await checks(el, 'panel-light');
      await colorScheme('dark');
      await checks(el, 'panel-dark');
      await colorScheme('light');
      fixtureCleanup();

      // on the phone without remote videos: the others' camera and microphone are unknown (question marks)
      await setViewport({ width: 390, height: 844 });
      const phone = await call(roomID, { videos: false });
      await settled(phone.el, () => phone.el.count === 5 && infoOf(phone.el, 'bob')?.streamIDs.length === 1, 'five on the phone');
      expect(infoOf(phone.el, 'bob')!.camera).to.equal(null);
      expect(phone.el.getBoundingClientRect().width).to.be.at.least(370);
      expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(390);
      await checks(phone.el, 'phone-light');
      await colorScheme('dark');
      await checks(phone.el, 'phone-dark');
    } finally {
      await colorScheme('light');
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('a move in the DOM keeps its engine listeners; removal (also while joining) releases them', async () => {
    const made: { engine: ZegoLocalEngine; live: Set<unknown>; offs: number }[] = [];
    const factory = () => {
      const engine = new ZegoLocalEngine(1, '');
      const rec = { engine, live: new Set<unknown>(), offs: 0 };
      const on = engine.on.bind(engine);
      const off = engine.off.bind(engine);
      engine.on = ((name: string, fn: unknown) => (rec.live.add(fn), on(name as never, fn as never))) as typeof engine.on;
      engine.off = ((name: string, fn?: unknown) => (
        rec.offs++,
        rec.live.delete(fn),
        off(name as never, fn as never)
      )) as typeof engine.off;
      made.push(rec);
      return engine as unknown as RoomEngine;
    };
    try {
      const roomID = uniqueRoom('pp');
      const wrapper = await fixture<HTMLElement>(html`<div>
        <zego-room .engineFactory=${factory} server="" room-id=${roomID} user-id="alice" hide-status><section></section></zego-room>
      </div>`);
      const room = wrapper.querySelector('zego-room')!;
      await waitFor(() => room.state === 'connected', 15000, 'connected');
      const rec = made[0];
      const baseline = rec.live.size;
      const el = document.createElement('zego-participants');
      room.append(el);
      await settled(el, () => el.count === 1, 'listed');
      expect(rec.live.size, 'three engine listeners').to.equal(baseline + 3);
      const offs = rec.offs;
      const list = el.participants;
      room.querySelector('section')!.append(el);
      await new Promise((r) => setTimeout(r, 100));
      expect(rec.offs, 'a move removes no listener').to.equal(offs);
      expect(el.participants).to.equal(list);
      el.remove();
      await waitFor(() => rec.live.size === baseline, 5000, 'listeners released');
      expect(el.count).to.equal(0);

      // removed in the same task it was added, while its room logs in
      const other = fixtureSync<HTMLElement>(html`<div>
        <zego-room .engineFactory=${factory} server="" room-id=${uniqueRoom('pp')} user-id="bob" hide-status>
          <zego-participants></zego-participants>
        </zego-room>
      </div>`);
      const otherRoom = other.querySelector('zego-room')!;
      other.querySelector('zego-participants')!.remove();
      await waitFor(() => otherRoom.state === 'connected', 15000, 'other connected');
      await new Promise((r) => setTimeout(r, 100));
      expect(made[1].live.size, 'the same listeners as the first room alone').to.equal(baseline);
    } finally {
      fixtureCleanup();
      for (const m of made) m.engine.destroyEngine();
    }
  });
});
