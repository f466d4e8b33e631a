import { property } from 'lit/decorators.js';
import { loadVideoRenderer, loadedVideoRenderer, prejoinViewLoader } from '../lazy.js';
import type { PrejoinChoices } from '../prejoin/events.js';
import type { PrejoinView } from '../prejoin/prejoin-view.js';
import type { RendererLoaders } from '../render/video-renderer.js';
import { LazyElement } from './lazy-element.js';

export type { PrejoinChoices } from '../prejoin/events.js';

/**
 * The screen before a call: a mirrored camera preview, camera and microphone toggles, a microphone level meter,
 * camera / microphone / speaker pickers with a test sound, and the name field. It works on its own (inside a
 * `<zego-room>` it does not join either): Join fires `zego-prejoin-join` with the choices and stops the preview,
 * so that whoever joins captures with those device IDs. Media problems (permission denied, no device, a device in
 * use) are explained in words with a Retry, and never block Join.
 *
 * The choices are remembered in localStorage under `zego-prejoin` (JSON `{userName, camera, microphone, cameraID,
 * microphoneID, speakerID}`) and win over the attributes, which are the defaults of a first visit; `no-remember`
 * neither reads nor writes them. A device that is gone falls back to the default.
 *
 * @tagname zego-prejoin
 * @summary The pre-join screen of a call: preview, devices, name, Join.
 *
 * @csspart base - The card: preview and form.
 * @csspart preview - The picture area (placeholder included).
 * @csspart video - The canvas showing the camera.
 * @csspart placeholder - Shown while the camera is off or unavailable: initials and a caption.
 * @csspart meter - The microphone level meter (`role="meter"`).
 * @csspart toggles - The group of the camera and microphone toggles.
 * @csspart camera-toggle - The camera on/off button (`aria-pressed="true"` while on).
 * @csspart microphone-toggle - The microphone on/off button.
 * @csspart form - The form: title, name, toggles, pickers, Join.
 * @csspart name - The name input.
 * @csspart name-error - The words under the name field when it cannot be used.
 * @csspart picker - Each device `<select>`.
 * @csspart label - Each field's visible `<label>`.
 * @csspart test-sound - The button that plays a short tone through the speaker.
 * @csspart join - The Join button.
 * @csspart state - Why the camera or microphone is not live (denied, none, in use), with its Retry button.
 *
 * @cssprop --zego-prejoin-font - Font (default 14px/1.4 system-ui).
 * @cssprop --zego-prejoin-max-width - Width of the card at most (default 960px).
 * @cssprop --zego-prejoin-background - Background of the card (default white; #1f2329 dark).
 * @cssprop --zego-prejoin-color - Text color (default #1f2328; #e6e8eb dark).
 * @cssprop --zego-prejoin-muted-color - Secondary text: the hints of a state (default #57606a; #aab1ba dark).
 * @cssprop --zego-prejoin-border - Borders of the card and fields (default #8c959f; #6e7681 dark).
 * @cssprop --zego-prejoin-radius - Corner radius of the card (default 16px).
 * @cssprop --zego-prejoin-shadow - Shadow of the card.
 * @cssprop --zego-prejoin-aspect-ratio - Aspect ratio of the preview (default 16 / 9; 4 / 3 also fits).
 * @cssprop --zego-prejoin-preview-background - Background of the preview and placeholder (default #202124; black dark).
 * @cssprop --zego-prejoin-placeholder-color - Caption color of the placeholder (default #e8eaed).
 * @cssprop --zego-prejoin-initials-background - Initials circle (default #5f6368).
 * @cssprop --zego-prejoin-initials-color - Initials (default white).
 * @cssprop --zego-prejoin-field-background - Inputs and selects (default white; #2b3036 dark).
 * @cssprop --zego-prejoin-accent - Join button and meter (default #0b57d0; #a8c7fa dark).
 * @cssprop --zego-prejoin-accent-color - Text on the accent (default white; #062e6f dark).
 * @cssprop --zego-prejoin-off-background - A toggle that is off (default #b3261e; #ffb4ab dark).
 * @cssprop --zego-prejoin-off-color - Text of a toggle that is off (default white; #690005 dark).
 * @cssprop --zego-prejoin-error-color - Error words (default #b3261e; #ffb4ab dark).
 * @cssprop --zego-prejoin-focus-ring - Keyboard focus ring (default #0b57d0; #a8c7fa dark).
 *
 * @fires {PrejoinChoices} zego-prejoin-join - Join asked (button, Enter, `join()`); bubbles, composed, cancelable: cancelling keeps the preview.
 * @fires {{ choices: PrejoinChoices }} zego-prejoin-change - The person changed the name, a toggle or a device.
 * @fires {{ code: number, message: string, source: "camera" | "microphone" | "engine" }} zego-error - The camera or microphone could not start (1103064 denied, 1103065 in use, 1103061 none), or the view could not load (1101000).
 */
export class ZegoPrejoinElement extends LazyElement<PrejoinView> {
  /** @internal The loader of the element's view (its chunk). */
  static override viewLoader = prejoinViewLoader;
  /** @internal The renderer's loaders, for the view (which cannot import src/lazy.ts). */
  protected static renderers: RendererLoaders = { renderer: loadVideoRenderer, loadedRenderer: loadedVideoRenderer };

  /** Prefills the name field. */
  @property({ attribute: 'user-name' }) userName: string | null = null;

  /** Shown in the title, "Join {room}". */
  @property({ attribute: 'room-name' }) roomName: string | null = null;

  /** Neither reads nor writes the remembered choices. */
  @property({ type: Boolean, attribute: 'no-remember' }) noRemember = false;

  /** Allows joining with an empty name. */
  @property({ type: Boolean, attribute: 'name-optional' }) nameOptional = false;

  /** Text of the Join button instead of "Join". */
  @property({ attribute: 'join-label' }) joinLabel: string | null = null;

  /** Starts with the camera off (when no choice is remembered). */
  @property({ type: Boolean, attribute: 'camera-off' }) cameraOff = false;

  /** Starts with the microphone off (when no choice is remembered). */
  @property({ type: Boolean, attribute: 'microphone-off' }) microphoneOff = false;

  /** The current choices (read-only); from the attributes until the view has loaded. */
  get choices(): PrejoinChoices {
    const n = (this.userName ?? '').trim();
    return (
      this.view?.choices ?? {
        userName: n,
        camera: !this.cameraOff,
        microphone: !this.microphoneOff,
        cameraID: null,
        microphoneID: null,
        speakerID: null,
      }
    );
  }

  /** Does what the Join button does; rejects while the name cannot be used. */
  async join(): Promise<PrejoinChoices> {
    return (await this.whenView()).join();
  }

  /** Opens the camera and microphone again (after a denial, a device in use, or a join). */
  async retry(): Promise<void> {
    (await this.whenView()).retry();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zego-prejoin': ZegoPrejoinElement;
  }
}
