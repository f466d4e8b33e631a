// Safari's differences, forced in this page before the kit loads (fixtures/safari-like.ts: no
// MediaStreamTrackProcessor, no setSinkId, no Web Locks), so that the fallbacks the kit takes for Safari run in
// Chromium and Firefox: drawing on the main thread into an inline <video>, no speaker choice, and a room over the
// room server when tabs cannot share one. Safari's autoplay rule (sound only after a gesture) is Chromium's and
// Firefox's default too: test/browser/zego-remote-videos.test.ts clicks "Enable audio" in both.
import { SAFARI_LIKE } from './fixtures/safari-like.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { ZegoLocalEngine } from '../../src/index.js';
import type { ZegoLocalVideoElement, ZegoPrejoinElement, ZegoRemoteVideosElement, ZegoRoomElement } from '../../src/index.js';
import '../../src/define.js';
import { canvasChange, nextEvent, secondPage, uniqueRoom, waitFor } from './helpers.js';

interface RoomServer {
  url: string;
  wsUrl: string;
  appID: number;
}

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
let server: RoomServer;
const engines: ZegoLocalEngine[] = [];

before(async () => {
  server = (await executeServerCommand('room-server', { action: 'start', name: 'safari' })) as RoomServer;
});
afterEach(() => {
  fixtureCleanup();
  for (const e of engines.splice(0)) e.destroyEngine();
});
after(async () => {
  page?.close();
  await executeServerCommand('room-server', { action: 'stop', name: 'safari' });
});

/** The renderer behind an element's picture (internal: which path it draws on). */
const rendererOf = (el: Element) =>
  (el as unknown as { media?: { videoRenderer?: { activeMode: string; video: HTMLVideoElement } } }).media?.videoRenderer;

describe('Safari fallbacks, forced in this browser', function () {
  this.timeout(60_000);

  it('this page lacks what Safari lacks', () => {
    expect(SAFARI_LIKE).to.deep.equal({ processor: false, setSinkId: false, locks: false });
  });

  it('no MediaStreamTrackProcessor: the self-view draws on the main thread from an inline <video>, and it moves', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${uniqueRoom('sf')} user-id="alice">
      <zego-local-video no-audio></zego-local-video>
    </zego-room>`);
    const local = room.querySelector<ZegoLocalVideoElement>('zego-local-video')!;
    await waitFor(() => local.frameCounter > 3, 15000, 'preview frames');
    const renderer = rendererOf(local)!;
    expect(renderer.activeMode).to.equal('rvfc');
    expect(renderer.video.hasAttribute('playsinline'), 'inline: iOS would open a full-screen player').to.equal(true);
    expect(renderer.video.muted).to.equal(true);
    expect(await canvasChange(local.getFrameSource() as HTMLCanvasElement)).to.be.greaterThan(0.001);
  });

  it('no setSinkId: no speaker picker in the self-view or the pre-join, and the engine answers false', async () => {
    const room = await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${uniqueRoom('sf')} user-id="bob">
      <zego-local-video no-audio controls></zego-local-video>
    </zego-room>`);
    const local = room.querySelector<ZegoLocalVideoElement>('zego-local-video')!;
    await waitFor(() => local.state === 'live', 15000, 'live');
    const toggle = [...local.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[aria-controls=devices]')][0];
    expect(toggle, 'the devices button').to.not.equal(undefined);
    toggle.click();
    await local.updateComplete;
    const devices = local.shadowRoot!.querySelector('[part=devices]')!;
    await waitFor(() => devices.querySelectorAll('select').length >= 1, 5000, 'the camera picker');
    expect(devices.querySelector('select.speaker, .speaker select'), 'no speaker picker').to.equal(null);

    const prejoin = await fixture<ZegoPrejoinElement>(html`<zego-prejoin></zego-prejoin>`);
    await waitFor(() => !!prejoin.shadowRoot?.querySelector('#camera-picker'), 15000, 'the pre-join pickers');
    expect(prejoin.shadowRoot!.querySelector('#speaker-picker'), 'no speaker picker').to.equal(null);

    const engine = room.engine as ZegoLocalEngine;
    const audio = document.createElement('audio');
    expect(await engine.useAudioOutputDevice(audio, 'default')).to.equal(false);
  });

  it('no Web Locks: a room between tabs says why; through the room server the same page plays a peer', async () => {
    const errors: string[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent<{ message: string }>).detail.message);
    document.addEventListener('zego-error', onError);
    try {
      const tabs = await fixture<ZegoRoomElement>(
        html`<zego-room server="" room-id=${uniqueRoom('sf')} user-id="carol" login-timeout="5"></zego-room>`,
      );
      await waitFor(() => errors.some((m) => /Web Locks/.test(m)), 15000, 'an error naming Web Locks');
      expect(errors.find((m) => /Web Locks/.test(m))).to.match(/server="ws:/);
      await waitFor(() => tabs.state === 'failed', 15000, 'the room gives up');
      tabs.remove();
    } finally {
      document.removeEventListener('zego-error', onError);
    }

    const roomID = uniqueRoom('sf');
    page ??= await secondPage();
    const dave = new page.Engine(server.appID, server.wsUrl) as ZegoLocalEngine;
    engines.push(dave);
    const token = (await (await fetch(`${server.url}/token?userID=dave&roomID=${roomID}`)).json()) as { token: string };
    await dave.loginRoom(roomID, token.token, { userID: 'dave' });
    const stream = await dave.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const publishing = nextEvent(dave, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    dave.startPublishingStream('dave-main', stream as never);
    await publishing;

    const room = await fixture<ZegoRoomElement>(html`<zego-room server=${server.wsUrl} room-id=${roomID} user-id="erin">
      <zego-remote-videos></zego-remote-videos>
    </zego-room>`);
    const remote = room.querySelector<ZegoRemoteVideosElement>('zego-remote-videos')!;
    await waitFor(() => (remote.getFrameInfo('dave-main')?.frameCounter ?? 0) > 3, 20000, "dave's frames").catch((e: Error) => {
      throw new Error(`${e.message}: room ${room.state}, streams ${JSON.stringify(remote.streams)}`);
    });
    expect(await canvasChange(remote.getFrameSource('dave-main') as HTMLCanvasElement)).to.be.greaterThan(0.001);
  });
});
