import type { ZegoPublisherState } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code, type Failure } from '../shared/codes.js';
import type { PublishInfo, SignalData } from '../shared/protocol.js';
import { applySenderBitrate, type CaptureSettings } from './capture.js';
import type { ZegoLocalStream } from './local-stream.js';
import type { Emit, EngineOptions } from './options.js';
import { filterCandidates, gathered } from './peer.js';
import type { RoomSession } from './session.js';
import { toPublishStats } from './stats.js';
import type { LevelTaps } from './sound-level.js';

type Kind = 'audio' | 'video';
type MediaStatus = 'OPEN' | 'MUTE';

interface Publication {
  info: PublishInfo;
  stream: MediaStream;
  /** The capture's bitrates, applied to every sender; absent for a plain MediaStream (browser defaults). */
  settings?: CaptureSettings;
  state: 'PUBLISH_REQUESTING' | 'PUBLISHING';
  /** One send-only connection per player: playID -> connection. */
  links: Map<string, RTCPeerConnection>;
  stats?: RTCStatsReport;
}

export interface PublisherDeps {
  opts: EngineOptions;
  emit: Emit;
  session: RoomSession;
  levels: LevelTaps;
  /** Whether a stream's camera is stopped (`enableVideoCaptureDevice(false)`): players then see its video MUTE. */
  cameraOff(media: MediaStream): boolean;
}

/** A publication as the sound-level report reads it. */
export interface PublishedStream {
  readonly streamID: string;
  readonly stream: MediaStream;
}

/**
 * The publishing side: each published stream, its one send-only RTCPeerConnection per player (made when a
 * player's offer arrives), what players receive of it (muted kinds send no track; a device switch swaps the track
 * in every sender without renegotiation), its camera/microphone status in the room, and `publishQualityUpdate`.
 */
export class Publisher {
  private readonly publications = new Map<string, Publication>();
  /** playID -> the player's session, for the signals this side sends. */
  private readonly players = new Map<string, string>();
  /** Kinds muted per stream (mutePublishStream*): kept from before a publish to after it. */
  private readonly muted = new WeakMap<MediaStream, { video: boolean; audio: boolean }>();

  constructor(private readonly deps: PublisherDeps) {}

  has(streamID: string): boolean {
    return this.publications.has(streamID);
  }

  /** What a reconnecting session asks the core to keep or re-create. */
  infos(): PublishInfo[] {
    return [...this.publications.values()].map((p) => p.info);
  }

  list(): PublishedStream[] {
    return [...this.publications.values()].map((p) => ({ streamID: p.info.streamID, stream: p.stream }));
  }

  /** `startPublishingStream` after its checks: PUBLISH_REQUESTING now, PUBLISHING once the core registered it. */
  start(streamID: string, media: MediaStream, local: ZegoLocalStream | undefined, extraInfo: string): void {
    const muted = this.muted.get(media);
    const pub: Publication = {
      info: { streamID, extraInfo, video: this.videoStatus(media), audio: muted?.audio ? 'MUTE' : 'OPEN' },
      stream: media,
      settings: local?._settings,
      state: 'PUBLISH_REQUESTING',
      links: new Map(),
    };
    this.publications.set(streamID, pub);
    this.deps.levels.add(`push:${media.id}`, media);
    this.emitState(streamID, 'PUBLISH_REQUESTING', 0);
    this.deps.session.request({ t: 'publish', stream: pub.info }).then(
      () => {
        if (this.publications.get(streamID) !== pub) return;
        pub.state = 'PUBLISHING';
        this.emitState(streamID, 'PUBLISHING', 0);
      },
      (f: Failure) => {
        if (this.publications.get(streamID) !== pub) return;
        this.close(pub, f.code);
        this.emitState(streamID, 'NO_PUBLISH', f.code, f.message);
      },
    );
  }

  stop(streamID: string): boolean {
    const pub = this.publications.get(streamID);
    if (!pub) return false;
    this.close(pub, 0);
    if (this.deps.session.loggedIn) this.deps.session.request({ t: 'unpublish', streamID }).catch(() => {});
    this.emitState(streamID, 'NO_PUBLISH', 0);
    return true;
  }

  /** Stops every publication of `media` (its stream is being destroyed). */
  stopStream(media: MediaStream): void {
    for (const [streamID, pub] of this.publications) if (pub.stream === media) this.stop(streamID);
  }

  /** `setStreamExtraInfo` after its checks. */
  async setExtraInfo(streamID: string, extraInfo: string): Promise<void> {
    const pub = this.publications.get(streamID);
    if (!pub) throw { code: Code.PUBLISH_STREAM_NOT_FOUND, message: 'publish stream no found' };
    await this.deps.session.request({ t: 'stream-extra', streamID, extraInfo });
    pub.info.extraInfo = extraInfo;
  }

  /** The session ended: every publication closes (NO_PUBLISH with `code` when the room saw it). */
  closeAll(code: number, report: boolean): void {
    for (const pub of [...this.publications.values()]) {
      this.close(pub, code);
      if (report) this.emitState(pub.info.streamID, 'NO_PUBLISH', code);
    }
    this.players.clear();
  }

  // ---------------------------------------------------------------------------------------------- what is sent

  /** Stops sending one kind (the preview keeps showing) and tells players through the room. */
  mute(media: MediaStream, kind: Kind, mute: boolean): void {
    const state = this.muted.get(media) ?? { video: false, audio: false };
    state[kind] = mute;
    this.muted.set(media, state);
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      const track = mute ? null : (media.getTracks().find((t) => t.kind === kind) ?? null);
      for (const pc of pub.links.values()) setSenderTrack(pc, kind, track);
    }
    if (kind === 'video') this.announceVideo(media);
    else this.announce(media, 'audio', mute ? 'MUTE' : 'OPEN');
  }

  /** Tells players the video status of `media` again (its camera stopped or started). */
  announceVideo(media: MediaStream): void {
    this.announce(media, 'video', this.videoStatus(media));
  }

  /** A local stream's track changed (device switch): senders follow unless that kind is muted. */
  followTrack(media: MediaStream, kind: Kind, track: MediaStreamTrack | null): void {
    const muted = this.muted.get(media)?.[kind];
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      for (const pc of pub.links.values()) setSenderTrack(pc, kind, muted ? null : track);
    }
  }

  /** What players see of a stream's video: MUTE while muted or while its camera is stopped. */
  private videoStatus(media: MediaStream): MediaStatus {
    return this.muted.get(media)?.video || this.deps.cameraOff(media) ? 'MUTE' : 'OPEN';
  }

  /** Tells the room a publication's new camera or microphone status (players get remote*StatusUpdate). */
  private announce(media: MediaStream, kind: Kind, status: MediaStatus): void {
    for (const pub of this.publications.values()) {
      if (pub.stream !== media || pub.info[kind] === status) continue;
      pub.info[kind] = status;
      if (pub.state === 'PUBLISHING') {
        const { streamID, video, audio } = pub.info;
        this.deps.session.request({ t: 'stream-status', streamID, video, audio }).catch(() => {});
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- signals

  /** A player's offer reached us: answer it from the published stream's current tracks. */
  async answer(from: string, data: Extract<SignalData, { kind: 'offer' }>): Promise<void> {
    const { session, opts } = this.deps;
    const { playID, streamID } = data;
    const pub = this.publications.get(streamID);
    if (!pub || pub.state !== 'PUBLISHING') {
      session.signal(from, { kind: 'close', playID, streamID, code: Code.PLAY_STREAM_NOT_FOUND });
      return;
    }
    const pc = new RTCPeerConnection(opts.rtcConfiguration);
    pub.links.get(playID)?.close();
    pub.links.set(playID, pc);
    this.players.set(playID, from);
    let lost: ReturnType<typeof setTimeout> | undefined;
    const drop = () => {
      clearTimeout(lost);
      if (pub.links.get(playID) !== pc) return;
      pub.links.delete(playID);
      this.players.delete(playID);
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
        const kind = t.receiver.track.kind as Kind;
        t.direction = 'sendonly';
        const track = muted?.[kind] ? null : (pub.stream.getTracks().find((x) => x.kind === kind) ?? null);
        await t.sender.replaceTrack(track);
        t.sender.setStreams?.(pub.stream);
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc, 2000);
      if (pub.links.get(playID) !== pc) return;
      const sdp = filterCandidates(pc.localDescription!.sdp, opts.loopbackOnly);
      session.signal(from, { kind: 'answer', playID, streamID, sdp });
      if (pub.settings) for (const t of pc.getTransceivers()) void applySenderBitrate(t.sender, pub.settings, t.receiver.track.kind);
    } catch {
      pc.close();
      pub.links.delete(playID);
      this.players.delete(playID);
      session.signal(from, { kind: 'close', playID, streamID, code: Code.PUBLISH_NEGOTIATION_TIMEOUT });
    }
  }

  /** A player ended its play connection (stopPlayingStream, retry): drop our side. */
  closeLink(playID: string, streamID: string): void {
    const pub = this.publications.get(streamID);
    const pc = pub?.links.get(playID);
    if (!pub || !pc) return;
    pc.close();
    pub.links.delete(playID);
    this.players.delete(playID);
  }

  // ---------------------------------------------------------------------------------------------- quality

  async reportQuality(): Promise<void> {
    for (const pub of this.publications.values()) {
      if (pub.state !== 'PUBLISHING') continue;
      const pc = pub.links.values().next().value as RTCPeerConnection | undefined;
      const report = pc ? await pc.getStats().catch(() => undefined) : undefined;
      if (!this.publications.has(pub.info.streamID)) continue;
      const stats = toPublishStats(report, pub.stats, pub.stream);
      pub.stats = report;
      this.deps.emit('publishQualityUpdate', pub.info.streamID, stats);
    }
  }

  // ---------------------------------------------------------------------------------------------- inside

  private close(pub: Publication, code: number): void {
    const { streamID } = pub.info;
    this.publications.delete(streamID);
    for (const [playID, pc] of pub.links) {
      pc.close();
      const to = this.players.get(playID);
      this.players.delete(playID);
      if (to) this.deps.session.signal(to, { kind: 'close', playID, streamID, code });
    }
    pub.links.clear();
    if (![...this.publications.values()].some((p) => p.stream === pub.stream)) this.deps.levels.remove(`push:${pub.stream.id}`);
  }

  private emitState(streamID: string, state: ZegoPublisherState['state'], errorCode: number, extendedData = ''): void {
    this.deps.emit('publisherStateUpdate', { streamID, state, errorCode, extendedData });
  }
}

/** Puts `track` (null: nothing) into the senders of one kind, without renegotiation. */
function setSenderTrack(pc: RTCPeerConnection, kind: Kind, track: MediaStreamTrack | null): void {
  for (const t of pc.getTransceivers()) {
    if (t.receiver.track.kind === kind && t.currentDirection !== 'stopped') t.sender.replaceTrack(track).catch(() => {});
  }
}
