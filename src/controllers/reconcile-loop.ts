/**
 * What a new request does to the step in progress:
 * - `cancel`: the step's signal aborts and the next step starts as soon as it returns (a login to a room nobody
 *   wants any more is abandoned);
 * - `finish`: the step runs to its end, then the loop runs again (a capture is never cut in half).
 */
export type LoopPolicy = 'cancel' | 'finish';

export interface ReconcileLoopOptions {
  policy: LoopPolicy;
  /** One step: compare what is wanted with what exists and close the gap. May be synchronous. */
  step(signal: AbortSignal): void | Promise<void>;
  /** `cancel` only: what a step works towards; a request for the same thing lets the step in progress go on. */
  key?(): string;
  /** Where the first step of a run starts: inside `request()` (default), or a microtask later. */
  start?: 'now' | 'microtask';
  /** A step threw without being aborted. Default: `reportError`. */
  onError?(error: unknown): void;
  /** The loop ran out of requests. */
  onIdle?(): void;
}

/**
 * Runs the latest requested state, one step at a time: `request()` marks the state dirty and the loop runs steps
 * until one completes with nothing requested meanwhile. Requests never pile up: ten requests during a step cost one
 * more step. The three element controllers drive all their async work through one of these.
 */
export class ReconcileLoop {
  private dirty = false;
  private running = false;
  private current?: { controller: AbortController; key: string | undefined };
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ReconcileLoopOptions) {}

  /** Whether a run is in progress (a step running or about to). */
  get busy(): boolean {
    return this.running;
  }

  request(): void {
    const { policy, key } = this.options;
    const step = this.current;
    if (policy === 'cancel' && step) {
      if (!step.controller.signal.aborted && key && step.key === key()) return;
      step.controller.abort();
    }
    this.dirty = true;
    if (this.running) return;
    this.running = true;
    if (this.options.start === 'microtask') queueMicrotask(() => void this.run());
    else void this.run();
  }

  /** From inside a step: whatever happens meanwhile, run once more after this step. */
  again(): void {
    this.dirty = true;
  }

  /** Resolves when the loop has nothing left to do. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const controller = new AbortController();
        this.current = { controller, key: this.options.key?.() };
        try {
          const pending = this.options.step(controller.signal);
          if (pending) await pending;
        } catch (e) {
          if (!controller.signal.aborted) (this.options.onError ?? reportError)(e);
        }
      }
    } finally {
      this.current = undefined;
      this.running = false;
      this.options.onIdle?.();
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
