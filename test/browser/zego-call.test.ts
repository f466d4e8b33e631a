// <zego-call> as a person meets it: the pre-join screen, the call with another person (an engine of this page),
// the control bar, the chat and participants panel, the self-view moved around, leaving (devices released) and
// rejoining, being removed, both themes, Chinese, axe, and the layout at 1280x800 and 390x844 with real pixels.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import type { ZegoCallElement } from '../../src/elements/zego-call.js';
import type { ZegoCallStateEvent } from '../../src/call/events.js';
import type { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoParticipantsElement } from '../../src/elements/zego-participants.js';
import type { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import { nextEvent, uniqueRoom, waitFor } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(async () => {
  fixtureCleanup();
  for (const fn of cleanups.splice(0)) fn();
  await setViewport({ width: 800, height: 600 });
});

/** Someone else in the room: an engine of this page publishing its camera as `<user>-main`. */
async function other(roomID: string, userID = 'bob') {
  const zg = new ZegoLocalEngine(1, '');
  cleanups.push(() => zg.destroyEngine());
  await zg.loginRoom(roomID, 't', { userID, userName: userID === 'bob' ? 'Bob' : userID }, { userUpdate: true });
  const stream = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
  const publishing = nextEvent(zg, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
  zg.startPublishingStream(`${userID}-main`, stream);
  await publishing;
  return zg;
}

const shadow = (call: ZegoCallElement) => call.shadowRoot!;
const q = <T extends Element = HTMLElement>(call: ZegoCallElement, selector: string) =>
  shadow(call).querySelector<T & HTMLElement>(selector);
const button = (call: ZegoCallElement, cls: string) => q<HTMLButtonElement>(call, `[part~=controls] button.${cls}`)!;
const local = (call: ZegoCallElement) => q<ZegoLocalVideoElement>(call, 'zego-local-video')!;
const remote = (call: ZegoCallElement) => q<ZegoRemoteVideosElement>(call, 'zego-remote-videos')!;
const box = (el: Element) => el.getBoundingClientRect();

async function inCall(call: ZegoCallElement): Promise<void> {
  await waitFor(() => call.state === 'in-call', 20000, `in the call (state ${call.state})`);
  await call.updateComplete;
}

/** A call that joined at once (`no-prejoin`) in a new room, with `attrs` markup. */
async function joined(roomID: string, attrs: Record<string, string> = {}) {
  const call = document.createElement('zego-call');
  call.setAttribute('room-id', roomID);
  call.setAttribute('server', '');
  call.setAttribute('no-prejoin', '');
  call.setAttribute('user-name', 'Ada');
  for (const [k, v] of Object.entries(attrs)) call.setAttribute(k, v);
  const el = await fixture<ZegoCallElement>(call);
  await inCall(el);
  return el;
}

/** Luminance spread of a canvas (0: uniform). */
function spread(canvas: HTMLCanvasElement): number {
  const c = document.createElement('canvas');
  c.width = 64;
  c.height = 36;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(canvas, 0, 0, 64, 36);
  const d = ctx.getImageData(0, 0, 64, 36).data;
  const l: number[] = [];
  for (let i = 0; i < d.length; i += 4) l.push(0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]);
  const mean = l.reduce((a, b) => a + b, 0) / l.length;
  return Math.sqrt(l.reduce((a, b) => a + (b - mean) ** 2, 0) / l.length);
}

/** The remote tile's canvas (in the grid's shadow root, or one nested in it). */
function remoteCanvas(call: ZegoCallElement): HTMLCanvasElement | null {
  const root = remote(call).shadowRoot!;
  return (
    root.querySelector('canvas') ?? [...root.querySelectorAll('*')].map((e) => e.shadowRoot?.querySelector('canvas')).find(Boolean) ?? null
  );
}

function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describe('<zego-call>', function () {
  this.timeout(60000);

  it('pre-join, then the call: the other person on the stage (pixels), you in the self-view, events in order', async () => {
    const roomID = uniqueRoom('call');
    const bob = await other(roomID);
    const states: string[] = [];
    const call = await fixture<ZegoCallElement>(
      html`<zego-call room-id=${roomID} server="" user-name="Ada" no-remember @zego-call-state=${(e: ZegoCallStateEvent) => states.push(e.detail.state)}></zego-call>`,
    );
    expect(call.state).to.equal('prejoin');
    await waitFor(() => !!q(call, 'zego-prejoin')?.shadowRoot?.querySelector('[part~=join]'), 10000, 'the pre-join screen');
    const prejoin = q(call, 'zego-prejoin')!;
    const join = prejoin.shadowRoot!.querySelector<HTMLButtonElement>('[part~=join]')!;
    await waitFor(() => !join.disabled, 10000, 'Join enabled');
    join.click();
    await inCall(call);
    expect(states).to.deep.equal(['joining', 'in-call']);
    // the other person sees Ada and her stream; Ada sees Bob's video
    await waitFor(() => !!local(call).streamID, 15000, 'publishing');
    const streamID = local(call).streamID!;
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type, list) => type === 'ADD' && list.some((s) => s.streamID === streamID));
    await added.catch(() => {}); // it may have come before the listener
    await waitFor(() => remote(call).streams.some((s) => s.streamID === 'bob-main' && s.state === 'playing'), 15000, "Bob's tile playing");
    await waitFor(() => (remoteCanvas(call) ? spread(remoteCanvas(call)!) > 8 : false), 10000, "Bob's picture on the stage");
    expect(call.room!.userName).to.equal('Ada');
    expect(q(call, '[part~=header]')!.textContent).to.contain('2 in the call');
  });

  it('without user-id, a random ID per tab: two calls in two tabs never share one, whatever the names', async () => {
    const roomID = uniqueRoom('call');
    const a = await joined(roomID);
    const id = a.room!.userID!;
    expect(id).to.match(/^u[0-9a-z]{5,13}$/);
    expect(sessionStorage.getItem('zego-call-user-id')).to.equal(id);
    const held = await navigator.locks.query();
    expect(
      held.held?.some((l) => l.name === `zego-call-user:${id}`),
      'this page holds its ID',
    ).to.equal(true);

    // a duplicated tab starts with a copy of sessionStorage: the ID in it is held by the original, so it makes its own
    const taken = 'utaken0copy';
    sessionStorage.setItem('zego-call-user-id', taken);
    let release!: () => void;
    void navigator.locks.request(`zego-call-user:${taken}`, () => new Promise<void>((r) => (release = r)));
    await waitFor(() => !!release, 2000, 'the original holds its ID');
    // a fresh instance of the module, as the duplicated tab has
    const specifier = new URL(`../../src/call/user-id.ts?tab=${Date.now()}`, import.meta.url).href;
    const { tabUserID } = (await import(/* @vite-ignore */ specifier)) as typeof import('../../src/call/user-id.js');
    const copy = await tabUserID();
    release();
    expect(copy).to.not.equal(taken);
    expect(copy).to.match(/^u[0-9a-z]{5,13}$/);
    expect(sessionStorage.getItem('zego-call-user-id')).to.equal(copy);
    sessionStorage.setItem('zego-call-user-id', id);
  });

  it('control bar: labels, tooltips and aria-pressed follow the state; mute and camera reach the self-view and the other side', async () => {
    const roomID = uniqueRoom('call');
    const bob = await other(roomID);
    const call = await joined(roomID);
    await waitFor(() => !!local(call).streamID, 15000, 'publishing');
    const streamID = local(call).streamID!;
    await bob.startPlayingStream(streamID);
    const mic = button(call, 'microphone');
    expect(mic.textContent!.trim()).to.equal('Mute');
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    const muted = nextEvent(bob, 'remoteMicStatusUpdate', (id, status) => id === streamID && status === 'MUTE');
    mic.click();
    await muted;
    await call.updateComplete;
    const mic2 = button(call, 'microphone');
    expect(mic2.textContent!.trim()).to.equal('Unmute');
    expect(mic2.getAttribute('aria-pressed')).to.equal('true');
    expect(mic2.title).to.equal('Unmute microphone');
    expect(local(call).audioMuted).to.equal(true);

    const off = nextEvent(bob, 'remoteCameraStatusUpdate', (id, status) => id === streamID && status === 'MUTE');
    button(call, 'camera').click();
    await off;
    await call.updateComplete;
    expect(button(call, 'camera').textContent!.trim()).to.equal('Start video');
    expect(button(call, 'camera').getAttribute('aria-pressed')).to.equal('true');
    // the camera's light goes off: no live video track in the self-view's stream
    expect(
      local(call)
        .localStream!.stream!.getVideoTracks()
        .filter((t) => t.readyState === 'live'),
    ).to.have.length(0);

    const leave = q(call, '[part~=leave]')!;
    expect(leave.textContent!.trim()).to.equal('Leave');
    expect(leave.querySelector('svg')).to.not.equal(null);
  });

  it('chat and participants: a panel with an unread badge, Escape closes it and gives the focus back', async () => {
    const roomID = uniqueRoom('call');
    const bob = await other(roomID);
    const call = await joined(roomID);
    const panel = q(call, '[part~=panel]')!;
    expect(panel.hidden).to.equal(true);
    // a message while the chat is closed: unread
    await waitFor(() => call.room!.snapshot.users.length === 1, 10000, 'Bob listed');
    await bob.sendBroadcastMessage(roomID, 'hello Ada');
    await waitFor(() => !!q(call, '[part~=badge]'), 10000, 'unread badge');
    expect(q(call, '[part~=badge]')!.textContent).to.equal('1');
    const chat = button(call, 'chat');
    chat.focus();
    chat.click();
    await call.updateComplete;
    expect(panel.hidden).to.equal(false);
    expect(button(call, 'chat').getAttribute('aria-expanded')).to.equal('true');
    await waitFor(() => !q(call, '[part~=badge]'), 5000, 'badge cleared');
    const chatEl = q(call, 'zego-chat')!;
    await waitFor(() => (chatEl.shadowRoot?.textContent ?? '').includes('hello Ada'), 5000, 'the message in the chat');
    // focus went into the panel; Escape closes it and the Chat button has it back
    await waitFor(() => shadow(call).activeElement?.classList.contains('close') ?? false, 2000, 'focus in the panel');
    await sendKeys({ press: 'Escape' });
    await call.updateComplete;
    expect(panel.hidden).to.equal(true);
    await waitFor(() => shadow(call).activeElement === button(call, 'chat'), 2000, 'focus back on Chat');

    button(call, 'participants').click();
    await call.updateComplete;
    const people = q<ZegoParticipantsElement>(call, 'zego-participants')!;
    await waitFor(() => people.count === 2, 10000, 'two people listed');
    expect(q(call, '.panel-head h2')!.textContent).to.contain('Participants (2)');
    // picking Bob puts his video large on the stage
    await people.updateComplete;
    const row = people.shadowRoot!.querySelector<HTMLElement>('[part~=participant][data-user-id="bob"]')!;
    (row.matches('button') ? row : (row.querySelector<HTMLElement>('button') ?? row)).click();
    await waitFor(() => remote(call).pinned === 'bob-main', 5000, "Bob's tile pinned");
  });

  it('leave releases camera and microphone and shows the "you left" screen; Rejoin brings the call back', async () => {
    const roomID = uniqueRoom('call');
    const bob = await other(roomID);
    const call = await joined(roomID);
    await waitFor(() => !!local(call).localStream?.stream && local(call).state === 'live', 15000, 'capturing');
    const tracks = local(call).localStream!.stream!.getTracks();
    expect(tracks.length).to.equal(2);
    const gone = nextEvent(bob, 'roomUserUpdate', (_r, type) => type === 'DELETE');
    q(call, '[part~=leave]')!.click();
    expect(call.state).to.equal('left');
    await gone;
    await waitFor(() => tracks.every((t) => t.readyState === 'ended'), 5000, 'camera and microphone released');
    await call.updateComplete;
    const left = q(call, '[part~=left]')!;
    expect(left.querySelector('h2')!.textContent).to.equal('You left the call');
    expect(shadow(call).activeElement).to.equal(left.querySelector('h2'));
    const back = nextEvent(bob, 'roomUserUpdate', (_r, type) => type === 'ADD');
    left.querySelector<HTMLButtonElement>('button.primary')!.click();
    await inCall(call);
    await back;
  });

  it('the room server goes away mid-call: a "reconnecting" banner, then the call goes on without leaving', async () => {
    // a fixed secret: the tokens the dev server handed out stay valid after its restart
    const options = { dev: true, appID: 1, secret: '0123456789abcdef0123456789abcdef' };
    const { wsUrl } = (await executeServerCommand('room-server', { action: 'start', name: 'call-restart', options })) as { wsUrl: string };
    cleanups.push(() => void executeServerCommand('room-server', { action: 'stop', name: 'call-restart' }));
    const states: string[] = [];
    const call = await joined(uniqueRoom('call'), { server: wsUrl });
    call.addEventListener('zego-call-state', (e) => states.push(e.detail.state));
    const restarted = executeServerCommand('room-server', { action: 'restart', name: 'call-restart', downMs: 2500 });
    await waitFor(() => q(call, '[part~=status]')?.textContent?.includes('reconnecting') ?? false, 15000, 'the banner');
    expect(q(call, '[part~=status]')!.getAttribute('role')).to.equal('status');
    await restarted;
    await waitFor(() => !q(call, '[part~=status]'), 20000, 'the banner gone');
    expect(call.state, `reason: ${JSON.stringify(call.reason)}`).to.equal('in-call');
    expect(states, 'never left the call').to.deep.equal([]);
  });

  it('removed (the same user ID joins elsewhere): says so, devices released, Rejoin offered', async () => {
    const roomID = uniqueRoom('call');
    const call = await joined(roomID, { 'user-id': 'ada' });
    await waitFor(() => local(call).state === 'live', 15000, 'capturing');
    const tracks = local(call).localStream!.stream!.getTracks();
    const states: ZegoCallStateEvent['detail'][] = [];
    call.addEventListener('zego-call-state', (e) => states.push(e.detail));
    const zg = new ZegoLocalEngine(1, '');
    cleanups.push(() => zg.destroyEngine());
    await zg.loginRoom(roomID, 't', { userID: 'ada' });
    await waitFor(() => call.state === 'left', 15000, 'removed');
    expect(states[0].reason?.code).to.equal(1002050);
    await call.updateComplete;
    expect(q(call, '[part~=left] h2')!.textContent).to.equal('You were removed from the call');
    expect(q(call, '[part~=left] p')!.textContent).to.contain('another tab or device');
    await waitFor(() => tracks.every((t) => t.readyState === 'ended'), 5000, 'camera and microphone released');
  });

  it('the self-view moves: the corner button cycles corners; a drag drops it in the nearest corner', async () => {
    await setViewport({ width: 1280, height: 800 });
    const call = await joined(uniqueRoom('call'));
    const frame = q(call, '[part~=self-view]')!;
    const stage = q(call, '[part~=stage]')!;
    const corner = () => frame.dataset.corner;
    expect(corner()).to.equal('br');
    const s = box(stage);
    let f = box(frame);
    expect(f.right).to.be.closeTo(s.right - 12, 2);
    expect(f.bottom).to.be.closeTo(s.bottom - 12, 2);
    frame.querySelector<HTMLButtonElement>('button.move')!.click();
    await call.updateComplete;
    expect(corner()).to.equal('bl');
    // drag it with the mouse to the top right
    await new Promise((r) => setTimeout(r, 300)); // the corner transition
    f = box(frame);
    const from = { x: Math.round(f.left + f.width / 2), y: Math.round(f.top + f.height / 2) };
    await sendMouse({ type: 'move', position: [from.x, from.y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(s.right - 60), Math.round(s.top + 60)] });
    await sendMouse({ type: 'up' });
    await call.updateComplete;
    expect(corner()).to.equal('tr');
    await new Promise((r) => setTimeout(r, 300));
    f = box(frame);
    expect(f.top).to.be.closeTo(s.top + 12, 2);
    expect(f.right).to.be.closeTo(s.right - 12, 2);
  });

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`at ${width}x${height} with no page CSS: fits the viewport, a large stage, controls on screen, the panel as ${width < 640 ? 'a sheet' : 'a side panel'}`, async () => {
      await setViewport({ width, height });
      const roomID = uniqueRoom('call');
      await other(roomID);
      const call = await joined(roomID);
      await waitFor(() => remote(call).streams.some((s) => s.state === 'playing'), 15000, 'the remote tile');
      const c = box(call);
      expect(c.height).to.be.at.most(height);
      expect(c.width).to.be.at.most(width);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll').to.be.at.most(width);
      const stage = box(q(call, '[part~=stage]')!);
      expect(stage.height * stage.width, 'the stage takes most of the call').to.be.greaterThan(0.5 * c.width * c.height);
      const shown = [...shadow(call).querySelectorAll<HTMLElement>('[part~=controls] button')].filter((b) => b.checkVisibility());
      // a phone has no screen sharing: five buttons; a desktop six
      expect(shown.map((b) => b.className)).to.deep.equal(
        width < 480
          ? ['microphone', 'camera', 'chat', 'participants', 'leave']
          : ['microphone', 'camera', 'screen', 'chat', 'participants', 'leave'],
      );
      for (const b of shown) {
        const r = box(b);
        expect(r.bottom, `${b.className} on screen`).to.be.at.most(height);
        expect(r.right).to.be.at.most(width);
        expect(r.height, `${b.className} is a touch target`).to.be.at.least(44);
        const text = b.querySelector<HTMLElement>('.text')!;
        expect(text.scrollWidth, `${b.className}: its label fits`).to.be.at.most(text.clientWidth + 1);
      }
      const self = box(q(call, '[part~=self-view]')!);
      expect(self.top).to.be.at.least(stage.top);
      expect(self.bottom).to.be.at.most(stage.bottom + 1);
      expect(self.width).to.be.lessThan(stage.width / 2);
      await waitFor(() => (remoteCanvas(call) ? spread(remoteCanvas(call)!) > 8 : false), 10000, 'the remote picture');

      button(call, 'participants').click();
      await call.updateComplete;
      const panel = box(q(call, '[part~=panel]')!);
      if (width < 640) {
        expect(panel.width, 'a sheet over the stage').to.be.closeTo(c.width, 2);
      } else {
        expect(panel.left, 'beside the stage').to.be.greaterThan(stage.left + stage.width / 2);
        expect(box(q(call, '[part~=stage]')!).width).to.be.greaterThan(width / 2);
      }
    });
  }

  it('theme: dark and light paint the call, the stage stays dark; lang="zh-CN" speaks Chinese', async () => {
    const call = await joined(uniqueRoom('call'), { theme: 'dark', lang: 'zh-CN' });
    const base = q(call, '[part~=base]')!;
    expect(luminance(getComputedStyle(base).backgroundColor)).to.be.lessThan(0.15);
    expect(luminance(getComputedStyle(base).color)).to.be.greaterThan(0.8);
    expect(button(call, 'microphone').textContent!.trim()).to.equal('静音');
    expect(q(call, '[part~=leave]')!.textContent!.trim()).to.equal('离开');
    expect(q(call, '[part~=header]')!.textContent).to.contain('通话中 1 人');
    call.theme = 'light';
    await call.updateComplete;
    expect(luminance(getComputedStyle(base).backgroundColor)).to.be.greaterThan(0.85);
    expect(luminance(getComputedStyle(q(call, '[part~=stage]')!).backgroundColor)).to.be.lessThan(0.2);
  });

  it('passes axe: pre-join, in the call with the chat open, and the "you left" screen, light and dark', async () => {
    const call = await fixture<ZegoCallElement>(
      html`<zego-call room-id=${uniqueRoom('call')} server="" user-name="Ada" no-remember></zego-call>`,
    );
    await waitFor(() => !!q(call, 'zego-prejoin')?.shadowRoot?.querySelector('[part~=join]'), 10000, 'pre-join');
    await expect(call).to.be.accessible();
    await call.join({ userName: 'Ada' });
    await call.updateComplete;
    button(call, 'chat').click();
    await call.updateComplete;
    await expect(call).to.be.accessible();
    call.theme = 'dark';
    await call.updateComplete;
    await expect(call).to.be.accessible();
    call.leave();
    await call.updateComplete;
    await expect(call).to.be.accessible();
  });

  it('join() resolves in the call; leave() before the room connects rejects it; removal releases everything', async () => {
    const roomID = uniqueRoom('call');
    const call = await fixture<ZegoCallElement>(html`<zego-call room-id=${roomID} server="" no-remember></zego-call>`);
    await call.join({ userName: 'Ada' });
    expect(call.state).to.equal('in-call');
    await waitFor(() => local(call).state === 'live', 15000, 'capturing');
    const tracks = local(call).localStream!.stream!.getTracks();
    call.remove();
    await waitFor(() => tracks.every((t) => t.readyState === 'ended'), 5000, 'released on removal');
  });
});
