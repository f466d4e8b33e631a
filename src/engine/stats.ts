/**
 * `RTCStatsReport` -> the SDK's `ZegoPublishStats` / `ZegoPlayStats`, with the SDK 3.12's formulas (read from its
 * bundle) so the numbers mean the same on both engines:
 *
 * - rates come from counter deltas against the previous report of the same connection (stat IDs are stable
 *   across `getStats()` calls); with no previous report every rate is 0 and every quality 0, as the SDK's first
 *   sample;
 * - bitrates are kbps (8 x bytes / ms); frame rates per second; loss rates 0..1 over the interval;
 *   `audioJitter`, `totalRoundTripTime`, `currentRoundTripTime` are seconds, straight from WebRTC;
 * - `videoQuality`/`audioQuality` (0 excellent .. 4 bad) grade RTT, loss (retransmissions for a publisher) and
 *   jitter like the SDK; a 'disconnected'/'failed' connection grades 4;
 * - `videoFramesDropped` is the count of the interval, `videoFramesDecoded` the running total, as the SDK.
 *
 * Pure: no timers, no DOM; everything derives from the reports and the options.
 */
import type {
  ZegoPlayAudioStats,
  ZegoPlayStats,
  ZegoPlayVideoStats,
  ZegoPublishAudioStats,
  ZegoPublishStats,
  ZegoPublishVideoStats,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

/** What the SDK puts in `publishQualityUpdate` besides the typed `video`/`audio`. */
export interface LocalPublishStats extends ZegoPublishStats {
  nackCount: number;
  pliCount: number;
  totalRoundTripTime: number;
  currentRoundTripTime: number;
  qualityLimitationReason?: string;
  codecImplementationName?: string;
}

/** What the SDK puts in `playQualityUpdate` besides the typed fields. */
export interface LocalPlayStats extends ZegoPlayStats {
  nackCount: number;
  pliCount: number;
  totalRoundTripTime: number;
  currentRoundTripTime: number;
  /** Milliseconds between this report and the previous one (0 for the first). */
  sampleTimeWindow: number;
  codecImplementationName?: string;
}

export interface StatsOptions {
  /** The connection's state: 'disconnected' or 'failed' grades quality 4. */
  connectionState?: RTCPeerConnectionState;
  /** The publishing connection's senders: a kind none of them has a track for is muted ('1' in `muteState`). */
  senders?: readonly RTCRtpSender[];
}

export interface PlayStatsOptions extends StatsOptions {
  /** `mutePlayStreamVideo` / `mutePlayStreamAudio` state ('1' in `muteState`). */
  videoMuted?: boolean;
  audioMuted?: boolean;
  /** Frames per second the page's renderer presented; -1 (the SDK's "unknown") when not given. */
  renderFPS?: number;
}

type Stat = Record<string, unknown> & { id: string; type: string; timestamp: number };

/** kbps from two byte counters `ms` apart; 0 when there is no interval or the counter went back (reset). */
export function kbps(bytes: number, prevBytes: number, ms: number): number {
  return ms > 0 && bytes >= prevBytes ? (8 * (bytes - prevBytes)) / ms : 0;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Per-second rate of a counter; 0 without a previous sample. */
function rate(now: Stat, prev: Stat | undefined, key: string): number {
  if (!prev) return 0;
  const ms = now.timestamp - prev.timestamp;
  const d = num(now[key]) - num(prev[key]);
  return ms > 0 && d > 0 ? (1000 * d) / ms : 0;
}

function delta(now: Stat, prev: Stat | undefined, key: string): number {
  return prev ? Math.max(0, num(now[key]) - num(prev[key])) : 0;
}

function bitrate(now: Stat, prev: Stat | undefined, key: string): number {
  return prev ? kbps(num(now[key]), num(prev[key]), now.timestamp - prev.timestamp) : 0;
}

// ------------------------------------------------------------------------------------------------ quality

/** The SDK's score (0..100) from RTT (ms), loss (0..1) and jitter (as WebRTC reports it). */
function score(rttMs: number, loss: number, jitter: number): number {
  const rtt = rttMs < 600 ? 97 - Math.pow(0.09 * rttMs, 1.1) : 18 * Math.exp(0.002 * (600 - rttMs));
  const lossPct = 100 * loss;
  const lossScore = lossPct <= 40 ? 96 - Math.pow(lossPct, 1.22) : 1;
  const jitterScore = jitter <= 50 ? 98 - Math.pow(jitter, 1.15) : 1;
  return 0.15 * jitterScore + 0.85 * Math.min(rtt, lossScore);
}

/** 0 excellent, 1 good, 2 medium, 3 poor, 4 bad: the SDK's grades of `score`. */
export function qualityGrade(rttMs: number, loss: number, jitter: number): 0 | 1 | 2 | 3 | 4 {
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  const s = score(clean(rttMs), clean(loss), clean(jitter));
  return s >= 85 ? 0 : s >= 60 ? 1 : s >= 30 ? 2 : s >= 1 ? 3 : 4;
}

function broken(options: StatsOptions | undefined): boolean {
  return options?.connectionState === 'disconnected' || options?.connectionState === 'failed';
}

// ------------------------------------------------------------------------------------------------ report reading

interface Picked {
  audio?: Stat;
  video?: Stat;
  remoteAudio?: Stat;
  remoteVideo?: Stat;
  pair?: Stat;
}

function mediaKind(s: Stat): string {
  return (s.kind ?? s.mediaType ?? '') as string;
}

/** The first RTP stats of each kind of `rtpType`, their remote counterparts and the selected candidate pair. */
function pick(report: RTCStatsReport, rtpType: 'outbound-rtp' | 'inbound-rtp'): Picked {
  const out: Picked = {};
  let selectedPairId: string | undefined;
  let nominated: Stat | undefined;
  report.forEach((raw) => {
    const s = raw as Stat;
    if (s.type === rtpType) {
      if (mediaKind(s) === 'audio') out.audio ??= s;
      else if (mediaKind(s) === 'video') out.video ??= s;
    } else if (s.type === 'remote-inbound-rtp') {
      if (mediaKind(s) === 'audio') out.remoteAudio ??= s;
      else if (mediaKind(s) === 'video') out.remoteVideo ??= s;
    } else if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      selectedPairId = s.selectedCandidatePairId;
    } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      nominated ??= s;
    }
  });
  out.pair = (selectedPairId ? (report.get(selectedPairId) as Stat | undefined) : undefined) ?? nominated;
  return out;
}

function prevOf(prev: RTCStatsReport | undefined, s: Stat | undefined): Stat | undefined {
  return s && prev ? (prev.get(s.id) as Stat | undefined) : undefined;
}

/** 'opus', 'VP8', ... from the codec stat an RTP stat points at; '' when unknown. */
function codecOf(report: RTCStatsReport, s: Stat | undefined): { name: string; clockRate: number } {
  const codec = s && typeof s.codecId === 'string' ? (report.get(s.codecId) as Stat | undefined) : undefined;
  const mime = typeof codec?.mimeType === 'string' ? codec.mimeType : '';
  return { name: mime.split('/')[1] ?? '', clockRate: num(codec?.clockRate) };
}

/** The SDK: an encoder other than libvpx/OpenH264 is hardware; unknown stays undefined. */
function hardware(impl: unknown): boolean | undefined {
  if (typeof impl !== 'string' || !impl || impl.toLowerCase() === 'unknown') return undefined;
  const i = impl.toLowerCase();
  return i !== 'openh264' && i !== 'libvpx';
}

/** Loss over the interval as the SDK computes it for a receiver: lost / (lost + received). */
function receiveLoss(now: Stat, prev: Stat | undefined): number {
  const lost = delta(now, prev, 'packetsLost');
  const got = delta(now, prev, 'packetsReceived');
  return lost > 0 ? lost / (lost + got) : 0;
}

// ------------------------------------------------------------------------------------------------ publish

/** The SDK's publish stats before any sample: zeros, quality -1 (unknown), muted. */
export function emptyPublishStats(): LocalPublishStats {
  return {
    video: {
      videoBitrate: 0,
      videoFPS: 0,
      videoTransferFPS: 0,
      frameHeight: 0,
      frameWidth: 0,
      muteState: '1',
      videoQuality: -1,
      videoPacketsLost: 0,
      videoPacketsLostRate: 0,
      googCodecName: '',
    },
    audio: {
      audioBitrate: 0,
      audioCodec: '',
      muteState: '1',
      audioQuality: -1,
      audioFPS: 0,
      audioPacketsLost: 0,
      audioPacketsLostRate: 0,
      googCodecName: '',
    },
    nackCount: 0,
    pliCount: 0,
    totalRoundTripTime: 0,
    currentRoundTripTime: 0,
  };
}

/**
 * Publish stats of one sending connection. `stream` is the published stream: a disabled or absent track reads
 * muted, so does a sender without a track (how the local engine mutes), and its settings give the frame size
 * before the encoder reports one.
 */
export function toPublishStats(
  report: RTCStatsReport | undefined,
  prev: RTCStatsReport | undefined,
  stream?: MediaStream | null,
  options?: StatsOptions,
): LocalPublishStats {
  const stats = emptyPublishStats();
  const videoTrack = stream?.getVideoTracks()[0];
  const audioTrack = stream?.getAudioTracks()[0];
  if (!report) {
    stats.video.muteState = videoTrack?.enabled ? '0' : '1';
    stats.audio.muteState = audioTrack?.enabled ? '0' : '1';
    return stats;
  }
  const p = pick(report, 'outbound-rtp');
  const v: ZegoPublishVideoStats = stats.video;
  const a: ZegoPublishAudioStats = stats.audio;
  // a sender without a track: the senders say so when given; else its media-source stat disappears while it keeps
  // `mediaSourceId` (Chromium; Firefox's stats have no `mediaSourceId`, and there only the senders can tell)
  const sent = options?.senders && new Set(options.senders.map((s) => s.track?.kind));
  const sending = (s: Stat | undefined, track: MediaStreamTrack | undefined) =>
    !!track?.enabled &&
    track.readyState === 'live' &&
    (sent ? sent.has(track.kind) : typeof s?.mediaSourceId !== 'string' || report.has(s.mediaSourceId));
  v.muteState = sending(p.video, videoTrack) ? '0' : '1';
  a.muteState = sending(p.audio, audioTrack) ? '0' : '1';

  let videoRetransmitRatio = 0;
  let audioRetransmitRatio = 0;
  if (p.video) {
    const before = prevOf(prev, p.video);
    v.googCodecName = codecOf(report, p.video).name;
    v.isHardwareEncode = hardware(p.video.encoderImplementation);
    v.videoBitrate = bitrate(p.video, before, 'bytesSent');
    v.videoFPS = rate(p.video, before, 'framesEncoded');
    v.videoTransferFPS = rate(p.video, before, 'framesSent');
    v.frameWidth = num(p.video.frameWidth);
    v.frameHeight = num(p.video.frameHeight);
    const sent = delta(p.video, before, 'packetsSent');
    videoRetransmitRatio = sent > 0 ? delta(p.video, before, 'retransmittedPacketsSent') / sent : 0;
    stats.nackCount = num(p.video.nackCount);
    stats.pliCount = num(p.video.pliCount);
    if (typeof p.video.qualityLimitationReason === 'string') stats.qualityLimitationReason = p.video.qualityLimitationReason;
    if (typeof p.video.encoderImplementation === 'string') stats.codecImplementationName = p.video.encoderImplementation;
  }
  if (!v.frameWidth && videoTrack) {
    const s = videoTrack.getSettings();
    v.frameWidth = s.width ?? 0;
    v.frameHeight = s.height ?? 0;
  }
  if (p.audio) {
    const before = prevOf(prev, p.audio);
    a.audioCodec = a.googCodecName = codecOf(report, p.audio).name;
    a.audioBitrate = bitrate(p.audio, before, 'bytesSent');
    // packets per second without retransmissions, as the SDK's audioFPS
    const rtx = delta(p.audio, before, 'retransmittedPacketsSent');
    const ms = before ? p.audio.timestamp - before.timestamp : 0;
    const sent = delta(p.audio, before, 'packetsSent');
    a.audioFPS = ms > 0 ? (1000 * Math.max(0, sent - rtx)) / ms : 0;
    audioRetransmitRatio = sent > 0 ? rtx / sent : 0;
  }
  const lossFromRemote = (remote: Stat | undefined, local: Stat | undefined) => {
    if (!remote) return { lost: 0, rate: 0, rtt: 0, jitter: 0 };
    const before = prevOf(prev, remote);
    const lost = delta(remote, before, 'packetsLost');
    const sent = local ? delta(local, prevOf(prev, local), 'packetsSent') : 0;
    return {
      lost: Math.max(0, num(remote.packetsLost)),
      rate: lost > 0 && sent > 0 ? Math.min(1, lost / sent) : 0,
      rtt: 1000 * num(remote.roundTripTime),
      jitter: num(remote.jitter),
    };
  };
  const rv = lossFromRemote(p.remoteVideo, p.video);
  const ra = lossFromRemote(p.remoteAudio, p.audio);
  v.videoPacketsLost = rv.lost;
  v.videoPacketsLostRate = rv.rate;
  a.audioPacketsLost = ra.lost;
  a.audioPacketsLostRate = ra.rate;
  if (p.pair) {
    stats.totalRoundTripTime = num(p.pair.totalRoundTripTime);
    stats.currentRoundTripTime = num(p.pair.currentRoundTripTime);
  }
  v.videoQuality = broken(options) ? 4 : prevOf(prev, p.video) ? qualityGrade(rv.rtt, videoRetransmitRatio, rv.jitter) : 0;
  a.audioQuality = broken(options) ? 4 : prevOf(prev, p.audio) ? qualityGrade(ra.rtt, audioRetransmitRatio, ra.jitter) : 0;
  return stats;
}

// ------------------------------------------------------------------------------------------------ play

export function emptyPlayStats(): LocalPlayStats {
  const video: ZegoPlayVideoStats = {
    frameHeight: 0,
    frameWidth: 0,
    googCodecName: '',
    muteState: '0',
    videoBitrate: 0,
    videoFPS: 0,
    videoRenderFPS: -1,
    videoPacketsLost: 0,
    videoPacketsLostRate: 0,
    videoTransferFPS: 0,
    videoQuality: 0,
    videoFramesDecoded: 0,
    videoFramesDropped: 0,
    videoCumulativeDecodeTime: 0,
    videoCumulativeBreakTime: 0,
    videoCumulativeBreakRate: 0,
  };
  const audio: ZegoPlayAudioStats = {
    audioBitrate: 0,
    audioCodec: '',
    audioJitter: 0,
    audioLevel: 0,
    audioPacketsLost: 0,
    audioPacketsLostRate: 0,
    audioQuality: 0,
    audioSamplingRate: 0,
    muteState: '0',
    audioFPS: 0,
    audioSendLevel: 0,
    googCodecName: '',
    audioCumulativeDecodeTime: 0,
    audioCumulativeBreakTime: 0,
    audioCumulativeBreakRate: 0,
  };
  return {
    video,
    audio,
    peerToPeerDelay: 0,
    peerToPeerPacketLostRate: 0,
    nackCount: 0,
    pliCount: 0,
    totalRoundTripTime: 0,
    currentRoundTripTime: 0,
    sampleTimeWindow: 0,
  };
}

/** Average jitter-buffer delay of the interval, ms (how long received media waited before playout). */
function bufferDelayMs(now: Stat, prev: Stat | undefined): number {
  const emitted = delta(now, prev, 'jitterBufferEmittedCount');
  return emitted > 0 ? (1000 * delta(now, prev, 'jitterBufferDelay')) / emitted : 0;
}

/**
 * Play stats of one receiving connection.
 *
 * Cumulative decode/break times (the SDK measures stalls itself) come from WebRTC's own counters: video plays
 * for `totalInterFrameDelay` of which `totalFreezesDuration` was frozen; audio plays for `totalSamplesDuration` of
 * which the non-silent concealed samples were invented by the decoder. `peerToPeerDelay` is RTT/2 plus the
 * jitter-buffer delay (the mesh path is direct), `peerToPeerPacketLostRate` the worse loss rate of the interval.
 */
export function toPlayStats(
  report: RTCStatsReport | undefined,
  prev: RTCStatsReport | undefined,
  options?: PlayStatsOptions,
): LocalPlayStats {
  const stats = emptyPlayStats();
  const v = stats.video;
  const a = stats.audio;
  v.muteState = options?.videoMuted ? '1' : '0';
  a.muteState = options?.audioMuted ? '1' : '0';
  v.videoRenderFPS = options?.renderFPS ?? -1;
  if (!report) return stats;
  const p = pick(report, 'inbound-rtp');
  let rttMs = 0;
  if (p.pair) {
    stats.totalRoundTripTime = num(p.pair.totalRoundTripTime);
    stats.currentRoundTripTime = num(p.pair.currentRoundTripTime);
    rttMs = 1000 * stats.currentRoundTripTime;
  }
  let videoLoss = 0;
  let audioLoss = 0;
  let bufferMs = 0;
  const videoBefore = prevOf(prev, p.video);
  const audioBefore = prevOf(prev, p.audio);
  const timed = videoBefore ? p.video : audioBefore ? p.audio : undefined;
  const timedBefore = videoBefore ?? audioBefore;
  if (timed && timedBefore) stats.sampleTimeWindow = timed.timestamp - timedBefore.timestamp;

  if (p.video) {
    const before = videoBefore;
    v.googCodecName = codecOf(report, p.video).name;
    v.videoBitrate = bitrate(p.video, before, 'bytesReceived');
    // the SDK's first sample shows the browser's own figure rather than 0
    v.videoFPS = before ? rate(p.video, before, 'framesDecoded') : num(p.video.framesPerSecond);
    v.videoTransferFPS = rate(p.video, before, 'framesReceived');
    v.videoFramesDropped = delta(p.video, before, 'framesDropped');
    // what the decoder handed to rendering: decoded frames of the interval less the dropped ones (the page's own
    // drawing is beyond what WebRTC can see)
    if (options?.renderFPS === undefined) {
      const seconds = before ? (p.video.timestamp - before.timestamp) / 1000 : 0;
      v.videoRenderFPS = Math.max(0, v.videoFPS - (seconds > 0 ? v.videoFramesDropped / seconds : 0));
    }
    v.videoFramesDecoded = num(p.video.framesDecoded);
    v.frameWidth = num(p.video.frameWidth);
    v.frameHeight = num(p.video.frameHeight);
    v.videoPacketsLost = Math.max(0, num(p.video.packetsLost));
    videoLoss = receiveLoss(p.video, before);
    v.videoPacketsLostRate = videoLoss;
    const freezes = num(p.video.totalFreezesDuration);
    v.videoCumulativeBreakTime = 1000 * freezes;
    v.videoCumulativeDecodeTime = 1000 * Math.max(0, num(p.video.totalInterFrameDelay) - freezes);
    v.videoCumulativeBreakRate = v.videoCumulativeBreakTime / (v.videoCumulativeDecodeTime + v.videoCumulativeBreakTime || 1);
    stats.nackCount = num(p.video.nackCount);
    stats.pliCount = num(p.video.pliCount);
    if (typeof p.video.decoderImplementation === 'string') stats.codecImplementationName = p.video.decoderImplementation;
    bufferMs = bufferDelayMs(p.video, before);
  }
  if (p.audio) {
    const before = audioBefore;
    const codec = codecOf(report, p.audio);
    a.audioCodec = a.googCodecName = codec.name;
    a.audioSamplingRate = codec.clockRate;
    a.audioBitrate = bitrate(p.audio, before, 'bytesReceived');
    a.audioFPS = rate(p.audio, before, 'packetsReceived');
    a.audioJitter = num(p.audio.jitter);
    a.audioLevel = num(p.audio.audioLevel);
    a.audioSendLevel = num(p.audio.totalAudioEnergy);
    a.audioPacketsLost = Math.max(0, num(p.audio.packetsLost));
    audioLoss = receiveLoss(p.audio, before);
    a.audioPacketsLostRate = audioLoss;
    const total = 1000 * num(p.audio.totalSamplesDuration);
    const concealed = num(p.audio.concealedSamples) - num(p.audio.silentConcealedSamples);
    const breakMs = codec.clockRate > 0 ? Math.min(total, (1000 * Math.max(0, concealed)) / codec.clockRate) : 0;
    a.audioCumulativeBreakTime = breakMs;
    a.audioCumulativeDecodeTime = total - breakMs;
    a.audioCumulativeBreakRate = breakMs / (total || 1);
    bufferMs = Math.max(bufferMs, bufferDelayMs(p.audio, before));
  }
  v.videoQuality = broken(options) ? 4 : videoBefore ? qualityGrade(rttMs, videoLoss, num(p.video?.jitter)) : 0;
  a.audioQuality = broken(options) ? 4 : audioBefore ? qualityGrade(rttMs, audioLoss, num(p.audio?.jitter)) : 0;
  stats.peerToPeerDelay = Math.round(rttMs / 2 + bufferMs);
  stats.peerToPeerPacketLostRate = Math.max(videoLoss, audioLoss);
  return stats;
}
