import type { PinReason } from './pinning.js';

export type { PinReason } from './pinning.js';

export interface ZegoAutoplayBlockedDetail {
  /** The streams whose audio the browser refused to start; one click on the element's button resumes them all. */
  readonly streamIDs: readonly string[];
}

/**
 * The browser's autoplay policy refused to start remote audio (`play()` rejected with NotAllowedError):
 * `<zego-remote-videos>` shows its "Enable audio" button. Fired once each time the button appears.
 */
export class ZegoAutoplayBlockedEvent extends Event {
  readonly detail: ZegoAutoplayBlockedDetail;

  constructor(detail: ZegoAutoplayBlockedDetail) {
    super('zego-autoplay-blocked', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface ZegoPinChangeDetail {
  /** The stream shown large now; null when none is pinned. */
  readonly streamID: string | null;
  /** `user`: a pin button or a double-click; `presenting`: a presentation started or ended; `gone`: the pinned stream left. */
  readonly reason: PinReason;
}

/** The stream `<zego-remote-videos>` pins changed, for a reason other than the page setting `pinned`. */
export class ZegoPinChangeEvent extends Event {
  readonly detail: ZegoPinChangeDetail;

  constructor(detail: ZegoPinChangeDetail) {
    super('zego-pin-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-autoplay-blocked': ZegoAutoplayBlockedEvent;
    'zego-pin-change': ZegoPinChangeEvent;
  }
  interface HTMLElementEventMap {
    'zego-autoplay-blocked': ZegoAutoplayBlockedEvent;
    'zego-pin-change': ZegoPinChangeEvent;
  }
}
