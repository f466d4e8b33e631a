// Over 500 lines on purpose: capture, mutes, device switches, the publication and the preview are steps of one loop
// over one `Current` capture. What stands alone lives beside it (capture.ts, device-lists.ts).
import type { ReactiveControllerHost } from 'lit';
import type { ZegoPublisherState } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { ReconcileLoop } from '../controllers/reconcile-loop.js';
import { RoomConnection } from '../controllers/room-connection.js';
import type { Quality } from '../engine/capture.js';
import type { RendererLoaders, RendererModule, RenderMode, VideoRenderer } from '../render/video-renderer.js';
import type { Fit } from '../render/fit.js';
import type { RoomApi, RoomChild, RoomContext, RoomSnapshot } from '../room/context.js';
import { listen, type RoomEngine, type ZegoLocalStreamLike } from '../room/engine.js';
import { ZegoErrorEvent, type ZegoErrorDetail } from '../room/events.js';
import { sourceExtraInfo, type StreamSource } from '../shared/presenting.js';
import { Code, toZegoError } from '../shared/codes.js';
import { capture, capturePlan, failureOf, type CapturePlan } from './capture.js';
import { DeviceLists, type LocalDevice, type LocalDevices } from './device-lists.js';

/** `state` of `<zego-local-video>`. */
export type LocalState = 'idle' | 'starting' | 'live' | 'denied' | 'no-device' | 'device-lost' | 'error';

export type { LocalDevice, LocalDevices, Quality, ZegoLocalStreamLike };

/** The element's attributes, as the controller reads them at each step. */
export interface LocalSettings {
  publish: boolean;
  /** `stream-id`; null: the user ID + '-main', made unique in the room. */
  streamID: string | null;
  noVideo: boolean;
  noAudio: boolean;
  quality: Quality;
  cameraID: string | null;
  microphoneID: string | null;
  screen: boolean;
  videoMuted: boolean;
  audioMuted: boolean;
  /** null: on for the camera, off for a screen. */
  mirror: boolean | null;
  /** null: cover for the camera, contain for a screen (a shared screen is never cropped). */
  fit: Fit | null;
  render: RenderMode;
}

interface DeviceResult {
  errorCode: number;
  extendedData?: string;
}

interface Current {
  engine: RoomEngine;
  key: string;
  source: 'camera' | 'screen';
  local: ZegoLocalStreamLike;
  /** The `camera-id` / `microphone-id` last applied or tried: a failed ID is not tried again until it changes. */
  cameraID: string | null;
  microphoneID: string | null;
  videoMuted: boolean;
  audioMuted: boolean;
  /** Kinds the plan wanted but the machine had no device for at capture time (a devicechange may bring them). */
  missingVideo: boolean;
  missingAudio: boolean;
  /** A capture track ended by itself (unplugged, revoked). */
  lost: boolean;
}

interface Publication {
  api: RoomApi;
  streamID: string;
  /** The ID asked for (`stream-id`, or the user's default for this room), before uniqueness. */
  base: string;
  local: ZegoLocalStreamLike;
  /** What it carries, as its extra info says (`{"source":"screen"}` while sharing the screen). */
  source: StreamSource;
  /** The engine or the room refused it: nobody sees this stream until `retryPublish()`. */
  failed?: ZegoErrorDetail;
}

interface Failure {
  key: string;
  engine: RoomEngine;
  state: LocalState;
  /** retry() or a devicechange makes it stale. */
  attempt: number;
}

/** Stream IDs the local videos of one room publish, so that two of them never derive the same one. */
const claimed = new WeakMap<RoomApi, Set<string>>();
const claims = (api: RoomApi) => {
  let set = claimed.get(api);
  if (!set) claimed.set(api, (set = new Set()));
  return set;
};

/** The visible state for a capture or device error code. */
export function stateForCode(code: number): LocalState {
  switch (code) {
    case Code.DEVICE_NOT_ALLOWED:
      return 'denied';
    case Code.DEVICE_NOT_READABLE:
    case Code.CAMERA_TRACK_ENDED:
    case Code.MIC_TRACK_ENDED:
      return 'device-lost';
    case Code.GET_MEDIA_FAIL:
    case Code.DEVICE_NOT_FOUND:
    case Code.DEVICE_CONSTRAINTS:
      return 'no-device';
    default:
      return 'error';
  }
}

/**
 * The local media of one `<zego-local-video>`: the capture made through the room's engine, live device switches
 * and mutes, the publication through the room (which re-publishes it after every re-login), the renderer, device
 * lists and recovery.
 *
 * Like the room's controller it works in one `ReconcileLoop` (`request()` -> `reconcile()`, policy `finish`: a
 * capture is never cut in half): each step compares what the attributes and the room ask for with what exists and
 * closes the gap, so attribute changes during a capture end in the last wish with a single stream. A capture that
 * resolves after it stopped being wanted (element removed, engine released, attributes changed) is destroyed at once.
 *
 * Everything it makes hangs on the connection (`RoomConnection`): removal (after one task, so that a move within the
 * document keeps the call going) unpublishes, destroys the stream, disposes the renderer and ends every listener.
 */
export class LocalMediaController implements RoomChild {
  state: LocalState = 'idle';

  private readonly room: RoomConnection;
  private readonly loop = new ReconcileLoop({ policy: 'finish', start: 'microtask', step: () => this.reconcile() });
  private renderer?: VideoRenderer;
  private current?: Current;
  private publication?: Publication;
  private failure?: Failure;
  private attempt = 0;
  /** Whether the room was joined (or joining) since this capture: leaving or a kickout then releases the devices. */
  private joined = false;
  /** The random part of the default stream ID, per room: unique per room and session, so the same user in two rooms never collides. */
  private readonly nonces = new Map<string, string>();
  /** Engines the room released: nothing is made with them again. */
  private readonly released = new WeakSet<RoomEngine>();
  private subscribed?: { engine: RoomEngine; off: () => void };
  private connection?: AbortController;
  private readonly deviceLists = new DeviceLists({
    changed: () => this.host.requestUpdate(),
    settled: () => this.devicesSettled(),
    granted: () => this.state === 'denied' && void this.retry(),
  });
  /** Last device-switch failure per kind, for the methods that asked for it. */
  private readonly switchErrors = new Map<'video' | 'audio', ZegoErrorDetail>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly stage: HTMLElement,
    private readonly settings: () => LocalSettings,
    private readonly screenStopped: () => void,
    private readonly loaders: RendererLoaders,
  ) {
    this.room = new RoomConnection(host, this, {
      changed: (ctx, previous) => this.contextChanged(ctx, previous),
      connect: () => this.connect(),
      teardown: () => this.teardown(),
    });
    this.room.attach();
  }

  // ---------------------------------------------------------------------------------------------- reading

  /** The device pickers' lists. */
  get devices(): LocalDevices {
    return this.deviceLists.current;
  }

  get snapshot(): RoomSnapshot | undefined {
    return this.room.ctx?.snapshot;
  }

  get api(): RoomApi | undefined {
    return this.room.ctx?.api;
  }

  /** Connected (or moving within the document). */
  private get live(): boolean {
    return this.room.live;
  }

  get localStream(): ZegoLocalStreamLike | undefined {
    return this.current?.local;
  }

  /** The MediaStream captured (and published), if any. */
  get mediaStream(): MediaStream | null {
    return this.current?.local.stream ?? null;
  }

  /** The stream ID published under; null while not publishing or refused. */
  get streamID(): string | null {
    const pub = this.publication;
    return pub && !pub.failed ? pub.streamID : null;
  }

  /** Why the publication was refused (others cannot see you), until `retryPublish()` or a new publication. */
  get publishError(): ZegoErrorDetail | undefined {
    return this.publication?.failed;
  }

  get source(): 'camera' | 'screen' | undefined {
    return this.current?.source;
  }

  get videoRenderer(): VideoRenderer | undefined {
    return this.renderer;
  }

  /** Whether the capture has a video track to show (false: camera muted, absent or not captured). */
  get showsVideo(): boolean {
    const cur = this.current;
    return !!cur && !cur.videoMuted && !!cur.local.stream?.getVideoTracks().length;
  }

  /** The device a kind is captured from right now ('' when none). */
  deviceOf(kind: 'video' | 'audio'): string {
    const track = kind === 'video' ? this.mediaStream?.getVideoTracks()[0] : this.mediaStream?.getAudioTracks()[0];
    return track?.getSettings().deviceId ?? '';
  }

  /** Whether the camera can face the user or the world (a phone's): `flipCamera` turns it. */
  get canFlip(): boolean {
    const track = this.current?.source === 'camera' ? this.mediaStream?.getVideoTracks()[0] : undefined;
    const modes = (track?.getCapabilities?.().facingMode as string[] | undefined) ?? [];
    return modes.includes('user') && modes.includes('environment') && !!this.current?.engine.useFrontCamera;
  }

  /** Turns a phone's camera around (front <-> back) with the engine's `useFrontCamera`; reports a failure. */
  async flipCamera(): Promise<void> {
    await this.idle();
    const cur = this.current;
    const track = cur?.local.stream?.getVideoTracks()[0];
    if (!cur || !track || !cur.engine.useFrontCamera) return;
    try {
      await cur.engine.useFrontCamera(cur.local, track.getSettings().facingMode !== 'user');
    } catch (e) {
      const { code, text } = failureOf(e);
      this.report({ code, message: `the camera could not turn around: ${text}`, source: 'camera' });
    }
    if (this.current !== cur) return;
    cur.cameraID = this.deviceOf('video') || cur.cameraID;
    this.applyView();
    this.host.requestUpdate();
  }

  /** Resolves when the loop has nothing left to do. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** The failure of the last switch of `kind`, cleared when read. */
  takeSwitchError(kind: 'video' | 'audio'): ZegoErrorDetail | undefined {
    const e = this.switchErrors.get(kind);
    this.switchErrors.delete(kind);
    return e;
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  private connect(): void {
    const connection = (this.connection = new AbortController());
    this.createRenderer(connection);
    this.deviceLists.start(connection.signal);
    this.request();
  }

  /** `RoomChild`: the room is about to destroy `engine`; our stream dies with it. */
  releaseEngine(engine: RoomEngine): void {
    this.released.add(engine);
    if (this.current?.engine === engine) this.releaseStream();
    if (this.subscribed?.engine === engine) this.unsubscribeEngine();
    this.request();
  }

  private teardown(): void {
    this.api?.reportLocal(null);
    this.nonces.clear();
    this.joined = false;
    this.connection?.abort();
    this.connection = undefined;
    this.releaseStream();
    this.unsubscribeEngine();
    this.renderer?.dispose();
    this.renderer = undefined;
    this.failure = undefined;
    this.setState('idle');
  }

  private contextChanged(value: RoomContext, before: RoomContext | undefined): void {
    // moved into another room: the old one no longer has this page's media
    if (before && before.api !== value.api) before.api.reportLocal(null);
    const a = before?.snapshot;
    const b = value.snapshot;
    // Sound levels change the snapshot every second: only what the loop reads wakes it.
    const ids = (x: RoomSnapshot) => x.streams.map((st) => st.streamID).join('\n');
    if (!a || a.engine !== b.engine || a.state !== b.state || a.user !== b.user || before?.api !== value.api || ids(a) !== ids(b)) {
      this.request();
    }
  }

  // ---------------------------------------------------------------------------------------------- actions

  /** Tries again after a failure or a lost device: a fresh capture with the current attributes. */
  retry(): Promise<void> {
    this.attempt++;
    this.failure = undefined;
    const cur = this.current;
    if (cur && (cur.lost || cur.missingAudio || cur.missingVideo)) this.releaseStream();
    this.request();
    return this.idle();
  }

  /** The element's settings changed: view ones apply now, the rest in the loop. */
  settingsChanged(): void {
    this.applyView();
    this.request();
  }

  // ---------------------------------------------------------------------------------------------- the loop

  /** Runs the loop (a microtask later: releaseEngine() is called while the room is still switching engines). */
  request(): void {
    this.loop.request();
  }

  private async reconcile(): Promise<void> {
    const s = this.settings();
    const api = this.live ? this.api : undefined;
    const engine = api?.engine && !this.released.has(api.engine) ? api.engine : undefined;
    const plan = engine ? capturePlan(s) : undefined;

    if (engine) this.subscribeEngine(engine);
    // Left the room or kicked out: the camera and microphone are released (their lights go off) until it joins again.
    const state = this.snapshot?.state ?? 'idle';
    if (state === 'connecting' || state === 'connected' || state === 'reconnecting') this.joined = true;
    const away = this.joined && (state === 'idle' || state === 'failed');
    if (this.current && (away || this.current.engine !== engine || this.current.key !== plan?.key)) this.releaseStream();
    if (!api || !engine || !plan || away) {
      this.failure = undefined;
      this.setState('idle');
      return;
    }

    if (!this.current) {
      const failure = this.failure;
      if (failure && failure.key === plan.key && failure.engine === engine && failure.attempt === this.attempt) return;
      this.failure = undefined;
      this.setState('starting');
      const made = await capture(engine, plan, s, {
        abandoned: () => this.abandoned(engine),
        report: (detail) => this.report(detail),
        fail: (detail) => this.fail(engine, plan, detail),
        screenFailed: (detail) => {
          this.report(detail);
          // Back to the camera (or nothing): the element clears `screen`, which wakes the loop.
          if (this.live) this.screenStopped();
          this.loop.again();
        },
      });
      if (!made) return;
      const now = this.settings();
      if (!this.live || this.api?.engine !== engine || this.released.has(engine) || capturePlan(now)?.key !== plan.key || this.current) {
        this.destroy(engine, made.local);
        this.loop.again();
        return;
      }
      this.current = {
        engine,
        key: plan.key,
        source: plan.source,
        local: made.local,
        cameraID: s.cameraID,
        microphoneID: s.microphoneID,
        videoMuted: false,
        audioMuted: false,
        missingVideo: made.missingVideo,
        missingAudio: made.missingAudio,
        lost: false,
      };
      void this.deviceLists.refresh();
    }

    const cur = this.current;
    if (!cur.lost) this.setState('live');

    if (cur.videoMuted !== s.videoMuted) {
      await this.setCameraOff(engine, cur, s.videoMuted);
      if (this.current !== cur) return;
    }

    // Devices switch live: the track changes inside the same stream, the publication goes on. A camera that is
    // off switches when it comes back on.
    if (cur.source === 'camera' && plan.video && !cur.missingVideo && !cur.videoMuted && s.cameraID && s.cameraID !== cur.cameraID) {
      cur.cameraID = s.cameraID;
      await this.switchDevice(engine, cur, 'video', s.cameraID);
      if (this.current !== cur) return;
    }
    if (plan.audio && !cur.missingAudio && s.microphoneID && s.microphoneID !== cur.microphoneID) {
      cur.microphoneID = s.microphoneID;
      await this.switchDevice(engine, cur, 'audio', s.microphoneID);
      if (this.current !== cur) return;
    }

    // Read again: the steps above awaited.
    const now = this.settings();
    if (cur.videoMuted !== now.videoMuted) {
      this.loop.again();
      return;
    }
    if (cur.audioMuted !== now.audioMuted) {
      engine.mutePublishStreamAudio(cur.local, now.audioMuted);
      cur.audioMuted = now.audioMuted;
      this.host.requestUpdate();
    }
    this.applyView();
    this.reconcilePublication(now, api, cur);
    this.reportLocal();
  }

  /** Tells the room what others get of this page's media (participant lists read it). */
  private reportLocal(): void {
    const api = this.api;
    if (!api) return;
    const cur = this.current;
    const s = this.settings();
    api.reportLocal(
      cur
        ? {
            camera: cur.source === 'screen' || (!cur.videoMuted && !!cur.local.stream?.getVideoTracks().length),
            microphone: !s.audioMuted && !!cur.local.stream?.getAudioTracks().length,
            screen: cur.source === 'screen',
            streamID: this.streamID,
          }
        : null,
    );
  }

  /** Publishes again after a refusal (the failure's words stay until then). */
  retryPublish(): void {
    const pub = this.publication;
    if (!pub?.failed) return;
    this.unpublish();
    this.request();
  }

  /**
   * `video-muted`: players get no video at once (mutePublishStreamVideo), and a camera also stops capturing, so
   * that its light goes off, as in every call app; turning it on captures the same camera again before sending.
   * A camera that cannot start again (unplugged, permission revoked) is reported and shows the lost state.
   */
  private async setCameraOff(engine: RoomEngine, cur: Current, off: boolean): Promise<void> {
    cur.videoMuted = off;
    this.host.requestUpdate();
    if (off) engine.mutePublishStreamVideo(cur.local, true);
    if (cur.source === 'camera' && !cur.missingVideo && engine.enableVideoCaptureDevice) {
      try {
        await engine.enableVideoCaptureDevice(cur.local, !off);
      } catch (e) {
        if (this.current !== cur) return;
        const { code, text } = failureOf(e);
        cur.lost = true;
        this.setState(stateForCode(code));
        this.report({ code, message: `the camera could not start again: ${text}`, source: 'camera' });
      }
      if (this.current !== cur) return;
    }
    if (!off) engine.mutePublishStreamVideo(cur.local, false);
    this.applyView();
    // the track is back (or gone): the placeholder follows
    this.host.requestUpdate();
  }

  private reconcilePublication(s: LocalSettings, api: RoomApi, cur: Current): void {
    const snapshot = this.snapshot!;
    const userID = snapshot.user?.userID;
    // Unknown while the room is not joined: the publication then stays as it is (the room re-publishes it).
    const base = s.streamID || (userID ? `${userID}-${this.nonce(snapshot.roomID)}` : undefined);
    const pub = this.publication;
    if (pub && (!s.publish || pub.local !== cur.local || pub.api !== api || (base !== undefined && pub.base !== base))) this.unpublish();
    if (this.publication && !this.publication.failed && this.publication.source !== cur.source) {
      // a screen share began or ended on the same stream: its extra info says so to every page
      this.publication.source = cur.source;
      api.publish(this.publication.streamID, cur.local, { extraInfo: sourceExtraInfo(cur.source) });
    }
    if (this.publication || !s.publish || !base || snapshot.state !== 'connected') return;
    const taken = claims(api);
    let streamID = base;
    if (!s.streamID) {
      // The SDK never lists our own streams: what is listed belongs to someone else.
      const inRoom = new Set(snapshot.streams.map((st) => st.streamID));
      for (let n = 2; taken.has(streamID) || inRoom.has(streamID); n++) streamID = `${base}-${n}`;
    }
    taken.add(streamID);
    this.publication = { api, streamID, base, local: cur.local, source: cur.source };
    api.publish(streamID, cur.local, { extraInfo: sourceExtraInfo(cur.source) });
    this.host.requestUpdate();
  }

  private unpublish(): void {
    const pub = this.publication;
    if (!pub) return;
    this.publication = undefined;
    claimed.get(pub.api)?.delete(pub.streamID);
    pub.api.unpublish(pub.streamID);
    this.host.requestUpdate();
    this.reportLocal();
  }

  /** Five base-36 characters per room, made once per connection of the element. */
  private nonce(roomID: string): string {
    let nonce = this.nonces.get(roomID);
    if (!nonce) this.nonces.set(roomID, (nonce = Math.random().toString(36).slice(2, 7).padEnd(5, '0')));
    return nonce;
  }

  /** `RoomChild`: the room could not even start publishing one of our streams (the engine threw). */
  publishFailed(streamID: string, detail: ZegoErrorDetail): void {
    const pub = this.publication;
    if (!pub || pub.streamID !== streamID || pub.failed) return;
    pub.failed = detail;
    this.host.requestUpdate();
    this.reportLocal();
  }

  // ---------------------------------------------------------------------------------------------- capture

  /** The element went away or the engine changed during a capture: its failure is nobody's concern. */
  private abandoned(engine: RoomEngine): boolean {
    if (this.live && !this.released.has(engine) && this.api?.engine === engine) return false;
    this.loop.again();
    return true;
  }

  private async switchDevice(engine: RoomEngine, cur: Current, kind: 'video' | 'audio', deviceID: string): Promise<void> {
    let result: DeviceResult;
    try {
      result = await (kind === 'video' ? engine.useVideoDevice(cur.local, deviceID) : engine.useAudioDevice(cur.local, deviceID));
    } catch (e) {
      const { code, text } = failureOf(e);
      result = { errorCode: code, extendedData: text };
    }
    const source = kind === 'video' ? 'camera' : 'microphone';
    if (result.errorCode) {
      const detail: ZegoErrorDetail = {
        code: result.errorCode,
        message: `switching the ${source} to "${deviceID}" failed: ${result.extendedData ?? ''}`,
        source,
      };
      this.switchErrors.set(kind, detail);
      this.report(detail);
    } else {
      this.switchErrors.delete(kind);
      if (this.current === cur && cur.lost) {
        // A working device again: the lost state ends if no other track is still ended.
        cur.lost = !!cur.local.stream?.getTracks().some((t) => t.readyState === 'ended');
        if (!cur.lost) this.setState('live');
      }
    }
    // The renderer follows a track replaced inside the same stream when the stream is set again.
    this.applyView();
    this.host.requestUpdate();
  }

  private fail(engine: RoomEngine, plan: CapturePlan, detail: ZegoErrorDetail): void {
    this.failure = { key: plan.key, engine, state: stateForCode(detail.code), attempt: this.attempt };
    this.setState(this.failure.state);
    this.report(detail);
  }

  private releaseStream(): void {
    const cur = this.current;
    this.unpublish();
    if (!cur) return;
    this.current = undefined;
    if (this.renderer) this.renderer.stream = null;
    this.destroy(cur.engine, cur.local);
    this.host.requestUpdate();
  }

  private destroy(engine: RoomEngine, local: ZegoLocalStreamLike): void {
    try {
      engine.destroyStream(local);
    } catch (e) {
      reportError(e);
    }
    // An engine that failed to destroy (or was destroyed first) must not leave the camera on.
    local.stream?.getTracks().forEach((t) => t.stop());
  }

  /** The preview's renderer: now when its module is there, else once it has loaded (if still connected then). */
  private createRenderer(connection: AbortController): void {
    const make = ({ VideoRenderer }: RendererModule) => {
      if (this.connection !== connection || connection.signal.aborted) return;
      this.renderer = new VideoRenderer(this.stage, { mode: this.settings().render });
      this.applyView();
      this.host.requestUpdate();
    };
    const loaded = this.loaders.loadedRenderer();
    if (loaded) make(loaded);
    else
      this.loaders.renderer().then(make, (e: unknown) =>
        this.report({
          code: Code.INIT_SDK_WRONG,
          message: `the video renderer could not load: ${toZegoError(e, 0).message}`,
          source: 'camera',
        }),
      );
  }

  /** Renderer stream and view options, from the current capture and the settings. */
  private applyView(): void {
    const r = this.renderer;
    if (!r) return;
    const s = this.settings();
    const screen = this.current?.source === 'screen';
    r.mode = s.render;
    r.fit = s.fit ?? (screen ? 'contain' : 'cover');
    r.mirror = s.mirror ?? !screen;
    r.stream = this.showsVideo ? this.mediaStream : null;
  }

  // ---------------------------------------------------------------------------------------------- engine events

  private subscribeEngine(engine: RoomEngine): void {
    if (this.subscribed?.engine === engine) return;
    this.unsubscribeEngine();
    const off = listen(engine, {
      deviceError: (errorCode, deviceName) => this.onDeviceError(engine, errorCode, deviceName),
      screenSharingEnded: (stream) => this.onScreenEnded(engine, stream),
      publisherStateUpdate: (result) => this.onPublisherState(result),
    });
    this.subscribed = { engine, off };
  }

  private unsubscribeEngine(): void {
    try {
      this.subscribed?.off();
    } catch (e) {
      reportError(e);
    }
    this.subscribed = undefined;
  }

  private onDeviceError(engine: RoomEngine, errorCode: number, deviceName: string): void {
    const cur = this.current;
    if (!cur || cur.engine !== engine) return;
    const kind = errorCode === Code.CAMERA_TRACK_ENDED ? 'video' : errorCode === Code.MIC_TRACK_ENDED ? 'audio' : undefined;
    if (!kind) return;
    // The engine reports every stream's devices: only ours count.
    const tracks = cur.local.stream?.getTracks().filter((t) => t.kind === kind) ?? [];
    if (!tracks.some((t) => t.label === deviceName || t.readyState === 'ended')) return;
    cur.lost = true;
    this.setState('device-lost');
    const source = kind === 'video' ? 'camera' : 'microphone';
    this.report({ code: errorCode, message: `the ${source} "${deviceName}" stopped (unplugged or access revoked)`, source });
  }

  private onScreenEnded(engine: RoomEngine, stream?: MediaStream): void {
    const cur = this.current;
    if (!cur || cur.engine !== engine || cur.source !== 'screen') return;
    const mine = cur.local.stream;
    if (stream && mine && stream !== mine && !stream.getTracks().some((t) => mine.getTracks().includes(t))) return;
    this.screenStopped();
  }

  private onPublisherState(result: ZegoPublisherState): void {
    const pub = this.publication;
    if (!pub || result.streamID !== pub.streamID) return;
    if (result.state === 'NO_PUBLISH' && result.errorCode) {
      const detail: ZegoErrorDetail = {
        code: result.errorCode,
        message: `publishing "${result.streamID}" failed: ${result.extendedData ?? ''}`,
        source: 'publish',
      };
      pub.failed = detail;
      this.host.requestUpdate();
      this.reportLocal();
      this.report({
        code: result.errorCode,
        message: `publishing "${result.streamID}" failed: ${result.extendedData ?? ''}`,
        source: 'publish',
      });
    }
  }

  // ---------------------------------------------------------------------------------------------- devices

  /** After devices came or went: a lost or missing device may be back. */
  private devicesSettled(): void {
    const cur = this.current;
    const stuck = this.state === 'device-lost' || this.state === 'no-device';
    const lacking = (cur?.missingVideo && this.devices.cameras.length) || (cur?.missingAudio && this.devices.microphones.length);
    if (stuck || lacking) void this.retry();
  }

  // ---------------------------------------------------------------------------------------------- state

  private setState(state: LocalState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  private report(detail: ZegoErrorDetail): void {
    if (this.host.isConnected) this.host.dispatchEvent(new ZegoErrorEvent(detail));
  }
}
