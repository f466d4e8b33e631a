// Placeholder: replaced by the chat element's view.
import { html } from 'lit';
import type { ElementView } from '../elements/lazy-element.js';

export function createChatView(): ElementView {
  return { styles: [], render: () => html`` };
}
