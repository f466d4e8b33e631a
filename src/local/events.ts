export interface ZegoSpeakerChangeDetail {
  /** The audio output device (`MediaDeviceInfo.deviceId`) for remote sound; '' is the system default. */
  readonly deviceId: string;
}

/**
 * The person picked a speaker in `<zego-local-video>`'s controls (or the page called `setSpeaker()`). It bubbles
 * through `<zego-room>`, so `<zego-remote-videos>` (or the page) listening on the room or `document` routes
 * remote audio there with `HTMLMediaElement.setSinkId`. Not fired when the page sets `speaker-id` itself.
 */
export class ZegoSpeakerChangeEvent extends Event {
  readonly detail: ZegoSpeakerChangeDetail;

  constructor(detail: ZegoSpeakerChangeDetail) {
    super('zego-speaker-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'zego-speaker-change': ZegoSpeakerChangeEvent;
  }
  interface HTMLElementEventMap {
    'zego-speaker-change': ZegoSpeakerChangeEvent;
  }
}
