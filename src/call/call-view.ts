// Over 500 lines on purpose: the call's three screens, its control bar and its panel render from one state (the
// room's, the self-view's, the panel's) and its actions change it; styles, strings, events and the user ID are beside it.
import { html, nothing } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import '../i18n/call-messages.js';
import type { ElementView } from '../elements/lazy-element.js';
import type { CallState, ZegoCallElement } from '../elements/zego-call.js';
import type { ZegoLocalVideoElement } from '../elements/zego-local-video.js';
import type { ZegoPrejoinElement } from '../elements/zego-prejoin.js';
import type { ZegoRemoteVideosElement } from '../elements/zego-remote-videos.js';
import type { ZegoRoomElement } from '../elements/zego-room.js';
import { t, type MessageKey } from '../i18n/messages.js';
import type { PrejoinChoices, ZegoPrejoinJoinEvent } from '../prejoin/events.js';
import type { ZegoParticipantsSelectEvent } from '../participants/events.js';
import type { ZegoErrorDetail } from '../room/events.js';
import { Code } from '../shared/codes.js';
import { ICONS } from '../ui/icons.js';
import styles from './call.styles.js';
import { ZegoCallStateEvent } from './events.js';
import { tabUserID } from './user-id.js';

type Panel = 'chat' | 'participants';
type Corner = 'tl' | 'tr' | 'bl' | 'br';
const CORNERS: readonly Corner[] = ['br', 'bl', 'tl', 'tr'];
const CORNER_NAME: Record<Corner, MessageKey> = {
  br: 'call.corner.br',
  bl: 'call.corner.bl',
  tl: 'call.corner.tl',
  tr: 'call.corner.tr',
};
const canShareScreen = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

interface Waiter {
  resolve(): void;
  reject(e: ZegoErrorDetail): void;
}

/**
 * What `<zego-call>` shows and does: the pre-join screen, the call (a `<zego-room>` in its shadow root with the
 * kit's elements, a control bar and a side panel) and the screen after leaving. It listens to the inner elements
 * (the room's state, the self-view's reflected attributes, the chat's unread count) and drives them through their
 * public API only, as a page would.
 */
export class CallView implements ElementView {
  readonly styles = [styles];
  /** Why the person is out of the call; null after their own leave. */
  reason: ZegoErrorDetail | null = null;
  private choices: PrejoinChoices | null = null;
  private userID = '';
  private panel: Panel | null = null;
  private unread = 0;
  private people = 1;
  private corner: Corner = 'br';
  /** Set while the person drags the self-view: its offset from its corner. */
  private drag?: { x: number; y: number };
  private roomState = 'idle';
  private readonly roomRef = createRef<ZegoRoomElement>();
  private readonly localRef = createRef<ZegoLocalVideoElement>();
  private readonly remoteRef = createRef<ZegoRemoteVideosElement>();
  private readonly prejoinRef = createRef<ZegoPrejoinElement>();
  /** Watches the room's `state` and the self-view's reflected attributes (camera, microphone, screen). */
  private observer?: MutationObserver;
  private observed?: [ZegoRoomElement, ZegoLocalVideoElement | undefined];
  private waiters: Waiter[] = [];
  private entering = false;
  private focusAfterRender?: () => HTMLElement | null | undefined;

  constructor(private readonly host: ZegoCallElement) {}

  get room(): ZegoRoomElement | null {
    return this.roomRef.value ?? null;
  }

  // ------------------------------------------------------------------------------------------------ flow

  /** `join()`: in the pre-join screen, as if Join was pressed there (its choices), or with `choices` at once. */
  async join(choices?: Partial<PrejoinChoices>): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.host.state === 'in-call') this.settle();
    else if (this.host.state !== 'joining') {
      const prejoin = this.prejoinRef.value;
      const base = prejoin && this.host.state === 'prejoin' ? prejoin.choices : this.choices;
      void this.enter({ ...(base ?? this.defaults()), ...choices });
    }
    return done;
  }

  leave(): void {
    if (this.host.state !== 'joining' && this.host.state !== 'in-call') return;
    this.remember();
    this.room?.leave();
    this.reason = null;
    this.setState('left');
  }

  willUpdate(): void {
    if (this.host.noPrejoin && this.host.state === 'prejoin' && !this.entering) void this.enter(this.defaults());
  }

  updated(): void {
    this.watch();
    const focus = this.focusAfterRender;
    this.focusAfterRender = undefined;
    focus?.()?.focus();
  }

  private defaults(): PrejoinChoices {
    return { userName: this.host.userName ?? '', camera: true, microphone: true, cameraID: null, microphoneID: null, speakerID: null };
  }

  private async enter(choices: PrejoinChoices): Promise<void> {
    this.entering = true;
    this.choices = choices;
    this.userID = this.host.userID || (await tabUserID());
    this.entering = false;
    this.reason = null;
    this.setState('joining');
  }

  private readonly onPrejoinJoin = (e: ZegoPrejoinJoinEvent): void => {
    // a page that cancels the event keeps the person on the pre-join screen
    if (e.defaultPrevented) return;
    void this.enter(e.detail);
  };

  /** The self-view's current state becomes the choices a rejoin starts with. */
  private remember(): void {
    const local = this.localRef.value;
    if (!local || !this.choices) return;
    this.choices = {
      ...this.choices,
      camera: !local.videoMuted,
      microphone: !local.audioMuted,
      cameraID: local.cameraID,
      microphoneID: local.microphoneID,
      speakerID: local.speakerID,
    };
  }

  private setState(state: CallState): void {
    if (this.host.state === state) return;
    this.host.state = state;
    if (state === 'left' || state === 'prejoin') {
      this.panel = null;
      this.unread = 0;
      this.focusAfterRender = () => this.host.shadowRoot?.querySelector<HTMLElement>('[part~="left"] h2');
    }
    this.host.dispatchEvent(new ZegoCallStateEvent({ state, reason: state === 'left' ? this.reason : null }));
    this.settle();
  }

  private settle(): void {
    const state = this.host.state;
    if (state !== 'in-call' && state !== 'left') return;
    for (const w of this.waiters.splice(0)) {
      if (state === 'in-call') w.resolve();
      else w.reject(this.reason ?? { code: Code.INPUT_PARAM, message: 'left the call before it connected', source: 'login' });
    }
  }

  /** Follows the room's state and the self-view's attributes, re-rendering on each change. */
  private watch(): void {
    const room = this.roomRef.value;
    const local = this.localRef.value;
    if (this.observed?.[0] === room && this.observed?.[1] === local) return;
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed = room ? [room, local] : undefined;
    if (!room) return;
    this.observer = new MutationObserver((records) => {
      this.sync();
      // the self-view's camera, microphone or screen changed: the control bar follows
      if (records.some((r) => r.target === local)) this.host.requestUpdate();
    });
    this.observer.observe(room, { attributes: true, attributeFilter: ['state'] });
    if (local) this.observer.observe(local, { attributes: true, attributeFilter: ['video-muted', 'audio-muted', 'screen'] });
    // after this update, not inside it: the room's state may already differ from what was rendered
    queueMicrotask(() => this.sync());
  }

  private sync(): void {
    const room = this.roomRef.value;
    if (!room) return;
    const state = room.state;
    const was = this.roomState;
    this.roomState = state;
    if (this.host.state === 'joining' && state === 'connected') this.setState('in-call');
    else if ((this.host.state === 'joining' || this.host.state === 'in-call') && state === 'failed') {
      this.remember();
      this.reason = room.lastError ?? { code: Code.INPUT_PARAM, message: 'the room failed', source: 'login' };
      this.setState('left');
    } else if (this.host.state === 'in-call' && state === 'idle' && was !== 'idle') {
      // someone called the room's leave()
      this.remember();
      this.reason = null;
      this.setState('left');
    }
    const people = 1 + (room.snapshot.users?.length ?? 0);
    // the banner, the counts and the control bar read these: render again only when one changed
    if (people !== this.people || state !== was) {
      this.people = people;
      this.host.requestUpdate();
    }
  }

  private readonly onUsers = (): void => {
    const room = this.roomRef.value;
    if (!room) return;
    this.people = 1 + room.snapshot.users.length;
    this.host.requestUpdate();
  };

  // ------------------------------------------------------------------------------------------------ render

  render(): unknown {
    const host = this.host;
    const state = host.state;
    return html`<div part="base" class="base" data-state=${state}>
      ${state === 'prejoin' ? this.renderPrejoin() : state === 'left' ? this.renderLeft() : this.renderCall()}
    </div>`;
  }

  private renderPrejoin() {
    const host = this.host;
    if (host.noPrejoin) return html`<div class="center" role="status">${t(host, 'call.joining')}</div>`;
    return html`<div class="prejoin-screen">
      <zego-prejoin
        ${ref(this.prejoinRef)}
        part="prejoin"
        room-name=${host.roomName || host.roomID || ''}
        user-name=${host.userName ?? nothing}
        ?no-remember=${host.noRemember}
        @zego-prejoin-join=${this.onPrejoinJoin}
      ></zego-prejoin>
    </div>`;
  }

  private renderCall() {
    const host = this.host;
    const choices = this.choices ?? this.defaults();
    const title = host.roomName || host.roomID || t(host, 'call.title');
    const reconnecting = this.roomState === 'reconnecting';
    return html`<zego-room
      ${ref(this.roomRef)}
      class="room"
      hide-status
      app-id=${host.appID ?? nothing}
      server=${host.server ?? nothing}
      room-id=${host.roomID ?? nothing}
      user-id=${this.userID}
      user-name=${choices.userName || nothing}
      token=${host.token ?? nothing}
      token-url=${host.tokenURL ?? nothing}
      engine=${host.engineKind ?? nothing}
      @zego-room-user-update=${this.onUsers}
    >
      <header part="header" class="header">
        <h1 class="title" title=${title}>${title}</h1>
        <span class="count">${t(host, 'call.people', { count: this.people })}</span>
        <span class="spacer"></span>
        <slot name="actions"></slot>
      </header>
      ${
        reconnecting || host.state === 'joining'
          ? html`<div part="status" class="status" role="status">${t(host, reconnecting ? 'call.reconnecting' : 'call.joining')}</div>`
          : nothing
      }
      <div class="main">
        <section part="stage" class="stage" aria-label=${t(host, 'call.stage')}>
          <zego-remote-videos ${ref(this.remoteRef)} part="remote-videos"></zego-remote-videos>
          ${this.renderSelfView(choices)}
        </section>
        ${this.renderPanel()}
      </div>
      ${this.renderControls()}
    </zego-room>`;
  }

  private renderSelfView(choices: PrejoinChoices) {
    const host = this.host;
    const drag = this.drag;
    const next = CORNERS[(CORNERS.indexOf(this.corner) + 1) % CORNERS.length];
    return html`<div
      part="self-view"
      class="self"
      data-corner=${this.corner}
      style=${drag ? `translate: ${drag.x}px ${drag.y}px` : ''}
      @pointerdown=${this.onSelfPointerDown}
    >
      <zego-local-video
        ${ref(this.localRef)}
        publish
        fit="cover"
        camera-id=${choices.cameraID ?? nothing}
        microphone-id=${choices.microphoneID ?? nothing}
        speaker-id=${choices.speakerID ?? nothing}
        ?video-muted=${!choices.camera}
        ?audio-muted=${!choices.microphone}
      ></zego-local-video>
      <button
        class="move"
        type="button"
        title=${t(host, 'call.moveSelf', { corner: t(host, CORNER_NAME[next]) })}
        aria-label=${t(host, 'call.moveSelf', { corner: t(host, CORNER_NAME[next]) })}
        @click=${() => {
          this.corner = next;
          host.requestUpdate();
        }}
      >
        ${ICONS.move}
      </button>
    </div>`;
  }

  private renderPanel() {
    const host = this.host;
    const panel = this.panel;
    return html`<aside
      part="panel"
      id="panel"
      class="panel"
      ?hidden=${!panel}
      aria-label=${panel ? t(host, panel === 'chat' ? 'call.chat' : 'call.participants') : nothing}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.togglePanel(panel!)}
    >
      <div class="panel-head">
        <h2>${panel === 'participants' ? `${t(host, 'call.participants')} (${this.people})` : t(host, 'call.chat')}</h2>
        <button class="close" type="button" title=${t(host, 'call.closePanel')} aria-label=${t(host, 'call.closePanel')} @click=${() => this.togglePanel(panel!)}>
          ${ICONS.close}
        </button>
      </div>
      <zego-chat
        part="chat"
        ?hidden=${panel !== 'chat'}
        @zego-chat-unread=${(e: CustomEvent<{ count: number }>) => {
          this.unread = e.detail.count;
          host.requestUpdate();
        }}
      ></zego-chat>
      <zego-participants
        part="participants"
        selectable
        ?hidden=${panel !== 'participants'}
        @zego-participants-select=${this.onSelect}
      ></zego-participants>
    </aside>`;
  }

  private renderControls() {
    const host = this.host;
    const local = this.localRef.value;
    const videoOff = local ? local.videoMuted : !(this.choices?.camera ?? true);
    const micOff = local ? local.audioMuted : !(this.choices?.microphone ?? true);
    const sharing = !!local?.screen;
    const button = (
      cls: string,
      text: string,
      hint: string,
      icon: unknown,
      action: () => void,
      extra?: { pressed?: boolean; expanded?: boolean; badge?: number },
    ) =>
      html`<button
        part=${cls === 'leave' ? 'control leave' : 'control'}
        class=${cls}
        type="button"
        title=${hint}
        aria-pressed=${extra?.pressed === undefined ? nothing : String(extra.pressed)}
        aria-expanded=${extra?.expanded === undefined ? nothing : String(extra.expanded)}
        aria-controls=${extra?.expanded === undefined ? nothing : 'panel'}
        @click=${action}
      >
        <span class="icon">${icon}</span><span class="text">${text}</span>
        ${extra?.badge ? html`<span part="badge" class="badge" aria-label=${t(host, 'call.unread', { count: extra.badge })}>${extra.badge}</span>` : nothing}
      </button>`;
    return html`<div part="controls" class="controls" role="toolbar" aria-label=${t(host, 'controls.label')}>
      ${
        micOff
          ? button(
              'microphone',
              t(host, 'controls.unmute'),
              t(host, 'controls.micOn'),
              ICONS.micOff,
              () => void local?.toggleMicrophone(),
              { pressed: true },
            )
          : button('microphone', t(host, 'controls.mute'), t(host, 'controls.micOff'), ICONS.mic, () => void local?.toggleMicrophone(), {
              pressed: false,
            })
      }
      ${
        videoOff
          ? button(
              'camera',
              t(host, 'controls.videoStart'),
              t(host, 'controls.cameraOn'),
              ICONS.cameraOff,
              () => void local?.toggleCamera(),
              { pressed: true },
            )
          : button('camera', t(host, 'controls.videoStop'), t(host, 'controls.cameraOff'), ICONS.camera, () => void local?.toggleCamera(), {
              pressed: false,
            })
      }
      ${
        canShareScreen
          ? sharing
            ? button(
                'screen',
                t(host, 'controls.stopShare'),
                t(host, 'controls.screenStop'),
                ICONS.screen,
                () => void local?.stopScreenShare(),
                { pressed: true },
              )
            : button(
                'screen',
                t(host, 'controls.share'),
                t(host, 'controls.screenStart'),
                ICONS.screen,
                () => void local?.startScreenShare(),
                { pressed: false },
              )
          : nothing
      }
      ${button(
        'chat',
        t(host, 'call.chat'),
        t(host, this.panel === 'chat' ? 'call.hideChat' : 'call.showChat'),
        ICONS.chat,
        () => this.togglePanel('chat'),
        {
          expanded: this.panel === 'chat',
          badge: this.panel === 'chat' ? 0 : this.unread,
        },
      )}
      ${button(
        'participants',
        t(host, 'call.peopleShort'),
        t(host, this.panel === 'participants' ? 'call.hideParticipants' : 'call.showParticipants'),
        ICONS.people,
        () => this.togglePanel('participants'),
        { expanded: this.panel === 'participants' },
      )}
      ${button('leave', t(host, 'controls.leave'), t(host, 'call.leaveHint'), ICONS.leave, () => this.leave())}
    </div>`;
  }

  private renderLeft() {
    const host = this.host;
    const reason = this.reason;
    const heading: MessageKey = !reason ? 'call.left' : reason.code === Code.MULTIPLE_LOGIN_KICKOUT ? 'call.removed' : 'call.failed';
    const why = !reason
      ? t(host, 'call.leftHint')
      : reason.code === Code.MULTIPLE_LOGIN_KICKOUT
        ? t(host, 'status.kickedOut')
        : `${reason.message} (${reason.code})`;
    return html`<div part="left" class="left center">
      <h2 tabindex="-1">${t(host, heading)}</h2>
      <p>${why}</p>
      <div class="actions">
        <button class="primary" type="button" @click=${() => void this.join().catch(() => {})}>${t(host, 'call.rejoin')}</button>
        ${
          host.noPrejoin
            ? nothing
            : html`<button class="secondary" type="button" @click=${() => this.setState('prejoin')}>${t(host, 'call.backToSetup')}</button>`
        }
      </div>
    </div>`;
  }

  // ------------------------------------------------------------------------------------------------ actions

  private togglePanel(panel: Panel): void {
    const closing = this.panel === panel;
    // the toggle that opened it gets the focus back; an opened panel takes it
    this.panel = closing ? null : panel;
    if (!closing && panel === 'chat') this.unread = 0;
    this.focusAfterRender = closing
      ? () => this.host.shadowRoot?.querySelector<HTMLElement>(`[part~="controls"] button.${panel}`)
      : () => this.host.shadowRoot?.querySelector<HTMLElement>('.panel .close');
    this.host.requestUpdate();
  }

  /** A person picked in the participants list: their stream goes large (yours is not on the stage). */
  private readonly onSelect = (e: ZegoParticipantsSelectEvent): void => {
    const room = this.roomRef.value;
    const stream = room?.snapshot.streams.find((s) => s.user.userID === e.detail.userID);
    if (stream) this.remoteRef.value?.pin(stream.streamID);
  };

  /** Drags the self-view; on release it goes to the nearest corner of the stage. */
  private readonly onSelfPointerDown = (e: PointerEvent): void => {
    const frame = e.currentTarget as HTMLElement;
    if (e.button !== 0 || (e.target as Element).closest('button')) return;
    const stage = frame.parentElement!;
    const start = { x: e.clientX, y: e.clientY };
    frame.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      this.drag = { x: ev.clientX - start.x, y: ev.clientY - start.y };
      this.host.requestUpdate();
    };
    const end = () => {
      frame.removeEventListener('pointermove', move);
      frame.removeEventListener('pointerup', end);
      frame.removeEventListener('pointercancel', end);
      const r = frame.getBoundingClientRect();
      const s = stage.getBoundingClientRect();
      const top = r.top + r.height / 2 - s.top < s.height / 2;
      const left = r.left + r.width / 2 - s.left < s.width / 2;
      this.corner = `${top ? 't' : 'b'}${left ? 'l' : 'r'}` as Corner;
      this.drag = undefined;
      this.host.requestUpdate();
    };
    frame.addEventListener('pointermove', move);
    frame.addEventListener('pointerup', end);
    frame.addEventListener('pointercancel', end);
  };

  /** The host left the document: observers go (the inner elements release their own resources). */
  disconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed = undefined;
  }

  /** Back in the document: the next update watches the inner elements again. */
  connected(): void {
    this.host.requestUpdate();
  }
}

export function createCallView(host: ZegoCallElement): CallView {
  return new CallView(host);
}
