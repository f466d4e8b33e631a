/** What the person chose before joining: whoever joins the call captures with these. */
export interface PrejoinChoices {
  /** The name typed, trimmed ('' only with `name-optional`). */
  readonly userName: string;
  /** Join with the camera on. */
  readonly camera: boolean;
  /** Join with the microphone on. */
  readonly microphone: boolean;
  /** The camera picked (`MediaDeviceInfo.deviceId`), null for the default. */
  readonly cameraID: string | null;
  /** The microphone picked, null for the default. */
  readonly microphoneID: string | null;
  /** The speaker picked (for `setSinkId`), null for the default. */
  readonly speakerID: string | null;
}

/**
 * The person asked to join (the Join button, Enter in the name field, or `join()`). Cancel it (`preventDefault()`)
 * to keep the preview running, e.g. while the page checks something first; otherwise `<zego-prejoin>` stops its
 * camera and microphone so that the call can open them with `detail`'s device IDs.
 */
export class ZegoPrejoinJoinEvent extends Event {
  readonly detail: PrejoinChoices;

  constructor(detail: PrejoinChoices) {
    super('zego-prejoin-join', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

export interface ZegoPrejoinChangeDetail {
  readonly choices: PrejoinChoices;
}

/** The person changed a choice (name, a toggle, a device). Not fired when the page sets an attribute. */
export class ZegoPrejoinChangeEvent extends Event {
  readonly detail: ZegoPrejoinChangeDetail;

  constructor(detail: ZegoPrejoinChangeDetail) {
    super('zego-prejoin-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-prejoin-join': ZegoPrejoinJoinEvent;
    'zego-prejoin-change': ZegoPrejoinChangeEvent;
  }
  interface HTMLElementEventMap {
    'zego-prejoin-join': ZegoPrejoinJoinEvent;
    'zego-prejoin-change': ZegoPrejoinChangeEvent;
  }
}
