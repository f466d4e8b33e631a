import { css } from 'lit';

/**
 * The shadow styles of `<zego-remote-videos>`; theming goes through the custom properties and parts in its JSDoc.
 *
 * Sizing: the element takes the height the page gives it; with none, its `::before` gives it one, the tiles'
 * aspect ratio over its width, at most the viewport's height (and its container's, when that has one). Tiles are
 * placed absolutely inside that stage from the view's layout (src/remote/layout.ts), so they never size it.
 *
 * Tiles are dark in any scheme (video is); what sits on the page's background (the empty stage, the pager)
 * follows `color-scheme` (`light-dark()`).
 */
export default css`
  :host {
    display: block;
    position: relative;
    box-sizing: border-box;
    max-height: 100%;
    min-width: 0;
    overflow: hidden;
    color-scheme: light dark;
    font: var(--zego-font, 13px/1.3 system-ui, sans-serif);
    color: var(--zego-label-color, #fff);
    --_gap: var(--zego-tile-gap, 8px);
    --_radius: var(--zego-tile-radius, 8px);
    --_bg: var(--zego-tile-background, #1f2329);
    --_focus: var(--zego-focus-ring, #8ab4f8);
    --_surface: var(--zego-empty-background, light-dark(#f1f3f4, #1f2329));
    --_on-surface: var(--zego-empty-color, light-dark(#3c4043, #e8eaed));
  }
  :host([hidden]) {
    display: none;
  }
  :host::before {
    content: '';
    display: block;
    aspect-ratio: var(--zego-tile-aspect-ratio, 16 / 9);
    max-height: 100vh;
    max-height: 100dvh;
  }
  [hidden] {
    display: none !important;
  }
  [part='base'] {
    position: absolute;
    inset: 0;
  }
  .probe {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
    width: var(--zego-strip-tile-width, 160px);
    aspect-ratio: var(--zego-tile-aspect-ratio, 16 / 9);
    margin-left: var(--_gap);
  }
  .tile {
    position: absolute;
    box-sizing: border-box;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_bg);
    contain: strict;
  }
  .view {
    position: absolute;
    inset: 0;
  }
  [part='placeholder'] {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 6px;
    padding: 6px;
    box-sizing: border-box;
    text-align: center;
    background: var(--_bg);
  }
  [part='initials'] {
    display: grid;
    place-items: center;
    width: 3.2em;
    height: 3.2em;
    border-radius: 50%;
    background: rgb(255 255 255 / 0.15);
    font-size: 1.4em;
    font-weight: 600;
  }
  .tile[data-size='s'] [part='initials'] {
    width: 2.4em;
    height: 2.4em;
    font-size: 1.1em;
  }
  .tile[data-size='s'] [part='placeholder'] > span:last-child {
    font-size: 0.9em;
  }
  [part='speaking'] {
    position: absolute;
    inset: 0;
    border-radius: inherit;
    box-shadow: inset 0 0 0 3px var(--zego-speaking-color, #2ecc71);
    pointer-events: none;
  }
  .tile.main[data-pinned] {
    box-shadow: inset 0 0 0 1px rgb(255 255 255 / 0.12);
  }
  .bar {
    position: absolute;
    left: 6px;
    bottom: 6px;
    max-width: calc(100% - 12px);
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 2px 6px;
    border-radius: 4px;
    background: var(--zego-label-background, rgb(0 0 0 / 0.5));
    box-sizing: border-box;
  }
  [part='label'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='mic-muted'] {
    display: inline-flex;
    color: var(--zego-quality-poor-color, #e74c3c);
  }
  [part='quality'] {
    display: inline-flex;
    flex: none;
    align-items: flex-end;
    gap: 1px;
    height: 10px;
  }
  [part='quality'] i {
    width: 3px;
    background: rgb(255 255 255 / 0.35);
  }
  [part='quality'] i:nth-child(1) {
    height: 25%;
  }
  [part='quality'] i:nth-child(2) {
    height: 50%;
  }
  [part='quality'] i:nth-child(3) {
    height: 75%;
  }
  [part='quality'] i:nth-child(4) {
    height: 100%;
  }
  [part='quality'] i.on {
    background: var(--zego-quality-color, #2ecc71);
  }
  [part='quality'][data-bars='1'] i.on {
    background: var(--zego-quality-poor-color, #e74c3c);
  }
  [part='presenting'] {
    position: absolute;
    top: 6px;
    left: 6px;
    max-width: calc(100% - 92px);
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 3px 8px;
    border-radius: 4px;
    box-sizing: border-box;
    background: var(--zego-presenting-background, #1a56db);
    color: var(--zego-presenting-color, #fff);
    font-weight: 600;
  }
  [part='presenting'] span {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='presenting'] svg {
    flex: none;
  }
  [part='stats'] {
    position: absolute;
    top: 6px;
    left: 6px;
    margin: 0;
    padding: 4px 6px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.6);
    font: 11px/1.35 ui-monospace, monospace;
    list-style: none;
    pointer-events: none;
  }
  .tile[data-presenting] [part='stats'] {
    top: 36px;
  }
  [part='more'] {
    position: absolute;
    display: grid;
    place-items: center;
    border-radius: var(--_radius);
    background: var(--_bg);
    font-size: 1.4em;
    font-weight: 600;
  }
  [part='enable-audio'] {
    position: absolute;
    z-index: 2;
    top: 8px;
    left: 50%;
    transform: translateX(-50%);
    padding: 8px 16px;
    border: 0;
    border-radius: 999px;
    font: inherit;
    font-weight: 600;
    background: var(--zego-button-background, #2962ff);
    color: var(--zego-button-color, #fff);
    cursor: pointer;
  }
  [part='enable-audio']:focus-visible {
    outline: 3px solid var(--zego-button-color, #fff);
    outline-offset: 2px;
  }
  .actions {
    position: absolute;
    top: 6px;
    right: 6px;
    display: flex;
    gap: 6px;
  }
  [part='video-toggle'],
  [part='pin'] {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    color: var(--zego-label-color, #fff);
    background: rgb(0 0 0 / 0.55);
    cursor: pointer;
    opacity: 0;
    transition: opacity 0.15s;
  }
  [part='pin'][aria-pressed='true'] {
    background: var(--zego-pin-background, #1a56db);
  }
  .tile:hover [part='video-toggle'],
  .tile:hover [part='pin'],
  .tile:focus-within [part='video-toggle'],
  .tile:focus-within [part='pin'],
  [part='video-toggle'][aria-pressed='true'],
  [part='pin'][aria-pressed='true'] {
    opacity: 1;
  }
  @media (hover: none) {
    [part='video-toggle'],
    [part='pin'] {
      opacity: 1;
    }
  }
  [part='video-toggle']:focus-visible,
  [part='pin']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .tile[data-size='s'] .actions {
    top: 4px;
    right: 4px;
    gap: 4px;
  }
  .tile[data-size='s'] [part='video-toggle'],
  .tile[data-size='s'] [part='pin'] {
    width: 28px;
    height: 28px;
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) whatever the tile's size */
  @media (pointer: coarse) {
    .tile [part='video-toggle'],
    .tile [part='pin'] {
      width: 44px;
      height: 44px;
    }
  }
  .tile[data-size='s'] .bar {
    left: 4px;
    bottom: 4px;
    max-width: calc(100% - 8px);
    gap: 4px;
    padding: 1px 4px;
    font-size: 0.9em;
  }
  .tile[data-size='s'] [part='presenting'] {
    max-width: calc(100% - 76px);
    padding: 2px 6px;
    font-size: 0.9em;
  }
  [part='pager'] {
    position: absolute;
    left: 50%;
    transform: translateX(-50%);
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 0 2px;
    box-sizing: border-box;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_on-surface);
  }
  [part='page-status'] {
    min-width: 7em;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  [part='page-prev'],
  [part='page-next'] {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    color: inherit;
    background: transparent;
    cursor: pointer;
  }
  [part='page-prev']:hover:not([aria-disabled='true']),
  [part='page-next']:hover:not([aria-disabled='true']) {
    background: light-dark(rgb(0 0 0 / 0.08), rgb(255 255 255 / 0.12));
  }
  [part='page-prev'][aria-disabled='true'],
  [part='page-next'][aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  [part='page-prev']:focus-visible,
  [part='page-next']:focus-visible {
    outline: 3px solid var(--zego-focus-ring, light-dark(#1a56db, #8ab4f8));
    outline-offset: 2px;
  }
  [part='empty'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 1em;
    box-sizing: border-box;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_on-surface);
    font-size: 1.1em;
    text-align: center;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* a finger needs 44 px (WCAG 2.5.5, Apple's HIG) */
  @media (pointer: coarse) {
    [part='page-prev'],
    [part='page-next'] {
      width: 44px;
      height: 44px;
    }
  }
`;
