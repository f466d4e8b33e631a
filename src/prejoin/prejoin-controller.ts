import { SoundLevelMeter } from '../engine/sound-level.js';
import { DeviceLists, type LocalDevice, type LocalDevices } from '../local/device-lists.js';
import type { ZegoErrorDetail } from '../room/events.js';
import { Code, checkUserName } from '../shared/codes.js';
import type { PrejoinChoices } from './events.js';
import { getUserMedia } from '../engine/secure-context.js';

export type Kind = 'camera' | 'microphone';
/** One device of the preview: not wanted, opening, capturing, or why it cannot. */
export type MediaState = 'off' | 'starting' | 'live' | 'denied' | 'none' | 'in-use' | 'error';
/** A state the person cannot fix by a click on the toggle: joining goes on without that device. */
export const FAILED: ReadonlySet<MediaState> = new Set(['denied', 'none', 'in-use', 'error']);

/** The localStorage key of the remembered choices: `{userName, camera, microphone, cameraID, microphoneID, speakerID}`. */
export const STORAGE_KEY = 'zego-prejoin';
/** The SDK's limit on a user name (`checkUserName`). */
export const NAME_MAX = 256;
/** How often the level meter moves. */
const LEVEL_MS = 100;
const TONE_S = 0.6;

export type NameProblem = { kind: 'required' } | { kind: 'too-long'; count: number } | null;

/** What the controller reads from its element when it starts. */
export interface PrejoinSettings {
  /** Read and write the choices in localStorage. */
  remember: boolean;
  nameOptional: boolean;
  userName: string | null;
  cameraOff: boolean;
  microphoneOff: boolean;
}

export interface PrejoinEvents {
  /** Something shown changed; `byPerson` when it was the person's doing (a `zego-prejoin-change`). */
  changed(byPerson: boolean): void;
  /** The microphone level for the meter, 0..100 on a decibel scale (-60 dB .. 0 dB), ~10 times a second. */
  level(level: number): void;
  /** A device could not start (a `zego-error`). */
  error(detail: ZegoErrorDetail): void;
}

type Stored = Partial<Record<'userName' | 'cameraID' | 'microphoneID' | 'speakerID', string | null> & Record<Kind, boolean>>;

const INPUT: Record<Kind, MediaDeviceKind> = { camera: 'videoinput', microphone: 'audioinput' };
const TRACK: Record<Kind, string> = { camera: 'video', microphone: 'audio' };

/** The getUserMedia failure as a state of the device and the SDK's code. */
function failureOf(e: unknown): { state: MediaState; code: number } {
  switch ((e as { name?: string } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { state: 'denied', code: Code.DEVICE_NOT_ALLOWED };
    case 'NotFoundError':
      return { state: 'none', code: Code.GET_MEDIA_FAIL };
    case 'NotReadableError':
      return { state: 'in-use', code: Code.DEVICE_NOT_READABLE };
    default:
      return { state: 'error', code: Code.GET_MEDIA_FAIL };
  }
}

/** The SDK-like peak level (0..100, linear) on the meter's decibel scale. */
export function meterLevel(sdkLevel: number): number {
  const peak = sdkLevel / 100;
  if (peak <= 0.001) return 0;
  return Math.round(Math.min(100, Math.max(0, ((20 * Math.log10(peak) + 60) / 60) * 100)));
}

function readStored(): Stored | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return null;
    const o = raw as Record<string, unknown>;
    const out: Stored = {};
    for (const key of ['userName', 'cameraID', 'microphoneID', 'speakerID'] as const) if (typeof o[key] === 'string') out[key] = o[key];
    for (const key of ['camera', 'microphone'] as const) if (typeof o[key] === 'boolean') out[key] = o[key];
    return out;
  } catch {
    return null; // storage disabled, or someone else's value under our key
  }
}

/**
 * The logic of `<zego-prejoin>`, apart from its template: the preview capture (one track per kind, so that each
 * toggle and picker acts on its own device), the device lists, the microphone level, the test tone, the name rules
 * and the remembered choices. Every track, AudioContext, timer and listener it makes ends in `stop()`.
 */
export class PrejoinController {
  userName = '';
  /** The person wants the camera / microphone on. */
  readonly wanted: Record<Kind, boolean> = { camera: true, microphone: true };
  readonly state: Record<Kind, MediaState> = { camera: 'off', microphone: 'off' };
  /** The camera's track alone, for the renderer; null while the camera is not live. */
  videoStream: MediaStream | null = null;
  /** The test tone is playing. */
  toneOn = false;
  /** The person left the name field or tried to join: an empty name is now an error shown. */
  nameTouched = false;

  private readonly picked: Record<Kind | 'speaker', string | null> = { camera: null, microphone: null, speaker: null };
  private readonly tracks: Partial<Record<Kind, MediaStreamTrack>> = {};
  /** Bumped by every capture and drop of a kind: an answer for an older request is stopped at once. */
  private readonly gen: Record<Kind, number> = { camera: 0, microphone: 0 };
  private readonly lists: DeviceLists;
  private connection?: AbortController;
  private meter?: SoundLevelMeter;
  private tone?: { ctx: AudioContext; audio: HTMLAudioElement | null };
  private initialized = false;

  constructor(
    private readonly settings: () => PrejoinSettings,
    private readonly events: PrejoinEvents,
  ) {
    this.lists = new DeviceLists({
      changed: () => this.events.changed(false),
      settled: () => this.capture(this.kinds((k) => this.state[k] === 'none')),
      granted: () => this.capture(this.kinds((k) => this.state[k] === 'denied')),
    });
  }

  /** Capturing (between `start()` and `stop()`). */
  get running(): boolean {
    return !!this.connection;
  }

  get devices(): LocalDevices {
    return this.lists.current;
  }

  /** The device a picker shows: the one capturing, else the one picked. */
  deviceOf(kind: Kind | 'speaker'): string | null {
    return (kind !== 'speaker' && this.tracks[kind]?.getSettings().deviceId) || this.known(kind);
  }

  get choices(): PrejoinChoices {
    return {
      userName: this.userName.trim(),
      camera: this.wanted.camera && !FAILED.has(this.state.camera),
      microphone: this.wanted.microphone && !FAILED.has(this.state.microphone),
      cameraID: this.deviceOf('camera'),
      microphoneID: this.deviceOf('microphone'),
      speakerID: this.deviceOf('speaker'),
    };
  }

  nameProblem(): NameProblem {
    const name = this.userName.trim();
    if (checkUserName(name)) return { kind: 'too-long', count: name.length };
    if (!name && !this.settings().nameOptional) return { kind: 'required' };
    return null;
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  /** Reads the choices (first time only), watches the devices and opens what is wanted. */
  start(): void {
    if (this.connection) return;
    this.init();
    const connection = new AbortController();
    this.connection = connection;
    this.lists.start(connection.signal);
    this.capture(this.kinds((k) => this.wanted[k]));
    this.events.changed(false);
  }

  /** Ends every track, the meter's AudioContext, the tone, the device listeners. The choices stay. */
  stop(): void {
    if (!this.connection) return;
    this.connection.abort();
    this.connection = undefined;
    for (const k of ['camera', 'microphone'] as const) {
      this.drop(k);
      if (!FAILED.has(this.state[k])) this.state[k] = 'off';
    }
    this.stopTone();
    this.events.changed(false);
  }

  /** Opens again whatever is wanted and not capturing; starts everything after a `stop()` (e.g. after a join). */
  retry(): void {
    if (!this.connection) this.start();
    else this.capture(this.kinds((k) => this.wanted[k] && this.state[k] !== 'live' && this.state[k] !== 'starting'));
  }

  // ---------------------------------------------------------------------------------------------- the person's changes

  setName(name: string): void {
    this.userName = name;
    this.nameTouched = true;
    this.changedByPerson();
  }

  /** A new name from the page (the `user-name` attribute changed): no event. */
  setNameFromPage(name: string): void {
    this.userName = name;
    this.events.changed(false);
  }

  touchName(): void {
    if (this.nameTouched) return;
    this.nameTouched = true;
    this.events.changed(false);
  }

  /** Camera or microphone on/off: off ends its track (the camera's light goes off). */
  toggle(kind: Kind): void {
    this.wanted[kind] = !this.wanted[kind];
    if (this.wanted[kind]) this.capture([kind]);
    else {
      this.drop(kind);
      this.state[kind] = 'off';
    }
    this.changedByPerson();
  }

  /** A device picked: switches live when that kind is on. */
  pick(kind: Kind | 'speaker', deviceId: string): void {
    this.picked[kind] = deviceId || null;
    if (kind !== 'speaker' && this.wanted[kind]) this.capture([kind], true);
    this.changedByPerson();
  }

  /** Writes the choices (when remembering). */
  remember(): void {
    if (!this.settings().remember) return;
    const c = this.choices;
    const stored: Stored = {
      userName: this.userName,
      camera: this.wanted.camera,
      microphone: this.wanted.microphone,
      cameraID: c.cameraID,
      microphoneID: c.microphoneID,
      speakerID: c.speakerID,
    };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    } catch {
      // storage full or disabled: the choices hold for this page only
    }
  }

  /** A short tone through the picked speaker (where the browser can route it), to check the sound. */
  async testSound(): Promise<void> {
    this.stopTone();
    if (!this.connection) return;
    const ctx = new AudioContext();
    const tone: { ctx: AudioContext; audio: HTMLAudioElement | null } = { ctx, audio: null };
    this.tone = tone;
    this.toneOn = true;
    this.events.changed(false);
    let out: AudioNode = ctx.destination;
    const sink = this.deviceOf('speaker');
    if (sink) {
      const routed = ctx as AudioContext & { setSinkId?: (id: string) => Promise<void> };
      if (typeof routed.setSinkId === 'function') await routed.setSinkId(sink).catch(() => {});
      else if (typeof HTMLMediaElement.prototype.setSinkId === 'function') {
        const destination = ctx.createMediaStreamDestination();
        tone.audio = new Audio();
        tone.audio.srcObject = destination.stream;
        await tone.audio.setSinkId(sink).catch(() => {});
        void tone.audio.play().catch(() => {});
        out = destination;
      }
    }
    if (this.tone !== tone) return;
    void ctx.resume().catch(() => {});
    const gain = ctx.createGain();
    gain.connect(out);
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + TONE_S);
    const osc = ctx.createOscillator();
    osc.frequency.setValueAtTime(660, t);
    osc.frequency.setValueAtTime(880, t + TONE_S / 3);
    osc.connect(gain);
    osc.onended = () => this.stopTone(tone);
    osc.start(t);
    osc.stop(t + TONE_S);
  }

  // ---------------------------------------------------------------------------------------------- capture

  private init(): void {
    if (this.initialized) return;
    this.initialized = true;
    const s = this.settings();
    // The remembered choices win over the attributes: those are the defaults of a first visit.
    const saved = s.remember ? readStored() : null;
    this.userName = saved?.userName ?? s.userName ?? '';
    this.wanted.camera = saved?.camera ?? !s.cameraOff;
    this.wanted.microphone = saved?.microphone ?? !s.microphoneOff;
    this.picked.camera = saved?.cameraID ?? null;
    this.picked.microphone = saved?.microphoneID ?? null;
    this.picked.speaker = saved?.speakerID ?? null;
  }

  private kinds(test: (k: Kind) => boolean): Kind[] {
    return (['camera', 'microphone'] as const).filter(test);
  }

  /** The picked device while it is in the list (or the list is not known yet); null for the default. */
  private known(kind: Kind | 'speaker'): string | null {
    const id = this.picked[kind];
    const list = this.list(kind);
    return id && (!list.length || list.some((d) => d.deviceId === id)) ? id : null;
  }

  private list(kind: Kind | 'speaker'): readonly LocalDevice[] {
    const d = this.lists.current;
    return kind === 'camera' ? d.cameras : kind === 'microphone' ? d.microphones : d.speakers;
  }

  /**
   * Opens `kinds` (their old tracks end first: a phone cannot open two cameras), in one request so that the browser
   * asks once. `exact` for a device the person picked from the list; a remembered one is only `ideal`, so that a
   * device that is gone falls back to the default.
   */
  private capture(kinds: Kind[], exact = false): void {
    const signal = this.connection?.signal;
    if (!signal || !kinds.length) return;
    const gens = new Map<Kind, number>();
    for (const k of kinds) {
      this.drop(k);
      gens.set(k, this.gen[k]);
      this.state[k] = 'starting';
    }
    this.events.changed(false);
    const current = (k: Kind) => !signal.aborted && this.gen[k] === gens.get(k);
    void this.open(kinds, exact, signal).then((results) => {
      for (const [k, result] of results) {
        if (!current(k)) {
          if (result instanceof MediaStreamTrack) result.stop();
          continue;
        }
        if (result instanceof MediaStreamTrack) this.install(k, result, signal);
        else {
          const { state, code } = failureOf(result);
          this.state[k] = state;
          const name = (result as { name?: string } | null)?.name ?? 'Error';
          this.events.error({
            code,
            message: `the ${k} could not start: ${name} ${(result as Error | null)?.message ?? ''}`.trim(),
            source: k,
          });
        }
      }
      if (results.some(([, r]) => r instanceof MediaStreamTrack)) void this.lists.refresh();
      this.events.changed(false);
    });
  }

  /** Each kind's track, or why it failed (a `NotFoundError` for a kind the machine does not have). */
  private async open(kinds: Kind[], exact: boolean, signal: AbortSignal): Promise<[Kind, MediaStreamTrack | unknown][]> {
    let present = kinds;
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      present = kinds.filter((k) => all.some((d) => d.kind === INPUT[k]));
    } catch {
      // ask anyway: getUserMedia says what is missing
    }
    const missing = (k: Kind): [Kind, unknown] => [k, new DOMException(`no ${k}`, 'NotFoundError')];
    const out = kinds.filter((k) => !present.includes(k)).map(missing);
    if (!present.length || signal.aborted) return out;
    try {
      const stream = await getUserMedia(this.constraints(present, exact));
      return [...out, ...present.map((k): [Kind, unknown] => [k, stream.getTracks().find((t) => t.kind === TRACK[k]) ?? missing(k)[1]])];
    } catch (e) {
      if (present.length === 1) return [...out, [present[0], e]];
      // Both at once failed: ask for each alone, to join with the one that works. After a denial, only for a kind
      // whose permission is granted: another request would ask the person again.
      const denied = failureOf(e).state === 'denied';
      for (const k of present) {
        if (signal.aborted || (denied && !(await this.permitted(k)))) out.push([k, e]);
        else out.push(...(await this.open([k], exact, signal)));
      }
      return out;
    }
  }

  private async permitted(kind: Kind): Promise<boolean> {
    try {
      return (await navigator.permissions.query({ name: kind as PermissionName })).state === 'granted';
    } catch {
      return false;
    }
  }

  private constraints(kinds: Kind[], exact: boolean): MediaStreamConstraints {
    const of = (k: Kind): MediaTrackConstraints | boolean => {
      if (!kinds.includes(k)) return false;
      const id = this.picked[k];
      if (!id) return true;
      const listed = this.list(k).some((d) => d.deviceId === id);
      return { deviceId: exact && listed ? { exact: id } : { ideal: id } };
    };
    return { video: of('camera'), audio: of('microphone') };
  }

  private install(kind: Kind, track: MediaStreamTrack, signal: AbortSignal): void {
    this.tracks[kind] = track;
    this.state[kind] = 'live';
    // ended without stop(): unplugged, or the permission revoked; the default device (if any) takes over
    track.addEventListener(
      'ended',
      () => {
        if (this.tracks[kind] !== track) return;
        this.drop(kind);
        this.capture([kind]);
      },
      { signal },
    );
    if (kind === 'camera') {
      this.videoStream = new MediaStream([track]);
      return;
    }
    const meter = new SoundLevelMeter();
    this.meter = meter;
    meter.add('mic', new MediaStream([track]));
    meter.start(LEVEL_MS, (levels) => this.events.level(meterLevel(levels.get('mic') ?? 0)));
  }

  /** Ends a kind's track (and the meter with the microphone's); any capture of it in flight is dropped. */
  private drop(kind: Kind): void {
    this.gen[kind]++;
    const track = this.tracks[kind];
    delete this.tracks[kind];
    track?.stop();
    if (kind === 'camera') this.videoStream = null;
    else if (this.meter) {
      void this.meter.destroy();
      this.meter = undefined;
      this.events.level(0);
    }
  }

  private stopTone(tone = this.tone): void {
    if (!tone || tone !== this.tone) return;
    this.tone = undefined;
    this.toneOn = false;
    if (tone.audio) {
      tone.audio.pause();
      tone.audio.srcObject = null;
    }
    void tone.ctx.close().catch(() => {});
    this.events.changed(false);
  }

  private changedByPerson(): void {
    this.remember();
    this.events.changed(true);
  }
}
