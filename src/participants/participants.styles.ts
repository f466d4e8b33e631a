import { css } from 'lit';

/**
 * The shadow styles of `<zego-participants>`; theming goes through the custom properties and parts in its JSDoc.
 * The element paints its own background, light or dark after the reader's preference (`light-dark()`; a page or a
 * `<zego-call>` setting `color-scheme` on it picks one), so that its text keeps its contrast on a page without CSS;
 * a page that sets `--zego-participants-background` sets the colours with it.
 */
export default css`
  :host {
    color-scheme: light dark;
    --_bg: var(--zego-participants-background, light-dark(#fff, #1f2329));
    --_fg: var(--zego-participants-color, light-dark(#1f2329, #eef0f3));
    --_muted: var(--zego-participants-muted-color, light-dark(#5b626d, #a7afb9));
    --_line: var(--zego-participants-border-color, light-dark(#d5d9de, #434a54));
    --_hover: var(--zego-participants-hover-background, light-dark(#eef0f3, #2c323a));
    --_accent: var(--zego-participants-accent-color, light-dark(#1a56db, #86abff));
    --_speaking: var(--zego-participants-speaking-color, light-dark(#12813a, #3ddc84));
    --_avatar: var(--zego-participants-avatar-size, 32px);
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
    box-sizing: border-box;
    background: var(--_bg);
    color: var(--_fg);
    border-radius: var(--zego-participants-radius, 8px);
    font: var(--zego-participants-font, var(--zego-font, 14px/1.4 system-ui, sans-serif));
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-height: 0;
    padding: 12px 0 8px;
  }
  [part='heading'] {
    margin: 0 12px 8px;
    font-size: 1.05em;
    font-weight: 600;
    line-height: 1.3;
  }
  [part='count'] {
    color: var(--_muted);
    font-weight: 400;
  }
  [part='search'] {
    margin: 0 12px 8px;
    min-width: 0;
    padding: 6px 10px;
    border: 1px solid var(--_line);
    border-radius: 6px;
    background: transparent;
    color: inherit;
    font: inherit;
  }
  [part='search']::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  [part='search']:focus-visible,
  [part='list']:focus-visible,
  button.row:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  [part='list'] {
    flex: 1 1 auto;
    min-height: 0;
    margin: 0;
    padding: 0 4px;
    list-style: none;
    overflow: hidden auto;
    overscroll-behavior: contain;
  }
  [part='participant'] {
    display: block;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 10px;
    width: 100%;
    min-height: 44px;
    margin: 0;
    padding: 6px 8px;
    box-sizing: border-box;
    border: 0;
    border-radius: 6px;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
  }
  button.row {
    cursor: pointer;
  }
  button.row:hover {
    background: var(--_hover);
  }
  [part='avatar'] {
    flex: none;
    display: grid;
    place-items: center;
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    background: var(--zego-participants-avatar-background, hsl(var(--_hue, 215) 45% 31%));
    color: var(--zego-participants-avatar-color, #fff);
    font-size: calc(var(--_avatar) * 0.4);
    font-weight: 600;
    line-height: 1;
  }
  [data-speaking] [part='avatar'] {
    box-shadow:
      0 0 0 2px var(--_bg),
      0 0 0 4px var(--_speaking);
  }
  .who {
    flex: 1 1 auto;
    display: flex;
    align-items: baseline;
    gap: 6px;
    min-width: 0;
  }
  [part='name'] {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .tag {
    flex: none;
    color: var(--_muted);
    white-space: nowrap;
  }
  [part='presenting'] {
    flex: none;
    padding: 0 6px;
    border: 1px solid currentColor;
    border-radius: 999px;
    color: var(--_accent);
    font-size: 0.85em;
    white-space: nowrap;
  }
  [part='speaking'] {
    flex: none;
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    height: 14px;
  }
  [part='speaking'] i {
    width: 3px;
    height: 100%;
    border-radius: 1px;
    background: var(--_speaking);
    transform-origin: bottom;
    animation: bars 0.9s ease-in-out infinite alternate;
  }
  [part='speaking'] i:nth-child(1) {
    height: 45%;
    animation-delay: -0.3s;
  }
  [part='speaking'] i:nth-child(3) {
    height: 65%;
    animation-delay: -0.6s;
  }
  @keyframes bars {
    to {
      transform: scaleY(0.45);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='speaking'] i {
      animation: none;
    }
  }
  [part='camera'],
  [part='microphone'] {
    flex: none;
    display: inline-grid;
    color: var(--_fg);
  }
  [part='camera']:not([data-state='on']),
  [part='microphone']:not([data-state='on']) {
    color: var(--_muted);
  }
  .unknown circle {
    fill: var(--_bg);
    stroke-width: 1.5;
  }
  .unknown path {
    stroke-width: 1.6;
  }
  [part='empty'] {
    margin: 4px 12px 0;
    color: var(--_muted);
    font-size: 0.93em;
  }
  [part='empty']:empty {
    display: none;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
