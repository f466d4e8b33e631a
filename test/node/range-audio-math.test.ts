// Range audio's geometry and hearing rules (src/engine/range-audio-math.ts): pure functions, no audio.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodePosition,
  distance,
  encodePosition,
  falloff,
  HYSTERESIS,
  isPosition,
  ListenMode,
  listenModeOf,
  MAX_PLAYING,
  parseStreamInfo,
  POSITION_BYTES,
  RangeMode,
  relativePosition,
  selectHeard,
  SpeakMode,
  speakModeOf,
  streamExtraInfo,
  toWebAudio,
  withinRange,
  type Hearing,
  type Speaker,
  type Vec3,
} from '../../src/engine/range-audio-math.js';

const near = (a: readonly number[], b: readonly number[], eps = 1e-9) =>
  assert.ok(a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < eps), `${JSON.stringify(a)} ≉ ${JSON.stringify(b)}`);

describe('range audio geometry', () => {
  it('isPosition: three numbers (numeric strings too), as the SDK checks', () => {
    assert.equal(isPosition([1, 2, 3]), true);
    assert.equal(isPosition(['1', '2.5', -3]), true);
    assert.equal(isPosition([1, 2]), false);
    assert.equal(isPosition([1, 2, NaN]), false);
    assert.equal(isPosition([1, '', 3]), false);
    assert.equal(isPosition([1, 2, Infinity]), false);
    assert.equal(isPosition('1,2,3'), false);
  });

  it('distance is Euclidean', () => {
    assert.equal(distance([0, 0, 0], [3, 4, 0]), 5);
    assert.equal(distance([1, 1, 1], [1, 1, 1]), 0);
  });

  it('falloff: linear from 1 at the listener to 0 at the range, unlimited without a range', () => {
    assert.equal(falloff(0, 100), 1);
    assert.equal(falloff(25, 100), 0.75);
    assert.equal(falloff(50, 100), 0.5);
    assert.equal(falloff(100, 100), 0);
    assert.equal(falloff(150, 100), 0);
    assert.equal(falloff(1e6, null), 1);
    assert.equal(falloff(0, 0), 0);
  });

  it('withinRange: a playing source keeps playing a little past the range (hysteresis), a new one starts only inside', () => {
    const edge = 100 * (1 + HYSTERESIS);
    assert.equal(withinRange(100, 100, false), true);
    assert.equal(withinRange(101, 100, false), false);
    assert.equal(withinRange(101, 100, true), true);
    assert.equal(withinRange(edge, 100, true), true);
    assert.equal(withinRange(edge + 0.01, 100, true), false);
    assert.equal(withinRange(null, 100, true), false);
    assert.equal(withinRange(1e9, null, false), true);
  });

  it('relativePosition: a source in the listener frame [ahead, right, up], whatever way it faces', () => {
    const axes = { forward: [1, 0, 0] as Vec3, right: [0, 1, 0] as Vec3, up: [0, 0, 1] as Vec3 };
    near(relativePosition([10, 5, 0], { position: [10, 0, 0], ...axes }), [0, 5, 0]);
    // facing world-right: a source ahead in the world is on the listener's left
    const facingRight = { position: [0, 0, 0] as Vec3, forward: [0, 1, 0] as Vec3, right: [-1, 0, 0] as Vec3, up: [0, 0, 1] as Vec3 };
    near(relativePosition([3, 0, 0], facingRight), [0, -3, 0]);
    near(relativePosition([0, 4, 0], facingRight), [4, 0, 0]);
    // axes that are not unit vectors are normalised
    near(relativePosition([0, 2, 0], { position: [0, 0, 0], forward: [5, 0, 0], right: [0, 3, 0], up: [0, 0, 9] }), [0, 2, 0]);
    // a zero axis falls back to the world's
    near(relativePosition([0, 2, 0], { position: [0, 0, 0], forward: [0, 0, 0], right: [0, 0, 0], up: [0, 0, 0] }), [0, 2, 0]);
  });

  it('toWebAudio: [ahead, right, up] -> x right, y up, z backward', () => {
    near(toWebAudio([1, 0, 0]), [0, 0, -1]);
    near(toWebAudio([0, 1, 0]), [1, 0, 0]);
    near(toWebAudio([0, 0, 1]), [0, 1, 0]);
  });
});

describe('range audio position messages', () => {
  it('round-trip through 16 bytes that start with "ZRA" and a version', () => {
    const bytes = encodePosition([1.5, -250, 1e4]);
    assert.equal(bytes.byteLength, POSITION_BYTES);
    assert.deepEqual([...bytes.slice(0, 4)], [0x5a, 0x52, 0x41, 1]);
    near(decodePosition(bytes)!, [1.5, -250, 1e4]);
  });

  it('anything else is not a position: other transparent messages are left alone', () => {
    assert.equal(decodePosition(new Uint8Array([1, 2, 3])), null);
    assert.equal(decodePosition(new Uint8Array(16)), null);
    const other = encodePosition([1, 2, 3]);
    other[3] = 2; // another version
    assert.equal(decodePosition(other), null);
    const nan = encodePosition([1, 2, 3]);
    new DataView(nan.buffer).setFloat32(4, NaN, true);
    assert.equal(decodePosition(nan), null);
    // a view into a larger buffer decodes too
    const big = new Uint8Array(32);
    big.set(encodePosition([7, 8, 9]), 8);
    near(decodePosition(big.subarray(8, 24))!, [7, 8, 9]);
  });
});

describe('range audio stream extra info', () => {
  it("is the SDK's: team, 1-based mode, range flag, speak mode in World or custom modes", () => {
    assert.deepEqual(JSON.parse(streamExtraInfo(undefined, RangeMode.World, undefined)), {
      range_audio_team_id: '',
      range_audio_mode: 1,
      r_a_s_flag: 1,
      r_a_speak: SpeakMode.All,
    });
    assert.deepEqual(JSON.parse(streamExtraInfo('red', RangeMode.Team, undefined)), {
      range_audio_team_id: 'red',
      range_audio_mode: 2,
      r_a_s_flag: 1,
    });
    assert.deepEqual(JSON.parse(streamExtraInfo('red', RangeMode.World, SpeakMode.Team)), {
      range_audio_team_id: 'red',
      range_audio_mode: 1,
      r_a_s_flag: 1,
      r_a_speak: SpeakMode.Team,
    });
  });

  it('parses back; streams without the keys (or flagged off) are not range streams', () => {
    assert.deepEqual(parseStreamInfo(streamExtraInfo('red', RangeMode.SecretTeam, undefined)), {
      teamID: 'red',
      mode: RangeMode.SecretTeam,
      speakMode: SpeakMode.Team,
    });
    assert.deepEqual(parseStreamInfo(streamExtraInfo(undefined, RangeMode.World, undefined)), {
      teamID: undefined,
      mode: RangeMode.World,
      speakMode: SpeakMode.All,
    });
    assert.equal(parseStreamInfo(''), null);
    assert.equal(parseStreamInfo('hello'), null);
    assert.equal(parseStreamInfo('{"title":"cam"}'), null);
    assert.equal(parseStreamInfo('{"range_audio_team_id":"","range_audio_mode":1,"r_a_s_flag":0}'), null);
  });

  it('modes: World hears and speaks to all; Team only the team; SecretTeam speaks to the team, hears all', () => {
    assert.equal(listenModeOf(RangeMode.World), ListenMode.All);
    assert.equal(listenModeOf(RangeMode.Team), ListenMode.Team);
    assert.equal(listenModeOf(RangeMode.SecretTeam), ListenMode.All);
    assert.equal(speakModeOf(RangeMode.World), SpeakMode.All);
    assert.equal(speakModeOf(RangeMode.Team), SpeakMode.Team);
    assert.equal(speakModeOf(RangeMode.SecretTeam), SpeakMode.Team);
  });
});

describe('range audio: whom a listener hears', () => {
  const speaker = (userID: string, position: Vec3 | null, extra: Partial<Speaker> = {}): Speaker => ({
    userID,
    teamID: undefined,
    speakMode: SpeakMode.All,
    position,
    playing: false,
    ...extra,
  });
  const hearing = (extra: Partial<Hearing> = {}): Hearing => ({
    listenMode: ListenMode.All,
    teamID: undefined,
    receiveRange: 100,
    position: [0, 0, 0],
    ...extra,
  });
  const ids = (h: { userID: string }[]) => h.map((x) => x.userID);

  it('world: within the receive range, nearest first, with the fall-off as gain', () => {
    const heard = selectHeard(hearing(), [speaker('far', [90, 0, 0]), speaker('out', [150, 0, 0]), speaker('near', [0, 30, 40])]);
    assert.deepEqual(ids(heard), ['near', 'far']);
    assert.equal(heard[0].via, 'world');
    assert.equal(heard[0].distance, 50);
    assert.equal(heard[0].gain, 0.5);
    assert.ok(Math.abs(heard[1].gain - 0.1) < 1e-12);
  });

  it('no listener position (or no source position): nobody from the world, as the SDK', () => {
    assert.deepEqual(selectHeard(hearing({ position: null }), [speaker('a', [1, 0, 0])]), []);
    assert.deepEqual(selectHeard(hearing(), [speaker('a', null)]), []);
  });

  it('no receive range: everyone with a position, at full volume', () => {
    const heard = selectHeard(hearing({ receiveRange: null }), [speaker('a', [1e6, 0, 0])]);
    assert.deepEqual(heard, [{ userID: 'a', via: 'world', distance: 1e6, gain: 1 }]);
  });

  it('team: a teammate far away (or with no position) is heard at full volume; another team is not', () => {
    const speakers = [
      speaker('mate', [1e4, 0, 0], { teamID: 'red', speakMode: SpeakMode.Team }),
      speaker('lost', null, { teamID: 'red' }),
      speaker('enemy', [1e4, 0, 0], { teamID: 'blue', speakMode: SpeakMode.Team }),
    ];
    const heard = selectHeard(hearing({ teamID: 'red', listenMode: ListenMode.Team }), speakers);
    assert.deepEqual(ids(heard), ['mate', 'lost']);
    assert.ok(heard.every((h) => h.via === 'team' && h.gain === 1));
  });

  it('team mode hears no one outside the team, even next to it', () => {
    const heard = selectHeard(hearing({ teamID: 'red', listenMode: ListenMode.Team }), [speaker('stranger', [1, 0, 0])]);
    assert.deepEqual(heard, []);
  });

  it('secret team: teammates anywhere, strangers in range; a speaker that speaks to its team only is not heard by strangers', () => {
    const speakers = [
      speaker('mate', [1e4, 0, 0], { teamID: 'red', speakMode: SpeakMode.Team }),
      speaker('stranger', [10, 0, 0]),
      speaker('whisperer', [5, 0, 0], { teamID: 'blue', speakMode: SpeakMode.Team }),
    ];
    const heard = selectHeard(hearing({ teamID: 'red', listenMode: listenModeOf(RangeMode.SecretTeam) }), speakers);
    assert.deepEqual(
      heard.map((h) => [h.userID, h.via]),
      [
        ['mate', 'team'],
        ['stranger', 'world'],
      ],
    );
  });

  it('listen mode World: teammates count as the world (range applies)', () => {
    const heard = selectHeard(hearing({ teamID: 'red', listenMode: ListenMode.World }), [
      speaker('mate-far', [1e4, 0, 0], { teamID: 'red' }),
      speaker('mate-near', [10, 0, 0], { teamID: 'red' }),
    ]);
    assert.deepEqual(
      heard.map((h) => [h.userID, h.via]),
      [['mate-near', 'world']],
    );
  });

  it('speak mode World: heard in range but not as a teammate far away', () => {
    const s = speaker('a', [1e4, 0, 0], { teamID: 'red', speakMode: SpeakMode.World });
    assert.deepEqual(selectHeard(hearing({ teamID: 'red' }), [s]), []);
  });

  it('hysteresis: a playing speaker just past the range is kept (gain 0); a new one is not started', () => {
    const justOut: Vec3 = [100 * (1 + HYSTERESIS / 2), 0, 0];
    assert.deepEqual(selectHeard(hearing(), [speaker('a', justOut)]), []);
    const kept = selectHeard(hearing(), [speaker('a', justOut, { playing: true })]);
    assert.deepEqual(ids(kept), ['a']);
    assert.equal(kept[0].gain, 0);
  });

  it(`at most ${MAX_PLAYING}: teammates first, then the nearest`, () => {
    const crowd = Array.from({ length: 30 }, (_, i) => speaker(`u${i}`, [30 - i, 0, 0]));
    const mate = speaker('mate', [1e4, 0, 0], { teamID: 'red' });
    const heard = selectHeard(hearing({ teamID: 'red' }), [...crowd, mate]);
    assert.equal(heard.length, MAX_PLAYING);
    assert.equal(heard[0].userID, 'mate');
    assert.deepEqual(ids(heard.slice(1)), [
      'u29',
      'u28',
      'u27',
      'u26',
      'u25',
      'u24',
      'u23',
      'u22',
      'u21',
      'u20',
      'u19',
      'u18',
      'u17',
      'u16',
      'u15',
      'u14',
      'u13',
      'u12',
      'u11',
    ]);
  });
});
