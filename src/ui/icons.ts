import { html, svg } from 'lit';

// The kit's icons: 24x24 strokes, decorative (each button carries its label in words).
const icon = (body: ReturnType<typeof svg>) =>
  html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const ICONS = {
  camera: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/>`),
  cameraOff: icon(svg`<rect x="2" y="6" width="14" height="12" rx="2"/><path d="M16 10l6-3v10l-6-3z"/><path d="M3 3l18 18"/>`),
  mic: icon(svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/>`),
  micOff: icon(svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4"/><path d="M3 3l18 18"/>`),
  screen: icon(svg`<rect x="2" y="4" width="20" height="13" rx="2"/><path d="M8 21h8M12 17v4"/>`),
  switchCamera: icon(
    svg`<path d="M20 8h-3l-2-3H9L7 8H4a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2z"/><path d="M9 14a3 3 0 0 0 5.2 2M15 12a3 3 0 0 0-5.2-2M14 16h1v-1M10 10H9v1"/>`,
  ),
  // a handset put down
  leave: icon(
    svg`<path d="M22 15.5c0 .8-.6 1.5-1.4 1.6l-3 .5a1.6 1.6 0 0 1-1.8-1.1l-.6-1.9a12 12 0 0 0-6.4 0l-.6 1.9a1.6 1.6 0 0 1-1.8 1.1l-3-.5A1.6 1.6 0 0 1 2 15.5v-1.3c0-1 .5-1.9 1.4-2.3a20 20 0 0 1 17.2 0c.9.4 1.4 1.3 1.4 2.3z"/>`,
  ),
  settings: icon(
    svg`<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0"/><circle cx="16" cy="6" r="2"/><circle cx="10" cy="12" r="2"/><circle cx="18" cy="18" r="2"/>`,
  ),
  join: icon(svg`<path d="M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5M10 17l5-5-5-5M15 12H3"/>`),
  chat: icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z"/>`),
  people: icon(
    svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.2A6.5 6.5 0 0 1 21.5 20"/>`,
  ),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
  link: icon(
    svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`,
  ),
  // four arrows: move
  move: icon(svg`<path d="M12 3v18M3 12h18M9 6l3-3 3 3M9 18l3 3 3-3M6 9l-3 3 3 3M18 9l3 3-3 3"/>`),
};
