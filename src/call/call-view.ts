// Placeholder: replaced by the call element's view.
import { html } from 'lit';
import type { ElementView } from '../elements/lazy-element.js';

export function createCallView(): ElementView {
  return { styles: [], render: () => html`` };
}
