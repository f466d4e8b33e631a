import type {
  ZegoDeviceInfo,
  ZegoDeviceInfos,
  ZegoEvent,
  ZegoServerResponse,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoRoomConfig, ZegoUser } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.rtm';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import { Code, checkMessage, checkRoomID, checkStreamID, checkToken, checkUserID, checkUserName, type Failure } from '../shared/codes.js';
import type { LoginOk, ServerFrame, SignalData } from '../shared/protocol.js';
import { enumDevices, getCameras, getMicrophones, getSpeakers } from './devices.js';
import { Emitter } from './emitter.js';
import type { EngineLink } from './link.js';
import { LocalMedia } from './local-media.js';
import type { ZegoLocalStream } from './local-stream.js';
import { DEFAULT_OPTIONS, type EngineOptions, type ZegoLocalEngineOptions } from './options.js';
import { Player } from './player.js';
import { Publisher } from './publisher.js';
import { RoomView, toUser } from './room-view.js';
import { RoomSession, type SnapshotKind } from './session.js';
import { SoundLevelMeter } from './sound-level.js';
import type { ZegoStreamView } from './stream-view.js';
import { createTransport } from './transport.js';

export type { ZegoLocalEngineOptions };

/** `{errorCode, extendedData}`: what the SDK's publishing, messaging and device methods throw or reject with. */
const sdkError = (f: Failure) => ({ errorCode: f.code, extendedData: f.message });

/**
 * ZEGO Express's call API, offline: rooms, users, streams and messages over our own signalling (BroadcastChannel
 * between tabs when `server` is `''`, our room server when it is a `ws://`/`wss://` URL), media over real
 * WebRTC between peers. Method names, argument order, events, state sequences and error codes follow
 * `zego-express-engine-webrtc` 3.12, so ZEGO's quick-start runs on it with only the constructor changed.
 *
 * This class is the SDK's front door: argument checks and the SDK's error shape of each method. The work is done
 * by its parts, each owning its state:
 * - `RoomSession` (session.ts): login, heartbeat, requests, reconnection, room state events;
 * - `RoomView` (room-view.ts): the room's users and streams from snapshots and deltas;
 * - `Publisher` (publisher.ts): published streams and their connections to players;
 * - `Player` (player.ts): played streams, their connection to the publisher, retries;
 * - `LocalMedia` (local-media.ts): local streams, remote views, device watching.
 */
export class ZegoLocalEngine {
  /** Defaults for every engine created afterwards (tests set `loopbackOnly` here once). */
  static defaults: ZegoLocalEngineOptions = {};

  readonly appID: number;
  readonly server: string;

  private readonly opts: EngineOptions;
  private readonly emitter = new Emitter();
  private readonly session: RoomSession;
  private readonly room: RoomView;
  private readonly publisher: Publisher;
  private readonly player: Player;
  private readonly media: LocalMedia;
  private meter?: SoundLevelMeter;
  private qualityTimer?: ReturnType<typeof setInterval>;
  private destroyed = false;

  constructor(appID: number, server: string, options: ZegoLocalEngineOptions = {}) {
    if (typeof appID !== 'number' || !Number.isInteger(appID) || appID <= 0) {
      throw new TypeError(`ZegoLocalEngine: appID must be a positive integer, got ${String(appID)}`);
    }
    if (typeof server !== 'string' || (server !== '' && !/^wss?:\/\/[^\s]+$/i.test(server))) {
      throw new TypeError(`ZegoLocalEngine: server must be '' (BroadcastChannel) or a ws:// or wss:// URL`);
    }
    this.appID = appID;
    this.server = server;
    const opts = (this.opts = { ...DEFAULT_OPTIONS, ...ZegoLocalEngine.defaults, ...options });
    const emit = (name: keyof ZegoEvent, ...args: unknown[]) => this.emit(name, ...args);
    const levels = {
      add: (id: string, stream: MediaStream) => this.meter?.add(id, stream),
      remove: (id: string) => this.meter?.remove(id),
    };
    this.session = new RoomSession(
      appID,
      opts,
      {
        emit,
        publishing: () => this.publisher.infos(),
        established: (ok, kind) => this.established(ok, kind),
        frame: (frame) => this.onFrame(frame),
        ending: (code, report) => this.sessionEnding(code, report),
      },
      (timeoutMs) => createTransport(appID, server, timeoutMs),
    );
    const session = this.session;
    this.room = new RoomView(opts, {
      emit,
      roomID: () => session.roomID,
      selfID: () => session.userID,
      userUpdate: () => session.userUpdate,
      streamsAdded: (ids) => this.player.streamsAdded(ids),
      streamsDeleted: (ids) => this.player.streamsDeleted(ids),
      playing: (id) => this.player.playing(id),
    });
    const link: EngineLink = {
      emit: (name, ...args) => this.emit(name, ...(args as unknown[])),
      trackReplaced: (stream, kind, track) => this.followTrack(stream, kind, track),
    };
    this.media = new LocalMedia(link);
    this.publisher = new Publisher({ opts, emit, session, levels, cameraOff: (m) => !!this.media.localOf(m)?._cameraOff });
    this.player = new Player({ opts, emit, session, levels, stream: (id) => this.room.stream(id) });
  }

  // ------------------------------------------------------------------------------------------------ events

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
    if (Number.isFinite(t) && t > 0) this.session.retryMs = t * 1000;
  }

  /** The SDK's logging switches; the local engine logs nothing, so these only exist for drop-in code. */
  setLogConfig(_config: unknown): boolean {
    return true;
  }

  setDebugVerbose(_enable: boolean): void {}

  // ------------------------------------------------------------------------------------------------ room

  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean> {
    if (this.destroyed) return Promise.reject({ code: Code.NOT_LOGIN, msg: 'engine destroyed' });
    const busy = this.session.busyCode(roomID);
    if (busy) {
      return Promise.reject({
        code: busy,
        msg: busy === Code.REPEATEDLY_LOGIN ? 'user repeatedly login' : 'login rooms exceeds the upper limit',
      });
    }
    const invalid =
      checkRoomID(roomID) ??
      checkToken(token) ??
      (user && typeof user === 'object'
        ? (checkUserID(user.userID) ?? checkUserName(user.userName))
        : { code: Code.INPUT_PARAM, message: 'user must be an object' });
    return this.session.login(roomID, token, user, config, invalid).then(
      () => true,
      (f: Failure) => Promise.reject({ code: f.code, msg: f.message }),
    );
  }

  logoutRoom(roomID?: string): void {
    this.session.logout(roomID);
  }

  renewToken(token: string, roomID?: string): boolean {
    return this.session.renew(token, roomID);
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
    if (bad) throw sdkError(bad);
    this.requireRoom(roomID, Code.INCONSISTENT_ROOM_ID, 'inconsistent room id');
    try {
      const data = await this.session.request({ t: 'im', kind, message, ...(to ? { toUserIDs: to } : {}) }, true);
      return { errorCode: 0, extendedData: '', messageID: data.messageID as string };
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  async setRoomExtraInfo(roomID: string, key: string, value: string): Promise<ZegoServerResponse> {
    this.requireRoom(roomID, Code.ROOM_ROOMID_INCORRECT, 'have not logged in with this room ID');
    if (typeof key !== 'string' || typeof value !== 'string')
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'key and value must be strings' };
    try {
      await this.session.request({ t: 'room-extra', key, value });
      return { errorCode: 0, extendedData: '' };
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  async setStreamExtraInfo(streamID: string, extraInfo: string): Promise<ZegoServerResponse> {
    if (!this.publisher.has(streamID)) throw { errorCode: Code.PUBLISH_STREAM_NOT_FOUND, extendedData: 'publish stream no found' };
    if (typeof extraInfo !== 'string') throw { errorCode: Code.INPUT_PARAM, extendedData: 'extraInfo must be a string' };
    if (extraInfo.length > 1024) throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extra info longer than 1024' };
    try {
      await this.publisher.setExtraInfo(streamID, extraInfo);
      return { errorCode: 0, extendedData: '' };
    } catch (f) {
      throw sdkError(f as Failure);
    }
  }

  /** Throws the SDK's not-logged-in error, or `code` when `roomID` is not the room logged in to. */
  private requireRoom(roomID: string, code: number, message: string): void {
    if (!this.session.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login room' };
    if (roomID !== this.session.roomID) throw { errorCode: code, extendedData: message };
  }

  // ------------------------------------------------------------------------------------------------ local media

  async createZegoStream(options?: ZegoStreamOptions): Promise<ZegoLocalStream> {
    const gone = { errorCode: Code.NOT_LOGIN, extendedData: 'engine destroyed' };
    if (this.destroyed) throw gone;
    const local = await this.media.create(options, () => !this.destroyed);
    if (!local) throw gone;
    return local;
  }

  destroyStream(localStream: MediaStream | ZegoLocalStream): void {
    const media = this.media.destroyable(localStream);
    if (!media) return;
    this.publisher.stopStream(media);
    this.media.destroy(localStream);
    this.meter?.remove(`push:${media.id}`);
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

  /**
   * Stops the camera of a stream from `createZegoStream` (its light goes off; players get `remoteCameraStatusUpdate`
   * MUTE) or, with `enable` true, captures it again from the same camera and sends it. Resolves false for a stream
   * that is not this engine's camera stream; rejects `{errorCode, extendedData}` when the camera cannot start again.
   */
  async enableVideoCaptureDevice(localStream: MediaStream | ZegoLocalStream, enable = true): Promise<boolean> {
    const local = this.media.localOf(localStream);
    if (!local || this.destroyed) return false;
    const done = await local._enableCamera(enable !== false);
    if (done) this.publisher.announceVideo(local.stream!);
    return done;
  }

  mutePublishStreamVideo(localStream: MediaStream | ZegoLocalStream, mute: boolean): boolean {
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

  /** A local stream's track changed (device switch): senders and the sound-level meter follow. */
  private followTrack(media: MediaStream, kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    this.publisher.followTrack(media, kind, track);
    if (kind === 'audio' && this.meter) {
      this.meter.remove(`push:${media.id}`);
      if (track) this.meter.add(`push:${media.id}`, media);
    }
  }

  setSoundLevelDelegate(bool: boolean, interval = 1000): void {
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

  // ------------------------------------------------------------------------------------------------ publish

  startPublishingStream(streamID: string, localStream: MediaStream | ZegoLocalStream, publishOption?: ZegoWebPublishOption): boolean {
    const bad = checkStreamID(streamID);
    if (bad) throw sdkError(bad);
    if (!this.session.loggedIn) throw { errorCode: Code.NOT_LOGIN, extendedData: 'not login' };
    const media = this.media.mediaOf(localStream);
    if (!media) throw { errorCode: Code.INPUT_PARAM, extendedData: 'localStream must be a ZegoLocalStream or MediaStream' };
    const extraInfo = publishOption?.extraInfo ?? '';
    if (typeof extraInfo !== 'string' || extraInfo.length > 1024) {
      throw { errorCode: Code.STREAM_EXTRA_INFO_TOO_LONG, extendedData: 'extraInfo longer than 1024 characters' };
    }
    if (this.publisher.has(streamID)) throw { errorCode: Code.DUPLICATE_STREAM_ID, extendedData: 'stream is already published' };
    this.publisher.start(streamID, media, this.media.localOf(localStream), extraInfo);
    return true;
  }

  stopPublishingStream(streamID: string): boolean {
    return this.publisher.stop(streamID);
  }

  // ------------------------------------------------------------------------------------------------ play

  startPlayingStream(streamID: string, playOption?: ZegoWebPlayOption): Promise<MediaStream> {
    const fail = (code: number, message: string) => Promise.reject({ code, message, errorCode: code, extendedData: message });
    const bad = checkStreamID(streamID);
    if (bad) return fail(bad.code, bad.message);
    if (!this.session.loggedIn) return fail(Code.NOT_LOGIN, 'not login');
    return this.player.start(streamID, playOption);
  }

  stopPlayingStream(streamID: string): void {
    this.player.stop(streamID);
  }

  createRemoteStreamView(remoteStream: MediaStream): ZegoStreamView {
    if (!this.player.owns(remoteStream)) {
      throw { errorCode: Code.INPUT_PARAM, extendedData: 'createRemoteStreamView needs a stream from startPlayingStream' };
    }
    return this.media.view(remoteStream);
  }

  // ------------------------------------------------------------------------------------------------ wiring

  /** Logged in or back after a lost link: the room's state is applied, quality reports run, cut plays resume. */
  private established(ok: LoginOk, kind: SnapshotKind): void {
    this.room.apply(ok, kind);
    if (kind === 'login') {
      clearInterval(this.qualityTimer);
      this.qualityTimer = setInterval(() => {
        void this.publisher.reportQuality();
        void this.player.reportQuality();
      }, this.opts.qualityIntervalMs);
    } else this.player.resume();
  }

  /** Frames the session does not handle itself: room deltas, messages, WebRTC signals. */
  private onFrame(frame: ServerFrame): void {
    if (this.room.onFrame(frame)) return;
    if (frame.t === 'im') {
      const roomID = this.session.roomID;
      const info = { fromUser: toUser(frame.fromUser), message: frame.message, sendTime: frame.sendTime, messageID: frame.messageID };
      if (frame.kind === 'broadcast') this.emit('IMRecvBroadcastMessage', roomID, [info]);
      else if (frame.kind === 'barrage') this.emit('IMRecvBarrageMessage', roomID, [info]);
      else this.emit('IMRecvCustomCommand', roomID, toUser(frame.fromUser), frame.message);
    } else if (frame.t === 'signal') this.onSignal(frame.from, frame.data);
  }

  private onSignal(from: string, data: SignalData): void {
    if (!data || typeof data !== 'object') return;
    if (data.kind === 'offer') void this.publisher.answer(from, data);
    else if (data.kind === 'answer') this.player.onAnswer(data.playID, data.sdp);
    else if (data.kind === 'close') {
      // from the publisher: our play connection ended; from a player: drop its link
      this.player.onClose(data);
      this.publisher.closeLink(data.playID, data.streamID);
    }
  }

  /** The session is ending (logout, kickout, failed reconnection, destroy): everything that hangs on it closes. */
  private sessionEnding(code: number, report: boolean): void {
    this.publisher.closeAll(code, report);
    this.player.closeAll(code, report);
    clearInterval(this.qualityTimer);
    this.qualityTimer = undefined;
    this.room.clear();
  }

  /**
   * Releases everything the engine created: the session, local streams and their tracks, views, peer
   * connections, timers, the sound-level meter, device and page listeners. Safe to call twice (the SDK throws).
   */
  destroyEngine(): void {
    if (this.destroyed) return;
    this.session.destroy();
    this.media.dispose();
    void this.meter?.destroy();
    this.meter = undefined;
    this.destroyed = true;
    this.emitter.clear();
  }
}
