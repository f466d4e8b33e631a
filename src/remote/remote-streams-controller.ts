// Over 500 lines on purpose: one entry per stream carries its play, renderer, camera/mic state, quality and voice,
// and every part below reads and writes it. Audio lives beside it (remote-audio.ts), layout maths in layout.ts.
import type { ReactiveControllerHost } from 'lit';
import type { ZegoPlayStats } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import { ReconcileLoop } from '../controllers/reconcile-loop.js';
import { RoomConnection } from '../controllers/room-connection.js';
import type { RendererLoaders, RendererModule, RenderMode, VideoRenderer } from '../render/video-renderer.js';
import type { Fit } from '../render/fit.js';
import type { RoomApi, RoomChild, RoomContext, RoomSnapshot } from '../room/context.js';
import { listen, type RoomEngine } from '../room/engine.js';
import { ZegoErrorEvent } from '../room/events.js';
import { Code, toZegoError } from '../shared/codes.js';
import { isScreenStream } from '../shared/presenting.js';
import { SPEAKING_HOLD_MS } from '../shared/speaking.js';
export { SPEAKING_THRESHOLD } from '../shared/speaking.js';
import { ZegoAutoplayBlockedEvent } from './events.js';
import { RemoteAudio } from './remote-audio.js';

/**
 * - `waiting`: beyond `max-streams`, listed but neither played nor downloaded;
 * - `connecting`: asked for, no media yet; `playing`: media arrived; `failed`: the engine refused or lost it.
 */
export type RemoteStreamState = 'waiting' | 'connecting' | 'playing' | 'failed';

/** The `stats` overlay's figures, from the SDK's `playQualityUpdate`. */
export interface RemoteStreamStats {
  readonly width: number;
  readonly height: number;
  /** Decoded frames per second. */
  readonly fps: number;
  /** Video + audio, kbps. */
  readonly bitrate: number;
  /** Round-trip time in ms (`currentRoundTripTime`; the SDK's `peerToPeerDelay` where that is missing). */
  readonly rtt: number;
  /** Packet loss of the last interval, 0..1 (the worse of video and audio). */
  readonly loss: number;
}

/** One remote stream as `<zego-remote-videos>` shows it. */
export interface RemoteStreamInfo {
  readonly streamID: string;
  readonly user: Readonly<ZegoUser>;
  readonly extraInfo: string;
  readonly state: RemoteStreamState;
  readonly cameraMuted: boolean;
  readonly micMuted: boolean;
  readonly speaking: boolean;
  /** The SDK's grade, the worse of video and audio: 0 excellent .. 4 bad; -1 before the first report. */
  readonly quality: number;
  readonly stats: RemoteStreamStats | null;
  /**
   * Whether the tile shows a current picture: a first video frame arrived and, after the video was off (camera
   * off, paused, off-page), a new one did (the placeholder shows until then).
   */
  readonly hasFrame: boolean;
  /** The viewer stopped receiving this stream's video (`setVideoPaused`): the publisher sends it none. */
  readonly videoPaused: boolean;
  /** The stream carries a shared screen (its ID or extra info says so: see src/shared/presenting.ts). */
  readonly presenting: boolean;
  /** Its tile is on another page: its audio plays, its video is not received. */
  readonly offPage: boolean;
  /**
   * Its video stopped arriving (no frame for 2 s, 5 s for a screen) although the camera is on and the video is
   * received: the tile says so instead of showing a frozen picture.
   */
  readonly stalled: boolean;
}

export interface RemoteFrameInfo {
  frameWidth: number;
  frameHeight: number;
  frameCounter: number;
  mirrored: boolean;
  /** Frames the kit drew into the tile's canvas (0 in `external` mode). */
  framesDrawn: number;
}

/** What the element's attributes ask for. */
export interface RemoteSettings {
  /** At most this many streams are played; `Infinity` when unset. */
  maxStreams: number;
  fit: Fit;
  muted: boolean;
  render: RenderMode;
  /** Audio output device for `setSinkId`; '' is the default device. */
  speakerId: string;
  /** A sound level (0..100) above this counts as speech. */
  speakingThreshold: number;
}

/** A received camera with no new frame for this long is stalled... */
const STALL_MS = 2000;
/** ...a shared screen sends frames only when it changes (Chromium repeats one a second at least): longer. */
const SCREEN_STALL_MS = 5000;
/** How often frame counters are read (every animation frame while a tile waits for a fresh frame). */
const WATCH_MS = 250;

/** The active speaker is the loudest over this window... */
const SPEAKER_WINDOW_MS = 2000;
/** ...and another stream takes over only when it is this much louder, or the current one went quiet. */
const SPEAKER_MARGIN = 1.5;

interface Entry {
  readonly streamID: string;
  user: Readonly<ZegoUser>;
  extraInfo: string;
  state: RemoteStreamState;
  /** Bumped on every start or stop: a play that resolves after it belongs to nobody. */
  generation: number;
  media: MediaStream | null;
  /** Holds the renderer's `<video>` and `<canvas part="video">`; placed in the tile by the element. */
  readonly view: HTMLDivElement;
  renderer: VideoRenderer | null;
  cameraMuted: boolean;
  micMuted: boolean;
  hasFrame: boolean;
  videoPaused: boolean;
  offPage: boolean;
  /** Whether the engine was last told not to send this stream's video (paused or off-page). */
  videoOff: boolean;
  presenting: boolean;
  stalled: boolean;
  /** The picture on the canvas is older than a pause (camera off, video paused, off-page): hidden until a new frame. */
  stale: boolean;
  /** The renderer's frame counter at the last look, and when it last moved (performance.now()). */
  seenFrames: number;
  lastFrameAt: number;
  /** Whether frames were expected at the last look (a stall counts from when they became expected). */
  expecting: boolean;
  quality: number;
  stats: RemoteStreamStats | null;
  lastLoud: number;
  /** The latest reported level: the room reports a level again only when it changed. */
  level: number;
  /** [time, level] reports within SPEAKER_WINDOW_MS. */
  levels: [number, number][];
  info: RemoteStreamInfo | null;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Plays the remote streams of the nearest `<zego-room>` for `<zego-remote-videos>`: one entry per stream of the
 * room's snapshot, played through the room's API (at most `maxStreams`), drawn by a `VideoRenderer`, heard through
 * an `<audio>` element of its own, and annotated from the engine's callbacks (camera/mic status, play quality) and
 * the snapshot's sound levels.
 *
 * Audio (`RemoteAudio`): one `<audio>` per stream (in its tile) rather than the engine's `createRemoteStreamView`, so that the same
 * code runs on both engines, the autoplay refusal is seen where it happens (`play()` rejecting NotAllowedError) and
 * `setSinkId` applies to every stream at once. The video `<video>` of the renderer is always muted.
 *
 * Video reception: a stream's video is received unless the viewer paused it (`setVideoPaused`) or its tile is on
 * another page (`setOnScreen`, from the element's layout); either one makes the engine's `mutePlayStreamVideo` stop
 * it. Frame counters are read four times a second: a received camera whose frames stopped is `stalled`, and a
 * picture older than a pause stays hidden until a new frame replaces it.
 *
 * Owns, and ends when the element leaves the document (one task after its removal: a move keeps every stream
 * playing, see `RoomConnection`) or when the room releases its engine: every play (`api.stop`), renderer, audio
 * element, engine listener and timer. Work runs through a `ReconcileLoop` (policy `finish`; steps are synchronous).
 */
export class RemoteStreamsController implements RoomChild {
  /** The stream the spotlight layout shows large; '' when there is none. */
  activeSpeaker = '';
  private readonly sound = new RemoteAudio({
    changed: () => this.changed(),
    // Chromium refuses even a muted <audio> before a gesture; muted, there is nothing to hear, no button to show
    refused: (streamIDs) =>
      this.host.isConnected && !this.settings().muted && this.host.dispatchEvent(new ZegoAutoplayBlockedEvent({ streamIDs })),
    sinkFailed: (message) => this.error(message),
  });

  private readonly entries = new Map<string, Entry>();
  private readonly room: RoomConnection;
  private readonly loop = new ReconcileLoop({ policy: 'finish', step: () => this.reconcile() });
  /** The room's API the current plays went through (a move into another room releases them first). */
  private api: RoomApi | undefined;
  private engine: RoomEngine | undefined;
  private unsubscribeEngine?: () => void;
  private snapshot: RoomSnapshot | undefined;
  /** Users seen in the room since the engine came: a stream goes when its user was seen and then left. */
  private readonly seenUsers = new Set<string>();
  private lastLevels: Readonly<Record<string, number>> = {};
  private speakingTimer: ReturnType<typeof setTimeout> | undefined;
  private list: readonly RemoteStreamInfo[] = Object.freeze([]);
  private listDirty = true;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  private watchFrame = 0;

  constructor(
    private readonly host: Host,
    private readonly settings: () => RemoteSettings,
    private readonly loaders: RendererLoaders,
  ) {
    this.room = new RoomConnection(host, this, {
      changed: (ctx) => this.contextChanged(ctx),
      teardown: () => this.teardown(),
    });
    this.room.attach();
  }

  // ---------------------------------------------------------------------------------------------- reading

  /** Every remote stream of the room, played or waiting, in arrival order. A new frozen array on each change. */
  get streams(): readonly RemoteStreamInfo[] {
    if (this.listDirty) {
      this.list = Object.freeze([...this.entries.values()].map((e) => this.infoOf(e)));
      this.listDirty = false;
    }
    return this.list;
  }

  /** The room's state ('idle' outside a room). */
  get roomState(): RoomSnapshot['state'] {
    return this.snapshot?.state ?? 'idle';
  }

  /** The container of a played stream's canvas, for the element to place in its tile. */
  viewOf(streamID: string): HTMLDivElement | undefined {
    return this.entries.get(streamID)?.view;
  }

  renderer(streamID: string): VideoRenderer | null {
    return this.entries.get(streamID)?.renderer ?? null;
  }

  frameInfo(streamID: string): RemoteFrameInfo | null {
    const r = this.renderer(streamID);
    if (!r) return null;
    return {
      frameWidth: r.frameWidth,
      frameHeight: r.frameHeight,
      frameCounter: r.frameCounter,
      mirrored: r.mirrored,
      framesDrawn: r.framesDrawn,
    };
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  private teardown(): void {
    this.releaseAll();
    this.api = undefined;
    this.snapshot = undefined;
  }

  /** The room is about to destroy `engine`: nothing played with it may outlive it. */
  releaseEngine(engine: RoomEngine): void {
    if (engine !== this.engine) return;
    this.releaseAll();
  }

  /** The element's attributes changed. */
  settingsChanged(): void {
    const s = this.settings();
    for (const e of this.entries.values()) {
      if (e.renderer) {
        e.renderer.fit = this.fitOf(e, s);
        e.renderer.mode = s.render;
      }
    }
    this.sound.apply(s.muted, this.speakerOf(s));
    this.loop.request();
  }

  /**
   * Stops (or resumes) receiving a stream's video for this viewer: the engine's `mutePlayStreamVideo` makes the
   * publisher stop sending it (bandwidth saved, not only hidden); the choice holds across reconnections. Resolves
   * false for a stream that is not listed. An engine without that method only hides the picture.
   */
  async setVideoPaused(streamID: string, paused: boolean): Promise<boolean> {
    const e = this.entries.get(streamID);
    if (!e) return false;
    e.videoPaused = paused;
    e.info = null;
    this.changed();
    await this.applyVideo(e);
    return true;
  }

  /**
   * The streams whose tiles are on screen (null: all, before the element knows its size). The others keep their
   * audio but stop receiving video, as with `setVideoPaused`, which stays the viewer's own choice.
   */
  setOnScreen(onScreen: ReadonlySet<string> | null): void {
    for (const e of this.entries.values()) {
      const off = !!onScreen && e.state !== 'waiting' && !onScreen.has(e.streamID);
      if (off === e.offPage) continue;
      e.offPage = off;
      e.info = null;
      this.changed();
      void this.applyVideo(e);
    }
  }

  /** Tells the engine whether to send this stream's video: not while paused by the viewer or off-page. */
  private async applyVideo(e: Entry): Promise<void> {
    const off = e.videoPaused || e.offPage;
    if (off) e.stale = true;
    if (e.state !== 'playing' || off === e.videoOff) return;
    e.videoOff = off;
    this.watch();
    await this.engine?.mutePlayStreamVideo?.(e.streamID, off);
  }

  // ---------------------------------------------------------------------------------------------- audio

  /** Streams whose audio waits for a user gesture (the "Enable audio" button shows while non-empty, unless muted). */
  get blocked(): ReadonlySet<string> {
    return this.sound.blocked;
  }

  /** Whether the "Enable audio" button shows: some audio waits for a gesture, and the element is not muted. */
  get audioBlocked(): boolean {
    return this.sound.blocked.size > 0 && !this.settings().muted;
  }

  /**
   * Retries every refused `<audio>`; call it from a click or key handler (the element's button does). Resolves
   * when every retry settled; streams refused again stay blocked.
   */
  resumeAudio(): Promise<void> {
    return this.sound.resume();
  }

  /** The element's own `speaker-id`, else the speaker picked in the room's controls. */
  private speakerOf(s: RemoteSettings): string {
    return s.speakerId || this.snapshot?.speakerID || '';
  }

  // ---------------------------------------------------------------------------------------------- room

  private contextChanged(value: RoomContext): void {
    if (value.api !== this.api) {
      this.releaseAll();
      this.api = value.api;
    }
    const previous = this.snapshot;
    this.snapshot = value.snapshot;
    if (previous && previous.speakerID !== value.snapshot.speakerID) this.settingsChanged();
    if (value.snapshot.engine !== this.engine) this.subscribe(value.snapshot.engine);
    if (previous?.roomID !== value.snapshot.roomID) this.seenUsers.clear();
    for (const u of value.snapshot.users) this.seenUsers.add(u.userID);
    this.levelsChanged(value.snapshot.soundLevels);
    this.loop.request();
  }

  /** Brings the entries in line with the snapshot's streams and `maxStreams`. */
  private reconcile(): void {
    const snap = this.snapshot;
    const live = snap && snap.state !== 'idle' && snap.state !== 'failed' && snap.engine === this.engine && this.engine;
    const users = new Set(snap?.users.map((u) => u.userID));
    const wanted = new Map<string, RoomSnapshot['streams'][number]>();
    if (live) {
      for (const st of snap.streams) {
        // A stream whose user left goes with them, even if its DELETE is late or lost.
        const left = this.seenUsers.has(st.user.userID) && !users.has(st.user.userID);
        if (!left) wanted.set(st.streamID, st);
      }
    }
    let dirty = false;
    for (const [id, e] of this.entries) {
      if (wanted.has(id)) continue;
      this.remove(e);
      dirty = true;
    }
    for (const [id, st] of wanted) {
      const e = this.entries.get(id);
      if (!e) {
        this.entries.set(id, this.createEntry(st.streamID, st.user, st.extraInfo ?? ''));
        dirty = true;
      } else if (e.extraInfo !== (st.extraInfo ?? '') || e.user.userName !== st.user.userName) {
        e.extraInfo = st.extraInfo ?? '';
        e.presenting = isScreenStream(e.streamID, e.extraInfo);
        e.user = st.user;
        e.info = null;
        if (e.renderer) e.renderer.fit = this.fitOf(e, this.settings());
        dirty = true;
      }
    }
    const max = this.settings().maxStreams;
    let n = 0;
    for (const e of this.entries.values()) {
      const admit = n++ < max;
      if (admit && e.state === 'waiting') {
        this.start(e);
        dirty = true;
      } else if (!admit && e.state !== 'waiting') {
        this.stop(e);
        e.state = 'waiting';
        e.info = null;
        dirty = true;
      }
    }
    if (!this.entries.has(this.activeSpeaker) || this.entries.get(this.activeSpeaker)!.state === 'waiting') {
      this.activeSpeaker = this.firstPlayed();
      dirty = true;
    }
    if (dirty) this.speakingChanged();
  }

  private createEntry(streamID: string, user: Readonly<ZegoUser>, extraInfo: string): Entry {
    const view = document.createElement('div');
    view.className = 'view';
    return {
      streamID,
      user,
      extraInfo,
      state: 'waiting',
      generation: 0,
      media: null,
      view,
      renderer: null,
      cameraMuted: false,
      micMuted: false,
      hasFrame: false,
      videoPaused: false,
      offPage: false,
      videoOff: false,
      presenting: isScreenStream(streamID, extraInfo),
      stalled: false,
      stale: false,
      seenFrames: 0,
      lastFrameAt: 0,
      expecting: false,
      quality: -1,
      stats: null,
      lastLoud: 0,
      level: 0,
      levels: [],
      info: null,
    };
  }

  private start(e: Entry): void {
    const api = this.api;
    if (!api) return;
    const s = this.settings();
    const generation = ++e.generation;
    e.state = 'connecting';
    e.videoOff = false;
    e.info = null;
    const current = () => e.generation === generation && this.entries.get(e.streamID) === e;
    const renderIn = ({ VideoRenderer }: RendererModule) => {
      if (!current()) return;
      e.renderer ??= new VideoRenderer(e.view, {
        fit: this.fitOf(e, s),
        mode: s.render,
        onFirstFrame: () => {
          if (e.generation !== generation) return;
          e.hasFrame = true;
          e.info = null;
          this.changed();
        },
      });
      if (e.media) e.renderer.stream = e.media;
    };
    // The renderer's module loads on the first tile, beside the play request rather than after it.
    const loaded = this.loaders.loadedRenderer();
    if (loaded) renderIn(loaded);
    else
      this.loaders.renderer().then(renderIn, (err: unknown) => {
        if (current()) this.error(`the video renderer could not load: ${toZegoError(err, 0).message}`, Code.INIT_SDK_WRONG);
      });
    api.play(e.streamID, { video: true, audio: true }).then(
      (media) => {
        if (!current()) return;
        e.media = media;
        e.state = 'playing';
        e.info = null;
        if (e.renderer) e.renderer.stream = media;
        const settings = this.settings();
        this.sound.start(e.streamID, media, e.view, settings.muted, this.speakerOf(settings));
        void this.applyVideo(e);
        this.watch();
        // its level may have been reported before it counted as playing, and is repeated only on change
        this.speakingChanged();
      },
      (err: unknown) => {
        if (e.generation !== generation || this.entries.get(e.streamID) !== e) return;
        e.state = 'failed';
        e.info = null;
        this.changed();
        const { code, message } = toZegoError(err, Code.INPUT_PARAM);
        this.error(`playing "${e.streamID}" failed: ${message}`, code);
      },
    );
  }

  /** Stops playing (the tile's renderer and audio go too); the entry stays for re-admission. */
  private stop(e: Entry): void {
    const wasPlaying = e.state === 'connecting' || e.state === 'playing';
    e.generation++;
    this.sound.stop(e.streamID);
    e.renderer?.dispose();
    e.renderer = null;
    e.media = null;
    e.hasFrame = false;
    e.stalled = false;
    e.stale = false;
    e.expecting = false;
    e.stats = null;
    e.quality = -1;
    if (wasPlaying) {
      try {
        this.api?.stop(e.streamID);
      } catch (err) {
        reportError(err);
      }
    }
  }

  private remove(e: Entry): void {
    this.stop(e);
    this.entries.delete(e.streamID);
    e.view.remove();
  }

  private releaseAll(): void {
    for (const e of [...this.entries.values()]) this.remove(e);
    this.subscribe(undefined);
    this.seenUsers.clear();
    this.lastLevels = {};
    clearTimeout(this.speakingTimer);
    this.speakingTimer = undefined;
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    cancelAnimationFrame(this.watchFrame);
    this.watchFrame = 0;
    this.sound.stopAll();
    this.activeSpeaker = '';
    this.changed();
  }

  private firstPlayed(): string {
    for (const e of this.entries.values()) if (e.state !== 'waiting') return e.streamID;
    return '';
  }

  // ---------------------------------------------------------------------------------------------- engine events

  private subscribe(engine: RoomEngine | undefined): void {
    this.unsubscribeEngine?.();
    this.unsubscribeEngine = undefined;
    this.engine = engine;
    if (!engine) return;
    this.unsubscribeEngine = listen(engine, {
      remoteCameraStatusUpdate: (streamID, status) =>
        this.update(streamID, (e) => {
          e.cameraMuted = status === 'MUTE';
          if (e.cameraMuted) e.stale = true;
          this.watch();
        }),
      remoteMicStatusUpdate: (streamID, status) =>
        this.update(streamID, (e) => {
          e.micMuted = status === 'MUTE';
        }),
      playQualityUpdate: (streamID, stats) => this.update(streamID, (e) => this.quality(e, stats)),
      playerStateUpdate: (state) =>
        this.update(state?.streamID, (e) => {
          if (state.state !== 'NO_PLAY' || !state.errorCode || e.state === 'failed') return false;
          e.state = 'failed';
        }),
      // A new track inside the same MediaStream (the publisher reconnected): let the renderer pick it up.
      playerVideoTrackUpdate: (streamID) =>
        this.update(streamID, (e) => {
          if (e.renderer && e.media) e.renderer.stream = e.media;
          return false;
        }),
    });
  }

  /** Applies an engine report to a played stream's entry; `change` returns false when nothing visible changed. */
  private update(streamID: string, change: (e: Entry) => void | false): void {
    const e = this.entries.get(streamID);
    if (!e || e.state === 'waiting' || change(e) === false) return;
    e.info = null;
    this.changed();
  }

  private quality(e: Entry, stats: ZegoPlayStats & { currentRoundTripTime?: number }): void {
    const v = stats?.video;
    const a = stats?.audio;
    const grades = [v?.videoQuality, a?.audioQuality].filter((g): g is number => typeof g === 'number' && g >= 0);
    e.quality = grades.length ? Math.max(...grades) : -1;
    const rtt = typeof stats.currentRoundTripTime === 'number' ? stats.currentRoundTripTime * 1000 : Number(stats.peerToPeerDelay ?? 0);
    e.stats = Object.freeze({
      width: v?.frameWidth || e.renderer?.frameWidth || 0,
      height: v?.frameHeight || e.renderer?.frameHeight || 0,
      fps: Number(v?.videoFPS ?? 0),
      bitrate: Number(v?.videoBitrate ?? 0) + Number(a?.audioBitrate ?? 0),
      rtt,
      loss: Math.max(Number(v?.videoPacketsLostRate ?? 0), Number(a?.audioPacketsLostRate ?? 0)),
    });
  }

  // ---------------------------------------------------------------------------------------------- speaking

  private levelsChanged(levels: Readonly<Record<string, number>>): void {
    const old = this.lastLevels;
    const keys = Object.keys(levels);
    if (keys.length === Object.keys(old).length && keys.every((k) => old[k] === levels[k])) return;
    this.lastLevels = levels;
    const now = performance.now();
    const threshold = this.settings().speakingThreshold;
    for (const e of this.entries.values()) {
      const level = levels[e.streamID];
      if (level === undefined) continue;
      if (level > threshold || e.level > threshold) e.lastLoud = now;
      e.level = level;
      e.levels.push([now, level]);
    }
    this.speakingChanged(now);
  }

  /** Re-derives speaking flags and the active speaker; runs on each new report and when a hold expires. */
  private speakingChanged(now = performance.now()): void {
    clearTimeout(this.speakingTimer);
    this.speakingTimer = undefined;
    const threshold = this.settings().speakingThreshold;
    let next = Infinity;
    const scores = new Map<string, number>();
    for (const e of this.entries.values()) {
      while (e.levels.length && now - e.levels[0][0] > SPEAKER_WINDOW_MS) e.levels.shift();
      scores.set(
        e.streamID,
        e.levels.reduce((m, [, l]) => Math.max(m, l), e.level),
      );
      const speaking = this.speaking(e, now, threshold);
      // still loud: the next report (a change) decides; quiet but held: re-check when the hold ends
      if (speaking && e.level <= threshold) next = Math.min(next, e.lastLoud + SPEAKING_HOLD_MS);
      if (e.info && e.info.speaking !== speaking) e.info = null;
      if (e.levels.length) next = Math.min(next, e.levels[0][0] + SPEAKER_WINDOW_MS);
    }
    let best = '';
    let bestScore = threshold;
    for (const [id, score] of scores) {
      if (score > bestScore && this.entries.get(id)?.state === 'playing') {
        best = id;
        bestScore = score;
      }
    }
    const current = scores.get(this.activeSpeaker) ?? 0;
    if (best && best !== this.activeSpeaker && (current <= threshold || bestScore > current * SPEAKER_MARGIN)) this.activeSpeaker = best;
    if (next !== Infinity && this.room.live) this.speakingTimer = setTimeout(() => this.speakingChanged(), Math.max(0, next - now) + 20);
    this.changed();
  }

  private speaking(e: Entry, now: number, threshold: number): boolean {
    return e.state === 'playing' && !e.micMuted && (e.level > threshold || now - e.lastLoud < SPEAKING_HOLD_MS);
  }

  // ---------------------------------------------------------------------------------------------- frames

  /**
   * Reads every played stream's frame counter while any is played: a tile whose frames stopped although they are
   * expected is `stalled`; a tile that waits for a fresh picture after a pause (`stale`) is looked at every
   * animation frame, so that its placeholder goes with the first new frame.
   */
  private watch(): void {
    if (!this.room.live) return;
    const any = [...this.entries.values()].some((e) => e.state === 'playing');
    if (any && this.watchTimer === undefined) this.watchTimer = setInterval(() => this.look(), WATCH_MS);
    if (!any && this.watchTimer !== undefined) {
      clearInterval(this.watchTimer);
      this.watchTimer = undefined;
    }
    const awaited = (e: Entry) => e.stale && e.state === 'playing' && e.hasFrame && !e.cameraMuted && !e.videoOff;
    if (any && !this.watchFrame && [...this.entries.values()].some(awaited)) {
      this.watchFrame = requestAnimationFrame(() => {
        this.watchFrame = 0;
        this.look();
      });
    }
  }

  private look(): void {
    const now = performance.now();
    const hidden = document.visibilityState === 'hidden';
    let dirty = false;
    for (const e of this.entries.values()) {
      const frames = e.renderer?.frameCounter ?? 0;
      const moved = frames !== e.seenFrames;
      e.seenFrames = frames;
      // a hidden page presents no frames: nothing is expected of it, and the count starts again when it shows
      const expecting = e.state === 'playing' && e.hasFrame && !e.cameraMuted && !e.videoOff && !hidden;
      if (moved || (expecting && !e.expecting)) e.lastFrameAt = now;
      e.expecting = expecting;
      const stale = e.stale && !(moved && expecting);
      const stalled = expecting && now - e.lastFrameAt > (e.presenting ? SCREEN_STALL_MS : STALL_MS);
      if (stale === e.stale && stalled === e.stalled) continue;
      e.stale = stale;
      e.stalled = stalled;
      e.info = null;
      dirty = true;
    }
    if (dirty) this.changed();
    this.watch();
  }

  // ---------------------------------------------------------------------------------------------- misc

  /** A shared screen is never cropped: `cover` would cut its edges off. */
  private fitOf(e: Entry, s: RemoteSettings): Fit {
    return e.presenting ? 'contain' : s.fit;
  }

  private infoOf(e: Entry): RemoteStreamInfo {
    e.info ??= Object.freeze({
      streamID: e.streamID,
      user: e.user,
      extraInfo: e.extraInfo,
      state: e.state,
      cameraMuted: e.cameraMuted,
      micMuted: e.micMuted,
      speaking: this.speaking(e, performance.now(), this.settings().speakingThreshold),
      quality: e.quality,
      stats: e.stats,
      hasFrame: e.hasFrame && !e.stale,
      videoPaused: e.videoPaused,
      presenting: e.presenting,
      offPage: e.offPage,
      stalled: e.stalled,
    });
    return e.info;
  }

  private changed(): void {
    this.listDirty = true;
    this.host.requestUpdate();
  }

  private error(message: string, code: number = Code.INPUT_PARAM): void {
    if (this.host.isConnected) this.host.dispatchEvent(new ZegoErrorEvent({ code, message, source: 'engine' }));
  }
}
