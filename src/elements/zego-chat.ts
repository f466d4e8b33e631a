import { property } from 'lit/decorators.js';
import type { ChatMessage } from '../chat/chat-controller.js';
import type { ChatView } from '../chat/chat-view.js';
import { chatViewLoader } from '../lazy.js';
import { LazyElement } from './lazy-element.js';

export type { ChatMessage, ChatMessageState } from '../chat/chat-controller.js';
export type { ZegoChatEvent, ZegoChatEventDetails, ZegoChatEventName } from '../chat/events.js';

/**
 * A chat panel for the enclosing `<zego-room>` (an ancestor, or the host of a shadow root it sits in): the room's
 * broadcast messages, each with its sender's name ("You" for yours) and time, as plain text. Enter sends,
 * Shift+Enter starts a new line. Your messages show at once and go through a queue that keeps to the room's rate
 * limit (2 a second per person), waits while the room is not connected, and retries rate limits and network
 * failures for about 10 s; one that still fails says why and offers Resend and Delete. A message holds at most
 * 1024 bytes of UTF-8 (a counter shows near the limit).
 *
 * History: the room keeps none, so the list holds only what arrived while the element was in the document (moving
 * it keeps the list), at most `max-messages`.
 *
 * Messages that arrive while the newest is out of sight (the element hidden or off-screen, the page in the
 * background, the list scrolled up) count as unread until it comes into sight; the list follows new messages only
 * while scrolled to the end, else a "N new messages" button shows.
 *
 * Colors follow the page's `color-scheme` (light or dark, as the system prefers by default; set `color-scheme` on
 * the element to force one). Tab order: the input, Send, the new-messages button, the list (scrollable by
 * keyboard), then each failed message's Resend and Delete.
 *
 * @tagname zego-chat
 * @summary The room's text chat, in a panel.
 *
 * @csspart base - The panel: the list above, the form below.
 * @csspart list - The scrolling list of messages (`role="log"`).
 * @csspart message - One message (also `own` for yours).
 * @csspart own - Your own messages.
 * @csspart author - The sender's name.
 * @csspart time - The time a message was sent.
 * @csspart text - A message's text.
 * @csspart status - "Sending…", "Waiting for the room…", the sent mark, or why a message was not sent.
 * @csspart resend - The Resend button of a failed message.
 * @csspart delete - The Delete button of a failed message.
 * @csspart empty - "No messages yet".
 * @csspart new-messages - The "N new messages ↓" button shown while scrolled up.
 * @csspart form - The input, the Send button and the byte counter.
 * @csspart input - The text area.
 * @csspart send - The Send button.
 * @csspart counter - The byte counter shown near the limit, or the line saying the message is too long.
 *
 * @cssprop --zego-chat-font - Font of the panel (default 14px/1.4 system-ui, sans-serif).
 * @cssprop --zego-chat-background - Background of the panel (default white; #16191d in dark).
 * @cssprop --zego-chat-color - Text color (default #1f2329; #e8eaed in dark).
 * @cssprop --zego-chat-muted-color - Names, times, statuses and the counter (default #575d64; #aab1b9 in dark).
 * @cssprop --zego-chat-bubble-background - Background of others' messages (default #f0f2f5; #262b31 in dark).
 * @cssprop --zego-chat-own-background - Background of your messages (default #e3ecff; #1d3357 in dark).
 * @cssprop --zego-chat-accent - Send and new-messages buttons, focus ring (default #1a56db; #8ab4f8 in dark).
 * @cssprop --zego-chat-on-accent - Text on the accent color (default white; #0b1a33 in dark).
 * @cssprop --zego-chat-error-color - Why a message was not sent, the too-long line (default #b3261e; #ffb4ab in dark).
 * @cssprop --zego-chat-border-color - Borders of the form and the input (default #c9ced4; #3a4048 in dark).
 * @cssprop --zego-chat-radius - Corner radius of messages (default 12px).
 *
 * @fires {ZegoChatEvent<'zego-chat-send'>} zego-chat-send - Before one of your messages is sent (`detail.message`, state `sending`); cancelable: `preventDefault()` and it is neither shown nor sent.
 * @fires {ZegoChatEvent<'zego-chat-message'>} zego-chat-message - Someone else's message arrived (`detail.message`).
 * @fires {ZegoChatEvent<'zego-chat-unread'>} zego-chat-unread - The unread count changed (`detail.count`).
 * @fires {ZegoErrorEvent} zego-error - One of your messages finally failed (`source` `chat`, the SDK's code: 1009015 rate limited, 1000002 not in the room, ...), or the element could not load (1101000).
 */
export class ZegoChatElement extends LazyElement<ChatView> {
  /** @internal The loader of the element's view (its chunk). */
  static override viewLoader = chatViewLoader;

  /** The input's placeholder; empty: "Write a message…" in the element's language. */
  @property() placeholder = '';

  /** At most this many messages stay in the list (default 200); older ones drop. */
  @property({ attribute: 'max-messages', type: Number }) maxMessages = 200;

  /** The messages, oldest first: a new frozen array on each change. */
  get messages(): readonly ChatMessage[] {
    return this.view?.controller.messages ?? [];
  }

  /** Messages received while the newest was out of the person's sight; 0 once it is in sight. */
  get unread(): number {
    return this.view?.controller.unread ?? 0;
  }

  /** Sends `text` (trimmed) as your message: resolves once sent, rejects `{code, message}` if it finally fails. */
  send(text: string): Promise<void> {
    return this.whenView().then((v) => v.send(text));
  }

  /** Sends a failed message of yours (by `id`) again; settles as `send()`. */
  resend(id: string): Promise<void> {
    return this.whenView().then((v) => v.controller.resend(id));
  }

  /** Empties the list here (the room keeps no history); messages still on their way stay. */
  clear(): void {
    this.view?.controller.clear();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-chat': ZegoChatElement;
  }
}
