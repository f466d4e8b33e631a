import type { ReactiveController } from 'lit';

export interface TeardownHandlers {
  /** The host entered the document (not called again when it only moved). */
  connect(): void;
  /** The host left the document and did not come back within the same task. */
  disconnect(): void;
}

/**
 * Lets an element move in the DOM without ending its call. Moving a connected element (`append` elsewhere, a
 * framework re-ordering a list) disconnects and reconnects it synchronously; tearing down on the disconnect would
 * stop every stream and renegotiate it a moment later. So `disconnect` runs one task after the host left, and only
 * if it did not come back meanwhile; `connect` runs when it enters the document for real.
 *
 * Its owner adds it to the host (`host.addController`) once the owner is fully built: a host that is already
 * connected calls `connect` at once.
 */
export class DeferredTeardown implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;
  private connected = false;

  constructor(private readonly handlers: TeardownHandlers) {}

  /** Connected, or removed less than a task ago (it may be moving). */
  get live(): boolean {
    return this.connected;
  }

  hostConnected(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    this.connected = true;
    this.handlers.connect();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connected = false;
      this.handlers.disconnect();
    });
  }
}
