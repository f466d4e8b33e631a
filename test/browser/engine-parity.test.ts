// ZEGO's engine methods beyond the call basics, between two pages (this one and a same-origin iframe with its own
// engine class, channels and media): SEI, transparent messages, dual stream and per-player layers, play-side mutes,
// multi-room and switchRoom, real-time sequential data, muteMicrophone, network time, TURN servers, refusals.
import { expect } from '@open-wc/testing';
import { ZegoLocalEngine } from '../../src/index.js';
import { nextEvent, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page;
const engines: ZegoLocalEngine[] = [];
const here = trackLiveObjects(window);

let there: ReturnType<typeof trackLiveObjects>;
before(async () => {
  page = await secondPage();
  // counted from the start: connections made before the first count would be missed
  there = trackLiveObjects(page.win);
});
after(() => page.close());
afterEach(() => {
  for (const zg of engines.splice(0)) zg.destroyEngine();
});

/** An engine in this page (`local`) or the second one (`remote`). */
function engine(where: 'local' | 'remote' = 'local'): ZegoLocalEngine {
  const zg = where === 'local' ? new ZegoLocalEngine(1, '') : (new page.Engine(1, '') as ZegoLocalEngine);
  engines.push(zg);
  return zg;
}

const camera = { camera: { video: { quality: 1 as const }, audio: false } };

/** `a` (this page) publishes its camera as `a-main` in a new room; `b` (the second page) joins it. */
async function call(roomID = uniqueRoom('par')) {
  const a = engine();
  const b = engine('remote');
  await a.loginRoom(roomID, 't', { userID: 'a' }, { userUpdate: true });
  await b.loginRoom(roomID, 't', { userID: 'b' }, { userUpdate: true });
  const local = await a.createZegoStream(camera);
  const publishing = nextEvent(a, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
  a.startPublishingStream('a-main', local);
  await publishing;
  return { roomID, a, b, local };
}

/** Frames decoded so far by the second page's play connection of `streamID`'s video. */
async function framesDecoded(): Promise<{ frames: number; width: number }> {
  const pcs = there.peerConnections();
  let frames = 0;
  let width = 0;
  for (const pc of pcs) {
    const stats = await pc.getStats();
    stats.forEach((s: { type: string; kind?: string; framesDecoded?: number; frameWidth?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        frames += s.framesDecoded ?? 0;
        width = Math.max(width, s.frameWidth ?? 0);
      }
    });
  }
  return { frames, width };
}

describe('ZegoLocalEngine: ZEGO API parity between two pages', function () {
  this.timeout(60000);

  it('sendSEI reaches every player as playerRecvSEI, byte for byte; limits refuse with false', async () => {
    const { a, b } = await call();
    const received: Uint8Array[] = [];
    // [0] primes the channel below; the messages under test never start with 0
    b.on('playerRecvSEI', (streamID, data) => streamID === 'a-main' && data[0] !== 0 && received.push(data));
    await b.startPlayingStream('a-main');
    const payloads = [new Uint8Array([1, 2, 3]), new TextEncoder().encode('lyrics: line 2'), new Uint8Array(4096).fill(7)];
    // the data channel opens with the connection: the first SEI may come before it, so send until one lands
    let primed = false;
    b.on('playerRecvSEI', (_id, data) => data[0] === 0 && (primed = true));
    await waitFor(() => (a.sendSEI('a-main', new Uint8Array([0])), primed), 10000, 'SEI channel open');
    await new Promise((r) => setTimeout(r, 1100)); // the priming messages must not count against the 30/s limit
    for (const p of payloads) expect(a.sendSEI('a-main', p)).to.equal(true);
    await waitFor(() => received.length === 3, 5000, 'three SEI messages');
    expect(received.map((d) => [...d])).to.deep.equal(payloads.map((p) => [...p]));
    expect(a.sendSEI('a-main', new Uint8Array(4097)), 'over 4096 bytes').to.equal(false);
    expect(a.sendSEI('nobody', new Uint8Array(1)), 'not published').to.equal(false);
  });

  it('sendTransparentMessage: to everyone else, or to listed users only, as recvRoomTransparentMessage', async () => {
    const { roomID, a, b } = await call();
    const c = engine();
    await c.loginRoom(roomID, 't', { userID: 'c' });
    const atB = recordEvents(b, ['recvRoomTransparentMessage']);
    const atC = recordEvents(c, ['recvRoomTransparentMessage']);
    const content = new Uint8Array([9, 8, 7, 255]);
    const toAll = await a.sendTransparentMessage(roomID, { sendMode: 0, sendType: 0, content, recvUserList: [] });
    expect(toAll.errorCode).to.equal(0);
    await a.sendTransparentMessage(roomID, {
      sendMode: 0,
      sendType: 0,
      content: new Uint8Array([1]),
      recvUserList: [{ userID: 'c', userName: '' }],
    });
    await waitFor(() => atB.length === 1 && atC.length === 2, 5000, 'transparent messages');
    const [id, message] = atB[0].args as [string, { sendUser: { userID: string }; content: Uint8Array }];
    expect(id).to.equal(roomID);
    expect(message.sendUser.userID).to.equal('a');
    expect([...message.content]).to.deep.equal([9, 8, 7, 255]);
    // the listed-users message never reached b
    await new Promise((r) => setTimeout(r, 300));
    expect(atB).to.have.length(1);
    const refused = await a.sendTransparentMessage(roomID, { sendMode: 1, sendType: 0, content, recvUserList: [] }).catch((e) => e);
    expect(refused.errorCode).to.equal(1101003);
  });

  it('dual stream: each player picks its layer; switching layers keeps the same connection', async () => {
    const { roomID, a, local } = await call();
    a.enableDualStream(local);
    a.setLowStreamParameter(local, { width: 160, height: 120, frameRate: 10, bitRate: 100 });
    const low = engine('remote');
    await low.loginRoom(roomID, 't', { userID: 'low' });
    const states = recordEvents(low, ['playerStateUpdate']);
    await low.startPlayingStream('a-main', { streamType: 0 });
    let seen = 0;
    const poll = () => void framesDecoded().then((r) => (seen = r.width));
    await waitFor(() => (poll(), seen > 0 && seen <= 160), 15000, 'low layer at 160 px');
    const pcs = there.peerConnections();
    expect(pcs, 'the play connections seen').to.have.length.above(0);
    expect(await low.setPlayStreamVideoType('a-main', 1)).to.equal(true);
    await waitFor(() => (poll(), seen === 320), 15000, 'high layer at 320 px');
    // the same objects (a deep equal would take any two connections as equal: they have no own properties)
    expect(there.peerConnections(), 'no new connection').to.have.ordered.members(pcs);
    expect(states.filter((s) => (s.args[0] as { state: string }).state === 'PLAY_REQUESTING')).to.have.length(1);
  });

  it('mutePlayStreamVideo stops receiving the video (no frames arrive) and unmuting brings it back', async () => {
    const { b } = await call();
    await b.startPlayingStream('a-main');
    let frames = 0;
    const sample = async () => (frames = (await framesDecoded()).frames);
    await waitFor(() => (void sample(), frames > 10), 10000, 'frames arriving');
    expect(await b.mutePlayStreamVideo('a-main', true)).to.equal(true);
    await new Promise((r) => setTimeout(r, 600));
    const stopped = (await framesDecoded()).frames;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await framesDecoded()).frames - stopped, 'frames while muted').to.be.at.most(1);
    expect(await b.mutePlayStreamVideo('a-main', false)).to.equal(true);
    await waitFor(() => (void sample(), frames > stopped + 5), 10000, 'frames again');
  });

  it('multi-room: one user in two rooms publishes in one, plays from the other; leaving one room keeps the other', async () => {
    const r1 = uniqueRoom('m1');
    const r2 = uniqueRoom('m2');
    const a = engine();
    expect(a.enableMultiRoom(true)).to.equal(true);
    await a.loginRoom(r1, 't', { userID: 'a' });
    await a.loginRoom(r2, 't', { userID: 'a' });
    const other = await a.loginRoom(uniqueRoom('m3'), 't', { userID: 'not-a' }).catch((e) => e);
    expect(other.code, 'another user').to.equal(1002018);
    expect(a.enableMultiRoom(false), 'only before the first login').to.equal(false);

    const b = engine('remote');
    await b.loginRoom(r2, 't', { userID: 'b' });
    const bStream = await b.createZegoStream(camera);
    b.startPublishingStream('b-r2', bStream);
    const inR1 = engine('remote');
    await inR1.loginRoom(r1, 't', { userID: 'c' });
    const added = nextEvent(inR1, 'roomStreamUpdate', (_r, t, list) => t === 'ADD' && list[0].streamID === 'a-r1');
    const local = await a.createZegoStream(camera);
    a.startPublishingStream('a-r1', local, { roomID: r1 });
    await added;

    const played = await a.startPlayingStream('b-r2');
    expect(played.getVideoTracks()).to.have.length(1);
    const ended = nextEvent(a, 'playerStateUpdate', (s) => s.streamID === 'b-r2' && s.state === 'NO_PLAY');
    const logout = nextEvent(a, 'roomStateChanged', (id, reason) => id === r2 && reason === 'LOGOUT');
    a.logoutRoom(r2);
    await Promise.all([ended, logout]);
    // r1 goes on: a still publishes there, c still plays it
    const playing = await inR1.startPlayingStream('a-r1');
    expect(playing.getVideoTracks()).to.have.length(1);
    expect((await a.sendBroadcastMessage(r1, 'still here')).errorCode).to.equal(0);
    const wrong = await a.sendBroadcastMessage(r2, 'gone').catch((e) => e);
    expect(wrong.errorCode).to.equal(1009005);
  });

  it('single-room mode refuses a second room (1002001); switchRoom moves the user to the other room', async () => {
    const r1 = uniqueRoom('s1');
    const r2 = uniqueRoom('s2');
    const a = engine();
    await a.loginRoom(r1, 't', { userID: 'a' });
    const second = await a.loginRoom(r2, 't', { userID: 'a' }).catch((e) => e);
    expect(second.code).to.equal(1002001);
    const b = engine('remote');
    await b.loginRoom(r2, 't', { userID: 'b' }, { userUpdate: true });
    const joined = nextEvent(b, 'roomUserUpdate', (_r, t, list) => t === 'ADD' && list[0].userID === 'a');
    const states = recordEvents(a, ['roomStateChanged']);
    expect(await a.switchRoom(r1, r2, { token: 't' })).to.equal(true);
    await joined;
    expect(states.map((s) => `${s.args[0] === r1 ? 'r1' : 'r2'}:${s.args[1]}`)).to.deep.equal(['r1:LOGOUT', 'r2:LOGINING', 'r2:LOGINED']);
  });

  it('real-time sequential data: a subscriber in the other page gets every buffer, in order; the stream is never listed', async () => {
    const roomID = uniqueRoom('rt');
    const a = engine();
    const b = engine('remote');
    await a.loginRoom(roomID, 't', { userID: 'a' });
    await b.loginRoom(roomID, 't', { userID: 'b' });
    const listed = recordEvents(b, ['roomStreamUpdate']);
    const sender = a.createRealTimeSequentialDataManager(roomID);
    const receiver = b.createRealTimeSequentialDataManager(roomID);
    const got: number[][] = [];
    let primed = false;
    receiver.on('receiveRealTimeSequentialData', (data, length, streamID) => {
      if (streamID === 'ctrl' && new Uint8Array(data)[0] !== 0) got.push([...new Uint8Array(data)].concat(length));
      else primed = true;
    });
    expect(await sender.startBroadcasting('ctrl')).to.equal(true);
    expect(await receiver.startSubscribing('ctrl')).to.equal(true);
    await waitFor(() => (sender.sendRealTimeSequentialData('ctrl', new Uint8Array([0]).buffer), primed), 10000, 'channel open');
    for (let i = 1; i <= 20; i++) expect(sender.sendRealTimeSequentialData('ctrl', new Uint8Array([i, i * 2]).buffer)).to.equal(true);
    await waitFor(() => got.length === 20, 5000, 'twenty buffers');
    expect(got).to.deep.equal(Array.from({ length: 20 }, (_, k) => [k + 1, (k + 1) * 2, 2]));
    expect(listed, 'a data stream is not a room stream').to.have.length(0);
    expect(receiver.stopSubscribing('ctrl')).to.equal(true);
    expect(sender.stopBroadcasting('ctrl')).to.equal(true);
    a.destroyRealTimeSequentialDataManager(sender);
  });

  it('muteMicrophone: players hear nothing and see MUTE; isMicrophoneMuted tells; unmute opens again', async () => {
    const roomID = uniqueRoom('mic');
    const a = engine();
    const b = engine('remote');
    await a.loginRoom(roomID, 't', { userID: 'a' });
    await b.loginRoom(roomID, 't', { userID: 'b' });
    const local = await a.createZegoStream({ camera: { video: false, audio: true } });
    a.startPublishingStream('a-mic', local);
    await nextEvent(b, 'roomStreamUpdate', (_r, t) => t === 'ADD');
    await b.startPlayingStream('a-mic');
    const muted = nextEvent(b, 'remoteMicStatusUpdate', (id, status) => id === 'a-mic' && status === 'MUTE');
    expect(a.muteMicrophone(true)).to.equal(true);
    expect(a.isMicrophoneMuted()).to.equal(true);
    await muted;
    const open = nextEvent(b, 'remoteMicStatusUpdate', (id, status) => id === 'a-mic' && status === 'OPEN');
    a.muteMicrophone(false);
    await open;
  });

  it('a stream without a microphone is MUTE to its players, and OPEN once a microphone track is added', async () => {
    const { a, b, local } = await call();
    const first = nextEvent(b, 'remoteMicStatusUpdate', (id) => id === 'a-main');
    await b.startPlayingStream('a-main');
    expect((await first)[1]).to.equal('MUTE');
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const open = nextEvent(b, 'remoteMicStatusUpdate', (id, status) => id === 'a-main' && status === 'OPEN');
    await a.addTrack(local.stream!, mic.getAudioTracks()[0]);
    await open;
  });

  it('getNetworkTimeInfo follows the core clock; setTurnServer reaches new connections; getVersion', async () => {
    const { a, b } = await call();
    expect(a.getVersion()).to.match(/^3\.12\.0/);
    expect(ZegoLocalEngine.version).to.equal(a.getVersion());
    await waitFor(() => a.getNetworkTimeInfo().timestamp > 0, 5000, 'clock synchronised');
    const { timestamp, maxDeviation } = a.getNetworkTimeInfo();
    expect(Math.abs(timestamp - Date.now())).to.be.below(1000);
    expect(maxDeviation).to.be.at.least(0);
    b.setTurnServer([{ url: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }]);
    await b.startPlayingStream('a-main');
    const pc = there.peerConnections().at(-1)!;
    expect(pc.getConfiguration().iceServers?.map((s) => [[s.urls].flat()[0], s.username])).to.deep.include(['turn:127.0.0.1:3478', 'u']);
    expect(here.livePeerConnections()).to.be.at.least(1);
  });

  it('what only ZEGO’s cloud can do refuses with 1101003 and says so', async () => {
    const a = engine();
    const mixer = await a.startMixerTask({} as never).catch((e) => e);
    expect(mixer.errorCode).to.equal(1101003);
    expect(mixer.extendedData).to.match(/startMixerTask: stream mixing needs ZEGO's cloud/);
    const music = await a
      .createCopyrightedMusic()
      .initCopyrightedMusic({} as never)
      .catch((e) => e);
    expect(music.errorCode).to.equal(1101003);
    expect(await a.setVirtualBackgroundOptions(new MediaStream(), {} as never)).to.equal(false);
    const cdn = await a.addPublishCdnUrl('s', 'rtmp://x').catch((e) => e);
    expect(cdn.errorCode).to.equal(1101003);
  });
});
