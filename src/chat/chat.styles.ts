import { css } from 'lit';

/**
 * The shadow styles of `<zego-chat>`; theming goes through the custom properties and parts in its JSDoc. Colors
 * use `light-dark()`: the element follows the system's preference unless the page sets `color-scheme` on it.
 */
export default css`
  :host {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: 100%;
    max-height: 100dvh;
    min-width: 0;
    color-scheme: light dark;
    font: var(--zego-chat-font, 14px/1.4 system-ui, sans-serif);
    --_bg: var(--zego-chat-background, light-dark(#fff, #16191d));
    --_fg: var(--zego-chat-color, light-dark(#1f2329, #e8eaed));
    --_muted: var(--zego-chat-muted-color, light-dark(#575d64, #aab1b9));
    --_bubble: var(--zego-chat-bubble-background, light-dark(#f0f2f5, #262b31));
    --_own: var(--zego-chat-own-background, light-dark(#e3ecff, #1d3357));
    --_accent: var(--zego-chat-accent, light-dark(#1a56db, #8ab4f8));
    --_on-accent: var(--zego-chat-on-accent, light-dark(#fff, #0b1a33));
    --_error: var(--zego-chat-error-color, light-dark(#b3261e, #ffb4ab));
    --_border: var(--zego-chat-border-color, light-dark(#c9ced4, #3a4048));
    --_radius: var(--zego-chat-radius, 12px);
    color: var(--_fg);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    flex: 1 1 auto;
    min-height: 0;
    display: flex;
    flex-direction: column;
    background: var(--_bg);
  }
  .body {
    order: -1;
    flex: 1 1 auto;
    min-height: 0;
    position: relative;
    display: flex;
    flex-direction: column;
  }
  [part='list'] {
    flex: 1 1 auto;
    min-height: 0;
    overflow-x: hidden;
    overflow-y: auto;
    overscroll-behavior: contain;
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 12px;
  }
  [part='list']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .end {
    flex: none;
    height: 1px;
    margin-top: -8px;
  }
  [part~='message'] {
    align-self: flex-start;
    max-width: 85%;
    min-width: 0;
    box-sizing: border-box;
    padding: 6px 10px 8px;
    border-radius: var(--_radius);
    border-end-start-radius: 4px;
    background: var(--_bubble);
  }
  [part~='own'] {
    align-self: flex-end;
    border-end-start-radius: var(--_radius);
    border-end-end-radius: 4px;
    background: var(--_own);
  }
  .meta {
    display: flex;
    align-items: baseline;
    gap: 6px;
    font-size: 12px;
    color: var(--_muted);
  }
  [part='author'] {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [part='time'] {
    flex: none;
    font-variant-numeric: tabular-nums;
  }
  [part='text'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='status'] {
    font-size: 12px;
    color: var(--_muted);
  }
  [part='status'].error {
    color: var(--_error);
    font-weight: 600;
  }
  .actions {
    display: flex;
    gap: 6px;
    margin-top: 6px;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part='resend'],
  [part='delete'] {
    min-height: 32px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_fg);
    font-size: 13px;
  }
  [part='resend'] {
    border-color: var(--_accent);
    color: var(--_fg);
    font-weight: 600;
  }
  [part='empty'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    margin: 0;
    padding: 16px;
    color: var(--_muted);
    text-align: center;
    pointer-events: none;
  }
  [part='new-messages'] {
    position: absolute;
    z-index: 1;
    bottom: 8px;
    left: 50%;
    transform: translateX(-50%);
    max-width: calc(100% - 24px);
    min-height: 32px;
    padding: 0 14px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    white-space: nowrap;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
  }
  [part='form'] {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px;
    padding: 8px 12px 12px;
    border-top: 1px solid var(--_border);
  }
  [part='input'] {
    flex: 1 1 0;
    min-width: 0;
    box-sizing: border-box;
    min-height: 40px;
    max-height: 8.5em;
    field-sizing: content;
    margin: 0;
    padding: 9px 14px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    resize: none;
  }
  [part='input']::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  [part='input'][aria-invalid='true'] {
    border-color: var(--_error);
  }
  [part='send'] {
    flex: none;
    min-height: 40px;
    padding: 0 16px;
    border: 0;
    border-radius: 20px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  [part='send']:disabled {
    cursor: default;
    opacity: 0.45;
  }
  [part='counter'] {
    flex: 1 0 100%;
    font-size: 12px;
    color: var(--_muted);
  }
  [part='counter'].over {
    color: var(--_error);
    font-weight: 600;
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) */
  @media (pointer: coarse) {
    [part='input'],
    [part='send'],
    [part='resend'],
    [part='delete'],
    [part='new-messages'] {
      min-height: 44px;
    }
    [part='input'] {
      padding-block: 11px;
      border-radius: 22px;
    }
  }
`;
