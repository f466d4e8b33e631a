// Placeholder: replaced by the participants element's view.
import { html } from 'lit';
import type { ElementView } from '../elements/lazy-element.js';

export function createParticipantsView(): ElementView {
  return { styles: [], render: () => html`` };
}
