import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import { devToken, nextEvent, pictureChange, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

const SECRET = 'fa94dd0f974cf2e293728a526b028271';

interface Started {
  wsUrl: string;
  url: string;
}
const server = (name: string, options: Record<string, unknown> = {}) =>
  executeServerCommand('room-server', { action: 'start', name, options }) as Promise<Started>;
const token = (userID: string, opts: { roomID?: string; publish?: boolean; ttl?: number; secret?: string; ageSeconds?: number } = {}) =>
  (
    executeServerCommand('room-server', {
      action: 'token',
      token: {
        appID: 1,
        userID,
        secret: opts.secret ?? SECRET,
        ttl: opts.ttl ?? 3600,
        roomID: opts.roomID,
        publish: opts.publish,
        ageSeconds: opts.ageSeconds,
      },
    }) as Promise<{ token: string }>
  ).then((r) => r.token);

const engines: ZegoLocalEngine[] = [];
function engine(server: string) {
  const zg = new ZegoLocalEngine(1, server);
  engines.push(zg);
  return zg;
}
afterEach(() => {
  for (const zg of engines.splice(0)) zg.destroyEngine();
});

const camera = { camera: { video: { quality: 1 as const }, audio: true } };

/** `a` publishes its camera as `streamID` in a new room and `b` plays it. */
async function cameraCall(streamID: string) {
  const room = uniqueRoom();
  const a = engine('');
  const b = engine('');
  await a.loginRoom(room, 't', { userID: 'a' });
  await b.loginRoom(room, 't', { userID: 'b' });
  const local = await a.createZegoStream(camera);
  a.startPublishingStream(streamID, local);
  await nextEvent(b, 'roomStreamUpdate', (_r, t) => t === 'ADD');
  return { a, b, local, remote: await b.startPlayingStream(streamID) };
}

describe('ZegoLocalEngine: room events', () => {
  it('sends user, stream, extra-info, count and message events with the SDK shapes', async () => {
    const room = uniqueRoom();
    const a = engine('');
    const b = engine('');
    await a.loginRoom(room, 't', { userID: 'a', userName: 'A' }, { userUpdate: true });
    const local = await a.createZegoStream(camera);
    a.startPublishingStream('a-1', local, { extraInfo: 'first' });
    await nextEvent(a, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    await a.setRoomExtraInfo(room, 'topic', 'cats');

    const log = recordEvents(b, [
      'roomUserUpdate',
      'roomStreamUpdate',
      'streamExtraInfoUpdate',
      'roomExtraInfoUpdate',
      'roomOnlineUserCountUpdate',
    ]);
    await b.loginRoom(room, 't', { userID: 'b', userName: 'B' }, { userUpdate: true });
    const names = log.map((e) => e.name);
    expect(names).to.include.members([
      'roomUserUpdate',
      'roomStreamUpdate',
      'streamExtraInfoUpdate',
      'roomExtraInfoUpdate',
      'roomOnlineUserCountUpdate',
    ]);
    const users = log.find((e) => e.name === 'roomUserUpdate')!.args;
    expect(users).to.deep.equal([room, 'ADD', [{ userID: 'a', userName: 'A' }]]);
    const streams = log.find((e) => e.name === 'roomStreamUpdate')!.args as [
      string,
      string,
      { streamID: string; extraInfo: string }[],
      string,
    ];
    expect(streams[1]).to.equal('ADD');
    expect(streams[2].map((s) => [s.streamID, s.extraInfo])).to.deep.equal([['a-1', 'first']]);
    const extra = log.find((e) => e.name === 'roomExtraInfoUpdate')!.args as [string, { key: string; value: string }[]];
    expect(extra[1][0]).to.include({ key: 'topic', value: 'cats' });
    expect(log.find((e) => e.name === 'roomOnlineUserCountUpdate')!.args).to.deep.equal([room, 2]);

    const extraChanged = nextEvent(b, 'streamExtraInfoUpdate');
    await a.setStreamExtraInfo('a-1', 'second');
    expect((await extraChanged)[1][0]).to.include({ streamID: 'a-1', extraInfo: 'second' });

    const barrage = nextEvent(b, 'IMRecvBarrageMessage');
    await a.sendBarrageMessage(room, 'wow');
    expect((await barrage)[1][0]).to.include({ message: 'wow' });
    const command = nextEvent(b, 'IMRecvCustomCommand');
    await a.sendCustomCommand(room, '{"raise":true}', ['b']);
    const [, from, text] = await command;
    expect(from.userID).to.equal('a');
    expect(text).to.equal('{"raise":true}');

    const left = nextEvent(b, 'roomUserUpdate', (_r, type) => type === 'DELETE');
    const streamGone = nextEvent(b, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    a.logoutRoom(room);
    expect((await left)[2][0].userID).to.equal('a');
    expect((await streamGone)[2][0].streamID).to.equal('a-1');
  });

  it('refuses bad messages, extra info and duplicate stream IDs with the SDK codes', async () => {
    const room = uniqueRoom();
    const a = engine('');
    const b = engine('');
    await a.loginRoom(room, 't', { userID: 'a' });
    await b.loginRoom(room, 't', { userID: 'b' });
    expect((await a.sendBroadcastMessage(room, '').catch((e) => e)).errorCode).to.equal(1009001);
    expect((await a.sendBroadcastMessage(room, 'x'.repeat(1025)).catch((e) => e)).errorCode).to.equal(1009002);
    expect((await a.sendBroadcastMessage(room, '好'.repeat(342)).catch((e) => e)).errorCode).to.equal(1009002);
    expect((await a.setRoomExtraInfo(room, 'k'.repeat(11), 'v').catch((e) => e)).errorCode).to.equal(1002015);
    expect((await a.setRoomExtraInfo(room, 'k', 'v'.repeat(101)).catch((e) => e)).errorCode).to.equal(1002016);
    const flood = await Promise.all([1, 2, 3, 4].map((i) => a.sendBroadcastMessage(room, `m${i}`).catch((e) => e)));
    expect(flood.map((r) => r.errorCode)).to.include(1009015);

    const sa = await a.createZegoStream({ camera: { video: { quality: 1 } } });
    const sb = await b.createZegoStream({ camera: { video: { quality: 1 } } });
    a.startPublishingStream('same', sa);
    await nextEvent(a, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    const refused = nextEvent(b, 'publisherStateUpdate', (r) => r.state === 'NO_PUBLISH');
    b.startPublishingStream('same', sb);
    expect((await refused)[0].errorCode).to.equal(1003028);
  });

  it('kicks the older session out when the same user logs in again (1002050)', async () => {
    const room = uniqueRoom();
    const older = engine('');
    const newer = engine('');
    const watcher = engine('');
    await older.loginRoom(room, 't', { userID: 'same' });
    await watcher.loginRoom(room, 't', { userID: 'w' });
    const local = await older.createZegoStream({ camera: { video: { quality: 1 } } });
    older.startPublishingStream('older-cam', local);
    await nextEvent(watcher, 'roomStreamUpdate', (_r, t) => t === 'ADD');
    const kicked = nextEvent(older, 'roomStateChanged', (_r, reason) => reason === 'KICKOUT');
    const deleted = nextEvent(watcher, 'roomStreamUpdate', (_r, t) => t === 'DELETE');
    await newer.loginRoom(room, 't', { userID: 'same' });
    expect((await kicked)[2]).to.equal(1002050);
    expect(JSON.parse((await deleted)[3]).stream_delete_reason[0].code).to.equal(3);
    const bye = recordEvents(older, ['roomStateChanged']);
    expect(() => older.startPublishingStream('again', local))
      .to.throw()
      .that.deep.includes({ errorCode: 1000002 });
    expect(bye).to.have.length(0);
  });

  it('plays at the right quality, reports quality, sound levels and camera status', async () => {
    const room = uniqueRoom();
    const a = engine('');
    const b = engine('');
    await a.loginRoom(room, 't', { userID: 'a' });
    await b.loginRoom(room, 't', { userID: 'b' });
    const local = await a.createZegoStream(camera);
    expect(local.stream!.getVideoTracks()[0].getSettings()).to.include({ width: 320, height: 240 });
    a.startPublishingStream('a-q', local);
    await nextEvent(b, 'roomStreamUpdate', (_r, t) => t === 'ADD');
    b.setSoundLevelDelegate(true, 200);
    a.setSoundLevelDelegate(true, 200);
    const videoTrack = nextEvent(b, 'playerVideoTrackUpdate', (id) => id === 'a-q');
    const audioTrack = nextEvent(b, 'playerAudioTrackUpdate', (id) => id === 'a-q');
    const remote = await b.startPlayingStream('a-q');
    expect((await videoTrack)[1]).to.equal(remote.getVideoTracks()[0]);
    expect((await audioTrack)[1]).to.equal(remote.getAudioTracks()[0]);
    const [captured] = await nextEvent(a, 'capturedSoundLevelUpdate', (level) => level > 0);
    expect(captured).to.be.within(0, 100);
    const [, playStats] = await nextEvent(b, 'playQualityUpdate', (_id, s) => s.video.videoFPS > 0);
    expect(playStats.video.frameWidth).to.equal(320);
    const [, pubStats] = await nextEvent(a, 'publishQualityUpdate', (_id, s) => s.video.videoBitrate > 0);
    expect(pubStats.video.videoFPS).to.be.greaterThan(0);
    const [levels] = await nextEvent(b, 'soundLevelUpdate', (list) =>
      list.some((l) => l.streamID === 'a-q' && l.type === 'pull' && l.soundLevel > 0),
    );
    expect(levels.find((l) => l.streamID === 'a-q')!.soundLevel).to.be.within(0, 100);
    const opened = nextEvent(b, 'remoteMicStatusUpdate', (id, s) => id === 'a-q' && s === 'MUTE');
    a.mutePublishStreamAudio(local, true);
    await opened;
    const back = nextEvent(b, 'remoteCameraStatusUpdate', (id, s) => id === 'a-q' && s === 'OPEN');
    a.mutePublishStreamVideo(local, true);
    await nextEvent(b, 'remoteCameraStatusUpdate', (id, s) => id === 'a-q' && s === 'MUTE');
    a.mutePublishStreamVideo(local, false);
    await back;
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
  });

  it('enableVideoCaptureDevice stops the camera (players see MUTE) and captures it again (OPEN, picture moves)', async () => {
    const { a, b, local, remote } = await cameraCall('a-cam');
    const before = local.stream!.getVideoTracks()[0];
    const deviceId = before.getSettings().deviceId;

    const muted = nextEvent(b, 'remoteCameraStatusUpdate', (id, s) => id === 'a-cam' && s === 'MUTE');
    expect(await a.enableVideoCaptureDevice(local, false)).to.equal(true);
    expect(before.readyState, 'the camera track ended: its light is off').to.equal('ended');
    expect(local.stream!.getVideoTracks()).to.have.length(0);
    await muted;
    expect(await a.enableVideoCaptureDevice(local, false), 'already off').to.equal(true);

    const opened = nextEvent(b, 'remoteCameraStatusUpdate', (id, s) => id === 'a-cam' && s === 'OPEN');
    expect(await a.enableVideoCaptureDevice(local, true)).to.equal(true);
    const after = local.stream!.getVideoTracks()[0];
    expect(after.readyState).to.equal('live');
    expect(after.getSettings().deviceId, 'the same camera').to.equal(deviceId);
    expect(after.getSettings()).to.include({ width: 320, height: 240 });
    await opened;
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);

    // off while muted: players keep seeing MUTE when the camera comes back, until unmuted
    const log = recordEvents(b, ['remoteCameraStatusUpdate']);
    const statuses = () => log.filter((e) => e.args[0] === 'a-cam').map((e) => e.args[1]);
    a.mutePublishStreamVideo(local, true);
    await a.enableVideoCaptureDevice(local, false);
    await a.enableVideoCaptureDevice(local, true);
    a.mutePublishStreamVideo(local, false);
    await waitFor(() => statuses().includes('OPEN'), 5000, 'OPEN after unmute');
    expect(statuses()).to.deep.equal(['MUTE', 'OPEN']);

    a.destroyStream(local);
    expect(await a.enableVideoCaptureDevice(local, true), 'destroyed stream').to.equal(false);
    expect(await a.enableVideoCaptureDevice(new MediaStream(), false), 'not a stream of this engine').to.equal(false);
  });

  it('switches the camera on a live call without renegotiation', async () => {
    const { a, local, remote } = await cameraCall('a-dev');
    const before = local.stream!.getVideoTracks()[0];
    const cameras = await a.getCameras();
    expect(cameras.length).to.be.greaterThan(0);
    const result = await a.useVideoDevice(local, cameras[cameras.length - 1].deviceID);
    expect(result.errorCode).to.equal(0);
    expect(before.readyState).to.equal('ended');
    expect(local.stream!.getVideoTracks()[0]).to.not.equal(before);
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
    const bad = await a.useVideoDevice(local, 'no-such-camera');
    expect(bad.errorCode).to.not.equal(0);
  });
});

describe('ZegoLocalEngine: peers that vanish and servers that restart', () => {
  it('drops a peer that vanished without a goodbye within 10 s', async () => {
    const { wsUrl } = await server('vanish');
    const room = uniqueRoom();
    const page = await secondPage();
    const a = engine(wsUrl);
    const ghost = new page.Engine(1, wsUrl);
    await a.loginRoom(room, await devToken(wsUrl, 'a', room), { userID: 'a' }, { userUpdate: true });
    await ghost.loginRoom(room, await devToken(wsUrl, 'ghost', room), { userID: 'ghost' });
    // the ghost's page freezes: nothing more leaves it (not even a reconnection), and it never says goodbye
    page.win.WebSocket.prototype.send = () => {};
    const started = Date.now();
    await nextEvent(a, 'roomUserUpdate', (_r, t, list) => t === 'DELETE' && list[0].userID === 'ghost', 12000);
    expect(Date.now() - started).to.be.below(10000);
    ghost.destroyEngine();
    page.close();
  });

  it('BroadcastChannel: another tab takes the room over when the hosting tab closes', async () => {
    // an appID of its own, so the second page is surely the first to ask for the hub lock
    const appID = 5000 + Math.floor(Math.random() * 100000);
    const room = uniqueRoom();
    const page = await secondPage();
    const host = new page.Engine(appID, '');
    await host.loginRoom(room, 't', { userID: 'host' }, { userUpdate: true });
    const b = new ZegoLocalEngine(appID, '');
    engines.push(b);
    await b.loginRoom(room, 't', { userID: 'b' }, { userUpdate: true });
    const local = await b.createZegoStream({ camera: { video: { quality: 1 } } });
    const publishing = nextEvent(b, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    b.startPublishingStream('b-cam', local);
    await publishing;
    const bStates = recordEvents(b, ['roomStateChanged']);
    const hostGone = nextEvent(b, 'roomUserUpdate', (_r, t, list) => t === 'DELETE' && list[0].userID === 'host');
    page.close(); // the hosting tab goes away without logging out
    await hostGone;
    const c = new ZegoLocalEngine(appID, '');
    engines.push(c);
    const seen = nextEvent(c, 'roomStreamUpdate', (_r, t, list) => t === 'ADD' && list[0].streamID === 'b-cam');
    await c.loginRoom(room, 't', { userID: 'c' }, { userUpdate: true });
    await seen;
    expect(bStates, 'the hand-over is shorter than the RECONNECTING hold').to.have.length(0);
  });

  it('survives a room server restart: RECONNECTING, RECONNECTED, video flowing, queued message delivered', async () => {
    // a fixed secret: tokens stay valid across the restart, as with `zego-elements serve --secret`
    await server('restart', { secret: SECRET, appID: 1, dev: true });
    const { wsUrl } = (await executeServerCommand('room-server', { action: 'restart', name: 'restart' })) as Started;
    const room = uniqueRoom();
    const a = engine(wsUrl);
    const b = engine(wsUrl);
    const live = trackLiveObjects();
    const tok = (u: string) => devToken(wsUrl, u, room);
    await a.loginRoom(room, await tok('a'), { userID: 'a' }, { userUpdate: true });
    await b.loginRoom(room, await tok('b'), { userID: 'b' }, { userUpdate: true });
    const local = await a.createZegoStream(camera);
    a.startPublishingStream('a-live', local);
    await nextEvent(b, 'roomStreamUpdate', (_r, t) => t === 'ADD');
    const remote = await b.startPlayingStream('a-live');

    const aStates = recordEvents(a, ['roomStateChanged']);
    const bStates = recordEvents(b, ['roomStateChanged']);
    const bBack = nextEvent(b, 'roomStateChanged', (_r, reason) => reason === 'RECONNECTED', 20000);
    const aBack = nextEvent(a, 'roomStateChanged', (_r, reason) => reason === 'RECONNECTED', 20000);
    const restarted = executeServerCommand('room-server', { action: 'restart', name: 'restart', downMs: 2500 });
    await nextEvent(a, 'roomStateChanged', (_r, reason) => reason === 'RECONNECTING', 10000);
    // media is peer to peer: it keeps flowing while signalling is down
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);
    const received = nextEvent(b, 'IMRecvBroadcastMessage', undefined, 20000);
    const sent = a.sendBroadcastMessage(room, 'sent while down');
    await restarted;
    await Promise.all([aBack, bBack]);
    expect((await sent).errorCode).to.equal(0);
    expect((await received)[1][0].message).to.equal('sent while down');
    expect(aStates.map((e) => e.args[1])).to.deep.equal(['RECONNECTING', 'RECONNECTED']);
    expect(bStates.map((e) => e.args[1])).to.deep.equal(['RECONNECTING', 'RECONNECTED']);
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);

    // the rebuilt room still works: a new stream after reconnection reaches the other side
    const second = await a.createZegoStream({ camera: { video: { quality: 1 } } });
    const added = nextEvent(b, 'roomStreamUpdate', (_r, t, list) => t === 'ADD' && list[0].streamID === 'a-second');
    a.startPublishingStream('a-second', second);
    await added;
    a.destroyEngine();
    b.destroyEngine();
    await waitFor(() => live.livePeerConnections() === 0, 5000, 'connections closed');
  });

  it('reports RECONNECT_FAILED when the server never returns', async () => {
    const { wsUrl } = await server('gone');
    const a = engine(wsUrl);
    a.setEngineConfig({ roomRetryTime: 3 });
    const room = uniqueRoom();
    await a.loginRoom(room, await devToken(wsUrl, 'a', room), { userID: 'a' });
    const failed = nextEvent(a, 'roomStateChanged', (_r, reason) => reason === 'RECONNECT_FAILED', 15000);
    await executeServerCommand('room-server', { action: 'stop', name: 'gone' });
    expect((await failed)[2]).to.equal(1002053);
  });
});

describe('ZegoLocalEngine: tokens against a room server with a secret', () => {
  it('accepts a valid token and refuses expired, wrong-user, wrong-room, forged and wrong-secret ones', async () => {
    const { wsUrl } = await server('secret', { secret: SECRET, appID: 1 });
    const room = uniqueRoom();
    const login = async (tok: string, userID = 'u') => {
      const zg = engine(wsUrl);
      return zg.loginRoom(room, tok, { userID }).then(
        () => 0,
        (e) => e.code,
      );
    };
    expect(await login(await token('u', { roomID: room }))).to.equal(0);
    expect(await login(await token('u', { roomID: room, ttl: 60, ageSeconds: 120 }))).to.equal(1102018);
    expect(await login(await token('other', { roomID: room }), 'u2')).to.equal(1002077);
    expect(await login(await token('u3', { roomID: 'another-room' }), 'u3')).to.equal(1102016);
    const good = await token('u4', { roomID: room });
    const forged = good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41);
    expect(await login(forged, 'u4')).to.equal(1102016);
    expect(await login(await token('u5', { roomID: room, secret: 'x'.repeat(32) }), 'u5')).to.equal(1102016);
  });

  it('refuses to publish without the publish privilege (1002082)', async () => {
    const { wsUrl } = await server('secret2', { secret: SECRET, appID: 1 });
    const room = uniqueRoom();
    const zg = engine(wsUrl);
    await zg.loginRoom(room, await token('viewer', { roomID: room, publish: false }), { userID: 'viewer' });
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 } } });
    const refused = nextEvent(zg, 'publisherStateUpdate', (r) => r.state === 'NO_PUBLISH');
    zg.startPublishingStream('viewer-cam', local);
    expect((await refused)[0].errorCode).to.equal(1002082);
  });

  it('fires tokenWillExpire 30 s before expiry and accepts renewToken', async () => {
    const { wsUrl } = await server('renew', { secret: SECRET, appID: 1 });
    const room = uniqueRoom();
    const zg = engine(wsUrl);
    const expiring = nextEvent(zg, 'tokenWillExpire', undefined, 5000);
    await zg.loginRoom(room, await token('r', { roomID: room, ttl: 31 }), { userID: 'r' });
    expect((await expiring)[0]).to.equal(room);
    expect(zg.renewToken(await token('r', { roomID: room, ttl: 3600 }))).to.equal(true);
    expect(zg.renewToken('')).to.equal(false);
  });
});
