import type { ZegoSnapshotOptions, ZegoStreamViewOptions } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { StreamViewEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoStreamView.web';
import { AudioPlayer, FrameGrabber, MediaEmitter, resolveContainer, setSink, toVolume, VideoPlayer } from './media-element.js';

/**
 * The local engine's `ZegoStreamView` (what `createRemoteStreamView` returns): plays a remote stream with the
 * SDK's markup, a muted `<video>` in the container and the audio through a detached `<audio>`.
 *
 * The SDK shows its own dialog when autoplay is refused (`enableAutoplayDialog`, default true). This one never
 * draws UI: it emits `autoplayFailed` once per refusal and `resume()`, called from a user gesture, retries.
 *
 * `stop()` releases both elements, their listeners and the snapshot canvas; the stream's tracks belong to the
 * engine (they end with `stopPlayingStream`).
 */
export class ZegoStreamView {
  private readonly events = new MediaEmitter<StreamViewEvent>();
  private readonly grabber = new FrameGrabber();
  private videoPlayer: VideoPlayer | null = null;
  private audioPlayer: AudioPlayer | null = null;
  /** Survive stop()/play() like the SDK's view state. */
  private audioMuted = false;
  private videoMuted = false;
  private volume = 100;
  private sinkId = '';
  private mirror = false;
  private objectFit: NonNullable<ZegoStreamViewOptions['objectFit']> = 'contain';
  /** Last known picture size: the SDK keeps answering it after stop(). */
  private width = 0;
  private height = 0;
  /** Elements the autoplay policy refused; resume() retries exactly these. */
  private readonly blocked = new Set<VideoPlayer | AudioPlayer>();

  constructor(private readonly stream: MediaStream) {}

  /** @internal The stream it plays (range audio positions a view's sound). */
  get _stream(): MediaStream {
    return this.stream;
  }

  /** Plays video and audio; a second call moves the view to the new container. Throws for an unknown container ID. */
  play(container: string | HTMLElement, options?: ZegoStreamViewOptions): void {
    const el = resolveContainer(container, 'play');
    this.playVideo(el, options);
    this.playAudio(options);
  }

  stop(): void {
    this.stopVideo();
    this.stopAudio();
    this.grabber.release();
  }

  playVideo(container: string | HTMLElement, options?: ZegoStreamViewOptions): void {
    const el = resolveContainer(container, 'playVideo');
    if (options?.mirror !== undefined) this.mirror = !!options.mirror;
    if (options?.objectFit) this.objectFit = options.objectFit;
    const playerOptions = { mirror: this.mirror, objectFit: this.objectFit };
    if (this.videoPlayer?.wrapper.parentElement === el) {
      this.videoPlayer.setOptions(playerOptions);
      return;
    }
    this.stopVideo();
    const player: VideoPlayer = new VideoPlayer(
      this.stream,
      playerOptions,
      () => {
        this.width = player.video.videoWidth;
        this.height = player.video.videoHeight;
        this.events.emit('canPlayVideo');
      },
      () => this.refused(player),
    );
    this.videoPlayer = player;
    player.mount(el);
    if (this.videoMuted) player.setHidden(true);
  }

  stopVideo(): void {
    if (!this.videoPlayer) return;
    this.rememberSize();
    this.blocked.delete(this.videoPlayer);
    this.videoPlayer.destroy();
    this.videoPlayer = null;
  }

  playAudio(options?: ZegoStreamViewOptions): void {
    if (options?.muted !== undefined) this.audioMuted = !!options.muted;
    if (this.audioPlayer) {
      this.audioPlayer.audio.muted = this.audioMuted;
      return;
    }
    const player: AudioPlayer = new AudioPlayer(
      this.stream,
      { muted: this.audioMuted, volume: this.volume, sinkId: this.sinkId },
      () => this.events.emit('canPlayAudio'),
      () => this.refused(player),
    );
    this.audioPlayer = player;
    void player.play();
  }

  stopAudio(): void {
    if (!this.audioPlayer) return;
    this.blocked.delete(this.audioPlayer);
    this.audioPlayer.destroy();
    this.audioPlayer = null;
  }

  /** Retries what the autoplay policy refused; call it from a click or key handler. */
  resume(): void {
    for (const player of [...this.blocked]) {
      this.blocked.delete(player);
      void player.play();
    }
  }

  /** Silences playback only; what is received is unchanged (that is `mutePlayStreamAudio`). */
  setAudioMuted(muted: boolean): boolean {
    this.audioMuted = !!muted;
    if (this.audioPlayer) this.audioPlayer.audio.muted = this.audioMuted;
    return true;
  }

  /** Hides the picture (the SDK takes the `<video>` out of its wrapper) without stopping reception. */
  setVideoMuted(muted: boolean): boolean {
    this.videoMuted = !!muted;
    if (this.videoPlayer && muted) this.rememberSize();
    this.videoPlayer?.setHidden(this.videoMuted);
    return true;
  }

  /** Playback volume 0..100 (clamped). */
  setVolume(volume: number): boolean {
    const v = toVolume(volume);
    if (v === null) return false;
    this.volume = v;
    if (this.audioPlayer) this.audioPlayer.audio.volume = v / 100;
    return true;
  }

  /** Routes the audio to a speaker (`setSinkId`; a no-op where the browser has none, e.g. Safari). */
  async useAudioOutputDevice(deviceID: string): Promise<void> {
    this.sinkId = deviceID;
    if (this.audioPlayer) await setSink(this.audioPlayer.audio, deviceID);
  }

  getVideoWidth(): number {
    this.rememberSize();
    return this.width;
  }

  getVideoHeight(): number {
    this.rememberSize();
    return this.height;
  }

  /** Data URL of the shown frame; 'data:,' (an empty image, as the SDK) when no frame is shown. */
  takeStreamSnapshot(option?: ZegoSnapshotOptions): string {
    const video = this.videoPlayer && !this.videoMuted ? this.videoPlayer.video : null;
    return this.grabber.grab(video, option, 'data:,');
  }

  on<K extends keyof StreamViewEvent>(event: K, callback: StreamViewEvent[K]): boolean {
    return this.events.on(event, callback);
  }

  off<K extends keyof StreamViewEvent>(event: K, callback?: StreamViewEvent[K]): boolean {
    return this.events.off(event, callback);
  }

  /** @internal The engine's teardown (`destroyEngine`): stop() plus the page's listeners. */
  _destroy(): void {
    this.stop();
    this.events.clear();
  }

  private rememberSize(): void {
    const v = this.videoPlayer?.video;
    if (v?.videoWidth) {
      this.width = v.videoWidth;
      this.height = v.videoHeight;
    }
  }

  /** One `autoplayFailed` per refusal burst: video and audio refused together are one event for the page. */
  private refused(player: VideoPlayer | AudioPlayer): void {
    const first = this.blocked.size === 0;
    this.blocked.add(player);
    if (first) this.events.emit('autoplayFailed');
  }
}
