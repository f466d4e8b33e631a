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

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-autoplay-blocked': ZegoAutoplayBlockedEvent;
  }
  interface HTMLElementEventMap {
    'zego-autoplay-blocked': ZegoAutoplayBlockedEvent;
  }
}
