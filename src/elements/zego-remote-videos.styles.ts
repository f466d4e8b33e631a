import { css } from 'lit';

/** The shadow styles of `<zego-remote-videos>`; theming goes through the custom properties and parts in its JSDoc. */
export default css`
  :host {
    display: block;
    position: relative;
    font: var(--zego-font, 13px/1.3 system-ui, sans-serif);
    color: var(--zego-label-color, #fff);
    --_gap: var(--zego-tile-gap, 8px);
    --_radius: var(--zego-tile-radius, 8px);
    --_bg: var(--zego-tile-background, #1f2329);
  }
  [hidden] {
    display: none !important;
  }
  [part='base'] {
    position: relative;
    display: grid;
    gap: var(--_gap);
    box-sizing: border-box;
  }
  [part='base'][data-sized] {
    height: 100%;
  }
  [part='base'][data-layout='grid'] {
    grid-template-columns: repeat(var(--_cols, 1), minmax(0, 1fr));
  }
  [part='base'][data-layout='grid'][data-sized] {
    grid-auto-rows: minmax(0, 1fr);
  }
  [part='base'][data-layout='spotlight'] {
    grid-template-columns: repeat(auto-fill, minmax(var(--zego-strip-tile-width, 160px), 1fr));
  }
  [part='base'][data-layout='spotlight'][data-sized] {
    grid-template-rows: minmax(0, 1fr);
    grid-auto-rows: auto;
  }
  .tile {
    position: relative;
    overflow: hidden;
    min-width: 0;
    min-height: 0;
    border-radius: var(--_radius);
    background: var(--_bg);
    aspect-ratio: var(--zego-tile-aspect-ratio, 16 / 9);
  }
  [data-sized][data-layout='grid'] .tile,
  [data-sized] .tile.main {
    aspect-ratio: auto;
  }
  .tile.main {
    grid-column: 1 / -1;
    order: -1;
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
  [part='speaking'] {
    position: absolute;
    inset: 0;
    border-radius: inherit;
    box-shadow: inset 0 0 0 3px var(--zego-speaking-color, #2ecc71);
    pointer-events: none;
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
    align-items: flex-end;
    gap: 1px;
    height: 10px;
  }
  [part='quality'] i {
    width: 3px;
    background: rgb(255 255 255 / 0.35);
  }
  [part='quality'] i:nth-child(1) { height: 25%; }
  [part='quality'] i:nth-child(2) { height: 50%; }
  [part='quality'] i:nth-child(3) { height: 75%; }
  [part='quality'] i:nth-child(4) { height: 100%; }
  [part='quality'] i.on {
    background: var(--zego-quality-color, #2ecc71);
  }
  [part='quality'][data-bars='1'] i.on {
    background: var(--zego-quality-poor-color, #e74c3c);
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
  [part='more'] {
    display: grid;
    place-items: center;
    min-height: 3em;
    border-radius: var(--_radius);
    background: var(--_bg);
    font-size: 1.4em;
    font-weight: 600;
    aspect-ratio: var(--zego-tile-aspect-ratio, 16 / 9);
  }
  [data-sized][data-layout='grid'] [part='more'] {
    aspect-ratio: auto;
  }
  [part='enable-audio'] {
    position: absolute;
    z-index: 1;
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
  [part='video-toggle'] {
    position: absolute;
    top: 6px;
    right: 6px;
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
  .tile:hover [part='video-toggle'],
  [part='video-toggle']:focus-visible,
  [part='video-toggle'][aria-pressed='true'] {
    opacity: 1;
  }
  @media (hover: none) {
    [part='video-toggle'] {
      opacity: 1;
    }
  }
  [part='video-toggle']:focus-visible {
    outline: 3px solid var(--zego-focus-ring, #8ab4f8);
    outline-offset: 2px;
  }
  [part='empty'] {
    padding: 1em;
    color: var(--zego-empty-color, #666);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
