import { property } from 'lit/decorators.js';
import type { CallView } from '../call/call-view.js';
import { callViewLoader } from '../lazy.js';
import type { PrejoinChoices } from '../prejoin/events.js';
import type { ZegoErrorDetail } from '../room/events.js';
import { LazyElement } from './lazy-element.js';
import type { ZegoRoomElement } from './zego-room.js';

export type { ZegoCallStateEvent, ZegoCallStateDetail } from '../call/events.js';

/** Where the person is: choosing devices, connecting, in the call, or out of it (left, removed or failed). */
export type CallState = 'prejoin' | 'joining' | 'in-call' | 'left';

/**
 * A whole meeting from one tag, made of the kit's elements: a pre-join screen (`<zego-prejoin>`: preview, devices,
 * name), then the call (`<zego-room>` with `<zego-remote-videos>` on a dark stage, your `<zego-local-video>` as a
 * small self-view you can drag to any corner, a control bar at the bottom, `<zego-chat>` and `<zego-participants>`
 * in a side panel, a sheet on phones), then a screen saying you left (or why you were removed) with Rejoin.
 *
 * It takes `<zego-room>`'s attributes. Without `user-id` each browser tab gets its own random ID (kept across
 * reloads of the tab; a duplicated tab gets another), so two people typing the same name never collide. Without page CSS it is as tall as the
 * viewport less the body's default margins; give it a `height` to place it in a layout. Every event of the inner
 * elements reaches the page (they bubble and are composed), and `zego-call-state` says where the person is.
 *
 * Colors: light or dark after the system (`theme="auto"`), or forced with `theme`; the stage stays dark. Language:
 * `lang` on the element or an ancestor (en and zh built in).
 *
 * @tagname zego-call
 * @summary A complete meeting: pre-join, stage, chat, participants.
 *
 * @slot actions - Buttons for the call's header (e.g. a page's "Copy invite link").
 *
 * @csspart base - The whole call.
 * @csspart prejoin - The `<zego-prejoin>` of the first screen.
 * @csspart header - The line above the stage: room name, people count, the `actions` slot.
 * @csspart status - The "Reconnecting…" banner.
 * @csspart stage - The dark area holding the videos.
 * @csspart remote-videos - The `<zego-remote-videos>` of the stage.
 * @csspart self-view - The frame of your `<zego-local-video>` (drag it to move it).
 * @csspart controls - The control bar.
 * @csspart control - Each button of the control bar.
 * @csspart leave - The Leave button.
 * @csspart badge - The unread count on the Chat button.
 * @csspart panel - The side panel (a sheet on narrow screens) with the chat or the participants.
 * @csspart chat - The `<zego-chat>` of the panel.
 * @csspart participants - The `<zego-participants>` of the panel.
 * @csspart left - The screen shown after leaving: what happened, Rejoin.
 *
 * @cssprop --zego-call-height - The element's height when the page gives none (default `calc(100dvh - 16px)`).
 * @cssprop --zego-call-background - Around the stage (default #f1f3f4; #121417 in dark mode).
 * @cssprop --zego-call-color - Text and icons (default #1f2329; #e8eaed in dark mode).
 * @cssprop --zego-call-muted-color - Secondary text (default #5f6368; #9aa0a6 in dark mode).
 * @cssprop --zego-call-stage-background - The stage (default #202124, in both modes).
 * @cssprop --zego-call-button-background - Control bar buttons (default #e2e5e9; #2d3136 in dark mode).
 * @cssprop --zego-call-off-background - A button whose feature is off (camera stopped, muted; default #fce8e6; #5c2b29 in dark mode).
 * @cssprop --zego-call-off-color - Its text (default #a50e0e; #f6aea9 in dark mode).
 * @cssprop --zego-call-accent-color - Focus ring, active panel button, Rejoin (default #0b57d0; #a8c7fa in dark mode).
 * @cssprop --zego-call-danger-color - The Leave button and the unread badge (default #c5221f; #b3261e in dark mode).
 * @cssprop --zego-call-panel-width - Width of the side panel (default 340px).
 * @cssprop --zego-call-radius - Corner radius of the stage, panel and buttons (default 12px).
 * @cssprop --zego-call-font - Font (default `--zego-font`, else 14px/1.4 system-ui, sans-serif).
 *
 * @fires {ZegoCallStateEvent} zego-call-state - The person moved to another screen: `detail.state` (`prejoin`, `joining`, `in-call`, `left`) and, once out, `detail.reason` (a `{code, message}`: kicked out, token expired, ...) or null for a leave of their own.
 * @fires {ZegoErrorEvent} zego-error - From the inner elements (see theirs), or the call's code could not load (1101000).
 */
export class ZegoCallElement extends LazyElement<CallView> {
  /** @internal The loader of the element's view (its chunk). */
  static override viewLoader = callViewLoader;

  /** ZEGO's AppID: the call goes through ZEGO's cloud. Without it, the kit's local engine carries it. */
  @property({ attribute: 'app-id' }) appID: string | null = null;

  /** ZEGO's server, or the kit's room server (`ws://host:port/ws`); '' for the tabs of this browser. */
  @property() server: string | null = null;

  /** The room to join (the SDK's room ID rules). */
  @property({ attribute: 'room-id' }) roomID: string | null = null;

  /** What the header and the pre-join title call the room; default its ID. */
  @property({ attribute: 'room-name' }) roomName: string | null = null;

  /** Your user ID; default a random one per browser tab (kept across reloads of the tab). */
  @property({ attribute: 'user-id' }) userID: string | null = null;

  /** Your name as the pre-join field starts (a name remembered from an earlier visit wins), or the name used with `no-prejoin`. */
  @property({ attribute: 'user-name' }) userName: string | null = null;

  /** A ZEGO token (`<zego-room>`'s `token`). */
  @property() token: string | null = null;

  /** Where to fetch tokens (`<zego-room>`'s `token-url`). */
  @property({ attribute: 'token-url' }) tokenURL: string | null = null;

  /** Force an engine: `zego` or `local` (`<zego-room>`'s `engine`). */
  @property({ attribute: 'engine' }) engineKind: 'zego' | 'local' | null = null;

  /** `light`, `dark` or `auto` (the system's preference). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';

  /** Skip the pre-join screen: join at once with the default devices and `user-name`. */
  @property({ type: Boolean, attribute: 'no-prejoin' }) noPrejoin = false;

  /** The pre-join screen neither reads nor stores the person's choices (`<zego-prejoin>`'s `no-remember`). */
  @property({ type: Boolean, attribute: 'no-remember' }) noRemember = false;

  /** Where the person is (read-only; reflected for CSS). */
  @property({ reflect: true }) state: CallState = 'prejoin';

  /** The inner `<zego-room>` while joining or in the call (for its methods and `engine`), else null. */
  get room(): ZegoRoomElement | null {
    return this.view?.room ?? null;
  }

  /** Why the person is out of the call (removed, failed), null after a leave of their own or before. */
  get reason(): ZegoErrorDetail | null {
    return this.view?.reason ?? null;
  }

  /**
   * Joins now with `choices` (by default: the pre-join screen's, or the default devices and `user-name`),
   * skipping the rest of the pre-join screen; resolves once in the call, rejects `{code, message}` if it fails.
   */
  async join(choices?: Partial<PrejoinChoices>): Promise<void> {
    return (await this.whenView()).join(choices);
  }

  /** Leaves the call: camera and microphone are released and the "you left" screen shows. */
  leave(): void {
    this.view?.leave();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-call': ZegoCallElement;
  }
}
