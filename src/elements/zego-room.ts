import { ContextProvider } from '@lit/context';
import { LitElement, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type {
  ZegoServerResponse,
  ZegoWebPlayOption,
  ZegoWebPublishOption,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { onMessagesChanged, t } from '../i18n/messages.js';
import { loadLocalEngine, loadRoomController, loadedLocalEngine, loadedRoomController } from '../lazy.js';
import {
  EMPTY_SNAPSHOT,
  type LocalMediaState,
  roomContext,
  type RoomApi,
  type RoomChild,
  type RoomContext,
  type RoomSnapshot,
  type RoomState,
} from '../room/context.js';
import type { RoomEngine, RoomEngineFactory, ZegoLocalStreamLike } from '../room/engine.js';
import type { RoomController, RoomSettings } from '../room/room-controller.js';
import { ZegoErrorEvent, type ZegoErrorDetail } from '../room/events.js';
import { Code, toZegoError } from '../shared/codes.js';
import styles from './zego-room.styles.js';

/** Properties that change which engine or room the element wants. */
const SETTINGS = [
  'appID',
  'server',
  'roomID',
  'userID',
  'userName',
  'token',
  'tokenURL',
  'engineKind',
  'loginTimeout',
  'debug',
  'manual',
  'engineFactory',
] as const;

const STATUS: Record<RoomState, (room: ZegoRoomElement) => string> = {
  idle: (r) => t(r, 'status.idle'),
  connecting: (r) => t(r, 'status.connecting', { room: r.roomID ?? '' }),
  connected: (r) => t(r, 'status.connected', { room: r.roomID ?? '', user: r.userName || r.userID || '' }),
  reconnecting: (r) => t(r, 'status.reconnecting'),
  failed: (r) =>
    r.lastError?.code === Code.MULTIPLE_LOGIN_KICKOUT
      ? t(r, 'status.kickedOut')
      : t(r, 'status.failed', { reason: `${r.lastError?.message ?? 'disconnected'}${r.lastError ? ` (${r.lastError.code})` : ''}` }),
};

/**
 * A call room: owns one engine (ZEGO's SDK with `app-id`, else the offline local engine) and the login, provides
 * the room to descendants through a context, and re-dispatches every engine callback as a DOM event named
 * `zego-` + kebab-case of the SDK's name, bubbling and composed, with `detail` keyed by the SDK's parameter names.
 *
 * @tagname zego-room
 * @summary A room of a ZEGO Express call, from attributes alone.
 *
 * @slot - The room's content: `<zego-local-video>`, `<zego-remote-videos>`, anything else.
 * @slot status - Replaces the default status line.
 *
 * @csspart status - The default status line.
 *
 * @cssprop --zego-status-color - Text color of the status line.
 * @cssprop --zego-status-error-color - Text color of the status line in the `failed` state.
 * @cssprop --zego-status-font - Font of the status line.
 *
 * @fires {{ code: number, message: string, source: ZegoErrorSource }} zego-error - A kit-level problem: a missing or invalid attribute (with the SDK's codes), a token-url failure, a login timeout, an engine that failed to load, a refused publish.
 * @fires {{ roomID: string, reason: ZegoRoomStateChangedReason, errorCode: number, extendedData: string }} zego-room-state-changed - `roomStateChanged`: the room connection changed: LOGINING, LOGINED, LOGIN_FAILED, RECONNECTING, RECONNECTED, RECONNECT_FAILED, KICKOUT, LOGOUT, LOGOUT_FAILED.
 * @fires {{ roomID: string, state: "DISCONNECTED" | "CONNECTING" | "CONNECTED", errorCode: number, extendedData: string }} zego-room-state-update - `roomStateUpdate`: the room state changed (DISCONNECTED, CONNECTING, CONNECTED; older form of roomStateChanged).
 * @fires {{ roomID: string, updateType: "DELETE" | "ADD", userList: ZegoUser[] }} zego-room-user-update - `roomUserUpdate`: other users joined (ADD) or left (DELETE).
 * @fires {{ roomID: string, count: number }} zego-room-online-user-count-update - `roomOnlineUserCountUpdate`: the number of users online in the room.
 * @fires {{ roomID: string, updateType: "DELETE" | "ADD", streamList: ZegoStreamList[], extendedData: string }} zego-room-stream-update - `roomStreamUpdate`: remote streams were added or deleted.
 * @fires {{ roomID: string, roomExtraInfoList: ZegoRoomExtraInfo[] }} zego-room-extra-info-update - `roomExtraInfoUpdate`: the room extra info changed.
 * @fires {{ roomID: string, streamList: { streamID: string; user: ZegoUser; extraInfo: string; }[] }} zego-stream-extra-info-update - `streamExtraInfoUpdate`: the extra info of remote streams changed.
 * @fires {{ roomID: string }} zego-token-will-expire - `tokenWillExpire`: the token expires in 30 s (with token-url the element renews it itself).
 * @fires {ZegoPublisherState} zego-publisher-state-update - `publisherStateUpdate`: a published stream changed state (PUBLISH_REQUESTING, PUBLISHING, NO_PUBLISH).
 * @fires {{ streamID: string, stats: ZegoPublishStats }} zego-publish-quality-update - `publishQualityUpdate`: periodic statistics of a published stream.
 * @fires {{ fromCodecID: ZegoVideoCodecID, toCodecID: ZegoVideoCodecID, streamID: string }} zego-publisher-video-encoder-changed - `publisherVideoEncoderChanged`: the video codec of a published stream changed.
 * @fires {{ mediaStream: MediaStream }} zego-screen-sharing-ended - `screenSharingEnded`: screen sharing was stopped from the browser.
 * @fires {ZegoPlayerState} zego-player-state-update - `playerStateUpdate`: a played stream changed state (PLAY_REQUESTING, PLAYING, NO_PLAY).
 * @fires {{ streamID: string, stats: ZegoPlayStats }} zego-play-quality-update - `playQualityUpdate`: periodic statistics of a played stream.
 * @fires {{ streamID: string, status: "OPEN" | "MUTE" }} zego-remote-camera-status-update - `remoteCameraStatusUpdate`: a remote camera was muted or opened.
 * @fires {{ streamID: string, status: "OPEN" | "MUTE" }} zego-remote-mic-status-update - `remoteMicStatusUpdate`: a remote microphone was muted or opened.
 * @fires {{ streamID: string, data: Uint8Array }} zego-player-recv-sei - `playerRecvSEI`: SEI data arrived with a played stream.
 * @fires {{ streamID: string, track: MediaStreamTrack }} zego-player-video-track-update - `playerVideoTrackUpdate`: the video track of a played stream changed.
 * @fires {{ streamID: string, track: MediaStreamTrack }} zego-player-audio-track-update - `playerAudioTrackUpdate`: the audio track of a played stream changed.
 * @fires {{ updateType: "DELETE" | "ADD", deviceInfo: { deviceName: string; deviceID: string; } }} zego-video-device-state-changed - `videoDeviceStateChanged`: a camera was plugged in or removed.
 * @fires {{ updateType: "DELETE" | "ADD", deviceType: "Input" | "Output", deviceInfo: { deviceName: string; deviceID: string; } }} zego-audio-device-state-changed - `audioDeviceStateChanged`: a microphone or speaker was plugged in or removed.
 * @fires {{ errorCode: number, deviceName: string }} zego-device-error - `deviceError`: a capture device failed.
 * @fires {{ roomID: string, chatData: ZegoBroadcastMessageInfo[] }} zego-im-recv-broadcast-message - `IMRecvBroadcastMessage`: broadcast messages arrived.
 * @fires {{ roomID: string, messageInfo: ZegoBarrageMessageInfo[] }} zego-im-recv-barrage-message - `IMRecvBarrageMessage`: barrage messages arrived.
 * @fires {{ roomID: string, fromUser: ZegoUser, command: string }} zego-im-recv-custom-command - `IMRecvCustomCommand`: a custom command arrived.
 * @fires {{ roomID: string, message: ZegoRoomRecvTransparentMessage }} zego-recv-room-transparent-message - `recvRoomTransparentMessage`: a transparent message arrived.
 * @fires {{ soundLevelList: ZegoSoundLevelInfo[] }} zego-sound-level-update - `soundLevelUpdate`: sound levels of local and remote streams (every second).
 * @fires {{ soundLevel: number }} zego-captured-sound-level-update - `capturedSoundLevelUpdate`: the sound level of the local capture.
 * @fires {{ streamID: string, eventDate: ExceptionData }} zego-exception-update - `exceptionUpdate`: a stream reported an exception.
 * @fires {{ userID: string, upstreamQuality: QualityGrade, downstreamQuality: QualityGrade }} zego-network-quality - `networkQuality`: upstream and downstream quality of a user.
 * @fires {{ soundLevels: Map<number, number> }} zego-mixer-sound-level-update - `mixerSoundLevelUpdate`: sound levels inside a mixed stream.
 * @fires {{ soundLevels: Map<string, number> }} zego-auto-mixer-sound-level-update - `autoMixerSoundLevelUpdate`: sound levels inside an auto-mixed stream.
 * @fires {{ taskID: string, infoList: ZegoStreamRelayCDNInfo[] }} zego-mixer-relay-cdn-state-update - `mixerRelayCDNStateUpdate`: the CDN relay state of a mixer task changed.
 * @fires {{ stream: MediaStream, errorCode: number, extendedData: string }} zego-beauty-effect-error - `beautyEffectError`: the beauty effect failed on a stream.
 * @fires {{ stream: MediaStream, errorCode: number, extendedData: string }} zego-background-effect-error - `backgroundEffectError`: the background effect failed on a stream.
 * @fires {Record<string, any>} zego-recv-experimental-api - `recvExperimentalAPI`: a result of an experimental API.
 */
export class ZegoRoomElement extends LitElement {
  static override styles = styles;

  /** ZEGO AppID of your project; selects the ZEGO engine unless `engine="local"`. */
  @property({ attribute: 'app-id' }) appID: string | null = null;

  /** ZEGO server URL (`wss://...`), or for the local engine: `''` (tabs of this browser) or a room server `ws://` URL. */
  @property() server: string | null = null;

  /** The room to join (1-128 of the SDK's ID characters); changing it leaves and joins the new room. */
  @property({ attribute: 'room-id' }) roomID: string | null = null;

  /** This page's user ID (1-64 of the SDK's ID characters; the token must be for it); changing it re-joins. */
  @property({ attribute: 'user-id' }) userID: string | null = null;

  /** The name others see (any text up to 256 characters, always shown as text). */
  @property({ attribute: 'user-name' }) userName: string | null = null;

  /** A login token. Without it, `token-url` is asked; the local engine also works without either. */
  @property() token: string | null = null;

  /** Where tokens come from: GET `${tokenURL}?userID=&roomID=` answering JSON `{token}` or plain text. */
  @property({ attribute: 'token-url' }) tokenURL: string | null = null;

  /** `zego` or `local`; by default `zego` when `app-id` is set, else `local`. */
  @property({ attribute: 'engine' }) engineKind: 'zego' | 'local' | null = null;

  /** Seconds a login may take before it fails with 1002031 (the SDK alone waits 300 s). */
  @property({ attribute: 'login-timeout', type: Number }) loginTimeout = 30;

  /** Joins only on `join()`. */
  @property({ type: Boolean }) manual = false;

  /** Lets the ZEGO SDK log to the console. */
  @property({ type: Boolean }) debug = false;

  /** Hides the status line. */
  @property({ type: Boolean, attribute: 'hide-status' }) hideStatus = false;

  /** `idle`, `connecting`, `connected`, `reconnecting` or `failed`; reflected for CSS. Set by the element. */
  @property({ reflect: true }) state: RoomState = 'idle';

  /** Supplies the engine instead of the element creating one; the page keeps ownership (never destroyed here). */
  @property({ attribute: false }) engineFactory: RoomEngineFactory | undefined = undefined;

  /**
   * The controller (engine choice, login, callbacks) loads with the element's first connection, in a chunk of its
   * own; until then the element is idle and what is asked of it waits, in order, for the controller.
   */
  private room?: RoomController;
  private roomLoad?: Promise<RoomController>;
  /** Why the controller could not load (a chunk the server did not deliver); the element then stays failed. */
  private loadError?: ZegoErrorDetail;

  private stopMessages?: () => void;

  /** What children get in the context: the same object before and after the controller arrives. */
  private readonly api: RoomApi = this.makeApi();

  constructor() {
    super();
    const loaded = loadedRoomController();
    if (loaded) this.roomLoad = Promise.resolve(this.createRoom(loaded));
    // a speaker picked in a child's controls applies to the whole room (the remote videos read the snapshot)
    this.addEventListener('zego-speaker-change', (e) => this.later((r) => r.setSpeaker(e.detail.deviceId)));
  }

  private readonly provider = new ContextProvider(this, {
    context: roomContext,
    initialValue: { api: this.api, snapshot: EMPTY_SNAPSHOT } satisfies RoomContext,
  });

  /** The engine in use (the ZEGO SDK's `ZegoExpressEngine`, a `ZegoLocalEngine`, or the injected one). */
  get engine(): RoomEngine | undefined {
    return this.room?.currentEngine;
  }

  /** The room as the context gives it to children. */
  get snapshot(): RoomSnapshot {
    return this.room?.snapshot ?? EMPTY_SNAPSHOT;
  }

  /** The last kit-level problem (`zego-error` detail), until the next login. */
  get lastError() {
    return this.room?.lastError ?? this.loadError;
  }

  /** Joins the room of `room-id` as `user-id`; resolves once logged in. Needed with `manual`; undoes `leave()`. */
  join(): Promise<void> {
    return this.room ? this.room.join() : this.loadRoom().then((r) => r.join());
  }

  /** Leaves the room; the engine stays for `join()`. */
  leave(): void {
    this.later((r) => r.leave());
  }

  /** Hands the engine a new token (on `zego-token-will-expire` when there is no `token-url`). */
  renewToken(token: string): boolean {
    return this.room?.renewToken(token) ?? false;
  }

  /** The engine's `checkSystemRequirements()`, once the engine is there. */
  async checkSystemRequirements(): Promise<unknown> {
    return (await (await this.loadRoom()).whenEngine()).checkSystemRequirements();
  }

  /** Sends a broadcast message to the room. */
  async sendBroadcastMessage(message: string): Promise<ZegoServerResponse> {
    const room = await this.loadRoom();
    return room.currentEngine!.sendBroadcastMessage(room.requireRoom(), message);
  }

  /** Sends a barrage message to the room. */
  async sendBarrageMessage(message: string): Promise<ZegoServerResponse> {
    const room = await this.loadRoom();
    return room.currentEngine!.sendBarrageMessage(room.requireRoom(), message);
  }

  /** Sends a custom command to some users of the room. */
  async sendCustomCommand(command: string, toUserIDList: string[]): Promise<ZegoServerResponse> {
    const room = await this.loadRoom();
    return room.currentEngine!.sendCustomCommand(room.requireRoom(), command, toUserIDList);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopMessages = onMessagesChanged(() => this.requestUpdate());
    if (!this.roomLoad) {
      // The engine this room will most likely use loads beside the controller, not after it.
      if (!this.engineFactory && this.engineKind !== 'zego' && !this.appID) void loadLocalEngine().catch(() => {});
      void this.loadRoom().catch(() => {});
    }
  }

  private createRoom({ RoomController }: typeof import('../room/room-controller.js')): RoomController {
    this.room = new RoomController(
      this,
      () => this.settings(),
      (snapshot) => this.snapshotChanged(snapshot),
      { localEngine: loadLocalEngine, loadedLocalEngine },
    );
    return this.room;
  }

  /** Runs `f` on the controller now, or once it has loaded (in call order). */
  private later(f: (room: RoomController) => void): void {
    if (this.room) f(this.room);
    else void this.loadRoom().then(f, () => {});
  }

  private makeApi(): RoomApi {
    const host = this;
    return Object.freeze({
      get engine() {
        return host.room?.currentEngine;
      },
      publish: (streamID: string, localStream: ZegoLocalStreamLike, options?: ZegoWebPublishOption) =>
        this.later((r) => r.api.publish(streamID, localStream, options)),
      unpublish: (streamID: string) => this.later((r) => r.api.unpublish(streamID)),
      play: (streamID: string, options?: ZegoWebPlayOption) =>
        this.room ? this.room.api.play(streamID, options) : this.loadRoom().then((r) => r.api.play(streamID, options)),
      stop: (streamID: string) => this.later((r) => r.api.stop(streamID)),
      register: (child: RoomChild) => this.later((r) => r.api.register(child)),
      unregister: (child: RoomChild) => this.later((r) => r.api.unregister(child)),
      leave: () => this.leave(),
      join: () => this.join(),
      reportLocal: (state: LocalMediaState | null) => this.later((r) => r.api.reportLocal(state)),
    });
  }

  /** The controller, loaded once; a failed load is reported as `zego-error` 1101000 and the element stays idle. */
  private loadRoom(): Promise<RoomController> {
    this.roomLoad ??= loadRoomController().then(
      (m) => this.createRoom(m),
      (e: unknown) => {
        const detail: ZegoErrorDetail = {
          code: Code.INIT_SDK_WRONG,
          message: `<zego-room> could not load its controller: ${toZegoError(e, 0).message}`,
          source: 'engine',
        };
        this.loadError = detail;
        this.state = 'failed';
        /** @ignore documented with @fires (zego-error) */
        this.dispatchEvent(new ZegoErrorEvent(detail));
        throw Object.assign(new Error(detail.message), detail);
      },
    );
    return this.roomLoad;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopMessages?.();
    this.stopMessages = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (SETTINGS.some((p) => changed.has(p))) this.room?.settingsChanged(changed.has('roomID') || changed.has('userID'));
  }

  protected override render() {
    return html`<slot name="status" ?hidden=${this.hideStatus}><div part="status" role="status">${STATUS[this.state](this)}</div></slot><slot></slot>`;
  }

  private settings(): RoomSettings {
    return {
      engine: this.engineKind,
      appID: this.appID,
      server: this.server,
      roomID: this.roomID,
      userID: this.userID,
      userName: this.userName,
      token: this.token,
      tokenURL: this.tokenURL,
      loginTimeout: this.loginTimeout,
      debug: this.debug,
      manual: this.manual,
      factory: this.engineFactory,
    };
  }

  private snapshotChanged(snapshot: RoomSnapshot): void {
    this.state = snapshot.state;
    this.provider.setValue({ api: this.api, snapshot });
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-room': ZegoRoomElement;
  }
}
