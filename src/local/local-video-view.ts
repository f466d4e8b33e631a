import { html, nothing, type PropertyValues } from 'lit';
import type { ElementView } from '../elements/lazy-element.js';
import styles from '../elements/zego-local-video.styles.js';
import type { ZegoLocalVideoElement } from '../elements/zego-local-video.js';
import { t, type MessageKey } from '../i18n/messages.js';
import { Code } from '../shared/codes.js';
import { ICONS } from '../ui/icons.js';
import { initialsOf } from '../ui/initials.js';
import { LocalMediaController, type LocalDevice, type LocalState } from './local-media-controller.js';
import { insecurePage } from '../engine/secure-context.js';

/** Properties the capture, the publication or the view depend on. */
const SETTINGS: readonly string[] = [
  'publish',
  'preferredStreamID',
  'noVideo',
  'noAudio',
  'quality',
  'cameraID',
  'microphoneID',
  'screen',
  'videoMuted',
  'audioMuted',
  'mirror',
  'fit',
  'renderMode',
] as const;

const STATE_MESSAGE: Partial<Record<LocalState, MessageKey>> = {
  starting: 'local.starting',
  denied: 'local.denied',
  'no-device': 'local.noDevice',
  'device-lost': 'local.deviceLost',
  error: 'local.error',
};

/** The words for why a publish was refused: the common codes said plainly, anything else as the engine put it. */
function publishReason(node: Node, code: number, message: string): string {
  if (code === Code.DUPLICATE_STREAM_ID) return t(node, 'local.reason.duplicate');
  if (code === Code.NO_PUBLISH_AUTH || code === Code.PUBLISH_AUTH_FAIL) return t(node, 'local.reason.denied');
  if (code === Code.NOT_LOGIN || code === Code.NETWORK_TIMEOUT) return t(node, 'local.reason.network');
  return `${message} (${code})`;
}

const canPickSpeaker =
  typeof HTMLMediaElement !== 'undefined' && typeof (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId === 'function';
const canShareScreen = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/**
 * What `<zego-local-video>` shows: its template and styles, and the controller doing the work (capture, publication,
 * devices). Loaded with the controller's chunk on first use; the element in the CDN entry holds only its properties.
 */
export class LocalVideoView implements ElementView {
  readonly styles = [styles];
  readonly media: LocalMediaController;
  /** The device pickers below the controls bar are open. */
  private devicesOpen = false;

  constructor(private readonly host: ZegoLocalVideoElement) {
    this.media = new LocalMediaController(
      host,
      host.stage,
      () => host.settings(),
      () => (host.screen = false),
      host.rendererLoaders,
    );
  }

  willUpdate(changed: PropertyValues): void {
    if (SETTINGS.some((p) => changed.has(p))) this.media.settingsChanged();
  }

  updated(): void {
    if (this.host.getAttribute('state') !== this.media.state) this.host.setAttribute('state', this.media.state);
  }

  private toggleDevices(): void {
    this.devicesOpen = !this.devicesOpen;
    this.host.requestUpdate();
  }

  render() {
    const m = this.media;
    const host = this.host;
    const state = m.state;
    const snapshot = m.snapshot;
    const name = snapshot?.user?.userName || snapshot?.user?.userID || '';
    // a page that is not a secure context has no camera at all: say so, and offer no "Try again" that cannot help
    const insecure = state === 'denied' && insecurePage();
    const stateKey = insecure ? 'local.insecure' : STATE_MESSAGE[state];
    const placeholder = state === 'live' && !m.showsVideo;
    const screen = m.source === 'screen';
    return html`<div part="base" class="base">
      <div part="tile" class="tile">
        <div class="stage ${placeholder || !!stateKey ? 'hidden' : ''}">${host.stage}</div>
        ${
          placeholder
            ? html`<div part="placeholder" class="placeholder">
              ${name ? html`<span part="initials" class="initials" aria-hidden="true">${initialsOf(name)}</span>` : nothing}
              <span>${t(host, host.videoMuted || host.noVideo ? 'local.cameraOff' : 'local.noCamera')}</span>
            </div>`
            : nothing
        }
        ${
          stateKey
            ? html`<div part="state" class="state" role=${state === 'starting' ? 'status' : 'alert'}>
              <span>${t(host, stateKey)}</span>
              ${state === 'denied' ? html`<span class="hint">${t(host, insecure ? 'local.insecureHint' : 'local.deniedHint')}</span>` : nothing}
              ${state === 'starting' || insecure ? nothing : html`<button part="retry" class="retry" @click=${() => void host.retry()}>${t(host, 'local.retry')}</button>`}
            </div>`
            : nothing
        }
        ${
          m.publishError && state === 'live'
            ? html`<div part="publish-error" class="publish-error" role="alert">
              <span>${t(host, 'local.notPublished', { reason: publishReason(host, m.publishError.code, m.publishError.message) })}</span>
              <button part="retry" class="retry" type="button" @click=${() => void host.retry()}>${t(host, 'local.retry')}</button>
            </div>`
            : nothing
        }
        <div part="label" class="label">
          <span>${screen ? t(host, 'local.screen') : name ? `${name} (${t(host, 'local.label')})` : t(host, 'local.label')}</span>
          ${host.audioMuted ? html`<span role="img" aria-label=${t(host, 'local.micMuted')}>${ICONS.micOff}</span>` : nothing}
        </div>
      </div>
      ${host.controls ? this.renderControls() : nothing}
    </div>`;
  }

  private renderControls() {
    const m = this.media;
    const host = this.host;
    const snapshot = m.snapshot;
    const roomIdle = !snapshot || snapshot.state === 'idle' || snapshot.state === 'failed';
    const room = host.closest('zego-room');
    const canJoin = !!room?.getAttribute('room-id') && !!room?.getAttribute('user-id');
    // Each control's name is its visible text, which says what a click does; aria-pressed says a feature is off.
    const control = (cls: string, text: MessageKey, hint: MessageKey, icon: unknown, action: () => void, pressed?: boolean) => {
      return html`<button
        part="control"
        class=${cls}
        type="button"
        title=${t(host, hint)}
        aria-pressed=${pressed === undefined ? nothing : pressed ? 'true' : 'false'}
        @click=${action}
      >
        ${icon}<span class="text">${t(host, text)}</span>
      </button>`;
    };
    const camera = host.noVideo && !host.screen;
    return html`<div part="controls" class="controls" role="group" aria-label=${t(host, 'controls.label')}>
        ${
          camera
            ? nothing
            : host.videoMuted
              ? control('camera', 'controls.videoStart', 'controls.cameraOn', ICONS.cameraOff, () => void host.toggleCamera(), true)
              : control('camera', 'controls.videoStop', 'controls.cameraOff', ICONS.camera, () => void host.toggleCamera(), false)
        }
        ${
          host.noAudio
            ? nothing
            : host.audioMuted
              ? control('microphone', 'controls.unmute', 'controls.micOn', ICONS.micOff, () => void host.toggleMicrophone(), true)
              : control('microphone', 'controls.mute', 'controls.micOff', ICONS.mic, () => void host.toggleMicrophone(), false)
        }
        ${
          !host.noVideo && !host.screen && ((m.devices.cameras.length ?? 0) > 1 || m.canFlip)
            ? control(
                'switch-camera',
                'controls.switch',
                'controls.switchCamera',
                ICONS.switchCamera,
                () => void host.switchCamera().catch(() => {}),
              )
            : nothing
        }
        ${
          canShareScreen
            ? host.screen
              ? control('screen', 'controls.stopShare', 'controls.screenStop', ICONS.screen, () => void host.stopScreenShare(), true)
              : control('screen', 'controls.share', 'controls.screenStart', ICONS.screen, () => void host.startScreenShare(), false)
            : nothing
        }
        <button
          part="control"
          class="devices-toggle"
          type="button"
          title=${t(host, 'controls.devices')}
          aria-expanded=${this.devicesOpen ? 'true' : 'false'}
          aria-controls="devices"
          @click=${() => this.toggleDevices()}
        >
          ${ICONS.settings}<span class="text">${t(host, 'controls.devices')}</span>
        </button>
        ${
          !m.api
            ? nothing
            : !roomIdle
              ? control('leave', 'controls.leave', 'controls.leave', ICONS.leave, () => host.leave())
              : canJoin
                ? control('join', 'controls.join', 'controls.join', ICONS.join, () => void host.join().catch(() => {}))
                : nothing
        }
      </div>
      ${this.devicesOpen ? this.renderDevices() : nothing}`;
  }

  /** The device pickers, each with a visible label and the device's whole name. */
  private renderDevices() {
    const m = this.media;
    const host = this.host;
    const devices = m.devices ?? { cameras: [], microphones: [], speakers: [] };
    const picker = (kind: 'camera' | 'microphone' | 'speaker', list: readonly LocalDevice[], value: string, pick: (id: string) => void) => {
      const label = t(host, `controls.${kind}`);
      return html`<label part="picker-label" class="picker-label">
        <span>${label}</span>
        <select part="picker" class=${`picker ${kind}`} ?disabled=${!list.length} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
          ${
            list.length
              ? list.map(
                  (d, i) =>
                    html`<option value=${d.deviceId} title=${d.label} ?selected=${d.deviceId === value}>${d.label || `${label} ${i + 1}`}</option>`,
                )
              : html`<option>${t(host, 'controls.noDevice')}</option>`
          }
        </select>
      </label>`;
    };
    return html`<div part="devices" class="devices" id="devices">
      ${host.noVideo || host.screen ? nothing : picker('camera', devices.cameras, m.deviceOf('video') || host.cameraID || '', (id) => void host.setCamera(id).catch(() => {}))}
      ${host.noAudio ? nothing : picker('microphone', devices.microphones, m.deviceOf('audio') || host.microphoneID || '', (id) => void host.setMicrophone(id).catch(() => {}))}
      ${canPickSpeaker ? picker('speaker', devices.speakers, host.speakerID ?? '', (id) => host.setSpeaker(id)) : nothing}
    </div>`;
  }
}

export function createLocalVideoView(host: ZegoLocalVideoElement): LocalVideoView {
  return new LocalVideoView(host);
}
