// Hostile calls into ZegoLocalEngine: wrong types for every public method, huge strings, calls out of order (before
// login, after destroyEngine), other people's streams, foreign MediaStreams, markup and control characters in
// messages and names, floods, junk on the BroadcastChannel. Each call must answer the SDK way (a thrown or rejected
// object with a code, or false) within a bound, never throw something else or hang, and leave other users alone:
// after each batch a bystander pair (another page, another room) still logs in, publishes, plays and chats.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ZegoLocalEngine } from '../../src/index.js';
import { devToken, nextEvent, pictureChange, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';

type Outcome = { kind: 'value'; value: unknown } | { kind: 'throw' | 'reject'; error: unknown } | { kind: 'hang' };
/** An expected answer: an SDK error with this code (thrown, rejected or resolved as `{errorCode}`), or this value. */
type Expect = { code: number } | { value: unknown } | { settles: true };

const code = (c: number): Expect => ({ code: c });
const value = (v: unknown): Expect => ({ value: v });
const settles: Expect = { settles: true };

const NOT_LOGIN = 1000002;
const INPUT = 1100001;
const HUGE = 'x'.repeat(1_000_000);

/** Calls `fn` and classifies what it did, bounding promises by `ms`. */
async function outcome(fn: () => unknown, ms = 8000): Promise<Outcome> {
  let r: unknown;
  try {
    r = fn();
  } catch (error) {
    return { kind: 'throw', error };
  }
  if (!(r instanceof Promise)) return { kind: 'value', value: r };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<Outcome>((ok) => (timer = setTimeout(() => ok({ kind: 'hang' }), ms)));
  const settled = r.then(
    (v): Outcome => ({ kind: 'value', value: v }),
    (error): Outcome => ({ kind: 'reject', error }),
  );
  return Promise.race([settled, hang]).finally(() => clearTimeout(timer));
}

function codeOf(o: Outcome): number | undefined {
  if (o.kind === 'throw' || o.kind === 'reject') {
    const e = o.error as { code?: unknown; errorCode?: unknown } | null;
    const c = e?.code ?? e?.errorCode;
    return typeof c === 'number' ? c : undefined;
  }
  if (o.kind === 'value' && o.value && typeof o.value === 'object' && 'errorCode' in o.value) {
    const c = (o.value as { errorCode: unknown }).errorCode;
    return typeof c === 'number' && c !== 0 ? c : undefined;
  }
  return undefined;
}

const show = (o: Outcome) => JSON.stringify(o, (_k, v) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}...` : v));

async function check(name: string, fn: () => unknown, want: Expect): Promise<void> {
  const o = await outcome(fn);
  expect(o.kind, `${name}: never hangs`).to.not.equal('hang');
  if (o.kind === 'throw' || o.kind === 'reject') {
    expect(o.error, `${name}: an SDK error object, not an Error`).to.not.be.instanceOf(Error);
  }
  if ('code' in want) expect(codeOf(o), `${name} -> ${show(o)}`).to.equal(want.code);
  else if ('value' in want) expect(o, name).to.deep.equal({ kind: 'value', value: want.value });
  else expect(codeOf(o) === undefined || typeof codeOf(o) === 'number', name).to.equal(true);
}

// ---- uncaught errors anywhere in the page (and the second pages) fail the case that caused them ----

const uncaught: string[] = [];
function watchErrors(win: Window) {
  win.addEventListener('error', (e) => uncaught.push(`error: ${e.message}`));
  win.addEventListener('unhandledrejection', (e) => uncaught.push(`unhandled rejection: ${show({ kind: 'reject', error: e.reason })}`));
}
watchErrors(window);
const live = trackLiveObjects(window);

let wsUrl = '';
before(async () => {
  ({ wsUrl } = (await executeServerCommand('room-server', { action: 'start', name: 'hostile' })) as { wsUrl: string });
});
after(async () => {
  await executeServerCommand('room-server', { action: 'stop', name: 'hostile' });
});

const engines: ZegoLocalEngine[] = [];
function engine(server: string) {
  const zg = new ZegoLocalEngine(1, server);
  engines.push(zg);
  return zg;
}
afterEach(() => {
  for (const zg of engines.splice(0)) zg.destroyEngine();
  expect(uncaught, 'no uncaught errors').to.deep.equal([]);
});

/**
 * The proof that nothing leaked onto others: two fresh engines in two pages log in to `roomID` (a fresh room by
 * default), one publishes the camera, the other plays it (the picture moves) and gets a chat message; afterwards
 * nothing of theirs is left alive.
 */
async function bystandersWork(server: string, roomID = uniqueRoom('calm')): Promise<void> {
  const page = await secondPage();
  watchErrors(page.win);
  const liveB = trackLiveObjects(page.win);
  const a = new ZegoLocalEngine(1, server);
  const b = new page.Engine(1, server);
  const streamID = `${roomID}-calm`;
  try {
    expect(await a.loginRoom(roomID, await devToken(server, 'calm-a', roomID), { userID: 'calm-a', userName: 'A' })).to.equal(true);
    expect(await b.loginRoom(roomID, await devToken(server, 'calm-b', roomID), { userID: 'calm-b', userName: 'B' })).to.equal(true);
    const local = await a.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    const added = nextEvent(b, 'roomStreamUpdate', (_r, type, list) => type === 'ADD' && list.some((s) => s.streamID === streamID));
    a.startPublishingStream(streamID, local);
    await added;
    const remote = await b.startPlayingStream(streamID);
    expect(await pictureChange(remote), 'bystander video moves').to.be.greaterThan(0.01);
    const got = nextEvent(b, 'IMRecvBroadcastMessage');
    expect((await a.sendBroadcastMessage(roomID, 'calm')).errorCode).to.equal(0);
    expect((await got)[1][0].message).to.equal('calm');
  } finally {
    a.destroyEngine();
    b.destroyEngine();
  }
  await waitFor(() => liveB.livePeerConnections() === 0 && liveB.liveTracks() === 0, 5000, 'bystander objects to end');
  page.close();
}

/** The engine as plain JavaScript sees it: any argument goes. */
const loose = (zg: ZegoLocalEngine) => zg as unknown as Record<string, (...args: unknown[]) => unknown>;

const canvasStream = () => {
  const c = document.createElement('canvas');
  c.width = c.height = 16;
  c.getContext('2d')!.fillRect(0, 0, 16, 16);
  return c.captureStream(1);
};

describe('hostile engine calls: bad types before login', () => {
  it('answers every public method called with wrong types the SDK way', async function () {
    this.timeout(60_000);
    const zg = engine(wsUrl);
    const foreign = canvasStream();
    const z = loose(zg);
    const cases: Array<[string, () => unknown, Expect]> = [
      ['loginRoom(5, ...)', () => z.loginRoom(5, 't', { userID: 'u' }), code(INPUT)],
      ['loginRoom({}, ...)', () => z.loginRoom({}, 't', { userID: 'u' }), code(INPUT)],
      ['loginRoom(null, ...)', () => z.loginRoom(null, 't', { userID: 'u' }), code(INPUT)],
      ['loginRoom(undefined, ...)', () => z.loginRoom(undefined, 't', { userID: 'u' }), code(INPUT)],
      ['loginRoom(1 MB room ID)', () => z.loginRoom(HUGE, 't', { userID: 'u' }), code(1002013)],
      ['loginRoom(room, 5)', () => z.loginRoom('r', 5, { userID: 'u' }), code(INPUT)],
      ['loginRoom(room, null)', () => z.loginRoom('r', null, { userID: 'u' }), code(INPUT)],
      ['loginRoom(room, {})', () => z.loginRoom('r', {}, { userID: 'u' }), code(INPUT)],
      ['loginRoom(room, 1 MB token)', () => z.loginRoom('r', HUGE, { userID: 'u' }), code(1102016)],
      ['loginRoom(user null)', () => z.loginRoom('r', 't', null), code(INPUT)],
      ['loginRoom(user undefined)', () => z.loginRoom('r', 't', undefined), code(INPUT)],
      ['loginRoom(user "alice")', () => z.loginRoom('r', 't', 'alice'), code(INPUT)],
      ['loginRoom(userID 5)', () => z.loginRoom('r', 't', { userID: 5 }), code(INPUT)],
      ['loginRoom(userID 1 MB)', () => z.loginRoom('r', 't', { userID: HUGE }), code(1002007)],
      ['loginRoom(userID with markup)', () => z.loginRoom('r', 't', { userID: '<b>u</b>' }), code(1002006)],
      ['loginRoom(userName object)', () => z.loginRoom('r', 't', { userID: 'u', userName: {} }), code(INPUT)],
      ['loginRoom(userName 1 MB)', () => z.loginRoom('r', 't', { userID: 'u', userName: HUGE }), code(1002010)],
      ['logoutRoom(5)', () => z.logoutRoom(5), value(undefined)],
      ['logoutRoom({})', () => z.logoutRoom({}), value(undefined)],
      ['renewToken(5)', () => z.renewToken(5), value(false)],
      ['renewToken(null)', () => z.renewToken(null), value(false)],
      ['renewToken(1 MB)', () => z.renewToken(HUGE), value(false)],
      ['sendBroadcastMessage(null, "x")', () => z.sendBroadcastMessage(null, 'x'), code(NOT_LOGIN)],
      ['sendBroadcastMessage(room, 5)', () => z.sendBroadcastMessage('r', 5), code(INPUT)],
      ['sendBroadcastMessage(room, undefined)', () => z.sendBroadcastMessage('r', undefined), code(INPUT)],
      ['sendBroadcastMessage(room, 1 MB)', () => z.sendBroadcastMessage('r', HUGE), code(1009002)],
      ['sendBarrageMessage(room, {})', () => z.sendBarrageMessage('r', {}), code(INPUT)],
      ['sendBarrageMessage(room, "")', () => z.sendBarrageMessage('r', ''), code(1009001)],
      ['sendCustomCommand(room, "x", "u1")', () => z.sendCustomCommand('r', 'x', 'u1'), code(INPUT)],
      ['sendCustomCommand(room, "x", null)', () => z.sendCustomCommand('r', 'x', null), code(INPUT)],
      ['sendCustomCommand(room, "x", [5])', () => z.sendCustomCommand('r', 'x', [5]), code(INPUT)],
      [
        'sendCustomCommand(room, "x", 10,000 IDs) before login',
        () =>
          z.sendCustomCommand(
            'r',
            'x',
            Array.from({ length: 10_000 }, (_, i) => `u${i}`),
          ),
        code(NOT_LOGIN),
      ],
      ['setRoomExtraInfo(5, 5, 5)', () => z.setRoomExtraInfo(5, 5, 5), code(NOT_LOGIN)],
      ['setStreamExtraInfo(5, 5)', () => z.setStreamExtraInfo(5, 5), code(1103055)],
      ['startPublishingStream(5, null)', () => z.startPublishingStream(5, null), code(INPUT)],
      ['startPublishingStream(1 MB ID, stream)', () => z.startPublishingStream(HUGE, foreign), code(1000014)],
      ['startPublishingStream("s", null)', () => z.startPublishingStream('s', null), code(NOT_LOGIN)],
      ['startPublishingStream("s", foreign) before login', () => z.startPublishingStream('s', foreign), code(NOT_LOGIN)],
      ['stopPublishingStream(5)', () => z.stopPublishingStream(5), value(false)],
      ['stopPublishingStream(undefined)', () => z.stopPublishingStream(undefined), value(false)],
      ['startPlayingStream(5)', () => z.startPlayingStream(5), code(INPUT)],
      ['startPlayingStream({})', () => z.startPlayingStream({}), code(INPUT)],
      ['startPlayingStream("s", "opts") before login', () => z.startPlayingStream('s', 'opts'), code(NOT_LOGIN)],
      ['stopPlayingStream(undefined)', () => z.stopPlayingStream(undefined), value(undefined)],
      ['stopPlayingStream("unknown")', () => z.stopPlayingStream('unknown'), value(undefined)],
      ['createRemoteStreamView(null)', () => z.createRemoteStreamView(null), code(INPUT)],
      ['createRemoteStreamView(5)', () => z.createRemoteStreamView(5), code(INPUT)],
      ['createRemoteStreamView(foreign MediaStream)', () => z.createRemoteStreamView(foreign), code(INPUT)],
      ['mutePublishStreamVideo(null, true)', () => z.mutePublishStreamVideo(null, true), value(false)],
      ['mutePublishStreamAudio(5, "yes")', () => z.mutePublishStreamAudio(5, 'yes'), value(false)],
      ['mutePublishStreamVideo({}, true)', () => z.mutePublishStreamVideo({}, true), value(false)],
      ['useVideoDevice(null, 5)', () => z.useVideoDevice(null, 5), code(INPUT)],
      ['useAudioDevice(foreign, "x")', () => z.useAudioDevice(foreign, 'x'), code(INPUT)],
      ['destroyStream(null)', () => z.destroyStream(null), value(undefined)],
      ['destroyStream(5)', () => z.destroyStream(5), value(undefined)],
      ['createZegoStream({ camera: 5 })', () => z.createZegoStream({ camera: 5 }), settles],
      ['createZegoStream({ camera: {}, screen: {} })', () => z.createZegoStream({ camera: {}, screen: {} }), code(INPUT)],
      ['setSoundLevelDelegate("yes", "fast")', () => z.setSoundLevelDelegate('yes', 'fast'), value(undefined)],
      ['setSoundLevelDelegate(false)', () => z.setSoundLevelDelegate(false), value(undefined)],
      ['setEngineConfig(null)', () => z.setEngineConfig(null), value(undefined)],
      ['setEngineConfig({ roomRetryTime: "soon" })', () => z.setEngineConfig({ roomRetryTime: 'soon' }), value(undefined)],
      ['setLogConfig(5)', () => z.setLogConfig(5), value(true)],
      ['on(5, fn)', () => z.on(5, () => {}), value(false)],
      ['on("roomStateChanged", "not a function")', () => z.on('roomStateChanged', 'x'), value(false)],
      ['on("__proto__", fn)', () => z.on('__proto__', () => {}), value(false)],
      ['off(5)', () => z.off(5), value(false)],
    ];
    for (const [name, fn, want] of cases) await check(name, fn, want);
    // Whatever createZegoStream({ camera: 5 }) made is the engine's, and destroyEngine ends it.
    zg.destroyEngine();
    foreign.getTracks().forEach((t) => t.stop());
    await waitFor(() => live.liveCaptureTracks() === 0, 3000, 'capture tracks to end');
    await bystandersWork(wsUrl);
  });
});

describe('hostile engine calls: in a live room', () => {
  it("cannot touch another user's stream, view or play, and payloads arrive as the same text", async function () {
    this.timeout(90_000);
    const roomID = uniqueRoom('live');
    // Bystanders in the hostile client's room: B publishes from a second page, C plays it in this page.
    const page = await secondPage();
    watchErrors(page.win);
    const b = new page.Engine(1, wsUrl);
    const c = engine(wsUrl);
    const zg = engine(wsUrl);
    try {
      await b.loginRoom(roomID, await devToken(wsUrl, 'by-b', roomID), { userID: 'by-b', userName: 'B' }, { userUpdate: true });
      await c.loginRoom(roomID, await devToken(wsUrl, 'by-c', roomID), { userID: 'by-c', userName: 'C' }, { userUpdate: true });
      const bLocal = await b.createZegoStream({ camera: { video: { quality: 1 }, audio: true } });
      const bPublishing = nextEvent(b, 'publisherStateUpdate', (r) => r.state === 'PUBLISHING');
      b.startPublishingStream('by-cam', bLocal, { extraInfo: 'by' });
      await bPublishing;
      const cRemote = await c.startPlayingStream('by-cam');
      const cLog = recordEvents(c, [
        'roomStreamUpdate',
        'streamExtraInfoUpdate',
        'remoteCameraStatusUpdate',
        'remoteMicStatusUpdate',
        'playerStateUpdate',
      ]);
      const bLog = recordEvents(b, ['publisherStateUpdate', 'roomStateChanged']);

      const markupName = '<img src=x onerror="window.__pwned=1">';
      const zgJoined = nextEvent(c, 'roomUserUpdate', (_r, type, list) => type === 'ADD' && list[0].userID === 'hostile');
      await zg.loginRoom(roomID, await devToken(wsUrl, 'hostile', roomID), { userID: 'hostile', userName: markupName });
      expect((await zgJoined)[2][0].userName, 'a name with markup arrives as text').to.equal(markupName);
      const zgLocal = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
      const z = loose(zg);

      const refused = nextEvent(zg, 'publisherStateUpdate', (r) => r.streamID === 'by-cam' && r.state === 'NO_PUBLISH');
      const cases: Array<[string, () => unknown, Expect]> = [
        ["startPublishingStream(another user's stream ID)", () => zg.startPublishingStream('by-cam', zgLocal), value(true)],
        ["setStreamExtraInfo(another user's stream)", () => zg.setStreamExtraInfo('by-cam', 'pwned'), code(1103055)],
        ["stopPublishingStream(another user's stream)", () => zg.stopPublishingStream('by-cam'), value(false)],
        ['stopPlayingStream(a stream another engine plays)', () => zg.stopPlayingStream('by-cam'), value(undefined)],
        ["createRemoteStreamView(another engine's remote stream)", () => zg.createRemoteStreamView(cRemote), code(INPUT)],
        ['createRemoteStreamView(own local MediaStream)', () => zg.createRemoteStreamView(zgLocal.stream!), code(INPUT)],
        ["mutePublishStreamVideo(another engine's remote stream)", () => zg.mutePublishStreamVideo(cRemote, true), settles],
        ['mutePublishStreamAudio(a foreign canvas stream)', () => zg.mutePublishStreamAudio(canvasStream(), true), settles],
        ['destroyStream(a foreign canvas stream)', () => zg.destroyStream(canvasStream()), value(undefined)],
        ['sendBroadcastMessage(another room)', () => zg.sendBroadcastMessage(uniqueRoom(), 'x'), code(1009005)],
        ['sendBroadcastMessage(1 MB)', () => zg.sendBroadcastMessage(roomID, HUGE), code(1009002)],
        [
          'sendCustomCommand(10,000 user IDs)',
          () =>
            zg.sendCustomCommand(
              roomID,
              'x',
              Array.from({ length: 10_000 }, (_, i) => `u${i}`),
            ),
          code(INPUT),
        ],
        [
          'sendCustomCommand(nobody in the room)',
          () => zg.sendCustomCommand(roomID, 'x', ['nobody']),
          value({ errorCode: 0, extendedData: '', messageID: undefined }),
        ],
        ['setRoomExtraInfo(another room)', () => zg.setRoomExtraInfo(uniqueRoom(), 'k', 'v'), code(1002002)],
        ['setRoomExtraInfo(key 11 bytes)', () => zg.setRoomExtraInfo(roomID, 'k'.repeat(11), 'v'), code(1002015)],
        ['loginRoom again with a 1 MB room ID', () => z.loginRoom(HUGE, 't', { userID: 'hostile' }), code(1002001)],
        ['loginRoom again, same room', () => zg.loginRoom(roomID, 't', { userID: 'hostile' }), code(1002056)],
        ['renewToken(token, another room)', () => zg.renewToken('t', uniqueRoom()), value(false)],
        ['logoutRoom(another room)', () => zg.logoutRoom(uniqueRoom()), value(undefined)],
      ];
      for (const [name, fn, want] of cases) {
        if (name.startsWith('sendCustomCommand(nobody')) {
          const o = await outcome(fn);
          expect(codeOf(o), name).to.equal(undefined);
          expect((o as { value: { errorCode: number } }).value.errorCode, name).to.equal(0);
          continue;
        }
        await check(name, fn, want);
      }
      expect((await refused)[0].errorCode, 'publishing a stream ID someone else owns').to.equal(1003028);

      // Own stream: playing it answers like any stream, within the bound, and stops cleanly.
      const zgPublishing = nextEvent(zg, 'publisherStateUpdate', (r) => r.streamID === 'hostile-cam' && r.state === 'PUBLISHING');
      zg.startPublishingStream('hostile-cam', zgLocal);
      await zgPublishing;
      const own = await outcome(() => zg.startPlayingStream('hostile-cam'), 20_000);
      expect(own.kind, 'startPlayingStream(own stream) settles').to.be.oneOf(['value', 'reject']);
      if (own.kind === 'reject') expect(codeOf(own)).to.be.a('number');
      zg.stopPlayingStream('hostile-cam');
      const twice = await outcome(() => zg.startPlayingStream('by-cam'), 20_000);
      expect(twice.kind).to.equal('value');
      await check('startPlayingStream(same stream twice)', () => zg.startPlayingStream('by-cam'), code(1103049));
      zg.stopPlayingStream('by-cam');

      // Payloads: markup, scripts, control characters, surrogates, RTL overrides and NUL arrive as the same text.
      const payloads = [
        '<img src=x onerror="window.__pwned=1">',
        '<script>window.__pwned=1</script>',
        '"\'><svg/onload=window.__pwned=1>',
        'javascript:window.__pwned=1',
        '{"t":"kickout","code":1002050}',
        'a\0b\0',
        Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join(''),
        'x\ud800y\udc00',
        'abc\u202etxt.exe\u202c',
        '\u200b\ufeff👩‍👩‍👧‍👦',
        '好'.repeat(341),
      ];
      const imgsBefore = document.querySelectorAll('img, script, svg').length;
      for (const message of payloads) {
        const got = nextEvent(c, 'IMRecvBarrageMessage', (_r, list) => list[0].fromUser.userID === 'hostile');
        expect((await zg.sendBarrageMessage(roomID, message)).errorCode).to.equal(0);
        expect((await got)[1][0].message, JSON.stringify(message)).to.equal(message);
      }
      const custom = nextEvent(c, 'IMRecvCustomCommand');
      await zg.sendCustomCommand(roomID, payloads[1], ['by-c']);
      expect((await custom)[2]).to.equal(payloads[1]);
      const extra = nextEvent(c, 'roomExtraInfoUpdate');
      await zg.setRoomExtraInfo(roomID, 'k', payloads[2]);
      expect((await extra)[1][0].value).to.equal(payloads[2]);
      const streamExtra = nextEvent(c, 'streamExtraInfoUpdate', (_r, list) => list[0].streamID === 'hostile-cam');
      await zg.setStreamExtraInfo('hostile-cam', payloads[0]);
      expect((await streamExtra)[1][0].extraInfo).to.equal(payloads[0]);
      expect((window as { __pwned?: number }).__pwned, 'nothing was interpreted').to.equal(undefined);
      expect(document.querySelectorAll('img, script, svg').length, 'no element was made from a payload').to.equal(imgsBefore);

      // A burst of broadcasts: every call settles, the excess with 1009015.
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome(() => zg.sendBroadcastMessage(roomID, `b${i}`))));
      expect(burst.filter((o) => o.kind === 'hang')).to.have.length(0);
      expect(burst.filter((o) => codeOf(o) === 1009015).length).to.be.greaterThan(20);

      // The bystanders noticed none of it: B still publishes, C still plays, with no stream event about by-cam.
      expect(bLog.filter((e) => e.name === 'roomStateChanged')).to.deep.equal([]);
      expect(bLog.filter((e) => (e.args[0] as { streamID: string }).streamID === 'by-cam')).to.deep.equal([]);
      const aboutBy = cLog.filter((e) => JSON.stringify(e.args).includes('by-cam'));
      expect(aboutBy, JSON.stringify(aboutBy)).to.deep.equal([]);
      expect(await pictureChange(cRemote), "C still sees B's camera").to.be.greaterThan(0.01);
    } finally {
      b.destroyEngine();
      zg.destroyEngine();
      c.destroyEngine();
      page.close();
    }
    await bystandersWork(wsUrl);
    await bystandersWork(wsUrl, roomID);
  });
});

describe('hostile engine calls: after destroyEngine', () => {
  it('answers every method with NOT_LOGIN or false and starts nothing', async function () {
    this.timeout(60_000);
    const zg = engine('');
    const room = uniqueRoom('dead');
    await zg.loginRoom(room, 't', { userID: 'dead' });
    const local = await zg.createZegoStream({ camera: { video: { quality: 1 }, audio: false } });
    zg.destroyEngine();
    // Count intervals started from here on: a destroyed engine must not start any.
    const started = new Set<number>();
    const realSet = window.setInterval;
    const realClear = window.clearInterval;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...a: unknown[]) => {
      const id = realSet(fn, ms, ...a);
      started.add(id);
      return id;
    }) as typeof setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) started.delete(id);
      realClear(id);
    }) as typeof clearInterval;
    try {
      const cases: Array<[string, () => unknown, Expect]> = [
        ['loginRoom', () => zg.loginRoom(room, 't', { userID: 'dead' }), code(NOT_LOGIN)],
        ['createZegoStream', () => zg.createZegoStream({ camera: { video: true } }), code(NOT_LOGIN)],
        ['startPublishingStream', () => zg.startPublishingStream('s', local), code(NOT_LOGIN)],
        ['startPlayingStream', () => zg.startPlayingStream('s'), code(NOT_LOGIN)],
        ['sendBroadcastMessage', () => zg.sendBroadcastMessage(room, 'x'), code(NOT_LOGIN)],
        ['sendBarrageMessage', () => zg.sendBarrageMessage(room, 'x'), code(NOT_LOGIN)],
        ['sendCustomCommand', () => zg.sendCustomCommand(room, 'x', ['u']), code(NOT_LOGIN)],
        ['setRoomExtraInfo', () => zg.setRoomExtraInfo(room, 'k', 'v'), code(NOT_LOGIN)],
        ['setStreamExtraInfo', () => zg.setStreamExtraInfo('s', 'x'), code(1103055)],
        ['renewToken', () => zg.renewToken('t'), value(false)],
        ['stopPublishingStream', () => zg.stopPublishingStream('s'), value(false)],
        ['stopPlayingStream', () => zg.stopPlayingStream('s'), value(undefined)],
        ['mutePublishStreamVideo(destroyed local)', () => zg.mutePublishStreamVideo(local, true), settles],
        ['useVideoDevice(destroyed local)', () => zg.useVideoDevice(local, 'x'), code(INPUT)],
        ['setSoundLevelDelegate(true, 100)', () => zg.setSoundLevelDelegate(true, 100), value(undefined)],
        ['on(videoDeviceStateChanged)', () => zg.on('videoDeviceStateChanged', () => {}), settles],
        ['logoutRoom', () => zg.logoutRoom(), value(undefined)],
        ['destroyEngine again', () => zg.destroyEngine(), value(undefined)],
      ];
      for (const [name, fn, want] of cases) await check(`after destroyEngine: ${name}`, fn, want);
      expect(started.size, 'intervals left running by a destroyed engine').to.equal(0);
    } finally {
      window.setInterval = realSet;
      window.clearInterval = realClear;
    }
    expect(live.liveCaptureTracks()).to.equal(0);
    await bystandersWork('');
  });
});

describe('hostile BroadcastChannel traffic', () => {
  it('ignores junk posted on the signalling channel: no uncaught error in any page, the room goes on', async function () {
    this.timeout(60_000);
    const roomID = uniqueRoom('bc');
    const page = await secondPage();
    watchErrors(page.win);
    const a = engine('');
    const b = new page.Engine(1, '');
    try {
      await a.loginRoom(roomID, 't', { userID: 'bc-a' });
      await b.loginRoom(roomID, 't', { userID: 'bc-b' });
      // Learn the hub's ID the way a client does.
      const spy = new BroadcastChannel('zego-elements:1');
      const hub = await new Promise<string>((resolve) => {
        spy.onmessage = (e) => {
          if (e.data?.k === 'hub') resolve(e.data.hub as string);
        };
        spy.postMessage({ k: 'hello', from: 'spy' });
      });
      spy.onmessage = null;
      const junk: unknown[] = [
        null,
        42,
        'text',
        [],
        { k: 5 },
        { k: 'c2h' },
        { k: 'c2h', hub, from: 'spy' },
        { k: 'c2h', hub, from: 'spy', f: null },
        { k: 'c2h', hub, from: 'spy', f: { t: 'login', id: 1 } },
        { k: 'c2h', hub, from: { toString: 5 }, f: { t: 'ping', n: 1 } },
        { k: 'c2h', hub: 'another-hub', from: 'spy', f: { t: 'ping', n: 1 } },
        { k: 'bye', hub, from: 'never-connected' },
        { k: 'h2c', to: 'nobody', hub, f: { t: 'kickout' } },
        { k: 'hub' },
        { k: 'hello' },
      ];
      for (const m of junk) spy.postMessage(m);
      const pong = new Promise<void>((resolve) => {
        spy.onmessage = (e) => {
          if (e.data?.k === 'h2c' && e.data.to === 'spy-2' && e.data.f?.t === 'pong') resolve();
        };
      });
      spy.postMessage({ k: 'c2h', hub, from: 'spy-2', f: { t: 'ping', n: 7 } });
      await pong; // the hub handled everything posted before
      spy.close();
      const got = nextEvent(b, 'IMRecvBroadcastMessage');
      expect((await a.sendBroadcastMessage(roomID, 'after junk')).errorCode).to.equal(0);
      expect((await got)[1][0].message).to.equal('after junk');
    } finally {
      b.destroyEngine();
      page.close();
    }
    expect(uncaught).to.deep.equal([]);
    await bystandersWork('');
  });
});
