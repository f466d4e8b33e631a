/** @jsxImportSource solid-js */
// Solid with `zego-elements/solid`: the tags, attributes, `prop:` properties, Solid's own props, and `on:<event-name>`
// handlers whose event is typed. The line after `wrong:` must fail.
import type {} from 'zego-elements/solid';
import type { ZegoEngineEvent, ZegoRoomElement } from 'zego-elements';

export function Call() {
  let room!: ZegoRoomElement;
  const onState = (e: ZegoEngineEvent<'roomStateChanged'>) => console.log(e.detail.reason);
  return (
    <zego-room
      ref={room}
      room-id="r1"
      user-id="alice"
      server=""
      login-timeout={10}
      prop:engineFactory={undefined}
      class="room"
      onClick={() => room.join()}
      on:zego-room-state-changed={onState}
      on:zego-room-user-update={(e) => console.log(e.detail.userList.map((u) => u.userID))}
      on:zego-error={(e) => console.log(e.detail.code, e.detail.source)}
    >
      <zego-local-video publish controls fit="cover" quality={2} on:zego-speaker-change={(e) => console.log(e.detail.deviceId)} />
      <zego-remote-videos layout="grid" prop:page={1} on:zego-pin-change={(e) => console.log(e.detail.streamID)} />
      <zego-chat max-messages={50} on:zego-chat-send={(e) => console.log(e.detail.message.text)} />
      <zego-participants selectable on:zego-participants-select={(e) => console.log(e.detail.userID)} />
      <zego-prejoin user-name="Alice" on:zego-prejoin-join={(e) => console.log(e.detail.camera)} />
      <zego-call room-id="r2" theme="dark" on:zego-call-state={(e) => console.log(e.detail.state)} />
    </zego-room>
  );
}

// wrong: max-messages is a number
export const Wrong = () => <zego-chat max-messages="many" />;
