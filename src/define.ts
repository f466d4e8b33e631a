/**
 * Defines the kit's elements: the one module with that side effect. `zego-room` comes first so that the context
 * provider is upgraded before its consumers ask for the room. A tag that is already defined (two copies of the
 * kit on one page) is left as it is. One literal call per tag, so the manifest analyzer sees each definition.
 */
import { ZegoRoomElement } from './elements/zego-room.js';
import { ZegoLocalVideoElement } from './elements/zego-local-video.js';
import { ZegoRemoteVideosElement } from './elements/zego-remote-videos.js';
import { ZegoParticipantsElement } from './elements/zego-participants.js';
import { ZegoChatElement } from './elements/zego-chat.js';
import { ZegoPrejoinElement } from './elements/zego-prejoin.js';
import { ZegoCallElement } from './elements/zego-call.js';

if (typeof customElements !== 'undefined') {
  if (!customElements.get('zego-room')) customElements.define('zego-room', ZegoRoomElement);
  if (!customElements.get('zego-local-video')) customElements.define('zego-local-video', ZegoLocalVideoElement);
  if (!customElements.get('zego-remote-videos')) customElements.define('zego-remote-videos', ZegoRemoteVideosElement);
  if (!customElements.get('zego-participants')) customElements.define('zego-participants', ZegoParticipantsElement);
  if (!customElements.get('zego-chat')) customElements.define('zego-chat', ZegoChatElement);
  if (!customElements.get('zego-prejoin')) customElements.define('zego-prejoin', ZegoPrejoinElement);
  if (!customElements.get('zego-call')) customElements.define('zego-call', ZegoCallElement);
}
