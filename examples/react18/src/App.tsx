import { useRef, useState } from 'react';
import type { ZegoEngineEvent, ZegoErrorEvent, ZegoRoomElement } from 'zego-elements';
import { ZegoLocalVideo, ZegoRemoteVideos, ZegoRoom } from 'zego-elements/react';

const params = new URLSearchParams(location.search);
const roomID = params.get('room') ?? 'react18';
const userID = params.get('user') ?? `user${Math.floor(Math.random() * 10000)}`;
// '' = BroadcastChannel between tabs of this browser; ws://host:port/ws = a room server
const server = params.get('server') ?? '';

export function App() {
  const room = useRef<ZegoRoomElement>(null);
  const [state, setState] = useState('');
  const [users, setUsers] = useState<string[]>([]);
  const [log, setLog] = useState<string[]>([]);
  const write = (line: string) => setLog((l) => [`${new Date().toLocaleTimeString()} ${line}`, ...l].slice(0, 100));

  // Each `zego-*` event is an `on<EventName>` prop: zego-room-state-changed -> onRoomStateChanged, zego-error -> onError.
  const onState = (e: ZegoEngineEvent<'roomStateChanged'>) => {
    setState(e.detail.reason);
    write(`${e.type} ${e.detail.reason} ${e.detail.errorCode}`);
  };
  const onUsers = (e: ZegoEngineEvent<'roomUserUpdate'>) => {
    const ids = e.detail.userList.map((u) => u.userID);
    setUsers((list) => (e.detail.updateType === 'ADD' ? [...new Set([...list, ...ids])] : list.filter((id) => !ids.includes(id))));
    write(`${e.type} ${e.detail.updateType} ${ids.join(', ')}`);
  };
  const onError = (e: ZegoErrorEvent) => write(`${e.type} ${e.detail.code} ${e.detail.message}`);

  return (
    <main>
      <h1>
        Room {roomID} as {userID}: <output>{state || 'joining'}</output>
      </h1>
      {/* properties by their names (roomID, server: set on the element), the ref is the element itself */}
      <ZegoRoom
        ref={room}
        roomID={roomID}
        userID={userID}
        server={server}
        onRoomStateChanged={onState}
        onRoomUserUpdate={onUsers}
        onError={onError}
      >
        <ZegoLocalVideo publish controls />
        <ZegoRemoteVideos layout="grid" />
      </ZegoRoom>
      <p>
        Others here: {users.length ? users.join(', ') : 'nobody yet'}{' '}
        <button type="button" onClick={() => void room.current?.leave()}>
          Leave
        </button>
      </p>
      <ol>
        {log.map((line, i) => (
          <li key={log.length - i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
