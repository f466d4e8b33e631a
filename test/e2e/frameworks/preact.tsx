/** @jsxImportSource preact */
// Preact with `zego-elements/preact`: the tags, attributes, properties, Preact's own props, and `on<event-name>`
// props whose event is typed. The line after `wrong:` must fail.
import type {} from 'zego-elements/preact';
import { useRef } from 'preact/hooks';
import type { ZegoEngineEvent, ZegoRoomElement } from 'zego-elements';

export function Call() {
  const room = useRef<ZegoRoomElement>(null);
  const onState = (e: ZegoEngineEvent<'roomStateChanged'>) => console.log(e.detail.reason);
  return (
    <zego-room
      ref={room}
      room-id="r1"
      user-id="alice"
      server=""
      login-timeout={10}
      engineFactory={undefined}
      class="room"
      onClick={() => room.current?.join()}
      onzego-room-state-changed={onState}
      onzego-room-user-update={(e) => console.log(e.detail.userList.map((u) => u.userID))}
      onzego-error={(e) => console.log(e.detail.code, e.detail.source)}
    >
      <zego-local-video publish controls fit="cover" quality={2} onzego-speaker-change={(e) => console.log(e.detail.deviceId)} />
      <zego-remote-videos layout="grid" page={1} onzego-pin-change={(e) => console.log(e.detail.streamID)} />
      <zego-chat max-messages={50} onzego-chat-send={(e) => console.log(e.detail.message.text)} />
      <zego-participants selectable onzego-participants-select={(e) => console.log(e.detail.userID)} />
      <zego-prejoin user-name="Alice" onzego-prejoin-join={(e) => console.log(e.detail.camera)} />
      <zego-call room-id="r2" theme="dark" onzego-call-state={(e) => console.log(e.detail.state)} />
    </zego-room>
  );
}

// wrong: layout is 'grid' or 'spotlight'
export const Wrong = () => <zego-remote-videos layout="carousel" />;
