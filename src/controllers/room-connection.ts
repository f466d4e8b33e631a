import { ContextConsumer } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import { roomContext, type RoomChild, type RoomContext } from '../room/context.js';
import { DeferredTeardown } from './deferred-teardown.js';

export interface RoomConnectionHandlers {
  /**
   * The room's context changed while connected (a new snapshot; or a new room: `previous` has another `api`), or
   * the host connected inside a room (`previous` undefined).
   */
  changed(ctx: RoomContext, previous: RoomContext | undefined): void;
  /** The host entered the document (before `changed` if a room is already known). */
  connect?(): void;
  /** The host left the document for good (see `DeferredTeardown`): release everything. */
  teardown(): void;
}

/**
 * How every descendant of `<zego-room>` hangs on the room: it consumes the room's context (subscribed), registers
 * `child` with the room's API while connected (so the room can take its engine back), and tears down one task
 * after removal unless the element came back, so that moving it in the DOM keeps its streams.
 *
 * The order is fixed here, once for all elements: the context consumer is added to the host before the teardown
 * controller, so on connection the room is known when `connect` runs; `changed` is only called while connected.
 * The owner calls `attach()` last in its constructor: a host that is already connected (a controller made after
 * its chunk loaded) connects at once, and the owner must be whole by then.
 */
export class RoomConnection {
  private current?: RoomContext;
  private readonly lifetime = new DeferredTeardown({ connect: () => this.connect(), disconnect: () => this.disconnect() });
  private attached = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly child: RoomChild,
    private readonly handlers: RoomConnectionHandlers,
  ) {}

  /** Hooks into the host: the consumer first, then the teardown controller. Once. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    new ContextConsumer(this.host, { context: roomContext, subscribe: true, callback: (value) => this.provided(value) });
    this.host.addController(this.lifetime);
  }

  /** The room's context while connected inside a `<zego-room>`. */
  get ctx(): RoomContext | undefined {
    return this.current;
  }

  /** Connected (or moving: removed less than a task ago). */
  get live(): boolean {
    return this.lifetime.live;
  }

  private provided(value: RoomContext): void {
    const previous = this.current;
    this.current = value;
    if (!this.lifetime.live) return;
    if (previous?.api !== value.api) {
      previous?.api.unregister(this.child);
      value.api.register(this.child);
    }
    this.handlers.changed(value, previous);
  }

  private connect(): void {
    this.handlers.connect?.();
    const ctx = this.current;
    if (!ctx) return;
    ctx.api.register(this.child);
    this.handlers.changed(ctx, undefined);
  }

  private disconnect(): void {
    this.current?.api.unregister(this.child);
    this.handlers.teardown();
    this.current = undefined;
  }
}
