// React 18 with `zego-elements/react`: a component per element, properties by name, the element as `ref`, and
// `on<EventName>` props whose event is typed. The line after `wrong:` must fail.
import { useRef } from 'react';
import type { ZegoErrorEvent, ZegoRoomElement } from 'zego-elements';
import { ZegoCall, ZegoChat, ZegoLocalVideo, ZegoParticipants, ZegoPrejoin, ZegoRemoteVideos, ZegoRoom } from 'zego-elements/react';

export function Call() {
  const room = useRef<ZegoRoomElement>(null);
  const onError = (e: ZegoErrorEvent) => console.log(e.detail.code, e.detail.source);
  return (
    <ZegoRoom
      ref={room}
      roomID="r1"
      userID="alice"
      server=""
      loginTimeout={10}
      engineFactory={undefined}
      className="room"
      onClick={() => room.current?.join()}
      onRoomStateChanged={(e) => console.log(e.detail.reason)}
      onRoomUserUpdate={(e) => console.log(e.detail.userList.map((u) => u.userID))}
      onError={onError}
    >
      <ZegoLocalVideo publish controls fit="cover" quality={2} mirror={false} onSpeakerChange={(e) => console.log(e.detail.deviceId)} />
      <ZegoRemoteVideos layout="grid" page={1} onPinChange={(e) => console.log(e.detail.streamID)} />
      <ZegoChat maxMessages={50} onChatSend={(e) => console.log(e.detail.message.text)} />
      <ZegoParticipants selectable onParticipantsSelect={(e) => console.log(e.detail.userID)} />
      <ZegoPrejoin userName="Alice" onPrejoinJoin={(e) => console.log(e.detail.camera)} />
      <ZegoCall roomID="r2" theme="dark" onCallState={(e) => console.log(e.detail.state)} />
    </ZegoRoom>
  );
}

// wrong: loginTimeout is a number
export const Wrong = () => <ZegoRoom loginTimeout="soon" />;
