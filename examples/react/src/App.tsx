import { useState } from 'react';
import type { ZegoEngineEvent, ZegoErrorEvent } from 'zego-elements';

const params = new URLSearchParams(location.search);
const roomID = params.get('room') ?? 'react';
const userID = params.get('user') ?? `user${Math.floor(Math.random() * 10000)}`;
// '' = BroadcastChannel between tabs of this browser; ws://host:port/ws = a room server
const server = params.get('server') ?? '';

export function App() {
  const [state, setState] = useState('');
  const [users, setUsers] = useState<string[]>([]);
  const [log, setLog] = useState<string[]>([]);
  const write = (line: string) => setLog((l) => [`${new Date().toLocaleTimeString()} ${line}`, ...l].slice(0, 100));

  // React 19 listens for the event named after the prop without `on`: `onzego-room-state-changed` ->
  // `zego-room-state-changed`.
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
      <zego-room
        room-id={roomID}
        user-id={userID}
        server={server}
        onzego-room-state-changed={onState}
        onzego-room-user-update={onUsers}
        onzego-error={onError}
      >
        <zego-local-video publish controls />
        <zego-remote-videos layout="grid" />
      </zego-room>
      <p>Others here: {users.length ? users.join(', ') : 'nobody yet'}</p>
      <ol>
        {log.map((line, i) => (
          <li key={log.length - i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
