import { html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { createRef, ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ElementView } from '../elements/lazy-element.js';
import type { ZegoChatElement } from '../elements/zego-chat.js';
import { registerChatMessages } from '../i18n/chat-messages.js';
import { localeOf, message, type MessageKey } from '../i18n/messages.js';
import { Code, Limits, utf8Length } from '../shared/codes.js';
import { ChatController, type ChatMessage } from './chat-controller.js';
import styles from './chat.styles.js';

registerChatMessages();

/** The byte counter shows from here on (the limit is `Limits.messageBytes`). */
const COUNTER_FROM = 800;
/** Within this distance of the end, the list counts as scrolled to the end and follows new messages. */
const STICK_PX = 24;
const DEFAULT_MAX = 200;

/** What `<zego-chat>` calls on its view. */
export interface ChatView extends ElementView {
  readonly controller: ChatController;
  /** `ChatController.submit`, as a promise (rejects at once for an empty, too long or cancelled message). */
  send(text: string): Promise<void>;
}

/** The words for a failure's code. */
function reasonOf(code: number): MessageKey {
  switch (code) {
    case Code.MESSAGE_FREQUENCY_LIMITED:
      return 'chat.reason.rate';
    case Code.NOT_LOGIN:
    case Code.INCONSISTENT_ROOM_ID:
      return 'chat.reason.room';
    case Code.MESSAGE_TOO_LONG:
      return 'chat.reason.long';
    case Code.MESSAGE_SEND_FAILED:
    case Code.NETWORK_TIMEOUT:
    case Code.SOCKET_CLOSE:
      return 'chat.reason.network';
    default:
      return 'chat.reason.other';
  }
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** hh:mm in `locale` (12 or 24 hours as the locale has it). */
function timeOf(locale: string, time: number): string {
  let f = timeFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    } catch {
      f = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
    }
    timeFormats.set(locale, f);
  }
  return f.format(time);
}

/**
 * The template of `<zego-chat>` and what only the DOM can tell: whether the newest message is in the person's sight
 * (an IntersectionObserver on the end of the list and on the list, the page's visibility), and whether the list is
 * scrolled to its end (then it follows new messages, also when the list's size changes).
 */
class ChatPanel implements ChatView {
  readonly styles = [styles];
  readonly controller: ChatController;
  private draft = '';
  private readonly list = createRef<HTMLElement>();
  private readonly end = createRef<HTMLElement>();
  private readonly input = createRef<HTMLTextAreaElement>();
  /** The person keeps the list at its end: it follows new messages. */
  private stick = true;
  private endShown = false;
  /** The connection whose observers are set up. */
  private observing?: AbortSignal;
  private rendered: readonly ChatMessage[] = [];
  /** The language in force at the element, read once per render. */
  private lang = 'en';

  constructor(private readonly host: ZegoChatElement) {
    this.controller = new ChatController(
      host,
      () => ({ maxMessages: Number.isFinite(host.maxMessages) && host.maxMessages >= 1 ? host.maxMessages : DEFAULT_MAX }),
      () => this.inSight(),
    );
  }

  send(text: string): Promise<void> {
    const r = this.controller.submit(text);
    if ('error' in r) return Promise.reject(r.error);
    this.stick = true;
    return r.done;
  }

  willUpdate(changed: PropertyValues): void {
    if (changed.has('maxMessages')) this.controller.settingsChanged();
  }

  render(): unknown {
    const host = this.host;
    this.lang = localeOf(host);
    const c = this.controller;
    const messages = c.messages;
    const bytes = utf8Length(this.draft.trim());
    const over = bytes - Limits.messageBytes;
    const showCounter = bytes >= COUNTER_FROM;
    const unread = c.unread;
    return html`<div part="base" role="group" aria-label=${this.say('chat.label')}>
      <form part="form" @submit=${this.onSubmit}>
        <textarea
          ${ref(this.input)}
          part="input"
          rows="1"
          aria-label=${this.say('chat.input')}
          aria-describedby=${showCounter ? 'counter' : nothing}
          aria-invalid=${over > 0 ? 'true' : nothing}
          placeholder=${host.placeholder || this.say('chat.placeholder')}
          enterkeyhint="send"
          .value=${live(this.draft)}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        ></textarea>
        <button part="send" type="submit" ?disabled=${!this.draft.trim() || over > 0}>${this.say('chat.send')}</button>
        ${
          showCounter
            ? html`<div part="counter" id="counter" class=${over > 0 ? 'over' : ''}>
              ${
                over > 0
                  ? this.say('chat.tooLong', { over, max: Limits.messageBytes })
                  : this.say('chat.counter', { used: bytes, max: Limits.messageBytes })
              }
            </div>`
            : nothing
        }
      </form>
      <div class="body">
        ${
          unread > 0
            ? html`<button part="new-messages" type="button" @click=${this.onNewMessages}>
              ${unread === 1 ? this.say('chat.newMessage') : this.say('chat.newMessages', { count: unread })}
            </button>`
            : nothing
        }
        <div
          ${ref(this.list)}
          part="list"
          role="log"
          aria-live="polite"
          aria-relevant="additions"
          aria-label=${this.say('chat.log')}
          tabindex="0"
          @scroll=${this.onScroll}
        >
          ${repeat(
            messages,
            (m) => m.id,
            (m) => this.message(m),
          )}
          <div ${ref(this.end)} class="end"></div>
        </div>
        ${messages.length ? nothing : html`<p part="empty">${this.say('chat.empty')}</p>`}
      </div>
    </div>`;
  }

  private say(key: MessageKey, vars?: Record<string, string | number>): string {
    return message(this.lang, key, vars);
  }

  private message(m: ChatMessage) {
    const author = m.self ? this.say('chat.you') : m.user.userName || m.user.userID;
    return html`<div part=${m.self ? 'message own' : 'message'} data-id=${m.id} data-state=${m.state}>
      <div class="meta">
        <span part="author">${author}</span>
        <time part="time" datetime=${new Date(m.time).toISOString()}>${timeOf(this.lang, m.time)}</time>
        ${m.state === 'sent' ? html`<span part="status" class="sent" aria-hidden="true" title=${this.say('chat.sent')}>✓</span>` : nothing}
      </div>
      <div part="text" id=${`text-${m.id}`}>${m.text}</div>
      ${m.state === 'sending' ? html`<div part="status">${this.say(this.controller.waitingForRoom ? 'chat.waiting' : 'chat.sending')}</div>` : nothing}
      ${m.state === 'failed' ? this.failure(m) : nothing}
    </div>`;
  }

  private failure(m: ChatMessage) {
    const code = m.error?.code ?? Code.MESSAGE_SEND_FAILED;
    return html`<div part="status" class="error">${this.say('chat.failed', { reason: this.say(reasonOf(code), { code }) })}</div>
      <div class="actions">
        <button part="resend" type="button" aria-describedby=${`text-${m.id}`} @click=${() => this.onResend(m.id)}>${this.say('chat.resend')}</button>
        <button part="delete" type="button" aria-describedby=${`text-${m.id}`} @click=${() => this.onDelete(m.id)}>${this.say('chat.delete')}</button>
      </div>`;
  }

  updated(): void {
    this.observe();
    const messages = this.controller.messages;
    if (messages !== this.rendered) {
      this.rendered = messages;
      if (this.stick) this.toEnd();
    }
  }

  /** Once per connection: what tells whether the newest message is in sight; all of it ends with the connection. */
  private observe(): void {
    const signal = this.controller.signal;
    const list = this.list.value;
    const end = this.end.value;
    if (!signal || signal === this.observing || !list || !end) return;
    this.observing = signal;
    const sight = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.target === end) this.endShown = e.isIntersecting;
        // shown again (display:none drops the scroll position): back to the end if that is where the person was
        else if (e.isIntersecting && this.stick) this.toEnd();
      }
      this.controller.sightChanged();
    });
    sight.observe(list);
    sight.observe(end);
    const size = new ResizeObserver(() => this.stick && this.toEnd());
    size.observe(list);
    document.addEventListener('visibilitychange', () => this.controller.sightChanged(), { signal });
    signal.addEventListener(
      'abort',
      () => {
        sight.disconnect();
        size.disconnect();
        this.endShown = false;
      },
      { once: true },
    );
  }

  /**
   * The end of the list in the viewport (the observer: off-screen, scrolled up), the element displayed (checked
   * now: a message may arrive before the observer reports a `hidden` set a moment ago), the page in front.
   */
  private inSight(): boolean {
    return this.endShown && !!this.list.value?.checkVisibility() && document.visibilityState === 'visible';
  }

  private toEnd(): void {
    const list = this.list.value;
    if (list) list.scrollTop = list.scrollHeight;
  }

  private submit(): void {
    if (!this.draft.trim()) return;
    const r = this.controller.submit(this.draft);
    if ('error' in r) return;
    r.done.catch(() => {}); // shown in the message, and reported as zego-error
    this.draft = '';
    this.stick = true;
    this.host.requestUpdate();
  }

  private readonly onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    this.submit();
    this.input.value?.focus();
  };

  private readonly onInput = (e: InputEvent): void => {
    this.draft = (e.target as HTMLTextAreaElement).value;
    this.host.requestUpdate();
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    // Enter while an input method composes (Chinese, Japanese) picks a candidate: never a send
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    this.submit();
  };

  private readonly onScroll = (): void => {
    const list = this.list.value;
    // a hidden list reads 0 everywhere: that says nothing of where the person left it
    if (list?.clientHeight) this.stick = list.scrollHeight - list.scrollTop - list.clientHeight <= STICK_PX;
  };

  private readonly onNewMessages = (): void => {
    this.stick = true;
    this.toEnd();
    // and the page, when the end of the list is below its fold
    this.end.value?.scrollIntoView({ block: 'nearest' });
    // the button goes once the end is in sight: keep the keyboard in the list
    this.list.value?.focus({ preventScroll: true });
  };

  private onResend(id: string): void {
    this.controller.resend(id).catch(() => {});
    this.stick = true;
    this.input.value?.focus();
  }

  private onDelete(id: string): void {
    this.controller.remove(id);
    this.input.value?.focus();
  }
}

export function createChatView(host: ZegoChatElement): ChatView {
  return new ChatPanel(host);
}
