/**
 * The one AudioContext of an engine's local-media audio (capture processing, mixing, effects, frame callbacks).
 *
 * One per engine rather than one per stream: `createMediaElementSource` can be called once per element for the
 * element's whole life, in one context only, so an element mixed into two streams (or given a live audio effect and
 * mixed) must live in the context every stream's graph lives in. One context also means one audio thread and one
 * output device stream instead of one per local stream.
 *
 * Created on the first `acquire()`, closed when the last holder releases it (or by `dispose()`), so an engine whose
 * page never uses these features never creates one. A context made without a user gesture starts 'suspended' and
 * produces silence; as `SoundLevelMeter` does, the hub asks it to resume at once and again on the page's next
 * pointerdown/keydown.
 */
export class AudioHub {
  private ctx: AudioContext | null = null;
  private readonly holders = new Set<object>();
  /** Worklet modules added to the current context, by name. */
  private modules = new Map<string, Promise<boolean>>();
  /** Listeners waiting for a user gesture to resume the context. */
  private gesture: AbortController | null = null;
  private disposed = false;

  /** The live context, or null while nothing holds one (or after `dispose()`). */
  get context(): AudioContext | null {
    return this.ctx;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The context, created on first use; `holder` keeps it open until `release(holder)`. Null after `dispose()`. */
  acquire(holder: object): AudioContext | null {
    if (this.disposed) return null;
    this.holders.add(holder);
    if (!this.ctx) {
      try {
        this.ctx = new AudioContext();
      } catch {
        // no Web Audio (or too many contexts): the caller reports the feature as unavailable
        this.holders.delete(holder);
        return null;
      }
      this.modules = new Map();
      this.wake(this.ctx);
    }
    return this.ctx;
  }

  /** `holder` no longer needs the context; the last one out closes it. */
  release(holder: object): void {
    if (!this.holders.delete(holder) || this.holders.size) return;
    this.close();
  }

  /**
   * Adds an AudioWorklet module (the source text, loaded through a Blob URL) to the current context once.
   * Resolves false where worklets are unavailable: insecure contexts (a LAN demo over http) have no
   * `audioWorklet`, and a CSP may refuse blob: modules. Callers then fall back to a ScriptProcessorNode.
   */
  worklet(ctx: AudioContext, name: string, source: string): Promise<boolean> {
    if (ctx !== this.ctx || !ctx.audioWorklet) return Promise.resolve(false);
    let loading = this.modules.get(name);
    if (!loading) {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      loading = ctx.audioWorklet.addModule(url).then(
        () => true,
        () => false,
      );
      void loading.finally(() => URL.revokeObjectURL(url));
      this.modules.set(name, loading);
    }
    return loading;
  }

  /** Closes the context whoever holds it (`destroyEngine`). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.holders.clear();
    this.close();
  }

  private close(): void {
    this.gesture?.abort();
    this.gesture = null;
    const ctx = this.ctx;
    this.ctx = null;
    this.modules = new Map();
    if (ctx && ctx.state !== 'closed') void ctx.close().catch(() => {});
  }

  /** Resumes now if the autoplay policy allows, else on the next user gesture anywhere on the page. */
  private wake(ctx: AudioContext): void {
    if (ctx.state !== 'suspended') return;
    void ctx.resume().catch(() => {});
    const gesture = new AbortController();
    this.gesture = gesture;
    const resume = () => {
      if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    };
    ctx.addEventListener(
      'statechange',
      () => {
        if (ctx.state === 'running' || ctx.state === 'closed') {
          gesture.abort();
          if (this.gesture === gesture) this.gesture = null;
        }
      },
      { signal: gesture.signal },
    );
    window.addEventListener('pointerdown', resume, { capture: true, signal: gesture.signal });
    window.addEventListener('keydown', resume, { capture: true, signal: gesture.signal });
  }
}
