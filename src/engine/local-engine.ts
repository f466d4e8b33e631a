// Over 500 lines on purpose: this is the SDK's front door, one method per method of ZEGO's `ZegoExpressEngine` (about
// 110), each a few lines of argument checks and error shapes that hand the work to the parts listed below.
import type {
  AudioFrameOptions,
  ZegoAudioFrame,
  ZegoCapabilityDetection,
  ZegoCheckSingleType,
  ZegoDeviceInfo,
  ZegoDeviceInfos,
  ZegoElectronScreenSource,
  ZegoEvent,
  ZegoLocalStreamConfig,
  ZegoPlayStats,
  ZegoPublishStats,
  ZegoPublishStreamAudioConfig,
  ZegoPublishStreamConfig,
  ZegoSEIConfig,
  ZegoServerResponse,
  ZegoStreamUpdateType,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type {
  ZegoLogConfig,
  ZegoRoomConfig,
  ZegoRoomSendTransparentMessage,
  ZegoSwitchRoomConfig,
  ZegoUser,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type {
  AiDenoiseMode,
  ZegoLiveAudioEffectMode,
  ZegoReverbPreset,
  ZegoVoiceChangerPreset,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoVoiceChangerEntity.web';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import { Code, checkMessage, checkRoomID, checkStreamID, checkToken, checkUserID, checkUserName, type Failure } from '../shared/codes.js';
import type { LoginOk, ServerFrame, SignalData } from '../shared/protocol.js';
import { EngineAudio, type ZegoAudioEffectPlayer } from './audio/index.js';
import { captureTrack } from './capture.js';
import { refuseAsync, refuseSync } from './cloud-only.js';
import { ZegoStreamCompositor } from './compositor.js';
import { ZegoCopyrightedMusic } from './copyrighted-music.js';
import { enumDevices, getCameras, getMicrophones, getSpeakers } from './devices.js';
import { Emitter } from './emitter.js';
import { streamOptionsOf } from './legacy-config.js';
import type { EngineLink } from './link.js';
import { LocalMedia } from './local-media.js';
import type { ZegoLocalStream } from './local-stream.js';
import { setSink } from './media-element.js';
import { DEFAULT_OPTIONS, type EngineOptions, type ZegoLocalEngineOptions } from './options.js';
import { Player } from './player.js';
import { Publisher } from './publisher.js';
import { RoomView, toUser } from './room-view.js';
import { ZegoExpressRangeAudio } from './range-audio.js';
import { ZegoRealTimeSequentialDataManager } from './sequential-data.js';
import { RoomSession, type SnapshotKind } from './session.js';
import { SoundLevelMeter } from './sound-level.js';
import type { ZegoStreamView } from './stream-view.js';
import { createTransport } from './transport.js';

export type { ZegoLocalEngineOptions };

/** The version `getVersion()` answers: the SDK version whose API this engine follows, marked as ours. */
const VERSION = '3.12.0-local';

/** `{errorCode, extendedData}`: what the SDK's publishing, messaging and device methods throw or reject with. */
const sdkError = (f: Failure) => ({ errorCode: f.code, extendedData: f.message });
const OK: ZegoServerResponse = Object.freeze({ errorCode: 0, extendedData: '' });

/** One joined (or joining) room: its signalling session and its users and streams. */
interface Room {
  session: RoomSession;
  view: RoomView;
}

const bytesToBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const base64ToBytes = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * ZEGO Express's call API, offline: rooms, users, streams and messages over our own signalling (BroadcastChannel
 * between tabs when `server` is `''`, our room server when it is a `ws://`/`wss://` URL), media over real
 * WebRTC between peers. Method names, argument order, events, state sequences and error codes follow
 * `zego-express-engine-webrtc` 3.12, so code written for ZEGO runs on it with only the constructor changed.
 * docs/local-engine-api.md lists every method: implemented, partial (how) or refused (only ZEGO's cloud can).
 *
 * This class is the SDK's front door: argument checks and the SDK's error shape of each method. The work is done
 * by its parts, each owning its state:
 * - `RoomSession` (session.ts): login, heartbeat, requests, reconnection, room state events; one per room joined;
 * - `RoomView` (room-view.ts): a room's users and streams from snapshots and deltas;
 * - `Publisher` (publisher.ts): published streams and their connections to players;
 * - `Player` (player.ts): played streams, their connection to the publisher, retries;
 * - `LocalMedia` (local-media.ts): local streams, views, device watching.
 */
export class ZegoLocalEngine {
  /** Defaults for every engine created afterwards (tests set `loopbackOnly` here once). */
  static defaults: ZegoLocalEngineOptions = {};

  /** The SDK's version property: the API version this engine follows. */
  static version: string = VERSION;

  readonly appID: number;
  readonly server: string;
  /** The SDK's RTM core object; the local engine is its own. */
  readonly zegoWebRTM: unknown = this;

  private readonly opts: EngineOptions;
  private readonly emitter = new Emitter();
  private readonly rooms = new Map<string, Room>();
  private readonly publisher: Publisher;
  private readonly player: Player;
  private readonly media: LocalMedia;
  /** Capture volume, voice changer, reverb, stereo, mixing, effects, frame callbacks (src/engine/audio). */
  private readonly audio: EngineAudio;
  private meter?: SoundLevelMeter;
  private qualityTimer?: ReturnType<typeof setInterval>;
  private retryMs = 300_000;
  private multiRoom = false;
  /** `enableMultiRoom` only counts before the first login, once. */
  private multiRoomDecided = false;
  private micMuted = false;
  /** The track each kind of a stream sends after `replaceTrack`/device switches, while the stream swaps it. */
  private readonly sending = new WeakMap<MediaStream, { audio?: MediaStreamTrack | null; video?: MediaStreamTrack | null }>();
  /** `setDummyCaptureImagePath`: what a stream sends while its camera is stopped. */
  private readonly dummies = new Map<MediaStream, { track: MediaStreamTrack; stop: () => void }>();
  private readonly managers = new Set<ZegoRealTimeSequentialDataManager>();
  private readonly compositors = new Set<ZegoStreamCompositor>();
  private readonly sequentialListeners = new Map<string, Set<(data: ArrayBuffer) => void>>();
  private copyrightedMusic?: ZegoCopyrightedMusic;
  private rangeAudio?: ZegoExpressRangeAudio;
  private destroyed = false;

  constructor(appID: number, server: string | string[], options: ZegoLocalEngineOptions = {}) {
    const url = Array.isArray(server) ? server[0] : server;
    if (typeof appID !== 'number' || !Number.isInteger(appID) || appID <= 0) {
      throw new TypeError(`ZegoLocalEngine: appID must be a positive integer, got ${String(appID)}`);
    }
    if (typeof url !== 'string' || (url !== '' && !/^wss?:\/\/[^\s]+$/i.test(url))) {
      throw new TypeError(`ZegoLocalEngine: server must be '' (BroadcastChannel) or a ws:// or wss:// URL`);
    }
    this.appID = appID;
    this.server = url;
    const opts = (this.opts = { ...DEFAULT_OPTIONS, ...ZegoLocalEngine.defaults, ...options });
    const emit = (name: keyof ZegoEvent, ...args: unknown[]) => this.emit(name, ...args);
    const levels = {
      add: (id: string, stream: MediaStream) => this.meter?.add(id, stream),
      remove: (id: string) => this.meter?.remove(id),
    };
    const link: EngineLink = {
      emit: (name, ...args) => this.emit(name, ...(args as unknown[])),
      trackReplaced: (stream, kind, track) => this.followTrack(stream, kind, track),
    };
    this.media = new LocalMedia(link);
    this.audio = new EngineAudio({
      mediaOf: (s) => this.media.mediaOf(s) ?? null,
      publishedMedia: (id) => this.publisher.list().find((p) => p.streamID === id)?.stream ?? null,
      playedMedia: (id) => this.player.mediaOf(id) ?? null,
      sentTrackChanged: (media) => this.publisher.refresh(media, 'audio'),
      recaptureMicrophone: async (media, constraints) => {
        const local = this.media.localOf(media);
        if (!local) return OK;
        local._settings = { ...local._settings, audio: { ...local._settings.audio, ...constraints } };
        return local._useDevice('audio', local.audioDeviceId);
      },
    });
    this.publisher = new Publisher({
      opts,
      emit,
      levels,
      cameraOff: (m) => !!this.media.localOf(m)?._cameraOff,
      sendTrack: (m, kind) => this.sendTrack(m, kind),
      microphoneMuted: () => this.micMuted,
      stereo: (m) => this.audio.stereo(m) || this.media.localOf(m)?._settings.audio?.channelCount === 2,
    });
    this.player = new Player({
      opts,
      emit,
      levels,
      stream: (id) => this.roomListing(id)?.view.stream(id),
      sessionFor: (id) => (this.roomListing(id) ?? this.firstRoom())?.session,
      sequential: (id, data) => this.sequentialListeners.get(id)?.forEach((fn) => fn(data)),
    });
  }

  // ------------------------------------------------------------------------------------------------ statics

  /** @accepted engine options tune ZEGO's cloud connection */
  static setEngineOptions(_options: unknown): void {}

  /** @accepted the geofence picks ZEGO's data centres */
  static setGeoFence(_type: unknown, _areaList: number[]): void {}

  /** @accepted modules add features to ZEGO's SDK; the local engine has what it can do built in */
  static use(_module: unknown): void {}

  /** Logs are the SDK's; the local engine logs nothing. */
  static presetLogConfig(_config: ZegoLogConfig): boolean {
    return true;
  }

  /** @accepted proxies reach ZEGO's cloud */
  static setCloudProxyConfig(_proxyList: unknown[], _token: string, _enable: boolean): void {}

  /** @accepted proxies reach ZEGO's cloud */
  static setLocalProxyConfig(_proxyConfig: unknown, _enable: boolean): void {}

  // ------------------------------------------------------------------------------------------------ engine

  on<K extends keyof ZegoEvent>(event: K, callBack: ZegoEvent[K]): boolean {
    if ((event === 'videoDeviceStateChanged' || event === 'audioDeviceStateChanged') && !this.destroyed) this.media.watchDevices();
    return this.emitter.on(event, callBack);
  }

  off<K extends keyof ZegoEvent>(event: K, callBack?: ZegoEvent[K]): boolean {
    return this.emitter.off(event, callBack);
  }

  private emit(name: keyof ZegoEvent, ...args: unknown[]) {
    if (!this.destroyed) this.emitter.emit(name, args);
  }

  getVersion(): string {
    return VERSION;
  }

  /** What the browser can do; a `checkType` is answered with the same full report (a superset of the SDK's). */
  async checkSystemRequirements<T extends keyof ZegoCheckSingleType>(
    _checkType?: T,
    _checkLevel?: 0 | 1,
  ): Promise<ZegoCapabilityDetection> {
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
    } as ZegoCapabilityDetection;
  }

  /** Accepts the SDK's `roomRetryTime` (seconds): how long logins and reconnections retry. */
  setEngineConfig(config: { roomRetryTime?: number } & Record<string, unknown>): void {
    const t = Number(config?.roomRetryTime);
    if (!(Number.isFinite(t) && t > 0)) return;
    this.retryMs = t * 1000;
    for (const room of this.rooms.values()) room.session.retryMs = this.retryMs;
  }

  /** @accepted the scenario tunes ZEGO's codecs and bitrates; refused once a room is joined, as in the SDK */
  setRoomScenario(_scenario: unknown): boolean {
    return this.rooms.size === 0;
  }

  /** @accepted SEI here travels over a data channel beside the video, whatever the NAL settings */
  setSEIConfig(_config: ZegoSEIConfig): void {}

  /** The SDK's logging switches; the local engine logs nothing, so these only exist for drop-in code. */
  setLogConfig(_config: ZegoLogConfig): boolean {
    return true;
  }

  setDebugVerbose(_enable: boolean): void {}

  /** @accepted the browser chooses its encoder */
  enableHardwareEncoder(_enable: boolean): void {}

  /** @accepted the browser moves to the default device when one is unplugged; `<zego-local-video>` recovers by itself */
  enableAutoSwitchDevice(_config: unknown): void {}

  /** ICE servers for the peer connections made from now on (`{urls, username, credential}`). */
  setTurnServer(turnServerList: { url: string; username: string; credential: string }[]): void {
    if (!Array.isArray(turnServerList)) return;
    const iceServers = turnServerList
      .filter((s) => s && typeof s.url === 'string')
      .map(({ url, username, credential }) => ({ urls: url, username, credential }));
    this.opts.rtcConfiguration = { ...this.opts.rtcConfiguration, iceServers };
  }

  /** The room core's clock (the room server's, or the hosting tab's), synchronised on the heartbeat. */
  getNetworkTimeInfo(): { timestamp: number; maxDeviation: number } {
    return this.firstRoom()?.session.networkTime() ?? { timestamp: 0, maxDeviation: 0 };
  }

  /** @cloud log upload to ZEGO */
  uploadLog(): Promise<{ errorCode: number; extendedData: string }> {
    return refuseAsync('uploadLog', 'log upload');
  }

  /** @cloud ZEGO's experimental server APIs */
  callExperimentalAPI(_params: Record<string, unknown>): Promise<unknown> {
    return refuseAsync('callExperimentalAPI', 'experimental APIs');
  }

  // ------------------------------------------------------------------------------------------------ rooms

  /** Several rooms at once (call before the first login, once): each room has its own signalling session. */
  enableMultiRoom(enable: boolean): boolean {
    if (this.multiRoomDecided) return false;
    this.multiRoomDecided = true;
    this.multiRoom = !!enable;
    return true;
  }

  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean> {
    if (this.destroyed) return Promise.reject({ code: Code.NOT_LOGIN, msg: 'engine destroyed' });
    const busy = this.busy(roomID, user);
    if (busy) return Promise.reject({ code: busy.code, msg: busy.message });
    const invalid =
      checkRoomID(roomID) ??
      checkToken(token) ??
      (user && typeof user === 'object'
        ? (checkUserID(user.userID) ?? checkUserName(user.userName))
        : { code: Code.INPUT_PARAM, message: 'user must be an object' });
    this.multiRoomDecided = true;
    const room = this.openRoom(typeof roomID === 'string' ? roomID : '');
    return room.session.login(roomID, token, user, config, invalid).then(
      () => true,
      (f: Failure) => Promise.reject({ code: f.code, msg: f.message }),
    );
  }

  /** Leaves `fromRoomID` (its streams stop, as when leaving) and logs in to `toRoomID` as the same user. */
  switchRoom(fromRoomID: string, toRoomID: string, config: ZegoSwitchRoomConfig): Promise<boolean> {
    const from = this.rooms.get(fromRoomID);
    if (!from?.session.loggedIn) return Promise.reject({ code: Code.ROOM_ROOMID_INCORRECT, msg: 'have not logged in with this room ID' });
    if (!config || typeof config !== 'object') return Promise.reject({ code: Code.INPUT_PARAM, msg: 'config with a token is required' });
    if (this.rooms.has(toRoomID)) return Promise.reject({ code: Code.REPEATEDLY_LOGIN, msg: 'user repeatedly login' });
    const user = from.session.self;
    const userUpdate = config.isUserStatusNotify ?? from.session.userUpdate;
    from.session.logout(fromRoomID);
    return this.loginRoom(toRoomID, config.token, user, { userUpdate, maxMemberCount: config.maxMemberCount });
  }

  /** Leaves `roomID`, or every room without one. */
  logoutRoom(roomID?: string): void {
    if (roomID === undefined) for (const room of [...this.rooms.values()]) room.session.logout();
    else this.rooms.get(roomID)?.session.logout(roomID);
  }

  renewToken(token: string, roomID?: string): boolean {
    const room = roomID === undefined ? this.firstRoom() : this.rooms.get(roomID);
    return !!room && room.session.renew(token, roomID);
  }

  /** Why a login cannot start now (SDK codes), or undefined. */
  private busy(roomID: unknown, user: ZegoUser): Failure | undefined {
    const active = [...this.rooms.values()].filter((r) => r.session.active);
    if (!active.length) return undefined;
    const same = active.find((r) => r.session.roomID === roomID);
    if (same)
      return same.session.loggedIn
        ? { code: Code.REPEATEDLY_LOGIN, message: 'user repeatedly login' }
        : { code: Code.ROOM_COUNT_EXCEED, message: 'login rooms exceeds the upper limit' };
    if (!this.multiRoom) return { code: Code.ROOM_COUNT_EXCEED, message: 'login rooms exceeds the upper limit' };
    if (user && typeof user === 'object' && active.some((r) => r.session.userID !== user.userID)) {
      return { code: Code.DIFFERENT_USER_ID, message: 'In multi-room mode, only the same user id can be used.' };
    }
    return undefined;
  }

  private openRoom(roomID: string): Room {
    const room = {} as Room;
    const session: RoomSession = new RoomSession(
      this.appID,
      this.opts,
      {
        emit: (name, ...args) => this.emit(name, ...args),
        publishing: () => this.publisher.infos(session),
        established: (ok, kind) => this.established(room, ok, kind),
        frame: (frame) => this.onFrame(room, frame),
        ending: (code, report) => this.roomEnding(room, code, report),
        closed: () => {
          if (this.rooms.get(roomID) === room) this.rooms.delete(roomID);
        },
      },
      (timeoutMs) => createTransport(this.appID, this.server, timeoutMs),
    );
    session.retryMs = this.retryMs;
    room.session = session;
    room.view = new RoomView(this.opts, {
      emit: (name, ...args) => this.emit(name, ...args),
      roomID: () => session.roomID,
      selfID: () => session.userID,
      userUpdate: () => session.userUpdate,
      streamsAdded: (ids) => this.player.streamsAdded(ids),
      streamsDeleted: (ids) => this.player.streamsDeleted(ids),
      playing: (id) => this.player.playing(id),
    });
    this.rooms.set(roomID, room);
    return room;
  }

  /** The first room logged in (or logging in): where publishing goes by default. */
  private firstRoom(): Room | undefined {
    let first: Room | undefined;
    for (const room of this.rooms.values()) {
      if (room.session.loggedIn) return room;
      first ??= room;
    }
    return first;
  }

  /** The room whose stream list has `streamID`. */
  private roomListing(streamID: string): Room | undefined {
    for (const room of this.rooms.values()) if (room.view.stream(streamID)) return room;
    return undefined;
  }

  private get loggedIn(): boolean {
    return [...this.rooms.values()].some((r) => r.session.loggedIn);
  }

  // ------------------------------------------------------------------------------------------------ messages

  async sendBroadcastMessage(roomID: string, message: string): Promise<ZegoServerResponse & { messageID?: number }> {
    return this.sendIM(roomID, 'broadcast', message);
  }

  async sendBarrageMessage(roomID: string, message: string): Promise<ZegoServerResponse & { messageID?: number }> {
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
    if (bad) throw sdkError(bad);
    const room = this.joined(roomID, Code.INCONSISTENT_ROOM_ID, 'inconsistent room id');
    try {
      const data = await room.session.request({ t: 'im', kind, message, ...(to ? { toUserIDs: to } : {}) }, true);
      return { errorCode: 0, extendedData: '', messageID: Number(data.messageID) };
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  /**
   * Opaque bytes to some users of the room (`recvUserList`) or everyone else: they get `recvRoomTransparentMessage`.
   * @partial `ZegoRoomTransparentMessageModeOnlyServer` (to your business server) is refused: there is none here; the client part of `ClientAndServer` is delivered; `timeOut` is not applied
   */
  async sendTransparentMessage(roomID: string, message: ZegoRoomSendTransparentMessage): Promise<ZegoServerResponse> {
    if (!message || typeof message !== 'object' || !(message.content instanceof Uint8Array) || message.content.byteLength === 0) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'message.content must be a non-empty Uint8Array' };
    }
    if (message.content.byteLength > 1024) throw { errorCode: Code.MESSAGE_TOO_LONG, extendedData: 'content is too long' };
    const users = message.recvUserList ?? [];
    if (!Array.isArray(users) || users.some((u) => checkUserID(u?.userID))) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'recvUserList must be an array of users' };
    }
    if (Number(message.sendMode) === 1) {
      await refuseAsync(
        'sendTransparentMessage',
        'a transparent message to your business server (ZegoRoomTransparentMessageModeOnlyServer)',
      );
    }
    const room = this.joined(roomID, Code.INCONSISTENT_ROOM_ID, 'inconsistent room id');
    try {
      await room.session.request(
        { t: 'transparent', content: bytesToBase64(message.content), toUserIDs: users.map((u) => u.userID) },
        true,
      );
      return OK;
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  async setRoomExtraInfo(roomID: string, key: string, value: string): Promise<ZegoServerResponse> {
    const room = this.joined(roomID, Code.ROOM_ROOMID_INCORRECT, 'have not logged in with this room ID');
    if (typeof key !== 'string' || typeof value !== 'string')
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'key and value must be strings' };
    try {
      await room.session.request({ t: 'room-extra', key, value });
      return OK;
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  /** The room `roomID` if logged in; throws the SDK's not-logged-in error, or `code` when another room is. */
  private joined(roomID: string, code: number, message: string): Room {
    if (!this.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login room' };
    const room = this.rooms.get(roomID);
    if (!room?.session.loggedIn) throw { errorCode: code, extendedData: message };
    return room;
  }

  // ------------------------------------------------------------------------------------------------ local media

  async createZegoStream(options?: ZegoStreamOptions): Promise<ZegoLocalStream> {
    const gone = { errorCode: Code.NOT_LOGIN, extendedData: 'engine destroyed' };
    if (this.destroyed) throw gone;
    const local = await this.media.create(options, () => !this.destroyed);
    if (!local) throw gone;
    return local;
  }

  /** The SDK's older capture API: the same capture as `createZegoStream`, answered as its MediaStream. */
  async createStream(source?: ZegoLocalStreamConfig): Promise<MediaStream> {
    const local = await this.createZegoStream(streamOptionsOf(source));
    return local.stream!;
  }

  destroyStream(localStream: MediaStream | ZegoLocalStream): void {
    const media = this.media.destroyable(localStream);
    if (!media) return;
    this.publisher.stopStream(media);
    this.audio.release(media);
    this.media.destroy(localStream);
    this.meter?.remove(`push:${media.id}`);
    this.dummies.get(media)?.stop();
    this.dummies.delete(media);
  }

  async enumDevices(): Promise<ZegoDeviceInfos> {
    return enumDevices();
  }

  async getCameras(): Promise<ZegoDeviceInfo[]> {
    return getCameras();
  }

  async getMicrophones(): Promise<ZegoDeviceInfo[]> {
    return getMicrophones();
  }

  async getSpeakers(): Promise<ZegoDeviceInfo[]> {
    return getSpeakers();
  }

  /** Captures another camera into the stream and swaps it into every live connection, without renegotiation. */
  useVideoDevice(localStream: MediaStream | ZegoLocalStream, deviceID: string): Promise<ZegoServerResponse> {
    return this.media.useDevice(localStream, 'video', deviceID);
  }

  useAudioDevice(localStream: MediaStream | ZegoLocalStream, deviceID: string): Promise<ZegoServerResponse> {
    return this.media.useDevice(localStream, 'audio', deviceID);
  }

  /** Routes a media element's sound to a speaker (`setSinkId`); false where the browser cannot or the ID is unknown. */
  async useAudioOutputDevice(media: HTMLMediaElement, deviceID: string): Promise<boolean> {
    if (!(media instanceof HTMLMediaElement) || typeof deviceID !== 'string') return false;
    if (typeof (media as { setSinkId?: unknown }).setSinkId !== 'function') return false; // Safari: no speaker choice
    return setSink(media, deviceID).then(
      () => true,
      () => false,
    );
  }

  /** The front (`user`) or back (`environment`) camera, captured with the stream's settings and swapped in live. */
  async useFrontCamera(localStream: MediaStream | ZegoLocalStream, enable: boolean): Promise<ZegoServerResponse> {
    const local = this.media.localOf(localStream);
    if (!local || local._kind !== 'camera') throw { errorCode: Code.INPUT_PARAM, extendedData: 'not a camera stream of this engine' };
    const facingMode = enable ? 'user' : 'environment';
    const { video, optimizationMode } = local._settings;
    // rejects `{errorCode, extendedData}` like any capture
    const constraints = { ...(video ?? {}), deviceId: undefined, facingMode: { ideal: facingMode } };
    const track = await captureTrack('video', constraints, undefined, optimizationMode);
    local._replaceTrack('video', track);
    return OK;
  }

  /**
   * Stops the camera of a stream from `createZegoStream` (its light goes off; players get `remoteCameraStatusUpdate`
   * MUTE) or, with `enable` true, captures it again from the same camera and sends it. Resolves false for a stream
   * that is not this engine's camera stream; rejects `{errorCode, extendedData}` when the camera cannot start again.
   */
  async enableVideoCaptureDevice(localStream: MediaStream | ZegoLocalStream, enable = true): Promise<boolean> {
    const local = this.media.localOf(localStream);
    if (!local || this.destroyed) return false;
    const done = await local._enableCamera(enable !== false);
    if (done) {
      this.publisher.refresh(local.stream!, 'video');
      this.publisher.announceVideo(local.stream!);
    }
    return done;
  }

  /** `retain` (keep capturing while muted) is how the local engine always mutes: only sending stops. */
  mutePublishStreamVideo(localStream: MediaStream | ZegoLocalStream, mute: boolean, _retain?: boolean): boolean {
    return this.mute(localStream, 'video', !!mute);
  }

  mutePublishStreamAudio(localStream: MediaStream | ZegoLocalStream, mute: boolean): boolean {
    return this.mute(localStream, 'audio', !!mute);
  }

  private mute(stream: MediaStream | ZegoLocalStream, kind: 'audio' | 'video', mute: boolean): boolean {
    const media = this.media.mediaOf(stream);
    if (!media || this.destroyed) return false;
    this.publisher.mute(media, kind, mute);
    return true;
  }

  /** Every stream stops (or resumes) sending microphone sound; players get `remoteMicStatusUpdate`. */
  muteMicrophone(mute: boolean): boolean {
    this.micMuted = !!mute;
    this.publisher.refreshAll('audio');
    return true;
  }

  isMicrophoneMuted(): boolean {
    return this.micMuted;
  }

  /** Video constraints applied to the camera track live (`applyConstraints`) and the bitrate to every sender. */
  async setVideoConfig(localStream: MediaStream | ZegoLocalStream, constraints: ZegoPublishStreamConfig): Promise<ZegoServerResponse> {
    const media = this.media.mediaOf(localStream);
    const track = media?.getVideoTracks()[0];
    if (!media || !track) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream has no video track' };
    if (!constraints || typeof constraints !== 'object')
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'constraints must be an object' };
    const { width, height, frameRate, maxBitrate } = constraints;
    const wanted: MediaTrackConstraints = {};
    if (width !== undefined) wanted.width = width as ConstrainULong;
    if (height !== undefined) wanted.height = height as ConstrainULong;
    if (frameRate !== undefined) wanted.frameRate = frameRate as ConstrainDouble;
    try {
      if (Object.keys(wanted).length) await track.applyConstraints({ ...track.getConstraints(), ...wanted });
    } catch (e) {
      throw { errorCode: Code.DEVICE_CONSTRAINTS, extendedData: `device does not meet constraints: ${String((e as Error)?.message ?? e)}` };
    }
    if (typeof maxBitrate === 'number' && maxBitrate > 0) await this.publisher.setVideoBitrate(media, maxBitrate);
    return OK;
  }

  /** Noise suppression (ANS), gain control (AGC) and echo cancellation (AEC) of the microphone track, live. */
  async setAudioConfig(localStream: MediaStream | ZegoLocalStream, constraints: ZegoPublishStreamAudioConfig): Promise<ZegoServerResponse> {
    const track = this.media.mediaOf(localStream)?.getAudioTracks()[0];
    if (!track) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream has no audio track' };
    const wanted: MediaTrackConstraints = {};
    if (constraints?.ANS !== undefined) wanted.noiseSuppression = !!constraints.ANS;
    if (constraints?.AGC !== undefined) wanted.autoGainControl = !!constraints.AGC;
    if (constraints?.AEC !== undefined) wanted.echoCancellation = !!constraints.AEC;
    try {
      await track.applyConstraints({ ...track.getConstraints(), ...wanted });
    } catch (e) {
      throw { errorCode: Code.DEVICE_CONSTRAINTS, extendedData: String((e as Error)?.message ?? e) };
    }
    return OK;
  }

  /** Sends `mediaStreamTrack` in place of the stream's track of its kind (the old one stops), without renegotiation. */
  async replaceTrack(localStream: MediaStream, mediaStreamTrack: MediaStreamTrack): Promise<ZegoServerResponse> {
    return this.swapTrack(localStream, mediaStreamTrack, true);
  }

  /** Adds a track of a kind the stream lacks (an audio-only stream gains a camera). */
  async addTrack(localStream: MediaStream, track: MediaStreamTrack): Promise<ZegoServerResponse> {
    return this.swapTrack(localStream, track, false);
  }

  /** Removes a track: players receive nothing of its kind. */
  async removeTrack(localStream: MediaStream, track: MediaStreamTrack): Promise<ZegoServerResponse> {
    const media = this.media.mediaOf(localStream);
    if (!media || !(track instanceof MediaStreamTrack) || !media.getTracks().includes(track)) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'track is not in localStream' };
    }
    const kind = track.kind as 'audio' | 'video';
    const local = this.media.localOf(localStream);
    if (local) local._replaceTrack(kind, null);
    else {
      media.removeTrack(track);
      this.followTrack(media, kind, null);
    }
    return OK;
  }

  private async swapTrack(stream: MediaStream, track: MediaStreamTrack, replace: boolean): Promise<ZegoServerResponse> {
    const media = this.media.mediaOf(stream);
    if (!media || !(track instanceof MediaStreamTrack) || track.readyState !== 'live') {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream and a live track are required' };
    }
    const kind = track.kind as 'audio' | 'video';
    const old = kind === 'video' ? media.getVideoTracks() : media.getAudioTracks();
    if (!replace && old.length) {
      throw { errorCode: Code.ADD_TRACK_KIND_EXISTS, extendedData: 'only stream which have one track and kind no exist can add track' };
    }
    const local = this.media.localOf(stream);
    if (local) local._replaceTrack(kind, track, 'custom');
    else {
      media.addTrack(track);
      this.followTrack(media, kind, track);
      for (const t of old) {
        media.removeTrack(t);
        t.stop();
      }
    }
    return OK;
  }

  /** Always up to date: the local stream is both the capture and what is published. @partial nothing to update */
  async updatePublishingStream(zegoStream: ZegoLocalStream, _updateType: ZegoStreamUpdateType): Promise<ZegoServerResponse> {
    if (!this.media.localOf(zegoStream)) throw { errorCode: Code.INPUT_PARAM, extendedData: 'not a stream created by this engine' };
    return OK;
  }

  /**
   * What a stream sends while its camera is stopped (`enableVideoCaptureDevice(false)`): the image, as a 1 fps video.
   * @partial players still get the camera status MUTE, as the camera is off
   */
  async setDummyCaptureImagePath(filePath: string, localStream: MediaStream | ZegoLocalStream): Promise<boolean> {
    const media = this.media.mediaOf(localStream);
    if (!media || typeof filePath !== 'string') return false;
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.src = filePath;
    try {
      await image.decode();
    } catch {
      return false;
    }
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth || 640;
    canvas.height = image.naturalHeight || 480;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const track = canvas.captureStream(1).getVideoTracks()[0];
    // a canvas stream only sends frames when drawn: redraw once a second
    const timer = setInterval(() => ctx.drawImage(image, 0, 0, canvas.width, canvas.height), 1000);
    this.dummies.get(media)?.stop();
    this.dummies.set(media, {
      track,
      stop: () => {
        clearInterval(timer);
        track.stop();
      },
    });
    this.publisher.refresh(media, 'video');
    return true;
  }

  /** The track each kind of `media` sends: a replaced track, the dummy image while the camera is off, its own. */
  private sendTrack(media: MediaStream, kind: 'audio' | 'video'): MediaStreamTrack | null {
    const processed = kind === 'audio' ? this.audio.sentTrack(media) : null;
    if (processed) return processed;
    const replaced = this.sending.get(media);
    if (replaced && kind in replaced) return replaced[kind] ?? null;
    const own = media.getTracks().find((t) => t.kind === kind && t.readyState === 'live') ?? null;
    if (kind === 'video' && !own && this.media.localOf(media)?._cameraOff) return this.dummies.get(media)?.track ?? null;
    return own;
  }

  /** A local stream's track changed (device switch, `replaceTrack`): senders and the sound-level meter follow. */
  private followTrack(media: MediaStream, kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    // while the stream swaps, it holds both tracks: remember which one is current until the swap is over
    if (kind === 'audio') this.audio.inputChanged(media, track);
    const entry = this.sending.get(media) ?? {};
    entry[kind] = track;
    this.sending.set(media, entry);
    this.publisher.refresh(media, kind);
    queueMicrotask(() => {
      const now = this.sending.get(media);
      if (now?.[kind] === track) delete now[kind];
      // a stream that gained or lost its microphone tells its players
      if (kind === 'audio') this.publisher.announceAudio(media);
    });
    if (kind === 'audio' && this.meter) {
      this.meter.remove(`push:${media.id}`);
      if (track) this.meter.add(`push:${media.id}`, media);
    }
  }

  /** A track is active when it is live and producing media (not muted by its source). */
  async checkVideoTrackIsActive(stream: MediaStream | ZegoLocalStream): Promise<boolean> {
    const track = this.media.mediaOf(stream)?.getVideoTracks()[0];
    return !!track && track.readyState === 'live' && !track.muted && track.enabled;
  }

  async checkAudioTrackIsActive(stream: MediaStream | ZegoLocalStream): Promise<boolean> {
    const track = this.media.mediaOf(stream)?.getAudioTracks()[0];
    return !!track && track.readyState === 'live' && !track.muted && track.enabled;
  }

  setSoundLevelDelegate(bool: boolean, interval = 1000, _options?: unknown): void {
    this.meter?.destroy();
    this.meter = undefined;
    // A destroyed engine would start a meter (and its interval) that nothing ends any more.
    if (!bool || this.destroyed) return;
    const meter = new SoundLevelMeter();
    this.meter = meter;
    for (const pub of this.publisher.list()) meter.add(`push:${pub.stream.id}`, pub.stream);
    for (const play of this.player.list()) meter.add(`pull:${play.streamID}`, play.stream);
    meter.start(Math.max(100, Number(interval) || 1000), (levels) => {
      const list: { streamID: string; soundLevel: number; type: 'push' | 'pull' }[] = [];
      let captured = 0;
      for (const pub of this.publisher.list()) {
        const level = levels.get(`push:${pub.stream.id}`);
        if (level === undefined) continue;
        captured = Math.max(captured, level);
        list.push({ streamID: pub.streamID, soundLevel: level, type: 'push' });
      }
      for (const play of this.player.list()) {
        const level = levels.get(`pull:${play.streamID}`);
        if (level !== undefined) list.push({ streamID: play.streamID, soundLevel: level, type: 'pull' });
      }
      if (this.media.capturing) this.emit('capturedSoundLevelUpdate', captured);
      if (list.length) this.emit('soundLevelUpdate', list);
    });
  }

  /** A view of a local MediaStream, with the SDK's markup; its sound is muted (you would hear yourself). */
  createLocalStreamView(localStream: MediaStream): ZegoStreamView {
    if (!(localStream instanceof MediaStream)) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream must be a MediaStream' };
    const view = this.media.view(localStream);
    view.setAudioMuted(true);
    return view;
  }

  // ------------------------------------------------------------------------------------------------ audio

  /** Gain of the microphone in what is sent, 0..200 (100: as captured); the preview stays as captured. */
  setCaptureVolume(localStream: MediaStream | ZegoLocalStream, volume: number): Promise<ZegoServerResponse> {
    return this.audio.setCaptureVolume(localStream, volume);
  }

  /**
   * A voice changer on what is sent (pitch shifting with Web Audio nodes, plus filters per preset).
   * @partial child/woman/man presets shift pitch only, no formants; the MAJOR_C/MINOR_A/HARMONIC_MINOR scales are accepted and leave the voice unchanged (no auto-tune); other timbres are approximations of ZEGO's
   */
  setVoiceChangerPreset(preset: ZegoVoiceChangerPreset, localstream: MediaStream | ZegoLocalStream): Promise<ZegoServerResponse> {
    return this.audio.setVoiceChangerPreset(preset, localstream);
  }

  /** Pitch of what is sent, in semitones (-12..12); 0 turns the voice changer off. */
  setVoiceChangerParam(localstream: MediaStream | ZegoLocalStream, voiceParam: number): Promise<ZegoServerResponse> {
    return this.audio.setVoiceChangerParam(localstream, voiceParam);
  }

  /** @partial the reverb's impulse responses are generated per preset, not ZEGO's recordings */
  setReverbPreset(localStream: MediaStream | ZegoLocalStream, preset: ZegoReverbPreset): Promise<ZegoServerResponse> {
    return this.audio.setReverbPreset(localStream, preset);
  }

  /** @partial an equal-power left/right pan (behind: a duller sound); players get stereo Opus from their next connection */
  enableVirtualStereo(localStream: MediaStream | ZegoLocalStream, enable: boolean, angle: number): Promise<ZegoServerResponse> {
    return this.audio.enableVirtualStereo(localStream, enable, angle);
  }

  /** @partial the browser's noise suppression (the microphone is captured again), not ZEGO's model */
  enableAiDenoise(localStream: MediaStream | ZegoLocalStream, enable: boolean): Promise<ZegoServerResponse> {
    return this.audio.enableAiDenoise(localStream, enable);
  }

  /** @partial the aggressive mode adds the browser's voice isolation where it has one */
  setAiDenoiseMode(localStream: MediaStream | ZegoLocalStream, mode: AiDenoiseMode): Promise<ZegoServerResponse> {
    return this.audio.setAiDenoiseMode(localStream, mode);
  }

  /** @partial live effects are a concert-hall reverb and pitch, without ZEGO's instrument enhancement */
  enableLiveAudioEffect(player: HTMLMediaElement, enable: boolean, mode: ZegoLiveAudioEffectMode): Promise<ZegoServerResponse> {
    return this.audio.enableLiveAudioEffect(player, enable, mode);
  }

  setAudioChangerParam(player: HTMLMediaElement, pitch: number, mode: ZegoLiveAudioEffectMode): Promise<ZegoServerResponse> {
    return this.audio.setAudioChangerParam(player, pitch, mode);
  }

  /**
   * Mixes the sound of media elements into what is sent (they stay audible locally).
   * @partial the element joins the engine's audio graph for good: silent until the page's first gesture, and after destroyEngine
   */
  startMixingAudio(streamID: string | MediaStream | ZegoLocalStream, mediaList: Array<HTMLMediaElement>): boolean {
    return this.audio.startMixingAudio(streamID, mediaList);
  }

  stopMixingAudio(streamID: string | MediaStream | ZegoLocalStream, mediaList?: Array<HTMLMediaElement>): boolean {
    return this.audio.stopMixingAudio(streamID, mediaList);
  }

  setMixingAudioVolume(streamID: string | MediaStream | ZegoLocalStream, volume: number, media: HTMLMediaElement): boolean {
    return this.audio.setMixingAudioVolume(streamID, volume, media);
  }

  /** Sound effects played into what is sent (and locally), loaded once per engine with `loadAudioEffect`. */
  createAudioEffectPlayer(localStream: MediaStream | ZegoLocalStream): ZegoAudioEffectPlayer {
    return this.audio.createAudioEffectPlayer(localStream);
  }

  loadAudioEffect(audioEffectID: string, path: string): Promise<string> {
    return this.audio.loadAudioEffect(audioEffectID, path);
  }

  unloadAudioEffect(audioEffectID: string): boolean {
    return this.audio.unloadAudioEffect(audioEffectID);
  }

  /** PCM of a played stream, in frames at the options' rate (an AudioWorklet). */
  setAudioFrameCallback(
    streamID: string,
    callback: ((audioData: ZegoAudioFrame) => unknown) | null,
    options?: AudioFrameOptions,
  ): Promise<ZegoServerResponse> {
    return this.audio.setAudioFrameCallback(streamID, callback, options);
  }

  /** PCM of what a local stream sends. */
  setCaptureAudioFrameCallback(
    stream: ZegoLocalStream | MediaStream,
    callback: ((audioData: ZegoAudioFrame) => unknown) | null,
    options?: AudioFrameOptions,
  ): Promise<ZegoServerResponse> {
    return this.audio.setCaptureAudioFrameCallback(stream, callback, options);
  }

  /** @cloud ZEGO's beauty effects */
  setEffectsBeauty(_localStream: MediaStream | ZegoLocalStream, _enable: boolean, _options?: unknown): Promise<ZegoServerResponse> {
    return refuseAsync('setEffectsBeauty', "ZEGO's beauty effects");
  }

  /** @cloud ZEGO's low-light enhancement */
  setLowlightEnhancement(_localStream: MediaStream | ZegoLocalStream, _mode: unknown): Promise<ZegoServerResponse> {
    return refuseAsync('setLowlightEnhancement', "ZEGO's low-light enhancement");
  }

  /** @cloud ZEGO's background segmentation */
  initBackgroundModule(_segmentation: unknown, _assetsURL: string): Promise<ZegoServerResponse> {
    return refuseAsync('initBackgroundModule', "ZEGO's background segmentation");
  }

  /** @cloud ZEGO's background segmentation */
  setBackgroundBlurOptions(_localStream: MediaStream | ZegoLocalStream, _options: unknown): Promise<boolean> {
    return Promise.resolve(refuseSync('setBackgroundBlurOptions', "ZEGO's background segmentation"));
  }

  /** @cloud ZEGO's background segmentation */
  setTransparentBackgroundOptions(_localStream: MediaStream | ZegoLocalStream): Promise<boolean> {
    return Promise.resolve(refuseSync('setTransparentBackgroundOptions', "ZEGO's background segmentation"));
  }

  /** @cloud ZEGO's background segmentation */
  setVirtualBackgroundOptions(_localStream: MediaStream | ZegoLocalStream, _options: unknown): Promise<boolean> {
    return Promise.resolve(refuseSync('setVirtualBackgroundOptions', "ZEGO's background segmentation"));
  }

  /** @cloud ZEGO's background segmentation */
  enableBackgroundProcess(
    _localStream: MediaStream | ZegoLocalStream,
    _enable: boolean,
    _segmentation: unknown,
  ): Promise<ZegoServerResponse> {
    return refuseAsync('enableBackgroundProcess', "ZEGO's background segmentation");
  }

  /** @cloud Electron's screen sources (ZEGO's Electron SDK) */
  getElectronScreenSources(): Promise<ZegoElectronScreenSource[]> {
    return refuseAsync('getElectronScreenSources', "Electron's screen sources");
  }

  // ------------------------------------------------------------------------------------------------ publish

  startPublishingStream(streamID: string, localStream: MediaStream | ZegoLocalStream, publishOption?: ZegoWebPublishOption): boolean {
    const bad = checkStreamID(streamID);
    if (bad) throw sdkError(bad);
    const room = publishOption?.roomID !== undefined ? this.rooms.get(publishOption.roomID) : this.firstRoom();
    if (!room?.session.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login' };
    const media = this.media.mediaOf(localStream);
    if (!media) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream must be a ZegoLocalStream or MediaStream' };
    const extraInfo = publishOption?.extraInfo ?? '';
    if (typeof extraInfo !== 'string' || extraInfo.length > 1024) {
      throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extraInfo longer than 1024 characters' };
    }
    if (this.publisher.has(streamID)) throw { errorCode: Code.DUPLICATE_STREAM_ID, extendedData: 'stream is already published' };
    void this.publisher.start(room.session, streamID, media, this.media.localOf(localStream), extraInfo);
    return true;
  }

  stopPublishingStream(streamID: string): boolean {
    return this.publisher.stop(streamID);
  }

  async setStreamExtraInfo(streamID: string, extraInfo: string): Promise<ZegoServerResponse> {
    if (!this.publisher.has(streamID)) throw { errorCode: Code.PUBLISH_STREAM_NOT_FOUND, extendedData: 'publish stream no found' };
    if (typeof extraInfo !== 'string') throw { errorCode: Code.INPUT_PARAM, extendedData: 'extraInfo must be a string' };
    if (extraInfo.length > 1024) throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extra info longer than 1024' };
    try {
      await this.publisher.setExtraInfo(streamID, extraInfo);
      return OK;
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  /**
   * Bytes to every player of a published stream: they get `playerRecvSEI`. At most 4096 bytes, 30 a second.
   * @partial sent over a data channel beside the video, not inside its frames: in step with the picture within a frame or two
   */
  sendSEI(streamID: string, inData: Uint8Array): boolean {
    if (!(inData instanceof Uint8Array)) return false;
    return this.publisher.sendSEI(streamID, inData);
  }

  /** Players may ask this stream's low layer (a scaled-down copy of the camera, per player, no renegotiation). */
  enableDualStream(localStream: MediaStream | ZegoLocalStream): void {
    const media = this.media.mediaOf(localStream);
    if (media) this.publisher.enableDual(media);
  }

  setLowStreamParameter(
    localStream: MediaStream | ZegoLocalStream,
    param: { width: number; height: number; frameRate: number; bitRate: number },
  ): void {
    const media = this.media.mediaOf(localStream);
    if (!media || !param || typeof param !== 'object') return;
    const positive = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
    this.publisher.setLowParams(media, {
      width: positive(param.width, 320),
      height: positive(param.height, 180),
      frameRate: positive(param.frameRate, 15),
      bitRate: positive(param.bitRate, 200),
    });
  }

  getPublishingStreamQuality(streamID: string): ZegoPublishStats | null {
    return this.publisher.quality(streamID);
  }

  /** @cloud relay to a CDN */
  addPublishCdnUrl(_streamID: string, _targetURL: string): Promise<ZegoServerResponse> {
    return refuseAsync('addPublishCdnUrl', 'relay to a CDN');
  }

  /** @cloud relay to a CDN */
  removePublishCdnUrl(_streamID: string, _targetURL: string): Promise<ZegoServerResponse> {
    return refuseAsync('removePublishCdnUrl', 'relay to a CDN');
  }

  /** @cloud stream mixing on ZEGO's media servers */
  startMixerTask(_mixStreamConfig: unknown): Promise<ZegoServerResponse> {
    return refuseAsync('startMixerTask', 'stream mixing');
  }

  /** @cloud stream mixing on ZEGO's media servers */
  stopMixerTask(_taskID: string): Promise<ZegoServerResponse> {
    return refuseAsync('stopMixerTask', 'stream mixing');
  }

  /** @cloud stream mixing on ZEGO's media servers */
  setMixerTaskConfig(_config: unknown): Promise<ZegoServerResponse> {
    return refuseAsync('setMixerTaskConfig', 'stream mixing');
  }

  /** @cloud stream mixing on ZEGO's media servers */
  startAutoMixerTask(_task: unknown): Promise<ZegoServerResponse> {
    return refuseAsync('startAutoMixerTask', 'stream mixing');
  }

  /** @cloud stream mixing on ZEGO's media servers */
  stopAutoMixerTask(_task: { taskID: string; roomID: string }): Promise<ZegoServerResponse> {
    return refuseAsync('stopAutoMixerTask', 'stream mixing');
  }

  /** @cloud stream alignment for ZEGO's mixer */
  setStreamAlignmentProperty(_streamID: string, _alignment: number): Promise<boolean> {
    return Promise.resolve(refuseSync('setStreamAlignmentProperty', 'stream alignment for mixing'));
  }

  // ------------------------------------------------------------------------------------------------ play

  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream> {
    const fail = (code: number, message: string) => Promise.reject({ code, message, errorCode: code, extendedData: message });
    const bad = checkStreamID(streamID);
    if (bad) return fail(bad.code, bad.message);
    if (!this.loggedIn) return fail(Code.NOT_LOGIN, 'not login');
    return this.player.start(streamID, playOption);
  }

  stopPlayingStream(streamID: string): void {
    this.player.stop(streamID);
    this.audio.releasePlay(streamID);
  }

  /**
   * 0 the low layer of a dual stream, 1 the full one, 2 auto.
   * @partial auto is the full layer: the local engine does not switch layers by itself on a poor network
   */
  async setPlayStreamVideoType(streamID: string, streamType: number): Promise<boolean> {
    return this.player.setLayer(streamID, streamType);
  }

  /** The publisher stops sending this player the stream's video (bandwidth saved), or starts again. */
  async mutePlayStreamVideo(streamID: string, mute: boolean): Promise<boolean> {
    return this.player.mute(streamID, 'video', !!mute);
  }

  async mutePlayStreamAudio(streamID: string, mute: boolean): Promise<boolean> {
    return this.player.mute(streamID, 'audio', !!mute);
  }

  /** Every played stream's audio, now and for streams played later. */
  async muteAllPlayAudioStreams(mute: boolean): Promise<boolean> {
    this.player.muteAll('audio', !!mute);
    return true;
  }

  async muteAllPlayVideoStreams(mute: boolean): Promise<boolean> {
    this.player.muteAll('video', !!mute);
    return true;
  }

  getPlayingStreamQuality(streamID: string): ZegoPlayStats | null {
    return this.player.quality(streamID);
  }

  createRemoteStreamView(remoteStream: MediaStream): ZegoStreamView {
    if (!this.player.owns(remoteStream)) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'createRemoteStreamView needs a stream from startPlayingStream' };
    }
    return this.media.view(remoteStream);
  }

  // ------------------------------------------------------------------------------------------------ objects

  createRealTimeSequentialDataManager(roomID: string): ZegoRealTimeSequentialDataManager {
    const manager = new ZegoRealTimeSequentialDataManager(
      {
        broadcast: async (room, streamID) => {
          const joined = this.rooms.get(room);
          return !!joined?.session.loggedIn && this.publisher.broadcast(joined.session, streamID);
        },
        stopBroadcast: (streamID) => this.publisher.stopBroadcast(streamID),
        send: (streamID, data) => this.publisher.sendSequential(streamID, data),
        subscribe: async (room, streamID, listener) => {
          if (!this.rooms.get(room)?.session.loggedIn) return false;
          let set = this.sequentialListeners.get(streamID);
          if (!set) this.sequentialListeners.set(streamID, (set = new Set()));
          set.add(listener);
          if (this.player.playing(streamID)) return true;
          return this.player.start(streamID, undefined, true).then(
            () => true,
            () => {
              set.delete(listener);
              return false;
            },
          );
        },
        unsubscribe: (streamID, listener) => {
          const set = this.sequentialListeners.get(streamID);
          if (!set?.delete(listener)) return false;
          if (!set.size) {
            this.sequentialListeners.delete(streamID);
            this.player.stopQuiet(streamID);
          }
          return true;
        },
      },
      roomID,
    );
    this.managers.add(manager);
    return manager;
  }

  destroyRealTimeSequentialDataManager(manager: ZegoRealTimeSequentialDataManager): void {
    if (!this.managers.delete(manager)) return;
    manager.reset();
  }

  /**
   * ZEGO's range audio on this engine: positions through the room's transparent messages, streams played within
   * range, spatialised with Web Audio. One instance, made on first call (before `loginRoom`, as the SDK says).
   */
  createRangeAudioInstance(): ZegoExpressRangeAudio {
    this.rangeAudio ??= new ZegoExpressRangeAudio(this, {
      self: (roomID) => {
        const room = roomID === undefined ? this.firstRoom() : this.rooms.get(roomID);
        return room?.session.loggedIn ? { roomID: room.session.roomID, userID: room.session.userID } : undefined;
      },
      viewStream: (view) => view._stream,
    });
    return this.rangeAudio;
  }

  /** Composes streams and images on a canvas into one publishable stream (mixed audio included). */
  createStreamCompositor(): ZegoStreamCompositor {
    return new ZegoStreamCompositor(this.compositors);
  }

  /** An object whose every method refuses: the catalogue, lyrics and scoring are ZEGO's cloud services. */
  createCopyrightedMusic(): ZegoCopyrightedMusic {
    this.copyrightedMusic ??= new ZegoCopyrightedMusic();
    return this.copyrightedMusic;
  }

  destroyCopyrightedMusic(): void {
    this.copyrightedMusic?.destroyInstance();
    this.copyrightedMusic = undefined;
  }

  // ------------------------------------------------------------------------------------------------ wiring

  /** Logged in or back after a lost link: the room's state is applied, quality reports run, cut plays resume. */
  private established(room: Room, ok: LoginOk, kind: SnapshotKind): void {
    room.view.apply(ok, kind);
    for (const failed of ok.resumeFailed ?? []) this.publisher.failed(failed.streamID, failed.code, failed.message);
    this.qualityTimer ??= setInterval(() => {
      void this.publisher.reportQuality();
      void this.player.reportQuality();
    }, this.opts.qualityIntervalMs);
    if (kind !== 'login') this.player.resume(room.session);
  }

  /** Frames the session does not handle itself: room deltas, messages, WebRTC signals. */
  private onFrame(room: Room, frame: ServerFrame): void {
    if (room.view.onFrame(frame)) return;
    const roomID = room.session.roomID;
    if (frame.t === 'im') {
      const info = {
        fromUser: toUser(frame.fromUser),
        message: frame.message,
        sendTime: frame.sendTime,
        messageID: Number(frame.messageID),
      };
      if (frame.kind === 'broadcast') this.emit('IMRecvBroadcastMessage', roomID, [info]);
      else if (frame.kind === 'barrage') this.emit('IMRecvBarrageMessage', roomID, [info]);
      else this.emit('IMRecvCustomCommand', roomID, toUser(frame.fromUser), frame.message);
    } else if (frame.t === 'transparent') {
      this.emit('recvRoomTransparentMessage', roomID, { sendUser: toUser(frame.fromUser), content: base64ToBytes(frame.content) });
    } else if (frame.t === 'signal') this.onSignal(room.session, frame.from, frame.data);
  }

  private onSignal(session: RoomSession, from: string, data: SignalData): void {
    if (!data || typeof data !== 'object') return;
    if (data.kind === 'offer') void this.publisher.answer(session, from, data);
    else if (data.kind === 'answer') this.player.onAnswer(data.playID, data.sdp);
    else if (data.kind === 'prefs') this.publisher.setPrefs(data.playID, data.streamID, data.prefs);
    else if (data.kind === 'close') {
      // from the publisher: our play connection ended; from a player: drop its link
      this.player.onClose(data);
      this.publisher.closeLink(data.playID, data.streamID);
    }
  }

  /** A room's session is ending (logout, kickout, failed reconnection, destroy): what hangs on it closes. */
  private roomEnding(room: Room, code: number, report: boolean): void {
    const last = ![...this.rooms.values()].some((r) => r !== room && r.session.active);
    this.publisher.closeAll(room.session, code, report);
    this.player.closeAll(room.session, code, report, last);
    room.view.clear();
    if (last) {
      clearInterval(this.qualityTimer);
      this.qualityTimer = undefined;
    }
  }

  /**
   * Releases everything the engine created: the sessions, local streams and their tracks, views, peer
   * connections, timers, the sound-level meter, device and page listeners. Safe to call twice (the SDK throws).
   */
  destroyEngine(): void {
    if (this.destroyed) return;
    this.rangeAudio?._destroy();
    this.rangeAudio = undefined;
    for (const room of [...this.rooms.values()]) room.session.destroy();
    this.rooms.clear();
    for (const manager of this.managers) manager.reset();
    this.managers.clear();
    for (const compositor of [...this.compositors]) compositor._destroy();
    this.media.dispose();
    this.audio.dispose();
    for (const dummy of this.dummies.values()) dummy.stop();
    this.dummies.clear();
    void this.meter?.destroy();
    this.meter = undefined;
    this.destroyed = true;
    this.emitter.clear();
  }
}
