import { css } from 'lit';

/** The shadow styles of `<zego-local-video>`; theming goes through the custom properties and parts in its JSDoc. */
export default css`
  :host {
    display: block;
    position: relative;
    font: var(--zego-font, 14px/1.4 system-ui, sans-serif);
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
    gap: var(--zego-controls-gap, 8px);
  }
  .tile {
    position: relative;
    flex: 1 1 auto;
    min-height: 0;
    aspect-ratio: var(--zego-local-aspect-ratio, 4 / 3);
    /* on a wide page without CSS the self-view stays within the screen (the picture is fitted inside) */
    max-height: 80dvh;
    overflow: hidden;
    border-radius: var(--zego-tile-radius, 8px);
    background: var(--zego-tile-background, #111);
  }
  .stage {
    position: absolute;
    inset: 0;
  }
  .stage.hidden {
    visibility: hidden;
  }
  .placeholder,
  .state {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 8px;
    padding: 12px;
    text-align: center;
    box-sizing: border-box;
  }
  .placeholder {
    background: var(--zego-placeholder-background, #2b2f36);
    color: var(--zego-placeholder-color, #d7dae0);
  }
  .initials {
    display: grid;
    place-items: center;
    width: 33%;
    max-width: 96px;
    aspect-ratio: 1;
    border-radius: 50%;
    font-size: 1.6em;
    font-weight: 600;
    background: var(--zego-initials-background, #4b5563);
    color: var(--zego-initials-color, #fff);
  }
  .state {
    background: var(--zego-state-background, rgb(0 0 0 / 0.72));
    color: var(--zego-state-color, #fff);
  }
  .state .hint {
    font-size: 0.86em;
    opacity: 0.85;
  }
  .label {
    position: absolute;
    left: 8px;
    bottom: 8px;
    max-width: calc(100% - 16px);
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px;
    border-radius: 4px;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    background: var(--zego-label-background, rgb(0 0 0 / 0.55));
    color: var(--zego-label-color, #fff);
    font-size: 0.86em;
  }
  .label > span:first-child {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .label svg {
    width: 14px;
    height: 14px;
    flex: none;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: stretch;
    justify-content: center;
    gap: var(--zego-controls-gap, 8px);
    padding: 8px;
    border-radius: var(--zego-tile-radius, 8px);
    background: var(--zego-controls-background, #1f2329);
  }
  button,
  select {
    font: inherit;
    color: var(--zego-control-color, #fff);
    background: var(--zego-control-background, #3a3f47);
    border: 0;
    cursor: pointer;
  }
  button[part~='control'] {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 2px;
    min-width: 56px;
    min-height: 48px;
    padding: 4px 8px;
    border-radius: 12px;
  }
  button[part~='control'] .text {
    font-size: 11px;
    line-height: 1.2;
    white-space: nowrap;
  }
  button[aria-pressed='true'] {
    background: var(--zego-control-off-background, #d93025);
    color: var(--zego-control-off-color, #fff);
  }
  button.leave {
    background: var(--zego-control-danger-background, #d93025);
    color: var(--zego-control-danger-color, #fff);
  }
  button.join {
    background: var(--zego-control-join-background, #1e8e3e);
  }
  button[aria-expanded='true'] {
    background: var(--zego-control-active-background, #5f6368);
  }
  .devices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: 8px 12px;
    padding: 8px 12px 12px;
    border-radius: var(--zego-tile-radius, 8px);
    background: var(--zego-controls-background, #1f2329);
    color: var(--zego-control-color, #fff);
  }
  .picker-label {
    display: grid;
    gap: 4px;
    font-size: 12px;
    min-width: 0;
  }
  select {
    width: 100%;
    min-height: 36px;
    padding: 0 8px;
    border-radius: 6px;
    text-overflow: ellipsis;
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) */
  @media (pointer: coarse) {
    select,
    .retry {
      min-height: 44px;
    }
  }
  button:focus-visible,
  select:focus-visible {
    outline: 3px solid var(--zego-focus-ring, #8ab4f8);
    outline-offset: 2px;
  }
  button:disabled,
  select:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .retry {
    height: 32px;
    padding: 0 12px;
    border-radius: 6px;
  }
  .publish-error {
    position: absolute;
    left: 8px;
    right: 8px;
    top: 8px;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 10px;
    border-radius: 6px;
    background: var(--zego-error-background, rgb(120 20 20 / 0.9));
    color: var(--zego-error-color, #fff);
    font-size: 0.9em;
  }
  .publish-error span {
    flex: 1 1 12em;
  }
`;
