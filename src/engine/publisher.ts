// Over 500 lines on purpose: a publication's life (a sender per player, layers, mutes, SEI and data channels,
// statuses, quality) reads and writes one map of publications; capture and data-channel helpers are beside it.
import type { ZegoPublisherState, ZegoPublishStats } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code, type Failure } from '../shared/codes.js';
import type { PlayPrefs, PublishInfo, SignalData } from '../shared/protocol.js';
import { withoutStereoOpus } from './audio/engine-audio.js';
import { applySenderBitrate, type CaptureSettings } from './capture.js';
import { DataKind, openDataChannel, sendData } from './data-channel.js';
import type { ZegoLocalStream } from './local-stream.js';
import type { Emit, EngineOptions } from './options.js';
import { filterCandidates } from './peer.js';
import type { RoomSession } from './session.js';
import type { LevelTaps } from './sound-level.js';
import { toPublishStats } from './stats.js';
import { Trickle } from './trickle.js';

type Kind = 'audio' | 'video';
type MediaStatus = 'OPEN' | 'MUTE';

/** The low layer of a dual stream (`setLowStreamParameter`); the SDK's defaults. */
export interface LowStreamParams {
  width: number;
  height: number;
  frameRate: number;
  /** kbps */
  bitRate: number;
}

const DEFAULT_LOW: LowStreamParams = { width: 320, height: 180, frameRate: 15, bitRate: 200 };
const DEFAULT_PREFS: PlayPrefs = { video: 'high', audio: true };

/** The SDK's limits on SEI: 4096 bytes, 30 per second per stream. */
const SEI_MAX_BYTES = 4096;
const SEI_PER_SECOND = 30;

interface Link {
  readonly pc: RTCPeerConnection;
  /** The player's session, for the signals this side sends. */
  readonly player: string;
  prefs: PlayPrefs;
  /** SEI and real-time sequential data to this player. */
  channel: RTCDataChannel | null;
  /** Its candidates to the player and the player's to it. */
  readonly trickle: Trickle;
  /** Stops routing the player's candidates here and clears the link's timers. */
  readonly release: () => void;
  /** The track changes queued on this connection (see `applyTrack`). */
  applying: Promise<void>;
}

/** Ends one player's connection and what hangs on it. */
function endLink(link: Link): void {
  link.release();
  link.trickle.dispose();
  link.pc.close();
}

interface Publication {
  info: PublishInfo;
  /** null for a data-only publication (a real-time sequential data broadcast). */
  stream: MediaStream | null;
  /** The room it is published in. */
  session: RoomSession;
  /** Its local stream: the capture's bitrates (read when applied: a screen share or a new capture changes them). */
  local?: ZegoLocalStream;
  /** Bitrates set by `setVideoConfig`, which win over the capture's. */
  settings?: Pick<CaptureSettings, 'videoBitrate' | 'audioBitrate'>;
  state: 'PUBLISH_REQUESTING' | 'PUBLISHING';
  links: Map<string, Link>;
  stats?: RTCStatsReport;
  /** What the last quality report said, for `getPublishingStreamQuality`. */
  quality: ZegoPublishStats | null;
  /** `startBroadcasting` on this stream: its data channel carries real-time sequential data. */
  broadcasting: boolean;
  seiSent: number[];
}

/** A stream's dual-stream state: its low layer is a clone of the camera track, scaled down by the browser. */
interface Dual {
  params: LowStreamParams;
  low: MediaStreamTrack | null;
  /** The full track the low one was cloned from. */
  source: MediaStreamTrack | null;
}

export interface PublisherDeps {
  opts: EngineOptions;
  emit: Emit;
  levels: LevelTaps;
  /** Whether a stream's camera is stopped (`enableVideoCaptureDevice(false)`): players then see its video MUTE. */
  cameraOff(media: MediaStream): boolean;
  /** The track to send for one kind of a stream: its own, or what an audio processor made of it. */
  sendTrack(media: MediaStream, kind: Kind): MediaStreamTrack | null;
  /** `muteMicrophone`: no stream sends audio. */
  microphoneMuted(): boolean;
  /** Whether a stream's sound is stereo (virtual stereo, a two-channel capture): players then get stereo Opus. */
  stereo(media: MediaStream): boolean;
}

/** A publication as the sound-level report reads it. */
export interface PublishedStream {
  readonly streamID: string;
  readonly stream: MediaStream;
}

/**
 * The publishing side: each published stream, its one send-only RTCPeerConnection per player (made when a player's
 * offer arrives), what each player receives of it (muted kinds send nothing; a player's preferences pick the video
 * layer of a dual stream or switch a kind off; a device switch swaps the track in every sender, all without
 * renegotiation), its status in the room, SEI and real-time sequential data over each connection's data channel,
 * and `publishQualityUpdate`.
 */
export class Publisher {
  private readonly publications = new Map<string, Publication>();
  /** Kinds muted per stream (mutePublishStream*): kept from before a publish to after it. */
  private readonly muted = new WeakMap<MediaStream, { video: boolean; audio: boolean }>();
  private readonly dual = new Map<MediaStream, Dual>();

  constructor(private readonly deps: PublisherDeps) {}

  has(streamID: string): boolean {
    return this.publications.has(streamID);
  }

  /** The room a stream is published in. */
  sessionOf(streamID: string): RoomSession | undefined {
    return this.publications.get(streamID)?.session;
  }

  /** What a reconnecting session asks the core to keep or re-create. */
  infos(session: RoomSession): PublishInfo[] {
    return [...this.publications.values()].filter((p) => p.session === session).map((p) => p.info);
  }

  list(): PublishedStream[] {
    const out: PublishedStream[] = [];
    for (const p of this.publications.values()) if (p.stream) out.push({ streamID: p.info.streamID, stream: p.stream });
    return out;
  }

  /** The media streams published under `streamID`s (a stream may be published more than once). */
  streamIDsOf(media: MediaStream): string[] {
    return [...this.publications.values()].filter((p) => p.stream === media).map((p) => p.info.streamID);
  }

  /**
   * `startPublishingStream` after its checks (or `startBroadcasting` of a data-only stream, `media` null):
   * PUBLISH_REQUESTING now, PUBLISHING once the core registered it. Resolves whether the core took it.
   */
  start(
    session: RoomSession,
    streamID: string,
    media: MediaStream | null,
    local: ZegoLocalStream | undefined,
    extraInfo: string,
  ): Promise<boolean> {
    const info: PublishInfo = media
      ? { streamID, extraInfo, video: this.videoStatus(media), audio: this.audioStatus(media) }
      : { streamID, extraInfo, video: 'MUTE', audio: 'MUTE', data: true };
    const pub: Publication = {
      info,
      stream: media,
      session,
      local,
      state: 'PUBLISH_REQUESTING',
      links: new Map(),
      quality: null,
      broadcasting: !media,
      seiSent: [],
    };
    this.publications.set(streamID, pub);
    if (media) {
      this.deps.levels.add(`push:${media.id}`, media);
      this.emitState(streamID, 'PUBLISH_REQUESTING', 0);
    }
    return session.request({ t: 'publish', stream: pub.info }).then(
      () => {
        if (this.publications.get(streamID) !== pub) return false;
        pub.state = 'PUBLISHING';
        if (media) this.emitState(streamID, 'PUBLISHING', 0);
        return true;
      },
      (f: Failure) => {
        if (this.publications.get(streamID) !== pub) return false;
        this.close(pub, f.code);
        if (media) this.emitState(streamID, 'NO_PUBLISH', f.code, f.message);
        return false;
      },
    );
  }

  stop(streamID: string): boolean {
    const pub = this.publications.get(streamID);
    if (!pub) return false;
    this.close(pub, 0);
    if (pub.session.loggedIn) pub.session.request({ t: 'unpublish', streamID }).catch(() => {});
    if (pub.stream) this.emitState(streamID, 'NO_PUBLISH', 0);
    return true;
  }

  /** Stops every publication of `media` (its stream is being destroyed) and forgets its dual stream. */
  stopStream(media: MediaStream): void {
    for (const streamID of this.streamIDsOf(media)) this.stop(streamID);
    this.disableDual(media);
  }

  /** `setStreamExtraInfo` after its checks. */
  async setExtraInfo(streamID: string, extraInfo: string): Promise<void> {
    const pub = this.publications.get(streamID);
    if (!pub) throw { code: Code.PUBLISH_STREAM_NOT_FOUND, message: 'publish stream no found' };
    await pub.session.request({ t: 'stream-extra', streamID, extraInfo });
    pub.info.extraInfo = extraInfo;
  }

  /** A room's session ended: its publications close (NO_PUBLISH with `code` when the room saw them). */
  closeAll(session: RoomSession, code: number, report: boolean): void {
    for (const pub of [...this.publications.values()]) {
      if (pub.session !== session) continue;
      this.close(pub, code);
      if (report && pub.stream) this.emitState(pub.info.streamID, 'NO_PUBLISH', code);
    }
  }

  /** The core could not re-create a stream after it lost its state (taken by someone else, no privilege). */
  failed(streamID: string, code: number, message: string): void {
    const pub = this.publications.get(streamID);
    if (!pub) return;
    this.close(pub, code);
    if (pub.stream) this.emitState(streamID, 'NO_PUBLISH', code, message);
  }

  /** `setVideoConfig`'s `maxBitrate` (kbps): the full layer of every sender of `media` from now on. */
  async setVideoBitrate(media: MediaStream, kbps: number): Promise<void> {
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      pub.settings = { audioBitrate: bitratesOf(pub)?.audioBitrate ?? 48, videoBitrate: kbps };
      for (const link of pub.links.values()) {
        for (const t of link.pc.getTransceivers()) if (t.receiver.track.kind === 'video') await this.applyVideoBitrate(pub, link, t.sender);
      }
    }
  }

  /** `getPublishingStreamQuality`: the last report of a published stream, null before the first. */
  quality(streamID: string): ZegoPublishStats | null {
    return this.publications.get(streamID)?.quality ?? null;
  }

  // ---------------------------------------------------------------------------------------------- what is sent

  /** Stops sending one kind (the preview keeps showing) and tells players through the room. */
  mute(media: MediaStream, kind: Kind, mute: boolean): void {
    const state = this.muted.get(media) ?? { video: false, audio: false };
    state[kind] = mute;
    this.muted.set(media, state);
    this.refresh(media, kind);
    if (kind === 'video') this.announceVideo(media);
    else this.announceAudio(media);
  }

  /** Tells players the video status of `media` again (its camera stopped or started). */
  announceVideo(media: MediaStream): void {
    this.announce(media, 'video', this.videoStatus(media));
  }

  /** Tells players the audio status of `media` again (muted, or the microphone muted engine-wide). */
  announceAudio(media: MediaStream): void {
    this.announce(media, 'audio', this.audioStatus(media));
  }

  /** Puts the right track of `kind` into every sender of `media` again (a track changed, a mute, a layer). */
  refresh(media: MediaStream, kind: Kind): void {
    if (kind === 'video') this.updateLow(media);
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      for (const link of pub.links.values()) void this.applyTrack(pub, link, kind);
    }
  }

  /** Every stream's senders of `kind` (the microphone muted engine-wide). */
  refreshAll(kind: Kind): void {
    const seen = new Set<MediaStream>();
    for (const pub of this.publications.values()) if (pub.stream && !seen.has(pub.stream)) seen.add(pub.stream);
    for (const media of seen) {
      this.refresh(media, kind);
      if (kind === 'audio') this.announceAudio(media);
    }
  }

  /** `enableDualStream`: players may then ask for a low layer. */
  enableDual(media: MediaStream): void {
    if (!this.dual.has(media)) this.dual.set(media, { params: DEFAULT_LOW, low: null, source: null });
  }

  /** `setLowStreamParameter`: the low layer's size, rate and bitrate; a running low layer follows at once. */
  setLowParams(media: MediaStream, params: LowStreamParams): void {
    const dual = this.dual.get(media) ?? { params, low: null, source: null };
    dual.params = params;
    this.dual.set(media, dual);
    if (dual.low) void dual.low.applyConstraints(lowConstraints(params)).catch(() => {});
    for (const pub of this.publications.values()) {
      if (pub.stream !== media) continue;
      for (const link of pub.links.values()) if (link.prefs.video === 'low') void this.applyTrack(pub, link, 'video');
    }
  }

  private disableDual(media: MediaStream): void {
    this.dual.get(media)?.low?.stop();
    this.dual.delete(media);
  }

  /** What players see of a stream's video: MUTE while muted or while its camera is stopped. */
  /** A stream without a live audio track is silent to its players, as is a muted one. */
  private audioStatus(media: MediaStream): MediaStatus {
    const live = media.getAudioTracks().some((t) => t.readyState === 'live');
    return !live || this.muted.get(media)?.audio || this.deps.microphoneMuted() ? 'MUTE' : 'OPEN';
  }

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
        pub.session.request({ t: 'stream-status', streamID, video, audio }).catch(() => {});
      }
    }
  }

  /** The track one player should get of `kind` now. */
  private trackFor(pub: Publication, link: Link, kind: Kind): MediaStreamTrack | null {
    const media = pub.stream;
    if (!media || this.muted.get(media)?.[kind]) return null;
    if (kind === 'audio') return link.prefs.audio && !this.deps.microphoneMuted() ? this.deps.sendTrack(media, 'audio') : null;
    if (link.prefs.video === 'off') return null;
    const full = this.deps.sendTrack(media, 'video');
    if (link.prefs.video === 'low' && full) return this.lowTrack(media, full) ?? full;
    return full;
  }

  /** The low layer of a dual stream, cloned from `full` on first use and again when the camera track changed. */
  private lowTrack(media: MediaStream, full: MediaStreamTrack): MediaStreamTrack | null {
    const dual = this.dual.get(media);
    if (!dual) return null;
    if (dual.low && dual.source === full && dual.low.readyState === 'live') return dual.low;
    dual.low?.stop();
    dual.source = full;
    dual.low = full.clone();
    void dual.low.applyConstraints(lowConstraints(dual.params)).catch(() => {});
    return dual.low;
  }

  /** The camera track changed: a low layer made from the old one goes (the next `trackFor` clones the new one). */
  private updateLow(media: MediaStream): void {
    const dual = this.dual.get(media);
    const full = this.deps.sendTrack(media, 'video');
    if (!dual?.low || dual.source === full) return;
    dual.low.stop();
    dual.low = null;
    dual.source = null;
  }

  /**
   * One change at a time per connection, each reading the state when it runs: an unmute right after a mute compared
   * its track with a sender whose `replaceTrack(null)` had not landed yet, skipped, and left the player black.
   */
  private applyTrack(pub: Publication, link: Link, kind: Kind): Promise<void> {
    const run = link.applying.then(() => this.applyTrackNow(pub, link, kind));
    link.applying = run.catch(() => {});
    return run;
  }

  private async applyTrackNow(pub: Publication, link: Link, kind: Kind): Promise<void> {
    if (link.pc.signalingState === 'closed') return;
    const track = this.trackFor(pub, link, kind);
    for (const t of link.pc.getTransceivers()) {
      if (t.receiver.track.kind !== kind || t.currentDirection === 'stopped') continue;
      if (t.sender.track !== track) await t.sender.replaceTrack(track).catch(() => {});
      if (kind === 'video') await this.applyVideoBitrate(pub, link, t.sender);
    }
  }

  private async applyVideoBitrate(pub: Publication, link: Link, sender: RTCRtpSender): Promise<void> {
    const dual = pub.stream ? this.dual.get(pub.stream) : undefined;
    if (link.prefs.video === 'low' && dual) {
      // Firefox leaves a clone at its source's size whatever applyConstraints asks (it resolves, nothing changes):
      // the encoder then scales the low layer down (the size read once the constraints are applied; 1 in Chromium)
      await dual.low?.applyConstraints(lowConstraints(dual.params)).catch(() => {});
      const { width = 0, height = 0 } = dual.low?.getSettings() ?? {};
      const params = sender.getParameters();
      if (!params.encodings?.length) return;
      params.encodings[0].scaleResolutionDownBy = Math.max(1, width / dual.params.width, height / dual.params.height);
      params.encodings[0].active = !!sender.track;
      params.encodings[0].maxBitrate = dual.params.bitRate * 1000;
      params.encodings[0].maxFramerate = dual.params.frameRate;
      await sender.setParameters(params).catch(() => {});
    } else {
      // the full layer: unscaled. No track (video off for this player, or muted): not sending at all, since Firefox
      // repeats the last frame once a second through a sender whose track is null
      const params = sender.getParameters();
      const encoding = params.encodings?.[0];
      if (encoding && ((encoding.scaleResolutionDownBy ?? 1) !== 1 || encoding.active !== !!sender.track)) {
        encoding.scaleResolutionDownBy = 1;
        encoding.active = !!sender.track;
        await sender.setParameters(params).catch(() => {});
      }
      const bitrates = bitratesOf(pub);
      if (bitrates) await applySenderBitrate(sender, bitrates, 'video');
    }
  }

  // ---------------------------------------------------------------------------------------------- signals

  /** A player's offer reached us through `session`: answer it from the published stream's current tracks. */
  async answer(session: RoomSession, from: string, data: Extract<SignalData, { kind: 'offer' }>): Promise<void> {
    const { opts } = this.deps;
    const { playID, streamID } = data;
    const pub = this.publications.get(streamID);
    if (!pub || pub.state !== 'PUBLISHING' || pub.session !== session) {
      session.signal(from, { kind: 'close', playID, streamID, code: Code.PLAY_STREAM_NOT_FOUND });
      return;
    }
    const pc = new RTCPeerConnection(opts.rtcConfiguration);
    const old = pub.links.get(playID);
    if (old) endLink(old);
    const trickle = new Trickle(pc, opts.loopbackOnly, (candidate) =>
      session.signal(from, { kind: 'candidate', role: 'publisher', playID, streamID, candidate }),
    );
    // only the player this link answers may add candidates to it
    const unroute = session.routeCandidates('publisher', playID, (sender, candidate) => {
      if (sender === from) trickle.remote(candidate);
    });
    let lost: ReturnType<typeof setTimeout> | undefined;
    // a player that gave up before its candidates came (its play request lost with the link) never connects, and
    // ICE without a single remote candidate never fails: a link not up within the negotiation time ends
    const deadline = setTimeout(() => {
      if (pc.connectionState !== 'connected') drop();
    }, opts.negotiationTimeoutMs);
    const release = () => {
      unroute();
      clearTimeout(lost);
      clearTimeout(deadline);
    };
    const link: Link = {
      pc,
      player: from,
      prefs: data.prefs ?? DEFAULT_PREFS,
      channel: null,
      trickle,
      release,
      applying: Promise.resolve(),
    };
    pub.links.set(playID, link);
    const drop = () => {
      if (pub.links.get(playID) !== link) return;
      pub.links.delete(playID);
      endLink(link);
    };
    // a player that vanished never says goodbye: 'disconnected' for 10 s ends the link ('failed' takes ~30 s)
    pc.addEventListener('connectionstatechange', () => {
      const s = pc.connectionState;
      clearTimeout(lost);
      if (s === 'connected') clearTimeout(deadline);
      if (s === 'failed' || s === 'closed') drop();
      else if (s === 'disconnected') lost = setTimeout(drop, 10_000);
    });
    try {
      // players offer stereo Opus; a mono stream takes it back so its encoder sends one channel (half the bitrate)
      const stereo = !!pub.stream && this.deps.stereo(pub.stream);
      await pc.setRemoteDescription({ type: 'offer', sdp: stereo ? data.sdp : withoutStereoOpus(data.sdp) });
      trickle.ready();
      if (data.sdp.includes('m=application')) link.channel = openDataChannel(pc);
      for (const t of pc.getTransceivers()) {
        t.direction = 'sendonly';
        await t.sender.replaceTrack(this.trackFor(pub, link, t.receiver.track.kind as Kind));
        if (pub.stream) t.sender.setStreams?.(pub.stream);
      }
      await pc.setLocalDescription(await pc.createAnswer());
      if (pub.links.get(playID) !== link) return;
      // at once (trickle ICE): the candidates follow, the answer does not wait for gathering
      const sdp = filterCandidates(pc.localDescription!.sdp, opts.loopbackOnly);
      session.signal(from, { kind: 'answer', playID, streamID, sdp });
      trickle.described();
      for (const t of pc.getTransceivers()) {
        const kind = t.receiver.track.kind;
        const bitrates = bitratesOf(pub);
        if (kind === 'video') void this.applyVideoBitrate(pub, link, t.sender);
        else if (bitrates) void applySenderBitrate(t.sender, bitrates, kind);
      }
    } catch {
      endLink(link);
      if (pub.links.get(playID) === link) pub.links.delete(playID);
      session.signal(from, { kind: 'close', playID, streamID, code: Code.PUBLISH_NEGOTIATION_TIMEOUT });
    }
  }

  /** A player changed what it wants of its connection (layer, a kind switched off): applied to it alone. */
  setPrefs(playID: string, streamID: string, prefs: PlayPrefs): void {
    const pub = this.publications.get(streamID);
    const link = pub?.links.get(playID);
    if (!pub || !link) return;
    const before = link.prefs;
    link.prefs = prefs;
    if (before.video !== prefs.video) void this.applyTrack(pub, link, 'video');
    if (before.audio !== prefs.audio) void this.applyTrack(pub, link, 'audio');
  }

  /** A player ended its play connection (stopPlayingStream, retry): drop our side. */
  closeLink(playID: string, streamID: string): void {
    const pub = this.publications.get(streamID);
    const link = pub?.links.get(playID);
    if (!pub || !link) return;
    endLink(link);
    pub.links.delete(playID);
  }

  // ---------------------------------------------------------------------------------------------- data

  /** `sendSEI`: to every player of the stream; false when not published, too long or over 30 a second. */
  sendSEI(streamID: string, data: Uint8Array): boolean {
    const pub = this.publications.get(streamID);
    if (!pub?.stream || pub.state !== 'PUBLISHING' || data.byteLength > SEI_MAX_BYTES) return false;
    const now = Date.now();
    pub.seiSent = pub.seiSent.filter((t) => now - t < 1000);
    if (pub.seiSent.length >= SEI_PER_SECOND) return false;
    pub.seiSent.push(now);
    for (const link of pub.links.values()) if (link.channel) sendData(link.channel, DataKind.SEI, data);
    return true;
  }

  /** `startBroadcasting`: on a published stream its connections carry the data; else a data-only publication. */
  async broadcast(session: RoomSession, streamID: string): Promise<boolean> {
    const pub = this.publications.get(streamID);
    if (pub) {
      if (pub.session !== session) return false;
      pub.broadcasting = true;
      return true;
    }
    return this.start(session, streamID, null, undefined, '');
  }

  /** `stopBroadcasting`: a data-only publication ends; a media one stops carrying data. */
  stopBroadcast(streamID: string): boolean {
    const pub = this.publications.get(streamID);
    if (!pub?.broadcasting) return false;
    if (!pub.stream) return this.stop(streamID);
    pub.broadcasting = false;
    return true;
  }

  /** `sendRealTimeSequentialData`: to every subscriber of a broadcast stream. */
  sendSequential(streamID: string, data: ArrayBuffer): boolean {
    const pub = this.publications.get(streamID);
    if (!pub?.broadcasting || pub.state !== 'PUBLISHING') return false;
    for (const link of pub.links.values()) if (link.channel) sendData(link.channel, DataKind.SEQUENTIAL, new Uint8Array(data));
    return true;
  }

  // ---------------------------------------------------------------------------------------------- quality

  async reportQuality(): Promise<void> {
    for (const pub of this.publications.values()) {
      if (pub.state !== 'PUBLISHING' || !pub.stream) continue;
      const link = pub.links.values().next().value as Link | undefined;
      const report = link ? await link.pc.getStats().catch(() => undefined) : undefined;
      if (!this.publications.has(pub.info.streamID)) continue;
      const stats = toPublishStats(report, pub.stats, pub.stream, link && { senders: link.pc.getSenders() });
      pub.stats = report;
      pub.quality = stats;
      this.deps.emit('publishQualityUpdate', pub.info.streamID, stats);
    }
  }

  // ---------------------------------------------------------------------------------------------- inside

  private close(pub: Publication, code: number): void {
    const { streamID } = pub.info;
    this.publications.delete(streamID);
    for (const [playID, link] of pub.links) {
      endLink(link);
      pub.session.signal(link.player, { kind: 'close', playID, streamID, code });
    }
    pub.links.clear();
    const media = pub.stream;
    if (media && ![...this.publications.values()].some((p) => p.stream === media)) this.deps.levels.remove(`push:${media.id}`);
  }

  private emitState(streamID: string, state: ZegoPublisherState['state'], errorCode: number, extendedData = ''): void {
    this.deps.emit('publisherStateUpdate', { streamID, state, errorCode, extendedData });
  }
}

/** A publication's bitrates: set by `setVideoConfig`, else its capture's; none for a plain MediaStream. */
function bitratesOf(pub: Publication): Pick<CaptureSettings, 'videoBitrate' | 'audioBitrate'> | undefined {
  return pub.settings ?? pub.local?._settings;
}

function lowConstraints(p: LowStreamParams): MediaTrackConstraints {
  return { width: { ideal: p.width }, height: { ideal: p.height }, frameRate: { max: p.frameRate } };
}
