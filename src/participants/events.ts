export interface ZegoParticipantsSelectDetail {
  /** The person whose row was activated. */
  readonly userID: string;
}

/**
 * The person activated a row of a `selectable` `<zego-participants>` (click, Enter or Space): pages use it to pin
 * or spotlight someone. Not fired when the page changes the list itself.
 */
export class ZegoParticipantsSelectEvent extends Event {
  readonly detail: ZegoParticipantsSelectDetail;

  constructor(detail: ZegoParticipantsSelectDetail) {
    super('zego-participants-select', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-participants-select': ZegoParticipantsSelectEvent;
  }
  interface HTMLElementEventMap {
    'zego-participants-select': ZegoParticipantsSelectEvent;
  }
}
