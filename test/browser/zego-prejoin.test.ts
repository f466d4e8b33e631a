// <zego-prejoin> on Chromium's fake camera and microphone: preview pixels, the level meter, toggles that end their
// track, pickers, name rules, Join (event, choices, every track stopped), cancel, remembered choices, media
// problems in words, removal and moves, axe, the keyboard, and the look at a desktop and a phone size.
// Pictures: `executeServerCommand('prejoin-screenshot')` exists only when the runner has a plugin for it; under
// `npm run test:browser` they are skipped.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { ZegoPrejoinElement, type PrejoinChoices } from '../../src/elements/zego-prejoin.js';
import type { ZegoPrejoinChangeEvent, ZegoPrejoinJoinEvent } from '../../src/prejoin/events.js';
import type { ZegoErrorEvent } from '../../src/room/events.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { canvasChange, trackLiveObjects, waitFor } from './helpers.js';
import { deepActive, contrast } from './look.js';
import { colorScheme, isFirefox } from './browser.js';

if (!customElements.get('zego-prejoin')) customElements.define('zego-prejoin', ZegoPrejoinElement);

const KEY = 'zego-prejoin';
const objects = trackLiveObjects(window);
const md = navigator.mediaDevices;

/** Every track getUserMedia handed out from now on (on top of the live-object counter). */
const captured: MediaStreamTrack[] = [];
{
  const gum = md.getUserMedia.bind(md);
  md.getUserMedia = async (c) => {
    const s = await gum(c);
    captured.push(...s.getTracks());
    return s;
  };
}
const lastTrack = (kind: 'audio' | 'video') => captured.filter((t) => t.kind === kind).at(-1);
const liveTracks = (kind: 'audio' | 'video') => captured.filter((t) => t.kind === kind && t.readyState === 'live');

/** AudioContexts made from now on (the meter's and the test tone's). */
const contexts: AudioContext[] = [];
{
  const Native = window.AudioContext;
  window.AudioContext = class extends Native {
    constructor(options?: AudioContextOptions) {
      super(options);
      contexts.push(this);
    }
  };
}
const openContexts = () => contexts.filter((c) => c.state !== 'closed').length;

const cleanups: Array<() => void> = [];
beforeEach(() => localStorage.removeItem(KEY));
afterEach(async () => {
  fixtureCleanup();
  while (cleanups.length) cleanups.pop()!();
  await new Promise((r) => setTimeout(r)); // removal is final one task later (a move keeps the preview)
  await waitFor(() => objects.liveCaptureTracks() === 0, 5000, 'every capture ended after the test');
  localStorage.removeItem(KEY);
});

/** Replaces getUserMedia (until the test ends or the returned function is called). */
function failMedia(fail: (c: MediaStreamConstraints) => DOMException | null): () => void {
  const original = md.getUserMedia;
  md.getUserMedia = (c) => {
    const error = fail(c ?? {});
    return error ? Promise.reject(error) : original.call(md, c);
  };
  const restore = () => (md.getUserMedia = original);
  cleanups.push(restore);
  return restore;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const picker = (el: Element, kind: string) => el.shadowRoot!.querySelector<HTMLSelectElement>(`#${kind}-picker`);
const nameInput = (el: Element) => part(el, 'name') as HTMLInputElement;
const joinButton = (el: Element) => part(el, 'join') as HTMLButtonElement;
const stateText = (el: Element) => part(el, 'state')!.textContent!.replace(/\s+/g, ' ').trim();
const visible = (node: Element | null) => !!node && node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';

/** The element's view loaded and rendered. */
async function ready(el: ZegoPrejoinElement): Promise<ZegoPrejoinElement> {
  await waitFor(() => !!part(el, 'base'), 10000, 'the view');
  await el.updateComplete;
  return el;
}

/** Camera and microphone live, the canvas drawing, the pickers listed. */
async function live(el: ZegoPrejoinElement, { camera = true, microphone = true } = {}): Promise<void> {
  await ready(el);
  await waitFor(
    () =>
      (!camera || (visible(part(el, 'video')) && (part(el, 'video') as HTMLCanvasElement).width > 0)) &&
      (!microphone || el.choices.microphoneID !== null) &&
      !!picker(el, camera ? 'camera' : 'microphone'),
    15000,
    'live preview',
  ).catch((e: Error) => {
    throw new Error(`${e.message} (state: "${stateText(el)}")`);
  });
}

/** Types a name as the person would (an input event). */
async function typeName(el: ZegoPrejoinElement, name: string): Promise<void> {
  const input = nameInput(el);
  input.value = name;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Every `type` event reaching `document` from now on. */
function record<E extends Event>(type: string): E[] {
  const log: E[] = [];
  const on = (e: Event) => log.push(e as E);
  document.addEventListener(type, on);
  cleanups.push(() => document.removeEventListener(type, on));
  return log;
}

/** A real click somewhere harmless: gives the page (sticky) user activation, which a running AudioContext needs. */
async function activate(): Promise<void> {
  await sendMouse({ type: 'click', position: [2, 2] });
}

/** How far the canvas is from the camera's own frame (cropped to 16:9 as cover does), drawn as is and flipped. */
async function mirrorDistances(canvas: HTMLCanvasElement, track: MediaStreamTrack): Promise<{ straight: number; flipped: number }> {
  const video: HTMLVideoElement = Object.assign(document.createElement('video'), { muted: true, srcObject: new MediaStream([track]) });
  await video.play();
  await waitFor(() => video.videoWidth > 0, 5000, 'frames');
  const [w, h, vw, vh] = [32, 18, video.videoWidth, video.videoHeight];
  const grab = (source: CanvasImageSource, flip: boolean, crop: number[]) => {
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
    if (flip) ctx.setTransform(-1, 0, 0, 1, w, 0);
    ctx.drawImage(source, crop[0], crop[1], crop[2], crop[3], 0, 0, w, h);
    return ctx.getImageData(0, 0, w, h).data;
  };
  const distance = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0);
  const crop = [0, (vh - (vw * 9) / 16) / 2, vw, (vw * 9) / 16];
  const shown = grab(canvas, false, [0, 0, canvas.width, canvas.height]);
  const result = { straight: distance(shown, grab(video, false, crop)), flipped: distance(shown, grab(video, true, crop)) };
  video.srcObject = null;
  return result;
}

/** Elements of the shadow root that show text (their own text nodes, or a value), visible and enabled. */
function textNodes(el: Element): Element[] {
  return [...el.shadowRoot!.querySelectorAll('*')].filter(
    (n) =>
      visible(n) &&
      !(n as HTMLButtonElement).disabled &&
      n.localName !== 'option' &&
      (n.localName === 'input' ||
        n.localName === 'select' ||
        [...n.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim())),
  );
}

/** A PNG of `node` under docs/screenshots when the runner can take one (see the header). */
async function screenshot(name: string, node: Element): Promise<void> {
  const r = node.getBoundingClientRect();
  const clip = { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  try {
    await executeServerCommand('prejoin-screenshot', { path: `docs/screenshots/prejoin-${name}.png`, clip });
  } catch {
    // no plugin for the command in this runner
  }
}

describe('<zego-prejoin>', function () {
  this.timeout(40000);

  it('previews the camera: a mirrored canvas whose pixels change, the microphone live, Join enabled by the user-name', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada Lovelace" style="width:720px"></zego-prejoin>`);
    await live(el);
    const canvas = part(el, 'video') as HTMLCanvasElement;
    expect(el.shadowRoot!.contains(canvas)).to.equal(true);
    expect(part(el, 'preview')!.contains(canvas)).to.equal(true);
    expect(await canvasChange(canvas)).to.be.greaterThan(0.01);
    // Firefox's fake camera is one flat colour, the same mirrored: there the renderer's mirroring is measured by
    // render.test.ts (a two-colour source)
    if (!isFirefox) {
      const { straight, flipped } = await mirrorDistances(canvas, lastTrack('video')!);
      expect(flipped, 'mirrored and cover-fit: closer to the flipped frame').to.be.below(straight / 2);
    }
    expect(part(el, 'placeholder')).to.equal(null);
    expect(liveTracks('video')).to.have.length(1);
    expect(liveTracks('audio')).to.have.length(1);
    expect(nameInput(el).value).to.equal('Ada Lovelace');
    expect(joinButton(el).disabled).to.equal(false);
    expect(joinButton(el).textContent!.trim()).to.equal('Join');
    const choices = el.choices;
    expect(choices).to.include({ userName: 'Ada Lovelace', camera: true, microphone: true });
    expect(choices.cameraID).to.equal(lastTrack('video')!.getSettings().deviceId);
    expect(choices.microphoneID).to.equal(lastTrack('audio')!.getSettings().deviceId);
    // the preview box keeps its aspect ratio (16:9)
    const box = part(el, 'preview')!.getBoundingClientRect();
    expect(box.width / box.height).to.be.closeTo(16 / 9, 0.02);
  });

  it('the level meter moves with the beeping microphone (~10 updates a second) and rests when the microphone is off', async () => {
    await activate();
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await live(el);
    const meter = part(el, 'meter')!;
    expect(meter.getAttribute('role')).to.equal('meter');
    expect(meter.getAttribute('aria-label')).to.equal('Microphone level');
    const seen = new Set<string>();
    let updates = 0;
    const observer = new MutationObserver(() => {
      updates++;
      seen.add(meter.getAttribute('aria-valuenow')!);
    });
    observer.observe(meter, { attributes: true, attributeFilter: ['aria-valuenow'] });
    cleanups.push(() => observer.disconnect());
    if (isFirefox) {
      // Firefox's fake microphone is a steady tone, not a beep: the meter stands at its level instead of moving
      await waitFor(() => Number(meter.getAttribute('aria-valuenow')) > 10, 10000, 'meter up');
    } else {
      await waitFor(() => [...seen].some((v) => Number(v) > 10) && seen.size > 3, 10000, `meter moving (${[...seen]})`);
      const start = performance.now();
      const before = updates;
      await waitFor(() => performance.now() - start > 1000, 3000);
      expect(updates - before, 'changes in one second').to.be.within(3, 12);
    }
    expect(contexts.at(-1)!.state).to.equal('running');

    part(el, 'microphone-toggle')!.click();
    await waitFor(() => liveTracks('audio').length === 0, 5000, 'microphone track ended');
    await waitFor(() => meter.getAttribute('aria-valuenow') === '0' || !meter.isConnected, 5000, 'meter at rest');
    await waitFor(() => openContexts() === 0, 5000, "the meter's AudioContext closed");
  });

  it('camera off ends the video track (light off) and shows the initials; on again captures anew', async () => {
    const changes = record<ZegoPrejoinChangeEvent>('zego-prejoin-change');
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada Lovelace"></zego-prejoin>`);
    await live(el);
    const track = lastTrack('video')!;
    const toggle = part(el, 'camera-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(toggle.textContent!.trim()).to.equal('Camera');
    expect(toggle.title).to.equal('Turn camera off');
    toggle.click();
    await el.updateComplete;
    expect(track.readyState).to.equal('ended');
    expect(liveTracks('video')).to.have.length(0);
    expect(liveTracks('audio')).to.have.length(1);
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(toggle.textContent!.trim(), 'the name does not change').to.equal('Camera');
    expect(toggle.title).to.equal('Turn camera on');
    const placeholder = part(el, 'placeholder')!;
    expect(placeholder.querySelector('.initials')!.textContent).to.equal('AL');
    expect(placeholder.textContent).to.contain('Camera is off');
    expect(el.choices.camera).to.equal(false);
    expect(changes.at(-1)!.detail.choices.camera).to.equal(false);

    toggle.click();
    await waitFor(() => liveTracks('video').length === 1 && visible(part(el, 'video')), 10000, 'camera back');
    expect(lastTrack('video')).to.not.equal(track);
    expect(el.choices.camera).to.equal(true);
  });

  it('pickers list the devices with full labels in a visible <label>; switching the microphone changes the track', async () => {
    const changes = record<ZegoPrejoinChangeEvent>('zego-prejoin-change');
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await live(el);
    const all = (await md.enumerateDevices()).filter((d) => d.deviceId);
    for (const [kind, type] of [
      ['camera', 'videoinput'],
      ['microphone', 'audioinput'],
      ['speaker', 'audiooutput'],
    ] as const) {
      const select = picker(el, kind)!;
      const expected = all.filter((d) => d.kind === type);
      expect(
        [...select.options].map((o) => o.value),
        kind,
      ).to.deep.equal(expected.map((d) => d.deviceId));
      expect(
        [...select.options].map((o) => o.textContent),
        `${kind} labels, whole`,
      ).to.deep.equal(expected.map((d) => d.label));
      const label = el.shadowRoot!.querySelector(`label[for=${kind}-picker]`)!;
      expect(visible(label)).to.equal(true);
      expect(select.title, 'the full label of the chosen device as a tooltip').to.equal(select.selectedOptions[0].textContent);
    }
    const select = picker(el, 'microphone')!;
    const old = lastTrack('audio')!;
    // Firefox has one fake microphone: nothing to switch to (the switch itself runs in Chromium)
    if (isFirefox) return expect(select.options).to.have.length(1);
    const target = [...select.options].map((o) => o.value).find((id) => id !== old.getSettings().deviceId)!;
    select.value = target;
    select.dispatchEvent(new Event('change'));
    await waitFor(() => lastTrack('audio') !== old && lastTrack('audio')!.readyState === 'live', 10000, 'new microphone track');
    expect(old.readyState).to.equal('ended');
    expect(lastTrack('audio')!.getSettings().deviceId).to.equal(target);
    expect(liveTracks('audio')).to.have.length(1);
    expect(el.choices.microphoneID).to.equal(target);
    expect(changes.at(-1)!.detail.choices.microphoneID).to.equal(target);
    await el.updateComplete;
    expect(picker(el, 'microphone')!.value).to.equal(target);
  });

  it('camera-off microphone-off: nothing captured; test sound: a short tone through its own AudioContext', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada" camera-off microphone-off></zego-prejoin>`);
    await ready(el);
    expect(part(el, 'camera-toggle')!.getAttribute('aria-pressed')).to.equal('false');
    expect(part(el, 'microphone-toggle')!.getAttribute('aria-pressed')).to.equal('false');
    expect(el.choices).to.include({ camera: false, microphone: false });
    expect(part(el, 'placeholder')!.textContent).to.contain('Camera is off');
    expect(objects.liveCaptureTracks()).to.equal(0);
    expect(joinButton(el).textContent!.trim(), 'off by choice: plain Join').to.equal('Join');

    const button = part(el, 'test-sound') as HTMLButtonElement;
    const before = contexts.length;
    button.click();
    await waitFor(() => contexts.length === before + 1, 5000, 'a tone context');
    const ctx = contexts.at(-1)!;
    await waitFor(() => button.classList.contains('playing'), 5000, 'playing');
    await waitFor(() => ctx.state === 'closed', 5000, 'tone over');
    await el.updateComplete;
    expect(button.classList.contains('playing')).to.equal(false);
    expect(openContexts()).to.equal(0);
  });

  it('name rules: required (words after leaving the field), 256 characters at most, any Unicode; name-optional', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin camera-off microphone-off no-remember></zego-prejoin>`);
    await ready(el);
    const input = nameInput(el);
    const error = part(el, 'name-error')!;
    expect(joinButton(el).disabled).to.equal(true);
    expect(error.textContent, 'no error before the person tried').to.equal('');
    expect(input.getAttribute('aria-describedby')).to.equal(error.id);
    let failure = await el.join().then(
      () => null,
      (e: { code: number }) => e,
    );
    expect(failure).to.include({ code: 1100001 });
    await el.updateComplete;
    expect(error.textContent).to.equal('Enter your name to join.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');

    await typeName(el, 'a'.repeat(257));
    expect(joinButton(el).disabled).to.equal(true);
    expect(error.textContent).to.equal('This name is too long: 257 characters, at most 256.');
    failure = await el.join().then(
      () => null,
      (e: { code: number }) => e,
    );
    expect(failure).to.include({ code: 1002010 });

    await typeName(el, 'a'.repeat(256));
    expect(joinButton(el).disabled).to.equal(false);
    expect(error.textContent).to.equal('');
    await typeName(el, '   ');
    expect(joinButton(el).disabled, 'spaces only').to.equal(true);
    await typeName(el, '  王小明 🎉 ');
    expect(joinButton(el).disabled).to.equal(false);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    const joined = record<ZegoPrejoinJoinEvent>('zego-prejoin-join');
    expect((await el.join()).userName).to.equal('王小明 🎉');
    expect(joined).to.have.length(1);

    const optional = await fixture<ZegoPrejoinElement>(
      html`<zego-prejoin name-optional camera-off microphone-off no-remember></zego-prejoin>`,
    );
    await ready(optional);
    expect(joinButton(optional).disabled).to.equal(false);
    expect(el.shadowRoot!.querySelector('label[for=name]')!.textContent).to.equal('Your name');
    expect(optional.shadowRoot!.querySelector('label[for=name]')!.textContent).to.equal('Your name (optional)');
    expect((await optional.join()).userName).to.equal('');
  });

  it('Join (button or Enter in the name field) fires zego-prejoin-join with the choices and stops every track', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada" room-name="Standup"></zego-prejoin>`);
    await live(el);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Join Standup');
    const expected: PrejoinChoices = el.choices;
    expect(objects.liveCaptureTracks()).to.equal(2);
    const joined = new Promise<ZegoPrejoinJoinEvent>((resolve) => document.addEventListener('zego-prejoin-join', resolve, { once: true }));
    joinButton(el).click();
    const event = await joined;
    expect(event.detail).to.deep.equal(expected);
    expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, true]);
    expect(objects.liveCaptureTracks(), 'camera and microphone stopped').to.equal(0);
    await waitFor(() => openContexts() === 0, 5000, 'AudioContexts closed');
    await el.updateComplete;
    expect(part(el, 'video')).to.equal(null);

    // retry() starts the preview again; Enter in the name field joins as the button does
    await el.retry();
    await live(el);
    nameInput(el).focus();
    const again = new Promise<ZegoPrejoinJoinEvent>((resolve) => document.addEventListener('zego-prejoin-join', resolve, { once: true }));
    await sendKeys({ press: 'Enter' });
    expect((await again).detail.userName).to.equal('Ada');
    expect(objects.liveCaptureTracks()).to.equal(0);
  });

  it('a cancelled join keeps the preview', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await live(el);
    el.addEventListener('zego-prejoin-join', (e) => e.preventDefault());
    const choices = await el.join();
    expect(choices.userName).to.equal('Ada');
    expect(objects.liveCaptureTracks()).to.equal(2);
    expect(await canvasChange(part(el, 'video') as HTMLCanvasElement)).to.be.greaterThan(0.01);
  });

  it('remembers the choices in localStorage and restores them in the next element; not with no-remember', async () => {
    const first = await fixture<ZegoPrejoinElement>(html`<zego-prejoin></zego-prejoin>`);
    await live(first);
    const cameras = [...picker(first, 'camera')!.options].map((o) => o.value);
    const camera = cameras.at(-1)!;
    await typeName(first, 'Grace Hopper');
    part(first, 'microphone-toggle')!.click();
    picker(first, 'camera')!.value = camera;
    picker(first, 'camera')!.dispatchEvent(new Event('change'));
    await waitFor(() => lastTrack('video')!.getSettings().deviceId === camera && liveTracks('video').length === 1, 10000, 'picked camera');
    const stored = JSON.parse(localStorage.getItem(KEY)!);
    expect(stored).to.include({ userName: 'Grace Hopper', camera: true, microphone: false, cameraID: camera });
    fixtureCleanup();
    await waitFor(() => objects.liveCaptureTracks() === 0, 5000, 'first element released');

    const second = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Someone else"></zego-prejoin>`);
    await live(second, { microphone: false });
    expect(nameInput(second).value, 'the remembered name wins over the attribute').to.equal('Grace Hopper');
    expect(part(second, 'microphone-toggle')!.getAttribute('aria-pressed')).to.equal('false');
    expect(liveTracks('audio')).to.have.length(0);
    expect(lastTrack('video')!.getSettings().deviceId).to.equal(camera);
    expect(second.choices).to.include({ userName: 'Grace Hopper', camera: true, microphone: false, cameraID: camera });
    fixtureCleanup();

    const third = await fixture<ZegoPrejoinElement>(html`<zego-prejoin no-remember user-name="Ada"></zego-prejoin>`);
    await live(third);
    expect(nameInput(third).value).to.equal('Ada');
    expect(part(third, 'microphone-toggle')!.getAttribute('aria-pressed')).to.equal('true');
    await typeName(third, 'Not stored');
    part(third, 'camera-toggle')!.click();
    await third.join();
    expect(JSON.parse(localStorage.getItem(KEY)!)).to.deep.equal(stored);
  });

  it('a remembered device that is gone falls back to the default', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ userName: 'Ada', camera: true, microphone: true, cameraID: 'gone', microphoneID: 'gone-too', speakerID: 'gone' }),
    );
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin></zego-prejoin>`);
    await live(el);
    expect(liveTracks('video')).to.have.length(1);
    const { cameraID, microphoneID, speakerID } = el.choices;
    expect(cameraID).to.equal(lastTrack('video')!.getSettings().deviceId);
    expect(microphoneID).to.not.equal('gone-too');
    expect(speakerID).to.equal(null);
  });

  it('permission denied: words on how to allow, Retry, and Join without camera and microphone', async () => {
    const allow = failMedia(() => new DOMException('Permission denied', 'NotAllowedError'));
    const errors = record<ZegoErrorEvent>('zego-error');
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await ready(el);
    await waitFor(() => stateText(el).includes('blocks'), 10000, 'denied state');
    expect(stateText(el)).to.contain('The browser blocks your camera and microphone.');
    expect(stateText(el)).to.contain('address bar');
    expect(part(el, 'placeholder')!.textContent).to.contain('Camera blocked');
    expect(errors.map((e) => [e.detail.code, e.detail.source])).to.have.deep.members([
      [1103064, 'camera'],
      [1103064, 'microphone'],
    ]);
    const join = joinButton(el);
    expect(join.disabled).to.equal(false);
    expect(join.textContent!.trim()).to.equal('Join without camera and microphone');
    const retry = part(el, 'state')!.querySelector('button')!;
    expect(retry.textContent).to.equal('Retry');

    // allowed in the site settings: Retry brings both
    allow();
    retry.click();
    await live(el);
    expect(stateText(el)).to.equal('');
    expect(joinButton(el).textContent!.trim()).to.equal('Join');

    failMedia(() => new DOMException('Permission denied', 'NotAllowedError'));
    await el.join();
    await el.retry();
    await waitFor(() => stateText(el).includes('blocks'), 10000, 'denied again');
    const joined = new Promise<ZegoPrejoinJoinEvent>((resolve) => el.addEventListener('zego-prejoin-join', resolve, { once: true }));
    joinButton(el).click();
    expect((await joined).detail).to.include({ userName: 'Ada', camera: false, microphone: false });
  });

  it('no camera: joins with the microphone; a camera in use by another app: says so, Retry', async () => {
    const found = failMedia((c) => (c.video ? new DOMException('Requested device not found', 'NotFoundError') : null));
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await ready(el);
    await waitFor(() => stateText(el).includes('No camera'), 10000, 'no camera');
    expect(stateText(el)).to.contain('No camera found. You can join without video.');
    await waitFor(() => liveTracks('audio').length === 1, 10000, 'the microphone anyway');
    expect(el.choices).to.include({ camera: false, microphone: true });
    expect(joinButton(el).textContent!.trim()).to.equal('Join');
    fixtureCleanup();
    found();

    const free = failMedia((c) => (c.video ? new DOMException('Could not start video source', 'NotReadableError') : null));
    const busy = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await ready(busy);
    await waitFor(() => stateText(busy).includes('Another app'), 10000, 'in use');
    expect(stateText(busy)).to.contain('Another app is using your camera. Close it, then Retry.');
    expect(part(busy, 'placeholder')!.textContent).to.contain('Camera in use by another app');
    await waitFor(() => liveTracks('audio').length === 1, 10000, 'the microphone anyway');
    free();
    part(busy, 'state')!.querySelector('button')!.click();
    await live(busy);
  });

  it('while starting: says so in a status', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = md.getUserMedia;
    md.getUserMedia = async (c) => (await gate, original.call(md, c));
    cleanups.push(() => (md.getUserMedia = original));
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await ready(el);
    await waitFor(() => stateText(el) === 'Starting camera and microphone…', 5000, 'starting');
    expect(part(el, 'state')!.getAttribute('role')).to.equal('status');
    expect(part(el, 'placeholder')!.textContent).to.contain('Starting camera…');
    release();
    await live(el);
  });

  it('removal releases every track, AudioContext and frame callback; a move in the DOM keeps the preview', async () => {
    await activate();
    const callbacks = VideoRenderer.liveCallbacks;
    const box = await fixture<HTMLDivElement>(html`<div><zego-prejoin user-name="Ada"></zego-prejoin><section></section></div>`);
    const el = box.querySelector('zego-prejoin')!;
    await live(el);
    await waitFor(() => openContexts() === 1, 5000, 'the meter running');
    const video = lastTrack('video')!;
    const gets = captured.length;
    box.querySelector('section')!.append(el);
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(video.readyState, 'moved: same camera').to.equal('live');
    expect(captured.length, 'no new capture').to.equal(gets);
    expect(await canvasChange(part(el, 'video') as HTMLCanvasElement)).to.be.greaterThan(0.01);

    el.remove();
    await waitFor(() => objects.liveCaptureTracks() === 0, 5000, 'tracks ended');
    await waitFor(() => openContexts() === 0, 5000, 'AudioContexts closed');
    expect(VideoRenderer.liveCallbacks).to.equal(callbacks);
    expect(el.shadowRoot!.querySelector('canvas, video')).to.equal(null);

    // back in the document: the preview starts again
    box.append(el);
    await live(el);
  });

  it('axe finds nothing: live, camera off, a name error, denied, in Chinese', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada" room-name="Standup" no-remember></zego-prejoin>`);
    await live(el);
    await expect(el).to.be.accessible();
    part(el, 'camera-toggle')!.click();
    await typeName(el, 'a'.repeat(300));
    await expect(el).to.be.accessible();
    fixtureCleanup();

    failMedia(() => new DOMException('Permission denied', 'NotAllowedError'));
    const denied = await fixture<ZegoPrejoinElement>(html`<zego-prejoin lang="zh-CN"></zego-prejoin>`);
    await ready(denied);
    await waitFor(() => stateText(denied).includes('浏览器禁止了你的摄像头和麦克风'), 10000, 'denied, in Chinese');
    expect(joinButton(denied).textContent!.trim()).to.equal('不使用摄像头和麦克风加入');
    await expect(denied).to.be.accessible();
  });

  it('keyboard: name, camera and microphone toggles (Space), pickers, test sound, Join, in that order', async () => {
    const el = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada"></zego-prejoin>`);
    await live(el);
    nameInput(el).focus();
    const order = [
      part(el, 'name'),
      part(el, 'camera-toggle'),
      part(el, 'microphone-toggle'),
      ...parts(el, 'picker'),
      part(el, 'test-sound'),
      part(el, 'join'),
    ];
    expect(parts(el, 'picker').map((p) => p.id)).to.deep.equal(['camera-picker', 'microphone-picker', 'speaker-picker']);
    for (const next of order.slice(1)) {
      await sendKeys({ press: 'Tab' });
      expect(deepActive(), `${next!.getAttribute('part')}`).to.equal(next);
    }
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 5; i++) await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(part(el, 'microphone-toggle'));
    await sendKeys({ press: ' ' });
    await waitFor(() => liveTracks('audio').length === 0, 5000, 'microphone off by Space');
    expect(part(el, 'microphone-toggle')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('looks right with no page CSS at 1280x800 and 390x844, light and dark', async () => {
    const check = async (el: ZegoPrejoinElement, phone: boolean, shot: string) => {
      await el.updateComplete;
      scrollTo(0, 0);
      const join = joinButton(el).getBoundingClientRect();
      expect(
        join.top >= 0 && join.bottom <= innerHeight && join.left >= 0 && join.right <= innerWidth,
        `Join in view ${JSON.stringify(join)}`,
      ).to.equal(true);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll').to.be.at.most(innerWidth);
      for (const node of el.shadowRoot!.querySelectorAll('*')) {
        const r = node.getBoundingClientRect();
        if (r.width) expect(r.right, `${node.localName}.${node.className} inside`).to.be.at.most(innerWidth + 0.5);
      }
      const preview = part(el, 'preview')!.getBoundingClientRect();
      const form = part(el, 'form')!.getBoundingClientRect();
      if (phone) expect(form.top, 'stacked').to.be.at.least(preview.bottom);
      else {
        expect(form.left, 'side by side').to.be.at.least(preview.right);
        const card = part(el, 'base')!.getBoundingClientRect();
        expect(Math.abs(card.left - (innerWidth - card.right)), 'centred').to.be.below(20);
      }
      for (const node of textNodes(el))
        expect(contrast(node), `${node.localName}.${node.className} "${node.textContent?.trim().slice(0, 30)}"`).to.be.at.least(4.5);
      await screenshot(shot, el);
    };
    try {
      for (const [width, height, phone] of [
        [1280, 800, false],
        [390, 844, true],
      ] as const) {
        await setViewport({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          await colorScheme(scheme);
          const size = phone ? 'phone' : 'desktop';
          const el = await fixture<ZegoPrejoinElement>(
            html`<zego-prejoin user-name="Ada Lovelace" room-name="Design review" no-remember></zego-prejoin>`,
          );
          await live(el);
          await check(el, phone, `${size}-${scheme}`);
          part(el, 'camera-toggle')!.click();
          await typeName(el, '');
          await check(el, phone, `${size}-${scheme}-off`);
          fixtureCleanup();
        }
        const allow = failMedia(() => new DOMException('Permission denied', 'NotAllowedError'));
        const denied = await fixture<ZegoPrejoinElement>(html`<zego-prejoin user-name="Ada Lovelace"></zego-prejoin>`);
        await ready(denied);
        await waitFor(() => stateText(denied).includes('blocks'), 10000, 'denied');
        await check(denied, phone, `${phone ? 'phone' : 'desktop'}-denied`);
        fixtureCleanup();
        allow();
      }
    } finally {
      await colorScheme('light');
      await setViewport({ width: 800, height: 600 });
    }
  });
});
