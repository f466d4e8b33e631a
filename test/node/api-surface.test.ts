// The local engine's classes against every public member of the installed ZEGO SDK's classes (test/node/sdk-surface.ts
// reads both with the TypeScript compiler API), and docs/local-engine-api.md against the same analysis.
// `node --import tsx scripts/api-surface.ts` prints what is missing; `--write` regenerates the doc.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compareSurface, DOC_PATH, failures, readmeLine, renderDoc, SDK_DIR, sdkClasses, totals } from './sdk-surface.js';

const methods = (name: string) =>
  sdkClasses()
    .find((c) => c.name === name)
    ?.members.filter((m) => m.kind === 'method') ?? [];

describe('the local engine against the SDK typings', () => {
  it('reads the SDK classes and their public members from the installed typings', () => {
    const classes = sdkClasses();
    assert.ok(methods('ZegoExpressEngine').length >= 100, `ZegoExpressEngine: ${methods('ZegoExpressEngine').length} methods`);
    assert.ok(methods('ZegoLocalStream').length >= 29, `ZegoLocalStream: ${methods('ZegoLocalStream').length} methods`);
    assert.ok(methods('ZegoStreamView').length >= 16, `ZegoStreamView: ${methods('ZegoStreamView').length} methods`);
    const names = classes.map((c) => c.name);
    for (const name of [
      'ZegoAudioEffectPlayer',
      'ZegoStreamCompositor',
      'ZegoExpressRangeAudio',
      'ZegoRealTimeSequentialDataManager',
      'ZegoCopyrightedMusic',
    ])
      assert.ok(names.includes(name), `${name} was not found through the engine's return types (found ${names.join(', ')})`);
    const engine = classes.find((c) => c.name === 'ZegoExpressEngine')!;
    assert.equal(engine.ours, 'ZegoLocalEngine');
    const member = (name: string, isStatic = false) => engine.members.find((m) => m.name === name && m.isStatic === isStatic);
    // inherited from ZegoExpressWebRTMEngine, overridden ones read from the subclass, private/protected left out
    assert.equal(member('loginRoom')?.declaredIn, 'ZegoExpressWebRTMEngine');
    assert.equal(member('presetLogConfig', true)?.declaredIn, 'ZegoExpressWebRTMEngine');
    assert.deepEqual(
      member('setGeoFence', true)?.params.map((p) => p.name),
      ['type', 'areaList'],
    );
    assert.equal(member('on')?.declaredIn, 'ZegoExpressEngine');
    assert.equal(member('logger'), undefined);
    assert.equal(classes.flatMap((c) => c.members).filter((m) => m.name.startsWith('_')).length, 0);
    const active = classes.find((c) => c.name === 'ZegoLocalStream')!.members.find((m) => m.name === 'active');
    assert.deepEqual([active?.kind, active?.readonly, active?.type], ['property', true, 'boolean']);
  });

  it('has every SDK member on our classes with the same signature', () => {
    const list = failures(compareSurface());
    assert.equal(
      list.length,
      0,
      `${list.length} SDK members are missing or differ (node --import tsx scripts/api-surface.ts):\n${list.join('\n')}`,
    );
  });

  it('docs/local-engine-api.md is current', () => {
    const doc = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '';
    assert.ok(doc === renderDoc(compareSurface()), 'docs/local-engine-api.md is stale: node --import tsx scripts/api-surface.ts --write');
  });

  it("the README's totals line is current", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readmeLine(compareSurface());
    assert.ok(readme.includes(line), `README.md should say: ${line}`);
  });
});

describe('the comparison itself (a fixture engine folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-surface-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const entity = JSON.stringify(join(SDK_DIR, 'ZegoExpressEntity.web'));
  const view = JSON.stringify(join(SDK_DIR, 'ZegoStreamView.web'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(
    join(dir, 'nested', 'view.ts'),
    `import type { ZegoSnapshotOptions, ZegoStreamViewOptions } from ${entity};
import type { StreamViewEvent } from ${view};
import { ZegoStreamView as SdkView } from ${view};
export class ZegoStreamView {
  takeStreamSnapshot(option?: ZegoSnapshotOptions): string { return String(option); }
  play(container: string | HTMLElement, opts?: ZegoStreamViewOptions): void { void container; void opts; }
  stop(force: boolean): void { void force; }
  playVideo(container: string | HTMLElement, options: ZegoStreamViewOptions): void { void container; void options; }
  /** @cloud */
  stopVideo(): void {}
  static playAudio(options?: ZegoStreamViewOptions): void { void options; }
  get resume(): () => void { return () => {}; }
  /** @partial only the muted flag of the element */
  setAudioMuted(muted: boolean): boolean { return muted; }
  /** @accepted tunes ZEGO's CDN */
  setVideoMuted(muted: boolean): boolean { return muted; }
  /** @cloud ZEGO's audio routing */
  useAudioOutputDevice(deviceID: string): Promise<void> { return Promise.resolve(void deviceID); }
  setVolume(_volume: number): boolean { return true; }
  getVideoHeight(): string { return ''; }
  getVideoWidth = (): number => 0;
  on<E extends keyof StreamViewEvent>(event: E, callback: StreamViewEvent[E]): boolean { return !!event && !!callback; }
  off(event: number, callback?: () => void): boolean { return !!event && !!callback; }
}
export class ZegoLocalStream {
  readonly id = '';
  get active(): boolean { return true; }
  get stream(): MediaStream | null { return null; }
  readonly zegoStream: unknown;
  private getTracks(): MediaStreamTrack[] { return []; }
}
export class ZegoLocalEngine {
  async checkSystemRequirements(checkType?: 'webRTC', checkLevel?: 0 | 1) { void checkType; void checkLevel; return { errInfo: {}, webRTC: true }; }
  async createZegoStream(): Promise<number> { return 1; }
  static getVersion(): string { return ''; }
  zegoWebRTM = null;
  createLocalStreamView(localStream: MediaStream): SdkView { return new SdkView(localStream); }
}
`,
  );
  const reports = compareSurface(dir);
  const rows = (cls: string) => new Map(reports.find((r) => r.sdk.ours === cls)!.rows.map((r) => [r.sdk.name, r]));
  const viewRows = rows('ZegoStreamView');
  const problems = (cls: Map<string, { problems: string[] }>, name: string) => cls.get(name)!.problems.join('; ');

  it('finds our classes in subfolders', () => {
    assert.equal(reports.find((r) => r.sdk.ours === 'ZegoStreamView')!.file?.endsWith('nested/view.ts'), true);
    assert.equal(reports.find((r) => r.sdk.ours === 'ZegoAudioEffectPlayer')!.file, undefined);
  });

  it('fails on parameter names, count and optionality, kind, static-ness, return types and empty tags', () => {
    assert.match(problems(viewRows, 'play'), /parameters \(container, opts\?\), SDK \(container, options\?\)/);
    assert.match(problems(viewRows, 'stop'), /parameters \(force\), SDK \(\)/);
    assert.match(problems(viewRows, 'playVideo'), /SDK \(container, options\?\)/);
    assert.match(problems(viewRows, 'stopVideo'), /@cloud needs a text/);
    assert.equal(problems(viewRows, 'playAudio'), 'declared static here');
    assert.match(problems(viewRows, 'resume'), /is a property, the SDK's is a method/);
    assert.match(problems(viewRows, 'getVideoHeight'), /returns `string`, SDK `number`/);
    assert.equal(problems(viewRows, 'stopAudio'), 'missing');
    const engine = rows('ZegoLocalEngine');
    assert.match(
      problems(engine, 'createZegoStream'),
      /parameters \(\), SDK \(options\?\); returns `Promise<number>`, SDK `Promise<ZegoLocalStream>`/,
    );
    assert.equal(problems(engine, 'getVersion'), 'declared static here');
    assert.equal(problems(engine, 'createLocalStreamView'), "returns the SDK's ZegoStreamView, not ours");
  });

  it('accepts underscored unused parameters, renamed type parameters, arrow properties, assignable returns and getters for properties', () => {
    for (const name of ['takeStreamSnapshot', 'setVolume', 'on', 'getVideoWidth', 'off', 'setAudioMuted'])
      assert.equal(problems(viewRows, name), '', name);
    assert.equal(problems(rows('ZegoLocalEngine'), 'checkSystemRequirements'), '');
    const stream = rows('ZegoLocalStream');
    for (const name of ['id', 'active', 'stream', 'zegoStream']) assert.equal(problems(stream, name), '', name);
    assert.equal(problems(stream, 'getTracks'), 'missing');
  });

  it('warns (only) on parameter types and writability', () => {
    assert.equal(problems(viewRows, 'off'), '');
    assert.ok(viewRows.get('off')!.warnings.some((w) => w.startsWith('event: `number`')));
    assert.ok(viewRows.get('off')!.warnings.some((w) => w.startsWith('type parameters')));
    assert.deepEqual(rows('ZegoLocalStream').get('zegoStream')!.warnings, ['read-only here, writable in the SDK']);
    const rtm = rows('ZegoLocalEngine').get('zegoWebRTM')!;
    assert.deepEqual(rtm.problems, []);
    assert.match(rtm.warnings.join(), /`ZegoExpressWebRTM` is internal/);
  });

  it('reads the status tags and counts them', () => {
    assert.equal(viewRows.get('setAudioMuted')!.status, 'partial');
    assert.equal(viewRows.get('setAudioMuted')!.ours!.note, 'only the muted flag of the element');
    assert.equal(viewRows.get('setVideoMuted')!.status, 'accepted');
    assert.equal(viewRows.get('useAudioOutputDevice')!.status, 'cloud');
    assert.equal(viewRows.get('takeStreamSnapshot')!.status, 'implemented');
    const t = totals(reports.find((r) => r.sdk.ours === 'ZegoStreamView')!);
    assert.deepEqual(
      { present: t.present, partial: t.partial, accepted: t.accepted, cloud: t.cloud, missing: t.missing, sdk: t.sdk },
      { present: 14, partial: 1, accepted: 1, cloud: 2, missing: 2, sdk: 16 },
    );
  });
});
