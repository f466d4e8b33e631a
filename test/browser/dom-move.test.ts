// Moving an element within the page keeps its call: `<zego-room>`, `<zego-local-video>` and `<zego-remote-videos>`
// each moved in one task keep every peer connection (none closed, none made), keep their streams, publish and play
// states (no new state event) and keep drawing. A removal that lasts longer than a task still tears down.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { ZegoLocalEngine } from '../../src/index.js';
import '../../src/define.js';
import { nextEvent, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const objects = trackLiveObjects(window);

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
const engines: ZegoLocalEngine[] = [];

afterEach(async () => {
  fixtureCleanup();
  await sleep(0);
  for (const e of engines.splice(0)) e.destroyEngine();
});
after(() => page?.close());

/**
 * A call in this page (alice: a room with her local video, publishing, and the remote videos) with bob in a second
 * page who publishes and plays alice: every element has live media and a peer connection behind it.
 */
async function call() {
  const roomID = uniqueRoom('mv');
  page ??= await secondPage();
  const bob = new page.Engine(1, '') as ZegoLocalEngine;
  engines.push(bob);
  await bob.loginRoom(roomID, 'local', { userID: 'bob' });
  const bobStream = await bob.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
  const bobPublishing = nextEvent(bob, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
  bob.startPublishingStream('bob-main', bobStream as never);
  await bobPublishing;

  const wrapper = await fixture<HTMLElement>(html`<div>
    <zego-room server="" room-id=${roomID} user-id="alice" hide-status>
      <div id="a"><zego-local-video publish stream-id="alice-main" quality="1" no-audio></zego-local-video></div>
      <div id="b" style="width:320px"><zego-remote-videos></zego-remote-videos></div>
      <section id="c"></section>
    </zego-room>
    <aside id="elsewhere"></aside>
  </div>`);
  const room = wrapper.querySelector('zego-room')!;
  const local = room.querySelector('zego-local-video')!;
  const remote = room.querySelector('zego-remote-videos')!;
  await waitFor(() => local.streamID === 'alice-main', 15000, 'alice publishing');
  const aliceOnBob = await bob.startPlayingStream('alice-main');
  await waitFor(
    () => remote.streams[0]?.state === 'playing' && (remote.getFrameInfo('bob-main')?.frameCounter ?? 0) > 2,
    15000,
    'bob drawn',
  );
  await waitFor(() => local.frameCounter > 2, 15000, 'preview drawn');
  return { wrapper, room, local, remote, bob, aliceOnBob };
}

/** What a move must not disturb: the same peer connections, none closed, and no publish/play state change. */
function watch(bob: ZegoLocalEngine) {
  const pcs = objects.peerConnections();
  const states: string[] = [];
  const onState = (e: Event) => states.push(`${e.type} ${JSON.stringify((e as CustomEvent).detail)}`);
  document.addEventListener('zego-player-state-update', onState);
  document.addEventListener('zego-publisher-state-update', onState);
  document.addEventListener('zego-room-state-changed', onState);
  const onBob = (...args: unknown[]) => states.push(`bob ${JSON.stringify(args)}`);
  bob.on('playerStateUpdate', onBob);
  bob.on('playerVideoTrackUpdate', onBob);
  return {
    check() {
      document.removeEventListener('zego-player-state-update', onState);
      document.removeEventListener('zego-publisher-state-update', onState);
      document.removeEventListener('zego-room-state-changed', onState);
      bob.off('playerStateUpdate', onBob);
      bob.off('playerVideoTrackUpdate', onBob);
      expect(states, 'state events after the move').to.deep.equal([]);
      const now = objects.peerConnections();
      expect(now.length, 'peer connections').to.equal(pcs.length);
      expect(
        now.every((pc) => pcs.includes(pc)),
        'the same peer connections',
      ).to.equal(true);
    },
  };
}

describe('moving an element within the page keeps its call', function () {
  this.timeout(60000);

  it('<zego-remote-videos>: the same play connection, tile and stream; it keeps drawing', async () => {
    const { wrapper, remote, bob } = await call();
    const watcher = watch(bob);
    const source = remote.getFrameSource('bob-main');
    wrapper.querySelector('#c')!.append(remote);
    await sleep(500);
    watcher.check();
    expect(remote.streams.map((s) => s.state)).to.deep.equal(['playing']);
    expect(remote.getFrameSource('bob-main'), 'the same canvas').to.equal(source);
    const frames = remote.getFrameInfo('bob-main')!.frameCounter;
    await waitFor(() => remote.getFrameInfo('bob-main')!.frameCounter > frames + 2, 5000, 'frames after the move');
  });

  it('<zego-local-video>: the same capture and publication; bob keeps receiving the same track', async () => {
    const { wrapper, local, bob, aliceOnBob } = await call();
    const watcher = watch(bob);
    const stream = local.localStream;
    const bobTrack = aliceOnBob.getVideoTracks()[0];
    wrapper.querySelector('#c')!.append(local);
    await sleep(500);
    watcher.check();
    expect(local.localStream).to.equal(stream);
    expect(local.streamID).to.equal('alice-main');
    expect(aliceOnBob.getVideoTracks()[0]).to.equal(bobTrack);
    expect(bobTrack.readyState).to.equal('live');
    const frames = local.frameCounter;
    await waitFor(() => local.frameCounter > frames + 2, 5000, 'preview frames after the move');
  });

  it('<zego-room>: the same engine and session; its children keep their streams', async () => {
    const { wrapper, room, local, remote, bob } = await call();
    const watcher = watch(bob);
    const engine = room.engine;
    wrapper.querySelector('#elsewhere')!.append(room);
    await sleep(500);
    watcher.check();
    expect(room.engine).to.equal(engine);
    expect(room.state).to.equal('connected');
    expect(local.streamID).to.equal('alice-main');
    expect(remote.streams.map((s) => s.state)).to.deep.equal(['playing']);
  });

  it('a removal longer than a task tears down: the play connection closes and comes back on re-insertion', async () => {
    const { wrapper, remote } = await call();
    const before = objects.livePeerConnections();
    remote.remove();
    await sleep(0);
    await waitFor(() => objects.livePeerConnections() === before - 1, 5000, 'play connection closed');
    expect(remote.streams).to.deep.equal([]);
    wrapper.querySelector('#c')!.append(remote);
    await waitFor(() => remote.streams[0]?.state === 'playing', 15000, 'playing again');
  });
});
