// Placeholder: replaced by the prejoin element's view.
import { html } from 'lit';
import type { ElementView } from '../elements/lazy-element.js';

export function createPrejoinView(): ElementView {
  return { styles: [], render: () => html`` };
}
