import { css } from 'lit';

/**
 * The shadow styles of `<zego-prejoin>`; theming goes through the custom properties and parts in its JSDoc.
 * Side by side (preview left, form right) where both fit, stacked otherwise: flex wrapping, not a viewport query,
 * so a narrow column of a wide page stacks too. Colors use `light-dark()`: the element follows the system's
 * preference unless the page sets `color-scheme` on it.
 */
export default css`
  :host {
    display: block;
    font: var(--zego-prejoin-font, 14px/1.4 system-ui, sans-serif);
    color-scheme: light dark;
    --_bg: var(--zego-prejoin-background, light-dark(#fff, #1f2329));
    --_fg: var(--zego-prejoin-color, light-dark(#1f2328, #e6e8eb));
    --_muted: var(--zego-prejoin-muted-color, light-dark(#57606a, #aab1ba));
    --_border: var(--zego-prejoin-border, light-dark(#6e7781, #8b949e));
    --_field: var(--zego-prejoin-field-background, light-dark(#fff, #2b3036));
    --_accent: var(--zego-prejoin-accent, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--zego-prejoin-accent-color, light-dark(#fff, #062e6f));
    --_off: var(--zego-prejoin-off-background, light-dark(#b3261e, #ffb4ab));
    --_on-off: var(--zego-prejoin-off-color, light-dark(#fff, #690005));
    --_error: var(--zego-prejoin-error-color, light-dark(#b3261e, #ffb4ab));
    --_focus: var(--zego-prejoin-focus-ring, light-dark(#0b57d0, #a8c7fa));
    --_soft: light-dark(#e8ebef, #3c4043);
    --_disabled: light-dark(#d0d7de, #3c4043);
    --_on-disabled: light-dark(#57606a, #aab1ba);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before {
    box-sizing: border-box;
  }
  .base {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 24px;
    max-width: var(--zego-prejoin-max-width, 960px);
    margin: 0 auto;
    padding: 24px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_soft);
    border-radius: var(--zego-prejoin-radius, 16px);
    box-shadow: var(--zego-prejoin-shadow, 0 8px 24px rgb(0 0 0 / 0.12));
  }
  .preview {
    flex: 1.4 1 340px;
    min-width: 0;
    position: relative;
    aspect-ratio: var(--zego-prejoin-aspect-ratio, 16 / 9);
    overflow: hidden;
    border-radius: 12px;
    background: var(--zego-prejoin-preview-background, light-dark(#202124, #000));
  }
  .stage-box,
  .stage,
  .placeholder {
    position: absolute;
    inset: 0;
  }
  .stage-box.hidden {
    visibility: hidden;
  }
  .placeholder {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 8px;
    padding: 12px;
    text-align: center;
    background: var(--zego-prejoin-preview-background, light-dark(#202124, #000));
    color: var(--zego-prejoin-placeholder-color, #e8eaed);
  }
  .initials {
    display: grid;
    place-items: center;
    width: 25%;
    max-width: 96px;
    min-width: 48px;
    aspect-ratio: 1;
    border-radius: 50%;
    font-size: 1.6em;
    font-weight: 600;
    background: var(--zego-prejoin-initials-background, #5f6368);
    color: var(--zego-prejoin-initials-color, #fff);
  }
  .initials svg {
    width: 55%;
    height: 55%;
  }
  .form {
    flex: 1 1 280px;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 12px;
    margin: 0;
  }
  .title {
    margin: 0;
    font-size: 1.45em;
    font-weight: 600;
    line-height: 1.25;
    overflow-wrap: anywhere;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  label {
    font-weight: 500;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    min-width: 0;
  }
  input,
  select {
    width: 100%;
    min-width: 0;
    min-height: 40px;
    padding: 0 12px;
    font: inherit;
    color: var(--_fg);
    background: var(--_field);
    border: 1px solid var(--_border);
    border-radius: 8px;
  }
  select {
    /* beside the test button while it leaves 14em for the name, else above it */
    flex: 1 1 14em;
    text-overflow: ellipsis;
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .error {
    margin: 0;
    color: var(--_error);
    font-size: 0.93em;
    overflow-wrap: anywhere;
  }
  .error:empty {
    display: none;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .toggles {
    display: flex;
    gap: 8px;
  }
  .toggle,
  .test-sound,
  .retry {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 0 14px;
    color: var(--_fg);
    background: var(--_soft);
    border: 1px solid transparent;
    border-radius: 999px;
  }
  .toggle {
    flex: 1 1 0;
    min-width: 0;
    min-height: 44px;
  }
  .toggle[aria-pressed='false'] {
    color: var(--_on-off);
    background: var(--_off);
  }
  .test-sound {
    flex: none;
    border-radius: 8px;
    white-space: nowrap;
  }
  .test-sound.playing svg {
    color: var(--_accent);
  }
  .retry {
    align-self: flex-start;
    min-height: 36px;
    background: transparent;
    border-color: var(--_border);
  }
  .state {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 10px 12px;
    border-radius: 8px;
    border-left: 4px solid var(--_error);
    background: var(--_soft);
  }
  .state.empty {
    display: contents;
  }
  .state p {
    margin: 0;
  }
  .state .hint {
    color: var(--_muted);
    font-size: 0.93em;
  }
  .meter {
    position: relative;
    height: 6px;
    margin-top: 4px;
    overflow: hidden;
    border-radius: 3px;
    background: var(--_soft);
  }
  .meter::before {
    content: '';
    position: absolute;
    inset: 0 auto 0 0;
    width: var(--level, 0%);
    background: var(--_accent);
    transition: width 90ms linear;
  }
  .meter.idle::before {
    width: 0;
  }
  .actions {
    position: sticky;
    bottom: 0;
    padding-top: 4px;
    background: var(--_bg);
  }
  .join {
    width: 100%;
    min-height: 48px;
    padding: 0 16px;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border: 0;
    border-radius: 999px;
  }
  .join:disabled {
    cursor: default;
    color: var(--_on-disabled);
    background: var(--_disabled);
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  input:focus-visible,
  select:focus-visible {
    outline-offset: 0;
  }
  @media (max-width: 600px) {
    .base {
      gap: 16px;
      padding: 16px;
      border: 0;
      border-radius: 0;
      box-shadow: none;
    }
    .title {
      font-size: 1.25em;
    }
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) */
  @media (pointer: coarse) {
    input,
    select,
    .test-sound,
    .retry {
      min-height: 44px;
    }
  }
`;
