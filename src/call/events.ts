import type { CallState } from '../elements/zego-call.js';
import type { ZegoErrorDetail } from '../room/events.js';

export interface ZegoCallStateDetail {
  readonly state: CallState;
  /** Once `left`: why, when it was not the person's own leave (kicked out, token expired, the room failed). */
  readonly reason: ZegoErrorDetail | null;
}

/** `<zego-call>` moved to another screen. Bubbles and is composed. */
export class ZegoCallStateEvent extends Event {
  readonly detail: ZegoCallStateDetail;

  constructor(detail: ZegoCallStateDetail) {
    super('zego-call-state', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-call-state': ZegoCallStateEvent;
  }
  interface HTMLElementEventMap {
    'zego-call-state': ZegoCallStateEvent;
  }
}
