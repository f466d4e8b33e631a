import { html, nothing, svg, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { createRef, ref } from 'lit/directives/ref.js';
import { DeferredTeardown } from '../controllers/deferred-teardown.js';
import type { ZegoPrejoinElement } from '../elements/zego-prejoin.js';
import type { ElementView } from '../elements/lazy-element.js';
import '../i18n/prejoin-messages.js';
import { t, type MessageKey } from '../i18n/messages.js';
import type { LocalDevice } from '../local/device-lists.js';
import { ZegoErrorEvent } from '../room/events.js';
import type { RendererLoaders, VideoRenderer } from '../render/video-renderer.js';
import { Code } from '../shared/codes.js';
import { insecurePage } from '../engine/secure-context.js';
import { initialsOf } from '../ui/initials.js';
import { ZegoPrejoinChangeEvent, ZegoPrejoinJoinEvent, type PrejoinChoices } from './events.js';
import { FAILED, NAME_MAX, PrejoinController, type Kind, type MediaState } from './prejoin-controller.js';
import styles from './prejoin.styles.js';

export interface PrejoinView extends ElementView {
  readonly choices: PrejoinChoices;
  join(): PrejoinChoices;
  retry(): void;
}

const canPickSpeaker = typeof HTMLMediaElement !== 'undefined' && typeof HTMLMediaElement.prototype.setSinkId === 'function';

const icon = (body: ReturnType<typeof svg>) =>
  html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const CAMERA = svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/>`;
const MIC = svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/>`;
const SLASH = svg`<path d="M3 3l18 18"/>`;
const PERSON = svg`<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`;
const SPEAKER = svg`<path d="M11 5L6 9H2v6h4l5 4zM15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14"/>`;

/** The placeholder's caption while the camera is not live. */
const CAPTION: Record<MediaState, MessageKey> = {
  off: 'prejoin.caption.off',
  starting: 'prejoin.caption.starting',
  live: 'prejoin.caption.off',
  denied: 'prejoin.caption.denied',
  none: 'prejoin.caption.none',
  'in-use': 'prejoin.caption.inUse',
  error: 'prejoin.caption.error',
};
/** State lines, in this order: the message family of each state worth words. */
const STATE_LINES = [
  ['denied', 'denied'],
  ['in-use', 'inUse'],
  ['error', 'error'],
  ['none', 'none'],
  ['starting', 'starting'],
] as const;

/** The view of `<zego-prejoin>`: the template, the preview's renderer and the events; the logic is the controller's. */
export function createPrejoinView(host: ZegoPrejoinElement): PrejoinView {
  const loaders = (host.constructor as unknown as { renderers: RendererLoaders }).renderers;
  const stage = Object.assign(document.createElement('div'), { className: 'stage' });
  const meter = createRef<HTMLElement>();
  const nameInput = createRef<HTMLInputElement>();
  let renderer: VideoRenderer | undefined;
  let rendererLoad: Promise<unknown> | undefined;

  const controller = new PrejoinController(
    () => ({
      remember: !host.noRemember,
      nameOptional: host.nameOptional,
      userName: host.userName,
      cameraOff: host.cameraOff,
      microphoneOff: host.microphoneOff,
    }),
    {
      changed(byPerson) {
        syncRenderer();
        host.requestUpdate();
        /** @ignore documented with @fires on the element */
        if (byPerson) host.dispatchEvent(new ZegoPrejoinChangeEvent({ choices: controller.choices }));
      },
      level(level) {
        const el = meter.value;
        if (!el) return;
        el.style.setProperty('--level', `${level}%`);
        el.setAttribute('aria-valuenow', String(level));
      },
      error(detail) {
        /** @ignore documented with @fires on the element */
        host.dispatchEvent(new ZegoErrorEvent(detail));
      },
    },
  );

  /** The renderer lives while the controller runs: made on start (once its module is there), disposed on stop. */
  function syncRenderer(): void {
    if (!controller.running) {
      renderer?.dispose();
      renderer = undefined;
      return;
    }
    if (renderer) {
      renderer.stream = controller.videoStream;
      return;
    }
    const make = ({ VideoRenderer }: typeof import('../render/video-renderer.js')) => {
      if (renderer || !controller.running) return;
      renderer = new VideoRenderer(stage, { fit: 'cover', mirror: true });
      renderer.stream = controller.videoStream;
    };
    const loaded = loaders.loadedRenderer();
    if (loaded) make(loaded);
    else
      rendererLoad ??= loaders.renderer().then(
        (m) => {
          rendererLoad = undefined;
          make(m);
        },
        (e: unknown) => {
          rendererLoad = undefined;
          host.dispatchEvent(
            new ZegoErrorEvent({ code: Code.INIT_SDK_WRONG, message: `the video renderer could not load: ${String(e)}`, source: 'camera' }),
          );
        },
      );
  }

  host.addController(
    new DeferredTeardown({
      connect: () => controller.start(),
      disconnect: () => controller.stop(),
    }),
  );

  function join(): PrejoinChoices {
    controller.touchName();
    const problem = controller.nameProblem();
    if (problem)
      throw Object.assign(new Error(nameError() ?? 'invalid name'), {
        code: problem.kind === 'required' ? Code.INPUT_PARAM : Code.USER_NAME_TOO_LONG,
      });
    const choices = controller.choices;
    controller.remember();
    const event = new ZegoPrejoinJoinEvent(choices);
    host.dispatchEvent(event);
    if (!event.defaultPrevented) controller.stop();
    return choices;
  }

  function submit(): void {
    try {
      join();
    } catch {
      nameInput.value?.focus();
    }
  }

  /** The words under the name field, or null. */
  function nameError(): string | null {
    const problem = controller.nameProblem();
    if (!problem) return null;
    if (problem.kind === 'too-long') return t(host, 'prejoin.nameTooLong', { count: problem.count, max: NAME_MAX });
    return controller.nameTouched ? t(host, 'prejoin.nameRequired') : null;
  }

  function toggle(kind: Kind) {
    const on = controller.wanted[kind];
    const camera = kind === 'camera';
    const action: MessageKey = camera
      ? on
        ? 'prejoin.cameraOff'
        : 'prejoin.cameraOn'
      : on
        ? 'prejoin.microphoneOff'
        : 'prejoin.microphoneOn';
    // The name stays the same (the state is aria-pressed); the tooltip says what a click does.
    return html`<button part=${`${kind}-toggle`} class="toggle" type="button" aria-pressed=${on ? 'true' : 'false'} title=${t(host, action)} @click=${() => controller.toggle(kind)}>
      ${icon(on ? (camera ? CAMERA : MIC) : svg`${camera ? CAMERA : MIC}${SLASH}`)}
      <span>${t(host, camera ? 'prejoin.camera' : 'prejoin.microphone')}</span>
    </button>`;
  }

  function picker(kind: Kind | 'speaker', list: readonly LocalDevice[], extra: unknown = nothing) {
    const label = t(host, `prejoin.${kind}`);
    const value = controller.deviceOf(kind) ?? '';
    const shown = list.find((d) => d.deviceId === value) ?? list[0];
    const name = (d: LocalDevice, i: number) => d.label || `${label} ${i + 1}`;
    // One template whether or not there is a list yet, so that `extra` (the test button) keeps its element and focus.
    return html`<div class="field ${kind}">
      ${list.length ? html`<label part="label" for=${`${kind}-picker`}>${label}</label>` : nothing}
      <div class="row">
        ${
          list.length
            ? html`<select
                part="picker"
                id=${`${kind}-picker`}
                title=${name(shown, list.indexOf(shown))}
                @change=${(e: Event) => controller.pick(kind, (e.target as HTMLSelectElement).value)}
              >
                ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d === shown}>${name(d, i)}</option>`)}
              </select>`
            : nothing
        }
        ${extra}
      </div>
      ${
        kind === 'microphone' && list.length
          ? html`<div part="meter" class="meter ${controller.state.microphone === 'live' ? '' : 'idle'}" role="meter" aria-label=${t(host, 'prejoin.level')} aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" ${ref(meter)}></div>`
          : nothing
      }
    </div>`;
  }

  /** The speaker picker (where the browser can route sound) and the test tone, which plays anyway. */
  function speaker() {
    const c = controller;
    const test = html`<button part="test-sound" class="test-sound ${c.toneOn ? 'playing' : ''}" type="button" @click=${() => void c.testSound()}>
      ${icon(SPEAKER)}<span>${t(host, 'prejoin.testSound')}</span>
    </button>`;
    return picker('speaker', canPickSpeaker ? c.devices.speakers : [], test);
  }

  function stateLines() {
    const lines = [];
    for (const [state, family] of STATE_LINES) {
      const kinds = (['camera', 'microphone'] as const).filter((k) => controller.wanted[k] && controller.state[k] === state);
      if (!kinds.length) continue;
      lines.push(html`<p>${t(host, `prejoin.${family}.${kinds.length === 2 ? 'both' : kinds[0]}`)}</p>`);
      if (state === 'denied')
        lines.push(html`<p class="hint">${t(host, insecurePage() ? 'local.insecureHint' : 'prejoin.deniedHint')}</p>`);
    }
    return lines;
  }

  function render() {
    const c = controller;
    const choices = c.choices;
    const error = nameError();
    const lines = stateLines();
    const failed = (['camera', 'microphone'] as const).some((k) => c.wanted[k] && FAILED.has(c.state[k]));
    const showsVideo = c.state.camera === 'live' && c.wanted.camera;
    const initials = initialsOf(c.userName);
    const devices = c.devices;
    const joinText = host.joinLabel || t(host, failed && !choices.camera && !choices.microphone ? 'prejoin.joinWithout' : 'prejoin.join');
    return html`<div part="base" class="base">
      <div part="preview" class="preview">
        <div class="stage-box ${showsVideo ? '' : 'hidden'}">${stage}</div>
        ${
          showsVideo
            ? nothing
            : html`<div part="placeholder" class="placeholder">
              <span class="initials" aria-hidden="true">${initials || icon(PERSON)}</span>
              <span>${t(host, CAPTION[c.wanted.camera ? c.state.camera : 'off'])}</span>
            </div>`
        }
      </div>
      <form part="form" class="form" novalidate aria-labelledby="title" @submit=${(e: Event) => (e.preventDefault(), submit())}>
        <h2 id="title" class="title">${host.roomName ? t(host, 'prejoin.titleRoom', { room: host.roomName }) : t(host, 'prejoin.title')}</h2>
        <div class="field">
          <label part="label" for="name">${t(host, host.nameOptional ? 'prejoin.nameOptional' : 'prejoin.name')}</label>
          <input
            part="name"
            id="name"
            type="text"
            autocomplete="name"
            ?required=${!host.nameOptional}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby="name-error"
            .value=${live(c.userName)}
            ${ref(nameInput)}
            @input=${(e: Event) => c.setName((e.target as HTMLInputElement).value)}
            @blur=${() => c.touchName()}
            @keydown=${(e: KeyboardEvent) => {
              // Enter submits, except while an input method composes (Chinese, Japanese): there it confirms text.
              if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
              e.preventDefault();
              submit();
            }}
          />
          <p part="name-error" id="name-error" class="error" aria-live="polite">${error ?? ''}</p>
        </div>
        <div part="toggles" class="toggles" role="group" aria-label=${t(host, 'prejoin.devices')}>${toggle('camera')}${toggle('microphone')}</div>
        <div part="state" class="state ${lines.length ? '' : 'empty'}" role="status">
          ${lines}
          ${failed ? html`<button class="retry" type="button" @click=${() => c.retry()}>${t(host, 'prejoin.retry')}</button>` : nothing}
        </div>
        ${devices.cameras.length && c.state.camera !== 'denied' ? picker('camera', devices.cameras) : nothing}
        ${devices.microphones.length && c.state.microphone !== 'denied' ? picker('microphone', devices.microphones) : nothing}
        ${speaker()}
        <div class="actions">
          <button part="join" class="join" type="submit" ?disabled=${!!c.nameProblem()}>${joinText}</button>
        </div>
      </form>
    </div>`;
  }

  return {
    styles: [styles],
    render,
    get choices() {
      return controller.choices;
    },
    join,
    retry: () => controller.retry(),
    willUpdate(changed: PropertyValues) {
      // a name the page sets after the start replaces the field's; the first value is read by the controller
      if (changed.has('userName') && changed.get('userName') !== undefined) controller.setNameFromPage(host.userName ?? '');
    },
  };
}
