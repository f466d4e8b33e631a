import { css } from 'lit';

/** The shadow styles of `<zego-room>`; theming goes through the custom properties and parts in its JSDoc. */
export default css`
  :host {
    display: block;
  }
  slot[hidden] {
    display: none;
  }
  [part='status'] {
    font: var(--zego-status-font, 12px/1.5 system-ui, sans-serif);
    color: var(--zego-status-color, #555);
  }
  :host([state='failed']) [part='status'] {
    color: var(--zego-status-error-color, #b00020);
  }
`;
