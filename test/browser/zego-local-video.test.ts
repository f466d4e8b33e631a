// <zego-local-video> on the local engine: preview pixels, publish/unpublish seen by another engine, mutes, live
// device switches, screen sharing, controls by keyboard, errors and recovery, cleanup on removal.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import type { ZegoErrorEvent } from '../../src/room/events.js';
import type { ZegoSpeakerChangeEvent } from '../../src/local/events.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { canvasChange, nextEvent, pictureChange, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';
import { isFirefox, userGesture } from './browser.js';

if (!customElements.get('zego-local-video')) customElements.define('zego-local-video', ZegoLocalVideoElement);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Every peer connection and capture track of this page from the first test on.
const objects = trackLiveObjects(window);
const cleanups: Array<() => void> = [];
afterEach(async () => {
  fixtureCleanup();
  while (cleanups.length) cleanups.pop()!();
  await sleep(0); // removal is final one task later (a move within the document keeps the stream)
});

/** A plain engine in this page, logged in as `userID`: what another participant sees. */
async function peer(roomID: string, userID = 'bob'): Promise<ZegoLocalEngine> {
  const e = new ZegoLocalEngine(1, '');
  cleanups.push(() => e.destroyEngine());
  await e.loginRoom(roomID, 't', { userID });
  return e;
}

const localOf = (room: ZegoRoomElement) => room.querySelector('zego-local-video')!;
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const live = (el: ZegoLocalVideoElement) =>
  waitFor(() => el.state === 'live' && el.frameCounter > 2, 15000, `live preview (state ${el.state})`);
const videoTrack = (el: ZegoLocalVideoElement) => el.localStream!.stream!.getVideoTracks()[0];
const audioTrack = (el: ZegoLocalVideoElement) => el.localStream!.stream!.getAudioTracks()[0];
const devices = async (kind: MediaDeviceKind) =>
  (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind && d.deviceId);
const visible = (el: HTMLElement | null) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

/** Every `zego-error` reaching `document` from now on. */
function errors() {
  const log: ZegoErrorEvent[] = [];
  const on = (e: ZegoErrorEvent) => log.push(e);
  document.addEventListener('zego-error', on);
  cleanups.push(() => document.removeEventListener('zego-error', on));
  return log;
}

describe('<zego-local-video>', function () {
  this.timeout(40000);

  it('previews the camera: the canvas shows changing pixels, mirrored, state live', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice" style="width:320px">
      <zego-local-video quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    expect(el.getAttribute('state')).to.equal('live');
    expect([el.frameWidth, el.frameHeight]).to.deep.equal([320, 240]);
    expect(el.mirrored).to.equal(true);
    const canvas = el.getFrameSource() as HTMLCanvasElement;
    expect(canvas).to.be.instanceOf(HTMLCanvasElement);
    expect(canvas.getAttribute('part')).to.equal('video');
    expect(el.shadowRoot!.contains(canvas)).to.equal(true);
    await waitFor(() => canvas.width > 0, 5000, 'canvas size');
    expect(await canvasChange(canvas)).to.be.greaterThan(0.01);
    expect(el.streamID).to.equal(null);
    const snap = await el.snapshot();
    expect(snap.type).to.equal('image/png');
  });

  it('publishes once connected (seen on another page), and removing `publish` unpublishes', async () => {
    const roomID = uniqueRoom('lv');
    const page = await secondPage();
    cleanups.push(() => page.close());
    const bob = new page.Engine(1, '');
    cleanups.push(() => bob.destroyEngine());
    await bob.loginRoom(roomID, 't', { userID: 'bob' });
    const added = nextEvent(
      bob as unknown as ZegoLocalEngine,
      'roomStreamUpdate',
      (_r, type, list) => type === 'ADD' && list.some((s) => s.user.userID === 'alice'),
    );
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    const [, , list] = await added;
    // the default stream ID: the user's, with a part unique to this room and session
    expect(el.streamID).to.match(/^alice-[0-9a-z]{5}$/);
    expect(list[0].streamID).to.equal(el.streamID);
    const remote = await bob.startPlayingStream(el.streamID!);
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);

    const deleted = nextEvent(
      bob as unknown as ZegoLocalEngine,
      'roomStreamUpdate',
      (_r, type, list) => type === 'DELETE' && list.some((s) => s.user.userID === 'alice'),
    );
    el.removeAttribute('publish');
    await deleted;
    expect(el.streamID).to.equal(null);
    expect(el.state).to.equal('live'); // the preview goes on
  });

  it('publishes only once the room is connected, and again after leave() and join()', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const log = recordEvents(bob, ['roomStreamUpdate']);
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice" manual>
      <zego-local-video publish quality="1" no-audio></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await sleep(500);
    expect(el.streamID).to.equal(null);
    expect(log).to.deep.equal([]);
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type, list) => type === 'ADD' && list[0]?.user.userID === 'alice');
    await room.join();
    await added;
    const streamID = el.streamID;
    expect(streamID).to.match(/^alice-/);
    const gone = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    el.leave();
    await gone;
    // leaving releases the camera and microphone (their lights go off) until the next join
    await waitFor(() => el.state === 'idle' && !el.localStream, 5000, 'devices released');
    const again = nextEvent(bob, 'roomStreamUpdate', (_r, type, list) => type === 'ADD' && list[0]?.streamID === streamID);
    await el.join();
    await again;
    await live(el);
  });

  it('an unknown camera-id at start: zego-error 1103048, and the default camera instead', async () => {
    const errs = errors();
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video camera-id="no-such-camera" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    expect(errs.map((e) => [e.detail.code, e.detail.source])).to.deep.equal([[1103048, 'camera']]);
    expect(videoTrack(el).readyState).to.equal('live');
  });

  it('gives two publishing local videos distinct stream IDs, and honours stream-id', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const seen = new Set<string>();
    bob.on('roomStreamUpdate', (_r, type, list) => type === 'ADD' && list.forEach((s) => seen.add(s.streamID)));
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish quality="1" no-audio></zego-local-video>
      <zego-local-video publish quality="1" no-audio></zego-local-video>
      <zego-local-video publish quality="1" no-audio stream-id="alice-extra"></zego-local-video>
    </zego-room>`);
    await waitFor(() => seen.size === 3, 15000, 'three streams');
    const ids = [...room.querySelectorAll('zego-local-video')].map((e) => e.streamID);
    expect([...seen].sort()).to.deep.equal([...ids].sort());
    expect(ids[2]).to.equal('alice-extra');
    expect(ids[0]).to.match(/^alice-[0-9a-z]{5}$/);
    expect(ids[1]).to.match(/^alice-[0-9a-z]{5}$/);
    expect(ids[0]).to.not.equal(ids[1]);
  });

  it('video-muted shows the placeholder with initials and the remote sees MUTE; unmuting brings the picture back', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice" user-name="Ada Lovelace">
      <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await added;
    const remote = await bob.startPlayingStream('alice-main');
    expect(part(el, 'placeholder')).to.equal(null);
    const camera = el.localStream!.stream!.getVideoTracks()[0];
    const cameraID = camera.getSettings().deviceId; // read while live: Firefox's ended tracks have no settings
    const muted = nextEvent(bob, 'remoteCameraStatusUpdate', (id, status) => id === 'alice-main' && status === 'MUTE');
    el.setAttribute('video-muted', '');
    await muted;
    await el.updateComplete;
    // the camera stops capturing: its light goes off, as in every call app
    await waitFor(() => camera.readyState === 'ended', 5000, 'camera track ended');
    expect(el.localStream!.stream!.getVideoTracks()).to.have.length(0);
    const placeholder = part(el, 'placeholder');
    expect(visible(placeholder)).to.equal(true);
    expect(part(el, 'initials')!.textContent).to.equal('AL');
    expect(placeholder!.textContent).to.contain('Camera off');
    expect(visible(el.getFrameSource() as HTMLElement)).to.equal(false);

    const open = nextEvent(bob, 'remoteCameraStatusUpdate', (id, status) => id === 'alice-main' && status === 'OPEN');
    el.videoMuted = false;
    await open;
    await el.updateComplete;
    expect(part(el, 'placeholder')).to.equal(null);
    const again = el.localStream!.stream!.getVideoTracks()[0];
    expect(again.readyState).to.equal('live');
    expect(again.getSettings().deviceId, 'the same camera again').to.equal(cameraID);
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
    expect(await canvasChange(el.getFrameSource() as HTMLCanvasElement), 'the preview moves again').to.be.greaterThan(0.01);
  });

  it('audio-muted mutes the published audio (remote sees MUTE) and shows the muted icon', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await added;
    await bob.startPlayingStream('alice-main');
    const muted = nextEvent(bob, 'remoteMicStatusUpdate', (id, status) => id === 'alice-main' && status === 'MUTE');
    await el.toggleMicrophone();
    await muted;
    expect(el.hasAttribute('audio-muted')).to.equal(true);
    expect(part(el, 'label')!.querySelector('[aria-label="Microphone muted"]')).to.not.equal(null);
  });

  it('switches the camera live on camera-id: same stream ID, new track, no new publish', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await added;
    await live(el);
    const remote = await bob.startPlayingStream('alice-main');
    const log = recordEvents(bob, ['roomStreamUpdate']);
    const before = videoTrack(el);
    const stream = el.localStream;
    const cameras = await devices('videoinput');
    expect(cameras.length).to.be.greaterThan(0);
    const target = cameras[cameras.length - 1].deviceId;
    el.setAttribute('camera-id', target);
    await waitFor(() => videoTrack(el) !== before, 10000, 'new camera track');
    expect(before.readyState).to.equal('ended');
    expect(videoTrack(el).getSettings().deviceId).to.equal(target);
    expect(el.localStream).to.equal(stream);
    expect(el.streamID).to.equal('alice-main');
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
    const frames = el.frameCounter;
    await waitFor(() => el.frameCounter > frames + 3, 5000, 'preview frames after the switch');
    expect(log).to.deep.equal([]);
  });

  it('switch camera: shown with more than one camera, moves to the next one and keeps publishing', async () => {
    const cameras = await devices('videoinput');
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice" style="width:480px">
      <zego-local-video quality="1" controls publish></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await el.updateComplete;
    const button = part(el, 'controls')!.querySelector<HTMLButtonElement>('button.switch-camera');
    if (cameras.length < 2) {
      expect(button, 'one camera: nothing to switch to').to.equal(null);
      return;
    }
    expect(button!.getAttribute('aria-label')).to.equal('Switch camera');
    const before = videoTrack(el).getSettings().deviceId;
    const streamID = el.streamID;
    button!.click();
    await waitFor(() => videoTrack(el)?.getSettings().deviceId !== before, 10000, 'another camera');
    const next = cameras[(cameras.findIndex((c) => c.deviceId === before) + 1) % cameras.length].deviceId;
    expect(videoTrack(el).getSettings().deviceId).to.equal(next);
    expect(el.streamID).to.equal(streamID);
    const frames = el.frameCounter;
    await waitFor(() => el.frameCounter > frames + 2, 5000, 'frames from the new camera');
  });

  it('controls are keyboard operable: Tab moves focus (visible ring), Enter and Space toggle, aria-pressed flips', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video controls quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await el.updateComplete;
    const bar = part(el, 'controls')!;
    expect(bar.getAttribute('role')).to.equal('group');
    expect(bar.getAttribute('aria-label')).to.equal('Call controls');
    // every control is named by its visible text, which says what a click does
    for (const c of bar.querySelectorAll('button')) expect(c.textContent!.trim(), c.outerHTML).to.not.equal('');
    const camera = bar.querySelector<HTMLButtonElement>('button.camera')!;
    const mic = bar.querySelector<HTMLButtonElement>('button.microphone')!;
    expect(camera.textContent!.trim()).to.equal('Stop video');
    expect(camera.title).to.equal('Turn camera off');
    expect(camera.getAttribute('aria-pressed')).to.equal('false');

    camera.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.videoMuted, 5000, 'camera toggled by Enter');
    await el.updateComplete;
    expect(camera.getAttribute('aria-pressed')).to.equal('true');
    expect(camera.textContent!.trim(), 'the label says what a click does now').to.equal('Start video');
    expect(camera.title).to.equal('Turn camera on');
    expect(el.hasAttribute('video-muted')).to.equal(true);

    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(mic);
    expect(mic.matches(':focus-visible')).to.equal(true);
    expect(getComputedStyle(mic).outlineStyle).to.equal('solid');
    await sendKeys({ press: ' ' });
    await waitFor(() => el.audioMuted, 5000, 'microphone toggled by Space');
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(mic.textContent!.trim()).to.equal('Unmute');
    expect(mic.title).to.equal('Unmute microphone');
    await sendKeys({ press: ' ' });
    await waitFor(() => !el.audioMuted, 5000, 'microphone toggled back');
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('false');

    // the device pickers open under the bar, each with a visible label
    const devicesButton = bar.querySelector<HTMLButtonElement>('button.devices-toggle')!;
    expect(devicesButton.getAttribute('aria-expanded')).to.equal('false');
    devicesButton.click();
    await el.updateComplete;
    expect(devicesButton.getAttribute('aria-expanded')).to.equal('true');
    const labels = [...part(el, 'devices')!.querySelectorAll('label')].map((l) => l.querySelector('span')!.textContent);
    expect(labels).to.include.members(['Camera', 'Microphone']);
    for (const label of part(el, 'devices')!.querySelectorAll('label')) expect(visible(label as HTMLElement)).to.equal(true);
    const leave = bar.querySelector('button.leave')!;
    expect(leave.textContent!.trim()).to.equal('Leave');
  });

  it('methods: toggles, device switches (a bad ID rejects and keeps the old track), screen share, leave and join', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video controls quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await waitFor(() => room.state === 'connected', 10000, 'room connected');

    await el.toggleCamera();
    expect(el.videoMuted).to.equal(true);
    await el.toggleCamera();
    expect(el.videoMuted).to.equal(false);
    await el.toggleMicrophone();
    expect(el.audioMuted).to.equal(true);
    await el.toggleMicrophone();

    const mics = await devices('audioinput');
    const mic = mics[mics.length - 1].deviceId;
    const oldMic = audioTrack(el);
    await el.setMicrophone(mic);
    expect(audioTrack(el)).to.not.equal(oldMic);
    expect(el.getAttribute('microphone-id')).to.equal(mic);

    const errs = errors();
    const cam = videoTrack(el);
    const failure = await el.setCamera('no-such-camera').then(
      () => null,
      (e: { code: number; source: string }) => e,
    );
    expect(failure).to.include({ code: 1103048, source: 'camera' });
    expect(errs.map((e) => e.detail.code)).to.deep.equal([1103048]);
    expect(videoTrack(el)).to.equal(cam);
    expect(cam.readyState).to.equal('live');

    await userGesture(); // a person shares from a click (Firefox and Safari require one)
    expect(await el.startScreenShare()).to.equal(true);
    expect(el.hasAttribute('screen')).to.equal(true);
    // a screen's track, not the camera's (Firefox's settings have no displaySurface: there, its label tells)
    if (isFirefox) expect(videoTrack(el).label).to.not.equal(cam.label);
    else expect((videoTrack(el).getSettings() as { displaySurface?: string }).displaySurface).to.be.a('string');
    await waitFor(() => el.frameCounter > 0 && !el.mirrored, 10000, 'screen frames');
    expect(part(el, 'label')!.textContent).to.contain('Your screen');
    expect(audioTrack(el)?.readyState).to.equal('live'); // the microphone goes on while sharing
    await el.updateComplete;
    expect(part(el, 'controls')!.querySelector('button.screen')!.getAttribute('aria-pressed')).to.equal('true');
    await el.stopScreenShare();
    await live(el);
    expect(el.mirrored).to.equal(true);
    expect(videoTrack(el).label).to.not.match(/screen/i);

    el.leave();
    await waitFor(() => room.state === 'idle', 10000, 'left');
    await el.updateComplete;
    expect(part(el, 'controls')!.querySelector('button.join')).to.not.equal(null);
    expect(el.state).to.equal('idle'); // leaving releases the camera and microphone
    expect(cam.readyState).to.equal('ended');
    await el.join();
    expect(room.state).to.equal('connected');
    await live(el); // and joining again takes them back
  });

  it('falls back to the camera when the screen share ends from the browser, and clears `screen`', async () => {
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    await userGesture(); // `screen` set from a click, as a page would
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish stream-id="alice-main" screen quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await waitFor(() => el.state === 'live' && el.streamID === 'alice-main', 15000, 'sharing');
    expect(el.mirrored).to.equal(false);
    const screenTrack = videoTrack(el);
    const back = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    screenTrack.dispatchEvent(new Event('ended')); // what the browser's "Stop sharing" delivers
    await waitFor(() => !el.screen, 5000, 'screen cleared');
    expect(el.hasAttribute('screen')).to.equal(false);
    await live(el);
    expect(videoTrack(el)).to.not.equal(screenTrack);
    expect(el.mirrored).to.equal(true);
    await back;
    expect(el.streamID).to.equal('alice-main');
  });

  it('a refused publish shows on the self-view with its reason, streamID is null, and retry publishes once the ID is free', async () => {
    const streamID = `${uniqueRoom('dup')}-main`;
    const other = await peer(uniqueRoom('lv-other'));
    const otherStream = await other.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    cleanups.push(() => other.destroyStream(otherStream));
    const publishing = nextEvent(other, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    other.startPublishingStream(streamID, otherStream);
    await publishing;

    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video publish controls stream-id=${streamID} quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await waitFor(() => !!el.publishError, 15000, 'refused');
    expect(el.publishError!.code).to.equal(1003028);
    expect(el.streamID).to.equal(null);
    await el.updateComplete;
    const banner = part(el, 'publish-error')!;
    expect(visible(banner)).to.equal(true);
    expect(banner.getAttribute('role')).to.equal('alert');
    expect(banner.textContent).to.contain('this stream ID is already used in the app');
    expect(el.state).to.equal('live'); // the preview goes on: only the publication failed

    other.stopPublishingStream(streamID);
    banner.querySelector<HTMLButtonElement>('button.retry')!.click();
    await waitFor(() => el.streamID === streamID && !el.publishError, 15000, 'published on retry');
    await el.updateComplete;
    expect(part(el, 'publish-error')).to.equal(null);
  });

  it('on a wide page laid out by the page (a block room, no other CSS), the self-view stays within the screen', async () => {
    await setViewport({ width: 1280, height: 800 });
    cleanups.push(() => void setViewport({ width: 800, height: 600 }));
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice" style="display:block">
      <zego-local-video quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    const tile = part(el, 'tile')!.getBoundingClientRect();
    expect(tile.width).to.be.greaterThan(1000); // as wide as the page
    expect(tile.height, 'no taller than 80% of the viewport').to.be.at.most(640.5);
  });

  it('permission denied: zego-error 1103064, a visible denied state with retry, the room still joins', async () => {
    const md = navigator.mediaDevices;
    const original = md.getUserMedia;
    md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    cleanups.push(() => (md.getUserMedia = original));
    const errs = errors();
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video publish stream-id="alice-main"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await waitFor(() => el.state === 'denied', 10000, 'denied');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('denied');
    const local = errs.filter((e) => e.target === el);
    expect(local.map((e) => [e.detail.code, e.detail.source])).to.deep.equal([[1103064, 'camera']]);
    expect(local[0].bubbles && local[0].composed).to.equal(true);
    const state = part(el, 'state')!;
    expect(state.getAttribute('role')).to.equal('alert');
    expect(state.textContent).to.contain('Camera or microphone blocked');
    const retry = part(el, 'retry') as HTMLButtonElement;
    expect(visible(retry)).to.equal(true);
    await waitFor(() => room.state === 'connected', 10000, 'room connected');

    md.getUserMedia = original;
    retry.click();
    await live(el);
    await waitFor(() => el.streamID === 'alice-main', 5000, 'published after retry');
    expect(part(el, 'state')).to.equal(null);
  });

  it('a camera that stops by itself: zego-error 1106010, device-lost state with retry; a devicechange recovers; the room goes on', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await waitFor(() => room.state === 'connected', 10000, 'room connected');
    const errs = errors();
    const lost = videoTrack(el);
    lost.dispatchEvent(new Event('ended')); // what an unplugged camera delivers
    await waitFor(() => el.state === 'device-lost', 5000, 'device-lost');
    expect(errs.map((e) => [e.detail.code, e.detail.source])).to.deep.equal([[1106010, 'camera']]);
    await el.updateComplete;
    expect(part(el, 'state')!.textContent).to.contain('disconnected');
    expect(visible(part(el, 'retry'))).to.equal(true);
    expect(room.state).to.equal('connected');
    navigator.mediaDevices.dispatchEvent(new Event('devicechange')); // the camera is plugged in again
    await live(el);
    expect(videoTrack(el)).to.not.equal(lost);
    expect(videoTrack(el).readyState).to.equal('live');
    expect(room.state).to.equal('connected');
  });

  it('removal mid-publish leaves no capture track, no frame callback and no peer connection', async () => {
    // What earlier tests made is gone by now: this checks them too.
    await waitFor(() => objects.liveCaptureTracks() === 0 && objects.livePeerConnections() === 0, 5000, 'nothing left from earlier tests');
    const roomID = uniqueRoom('lv');
    const bob = await peer(roomID);
    const baseline = { captures: 0, pcs: 0, callbacks: VideoRenderer.liveCallbacks };
    const added = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${roomID} user-id="alice">
      <zego-local-video publish stream-id="alice-main" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await added;
    await live(el);
    const remote = await bob.startPlayingStream('alice-main');
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
    expect(objects.liveCaptureTracks()).to.be.greaterThan(baseline.captures);
    expect(objects.livePeerConnections()).to.be.greaterThan(baseline.pcs);
    expect(VideoRenderer.liveCallbacks).to.be.greaterThan(baseline.callbacks);
    const tracks = el.localStream!.stream!.getTracks();

    const deleted = nextEvent(bob, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    el.remove();
    await deleted;
    await waitFor(() => objects.liveCaptureTracks() === baseline.captures, 5000, 'capture tracks ended');
    await waitFor(() => objects.livePeerConnections() === baseline.pcs, 5000, 'peer connections closed');
    await waitFor(() => VideoRenderer.liveCallbacks === baseline.callbacks, 5000, 'frame callbacks ended');
    expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
    expect(el.localStream).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('video, canvas')).to.equal(null);
    expect(room.state).to.equal('connected');
  });

  it('removed while the camera is starting: the capture that arrives late is stopped', async () => {
    const baseline = { captures: objects.liveCaptureTracks(), callbacks: VideoRenderer.liveCallbacks };
    // A real capture that takes 600 ms, as with a slow camera or a permission prompt.
    const md = navigator.mediaDevices;
    const original = md.getUserMedia;
    let captured: MediaStream | undefined;
    md.getUserMedia = async (c) => {
      const stream = await original.call(md, c);
      await sleep(600);
      return (captured = stream);
    };
    cleanups.push(() => (md.getUserMedia = original));
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice"></zego-room>`);
    const el = document.createElement('zego-local-video');
    room.append(el);
    await waitFor(() => el.state === 'starting', 5000, 'starting');
    el.remove();
    await waitFor(() => !!captured, 5000, 'the late capture');
    await sleep(100);
    expect(captured!.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(objects.liveCaptureTracks()).to.equal(baseline.captures);
    expect(VideoRenderer.liveCallbacks).to.equal(baseline.callbacks);
    expect(el.state).to.equal('idle');
  });

  it('moved within the document in one task keeps its stream', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <div id="a"><zego-local-video quality="1"></zego-local-video></div><div id="b"></div>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    const stream = el.localStream;
    room.querySelector('#b')!.append(el);
    await sleep(300);
    expect(el.localStream).to.equal(stream);
    expect(videoTrack(el).readyState).to.equal('live');
    const frames = el.frameCounter;
    await waitFor(() => el.frameCounter > frames + 2, 5000, 'frames after the move');
  });

  it('lets go of its stream when the room releases its engine, and starts again with the new one', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice" manual>
      <zego-local-video quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    const first = el.localStream!;
    const oldEngine = room.engine;
    const tracks = first.stream!.getTracks();
    room.server = 'ws://127.0.0.1:9'; // another engine (its room server is not there: no login is needed to preview)
    await waitFor(() => room.engine !== oldEngine && !!room.engine, 10000, 'new engine');
    await waitFor(() => tracks.every((t) => t.readyState === 'ended'), 5000, 'old capture stopped');
    await waitFor(() => !!el.localStream && el.localStream !== first, 10000, 'new capture');
    await live(el);
  });

  it('speaker choice: the picker and setSpeaker() fire zego-speaker-change through the room', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video controls no-video></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await waitFor(() => el.state === 'live', 10000, 'live');
    const heard: string[] = [];
    room.addEventListener('zego-speaker-change', (e: ZegoSpeakerChangeEvent) => heard.push(e.detail.deviceId));
    el.setSpeaker('default');
    expect(heard).to.deep.equal(['default']);
    await el.updateComplete;
    expect(el.getAttribute('speaker-id')).to.equal('default');
    const speakers = await devices('audiooutput');
    await el.updateComplete;
    // Chromium's fake devices include speakers, and it has setSinkId
    expect(speakers.length).to.be.greaterThan(0);
    part(el, 'controls')!.querySelector<HTMLButtonElement>('button.devices-toggle')!.click();
    await el.updateComplete;
    await waitFor(() => !!part(el, 'devices')?.querySelector('select.speaker'), 5000, 'speaker picker');
    const select = part(el, 'devices')!.querySelector<HTMLSelectElement>('select.speaker')!;
    expect(select.closest('label')!.textContent).to.contain('Speaker'); // a visible label names it
    const last = speakers[speakers.length - 1].deviceId;
    select.value = last;
    select.dispatchEvent(new Event('change'));
    expect(heard).to.deep.equal(['default', last]);
    // audio only: no camera toggle or picker, a placeholder instead of a picture
    expect(part(el, 'controls')!.querySelector('button.camera')).to.equal(null);
    expect(part(el, 'devices')!.querySelector('select.camera')).to.equal(null);
    expect(part(el, 'placeholder')).to.not.equal(null);
  });

  it('passes an axe-core check: live with controls, camera off, and the denied state', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice" user-name="Ada">
      <zego-local-video controls quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await el.updateComplete;
    await expect(room).to.be.accessible();
    await el.toggleCamera();
    await el.toggleMicrophone();
    await expect(room).to.be.accessible();

    const md = navigator.mediaDevices;
    const original = md.getUserMedia;
    md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    cleanups.push(() => (md.getUserMedia = original));
    const denied = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="bob">
      <zego-local-video controls></zego-local-video>
    </zego-room>`);
    const del = localOf(denied);
    await waitFor(() => del.state === 'denied', 10000, 'denied');
    await del.updateComplete;
    await expect(denied).to.be.accessible();
  });

  it('lang="zh-CN" shows Chinese labels', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room lang="zh-CN" server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video controls quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    await el.updateComplete;
    const bar = part(el, 'controls')!;
    expect(bar.getAttribute('aria-label')).to.equal('通话控制');
    expect(bar.querySelector('button.camera')!.textContent!.trim()).to.equal('关闭视频');
    expect(bar.querySelector('button.camera')!.getAttribute('title')).to.equal('关闭摄像头');
    expect(bar.querySelector('button.microphone')!.textContent!.trim()).to.equal('静音');
    bar.querySelector<HTMLButtonElement>('button.devices-toggle')!.click();
    await el.updateComplete;
    expect(part(el, 'devices')!.querySelector('select.camera')!.closest('label')!.textContent).to.contain('摄像头');
    expect(part(el, 'label')!.textContent).to.contain('我');
    await el.toggleCamera();
    expect(part(el, 'placeholder')!.textContent).to.contain('摄像头已关闭');
  });

  it('render="external": the frame source is the <video> and frameCounter advances', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server="" room-id=${uniqueRoom('lv')} user-id="alice">
      <zego-local-video render="external" quality="1"></zego-local-video>
    </zego-room>`);
    const el = localOf(room);
    await live(el);
    const source = el.getFrameSource();
    expect(source).to.be.instanceOf(HTMLVideoElement);
    expect((source as HTMLVideoElement).srcObject).to.equal(el.localStream!.stream);
    expect(el.mirrored).to.equal(true); // the reader flips it
    const f0 = el.frameCounter;
    await sleep(1000);
    expect(el.frameCounter - f0).to.be.within(10, 20); // quality 1: 15 fps
    expect([el.frameWidth, el.frameHeight]).to.deep.equal([320, 240]);
  });
});
