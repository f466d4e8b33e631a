// <zego-room> on the real ZEGO SDK, offline (the test browser resolves no name but localhost): the SDK's own
// LOGINING, then LOGIN_FAILED within login-timeout, the SDK loaded lazily and quiet. Its own page (test file), so
// the resource check sees exactly what this page loaded.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import { waitFor } from './helpers.js';
import { ZEGO_EVENT_NAMES, ZEGO_UNIMPLEMENTED_EVENTS, type ZegoEngineEvent, type ZegoErrorEvent } from '../../src/room/events.js';

const sdkLoaded = () => performance.getEntriesByType('resource').some((r) => r.name.includes('zego-express-engine-webrtc'));

describe('<zego-room> on the real SDK, offline', () => {
  afterEach(() => fixtureCleanup());

  it('forwards LOGINING, then LOGIN_FAILED and zego-error within login-timeout, with the SDK loaded lazily and silent', async function () {
    this.timeout(20000);
    expect(sdkLoaded(), 'SDK loaded before any <zego-room engine="zego">').to.equal(false);
    const logged: unknown[][] = [];
    // console.debug is left out: the SDK's setting cache calls it directly ("Dropped  setting_online_..."), past
    // its log config; DevTools hides that verbose level by default.
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    for (const k of Object.keys(original) as (keyof typeof original)[]) console[k] = (...args: unknown[]) => void logged.push(args);
    const reasons: string[] = [];
    let loginingAt = 0;
    const onState = (e: ZegoEngineEvent<'roomStateChanged'>) => {
      reasons.push(`${e.detail.reason}:${e.detail.errorCode}`);
      if (e.detail.reason === 'LOGINING') loginingAt = performance.now();
    };
    document.addEventListener('zego-room-state-changed', onState);
    try {
      const failed = new Promise<ZegoErrorEvent>((resolve) => document.addEventListener('zego-error', resolve, { once: true }));
      const loginFailed = new Promise<number>((resolve) =>
        document.addEventListener('zego-room-state-changed', (e) => e.detail.reason === 'LOGIN_FAILED' && resolve(performance.now())),
      );
      const el = await fixture<ZegoRoomElement>(
        html`<zego-room engine="zego" app-id="1234567" server="wss://127.0.0.1:9/x" login-timeout="5" token="offline" room-id="r1" user-id="alice"></zego-room>`,
      );
      const [error, failedAt] = await Promise.all([failed, loginFailed]);
      const elapsed = (Math.max(performance.now(), failedAt) - loginingAt) / 1000;
      expect(error.detail.source).to.equal('login');
      expect(elapsed).to.be.within(4, 6.5);
      expect(reasons[0]).to.equal('LOGINING:0');
      expect(reasons.at(-1)).to.match(/^LOGIN_FAILED:\d+$/);
      expect(el.state).to.equal('failed');
      expect(sdkLoaded()).to.equal(true);
      expect(el.engine!.constructor.name).to.not.equal('ZegoLocalEngine');
    } finally {
      Object.assign(console, original);
      document.removeEventListener('zego-room-state-changed', onState);
    }
    expect(logged, 'SDK console output without debug').to.deep.equal([]);
  });

  it('subscribes to exactly the callbacks the SDK implements', async () => {
    const el = await fixture<ZegoRoomElement>(
      html`<zego-room manual engine="zego" app-id="1234567" server="wss://127.0.0.1:9/x"></zego-room>`,
    );
    await el.checkSystemRequirements();
    const engine = el.engine!;
    const accepted = (name: string) => {
      const fn = () => {};
      const ok = engine.on(name as never, fn as never);
      if (ok) engine.off(name as never, fn as never);
      return ok;
    };
    expect(Object.keys(ZEGO_EVENT_NAMES).filter((n) => !accepted(n))).to.deep.equal([]);
    expect(ZEGO_UNIMPLEMENTED_EVENTS.filter((n) => accepted(n))).to.deep.equal([]);
  });

  it('<zego-local-video> captures through the SDK, and turning the camera off stops it (the light goes off)', async function () {
    this.timeout(30000);
    const room = await fixture<ZegoRoomElement>(html`<zego-room manual engine="zego" app-id="1234567" server="wss://127.0.0.1:9/x">
      <zego-local-video quality="1" no-audio></zego-local-video>
    </zego-room>`);
    const el = room.querySelector<ZegoLocalVideoElement>('zego-local-video')!;
    await waitFor(() => el.state === 'live' && el.frameCounter > 2, 15000, `live preview on the SDK (state ${el.state})`);
    const video = () => el.localStream?.stream?.getVideoTracks()[0];
    const camera = video()!;
    expect(camera.readyState).to.equal('live');
    await el.toggleCamera();
    await waitFor(() => camera.readyState === 'ended', 5000, 'the SDK stopped the camera track');
    await el.toggleCamera();
    await waitFor(() => video()?.readyState === 'live' && video() !== camera, 5000, 'a new camera track');
    const before = el.frameCounter;
    await waitFor(() => el.frameCounter > before + 2, 5000, 'the preview moves again');
    expect(el.state).to.equal('live');
  });

  it('checks system requirements through the element', async () => {
    const el = await fixture<ZegoRoomElement>(
      html`<zego-room manual engine="zego" app-id="1234567" server="wss://127.0.0.1:9/x"></zego-room>`,
    );
    const result = (await el.checkSystemRequirements()) as { webRTC: boolean; videoCodec: Record<string, boolean> };
    expect(result.webRTC).to.equal(true);
    expect(result.videoCodec).to.have.property('VP8');
  });
});
