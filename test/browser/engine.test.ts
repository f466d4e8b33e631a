import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import { devToken, nextEvent, pictureChange, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

async function quickStart(server: string) {
  const page = await secondPage();
  const liveA = trackLiveObjects();
  const liveB = trackLiveObjects(page.win);
  const roomID = uniqueRoom();
  const a = new ZegoLocalEngine(1, server);
  const b = new page.Engine(1, server);
  try {
    const aLog = recordEvents(a, ['roomStateChanged', 'roomStateUpdate', 'publisherStateUpdate']);
    expect(
      await a.loginRoom(roomID, await devToken(server, 'alice', roomID), { userID: 'alice', userName: 'Alice' }, { userUpdate: true }),
    ).to.equal(true);
    expect(aLog.map((e) => e.args[1])).to.deep.equal(['LOGINING', 'CONNECTING', 'LOGINED', 'CONNECTED']);

    const bobJoined = nextEvent(a, 'roomUserUpdate', (_r, type, list) => type === 'ADD' && list[0].userID === 'bob');
    await b.loginRoom(roomID, await devToken(server, 'bob', roomID), { userID: 'bob', userName: 'Bob' }, { userUpdate: true });
    await bobJoined;

    const local = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
    const added = nextEvent(b, 'roomStreamUpdate', (_r, type) => type === 'ADD');
    const publishing = nextEvent(a, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
    expect(a.startPublishingStream('alice-main', local, { extraInfo: '{"seat":1}' })).to.equal(true);
    await publishing;
    const [, , list] = await added;
    expect(list.map((s) => [s.streamID, s.user.userID, s.extraInfo])).to.deep.equal([['alice-main', 'alice', '{"seat":1}']]);

    const playing = nextEvent(b, 'playerStateUpdate', (r) => r.state === 'PLAYING');
    const remote = await b.startPlayingStream('alice-main');
    await playing;
    expect(remote.getVideoTracks()).to.have.length(1);
    expect(await pictureChange(remote)).to.be.greaterThan(0.01);

    const message = nextEvent(b, 'IMRecvBroadcastMessage');
    const sent = await a.sendBroadcastMessage(roomID, 'hello <b>bob</b>');
    expect(sent.errorCode).to.equal(0);
    const [, chat] = await message;
    expect(chat[0].message).to.equal('hello <b>bob</b>');
    expect(chat[0].fromUser.userID).to.equal('alice');

    const muted = nextEvent(b, 'remoteCameraStatusUpdate', (id, status) => id === 'alice-main' && status === 'MUTE');
    expect(a.mutePublishStreamVideo(local, true)).to.equal(true);
    await muted;

    const deleted = nextEvent(b, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    a.stopPublishingStream('alice-main');
    const [, , gone, extended] = await deleted;
    expect(gone[0].streamID).to.equal('alice-main');
    expect(JSON.parse(extended).stream_delete_reason[0]).to.include({ stream_id: 'alice-main', code: 1 });
    b.stopPlayingStream('alice-main');

    a.destroyStream(local);
    a.logoutRoom(roomID);
    b.logoutRoom(roomID);
  } finally {
    a.destroyEngine();
    b.destroyEngine();
  }
  await waitFor(() => liveA.livePeerConnections() + liveB.livePeerConnections() === 0, 5000, 'peer connections to close');
  expect(liveA.liveTracks() + liveB.liveTracks()).to.equal(0);
  page.close();
}

describe('ZegoLocalEngine: quick-start flow in two pages', () => {
  it('works over BroadcastChannel', async () => {
    await quickStart('');
  });

  it('works over the room server', async () => {
    const { wsUrl } = (await executeServerCommand('room-server', { action: 'start' })) as { wsUrl: string };
    await quickStart(wsUrl);
  });
});

describe('ZegoLocalEngine: construction and validation', () => {
  it('refuses a bad appID or server with a clear error', () => {
    for (const bad of [0, -1, 1.5, NaN, '1' as unknown as number]) {
      expect(() => new ZegoLocalEngine(bad, '')).to.throw(TypeError, /appID must be a positive integer/);
    }
    expect(() => new ZegoLocalEngine(1, 'http://x')).to.throw(TypeError, /server/);
  });

  it('rejects bad login input with the SDK codes, after LOGINING', async () => {
    const zg = new ZegoLocalEngine(1, '');
    const cases: [string, string, string, number][] = [
      ['', 't', 'u', 1002011],
      ['bad room', 't', 'u', 1002012],
      ['r'.repeat(129), 't', 'u', 1002013],
      ['r', 't', '', 1002005],
      ['r', 't', 'bad user', 1002006],
      ['r', 't', 'u'.repeat(65), 1002007],
      ['r', '', 'u', 1100001],
    ];
    try {
      for (const [room, token, user, code] of cases) {
        const log = recordEvents(zg, ['roomStateChanged']);
        const err = await zg.loginRoom(room, token, { userID: user }).catch((e) => e);
        expect(err, `${room}/${user}`).to.deep.include({ code });
        expect(typeof err.msg).to.equal('string');
        expect(log.map((e) => e.args[1])).to.deep.equal(['LOGINING', 'LOGIN_FAILED']);
        zg.off('roomStateChanged');
      }
      const longName = await zg.loginRoom('r', 't', { userID: 'u', userName: 'n'.repeat(257) }).catch((e) => e);
      expect(longName.code).to.equal(1002010);
    } finally {
      zg.destroyEngine();
    }
  });

  it('throws or rejects before login as the SDK does', async () => {
    const zg = new ZegoLocalEngine(1, '');
    try {
      const local = await zg.createZegoStream({ camera: { video: { quality: 1 } } });
      expect(() => zg.startPublishingStream('s1', local))
        .to.throw()
        .that.deep.includes({ errorCode: 1000002 });
      expect(() => zg.startPublishingStream('bad id', local))
        .to.throw()
        .that.deep.includes({ errorCode: 1000016 });
      expect(() => zg.startPublishingStream('', local))
        .to.throw()
        .that.deep.includes({ errorCode: 1000015 });
      expect(() => zg.startPublishingStream('s'.repeat(257), local))
        .to.throw()
        .that.deep.includes({ errorCode: 1000014 });
      const play = await zg.startPlayingStream('s1').catch((e) => e);
      expect(play).to.deep.include({ code: 1000002, errorCode: 1000002 });
      const im = await zg.sendBroadcastMessage('r', 'hi').catch((e) => e);
      expect(im.errorCode).to.equal(1000002);
      expect(zg.on('hallStateUpdate', () => {})).to.equal(false);
      expect(zg.on('roomStateChanged', () => {})).to.equal(true);
    } finally {
      zg.destroyEngine();
    }
  });

  it('rejects a second login (1002001 other room, 1002056 same room)', async () => {
    const zg = new ZegoLocalEngine(1, '');
    const room = uniqueRoom();
    try {
      const pending = zg.loginRoom(room, 't', { userID: 'u1' });
      expect(await zg.loginRoom(uniqueRoom(), 't', { userID: 'u1' }).catch((e) => e.code)).to.equal(1002001);
      await pending;
      expect(await zg.loginRoom(room, 't', { userID: 'u1' }).catch((e) => e.code)).to.equal(1002056);
      expect(await zg.loginRoom(uniqueRoom(), 't', { userID: 'u1' }).catch((e) => e.code)).to.equal(1002001);
    } finally {
      zg.destroyEngine();
    }
  });

  it('rejects a pending login when logoutRoom or destroyEngine is called (the SDK hangs)', async () => {
    const { wsUrl } = (await executeServerCommand('room-server', { action: 'start', name: 'dead' })) as { wsUrl: string };
    await executeServerCommand('room-server', { action: 'stop', name: 'dead' });
    const zg = new ZegoLocalEngine(1, wsUrl);
    const pending = zg.loginRoom(uniqueRoom(), 't', { userID: 'u1' });
    const states = recordEvents(zg, ['roomStateChanged']);
    await new Promise((r) => setTimeout(r, 300));
    zg.logoutRoom();
    const err = await pending.catch((e) => e);
    expect(err.code).to.equal(1000002);
    expect(states.map((e) => e.args[1])).to.deep.equal(['LOGOUT']);
    const again = zg.loginRoom(uniqueRoom(), 't', { userID: 'u1' });
    zg.destroyEngine();
    expect((await again.catch((e) => e)).code).to.equal(1000002);
  });

  it('fails a login to an unreachable server after roomRetryTime with 1002031', async () => {
    const zg = new ZegoLocalEngine(1, 'ws://127.0.0.1:9/ws');
    zg.setEngineConfig({ roomRetryTime: 1 });
    try {
      const failed = nextEvent(zg, 'roomStateChanged', (_r, reason) => reason === 'LOGIN_FAILED');
      const err = await zg.loginRoom(uniqueRoom(), 't', { userID: 'u1' }).catch((e) => e);
      expect(err.code).to.equal(1002031);
      expect((await failed)[2]).to.equal(1002031);
    } finally {
      zg.destroyEngine();
    }
  });
});
