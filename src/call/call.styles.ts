import { css } from 'lit';

/**
 * The shadow styles of `<zego-call>`. Colors use `light-dark()` after `theme` (the inner elements inherit the
 * scheme); the stage is dark in both. The layout follows the element's own width (a container query), not the
 * viewport's: below 640px the panel becomes a sheet over the stage and the control bar tightens.
 */
export default css`
  :host {
    display: block;
    block-size: var(--zego-call-height, calc(100dvh - 16px));
    min-block-size: 420px;
    color-scheme: light dark;
    font: var(--zego-call-font, var(--zego-font, 14px/1.4 system-ui, sans-serif));
    --_bg: var(--zego-call-background, light-dark(#f1f3f4, #121417));
    --_fg: var(--zego-call-color, light-dark(#1f2329, #e8eaed));
    --_muted: var(--zego-call-muted-color, light-dark(#5f6368, #9aa0a6));
    --_stage: var(--zego-call-stage-background, #202124);
    --_button: var(--zego-call-button-background, light-dark(#e2e5e9, #2d3136));
    --_button-hover: light-dark(#d3d7dc, #3a3f45);
    --_off: var(--zego-call-off-background, light-dark(#fce8e6, #5c2b29));
    --_on-off: var(--zego-call-off-color, light-dark(#a50e0e, #f6aea9));
    --_accent: var(--zego-call-accent-color, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: light-dark(#fff, #062e6f);
    --_danger: var(--zego-call-danger-color, light-dark(#c5221f, #b3261e));
    --_panel: light-dark(#fff, #1f2329);
    --_radius: var(--zego-call-radius, 12px);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  /* the inner elements follow the call's scheme, whatever the system's */
  zego-prejoin,
  zego-chat,
  zego-participants {
    color-scheme: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .base {
    container: call / inline-size;
    position: relative;
    display: flex;
    flex-direction: column;
    block-size: 100%;
    overflow: hidden;
    background: var(--_bg);
    color: var(--_fg);
    border-radius: var(--_radius);
  }
  .center {
    margin: auto;
    padding: 24px;
    max-inline-size: 36rem;
    text-align: center;
  }

  /* ------------------------------------------------------------------ pre-join */
  .prejoin-screen {
    flex: 1;
    min-block-size: 0;
    overflow: auto;
    display: grid;
    place-items: center;
    padding: 24px;
  }
  zego-prejoin {
    inline-size: min(100%, 880px);
  }

  /* ------------------------------------------------------------------ call */
  .room {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    align-content: stretch;
    flex: 1;
    min-block-size: 0;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 16px;
    min-block-size: 48px;
  }
  .title {
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
  }
  .count {
    color: var(--_muted);
    white-space: nowrap;
  }
  .spacer {
    flex: 1;
  }
  .status {
    position: absolute;
    inset-block-start: 56px;
    inset-inline-start: 50%;
    translate: -50% 0;
    z-index: 6;
    padding: 6px 14px;
    border-radius: 999px;
    background: light-dark(#fef7e0, #463c1b);
    color: light-dark(#5c4300, #fde293);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
  }
  .main {
    position: relative;
    display: flex;
    gap: 12px;
    flex: 1;
    min-block-size: 0;
    padding: 0 12px;
  }
  .stage {
    position: relative;
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    background: var(--_stage);
    border-radius: var(--_radius);
    color-scheme: dark;
  }
  .stage zego-remote-videos {
    position: absolute;
    inset: 0;
    block-size: 100%;
    inline-size: 100%;
  }
  .self {
    position: absolute;
    z-index: 3;
    inline-size: clamp(120px, 22%, 280px);
    margin: 12px;
    border-radius: 10px;
    overflow: hidden;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.45);
    touch-action: none;
    cursor: grab;
    transition: inset 0.2s ease;
  }
  .self[style*='translate'] {
    cursor: grabbing;
    transition: none;
  }
  .self[data-corner='br'] {
    inset: auto 0 0 auto;
  }
  .self[data-corner='bl'] {
    inset: auto auto 0 0;
  }
  .self[data-corner='tl'] {
    inset: 0 auto auto 0;
  }
  .self[data-corner='tr'] {
    inset: 0 0 auto auto;
  }
  .self zego-local-video {
    display: block;
  }
  .move {
    position: absolute;
    inset: 6px 6px auto auto;
    display: grid;
    place-items: center;
    inline-size: 32px;
    block-size: 32px;
    padding: 0;
    border: 0;
    border-radius: 8px;
    background: rgb(0 0 0 / 0.55);
    color: #fff;
    opacity: 0;
    transition: opacity 0.15s;
  }
  .self:hover .move,
  .move:focus-visible {
    opacity: 1;
  }
  @media (hover: none) {
    .move {
      opacity: 1;
    }
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) */
  @media (pointer: coarse) {
    .move {
      inset: 2px 2px auto auto;
      inline-size: 44px;
      block-size: 44px;
    }
  }
  .panel {
    display: flex;
    flex-direction: column;
    inline-size: var(--zego-call-panel-width, 340px);
    min-block-size: 0;
    overflow: hidden;
    background: var(--_panel);
    border-radius: var(--_radius);
  }
  .panel[hidden] {
    display: none;
  }
  .panel-head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 8px 8px 16px;
    border-block-end: 1px solid light-dark(#e3e5e8, #30353b);
  }
  .panel-head h2 {
    flex: 1;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  .close {
    display: grid;
    place-items: center;
    inline-size: 40px;
    block-size: 40px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
  }
  .close:hover {
    background: var(--_button);
  }
  .panel zego-chat,
  .panel zego-participants {
    flex: 1;
    min-block-size: 0;
    border-radius: 0;
  }
  .panel [hidden] {
    display: none;
  }

  /* ------------------------------------------------------------------ control bar */
  .controls {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: 8px;
    padding: 12px;
    flex-wrap: wrap;
  }
  .controls button {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 2px;
    min-inline-size: 76px;
    min-block-size: 56px;
    padding: 6px 12px;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_button);
    font-size: 12px;
    line-height: 1.2;
  }
  .controls .text {
    max-inline-size: 100%;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .controls button:hover {
    background: var(--_button-hover);
  }
  .controls button[aria-pressed='true'] {
    background: var(--_off);
    color: var(--_on-off);
  }
  .controls button[aria-expanded='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .controls button.leave {
    background: var(--_danger);
    color: #fff;
    margin-inline-start: 12px;
  }
  .controls button.leave:hover {
    filter: brightness(1.1);
  }
  .badge {
    position: absolute;
    inset: 4px 10px auto auto;
    min-inline-size: 18px;
    block-size: 18px;
    padding: 0 5px;
    border-radius: 9px;
    background: var(--_danger);
    color: #fff;
    font-size: 11px;
    line-height: 18px;
    font-weight: 600;
  }

  /* ------------------------------------------------------------------ left */
  .left h2 {
    margin: 0 0 8px;
    font-size: 1.5em;
    outline: none;
  }
  .left p {
    margin: 0 0 24px;
    color: var(--_muted);
  }
  .actions {
    display: flex;
    gap: 12px;
    justify-content: center;
    flex-wrap: wrap;
  }
  .actions button {
    min-block-size: 44px;
    padding: 0 20px;
    border-radius: 999px;
    font-weight: 600;
  }
  .primary {
    border: 0;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .secondary {
    border: 1px solid var(--_muted);
    background: transparent;
  }

  /* ------------------------------------------------------------------ narrow: a phone, or a narrow column */
  @container call (max-width: 640px) {
    .header {
      padding: 8px 12px;
    }
    .main {
      padding: 0;
    }
    .stage {
      border-radius: 0;
    }
    .self {
      inline-size: 28%;
      min-inline-size: 96px;
      margin: 8px;
    }
    .panel {
      position: absolute;
      inset: 0;
      z-index: 5;
      inline-size: auto;
      border-radius: 0;
    }
    .controls {
      gap: 4px;
      padding: 8px 4px;
      flex-wrap: nowrap;
    }
    .controls button {
      min-inline-size: 0;
      flex: 1 1 0;
      max-inline-size: 76px;
      padding: 6px 2px;
      font-size: 11px;
    }
    .controls button.leave {
      margin-inline-start: 4px;
    }
    .prejoin-screen {
      padding: 0;
    }
  }
  /* a phone: no screen to share (phones' browsers cannot), and room for the five other buttons */
  @container call (max-width: 480px) {
    .controls button.screen {
      display: none;
    }
  }
  @media (pointer: coarse) {
    .close {
      inline-size: 44px;
      block-size: 44px;
    }
  }
`;
