// Range audio (src/engine/range-audio.ts) between real engines: this page and a second one (a same-origin iframe with
// its own engine class, channels and media), one room, the browser's fake microphone (Chromium: a ~400 Hz square beep,
// 100 ms every 500 ms, which arrives at a peak near 1.0; Firefox: a 400 Hz sine of peak 0.1, without pause: levels are
// judged against the peak measured first). What a listener hears is measured at its range audio's output (a stereo
// AnalyserNode pair behind a ChannelSplitterNode, in its AudioContext); whether a stream is played is read from the
// engine's own playerStateUpdate events. No mocks.
//
// Until the engine's createRangeAudioInstance() is wired, each instance is constructed here with its engine and what
// the engine will tell it (`self`: room and user; `viewStream`: a view's stream).
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { ZegoExpressRangeAudio as SdkRangeAudio } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressRangeAudio.web';
import { ZegoExpressRangeAudio, type RangeAudioOptions } from '../../src/engine/range-audio.js';
import { decodePosition } from '../../src/engine/range-audio-math.js';
import { ZegoLocalEngine } from '../../src/index.js';
import { nextEvent, recordEvents, secondPage, trackLiveObjects, uniqueRoom, waitFor } from './helpers.js';
import { isFirefox } from './browser.js';

// Compile time: every public member of the SDK's class, with its signature.
type PublicOf<T> = { [K in keyof T]: T[K] };
export type RangeAudioSurface = ZegoExpressRangeAudio extends PublicOf<SdkRangeAudio> ? true : never;
const _surface: RangeAudioSurface = true;
void _surface;

const FWD = [1, 0, 0];
const RIGHT = [0, 1, 0];
const UP = [0, 0, 1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Page = Awaited<ReturnType<typeof secondPage>>;
let page: Page;
/** The class as the second page's module graph has it (its own realm). */
let RemoteRangeAudio: typeof ZegoExpressRangeAudio;
const here = trackLiveObjects(window);

/** The fake microphone's peak as captured here: "heard" means at least half of it arrives. */
let micPeak = 1;
const audible = (p: { level: number }, share = 0.5) => p.level > share * micPeak;

before(async () => {
  await activate();
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const ctx = new AudioContext();
  await ctx.resume();
  const analyser = ctx.createAnalyser();
  ctx.createMediaStreamSource(mic).connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let peak = 0;
  for (const end = performance.now() + 700; performance.now() < end; await sleep(20)) {
    analyser.getFloatTimeDomainData(buf);
    for (const x of buf) peak = Math.max(peak, Math.abs(x));
  }
  mic.getTracks().forEach((t) => t.stop());
  await ctx.close();
  micPeak = peak;
  console.log(`fake microphone peak ${peak.toFixed(3)}`);
  page = await secondPage();
  const url = new URL('../../src/engine/range-audio.ts', import.meta.url).href;
  const mod = (await (page.win as unknown as { eval(code: string): Promise<unknown> }).eval(`import(${JSON.stringify(url)})`)) as {
    ZegoExpressRangeAudio: typeof ZegoExpressRangeAudio;
  };
  RemoteRangeAudio = mod.ZegoExpressRangeAudio;
});
after(() => page?.close());

const engines: ZegoLocalEngine[] = [];
const ranges: ZegoExpressRangeAudio[] = [];
afterEach(() => {
  for (const r of ranges.splice(0)) r._destroy();
  for (const e of engines.splice(0)) e.destroyEngine();
});

/**
 * What the engine will tell its range audio (`self`): who it is in the room, once logged in. Registered before the
 * range audio's own listeners, so it answers from the CONNECTED event on, as the engine's wiring does.
 */
function selfOf(engine: ZegoLocalEngine, roomID: string, userID: string): RangeAudioOptions['self'] {
  let inRoom = false;
  engine.on('roomStateUpdate', (r, state) => r === roomID && (inRoom = state === 'CONNECTED'));
  return (asked) => (inRoom && (asked === undefined || asked === roomID) ? { roomID, userID } : undefined);
}

/** AudioContexts start suspended without a user gesture: a click on the page activates it. */
const activate = () => sendMouse({ type: 'click', position: [2, 2] });

interface Member {
  userID: string;
  engine: ZegoLocalEngine;
  range: ZegoExpressRangeAudio;
}

/** A user in `roomID`: its engine (this page or the second), its range audio made before login, logged in with userUpdate. */
async function join(
  roomID: string,
  userID: string,
  where: 'here' | 'there' = 'here',
  extra: RangeAudioOptions = {},
  beforeLogin?: (engine: ZegoLocalEngine) => void,
): Promise<Member> {
  const engine = where === 'here' ? new ZegoLocalEngine(1, '') : (new page.Engine(1, '') as ZegoLocalEngine);
  engines.push(engine);
  beforeLogin?.(engine);
  const Range = where === 'here' ? ZegoExpressRangeAudio : RemoteRangeAudio;
  const range = new Range(engine, { self: selfOf(engine, roomID, userID), ...extra });
  ranges.push(range);
  await engine.loginRoom(roomID, 't', { userID }, { userUpdate: true });
  return { userID, engine, range };
}

/** `speaker` at `position` with its microphone published (microphoneStateUpdate On). */
async function speak(speaker: Member, position: number[]): Promise<void> {
  speaker.range.updateSelfPosition(position, FWD, RIGHT, UP);
  const states: number[] = [];
  speaker.range.on('microphoneStateUpdate', (state) => states.push(state));
  speaker.range.enableMicrophone(true);
  await waitFor(() => states.includes(2), 15000, `${speaker.userID}'s microphone on`);
}

/** Resolves when `listener`'s engine reports `state` for `userID`'s range stream. */
const playState = (listener: Member, userID: string, state: 'PLAYING' | 'NO_PLAY') =>
  nextEvent(listener.engine, 'playerStateUpdate', (r) => r.streamID === `zegoRange_${userID}` && r.state === state);

/** The peaks of `listener`'s left and right output channels over `ms` (analysers read every 20 ms). */
function meter(listener: Member) {
  const ctx = listener.range._context!;
  const split = ctx.createChannelSplitter(2);
  listener.range._output!.connect(split);
  const left = ctx.createAnalyser();
  const right = ctx.createAnalyser();
  left.fftSize = right.fftSize = 2048;
  split.connect(left, 0);
  split.connect(right, 1);
  const buf = new Float32Array(2048);
  const read = (a: AnalyserNode) => {
    a.getFloatTimeDomainData(buf);
    let m = 0;
    for (const x of buf) m = Math.max(m, Math.abs(x));
    return m;
  };
  /** A window of 700 ms holds at least one 100 ms beep of the fake microphone (one every 500 ms). */
  return async (ms = 700) => {
    let L = 0;
    let R = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      L = Math.max(L, read(left));
      R = Math.max(R, read(right));
      await sleep(20);
    }
    return { L, R, level: Math.max(L, R) };
  };
}

/** Waits until a measured window satisfies `ok` (each try measures a fresh window). */
async function until(
  peak: () => Promise<{ L: number; R: number; level: number }>,
  ok: (p: { L: number; R: number; level: number }) => boolean,
  what: string,
  timeoutMs = 10000,
) {
  const end = performance.now() + timeoutMs;
  let last = { L: 0, R: 0, level: 0 };
  while (performance.now() < end) {
    last = await peak();
    if (ok(last)) return last;
  }
  throw new Error(`timed out waiting for ${what} (last L ${last.L.toFixed(4)}, R ${last.R.toFixed(4)})`);
}

describe('ZegoExpressRangeAudio between engines', function () {
  this.timeout(60000);

  it('enableMicrophone publishes zegoRange_<user> with the SDK extra info (TurningOn, On); false stops it (Off) and ends the capture', async () => {
    const roomID = uniqueRoom('ra');
    const idle = new ZegoLocalEngine(1, '');
    engines.push(idle);
    const lonely = new ZegoExpressRangeAudio(idle);
    ranges.push(lonely);
    expect(() => lonely.enableMicrophone(true), 'before login').to.throw('log in room first');
    expect(() => lonely.enableSpeaker(true), 'before login').to.throw('log in room first');

    const a = await join(roomID, 'a');
    const b = await join(roomID, 'b');
    const streams = recordEvents(b.engine, ['roomStreamUpdate']);
    const states: unknown[][] = [];
    a.range.on('microphoneStateUpdate', (...args) => states.push(args));
    const captures = here.liveCaptureTracks();
    a.range.setTeamID('red');
    a.range.enableMicrophone(true);
    await waitFor(() => states.length >= 2, 15000, 'microphone on');
    expect(states).to.deep.equal([
      [1, 0, ''],
      [2, 0, ''],
    ]);
    expect(here.liveCaptureTracks(), 'one microphone captured').to.equal(captures + 1);
    await waitFor(() => streams.length > 0, 5000, 'the stream at b');
    const [, type, list] = streams[0].args as [string, string, { streamID: string; user: { userID: string }; extraInfo: string }[]];
    expect(type).to.equal('ADD');
    expect(list[0].streamID).to.equal('zegoRange_a');
    expect(list[0].user.userID).to.equal('a');
    expect(JSON.parse(list[0].extraInfo)).to.deep.equal({ range_audio_team_id: 'red', range_audio_mode: 1, r_a_s_flag: 1, r_a_speak: 0 });

    // a team change reaches the listeners through the stream's extra info
    const extra = nextEvent(b.engine, 'streamExtraInfoUpdate');
    a.range.setTeamID('blue');
    const [, updated] = await extra;
    expect(JSON.parse(updated[0].extraInfo).range_audio_team_id).to.equal('blue');

    a.range.enableMicrophone(false);
    expect(states[2]).to.deep.equal([0, 0, '']);
    await waitFor(() => here.liveCaptureTracks() === captures, 5000, 'the capture ended');
    await waitFor(() => streams.some((s) => s.args[1] === 'DELETE'), 5000, 'the stream gone at b');
    // and on again, under the same stream ID
    a.range.enableMicrophone(true);
    await waitFor(() => states.length === 5, 15000, 'microphone on again');
    expect(states.slice(3).map((s) => s[0])).to.deep.equal([1, 2]);
  });

  it('a listener plays and hears a speaker (second page) within range, and stops its stream out of range; positions travel as transparent messages', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const b = await join(roomID, 'b');
    const c = await join(roomID, 'c', 'there');
    const far = await join(roomID, 'far');
    const received: { userID: string; position: readonly number[] | null }[] = [];
    b.engine.on('recvRoomTransparentMessage', (_room, m) =>
      received.push({ userID: m.sendUser.userID, position: decodePosition(m.content) }),
    );
    const plays = recordEvents(b.engine, ['playerStateUpdate']);
    const inRange: { userID: string }[][] = [];
    b.range.on('audioSourceWithinRangeUpdate', ((list: { userID: string }[]) => inRange.push(list)) as never);
    b.range.enableAudioSourceUpdateChecker(true, { frequency: 100 });

    b.range.setAudioReceiveRange(100);
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    const playing = playState(b, 'c', 'PLAYING');
    await speak(far, [1000, 0, 0]);
    await speak(c, [10, 0, 0]);
    b.range.enableSpeaker(true);
    await playing;
    const peak = meter(b);
    const heard = await until(peak, audible, 'c heard at b');
    console.log(`c at 10 of range 100: output peak ${heard.level.toFixed(3)} (expected ~0.9 of the ~1.0 beep)`);
    expect(received.find((m) => m.userID === 'c')?.position).to.deep.equal([10, 0, 0]);
    expect(received.find((m) => m.userID === 'far')?.position).to.deep.equal([1000, 0, 0]);
    expect(
      plays.some((p) => (p.args[0] as { streamID: string }).streamID === 'zegoRange_far'),
      'far is never played',
    ).to.equal(false);
    await waitFor(() => inRange.length > 0, 5000, 'audioSourceWithinRangeUpdate');
    expect(inRange.at(-1)!.map((u) => u.userID)).to.deep.equal(['c']);

    // out of range: the stream is stopped (not muted), nothing is heard
    const stopped = playState(b, 'c', 'NO_PLAY');
    c.range.updateSelfPosition([500, 0, 0], FWD, RIGHT, UP);
    await stopped;
    // an analyser holds the last 2048 samples it was given, and Firefox hands them to the page late (its graph runs
    // on its own thread): the first ~150 ms after the stop still show the sound before it (Chromium's beep mostly
    // paused there; Firefox's fake microphone never pauses). Silence must come, then last a whole window.
    await until(
      () => peak(100),
      (p) => p.level < 1e-3,
      'silence after the stop',
      3000,
    );
    const silent = await peak();
    console.log(`c at 500 of range 100: stopped, output peak ${silent.level.toExponential(2)}`);
    expect(silent.level).to.be.below(1e-3);
    await waitFor(() => inRange.at(-1)!.length === 0, 5000, 'nobody in range');

    // back in range: played again
    const again = playState(b, 'c', 'PLAYING');
    c.range.updateSelfPosition([-20, 0, 0], FWD, RIGHT, UP);
    await again;
    await until(peak, audible, 'c heard again');
    expect(plays.some((p) => (p.args[0] as { streamID: string }).streamID === 'zegoRange_far')).to.equal(false);
  });

  it('volume falls linearly with distance to silence at the receive range; on the edge the stream keeps playing (hysteresis)', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const a = await join(roomID, 'a');
    const b = await join(roomID, 'b');
    await speak(a, [0, 0, 0]);
    b.range.setAudioReceiveRange(100);
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    const playing = playState(b, 'a', 'PLAYING');
    b.range.enableSpeaker(true);
    await playing;
    const peak = meter(b);
    // the reference is the window after the first one heard: a stream that starts playing peaks above its steady
    // level for a moment (Firefox: ~15% over its fake microphone's steady sine), which would read as a quieter fall
    await until(peak, audible, 'a heard at distance 0');
    const full = await peak();
    const levels: Record<number, number> = {};
    for (const d of [50, 80]) {
      b.range.updateSelfPosition([d, 0, 0], FWD, RIGHT, UP);
      await sleep(150); // the gain glides (30 ms time constant)
      levels[d] = (await peak()).level / full.level;
    }
    console.log(`relative level at 50: ${levels[50].toFixed(3)} (0.5 expected), at 80: ${levels[80].toFixed(3)} (0.2 expected)`);
    expect(levels[50]).to.be.closeTo(0.5, 0.06);
    expect(levels[80]).to.be.closeTo(0.2, 0.04);

    // 103 of 100: past the range but within the 5% margin, an already played stream stays played, silent
    const plays = recordEvents(b.engine, ['playerStateUpdate']);
    b.range.updateSelfPosition([103, 0, 0], FWD, RIGHT, UP);
    await sleep(150);
    const edge = await peak(1000);
    expect(edge.level, 'silent at the edge').to.be.below(1e-3);
    expect(plays, 'no stop on the edge').to.have.length(0);
    const stopped = playState(b, 'a', 'NO_PLAY');
    b.range.updateSelfPosition([106, 0, 0], FWD, RIGHT, UP);
    await stopped;
    // coming back to 103 does not start it again (only inside the range does)
    b.range.updateSelfPosition([103, 0, 0], FWD, RIGHT, UP);
    await sleep(300);
    expect(plays.filter((p) => (p.args[0] as { state: string }).state !== 'NO_PLAY')).to.have.length(0);

    // setRangeAudioVolume scales everything heard
    const restarted = playState(b, 'a', 'PLAYING');
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    await restarted;
    await until(peak, audible, 'a heard again');
    const before = await peak(); // steady, as above
    b.range.setRangeAudioVolume(50);
    await sleep(150);
    const half = (await peak()).level / before.level;
    console.log(`setRangeAudioVolume(50): relative level ${half.toFixed(3)}`);
    expect(half).to.be.closeTo(0.5, 0.06);
    expect(() => b.range.setRangeAudioVolume(-1)).to.throw();
  });

  it('team: a teammate far away is heard, a stranger nearby is not in Team mode; SecretTeam hears both; leaving the team drops the far one', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const b = await join(roomID, 'b');
    const mate = await join(roomID, 'mate');
    const stranger = await join(roomID, 'stranger', 'there');
    mate.range.setTeamID('red');
    await speak(mate, [5000, 0, 0]);
    await speak(stranger, [5, 0, 0]);
    const plays = recordEvents(b.engine, ['playerStateUpdate']);
    const playing = (userID: string) =>
      plays.filter((p) => (p.args[0] as { streamID: string }).streamID === `zegoRange_${userID}`).at(-1)?.args[0] as
        { state: string } | undefined;
    b.range.setTeamID('red');
    b.range.setRangeAudioMode(1);
    b.range.setAudioReceiveRange(100);
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    const mateOn = playState(b, 'mate', 'PLAYING');
    b.range.enableSpeaker(true);
    await mateOn;
    const peak = meter(b);
    const heard = await until(peak, audible, 'the teammate 5000 away heard');
    console.log(`teammate at 5000 (range 100), Team mode: output peak ${heard.level.toFixed(3)}`);
    expect(playing('stranger'), 'the stranger 5 away is not played in Team mode').to.equal(undefined);
    expect(() => b.range.setRangeAudioCustomMode(0, 0), 'modes do not mix').to.throw();

    // SecretTeam: the team anywhere and the world in range
    const strangerOn = playState(b, 'stranger', 'PLAYING');
    b.range.setRangeAudioMode(2);
    await strangerOn;
    expect(playing('mate')?.state).to.equal('PLAYING');

    // no team any more: the teammate is a stranger 5000 away, out of range
    const mateOff = playState(b, 'mate', 'NO_PLAY');
    b.range.setTeamID(undefined);
    await mateOff;
    expect(playing('stranger')?.state).to.equal('PLAYING');
  });

  it('spatializer: a source on the right is louder in the right ear, on the left in the left; off, both ears are equal', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const b = await join(roomID, 'b');
    const c = await join(roomID, 'c', 'there');
    await speak(c, [0, 5, 0]);
    b.range.setAudioReceiveRange(100);
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    const playing = playState(b, 'c', 'PLAYING');
    b.range.enableSpeaker(true);
    await playing;
    const peak = meter(b);
    const flat = await until(peak, audible, 'c heard');
    expect(flat.L).to.be.closeTo(flat.R, 0.01 * flat.R);

    b.range.enableSpatializer(true);
    const right = await until(peak, (p) => p.R > 1.4 * p.L, 'right ear louder');
    // the listener turns round (facing backward, its right is the world's left): the source is now on its left
    b.range.updateSelfPosition([0, 0, 0], [-1, 0, 0], [0, -1, 0], UP);
    const left = await until(peak, (p) => p.L > 1.4 * p.R, 'left ear louder');
    // the source moves to the listener's right again by moving in the world
    c.range.updateSelfPosition([0, -5, 0], FWD, RIGHT, UP);
    const back = await until(peak, (p) => p.R > 1.4 * p.L, 'right ear louder again');
    console.log(
      `source right: L ${right.L.toFixed(3)} R ${right.R.toFixed(3)} (R/L ${(right.R / right.L).toFixed(2)}); ` +
        `listener turned: L/R ${(left.L / left.R).toFixed(2)}; source moved: R/L ${(back.R / back.L).toFixed(2)}`,
    );
    b.range.enableSpatializer(false);
    await until(peak, (p) => audible(p) && Math.abs(p.L - p.R) < 0.01 * p.level, 'both ears equal');
  });

  it('vocal sources: an <audio> element and a played stream view are heard within their vocal range, from their position', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const a = await join(roomID, 'a');
    const views = new Map<unknown, MediaStream>();
    const b = await join(roomID, 'b', 'here', { viewStream: (view) => views.get(view) });
    b.range.updateSelfPosition([0, 0, 0], FWD, RIGHT, UP);
    b.range.enableSpatializer(true);
    b.range.isAudioContextRunning(); // makes the context
    const peak = meter(b);

    // an element playing a 440 Hz tone (amplitude 0.5): heard only once given a vocal range, panned to its side
    const el = document.createElement('audio');
    el.src = tone(440, 0.5, 2);
    el.loop = true;
    await el.play();
    b.range.updateCustomSourcePosition(el, [0, 10, 0]);
    expect(el.muted, 'the element plays through range audio').to.equal(true);
    expect((await peak()).level, 'vocal range 0: not heard').to.be.below(1e-3);
    b.range.setCustomSourceVocalRange(el, 50);
    const heard = await until(peak, (p) => p.R > 1.4 * p.L && p.R > 0.2, 'the element heard on the right');
    console.log(`element 10 to the right, vocal range 50: L ${heard.L.toFixed(3)} R ${heard.R.toFixed(3)}`);
    b.range.updateCustomSourcePosition(el, [0, -60, 0]);
    await until(peak, (p) => p.level < 1e-3, 'the element out of its range');
    b.range.updateCustomSourcePosition(el, [0, -10, 0]);
    const leftSide = await until(peak, (p) => p.L > 1.4 * p.R && p.L > 0.2, 'the element heard on the left');
    el.volume = 0.5;
    await sleep(150);
    const quieter = (await peak()).L / leftSide.L;
    console.log(`element volume 0.5: relative level ${quieter.toFixed(3)}`);
    expect(quieter, "the element's own volume applies").to.be.closeTo(0.5, 0.06);
    el.pause();
    await until(peak, (p) => p.level < 1e-3, 'the element paused');

    // a stream played by the page itself (not a range stream), through a view: its own audio muted, heard through range audio
    const local = await a.engine.createZegoStream({ camera: { video: false, audio: true } });
    a.engine.startPublishingStream('a-plain', local);
    const media = await b.engine.startPlayingStream('a-plain');
    const view = b.engine.createRemoteStreamView(media);
    views.set(view, media);
    b.range.updateStreamPosition(view, [20, 0, 0]);
    b.range.setStreamVocalRange(view, 100);
    const viewed = await until(peak, (p) => audible(p, 0.3), 'the view heard');
    console.log(`view 20 ahead, vocal range 100: L ${viewed.L.toFixed(3)} R ${viewed.R.toFixed(3)} (0.8 of the beep expected per ear)`);
    b.range.setStreamVocalRange(view, 10);
    await until(peak, (p) => p.level < 1e-3, 'the view out of its range');

    b.range._destroy();
    expect(el.muted, 'the element is given back').to.equal(false);
    expect(() => b.range.setStreamVocalRange({} as never, 1)).to.throw('type of parameter 1');
  });

  it('devices, AudioContext and voice processing: selectMicrophone, selectSpeaker, resumeAudioContext, enableAiDenoise, voice changer', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    // a wrapper that only records which local stream the range audio captured: every call goes to the real engine
    const engine = new ZegoLocalEngine(1, '');
    engines.push(engine);
    let captured: Awaited<ReturnType<ZegoLocalEngine['createZegoStream']>> | undefined;
    const recording = new Proxy(engine, {
      get(target, prop) {
        if (prop === 'createZegoStream') return async (o: never) => (captured = await target.createZegoStream(o));
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const range = new ZegoExpressRangeAudio(recording, { self: selfOf(engine, roomID, 'a') });
    ranges.push(range);
    await engine.loginRoom(roomID, 't', { userID: 'a' }, { userUpdate: true });

    expect(range.enableAiDenoise(false)).to.equal(true);
    expect(range.setAiDenoiseMode(2)).to.equal(true);
    expect(range.setAiDenoiseMode(7 as never)).to.equal(false);
    const mics = await engine.getMicrophones();
    expect(await range.selectMicrophone(mics[0].deviceID), 'before the microphone is on').to.equal(true);
    await speak({ userID: 'a', engine, range }, [0, 0, 0]);
    const track = captured!.stream!.getAudioTracks()[0];
    console.log(`microphones ${JSON.stringify(mics.map((m) => m.deviceID))}; captured ${track.getSettings().deviceId}`);
    // Firefox's fake microphone has no noise suppression (its settings always say off): nothing to turn off there
    await waitFor(
      () => (isFirefox ? track.getSettings() : track.getConstraints()).noiseSuppression === false,
      5000,
      'noise suppression off',
    );
    range.enableAiDenoise(true);
    await waitFor(() => captured!.stream!.getAudioTracks()[0].getConstraints().noiseSuppression === true, 5000, 'noise suppression on');
    expect(await range.selectMicrophone(mics[0].deviceID), 'while on').to.equal(true);

    const voiceChanger = typeof (engine as unknown as { setVoiceChangerPreset?: unknown }).setVoiceChangerPreset === 'function';
    expect(range.setVoiceChangerPreset(1), 'as the engine can').to.equal(voiceChanger);
    expect(range.setVoiceChangerParam(3), 'as the engine can').to.equal(voiceChanger);
    expect(range.setVoiceChangerPreset(99 as never)).to.equal(false);

    expect(await range.resumeAudioContext()).to.equal(true);
    expect(range.isAudioContextRunning()).to.equal(true);
    const ctx = range._context as AudioContext & { sinkId?: string };
    range.selectSpeaker('');
    await sleep(50);
    expect(ctx.sinkId ?? '').to.equal('');
    expect(() => range.selectSpeaker(1 as never)).to.throw();
    expect(() => range.setPositionUpdateFrequency(10)).to.throw();
    expect(() => range.enableAudioSourceUpdateChecker(true, { frequency: 10 })).to.throw();
    expect(() => range.updateSelfPosition([1, 2] as never, FWD, RIGHT, UP)).to.throw('position');
    expect(ZegoExpressRangeAudio.getInstance(recording, null), "the engine's one instance").to.equal(range);
  });

  it('positions are sent at most every setPositionUpdateFrequency ms (at least 100), the latest one last', async () => {
    const roomID = uniqueRoom('ra');
    const a = await join(roomID, 'a');
    const b = await join(roomID, 'b');
    const times: number[] = [];
    let last: readonly number[] | null = null;
    b.engine.on('recvRoomTransparentMessage', (_r, m) => {
      times.push(performance.now());
      last = decodePosition(m.content);
    });
    a.range.setPositionUpdateFrequency(15); // raised to 100
    const start = performance.now();
    for (let i = 1; i <= 40; i++) {
      a.range.updateSelfPosition([i, 0, 0], FWD, RIGHT, UP);
      await sleep(10);
    }
    await waitFor(() => (last as readonly number[] | null)?.[0] === 40, 5000, 'the last position');
    const spent = performance.now() - start;
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    console.log(`40 moves in ${spent.toFixed(0)} ms -> ${times.length} messages, smallest gap ${Math.min(...gaps).toFixed(0)} ms`);
    expect(times.length).to.be.at.most(Math.ceil(spent / 100) + 1);
    expect(Math.min(...gaps)).to.be.above(50); // 100 ms apart when sent, give or take delivery
    // a user who joins later gets our position at once
    let got: ReturnType<typeof nextEvent<'recvRoomTransparentMessage'>> | undefined;
    await join(roomID, 'late', 'here', {}, (engine) => {
      got = nextEvent(engine, 'recvRoomTransparentMessage', (_r, m) => m.sendUser.userID === 'a');
    });
    const [, message] = await got!;
    expect(decodePosition(message.content)).to.deep.equal([40, 0, 0]);
  });

  it('leaving the room turns the microphone off and the speaker off, and forgets the room; after logging in again it works again', async () => {
    const roomID = uniqueRoom('ra');
    const a = await join(roomID, 'a');
    const b = await join(roomID, 'b');
    await speak(a, [0, 0, 0]);
    b.range.updateSelfPosition([1, 0, 0], FWD, RIGHT, UP);
    const playing = playState(b, 'a', 'PLAYING');
    b.range.enableSpeaker(true);
    await playing;
    const states: number[] = [];
    a.range.on('microphoneStateUpdate', (state) => states.push(state));
    const stopped = playState(b, 'a', 'NO_PLAY');
    a.engine.logoutRoom(roomID);
    expect(states).to.deep.equal([0]);
    expect(() => a.range.enableMicrophone(true), 'out of the room').to.throw('log in room first');
    await stopped;
    // a comes back: its microphone is off until asked again; b's speaker is still on
    await a.engine.loginRoom(roomID, 't', { userID: 'a' }, { userUpdate: true });
    const again = playState(b, 'a', 'PLAYING');
    a.range.enableMicrophone(true);
    await again;
    // b leaves: as in the SDK its speaker goes off with the room; back in, it must be switched on again
    b.engine.logoutRoom(roomID);
    expect(() => b.range.enableSpeaker(true)).to.throw('log in room first');
    const plays = recordEvents(b.engine, ['playerStateUpdate']);
    await b.engine.loginRoom(roomID, 't', { userID: 'b' }, { userUpdate: true });
    b.range.updateSelfPosition([1, 0, 0], FWD, RIGHT, UP);
    await sleep(500);
    expect(plays, 'speaker off after the room was left').to.have.length(0);
    const back = playState(b, 'a', 'PLAYING');
    b.range.enableSpeaker(true);
    await back;
  });

  it('_destroy (the engine destroyed) stops the microphone and every play, closes the AudioContext and stops listening', async () => {
    await activate();
    const roomID = uniqueRoom('ra');
    const a = await join(roomID, 'a');
    const b = await join(roomID, 'b');
    const captures = here.liveCaptureTracks();
    await speak(a, [0, 0, 0]);
    b.range.updateSelfPosition([1, 0, 0], FWD, RIGHT, UP);
    const playing = playState(b, 'a', 'PLAYING');
    b.range.enableSpeaker(true);
    await playing;
    const ctx = b.range._context!;
    await waitFor(() => ctx.state === 'running', 5000, 'running');
    // quality reports, by user (the engine reports every second in these tests)
    const qualities: unknown[][] = [];
    a.range.on('publishQualityUpdate', (...args) => qualities.push(['publish', ...args]));
    b.range.on('playQualityUpdate', (...args) => qualities.push(['play', ...args]));
    await waitFor(() => qualities.some((q) => q[0] === 'publish') && qualities.some((q) => q[0] === 'play'), 8000, 'quality reports');
    const [, publisher, sent] = qualities.find((q) => q[0] === 'publish') as [string, string, { audioBitrate: number }];
    const [, player, got] = qualities.find((q) => q[0] === 'play') as [string, string, { audioBitrate: number; peerToPeerDelay: unknown }];
    expect([publisher, player]).to.deep.equal(['a', 'a']);
    expect(sent.audioBitrate).to.be.a('number');
    expect(got.audioBitrate).to.be.a('number');
    expect(got).to.have.property('peerToPeerDelay');
    const pcs = here.livePeerConnections();

    const stopped = playState(b, 'a', 'NO_PLAY');
    b.range._destroy();
    await stopped;
    await waitFor(() => ctx.state === 'closed', 5000, 'context closed');
    expect(b.range._context).to.equal(null);
    expect(b.range.isAudioContextRunning()).to.equal(false);
    // one connection fewer (the play; a's publication of it ends with it)
    await waitFor(() => here.livePeerConnections() < pcs, 5000, 'play connection closed');

    const unpublished = nextEvent(a.engine, 'publisherStateUpdate', (r) => r.state === 'NO_PUBLISH');
    const gone = nextEvent(b.engine, 'roomStreamUpdate', (_r, type) => type === 'DELETE');
    a.range._destroy();
    await unpublished;
    await gone;
    await waitFor(() => here.liveCaptureTracks() === captures, 5000, 'the microphone released');
    expect(here.livePeerConnections()).to.equal(0);
    const after = ZegoExpressRangeAudio.getInstance(b.engine, null);
    expect(after, 'a new instance after destroy').to.not.equal(b.range);
    ranges.push(after);
  });
});

/** A WAV tone as a blob URL: mono 48 kHz, `amplitude` of full scale. */
function tone(freq: number, amplitude: number, seconds: number): string {
  const rate = 48000;
  const n = rate * seconds;
  const buf = new ArrayBuffer(44 + n * 2);
  const v = new DataView(buf);
  const str = (o: number, t: string) => [...t].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  str(36, 'data');
  v.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) v.setInt16(44 + i * 2, Math.sin((2 * Math.PI * freq * i) / rate) * amplitude * 32767, true);
  return URL.createObjectURL(new Blob([buf], { type: 'audio/wav' }));
}
