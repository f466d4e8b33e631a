// Trickle ICE in the local engine, watched on the wire: the hub's BroadcastChannel carries every frame between the
// engines and the core, so a spy channel sees each offer, answer and candidate as the core receives it.
import { expect } from '@open-wc/testing';
import type { ZegoLocalEngine } from '../../src/index.js';
import type { ClientFrame, SignalData, WireCandidate } from '../../src/shared/protocol.js';
import { Trickle } from '../../src/engine/trickle.js';
import { iceAddress } from './browser.js';
import { nextEvent, secondPage, uniqueRoom, waitFor } from './helpers.js';

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page | undefined;
const engines: ZegoLocalEngine[] = [];
const pcs: RTCPeerConnection[] = [];

const address = (candidate: string) => candidate.split(' ')[4];
const sdpAddresses = (sdp: string) =>
  sdp
    .split('\r\n')
    .filter((l) => l.startsWith('a=candidate:'))
    .map((l) => address(l.slice(2)));

afterEach(() => {
  while (engines.length) engines.pop()!.destroyEngine();
  while (pcs.length) pcs.pop()!.close();
});

after(() => page?.close());

describe('trickle ICE', function () {
  this.timeout(30000);

  it('sends offer and answer at once, then every candidate (loopback only) and end-of-candidates; the play connects', async () => {
    const roomID = uniqueRoom('trickle');
    const signals: SignalData[] = [];
    const spy = new BroadcastChannel('zego-elements:1');
    spy.onmessage = (e: MessageEvent<{ k?: string; f?: ClientFrame }>) => {
      if (e.data?.k === 'c2h' && e.data.f?.t === 'signal' && e.data.f.data.streamID === `${roomID}-cam`) signals.push(e.data.f.data);
    };
    try {
      page ??= await secondPage();
      const publisher = new page.Engine(1, '') as ZegoLocalEngine;
      const player = new page.Engine(1, '') as ZegoLocalEngine;
      engines.push(publisher, player);
      await publisher.loginRoom(roomID, 'local', { userID: 'pub' });
      await player.loginRoom(roomID, 'local', { userID: 'viewer' });
      const stream = await publisher.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
      const publishing = nextEvent(publisher, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
      publisher.startPublishingStream(`${roomID}-cam`, stream);
      await publishing;
      const media = await player.startPlayingStream(`${roomID}-cam`);
      expect(media.getVideoTracks()).to.have.length(1);

      const ended = (role: string) => signals.some((s) => s.kind === 'candidate' && s.role === role && s.candidate === null);
      await waitFor(() => ended('player') && ended('publisher'), 10000, 'end-of-candidates from both sides');
      const kinds = signals.map((s) => (s.kind === 'candidate' ? `${s.role}:${s.candidate ? 'candidate' : 'end'}` : s.kind));
      // the offer went out before the player had gathered everything: it did not wait for gathering
      expect(kinds.indexOf('offer')).to.be.below(kinds.indexOf('player:end'));
      expect(kinds.indexOf('answer')).to.be.below(kinds.indexOf('publisher:end'));
      // a side's candidates never come before its own description
      expect(kinds.indexOf('player:candidate')).to.be.above(kinds.indexOf('offer'));
      expect(kinds.indexOf('publisher:candidate')).to.be.above(kinds.indexOf('answer'));

      const trickled = signals.flatMap((s) => (s.kind === 'candidate' && s.candidate ? [s.candidate.candidate] : []));
      const described = signals.flatMap((s) => (s.kind === 'offer' || s.kind === 'answer' ? sdpAddresses(s.sdp) : []));
      expect(trickled.length, 'candidates trickled').to.be.above(1);
      expect([...new Set([...trickled.map(address), ...described])]).to.deep.equal([iceAddress]);
    } finally {
      spy.close();
    }
  });

  it('keeps candidates that come before the remote description, then connects with them alone', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    pcs.push(a, b);
    const loopback = iceAddress === '127.0.0.1' ? true : iceAddress;
    const fromA: Array<WireCandidate | null> = [];
    const fromB: Array<WireCandidate | null> = [];
    const ta = new Trickle(a, loopback, (c) => fromA.push(c));
    const tb = new Trickle(b, loopback, (c) => fromB.push(c));
    a.createDataChannel('x');
    await a.setLocalDescription(await a.createOffer());
    const offer = a.localDescription!.sdp;
    ta.described();
    await waitFor(() => fromA.includes(null), 10000, "a's gathering");
    // all of a's candidates, and a foreign one the filter must drop, before b has any description
    for (const c of fromA) tb.remote(c);
    tb.remote({ candidate: 'candidate:9 1 udp 2122260223 192.0.2.7 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
    await b.setRemoteDescription({ type: 'offer', sdp: offer.replace(/a=candidate:.*\r\n/g, '') });
    tb.ready();
    await b.setLocalDescription(await b.createAnswer());
    tb.described();
    await a.setRemoteDescription(b.localDescription!);
    ta.ready();
    await waitFor(() => fromB.includes(null), 10000, "b's gathering");
    for (const c of fromB) ta.remote(c);
    await waitFor(() => a.connectionState === 'connected' && b.connectionState === 'connected', 10000, 'connected');
    const remote = (await b.getStats()).values();
    const remoteAddresses = [...remote].filter((r) => r.type === 'remote-candidate').map((r) => r.address as string);
    expect(remoteAddresses).to.not.include('192.0.2.7');
    ta.dispose();
    tb.dispose();
    const sent = fromA.length;
    a.restartIce();
    await a.setLocalDescription(await a.createOffer());
    await new Promise((r) => setTimeout(r, 300));
    expect(fromA.length, 'nothing sent after dispose').to.equal(sent);
  });
});
