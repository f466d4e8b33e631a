// The calls ZEGO's own sample pages make (zegoim/express-demo-web: "RoomMessage" and "CommonVideoConfig"), in
// their order and with the values they read, between this page and a second one: code written for ZEGO's SDK with
// only the constructor changed. Written here in our words (their pages need jQuery and their key centre); what
// matters is that each call exists, answers in the SDK's shape, and the two pages call each other.
import { expect } from '@open-wc/testing';
import { ZegoLocalEngine } from '../../src/index.js';
import { nextEvent, pictureChange, secondPage, uniqueRoom, waitFor } from './helpers.js';

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page;
const engines: ZegoLocalEngine[] = [];
const errors: string[] = [];
const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push(String('reason' in e ? e.reason : e.message));

before(async () => {
  page = await secondPage();
  for (const w of [window, page.win]) {
    w.addEventListener('error', onError);
    w.addEventListener('unhandledrejection', onError);
  }
});
after(() => {
  for (const w of [window, page.win]) {
    w.removeEventListener('error', onError);
    w.removeEventListener('unhandledrejection', onError);
  }
  page.close();
});
afterEach(() => {
  for (const zg of engines.splice(0)) zg.destroyEngine();
});

/** What a sample page does on load: engine, version, system check, devices, listeners, log settings, login. */
async function samplePage(where: 'here' | 'there', roomID: string, userID: string) {
  const zg = where === 'here' ? new ZegoLocalEngine(1, '') : (new page.Engine(1, '') as ZegoLocalEngine);
  engines.push(zg);
  const seen = {
    version: zg.getVersion(),
    roomStates: [] as string[],
    published: [] as string[],
    played: [] as string[],
    publishStats: [] as { frameWidth: number; frameHeight: number; videoBitrate: number; videoFPS: number; videoPacketsLostRate: number }[],
    playStats: [] as { frameWidth: number; frameHeight: number; videoBitrate: number; videoFPS: number; videoPacketsLostRate: number }[],
    broadcast: [] as string[],
    barrage: [] as string[],
    commands: [] as string[],
    extraInfo: [] as string[],
  };
  const check = await zg.checkSystemRequirements();
  expect(check.webRTC, 'webRTC').to.equal(true);
  expect(!!(check.videoCodec?.H264 || check.videoCodec?.VP8), 'H264 or VP8').to.equal(true);
  expect(typeof check.screenSharing).to.equal('boolean');
  const devices = await zg.enumDevices();
  for (const d of [...devices.microphones, ...devices.cameras]) expect(d.deviceID, 'deviceID').to.be.a('string');
  zg.on('roomStateUpdate', (_roomID, state) => seen.roomStates.push(state));
  zg.on('publisherStateUpdate', (r) => r.state === 'PUBLISHING' && seen.published.push(r.streamID));
  zg.on('playerStateUpdate', (r) => r.state === 'PLAYING' && seen.played.push(r.streamID));
  zg.on('publishQualityUpdate', (_id, stats) => seen.publishStats.push(stats.video));
  zg.on('playQualityUpdate', (_id, stats) => seen.playStats.push(stats.video));
  zg.on('IMRecvBroadcastMessage', (_r, list) => list.forEach((m) => seen.broadcast.push(`${m.fromUser.userName}: ${m.message}`)));
  zg.on('IMRecvBarrageMessage', (_r, list) => list.forEach((m) => seen.barrage.push(`${m.fromUser.userName}: ${m.message}`)));
  zg.on('IMRecvCustomCommand', (_r, from, command) => seen.commands.push(`${from.userName}: ${command}`));
  zg.on('roomExtraInfoUpdate', (_r, list) => list.forEach((i) => seen.extraInfo.push(`${i.updateUser.userName} ${i.key}=${i.value}`)));
  zg.setLogConfig({ logLevel: 'info', remoteLogLevel: 'error', logURL: '' });
  zg.setDebugVerbose(false);
  await zg.loginRoom(roomID, 'token-from-their-token-url', { userID, userName: userID });
  return { zg, seen };
}

describe("ZEGO's sample pages against the local engine (the constructor changed, nothing else)", function () {
  this.timeout(60000);

  it('two pages: publish with a legacy createStream config, play, quality, messages, room extra info, stop', async () => {
    const roomID = uniqueRoom('sample');
    const a = await samplePage('here', roomID, 'Chrome_1');
    const b = await samplePage('there', roomID, 'Chrome_2');
    expect(a.seen.version).to.match(/^\d+\.\d+\.\d+/);
    await waitFor(() => a.seen.roomStates.includes('CONNECTED') && b.seen.roomStates.includes('CONNECTED'), 5000, 'CONNECTED');

    // "Start Publishing": the CommonVideoConfig page's config, a MediaStream into a <video>
    // (their `bitRate` is not in the typings: plain JavaScript, passed as the page passes it)
    const config = { camera: { videoQuality: 4 as const, frameRate: 15, width: 640, height: 360, bitRate: 500 } };
    const localStream = await a.zg.createStream(config);
    expect(localStream).to.be.instanceOf(MediaStream);
    const preview = document.createElement('video');
    preview.muted = true;
    preview.srcObject = localStream;
    expect(a.zg.startPublishingStream('0005', localStream, { videoCodec: 'VP8' })).to.equal(true);
    await waitFor(() => a.seen.published.includes('0005'), 10000, 'PUBLISHING');

    // "Start Playing" on the other page
    const remoteStream = await b.zg.startPlayingStream('0005', {});
    expect(remoteStream).to.be.instanceOf(page.win.MediaStream);
    await waitFor(() => b.seen.played.includes('0005'), 10000, 'PLAYING');
    expect(await pictureChange(remoteStream, 400, page.win.document), 'the picture moves').to.be.greaterThan(0.005);

    // the quality panels: numbers the page formats with parseInt and toFixed
    await waitFor(
      () => a.seen.publishStats.some((v) => v.frameWidth > 0) && b.seen.playStats.some((v) => v.frameWidth > 0),
      15000,
      'quality',
    );
    for (const v of [a.seen.publishStats.at(-1)!, b.seen.playStats.at(-1)!]) {
      expect(`${v.frameWidth} * ${v.frameHeight}`).to.match(/^\d+ \* \d+$/);
      expect(Number.isNaN(parseInt(String(v.videoBitrate)))).to.equal(false);
      expect(Number.isNaN(parseInt(String(v.videoFPS)))).to.equal(false);
      expect(v.videoPacketsLostRate.toFixed(1)).to.match(/^\d+\.\d$/);
    }

    // the RoomMessage page's four buttons; each answers { errorCode: 0 }
    expect((await a.zg.sendBroadcastMessage(roomID, 'hello all')).errorCode).to.equal(0);
    expect((await a.zg.sendBarrageMessage(roomID, 'a barrage')).errorCode).to.equal(0);
    expect((await a.zg.sendCustomCommand(roomID, 'a command', ['Chrome_2'])).errorCode).to.equal(0);
    expect((await a.zg.setRoomExtraInfo(roomID, 'topic', 'samples')).errorCode).to.equal(0);
    await waitFor(
      () => !!b.seen.broadcast.length && !!b.seen.barrage.length && !!b.seen.commands.length && !!b.seen.extraInfo.length,
      10000,
      'the messages on the other page',
    );
    expect(b.seen).to.deep.include({
      broadcast: ['Chrome_1: hello all'],
      barrage: ['Chrome_1: a barrage'],
      commands: ['Chrome_1: a command'],
      extraInfo: ['Chrome_1 topic=samples'],
    });

    // "Stop Publishing" / "Stop Playing": the pages destroy both streams, the remote one included
    const gone = nextEvent(b.zg, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    a.zg.stopPublishingStream('0005');
    a.zg.destroyStream(localStream);
    b.zg.stopPlayingStream('0005');
    b.zg.destroyStream(remoteStream);
    await gone;
    expect(localStream.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    a.zg.logoutRoom(roomID);
    await waitFor(() => a.seen.roomStates.at(-1) === 'DISCONNECTED', 5000, 'DISCONNECTED');
    expect(errors, 'no page error').to.deep.equal([]);
  });
});
