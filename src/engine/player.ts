import type { ZegoPlayerState, ZegoPlayStats, ZegoWebPlayOption } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code, type Failure } from '../shared/codes.js';
import type { PlayPrefs, SignalData, WireStream } from '../shared/protocol.js';
import { withStereoOpus } from './audio/engine-audio.js';
import { DataKind, openDataChannel, readData } from './data-channel.js';
import type { Emit, EngineOptions } from './options.js';
import { connected, filterCandidates } from './peer.js';
import type { RoomSession } from './session.js';
import type { LevelTaps } from './sound-level.js';
import { toPlayStats } from './stats.js';
import { randomId } from './secure-context.js';
import { Trickle } from './trickle.js';

interface Play {
  streamID: string;
  options: ZegoWebPlayOption;
  /** The one MediaStream the page keeps: each new connection's tracks move into it. */
  stream: MediaStream;
  state: 'PLAY_REQUESTING' | 'PLAYING';
  attempt: number;
  /** The room the current attempt goes through (the one that lists the stream). */
  session?: RoomSession;
  pc?: RTCPeerConnection;
  /** The current connection's candidates both ways, and what stops the session routing the publisher's here. */
  trickle?: { trickle: Trickle; unroute(): void };
  playID?: string;
  retryTimer?: ReturnType<typeof setTimeout>;
  failingSince?: number;
  stats?: RTCStatsReport;
  quality: ZegoPlayStats | null;
  /** The video layer asked for (`setPlayStreamVideoType`, `streamType`): 'high' or 'low'. */
  layer: 'high' | 'low';
  /** `mutePlayStreamVideo` / `mutePlayStreamAudio`: stop receiving that kind. */
  videoOff: boolean;
  audioOff: boolean;
  /** A data-only play (a real-time sequential data subscription): no events of the player's. */
  quiet: boolean;
  /** The promise of `startPlayingStream`, until the first connection succeeds or the play ends. */
  first?: { resolve(s: MediaStream): void; reject(f: unknown): void };
}

export interface PlayerDeps {
  opts: EngineOptions;
  emit: Emit;
  levels: LevelTaps;
  /** A stream of a joined room as the core last described it; undefined while no room lists it. */
  stream(streamID: string): WireStream | undefined;
  /** The room to ask for a stream: the one listing it, else the first room joined; undefined when none. */
  sessionFor(streamID: string): RoomSession | undefined;
  /** Real-time sequential data arrived on a played (or subscribed) stream. */
  sequential(streamID: string, data: ArrayBuffer): void;
}

/** A play as the sound-level report reads it. */
export interface PlayedStream {
  readonly streamID: string;
  readonly stream: MediaStream;
}

/** The rejection of `startPlayingStream`: the SDK's four fields. */
const playFailure = (code: number, message: string) => ({ code, message, errorCode: code, extendedData: message });

/**
 * The playing side: each played stream, its receive-only RTCPeerConnection to the publisher (the player offers,
 * the publisher answers, candidates trickled both ways, see trickle.ts) with a data channel beside it (SEI, sequential data), the MediaStream the page
 * keeps across reconnections, retries with back-off while the stream exists (waiting while it is gone), what this
 * player wants of the publisher (video layer, kinds switched off, all without renegotiation), and
 * `playQualityUpdate`.
 */
export class Player {
  private readonly plays = new Map<string, Play>();
  /** playID -> the publisher's session, for the signals this side sends. */
  private readonly publishers = new Map<string, string>();
  /** Offers waiting for the publisher's answer: playID -> their settlement. */
  private readonly answers = new Map<string, { resolve(sdp: string): void; reject(f: Failure): void }>();
  /** `muteAllPlayVideoStreams` / `muteAllPlayAudioStreams`: every play, present and future. */
  private allVideoOff = false;
  private allAudioOff = false;

  constructor(private readonly deps: PlayerDeps) {}

  /** Whether `stream` was returned by `startPlayingStream` and is still played. */
  owns(stream: MediaStream): boolean {
    return [...this.plays.values()].some((p) => p.stream === stream);
  }

  playing(streamID: string): boolean {
    const play = this.plays.get(streamID);
    return !!play && !play.quiet;
  }

  /** The MediaStream of a played stream (for audio frame callbacks). */
  mediaOf(streamID: string): MediaStream | undefined {
    const play = this.plays.get(streamID);
    return play && !play.quiet ? play.stream : undefined;
  }

  list(): PlayedStream[] {
    return [...this.plays.values()].filter((p) => !p.quiet).map((p) => ({ streamID: p.streamID, stream: p.stream }));
  }

  /** `startPlayingStream` after its checks; `quiet` for a data-only subscription. */
  start(streamID: string, playOption?: ZegoWebPlayOption, quiet = false): Promise<MediaStream> {
    const existing = this.plays.get(streamID);
    if (existing) return Promise.reject(playFailure(Code.REPEATED_PLAY, 'repeated pull same stream'));
    const play: Play = {
      streamID,
      options: quiet ? { video: false, audio: false } : { video: playOption?.video !== false, audio: playOption?.audio !== false },
      stream: new MediaStream(),
      state: 'PLAY_REQUESTING',
      attempt: 0,
      quality: null,
      layer: playOption?.streamType === 0 ? 'low' : 'high',
      videoOff: false,
      audioOff: false,
      quiet,
    };
    this.plays.set(streamID, play);
    if (!quiet) this.deps.levels.add(`pull:${streamID}`, play.stream);
    this.emitState(play, 'PLAY_REQUESTING', 0);
    return new Promise((resolve, reject) => {
      play.first = { resolve, reject };
      void this.connect(play);
    });
  }

  stop(streamID: string): void {
    const play = this.plays.get(streamID);
    if (!play) return;
    this.close(play, 0);
    this.emitState(play, 'NO_PLAY', 0);
  }

  /** Stops a data-only subscription (a media play of the same stream is left alone). */
  stopQuiet(streamID: string): void {
    if (this.plays.get(streamID)?.quiet) this.stop(streamID);
  }

  /** A room's session ended: plays going through it close (NO_PLAY with `code` when the room saw them). */
  closeAll(session: RoomSession, code: number, report: boolean, lastRoom: boolean): void {
    for (const play of [...this.plays.values()]) {
      if (play.session !== session && !(lastRoom && !play.session)) continue;
      this.close(play, code);
      if (report) this.emitState(play, 'NO_PLAY', code);
    }
    if (lastRoom) {
      for (const [, a] of this.answers) a.reject({ code, message: 'session ended' });
      this.answers.clear();
      this.publishers.clear();
    }
  }

  /** `getPlayingStreamQuality`: the last report of a played stream, null before the first. */
  quality(streamID: string): ZegoPlayStats | null {
    return this.plays.get(streamID)?.quality ?? null;
  }

  // ---------------------------------------------------------------------------------------------- preferences

  /** `setPlayStreamVideoType`: 0 low, 1 high, 2 auto (here: high; the local engine does not adapt by itself). */
  setLayer(streamID: string, type: number): boolean {
    const play = this.plays.get(streamID);
    if (!play || play.quiet || ![0, 1, 2].includes(type)) return false;
    play.layer = type === 0 ? 'low' : 'high';
    this.sendPrefs(play);
    return true;
  }

  /** `mutePlayStreamVideo` / `mutePlayStreamAudio`: the publisher stops sending that kind to this player. */
  mute(streamID: string, kind: 'audio' | 'video', mute: boolean): boolean {
    const play = this.plays.get(streamID);
    if (!play || play.quiet) return false;
    if (kind === 'video') play.videoOff = mute;
    else play.audioOff = mute;
    this.sendPrefs(play);
    return true;
  }

  /** `muteAllPlayVideoStreams` / `muteAllPlayAudioStreams`. */
  muteAll(kind: 'audio' | 'video', mute: boolean): void {
    if (kind === 'video') this.allVideoOff = mute;
    else this.allAudioOff = mute;
    for (const play of this.plays.values()) this.sendPrefs(play);
  }

  private prefsOf(play: Play): PlayPrefs {
    return {
      video: play.videoOff || this.allVideoOff ? 'off' : play.layer,
      audio: !(play.audioOff || this.allAudioOff),
    };
  }

  private sendPrefs(play: Play): void {
    const to = play.playID === undefined ? undefined : this.publishers.get(play.playID);
    if (to === undefined || !play.session) return;
    play.session.signal(to, { kind: 'prefs', playID: play.playID!, streamID: play.streamID, prefs: this.prefsOf(play) });
  }

  // ---------------------------------------------------------------------------------------------- the room

  /** Streams appeared in a room: plays waiting for them connect. */
  streamsAdded(streamIDs: string[]): void {
    for (const id of streamIDs) {
      const play = this.plays.get(id);
      if (play && !play.pc) void this.connect(play);
    }
  }

  /** Streams left a room: their plays wait for them to come back. */
  streamsDeleted(streamIDs: string[]): void {
    for (const id of streamIDs) {
      const play = this.plays.get(id);
      if (play && !play.quiet) this.retry(play, Code.PLAY_STREAM_NOT_FOUND);
    }
  }

  /** Back after a lost link: plays of that room that were cut off and whose stream is still there connect again. */
  resume(session: RoomSession): void {
    for (const play of this.plays.values()) {
      if (play.session !== session && play.session) continue;
      if (play.state !== 'PLAYING' && !play.pc && (play.quiet || this.deps.stream(play.streamID))) void this.connect(play);
    }
  }

  // ---------------------------------------------------------------------------------------------- signals

  onAnswer(playID: string, sdp: string): void {
    this.answers.get(playID)?.resolve(sdp);
  }

  /** The publisher ended our play connection (or refused the offer): retry while the stream exists. */
  onClose(data: Extract<SignalData, { kind: 'close' }>): void {
    this.answers.get(data.playID)?.reject({ code: data.code || Code.PLAY_STREAM_NOT_FOUND, message: 'publisher refused' });
    const play = this.plays.get(data.streamID);
    if (play && play.playID === data.playID) {
      this.publishers.delete(data.playID);
      this.retry(play, Code.PLAY_STREAM_NOT_FOUND);
    }
  }

  // ---------------------------------------------------------------------------------------------- connecting

  /** One attempt to reach the publisher; failures retry while the stream exists and the retry time lasts. */
  private async connect(play: Play): Promise<void> {
    const { opts } = this.deps;
    const attempt = ++play.attempt;
    const current = () => this.plays.get(play.streamID) === play && play.attempt === attempt;
    this.hangUp(play);
    const session = this.deps.sessionFor(play.streamID);
    play.session = session;
    if (!session) {
      this.retry(play, Code.NOT_LOGIN);
      return;
    }
    // The offer rides on the play request: the core relays it to the publisher as it looks the stream up.
    const { streamID } = play;
    const playID = randomId();
    const pc = new RTCPeerConnection(opts.rtcConfiguration);
    play.pc = pc;
    play.playID = playID;
    let publisher = '';
    // candidates gathered before the offer is out (and the core named the publisher) wait inside the Trickle
    const trickle = new Trickle(pc, opts.loopbackOnly, (candidate) =>
      session.signal(publisher, { kind: 'candidate', role: 'player', playID, streamID, candidate }),
    );
    // only the publisher the offer went to may add candidates to it
    const unroute = session.routeCandidates('player', playID, (sender, candidate) => {
      if (publisher && sender === publisher) trickle.remote(candidate);
    });
    play.trickle = { trickle, unroute };
    if (play.options.audio !== false) pc.addTransceiver('audio', { direction: 'recvonly' });
    if (play.options.video !== false) pc.addTransceiver('video', { direction: 'recvonly' });
    this.listen(play, openDataChannel(pc));
    let answered: Promise<string>;
    try {
      // stereo Opus must be in both descriptions for a stereo stream to arrive in stereo: the publisher of a mono
      // stream takes it back out (src/engine/audio/engine-audio.ts measured why)
      const offer = await pc.createOffer();
      await pc.setLocalDescription({ type: 'offer', sdp: withStereoOpus(offer.sdp ?? '') });
      if (!current()) return;
      // waiting before the request goes: the answer may come right behind its `ok`
      answered = this.awaitAnswer(playID, opts.negotiationTimeoutMs);
      answered.catch(() => {}); // awaited below; settled at once when the request fails
      // at once (trickle ICE): the candidates follow, the offer does not wait for gathering
      const sdp = filterCandidates(pc.localDescription!.sdp, opts.loopbackOnly);
      // `once`: a request re-sent after a lost link would hand the publisher the same offer twice
      const data = await session.request(
        { t: 'play', streamID, offer: { kind: 'offer', playID, streamID, sdp, prefs: this.prefsOf(play) } },
        true,
      );
      publisher = String(data.publisher);
    } catch (f) {
      this.answers.get(playID)?.reject(f as Failure);
      if (!current()) return;
      const failure = f as Failure;
      if (failure.code === Code.PLAY_STREAM_NOT_FOUND && play.first) {
        this.close(play, failure.code);
        this.emitState(play, 'NO_PLAY', failure.code, failure.message);
        return;
      }
      this.retry(play, failure.code ?? Code.PLAY_NEGOTIATION_TIMEOUT);
      return;
    }
    if (!current()) {
      // stopped while the core relayed our offer: the publisher's side of it must not wait for us
      session.signal(publisher, { kind: 'close', playID, streamID, code: 0 });
      return;
    }
    this.publishers.set(playID, publisher);
    trickle.described();
    try {
      const answer = await answered;
      if (!current()) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      trickle.ready();
      this.adoptTracks(play, pc);
      await connected(pc, opts.negotiationTimeoutMs);
    } catch (e) {
      if (!current()) return;
      this.retry(play, (e as Failure)?.code ?? Code.PLAY_NEGOTIATION_TIMEOUT);
      return;
    }
    if (!current()) return;
    play.failingSince = undefined;
    pc.addEventListener('connectionstatechange', () => {
      if (play.pc !== pc) return;
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.retry(play, Code.PLAY_ICE_ERROR);
    });
    play.state = 'PLAYING';
    this.emitState(play, 'PLAYING', 0);
    const info = this.deps.stream(play.streamID);
    if (info && !play.quiet) {
      this.deps.emit('remoteCameraStatusUpdate', play.streamID, info.video);
      this.deps.emit('remoteMicStatusUpdate', play.streamID, info.audio);
    }
    play.first?.resolve(play.stream);
    play.first = undefined;
  }

  /** SEI and sequential data from the publisher, for as long as this connection is the play's. */
  private listen(play: Play, channel: RTCDataChannel): void {
    channel.onmessage = (e) => {
      if (this.plays.get(play.streamID) !== play) return;
      const message = readData(e.data);
      if (!message) return;
      if (message.kind === DataKind.SEI && !play.quiet) this.deps.emit('playerRecvSEI', play.streamID, message.payload.slice());
      else if (message.kind === DataKind.SEQUENTIAL) this.deps.sequential(play.streamID, message.payload.slice().buffer);
    };
  }

  /** Moves the new connection's receiver tracks into the player's one MediaStream, which the page keeps. */
  private adoptTracks(play: Play, pc: RTCPeerConnection): void {
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
        this.deps.emit(track.kind === 'video' ? 'playerVideoTrackUpdate' : 'playerAudioTrackUpdate', play.streamID, track);
      }
    }
    if (play.stream.getAudioTracks().length && !play.quiet) {
      // a meter built for the old track would read silence: measure the stream again
      this.deps.levels.remove(`pull:${play.streamID}`);
      this.deps.levels.add(`pull:${play.streamID}`, play.stream);
    }
  }

  private awaitAnswer(playID: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.answers.delete(playID);
      };
      const timer = setTimeout(() => {
        this.answers.delete(playID);
        reject({ code: Code.PLAY_NEGOTIATION_TIMEOUT, message: 'negotiation timeout' });
      }, timeoutMs);
      this.answers.set(playID, {
        resolve: (sdp) => {
          settle();
          resolve(sdp);
        },
        reject: (f) => {
          settle();
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
  private retry(play: Play, code: number): void {
    if (this.plays.get(play.streamID) !== play) return;
    this.hangUp(play);
    clearTimeout(play.retryTimer);
    const now = Date.now();
    play.failingSince ??= now;
    if (play.state === 'PLAYING' || code !== Code.PLAY_STREAM_NOT_FOUND) {
      play.state = 'PLAY_REQUESTING';
      this.emitState(play, 'PLAY_REQUESTING', code);
    }
    if (now - play.failingSince > this.deps.opts.playRetryMs) {
      this.close(play, Code.PLAYER_RETRY_TIMEOUT);
      this.emitState(play, 'NO_PLAY', Code.PLAYER_RETRY_TIMEOUT, 'player retry timeout');
      return;
    }
    // resumed by the stream's return (streamsAdded) or by the link's (resume); a data stream is never listed
    const session = this.deps.sessionFor(play.streamID);
    if ((!play.quiet && !this.deps.stream(play.streamID)) || !session?.linkUp) return;
    const delay = Math.min(4000, 250 * 2 ** Math.min(4, play.attempt));
    play.retryTimer = setTimeout(() => void this.connect(play), delay);
  }

  /** Ends the current connection attempt of a play, telling the publisher so its side closes too. */
  private hangUp(play: Play): void {
    play.trickle?.unroute();
    play.trickle?.trickle.dispose();
    play.trickle = undefined;
    play.pc?.close();
    play.pc = undefined;
    const to = play.playID === undefined ? undefined : this.publishers.get(play.playID);
    if (to !== undefined) {
      play.session?.signal(to, { kind: 'close', playID: play.playID!, streamID: play.streamID, code: 0 });
      this.publishers.delete(play.playID!);
    }
    play.playID = undefined;
  }

  private close(play: Play, code: number): void {
    this.plays.delete(play.streamID);
    clearTimeout(play.retryTimer);
    this.hangUp(play);
    for (const t of play.stream.getTracks()) {
      play.stream.removeTrack(t);
      t.stop();
    }
    this.deps.levels.remove(`pull:${play.streamID}`);
    play.first?.reject({ code, message: 'stopped', errorCode: code, extendedData: '' });
    play.first = undefined;
  }

  // ---------------------------------------------------------------------------------------------- quality

  async reportQuality(): Promise<void> {
    for (const play of this.plays.values()) {
      if (play.state !== 'PLAYING' || !play.pc || play.quiet) continue;
      const report = await play.pc.getStats().catch(() => undefined);
      if (!report || !this.plays.has(play.streamID)) continue;
      const stats = toPlayStats(report, play.stats);
      play.stats = report;
      play.quality = stats;
      this.deps.emit('playQualityUpdate', play.streamID, stats);
    }
  }

  private emitState(play: Play, state: ZegoPlayerState['state'], errorCode: number, extendedData = ''): void {
    if (play.quiet) return;
    this.deps.emit('playerStateUpdate', { streamID: play.streamID, state, errorCode, extendedData });
  }
}
