import type { ChatMessage } from './chat-controller.js';

/** `detail` of each event of `<zego-chat>`, by name. */
export interface ZegoChatEventDetails {
  /** Before one of your messages is sent (cancelable: `preventDefault()` and it is neither shown nor sent). */
  'zego-chat-send': { readonly message: ChatMessage };
  /** A message of someone else arrived. */
  'zego-chat-message': { readonly message: ChatMessage };
  /** The number of messages received while the newest was out of the person's sight changed. */
  'zego-chat-unread': { readonly count: number };
}

export type ZegoChatEventName = keyof ZegoChatEventDetails;

/** An event of `<zego-chat>`: bubbling and composed; `zego-chat-send` is also cancelable. */
export class ZegoChatEvent<K extends ZegoChatEventName = ZegoChatEventName> extends Event {
  readonly detail: ZegoChatEventDetails[K];

  constructor(type: K, detail: ZegoChatEventDetails[K]) {
    super(type, { bubbles: true, composed: true, cancelable: type === 'zego-chat-send' });
    this.detail = detail;
  }
}

type ChatEventMap = { [K in ZegoChatEventName]: ZegoChatEvent<K> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends ChatEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ChatEventMap {}
}
