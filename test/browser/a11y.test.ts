// Accessibility of a whole call page: axe-core over the document (open shadow roots included) with
// <zego-room>, <zego-local-video publish controls> and <zego-remote-videos stats> showing a remote tile, in the
// states people meet: live with the "Enable audio" button (this page starts without user activation, so
// Chromium's default autoplay policy blocks remote audio), cameras off on both sides, a lost camera. And the
// keyboard: Tab reaches every control once, in order, and Shift+Tab walks back.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import type { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { nextEvent, secondPage, uniqueRoom, waitFor } from './helpers.js';
import { deepActive } from './look.js';

const engines: ZegoLocalEngine[] = [];
afterEach(() => {
  fixtureCleanup();
  while (engines.length) engines.pop()!.destroyEngine();
});

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
after(() => page?.close());

/**
 * Another participant: a plain engine in a second page publishing the fake camera and microphone. In a page of
 * its own because a page that captures may autoplay sound, and the Enable audio state is under test here.
 */
async function publisher(roomID: string) {
  if (!page) {
    page = await secondPage();
    (page.win.frameElement as HTMLIFrameElement).title = 'Another participant';
  }
  const engine = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(engine);
  await engine.loginRoom(roomID, 'local', { userID: 'grace', userName: 'Grace Hopper' });
  const local = await engine.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
  const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === 'grace-main' && r.state === 'PUBLISHING');
  engine.startPublishingStream('grace-main', local as never);
  await publishing;
  return { engine, local };
}

const describeEl = (el: Element | null) =>
  el
    ? `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}[${el.getAttribute('aria-label') ?? el.textContent?.trim()}]`
    : 'nothing';

describe('accessibility of a call page', function () {
  this.timeout(60000);

  it('axe finds no violations (live with Enable audio and stats, cameras off, camera lost) and Tab reaches every control in order', async () => {
    expect(navigator.userActivation.hasBeenActive, 'this test needs a page without user activation').to.equal(false);
    // What a real page has around the elements: a title, a language, a main landmark and a heading.
    document.title = 'Call';
    document.documentElement.lang = 'en';
    const roomID = uniqueRoom('a11y');
    const grace = await publisher(roomID);
    // The remote videos first: once this page captures (the local video), Chromium lets it autoplay sound.
    const main = await fixture<HTMLElement>(html`<main style="width:360px">
      <h1 tabindex="-1">Call</h1>
      <zego-room server="" room-id=${roomID} user-id="ada" user-name="Ada Lovelace">
        <zego-remote-videos stats></zego-remote-videos>
      </zego-room>
    </main>`);
    const room = main.querySelector('zego-room') as ZegoRoomElement;
    const remote = main.querySelector('zego-remote-videos') as ZegoRemoteVideosElement;
    const tile = () => remote.shadowRoot!.querySelector('[part~=tile][data-stream-id="grace-main"]');
    await waitFor(() => room.state === 'connected', 15000, 'connected');
    await waitFor(() => remote.streams[0]?.hasFrame === true, 15000, 'the remote tile shows a picture');
    await waitFor(() => remote.audioBlocked, 10000, 'remote audio blocked by the autoplay policy');

    const local = document.createElement('zego-local-video');
    local.publish = true;
    local.controls = true;
    local.quality = 1;
    room.prepend(local);
    await waitFor(() => local.state === 'live' && !!local.streamID, 15000, 'publishing');
    await waitFor(() => !!remote.streams[0]?.stats, 10000, 'statistics');
    await Promise.all([room.updateComplete, local.updateComplete, remote.updateComplete]);
    const enableAudio = remote.shadowRoot!.querySelector<HTMLButtonElement>('button[part=enable-audio]');
    expect(enableAudio?.checkVisibility(), 'the Enable audio button').to.equal(true);
    expect(tile()!.querySelector('[part=stats]'), 'the stats overlay').to.not.equal(null);
    expect(local.shadowRoot!.querySelector('[part~=controls]'), 'the controls').to.not.equal(null);
    await expect(document).to.be.accessible();

    // Keyboard: from the heading, Tab visits every control once, in order.
    const controls = [...local.shadowRoot!.querySelectorAll<HTMLElement>('[part~=controls] button, [part~=controls] select'), enableAudio!];
    expect(controls.length, 'camera, microphone, screen, leave, the pickers and Enable audio').to.be.at.least(6);
    main.querySelector('h1')!.focus(); // where a page would put focus when the call opens
    const forward: Element[] = [];
    for (let i = 0; i < controls.length; i++) {
      await sendKeys({ press: 'Tab' });
      forward.push(deepActive()!);
    }
    expect(forward.map(describeEl)).to.deep.equal(controls.map(describeEl));
    const backward: Element[] = [];
    await sendKeys({ down: 'Shift' });
    for (let i = 1; i < controls.length; i++) {
      await sendKeys({ press: 'Tab' });
      backward.push(deepActive()!);
    }
    await sendKeys({ up: 'Shift' });
    expect(backward.map(describeEl)).to.deep.equal(controls.slice(0, -1).reverse().map(describeEl));

    // Cameras off on both sides: the local placeholder and the remote tile's placeholder with initials.
    await local.toggleCamera();
    grace.engine.mutePublishStreamVideo(grace.local as never, true);
    await waitFor(() => remote.streams[0]?.cameraMuted === true, 10000, 'remote camera off');
    await Promise.all([local.updateComplete, remote.updateComplete]);
    expect(local.shadowRoot!.querySelector('[part~=placeholder]')?.checkVisibility()).to.equal(true);
    expect(tile()!.querySelector('[part=placeholder]')?.checkVisibility()).to.equal(true);
    await expect(document).to.be.accessible();

    // A lost camera: the state overlay with its retry button.
    await local.toggleCamera();
    const track = local.localStream!.stream!.getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event('ended'));
    await waitFor(() => local.state === 'device-lost', 5000, 'device-lost');
    await local.updateComplete;
    expect(local.shadowRoot!.querySelector('[part~=retry]')?.checkVisibility()).to.equal(true);
    await expect(document).to.be.accessible();
  });
});
