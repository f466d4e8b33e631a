/**
 * Defines the kit's elements: the one module with that side effect. `zego-room` comes first so that the context
 * provider is upgraded before its consumers ask for the room. A tag that is already defined (two copies of the
 * kit on one page) is left as it is. One literal call per tag, so the manifest analyzer sees each definition.
 */
import { ZegoRoomElement } from './elements/zego-room.js';
import { ZegoLocalVideoElement } from './elements/zego-local-video.js';
import { ZegoRemoteVideosElement } from './elements/zego-remote-videos.js';

if (typeof customElements !== 'undefined') {
  if (!customElements.get('zego-room')) customElements.define('zego-room', ZegoRoomElement);
  if (!customElements.get('zego-local-video')) customElements.define('zego-local-video', ZegoLocalVideoElement);
  if (!customElements.get('zego-remote-videos')) customElements.define('zego-remote-videos', ZegoRemoteVideosElement);
}
