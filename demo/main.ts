// ZEGO's quick-start flow, unchanged but for the constructor, on the local engine. Two tabs call each other.
import { ZegoLocalEngine, checkRoomID, type ZegoLocalStream } from '../src/index.js';

const params = new URLSearchParams(location.search);
// Served by `zego-elements serve`: use its room server (other machines on the LAN can join). `?server=` (empty)
// switches to BroadcastChannel between tabs of this browser, with no server at all.
const server = params.has('server')
  ? params.get('server')!
  : `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
$('#transport').textContent = server ? `signalling: room server ${server}` : 'signalling: BroadcastChannel (this browser)';

const join = $<HTMLFormElement>('#join');
const userInput = join.elements.namedItem('user') as HTMLInputElement;
userInput.value = `guest${Math.floor(Math.random() * 1000)}`;

let zg: ZegoLocalEngine | undefined;
let local: ZegoLocalStream | undefined;
let roomID = '';
const streamID = () => `${userInput.value}-main`;

function log(name: string, args: unknown[]) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify(args, (_k, v) => (v instanceof MediaStreamTrack ? `[${v.kind} track]` : v)).slice(0, 300)}`;
  $('#log').prepend(li);
}

function status(text: string) {
  $('#status').textContent = text;
}

function addTile(id: string, label: string, stream: MediaStream) {
  const figure = document.createElement('figure');
  figure.className = 'tile';
  figure.dataset.stream = id;
  const video = document.createElement('video');
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  const caption = document.createElement('figcaption');
  caption.textContent = label; // names are text, never markup
  figure.append(video, caption);
  $('#videos').append(figure);
}

async function getToken(userID: string, room: string): Promise<string> {
  if (!server) return 'local';
  const res = await fetch(`/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(room)}`);
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return (await res.json()).token;
}

join.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (zg) return;
  const roomInput = join.elements.namedItem('room') as HTMLInputElement;
  const bad = checkRoomID(roomInput.value);
  roomInput.setCustomValidity(bad ? `${bad.message} (${bad.code})` : '');
  if (bad) {
    roomInput.reportValidity();
    return;
  }
  roomID = roomInput.value;
  const userID = userInput.value.replace(/[^0-9a-zA-Z_-]/g, '_').slice(0, 64);
  zg = new ZegoLocalEngine(1, server);
  const engine = zg;
  for (const name of ['roomStateChanged', 'roomUserUpdate', 'roomStreamUpdate', 'publisherStateUpdate', 'playerStateUpdate',
    'remoteCameraStatusUpdate', 'remoteMicStatusUpdate', 'IMRecvBroadcastMessage', 'roomOnlineUserCountUpdate', 'tokenWillExpire'] as const) {
    engine.on(name, ((...args: unknown[]) => log(name, args)) as never);
  }
  engine.on('roomStateChanged', (_r, reason, code) => status(`${reason}${code ? ` (${code})` : ''}`));
  engine.on('roomStreamUpdate', async (_r, type, list) => {
    for (const s of list) {
      if (type === 'ADD') {
        const remote = await engine.startPlayingStream(s.streamID).catch(() => null);
        if (remote) addTile(s.streamID, s.user.userName || s.user.userID, remote);
      } else {
        engine.stopPlayingStream(s.streamID);
        document.querySelector(`[data-stream="${CSS.escape(s.streamID)}"]`)?.remove();
      }
    }
  });
  engine.on('IMRecvBroadcastMessage', (_r, list) => {
    for (const m of list) {
      const li = document.createElement('li');
      li.textContent = `${m.fromUser.userName || m.fromUser.userID}: ${m.message}`;
      $('#chat').append(li);
    }
  });
  engine.on('tokenWillExpire', async () => engine.renewToken(await getToken(userID, roomID)));
  try {
    await engine.loginRoom(roomID, await getToken(userID, roomID), { userID, userName: userInput.value }, { userUpdate: true });
    local = await engine.createZegoStream({ camera: { video: { quality: 2 }, audio: true } });
    ($('#local') as HTMLVideoElement).srcObject = local.stream;
    engine.startPublishingStream(streamID(), local);
    ($('#leave') as HTMLButtonElement).disabled = false;
  } catch (err) {
    status(`failed: ${JSON.stringify(err)}`);
    leave();
  }
});

function leave() {
  if (!zg) return;
  if (local) zg.destroyStream(local);
  zg.logoutRoom(roomID);
  zg.destroyEngine();
  zg = local = undefined;
  ($('#local') as HTMLVideoElement).srcObject = null;
  document.querySelectorAll('[data-stream]').forEach((t) => t.remove());
  ($('#leave') as HTMLButtonElement).disabled = true;
}
$('#leave').addEventListener('click', leave);
addEventListener('pagehide', leave);

$<HTMLFormElement>('#say').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = (e.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
  if (!zg || !input.value) return;
  const text = input.value;
  try {
    await zg.sendBroadcastMessage(roomID, text);
    const li = document.createElement('li');
    li.textContent = `you: ${text}`;
    $('#chat').append(li);
    input.value = '';
  } catch (err) {
    status(`message not sent: ${JSON.stringify(err)}`);
  }
});
