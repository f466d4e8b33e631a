import type {
  ZegoEvent,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
  ZegoServerResponse,
  ZegoDeviceInfos,
  ZegoDeviceInfo,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoUser, ZegoRoomConfig } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import {
  Code,
  checkMessage,
  checkRoomID,
  checkStreamID,
  checkToken,
  checkUserID,
  checkUserName,
  type CheckFailure,
} from '../shared/codes.js';
import {
  PROTOCOL_VERSION,
  type ClientRequest,
  type LoginOk,
  type PublishInfo,
  type ServerFrame,
  type SignalData,
  type WireStream,
  type WireUser,
} from '../shared/protocol.js';
import { tokenExpireOf } from '../shared/token-expire.js';
import { Emitter } from './emitter.js';
import type { EngineLink } from './link.js';
import { connected, gathered, loopbackOnly } from './peer.js';
import { createTransport, type Transport } from './transport.js';
import { applySenderBitrate, captureStream, recapture, type CaptureSettings } from './capture.js';
import { ZegoLocalStream } from './local-stream.js';
import { ZegoStreamView } from './stream-view.js';
import { DeviceWatcher, enumDevices } from './devices.js';
import { SoundLevelMeter } from './sound-level.js';
import { toPlayStats, toPublishStats } from './stats.js';

/** Knobs of the local engine that ZEGO's SDK does not have; the defaults suit real use, tests shorten them. */
export interface ZegoLocalEngineOptions {
  /** Keep only 127.0.0.1 ICE candidates (tests: media never leaves the machine). Default false. */
  loopbackOnly?: boolean;
  /** Passed to every RTCPeerConnection (e.g. STUN/TURN for calls across networks). */
  rtcConfiguration?: RTCConfiguration;
  /** Client heartbeat period. Default 2000 ms. */
  heartbeatIntervalMs?: number;
  /** Silence after which the signalling link counts as lost. Default 6000 ms. */
  heartbeatTimeoutMs?: number;
  /** A signalling break shorter than this is invisible to the page (the SDK holds RECONNECTING back ~8 s). */
  reconnectHoldMs?: number;
  /** Period of publishQualityUpdate / playQualityUpdate. Default 3000 ms. */
  qualityIntervalMs?: number;
  /** How long a rebuilt session waits for users/streams to come back before reporting them gone. Default 4000 ms. */
  resumeSettleMs?: number;
  /** Offer/answer and ICE connection time limit per attempt. Default 10000 ms. */
  negotiationTimeoutMs?: number;
  /** How long a player keeps retrying a stream that exists but cannot be reached. Default 30000 ms. */
  playRetryMs?: number;
}

const DEFAULTS: Required<Omit<ZegoLocalEngineOptions, 'rtcConfiguration'>> = {
  loopbackOnly: false,
  heartbeatIntervalMs: 2000,
  heartbeatTimeoutMs: 6000,
  reconnectHoldMs: 8000,
  qualityIntervalMs: 3000,
  resumeSettleMs: 4000,
  negotiationTimeoutMs: 10000,
  playRetryMs: 30000,
};

type RoomState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED';
type Reason =
  | 'LOGINING'
  | 'LOGINED'
  | 'LOGIN_FAILED'
  | 'RECONNECTING'
  | 'RECONNECTED'
  | 'RECONNECT_FAILED'
  | 'KICKOUT'
  | 'LOGOUT'
  | 'LOGOUT_FAILED';

/** What the engine's API rejects or throws with; fields differ per API exactly as the SDK's do. */
interface Failure {
  code: number;
  message: string;
}

interface PendingRequest {
  frame: ClientRequest;
  resolve(data: Record<string, unknown>): void;
  reject(f: Failure): void;
  timer?: ReturnType<typeof setTimeout>;
  /** Messages may have arrived: after a lost link they are rejected, never re-sent twice. */
  once: boolean;
}

interface Publication {
  info: PublishInfo;
  stream: MediaStream;
  local?: ZegoLocalStream;
  /** The capture's bitrates, applied to every sender; absent for a plain MediaStream (browser defaults). */
  settings?: CaptureSettings;
  state: 'PUBLISH_REQUESTING' | 'PUBLISHING';
  links: Map<string, RTCPeerConnection>;
  stats?: RTCStatsReport;
}

interface Play {
  streamID: string;
  options: ZegoWebPlayOption;
  stream: MediaStream;
  state: 'PLAY_REQUESTING' | 'PLAYING';
  attempt: number;
  pc?: RTCPeerConnection;
  playID?: string;
  retryTimer?: ReturnType<typeof setTimeout>;
  failingSince?: number;
  stats?: RTCStatsReport;
  first?: { resolve(s: MediaStream): void; reject(f: unknown): void };
}

const randomID = () => crypto.randomUUID();

/**
 * ZEGO Express's call API, offline: rooms, users, streams and messages over our own signalling (BroadcastChannel
 * between tabs when `server` is `''`, our room server when it is a `ws://`/`wss://` URL), media over real
 * WebRTC between peers. Method names, argument order, events, state sequences and error codes follow
 * `zego-express-engine-webrtc` 3.12, so ZEGO's quick-start runs on it with only the constructor changed.
 */
export class ZegoLocalEngine {
  /** Defaults for every engine created afterwards (tests set `loopbackOnly` here once). */
  static defaults: ZegoLocalEngineOptions = {};

  readonly appID: number;
  readonly server: string;
  private readonly opts: Required<Omit<ZegoLocalEngineOptions, 'rtcConfiguration'>> & {
    rtcConfiguration?: RTCConfiguration;
  };
  private readonly emitter = new Emitter();
  private readonly link: EngineLink;
  private roomRetryMs = 300_000;
  private destroyed = false;

  // room session
  private roomID = '';
  private token = '';
  private user: WireUser = { userID: '', userName: '' };
  private config: Required<ZegoRoomConfig> = { userUpdate: false, maxMemberCount: 0 };
  private session = '';
  private roomState: RoomState = 'DISCONNECTED';
  private loggedIn = false;
  /** Incremented by every login/logout: async work of an older generation stops touching state. */
  private generation = 0;
  private transport?: Transport;
  /** A transport being opened or logged in on, not yet carrying the session: `endSession` closes it. */
  private opening?: Transport;
  /** Ends the waits of a login in progress (back-off sleeps, an unanswered login frame) when the session ends. */
  private cancellers = new Set<() => void>();
  private linkUp = false;
  private pendingLogin?: { reject(f: Failure): void };
  private requests = new Map<number, PendingRequest>();
  private queue: PendingRequest[] = [];
  private nextID = 1;
  private users = new Map<string, WireUser>();
  private streams = new Map<string, WireStream>();
  private settleTimer?: ReturnType<typeof setTimeout>;
  private heartbeatTimer?: ReturnType<typeof setInterval>;
  private lastFrameAt = 0;
  /** The core's clock as last seen (pong, messages): sent on resume so a rebuilt session gets missed messages. */
  private serverTime = 0;
  private reconnecting?: { since: number; announced: boolean; holdTimer?: ReturnType<typeof setTimeout> };
  private tokenTimer?: ReturnType<typeof setTimeout>;
  private qualityTimer?: ReturnType<typeof setInterval>;

  // media
  private localStreams = new Set<ZegoLocalStream>();
  private muted = new WeakMap<MediaStream, { video: boolean; audio: boolean }>();
  private publications = new Map<string, Publication>();
  private plays = new Map<string, Play>();
  private views = new Set<ZegoStreamView>();
  private meter?: SoundLevelMeter;
  private meterInterval = 1000;
  private devices?: DeviceWatcher;

  constructor(appID: number, server: string, options: ZegoLocalEngineOptions = {}) {
    if (typeof appID !== 'number' || !Number.isInteger(appID) || appID <= 0) {
      throw new TypeError(`ZegoLocalEngine: appID must be a positive integer, got ${String(appID)}`);
    }
    if (typeof server !== 'string' || (server !== '' && !/^wss?:\/\/[^\s]+$/i.test(server))) {
      throw new TypeError(`ZegoLocalEngine: server must be '' (BroadcastChannel) or a ws:// or wss:// URL`);
    }
    this.appID = appID;
    this.server = server;
    this.opts = { ...DEFAULTS, ...ZegoLocalEngine.defaults, ...options };
    this.link = {
      emit: (name, ...args) => this.emit(name, ...(args as unknown[])),
      trackReplaced: (stream, kind, track) => this.followTrack(stream, kind, track),
    };
  }

  // ------------------------------------------------------------------------------------------------ events

  on<K extends keyof ZegoEvent>(event: K, callBack: ZegoEvent[K]): boolean {
    if (event === 'videoDeviceStateChanged' || event === 'audioDeviceStateChanged') this.watchDevices();
    return this.emitter.on(event, callBack);
  }

  off<K extends keyof ZegoEvent>(event: K, callBack?: ZegoEvent[K]): boolean {
    return this.emitter.off(event, callBack);
  }

  private emit(name: keyof ZegoEvent, ...args: unknown[]) {
    if (!this.destroyed) this.emitter.emit(name, args);
  }

  // ------------------------------------------------------------------------------------------------ system

  async checkSystemRequirements(): Promise<{
    webRTC: boolean;
    customCapture: boolean;
    camera: boolean;
    microphone: boolean;
    videoCodec: { H264: boolean; H265: boolean; VP8: boolean; VP9: boolean };
    screenSharing: boolean;
    errInfo: Record<string, unknown>;
  }> {
    const webRTC = typeof RTCPeerConnection === 'function';
    const codecs = (webRTC && RTCRtpSender.getCapabilities?.('video')?.codecs) || [];
    const has = (name: string) => codecs.some((c) => c.mimeType.toLowerCase() === `video/${name.toLowerCase()}`);
    let camera = false;
    let microphone = false;
    try {
      const list = await navigator.mediaDevices.enumerateDevices();
      camera = list.some((d) => d.kind === 'videoinput');
      microphone = list.some((d) => d.kind === 'audioinput');
    } catch {
      // no mediaDevices (insecure context): report false
    }
    return {
      webRTC,
      customCapture: typeof HTMLCanvasElement !== 'undefined' && 'captureStream' in HTMLCanvasElement.prototype,
      camera,
      microphone,
      videoCodec: { H264: has('H264'), H265: has('H265'), VP8: has('VP8'), VP9: has('VP9') },
      screenSharing: !!navigator.mediaDevices && 'getDisplayMedia' in navigator.mediaDevices,
      errInfo: {},
    };
  }

  /** Accepts the SDK's `roomRetryTime` (seconds): how long logins and reconnections retry. */
  setEngineConfig(config: { roomRetryTime?: number } & Record<string, unknown>): void {
    const t = Number(config?.roomRetryTime);
    if (Number.isFinite(t) && t > 0) this.roomRetryMs = t * 1000;
  }

  /** The SDK's logging switches; the local engine logs nothing, so these only exist for drop-in code. */
  setLogConfig(_config: unknown): boolean {
    return true;
  }

  setDebugVerbose(_enable: boolean): void {}

  // ------------------------------------------------------------------------------------------------ room

  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean> {
    if (this.destroyed) return Promise.reject({ code: Code.NOT_LOGIN, msg: 'engine destroyed' });
    if (this.roomState !== 'DISCONNECTED') {
      const code = roomID === this.roomID && this.loggedIn ? Code.REPEATEDLY_LOGIN : Code.ROOM_COUNT_EXCEED;
      return Promise.reject({ code, msg: code === Code.REPEATEDLY_LOGIN ? 'user repeatedly login' : 'login rooms exceeds the upper limit' });
    }
    this.roomID = typeof roomID === 'string' ? roomID : '';
    this.setRoomState('CONNECTING', 'LOGINING', 0);
    const invalid =
      checkRoomID(roomID) ??
      checkToken(token) ??
      (user && typeof user === 'object' ? checkUserID(user.userID) ?? checkUserName(user.userName) : { code: Code.INPUT_PARAM, message: 'user must be an object' });
    if (invalid) {
      this.setRoomState('DISCONNECTED', 'LOGIN_FAILED', invalid.code);
      return Promise.reject({ code: invalid.code, msg: invalid.message });
    }
    const generation = ++this.generation;
    this.token = token;
    this.user = { userID: user.userID, userName: user.userName ?? '' };
    this.config = { userUpdate: !!config?.userUpdate, maxMemberCount: Math.max(0, Number(config?.maxMemberCount) || 0) };
    this.session = randomID();
    this.serverTime = 0;
    return new Promise<boolean>((resolve, reject) => {
      this.pendingLogin = { reject: (f) => reject({ code: f.code, msg: f.message }) };
      this.connectLoop(generation, false).then(
        (ok) => {
          if (generation !== this.generation) return;
          this.pendingLogin = undefined;
          this.loggedIn = true;
          this.setRoomState('CONNECTED', 'LOGINED', 0);
          this.applySnapshot(ok, 'login');
          this.startHeartbeat();
          this.scheduleTokenWillExpire(ok.tokenExpire || tokenExpireOf(this.token));
          this.startQuality();
          resolve(true);
        },
        (f: Failure) => {
          if (generation !== this.generation) return;
          this.pendingLogin = undefined;
          this.dropTransport();
          this.setRoomState('DISCONNECTED', 'LOGIN_FAILED', f.code);
          reject({ code: f.code, msg: f.message });
        },
      );
    });
  }

  logoutRoom(roomID?: string): void {
    if (this.roomState === 'DISCONNECTED' && !this.pendingLogin) return;
    if (roomID !== undefined && roomID !== this.roomID) return;
    const wasLogged = this.loggedIn;
    if (wasLogged && this.linkUp) this.transport?.send({ t: 'logout', id: this.nextID++ });
    this.endSession(Code.OK);
    this.pendingLogin?.reject({ code: Code.NOT_LOGIN, message: 'login cancelled by logoutRoom' });
    this.pendingLogin = undefined;
    this.setRoomState('DISCONNECTED', 'LOGOUT', 0);
  }

  renewToken(token: string, roomID?: string): boolean {
    if (checkToken(token) || !this.loggedIn || (roomID !== undefined && roomID !== this.roomID)) return false;
    this.token = token;
    this.scheduleTokenWillExpire(tokenExpireOf(token));
    this.request({ t: 'renew', token }).catch(() => {});
    return true;
  }

  async sendBroadcastMessage(roomID: string, message: string): Promise<ZegoServerResponse & { messageID?: number | string }> {
    return this.sendIM(roomID, 'broadcast', message);
  }

  async sendBarrageMessage(roomID: string, message: string): Promise<ZegoServerResponse & { messageID?: number | string }> {
    return this.sendIM(roomID, 'barrage', message);
  }

  async sendCustomCommand(roomID: string, command: string, toUserIDList: string[]): Promise<ZegoServerResponse> {
    if (!Array.isArray(toUserIDList) || toUserIDList.some((id) => checkUserID(id))) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'toUserIDList must be an array of user IDs' };
    }
    return this.sendIM(roomID, 'custom', command, toUserIDList);
  }

  private async sendIM(roomID: string, kind: 'broadcast' | 'barrage' | 'custom', message: string, to?: string[]) {
    const bad = checkMessage(message);
    if (bad) throw { errorCode: bad.code, extendedData: bad.message };
    if (!this.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login room' };
    if (roomID !== this.roomID) throw { errorCode: 1009005, extendedData: 'inconsistent room id' };
    try {
      const data = await this.request({ t: 'im', kind, message, ...(to ? { toUserIDs: to } : {}) }, true);
      return { errorCode: 0, extendedData: '', messageID: data.messageID as string };
    } catch (f) {
      throw { errorCode: (f as Failure).code, extendedData: (f as Failure).message };
    }
  }

  async setRoomExtraInfo(roomID: string, key: string, value: string): Promise<ZegoServerResponse> {
    if (!this.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login room' };
    if (roomID !== this.roomID) throw { errorCode: Code.ROOM_ROOMID_INCORRECT, extendedData: 'have not logged in with this room ID' };
    if (typeof key !== 'string' || typeof value !== 'string') throw { errorCode: Code.INPUT_PARAM, extendedData: 'key and value must be strings' };
    try {
      await this.request({ t: 'room-extra', key, value });
      return { errorCode: 0, extendedData: '' };
    } catch (f) {
      throw { errorCode: (f as Failure).code, extendedData: (f as Failure).message };
    }
  }

  async setStreamExtraInfo(streamID: string, extraInfo: string): Promise<ZegoServerResponse> {
    const pub = this.publications.get(streamID);
    if (!pub) throw { errorCode: Code.PUBLISH_STREAM_NOT_FOUND, extendedData: 'publish stream no found' };
    if (typeof extraInfo !== 'string') throw { errorCode: Code.INPUT_PARAM, extendedData: 'extraInfo must be a string' };
    if (extraInfo.length > 1024) throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extra info longer than 1024' };
    try {
      await this.request({ t: 'stream-extra', streamID, extraInfo });
      pub.info.extraInfo = extraInfo;
      return { errorCode: 0, extendedData: '' };
    } catch (f) {
      throw { errorCode: (f as Failure).code, extendedData: (f as Failure).message };
    }
  }

  // ------------------------------------------------------------------------------------------------ local media

  async createZegoStream(options?: ZegoStreamOptions): Promise<ZegoLocalStream> {
    if (this.destroyed) throw { errorCode: Code.NOT_LOGIN, extendedData: 'engine destroyed' };
    const captured = await captureStream(options);
    if (this.destroyed) {
      captured.stream.getTracks().forEach((t) => t.stop());
      throw { errorCode: Code.NOT_LOGIN, extendedData: 'engine destroyed' };
    }
    const local = new ZegoLocalStream(captured, this.link);
    this.localStreams.add(local);
    return local;
  }

  destroyStream(localStream: MediaStream | ZegoLocalStream): void {
    const local = this.localOf(localStream);
    const media = local ? local.stream : localStream instanceof MediaStream ? localStream : undefined;
    if (!media) return;
    for (const [streamID, pub] of this.publications) if (pub.stream === media) this.stopPublishingStream(streamID);
    if (local) {
      local._destroy();
      this.localStreams.delete(local);
    } else media.getTracks().forEach((t) => t.stop());
    this.meter?.remove(`push:${media.id}`);
  }

  async enumDevices(): Promise<ZegoDeviceInfos> {
    return enumDevices();
  }

  async getCameras(): Promise<ZegoDeviceInfo[]> {
    return (await enumDevices()).cameras;
  }

  async getMicrophones(): Promise<ZegoDeviceInfo[]> {
    return (await enumDevices()).microphones;
  }

  async getSpeakers(): Promise<ZegoDeviceInfo[]> {
    return (await enumDevices()).speakers;
  }

  useVideoDevice(localStream: MediaStream | ZegoLocalStream, deviceID: string): Promise<ZegoServerResponse> {
    return this.useDevice(localStream, 'video', deviceID);
  }

  useAudioDevice(localStream: MediaStream | ZegoLocalStream, deviceID: string): Promise<ZegoServerResponse> {
    return this.useDevice(localStream, 'audio', deviceID);
  }

  /** Re-captures one kind from another device and swaps it into every live connection, without renegotiation. */
  private async useDevice(stream: MediaStream | ZegoLocalStream, kind: 'audio' | 'video', deviceID: string) {
    const local = this.localOf(stream);
    if (!local) return { errorCode: Code.INPUT_PARAM, extendedData: 'not a stream created by this engine' };
    const result = await recapture(kind, deviceID, local._settings);
    if (result.errorCode !== 0 || !result.track) return { errorCode: result.errorCode, extendedData: result.extendedData ?? '' };
    local._replaceTrack(kind, result.track);
    return { errorCode: 0, extendedData: '' };
  }

  /**
   * Stops the camera of a stream from `createZegoStream` (its light goes off; players get `remoteCameraStatusUpdate`
   * MUTE) or, with `enable` true, captures it again from the same camera and sends it. Resolves false for a stream
   * that is not this engine's camera stream; rejects `{errorCode, extendedData}` when the camera cannot start again.
   */
  async enableVideoCaptureDevice(localStream: MediaStream | ZegoLocalStream, enable = true): Promise<boolean> {
    const local = this.localOf(localStream);
    if (!local || this.destroyed) return false;
    const done = await local._enableCamera(enable !== false);
    if (done) this.announceVideo(local.stream!);
    return done;
  }

  mutePublishStreamVideo(localStream: MediaStream | ZegoLocalStream, mute: boolean): boolean {
    return this.mute(localStream, 'video', !!mute);
  }

  mutePublishStreamAudio(localStream: MediaStream | ZegoLocalStream, mute: boolean): boolean {
    return this.mute(localStream, 'audio', !!mute);
  }

  /** Stops sending one kind (the preview keeps showing) and tells players through the room. */
  private mute(stream: MediaStream | ZegoLocalStream, kind: 'audio' | 'video', mute: boolean): boolean {
    const media = this.mediaOf(stream);
    if (!media || this.destroyed) return false;
    const state = this.muted.get(media) ?? { video: false, audio: false };
    state[kind] = mute;
    this.muted.set(media, state);
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      const track = mute ? null : media.getTracks().find((t) => t.kind === kind) ?? null;
      for (const pc of pub.links.values()) this.setSenderTrack(pc, kind, track);
    }
    if (kind === 'video') this.announceVideo(media);
    else this.announce(media, 'audio', mute ? 'MUTE' : 'OPEN');
    return true;
  }

  /** What players see of a stream's video: MUTE while muted or while its camera is stopped. */
  private videoStatus(media: MediaStream): 'OPEN' | 'MUTE' {
    return this.muted.get(media)?.video || this.localOf(media)?._cameraOff ? 'MUTE' : 'OPEN';
  }

  private announceVideo(media: MediaStream): void {
    this.announce(media, 'video', this.videoStatus(media));
  }

  /** Tells the room a publication's new camera or microphone status (players get remote*StatusUpdate). */
  private announce(media: MediaStream, kind: 'audio' | 'video', status: 'OPEN' | 'MUTE'): void {
    for (const pub of this.publications.values()) {
      if (pub.stream !== media || pub.info[kind] === status) continue;
      pub.info[kind] = status;
      if (pub.state === 'PUBLISHING') {
        this.request({ t: 'stream-status', streamID: pub.info.streamID, video: pub.info.video, audio: pub.info.audio }).catch(() => {});
      }
    }
  }

  /** The link from a local stream: its track changed (device switch); senders follow unless muted. */
  private followTrack(media: MediaStream, kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    const muted = this.muted.get(media)?.[kind];
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      for (const pc of pub.links.values()) this.setSenderTrack(pc, kind, muted ? null : track);
    }
    if (kind === 'audio' && this.meter) {
      this.meter.remove(`push:${media.id}`);
      if (track) this.meter.add(`push:${media.id}`, media);
    }
  }

  private setSenderTrack(pc: RTCPeerConnection, kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track.kind === kind && t.currentDirection !== 'stopped') t.sender.replaceTrack(track).catch(() => {});
    }
  }

  setSoundLevelDelegate(bool: boolean, interval = 1000): void {
    this.meter?.destroy();
    this.meter = undefined;
    // A destroyed engine would start a meter (and its interval) that nothing ends any more.
    if (!bool || this.destroyed) return;
    this.meterInterval = Math.max(100, Number(interval) || 1000);
    const meter = new SoundLevelMeter();
    this.meter = meter;
    for (const pub of this.publications.values()) meter.add(`push:${pub.stream.id}`, pub.stream);
    for (const play of this.plays.values()) meter.add(`pull:${play.streamID}`, play.stream);
    meter.start(this.meterInterval, (levels) => {
      const list: { streamID: string; soundLevel: number; type: 'push' | 'pull' }[] = [];
      let captured = 0;
      for (const pub of this.publications.values()) {
        const level = levels.get(`push:${pub.stream.id}`);
        if (level === undefined) continue;
        captured = Math.max(captured, level);
        list.push({ streamID: pub.info.streamID, soundLevel: level, type: 'push' });
      }
      for (const play of this.plays.values()) {
        const level = levels.get(`pull:${play.streamID}`);
        if (level !== undefined) list.push({ streamID: play.streamID, soundLevel: level, type: 'pull' });
      }
      if (this.localStreams.size) this.emit('capturedSoundLevelUpdate', captured);
      if (list.length) this.emit('soundLevelUpdate', list);
    });
  }

  // ------------------------------------------------------------------------------------------------ publish

  startPublishingStream(streamID: string, localStream: MediaStream | ZegoLocalStream, publishOption?: ZegoWebPublishOption): boolean {
    const bad = checkStreamID(streamID);
    if (bad) throw { errorCode: bad.code, extendedData: bad.message };
    if (!this.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login' };
    const media = this.mediaOf(localStream);
    if (!media) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream must be a ZegoLocalStream or MediaStream' };
    const extraInfo = publishOption?.extraInfo ?? '';
    if (typeof extraInfo !== 'string' || extraInfo.length > 1024) {
      throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extraInfo longer than 1024 characters' };
    }
    if (this.publications.has(streamID)) throw { errorCode: Code.DUPLICATE_STREAM_ID, extendedData: 'stream is already published' };
    const muted = this.muted.get(media);
    const local = this.localOf(localStream);
    const pub: Publication = {
      info: { streamID, extraInfo, video: this.videoStatus(media), audio: muted?.audio ? 'MUTE' : 'OPEN' },
      stream: media,
      local,
      settings: local?._settings,
      state: 'PUBLISH_REQUESTING',
      links: new Map(),
    };
    this.publications.set(streamID, pub);
    this.meter?.add(`push:${media.id}`, media);
    this.emitPublisher(streamID, 'PUBLISH_REQUESTING', 0);
    this.request({ t: 'publish', stream: pub.info }).then(
      () => {
        if (this.publications.get(streamID) !== pub) return;
        pub.state = 'PUBLISHING';
        this.emitPublisher(streamID, 'PUBLISHING', 0);
      },
      (f: Failure) => {
        if (this.publications.get(streamID) !== pub) return;
        this.closePublication(pub, f.code);
        this.emitPublisher(streamID, 'NO_PUBLISH', f.code, f.message);
      },
    );
    return true;
  }

  stopPublishingStream(streamID: string): boolean {
    const pub = this.publications.get(streamID);
    if (!pub) return false;
    this.closePublication(pub, 0);
    if (this.loggedIn) this.request({ t: 'unpublish', streamID }).catch(() => {});
    this.emitPublisher(streamID, 'NO_PUBLISH', 0);
    return true;
  }

  private closePublication(pub: Publication, code: number) {
    this.publications.delete(pub.info.streamID);
    for (const [playID, pc] of pub.links) {
      pc.close();
      this.signal(playID, { kind: 'close', playID, streamID: pub.info.streamID, code });
    }
    pub.links.clear();
    if (![...this.publications.values()].some((p) => p.stream === pub.stream)) this.meter?.remove(`push:${pub.stream.id}`);
  }

  private emitPublisher(streamID: string, state: string, errorCode: number, extendedData = '') {
    this.emit('publisherStateUpdate', { streamID, state, errorCode, extendedData });
  }

  /** A player's offer reached us: answer it from the published stream's current tracks. */
  private async answer(from: string, data: Extract<SignalData, { kind: 'offer' }>) {
    const pub = this.publications.get(data.streamID);
    if (!pub || pub.state !== 'PUBLISHING') {
      this.sendSignal(from, { kind: 'close', playID: data.playID, streamID: data.streamID, code: Code.PLAY_STREAM_NOT_FOUND });
      return;
    }
    const pc = new RTCPeerConnection(this.opts.rtcConfiguration);
    pub.links.get(data.playID)?.close();
    pub.links.set(data.playID, pc);
    this.linkPeers.set(data.playID, from);
    let lost: ReturnType<typeof setTimeout> | undefined;
    const drop = () => {
      clearTimeout(lost);
      if (pub.links.get(data.playID) !== pc) return;
      pub.links.delete(data.playID);
      this.linkPeers.delete(data.playID);
      pc.close();
    };
    // a player that vanished never says goodbye: 'disconnected' for 10 s ends the link ('failed' takes ~30 s)
    pc.addEventListener('connectionstatechange', () => {
      const s = pc.connectionState;
      clearTimeout(lost);
      if (s === 'failed' || s === 'closed') drop();
      else if (s === 'disconnected') lost = setTimeout(drop, 10_000);
    });
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: data.sdp });
      const muted = this.muted.get(pub.stream);
      for (const t of pc.getTransceivers()) {
        const kind = t.receiver.track.kind as 'audio' | 'video';
        t.direction = 'sendonly';
        const track = muted?.[kind] ? null : pub.stream.getTracks().find((x) => x.kind === kind) ?? null;
        await t.sender.replaceTrack(track);
        t.sender.setStreams?.(pub.stream);
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc, 2000);
      if (pub.links.get(data.playID) !== pc) return;
      const sdp = this.filterSdp(pc.localDescription!.sdp);
      this.sendSignal(from, { kind: 'answer', playID: data.playID, streamID: data.streamID, sdp });
      if (pub.settings) for (const t of pc.getTransceivers()) void applySenderBitrate(t.sender, pub.settings, t.receiver.track.kind);
    } catch {
      pc.close();
      pub.links.delete(data.playID);
      this.linkPeers.delete(data.playID);
      this.sendSignal(from, { kind: 'close', playID: data.playID, streamID: data.streamID, code: Code.PUBLISH_NEGOTIATION_TIMEOUT });
    }
  }

  /** playID -> the player's session, for signals sent by the publisher side. */
  private linkPeers = new Map<string, string>();

  private signal(playID: string, data: SignalData) {
    const to = this.linkPeers.get(playID);
    this.linkPeers.delete(playID);
    if (to) this.sendSignal(to, data);
  }

  private sendSignal(to: string, data: SignalData) {
    if (this.linkUp) this.transport?.send({ t: 'signal', to, data });
  }

  private filterSdp(sdp: string) {
    return this.opts.loopbackOnly ? loopbackOnly(sdp) : sdp;
  }

  // ------------------------------------------------------------------------------------------------ play

  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream> {
    const fail = (code: number, message: string) => Promise.reject({ code, message, errorCode: code, extendedData: message });
    const bad = checkStreamID(streamID);
    if (bad) return fail(bad.code, bad.message);
    if (!this.loggedIn) return fail(Code.NOT_LOGIN, 'not login');
    if (this.plays.has(streamID)) return fail(Code.REPEATED_PLAY, 'repeated pull same stream');
    const play: Play = {
      streamID,
      options: { video: playOption?.video !== false, audio: playOption?.audio !== false },
      stream: new MediaStream(),
      state: 'PLAY_REQUESTING',
      attempt: 0,
    };
    this.plays.set(streamID, play);
    this.meter?.add(`pull:${streamID}`, play.stream);
    this.emitPlayer(streamID, 'PLAY_REQUESTING', 0);
    return new Promise((resolve, reject) => {
      play.first = { resolve, reject };
      void this.connectPlay(play);
    });
  }

  stopPlayingStream(streamID: string): void {
    const play = this.plays.get(streamID);
    if (!play) return;
    this.closePlay(play, 0);
    this.emitPlayer(streamID, 'NO_PLAY', 0);
  }

  createRemoteStreamView(remoteStream: MediaStream): ZegoStreamView {
    const known = [...this.plays.values()].some((p) => p.stream === remoteStream);
    if (!known) throw { errorCode: Code.INPUT_PARAM, extendedData: 'createRemoteStreamView needs a stream from startPlayingStream' };
    const view = new ZegoStreamView(remoteStream);
    this.views.add(view);
    return view;
  }

  private closePlay(play: Play, code: number) {
    this.plays.delete(play.streamID);
    clearTimeout(play.retryTimer);
    this.hangUp(play);
    play.stream.getTracks().forEach((t) => {
      play.stream.removeTrack(t);
      t.stop();
    });
    this.meter?.remove(`pull:${play.streamID}`);
    play.first?.reject({ code, message: 'stopped', errorCode: code, extendedData: '' });
    play.first = undefined;
  }

  /** Ends the current connection attempt of a player, telling the publisher so its side closes too. */
  private hangUp(play: Play) {
    if (play.pc) {
      play.pc.close();
      play.pc = undefined;
    }
    if (play.playID && this.playPublishers.has(play.playID)) {
      const to = this.playPublishers.get(play.playID)!;
      this.sendSignal(to, { kind: 'close', playID: play.playID, streamID: play.streamID, code: 0 });
      this.playPublishers.delete(play.playID);
    }
    play.playID = undefined;
  }

  /** playID -> the publisher's session, for signals sent by the player side. */
  private playPublishers = new Map<string, string>();

  private emitPlayer(streamID: string, state: string, errorCode: number, extendedData = '') {
    this.emit('playerStateUpdate', { streamID, state, errorCode, extendedData });
  }

  /** One attempt to reach the publisher; failures retry while the stream exists and the retry time lasts. */
  private async connectPlay(play: Play) {
    const attempt = ++play.attempt;
    const current = () => this.plays.get(play.streamID) === play && play.attempt === attempt;
    this.hangUp(play);
    let publisher: string;
    try {
      const data = await this.request({ t: 'play', streamID: play.streamID });
      publisher = String(data.publisher);
    } catch (f) {
      if (!current()) return;
      const failure = f as Failure;
      if (failure.code === Code.PLAY_STREAM_NOT_FOUND && play.first) {
        this.closePlay(play, failure.code);
        this.emitPlayer(play.streamID, 'NO_PLAY', failure.code, failure.message);
        return;
      }
      this.retryPlay(play, failure.code);
      return;
    }
    if (!current()) return;
    const playID = randomID();
    const pc = new RTCPeerConnection(this.opts.rtcConfiguration);
    play.pc = pc;
    play.playID = playID;
    this.playPublishers.set(playID, publisher);
    if (play.options.audio !== false) pc.addTransceiver('audio', { direction: 'recvonly' });
    if (play.options.video !== false) pc.addTransceiver('video', { direction: 'recvonly' });
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, 2000);
      if (!current()) return;
      const answered = this.awaitAnswer(playID, this.opts.negotiationTimeoutMs);
      this.sendSignal(publisher, { kind: 'offer', playID, streamID: play.streamID, sdp: this.filterSdp(pc.localDescription!.sdp) });
      const sdp = await answered;
      if (!current()) return;
      await pc.setRemoteDescription({ type: 'answer', sdp });
      this.adoptTracks(play, pc);
      await connected(pc, this.opts.negotiationTimeoutMs);
    } catch (e) {
      if (!current()) return;
      const code = (e as Failure)?.code ?? Code.PLAY_NEGOTIATION_TIMEOUT;
      this.retryPlay(play, code);
      return;
    }
    if (!current()) return;
    play.failingSince = undefined;
    pc.addEventListener('connectionstatechange', () => {
      if (play.pc !== pc) return;
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.retryPlay(play, Code.PLAY_ICE_ERROR);
    });
    play.state = 'PLAYING';
    this.emitPlayer(play.streamID, 'PLAYING', 0);
    const info = this.streams.get(play.streamID);
    if (info) {
      this.emit('remoteCameraStatusUpdate', play.streamID, info.video);
      this.emit('remoteMicStatusUpdate', play.streamID, info.audio);
    }
    play.first?.resolve(play.stream);
    play.first = undefined;
  }

  /** Moves the new connection's receiver tracks into the player's one MediaStream, which the page keeps. */
  private adoptTracks(play: Play, pc: RTCPeerConnection) {
    for (const t of pc.getReceivers()) {
      const track = t.track;
      for (const old of play.stream.getTracks()) {
        if (old.kind === track.kind && old !== track) {
          play.stream.removeTrack(old);
          old.stop();
        }
      }
      if (!play.stream.getTracks().includes(track)) {
        play.stream.addTrack(track);
        this.emit(track.kind === 'video' ? 'playerVideoTrackUpdate' : 'playerAudioTrackUpdate', play.streamID, track);
      }
    }
    if (this.meter && play.stream.getAudioTracks().length) {
      this.meter.remove(`pull:${play.streamID}`);
      this.meter.add(`pull:${play.streamID}`, play.stream);
    }
  }

  private answers = new Map<string, { resolve(sdp: string): void; reject(f: Failure): void }>();

  private awaitAnswer(playID: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.answers.delete(playID);
        reject({ code: Code.PLAY_NEGOTIATION_TIMEOUT, message: 'negotiation timeout' });
      }, timeoutMs);
      this.answers.set(playID, {
        resolve: (sdp) => {
          clearTimeout(timer);
          this.answers.delete(playID);
          resolve(sdp);
        },
        reject: (f) => {
          clearTimeout(timer);
          this.answers.delete(playID);
          reject(f);
        },
      });
    });
  }

  /**
   * A player lost its connection or could not make one. While the stream exists it retries with back-off and
   * says PLAY_REQUESTING; when the stream is gone it waits for it to come back (a publisher that reconnects);
   * after `playRetryMs` of failing it gives up with NO_PLAY 1104031, as the SDK does.
   */
  private retryPlay(play: Play, code: number) {
    if (this.plays.get(play.streamID) !== play) return;
    this.hangUp(play);
    clearTimeout(play.retryTimer);
    const now = Date.now();
    play.failingSince ??= now;
    if (play.state === 'PLAYING' || code !== Code.PLAY_STREAM_NOT_FOUND) {
      play.state = 'PLAY_REQUESTING';
      this.emitPlayer(play.streamID, 'PLAY_REQUESTING', code);
    }
    if (now - play.failingSince > this.opts.playRetryMs) {
      this.closePlay(play, Code.PLAYER_RETRY_TIMEOUT);
      this.emitPlayer(play.streamID, 'NO_PLAY', Code.PLAYER_RETRY_TIMEOUT, 'player retry timeout');
      return;
    }
    if (!this.streams.has(play.streamID) || !this.linkUp) return; // resumed by stream-add or by reconnection
    const delay = Math.min(4000, 250 * 2 ** Math.min(4, play.attempt));
    play.retryTimer = setTimeout(() => void this.connectPlay(play), delay);
  }

  // ------------------------------------------------------------------------------------------------ signalling

  /** Sends a request now, or queues it while the link is down; `once` ones are not re-sent after a loss. */
  private request(frame: DistributiveOmit<ClientRequest, 'id'>, once = false): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const req: PendingRequest = { frame: { ...frame, id: this.nextID++ } as ClientRequest, resolve, reject, once };
      if (this.linkUp) this.sendRequest(req);
      else if (this.loggedIn) this.queue.push(req);
      else reject({ code: Code.NOT_LOGIN, message: 'not login' });
    });
  }

  private sendRequest(req: PendingRequest) {
    this.requests.set(req.frame.id, req);
    req.timer = setTimeout(() => {
      this.requests.delete(req.frame.id);
      req.reject({ code: 1100002, message: 'network timeout' });
    }, 15000);
    this.transport!.send(req.frame);
  }

  /** Connects (or reconnects) and logs in, retrying with back-off until the room retry time runs out. */
  private async connectLoop(generation: number, resume: boolean): Promise<LoginOk> {
    const started = Date.now();
    let delay = 250;
    let lastError: Failure = { code: Code.LOGIN_TIMEOUT, message: 'login timeout' };
    for (;;) {
      if (generation !== this.generation) throw { code: Code.NOT_LOGIN, message: 'cancelled' };
      const left = this.roomRetryMs - (Date.now() - started);
      if (left <= 0) throw resume ? { code: Code.ROOM_RETRY_TIMEOUT, message: 'network is broken and login fail.' } : lastError;
      const transport = createTransport(this.appID, this.server, Math.min(5000, left));
      this.opening = transport;
      try {
        await transport.open();
      } catch {
        transport.close();
        this.opening = undefined;
        await this.sleep(Math.min(delay, Math.max(0, left)));
        delay = Math.min(delay * 2, 4000);
        continue;
      }
      if (generation !== this.generation) {
        transport.close();
        throw { code: Code.NOT_LOGIN, message: 'cancelled' };
      }
      try {
        const ok = await this.sendLogin(transport, resume, Math.min(10000, left));
        return ok;
      } catch (f) {
        this.opening = undefined;
        transport.close();
        if (this.transport === transport) this.transport = undefined;
        const failure = f as Failure & { retry?: boolean };
        if (!failure.retry) throw failure;
        lastError = { code: Code.LOGIN_TIMEOUT, message: 'login timeout' };
        await this.sleep(Math.min(delay, Math.max(0, left)));
        delay = Math.min(delay * 2, 4000);
      }
    }
  }

  /** A back-off wait that `endSession` cuts short, so nothing of a cancelled login outlives it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cancellers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancellers.add(done);
    });
  }

  private sendLogin(transport: Transport, resume: boolean, timeoutMs: number): Promise<LoginOk> {
    return new Promise((resolve, reject) => {
      const id = this.nextID++;
      const settle = (f?: Failure & { retry?: boolean }, ok?: LoginOk) => {
        clearTimeout(timer);
        this.cancellers.delete(cancel);
        if (ok) resolve(ok);
        else reject(f);
      };
      const cancel = () => settle({ code: Code.NOT_LOGIN, message: 'cancelled' });
      const timer = setTimeout(() => settle({ code: Code.LOGIN_TIMEOUT, message: 'login timeout', retry: true }), timeoutMs);
      this.cancellers.add(cancel);
      transport.onclose = () => settle({ code: Code.LOGIN_TIMEOUT, message: 'link lost during login', retry: true });
      transport.onframe = (frame) => {
        if (frame.t === 'login-ok' && frame.id === id) {
          this.opening = undefined;
          this.attach(transport);
          settle(undefined, frame);
        } else if (frame.t === 'err' && frame.id === id) {
          settle({ code: frame.code, message: frame.message });
        }
      };
      transport.send({
        t: 'login',
        id,
        v: PROTOCOL_VERSION,
        appID: this.appID,
        roomID: this.roomID,
        token: this.token,
        user: this.user,
        userUpdate: this.config.userUpdate,
        maxMemberCount: this.config.maxMemberCount,
        session: this.session,
        ...(resume ? { resume: { publish: [...this.publications.values()].map((p) => p.info), since: this.serverTime } } : {}),
      });
    });
  }

  /** The transport carries this session from now on: frames go to `onFrame`, its loss starts a reconnection. */
  private attach(transport: Transport) {
    this.transport = transport;
    this.linkUp = true;
    this.lastFrameAt = Date.now();
    transport.onframe = (f) => this.onFrame(f);
    transport.onclose = () => {
      if (this.transport === transport) this.linkLost();
    };
    for (const req of this.queue.splice(0)) this.sendRequest(req);
  }

  private startHeartbeat() {
    clearInterval(this.heartbeatTimer);
    let n = 0;
    this.heartbeatTimer = setInterval(() => {
      if (!this.linkUp) return;
      if (Date.now() - this.lastFrameAt > this.opts.heartbeatTimeoutMs) {
        this.linkLost();
        return;
      }
      this.transport?.send({ t: 'ping', n: n++ });
    }, this.opts.heartbeatIntervalMs);
  }

  /** The signalling link broke while logged in: media keeps flowing peer to peer while we reconnect. */
  private linkLost() {
    if (!this.linkUp || !this.loggedIn) return;
    this.dropTransport();
    for (const [id, req] of this.requests) {
      clearTimeout(req.timer);
      this.requests.delete(id);
      if (req.once) req.reject({ code: Code.MESSAGE_SEND_FAILED, message: 'link lost: message may not have been delivered' });
      else this.queue.push(req);
    }
    const generation = this.generation;
    const r = (this.reconnecting = { since: Date.now(), announced: false } as NonNullable<typeof this.reconnecting>);
    r.holdTimer = setTimeout(() => {
      if (this.reconnecting !== r) return;
      r.announced = true;
      this.setRoomState('CONNECTING', 'RECONNECTING', Code.NETWORK_RECOVERY);
    }, this.opts.reconnectHoldMs);
    this.connectLoop(generation, true).then(
      (ok) => {
        if (generation !== this.generation) return;
        clearTimeout(r.holdTimer);
        this.reconnecting = undefined;
        if (r.announced) this.setRoomState('CONNECTED', 'RECONNECTED', 0);
        this.applySnapshot(ok, ok.resumed ? 'resume' : 'rebuild');
        for (const play of this.plays.values()) {
          if (play.state !== 'PLAYING' && !play.pc && this.streams.has(play.streamID)) void this.connectPlay(play);
        }
      },
      (f: Failure) => {
        if (generation !== this.generation) return;
        clearTimeout(r.holdTimer);
        this.reconnecting = undefined;
        this.endSession(f.code);
        this.setRoomState('DISCONNECTED', f.code === Code.ROOM_RETRY_TIMEOUT ? 'RECONNECT_FAILED' : 'LOGIN_FAILED', f.code);
      },
    );
  }

  private dropTransport() {
    this.linkUp = false;
    const t = this.transport;
    this.transport = undefined;
    if (t) {
      t.onclose = () => {};
      t.onframe = () => {};
      t.close();
    }
  }

  private onFrame(frame: ServerFrame) {
    this.lastFrameAt = Date.now();
    switch (frame.t) {
      case 'ok': {
        const req = this.requests.get(frame.id);
        if (!req) return;
        clearTimeout(req.timer);
        this.requests.delete(frame.id);
        req.resolve(frame.data ?? {});
        return;
      }
      case 'err': {
        const req = this.requests.get(frame.id);
        if (!req) return;
        clearTimeout(req.timer);
        this.requests.delete(frame.id);
        req.reject({ code: frame.code, message: frame.message });
        return;
      }
      case 'user-add':
        this.addUsers(frame.users);
        return;
      case 'user-del': {
        const gone = frame.users.filter((u) => this.users.delete(u.userID));
        if (gone.length && this.config.userUpdate) this.emit('roomUserUpdate', this.roomID, 'DELETE', gone.map(toUser));
        return;
      }
      case 'stream-add':
        this.addStreams(frame.streams);
        return;
      case 'stream-del':
        this.deleteStreams(frame.streams, frame.reason);
        return;
      case 'stream-status': {
        const s = this.streams.get(frame.streamID);
        if (!s) return;
        const video = s.video !== frame.video;
        const audio = s.audio !== frame.audio;
        s.video = frame.video;
        s.audio = frame.audio;
        if (this.plays.has(frame.streamID)) {
          if (video) this.emit('remoteCameraStatusUpdate', frame.streamID, frame.video);
          if (audio) this.emit('remoteMicStatusUpdate', frame.streamID, frame.audio);
        }
        return;
      }
      case 'stream-extra': {
        for (const s of frame.streams) {
          const known = this.streams.get(s.streamID);
          if (known) known.extraInfo = s.extraInfo;
        }
        this.emit('streamExtraInfoUpdate', this.roomID, frame.streams.map(toStream));
        return;
      }
      case 'room-extra':
        this.emit('roomExtraInfoUpdate', this.roomID, frame.items);
        return;
      case 'count':
        this.emit('roomOnlineUserCountUpdate', this.roomID, frame.count);
        return;
      case 'pong':
        if (frame.at) this.serverTime = Math.max(this.serverTime, frame.at);
        return;
      case 'im': {
        this.serverTime = Math.max(this.serverTime, frame.sendTime);
        const info = { fromUser: toUser(frame.fromUser), message: frame.message, sendTime: frame.sendTime, messageID: frame.messageID };
        if (frame.kind === 'broadcast') this.emit('IMRecvBroadcastMessage', this.roomID, [info]);
        else if (frame.kind === 'barrage') this.emit('IMRecvBarrageMessage', this.roomID, [info]);
        else this.emit('IMRecvCustomCommand', this.roomID, toUser(frame.fromUser), frame.message);
        return;
      }
      case 'kickout':
        this.dropTransport();
        this.endSession(frame.code);
        this.setRoomState('DISCONNECTED', 'KICKOUT', frame.code, frame.reason);
        return;
      case 'signal':
        this.onSignal(frame.from, frame.data);
        return;
      default:
        return;
    }
  }

  private onSignal(from: string, data: SignalData) {
    if (!data || typeof data !== 'object') return;
    if (data.kind === 'offer') void this.answer(from, data);
    else if (data.kind === 'answer') this.answers.get(data.playID)?.resolve(data.sdp);
    else if (data.kind === 'close') {
      // from the publisher: our play connection ended; from a player: drop its link
      const pending = this.answers.get(data.playID);
      if (pending) pending.reject({ code: data.code || Code.PLAY_STREAM_NOT_FOUND, message: 'publisher refused' });
      const play = this.plays.get(data.streamID);
      if (play && play.playID === data.playID) {
        this.playPublishers.delete(data.playID);
        this.retryPlay(play, Code.PLAY_STREAM_NOT_FOUND);
      }
      const pub = this.publications.get(data.streamID);
      const pc = pub?.links.get(data.playID);
      if (pub && pc) {
        pc.close();
        pub.links.delete(data.playID);
        this.linkPeers.delete(data.playID);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ room view

  /**
   * Applies a login answer. At login: one ADD each for users and streams already present. After a resume the
   * core kept everything: only the difference. After a rebuild (the core lost its state) users are reported
   * DELETE-all then ADD as the SDK does, and streams missing from the new snapshot get `resumeSettleMs` to
   * come back (their publishers are reconnecting too) before they are reported deleted.
   */
  private applySnapshot(ok: LoginOk, kind: 'login' | 'resume' | 'rebuild') {
    if (kind === 'rebuild' && this.users.size && this.config.userUpdate) {
      this.emit('roomUserUpdate', this.roomID, 'DELETE', [...this.users.values()].map(toUser));
      this.users.clear();
    }
    const freshUsers = kind === 'resume' ? ok.users.filter((u) => !this.users.has(u.userID)) : ok.users;
    if (kind === 'resume') {
      const present = new Set(ok.users.map((u) => u.userID));
      const gone = [...this.users.values()].filter((u) => !present.has(u.userID));
      gone.forEach((u) => this.users.delete(u.userID));
      if (gone.length && this.config.userUpdate) this.emit('roomUserUpdate', this.roomID, 'DELETE', gone.map(toUser));
    }
    this.addUsers(freshUsers);
    const present = new Set(ok.streams.map((s) => s.streamID));
    const missing = [...this.streams.values()].filter((s) => !present.has(s.streamID));
    if (missing.length) {
      if (kind === 'rebuild') {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => {
          this.deleteStreams(missing.filter((s) => this.streams.get(s.streamID) === s), 5);
        }, this.opts.resumeSettleMs);
      } else this.deleteStreams(missing, 5);
    }
    this.addStreams(ok.streams);
    if (ok.roomExtraInfo.length) this.emit('roomExtraInfoUpdate', this.roomID, ok.roomExtraInfo);
    if (kind === 'login') this.emit('roomOnlineUserCountUpdate', this.roomID, ok.count);
  }

  private addUsers(users: WireUser[]) {
    const added = users.filter((u) => u.userID !== this.user.userID && !this.users.has(u.userID));
    added.forEach((u) => this.users.set(u.userID, u));
    if (added.length && this.config.userUpdate) this.emit('roomUserUpdate', this.roomID, 'ADD', added.map(toUser));
  }

  private addStreams(streams: WireStream[]) {
    const added: WireStream[] = [];
    for (const s of streams) {
      const known = this.streams.get(s.streamID);
      if (known) {
        // came back within the settle window: no event, keep the newest status
        this.streams.set(s.streamID, s);
        continue;
      }
      this.streams.set(s.streamID, s);
      added.push(s);
    }
    if (!added.length) return;
    this.emit('roomStreamUpdate', this.roomID, 'ADD', added.map(toStream), '');
    const withInfo = added.filter((s) => s.extraInfo);
    if (withInfo.length) this.emit('streamExtraInfoUpdate', this.roomID, withInfo.map(toStream));
    for (const s of added) {
      const play = this.plays.get(s.streamID);
      if (play && !play.pc) void this.connectPlay(play);
    }
  }

  private deleteStreams(streams: WireStream[], reason: number) {
    const gone = streams.filter((s) => this.streams.delete(s.streamID));
    if (!gone.length) return;
    const extendedData = JSON.stringify({
      stream_delete_reason: gone.map((s) => ({ stream_id: s.streamID, code: reason, description: DELETE_REASONS[reason] ?? 'unknown' })),
    });
    for (const s of gone) {
      const play = this.plays.get(s.streamID);
      if (play) this.retryPlay(play, Code.PLAY_STREAM_NOT_FOUND);
    }
    this.emit('roomStreamUpdate', this.roomID, 'DELETE', gone.map(toStream), extendedData);
  }

  private setRoomState(state: RoomState, reason: Reason, errorCode: number, extendedData = '') {
    const changed = state !== this.roomState;
    this.roomState = state;
    if (!changed && reason !== 'LOGINED') return;
    this.emit('roomStateChanged', this.roomID, reason, errorCode, extendedData);
    this.emit('roomStateUpdate', this.roomID, state, errorCode, extendedData);
  }

  private scheduleTokenWillExpire(expire: number) {
    clearTimeout(this.tokenTimer);
    if (!expire) return;
    const delay = Math.max(0, expire * 1000 - 30_000 - Date.now());
    // setTimeout overflows past ~24.8 days; such tokens are re-checked by renewToken anyway
    if (delay > 2 ** 31 - 1) return;
    const roomID = this.roomID;
    this.tokenTimer = setTimeout(() => {
      if (this.loggedIn) this.emit('tokenWillExpire', roomID);
    }, delay);
  }

  private startQuality() {
    clearInterval(this.qualityTimer);
    this.qualityTimer = setInterval(() => void this.reportQuality(), this.opts.qualityIntervalMs);
  }

  private async reportQuality() {
    for (const pub of this.publications.values()) {
      if (pub.state !== 'PUBLISHING') continue;
      const pc = pub.links.values().next().value as RTCPeerConnection | undefined;
      const report = pc ? await pc.getStats().catch(() => undefined) : undefined;
      if (!this.publications.has(pub.info.streamID)) continue;
      const stats = toPublishStats(report, pub.stats, pub.stream);
      pub.stats = report;
      this.emit('publishQualityUpdate', pub.info.streamID, stats);
    }
    for (const play of this.plays.values()) {
      if (play.state !== 'PLAYING' || !play.pc) continue;
      const report = await play.pc.getStats().catch(() => undefined);
      if (!report || !this.plays.has(play.streamID)) continue;
      const stats = toPlayStats(report, play.stats);
      play.stats = report;
      this.emit('playQualityUpdate', play.streamID, stats);
    }
  }

  /** Ends the room session locally: every publication and play closed, timers cleared, link dropped. */
  private endSession(code: number) {
    this.generation++;
    const wasLogged = this.loggedIn;
    this.loggedIn = false;
    if (this.reconnecting) clearTimeout(this.reconnecting.holdTimer);
    this.reconnecting = undefined;
    for (const pub of [...this.publications.values()]) {
      this.closePublication(pub, code);
      if (wasLogged) this.emitPublisher(pub.info.streamID, 'NO_PUBLISH', code);
    }
    for (const play of [...this.plays.values()]) {
      this.closePlay(play, code);
      if (wasLogged) this.emitPlayer(play.streamID, 'NO_PLAY', code);
    }
    for (const [, a] of this.answers) a.reject({ code, message: 'session ended' });
    this.answers.clear();
    this.linkPeers.clear();
    this.playPublishers.clear();
    for (const [, req] of this.requests) {
      clearTimeout(req.timer);
      req.reject({ code: code || Code.NOT_LOGIN, message: 'session ended' });
    }
    this.requests.clear();
    for (const req of this.queue.splice(0)) req.reject({ code: code || Code.NOT_LOGIN, message: 'session ended' });
    clearInterval(this.heartbeatTimer);
    clearInterval(this.qualityTimer);
    clearTimeout(this.tokenTimer);
    clearTimeout(this.settleTimer);
    this.heartbeatTimer = this.qualityTimer = this.tokenTimer = this.settleTimer = undefined;
    this.users.clear();
    this.streams.clear();
    this.dropTransport();
    this.opening?.close();
    this.opening = undefined;
    for (const cancel of [...this.cancellers]) cancel();
    this.cancellers.clear();
  }

  /**
   * Releases everything the engine created: the session, local streams and their tracks, views, peer
   * connections, timers, the sound-level meter, device and page listeners. Safe to call twice (the SDK throws).
   */
  destroyEngine(): void {
    if (this.destroyed) return;
    if (this.roomState !== 'DISCONNECTED' || this.pendingLogin) this.logoutRoom();
    this.endSession(0);
    this.pendingLogin?.reject({ code: Code.NOT_LOGIN, message: 'engine destroyed' });
    this.pendingLogin = undefined;
    for (const local of this.localStreams) local._destroy();
    this.localStreams.clear();
    for (const view of this.views) view._destroy();
    this.views.clear();
    this.meter?.destroy();
    this.meter = undefined;
    this.devices?.stop();
    this.devices = undefined;
    this.destroyed = true;
    this.emitter.clear();
  }

  private watchDevices() {
    if (this.devices || this.destroyed) return;
    this.devices = new DeviceWatcher(this.link);
    this.devices.start();
  }

  private localOf(stream: MediaStream | ZegoLocalStream): ZegoLocalStream | undefined {
    if (stream instanceof ZegoLocalStream) return this.localStreams.has(stream) ? stream : undefined;
    for (const l of this.localStreams) if (l.stream === stream) return l;
    return undefined;
  }

  private mediaOf(stream: MediaStream | ZegoLocalStream): MediaStream | undefined {
    if (stream instanceof ZegoLocalStream) return stream.stream ?? undefined;
    return stream instanceof MediaStream ? stream : undefined;
  }
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

const DELETE_REASONS: Record<number, string> = {
  1: 'stopped normally',
  2: 'heartbeat timeout',
  3: 'repeat login',
  4: 'kicked out',
  5: 'offline',
  6: 'removed by server',
};

const toUser = (u: WireUser): ZegoUser => ({ userID: u.userID, userName: u.userName });
const toStream = (s: WireStream) => ({ streamID: s.streamID, user: toUser(s.user), extraInfo: s.extraInfo, urlsFLV: '', urlsRTMP: '', urlsHLS: '', urlsHttpsFLV: '', urlsHttpsHLS: '' });

export type { CheckFailure };
