/**
 * Defines the kit's elements: the one module with that side effect. `zego-room` comes first so that the context
 * provider is upgraded before its consumers ask for the room. A tag that is already defined (two copies of the
 * kit on one page) is left as it is.
 */
import { ZegoRoomElement } from './elements/zego-room.js';

const elements: [string, CustomElementConstructor][] = [['zego-room', ZegoRoomElement]];

if (typeof customElements !== 'undefined') {
  for (const [tag, ctor] of elements) if (!customElements.get(tag)) customElements.define(tag, ctor);
}
