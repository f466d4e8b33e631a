import { toZegoError } from '../shared/codes.js';

export interface RemoteAudioEvents {
  /** Which streams are blocked changed (the "Enable audio" button shows while any is). */
  changed(): void;
  /** The browser refused to start these streams' audio (one call for the refusals of one turn). */
  refused(streamIDs: readonly string[]): void;
  /** The speaker could not be used. */
  sinkFailed(message: string): void;
}

interface Sound {
  readonly audio: HTMLAudioElement;
  /** Ends the element's pending play(): a late outcome is moot. */
  readonly abort: AbortController;
}

/**
 * The sound of `<zego-remote-videos>`: one `<audio>` per played stream (in its tile, without controls, so it can be
 * inspected and goes with it), muted together, routed together to one speaker with `setSinkId`, and the autoplay
 * policy's refusals seen where they happen (`play()` rejecting NotAllowedError) and retried from a user gesture.
 */
export class RemoteAudio {
  /** Streams whose audio waits for a user gesture. */
  readonly blocked = new Set<string>();
  private readonly sounds = new Map<string, Sound>();
  private noticePending = false;

  constructor(private readonly events: RemoteAudioEvents) {}

  /** Plays `media`'s audio in an `<audio>` appended to `container`. */
  start(streamID: string, media: MediaStream, container: HTMLElement, muted: boolean, speakerId: string): void {
    this.stop(streamID);
    const audio = document.createElement('audio');
    audio.muted = muted;
    audio.srcObject = media;
    container.append(audio);
    const sound = { audio, abort: new AbortController() };
    this.sounds.set(streamID, sound);
    this.applySink(audio, speakerId);
    void this.play(streamID, sound);
  }

  stop(streamID: string): void {
    const sound = this.sounds.get(streamID);
    if (sound) {
      this.sounds.delete(streamID);
      sound.abort.abort();
      sound.audio.pause();
      sound.audio.srcObject = null;
      sound.audio.remove();
    }
    if (this.blocked.delete(streamID) && !this.blocked.size) this.noticePending = false;
  }

  stopAll(): void {
    for (const id of [...this.sounds.keys()]) this.stop(id);
    this.blocked.clear();
    this.noticePending = false;
  }

  /** `muted` and the speaker for every stream; unmuting starts what was paused. */
  apply(muted: boolean, speakerId: string): void {
    // refusals of muted streams were not announced (nothing to hear): the replays below announce theirs
    if (!muted && [...this.sounds.values()].some((s) => s.audio.muted)) this.noticePending = false;
    for (const [streamID, sound] of this.sounds) {
      const { audio } = sound;
      const wasMuted = audio.muted;
      audio.muted = muted;
      if (wasMuted && !muted && audio.paused) void this.play(streamID, sound);
      this.applySink(audio, speakerId);
    }
  }

  /** Retries every refused stream (from a click or key handler). Resolves when every retry settled. */
  async resume(): Promise<void> {
    const retry = [...this.blocked].flatMap((id) => {
      const sound = this.sounds.get(id);
      return sound ? [[id, sound] as const] : [];
    });
    this.blocked.clear();
    this.noticePending = false;
    this.events.changed();
    await Promise.all(retry.map(([id, sound]) => this.play(id, sound)));
  }

  private play(streamID: string, sound: Sound): Promise<void> {
    const signal = sound.abort.signal;
    return sound.audio.play().then(
      () => {
        if (signal.aborted || !this.blocked.delete(streamID)) return;
        this.events.changed();
      },
      (err: unknown) => {
        // AbortError: a newer load or the teardown interrupted this play(), not a refusal.
        if (signal.aborted || (err as DOMException)?.name !== 'NotAllowedError') return;
        this.refused(streamID);
      },
    );
  }

  private refused(streamID: string): void {
    this.blocked.add(streamID);
    this.events.changed();
    if (this.noticePending) return;
    this.noticePending = true;
    // Refusals of streams started together arrive in the same turn: one notice lists them all.
    queueMicrotask(() => {
      if (this.blocked.size) this.events.refused(Object.freeze([...this.blocked]));
    });
  }

  private applySink(audio: HTMLAudioElement, speakerId: string): void {
    const media = audio as HTMLAudioElement & { sinkId?: string; setSinkId?: (id: string) => Promise<void> };
    if (typeof media.setSinkId !== 'function' || media.sinkId === speakerId) return;
    media.setSinkId(speakerId).catch((err: unknown) => {
      this.events.sinkFailed(`speaker "${speakerId}" is not available: ${toZegoError(err, 0).message}`);
    });
  }
}
