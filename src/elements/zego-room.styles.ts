import { css } from 'lit';

/**
 * The shadow styles of `<zego-room>`; theming goes through the custom properties and parts in its JSDoc.
 *
 * With no page CSS, the README's three tags look like a call above the fold: on a wide screen the others fill a
 * stage and your video (with its controls) sits in a column beside it; on a phone the others' tiles come first,
 * full width, and your video below them. Anything else the room holds flows after them, full width. Any style the page gives these
 * elements wins over these defaults (a page that lays them out itself sets `display: block` on the room).
 */
export default css`
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: 'status' 'stage' 'self';
    gap: 8px;
    align-items: start;
    align-content: start;
  }
  slot[hidden] {
    display: none;
  }
  [part='status'] {
    grid-area: status;
    font: var(--zego-status-font, 12px/1.5 system-ui, sans-serif);
    color: var(--zego-status-color, #555);
  }
  :host([state='failed']) [part='status'] {
    color: var(--zego-status-error-color, #b00020);
  }
  ::slotted(zego-remote-videos) {
    grid-area: stage;
    min-height: 200px;
  }
  ::slotted(zego-local-video) {
    grid-area: self;
    justify-self: center;
    width: min(100%, 48vh);
  }
  ::slotted(:not(zego-remote-videos, zego-local-video)) {
    grid-column: 1 / -1;
  }
  @media (min-width: 720px) {
    :host {
      grid-template-columns: minmax(0, 1fr) clamp(220px, 26%, 340px);
      grid-template-areas: 'status status' 'stage self';
    }
    ::slotted(zego-remote-videos) {
      height: min(72vh, 45vw);
      min-height: 240px;
    }
    ::slotted(zego-local-video) {
      width: 100%;
    }
  }
`;
