/** Why the pinned stream changed: the person's click, a presentation starting or ending, the stream leaving. */
export type PinReason = 'user' | 'presenting' | 'gone';

export interface PinChange {
  /** The stream pinned now; null when none is. */
  readonly streamID: string | null;
  readonly reason: PinReason;
}

/**
 * Which stream `<zego-remote-videos>` pins (shows large), from two sources:
 * - the person's (or the page's) own choice, kept until they change it or the stream leaves;
 * - presentations: a stream that starts carrying a screen takes the spotlight, over the person's choice, and
 *   gives it back when it stops (the newest presentation wins when there are several).
 * Pinning or unpinning anything dismisses the presentations going on (the person took over: unpin means back to
 * the grid); a presentation that starts later takes the spotlight again. Pure: no DOM, no timers.
 */
export class PinState {
  private own = '';
  /** Streams presenting now, with the order they started in. */
  private readonly presentations = new Map<string, number>();
  private readonly dismissed = new Set<string>();
  private listed = new Set<string>();
  private started = 0;
  private current = '';

  /** The pinned stream ('' when none). */
  get pinned(): string {
    return this.current;
  }

  /** The person or the page pins `streamID` ('' unpins). Returns whether the pinned stream changed. */
  choose(streamID: string): boolean {
    this.own = streamID;
    for (const id of this.presentations.keys()) this.dismissed.add(id);
    return this.settle();
  }

  /**
   * The listed streams changed (arrived, left, started or stopped presenting). Returns the change to announce,
   * or null when the pinned stream is the same.
   */
  update(streams: readonly { readonly streamID: string; readonly presenting: boolean }[]): PinChange | null {
    const ids = new Set(streams.map((s) => s.streamID));
    const left = (id: string) => !!id && this.listed.has(id) && !ids.has(id);
    const gone = left(this.current);
    if (left(this.own)) this.own = '';
    for (const s of streams) if (s.presenting && !this.presentations.has(s.streamID)) this.presentations.set(s.streamID, ++this.started);
    const presenting = new Set(streams.filter((s) => s.presenting).map((s) => s.streamID));
    for (const id of [...this.presentations.keys()]) {
      if (presenting.has(id)) continue;
      this.presentations.delete(id);
      this.dismissed.delete(id);
    }
    this.listed = ids;
    if (!this.settle()) return null;
    return { streamID: this.current || null, reason: gone ? 'gone' : 'presenting' };
  }

  private settle(): boolean {
    let newest = '';
    let order = 0;
    for (const [id, n] of this.presentations) {
      if (!this.dismissed.has(id) && n > order) {
        newest = id;
        order = n;
      }
    }
    const next = newest || this.own;
    if (next === this.current) return false;
    this.current = next;
    return true;
  }
}
