/** @jsxImportSource react */
// React 19 with `zego-elements/jsx`: the bare tags, attributes, properties, React's own props, and `on<event-name>`
// props whose event is typed (an untyped `e` would fail under `strict`); and the components of `zego-elements/react`,
// which React 19 apps may use too. The line after `wrong:` must fail.
import type {} from 'zego-elements/jsx';
import { useRef } from 'react';
import type { ZegoEngineEvent, ZegoRoomElement } from 'zego-elements';
import { ZegoLocalVideo, ZegoRoom } from 'zego-elements/react';

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
      className="room"
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

export const Wrapped = () => (
  <ZegoRoom roomID="r1" server="" onRoomStateChanged={(e) => console.log(e.detail.reason)}>
    <ZegoLocalVideo publish onSpeakerChange={(e) => console.log(e.detail.deviceId)} />
  </ZegoRoom>
);

// wrong: login-timeout is a number
export const Wrong = () => <zego-room login-timeout="soon" />;
