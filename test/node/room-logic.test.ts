// The pure parts of <zego-room>'s controller: which engine the attributes ask for, and what each engine callback
// changes in the snapshot children see.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_SNAPSHOT, type RoomSnapshot } from '../../src/room/context.js';
import { planEngine, type EngineSettings } from '../../src/room/engine-plan.js';
import { snapshotPatch } from '../../src/room/snapshot.js';
import { Code } from '../../src/shared/codes.js';

const settings = (over: Partial<EngineSettings> = {}): EngineSettings => ({
  engine: null,
  appID: null,
  server: null,
  loginTimeout: 30,
  debug: false,
  factory: undefined,
  ...over,
});

describe('planEngine', () => {
  it('no app-id: the local engine on BroadcastChannel; a ws:// server: the local engine on it', () => {
    assert.deepEqual(planEngine(settings()), { ok: true, plan: { key: 'local:1:', kind: 'local', appID: 1, server: '' } });
    const lan = planEngine(settings({ server: ' ws://10.0.0.2:9090 ' }));
    assert.ok(lan.ok && lan.plan.kind === 'local' && lan.plan.server === 'ws://10.0.0.2:9090');
  });

  it('an app-id: ZEGO with its wss:// server; engine="local" keeps the local engine', () => {
    const zego = planEngine(settings({ appID: '123', server: 'wss://webliveroom123-api.zego.im/ws' }));
    assert.ok(zego.ok && zego.plan.kind === 'zego' && zego.plan.appID === 123);
    const local = planEngine(settings({ appID: '123', engine: 'local' }));
    assert.ok(local.ok && local.plan.kind === 'local' && local.plan.appID === 123);
  });

  it('an injected factory wins; the same factory keeps its key', () => {
    const factory = () => {
      throw new Error('not called');
    };
    const a = planEngine(settings({ factory }));
    const b = planEngine(settings({ factory, engine: 'zego' }));
    assert.ok(a.ok && b.ok && a.plan.kind === 'injected' && a.plan.key === b.plan.key);
  });

  it('bad attributes are refused with 1100001 and a sentence naming them', () => {
    for (const [over, words] of [
      [{ appID: 'abc' }, 'app-id'],
      [{ appID: '-1' }, 'app-id'],
      [{ loginTimeout: 0 }, 'login-timeout'],
      [{ engine: 'zego' }, 'app-id'],
      [{ appID: '1', server: 'http://x' }, 'server URL'],
      [{ server: 'http://x' }, 'ws://'],
      [{ engine: 'webrtc' }, 'engine must be'],
    ] as [Partial<EngineSettings>, string][]) {
      const r = planEngine(settings(over));
      assert.ok(!r.ok, JSON.stringify(over));
      assert.equal(r.error.code, Code.INPUT_PARAM);
      assert.match(r.error.message, new RegExp(words));
    }
  });
});

describe('snapshotPatch', () => {
  const snap = (over: Partial<RoomSnapshot> = {}): RoomSnapshot => ({ ...EMPTY_SNAPSHOT, ...over });
  const user = (userID: string) => ({ userID, userName: userID });
  const stream = (streamID: string, extraInfo = '') => ({
    streamID,
    user: user('u'),
    extraInfo,
    urlsFLV: '',
    urlsRTMP: '',
    urlsHLS: '',
    urlsHttpsFLV: '',
    urlsHttpsHLS: '',
  });

  it('users and streams: ADD appends (replacing a same ID), DELETE removes; another room changes nothing', () => {
    const s = snap({ users: [user('a')] });
    assert.deepEqual(snapshotPatch(s, 'r1', 'roomUserUpdate', ['r1', 'ADD', [user('b'), user('a')]])?.users, [user('b'), user('a')]);
    assert.deepEqual(snapshotPatch(s, 'r1', 'roomUserUpdate', ['r1', 'DELETE', [user('a')]])?.users, []);
    assert.equal(snapshotPatch(s, 'r1', 'roomUserUpdate', ['r2', 'ADD', [user('b')]]), null);
    assert.equal(snapshotPatch(s, undefined, 'roomUserUpdate', ['r1', 'ADD', [user('b')]]), null, 'no session');
    assert.equal(snapshotPatch(s, 'r1', 'roomStreamUpdate', ['r1', 'ADD', 'not a list']), null);
    const withStream = snap({ streams: [stream('s1')] });
    assert.deepEqual(snapshotPatch(withStream, 'r1', 'roomStreamUpdate', ['r1', 'DELETE', [stream('s1')], '{}'])?.streams, []);
  });

  it('extra info updates the listed streams only; entries stay frozen', () => {
    const s = snap({ streams: [stream('s1'), stream('s2')] });
    const patch = snapshotPatch(s, 'r1', 'streamExtraInfoUpdate', ['r1', [{ streamID: 's2', extraInfo: 'x' }]])!;
    assert.deepEqual(
      patch.streams!.map((st) => st.extraInfo),
      ['', 'x'],
    );
    assert.equal(patch.streams![0], s.streams[0]);
    assert.ok(Object.isFrozen(patch.streams![1]));
  });

  it('sound levels: a new map when they changed, nothing when they are the same', () => {
    const s = snap({ soundLevels: { a: 1 } });
    assert.equal(snapshotPatch(s, 'r1', 'soundLevelUpdate', [[{ streamID: 'a', soundLevel: 1 }]]), null);
    assert.deepEqual(snapshotPatch(s, 'r1', 'soundLevelUpdate', [[{ streamID: 'a', soundLevel: 2 }]]), { soundLevels: { a: 2 } });
  });
});
