// The demo: a call page built from the three elements. Served by `zego-elements serve` it uses that room server
// (other machines on the LAN can join); `?server=` (empty) switches to BroadcastChannel between tabs of this
// browser; `?appId=&server=&tokenUrl=` runs it on ZEGO's cloud instead.
import '../src/define.js';
import { ZEGO_EVENT_NAMES, checkRoomID, checkUserID, type ZegoRoomElement } from '../src/index.js';

const params = new URLSearchParams(location.search);
const $ = <T extends Element>(sel: string) => document.querySelector(sel) as T;
const room = $<ZegoRoomElement>('#room');
const join = $<HTMLFormElement>('#join');
const roomInput = join.elements.namedItem('room') as HTMLInputElement;
const userInput = join.elements.namedItem('user') as HTMLInputElement;
const leaveButton = $<HTMLButtonElement>('#leave');

const appId = params.get('appId');
if (appId) {
  room.setAttribute('app-id', appId);
  room.setAttribute('server', params.get('server') ?? '');
  if (params.get('tokenUrl')) room.setAttribute('token-url', params.get('tokenUrl')!);
  $('#transport').textContent = `ZEGO cloud, AppID ${appId}`;
} else {
  const server = params.has('server') ? params.get('server')! : `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  room.setAttribute('server', server);
  $('#transport').textContent = server ? `local engine, room server ${server}` : 'local engine, BroadcastChannel between tabs';
}
if (params.get('room')) roomInput.value = params.get('room')!;
userInput.value = params.get('user') ?? `guest${Math.floor(Math.random() * 1000)}`;

/** The user ID is the name with anything outside the SDK's ID characters replaced; the name shows as typed. */
const userIdOf = (name: string) =>
  name
    .trim()
    .replace(/[^0-9a-zA-Z_\-.]/g, '_')
    .slice(0, 64);

function field(input: HTMLInputElement, errorId: string, problem: { code: number; message: string } | null) {
  input.setAttribute('aria-invalid', String(!!problem));
  $(`#${errorId}`).textContent = problem ? `${problem.message} (${problem.code})` : '';
  return !problem;
}

join.addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = userInput.value.trim();
  const roomOk = field(roomInput, 'room-error', checkRoomID(roomInput.value));
  const userOk = field(userInput, 'user-error', name ? checkUserID(userIdOf(name)) : { code: 1002005, message: 'Enter a name' });
  if (!roomOk || !userOk) return;
  room.setAttribute('room-id', roomInput.value);
  room.setAttribute('user-id', userIdOf(name));
  room.setAttribute('user-name', name);
  $('#local').setAttribute('publish', '');
  leaveButton.disabled = false;
  try {
    await room.join();
  } catch {
    // the failure is on screen (status line) and in the event log
  }
});

function leave() {
  $('#local').removeAttribute('publish');
  room.leave();
  leaveButton.disabled = true;
}
leaveButton.addEventListener('click', leave);
// the controls' leave button leaves through the room too
document.addEventListener('zego-room-state-changed', (e) => {
  if (e.detail.reason === 'LOGOUT' || e.detail.reason === 'KICKOUT') leaveButton.disabled = true;
});

// chat over broadcast messages; names and messages are text, never markup
function chatLine(who: string, text: string) {
  const li = document.createElement('li');
  const strong = document.createElement('strong');
  strong.textContent = `${who}: `;
  li.append(strong, text);
  $('#chat').append(li);
  li.scrollIntoView({ block: 'nearest' });
}
document.addEventListener('zego-im-recv-broadcast-message', (e) => {
  for (const m of e.detail.chatData) chatLine(m.fromUser.userName || m.fromUser.userID, m.message);
});
$<HTMLFormElement>('#say').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = (e.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
  const text = input.value;
  if (!text) return;
  try {
    await room.sendBroadcastMessage(text);
    chatLine('you', text);
    input.value = '';
  } catch (err) {
    chatLine('not sent', `${text} (${JSON.stringify(err)})`);
  }
});

// a live log of every zego-* event: the page a developer keeps open while integrating
const noisy = new Set([
  'zego-publish-quality-update',
  'zego-play-quality-update',
  'zego-sound-level-update',
  'zego-captured-sound-level-update',
  'zego-room-online-user-count-update',
]);
const quality = $<HTMLInputElement>('#log-quality');
const replacer = (_k: string, v: unknown) =>
  v instanceof MediaStreamTrack
    ? `[${v.kind} track]`
    : v instanceof MediaStream
      ? `[MediaStream ${v.id}]`
      : v instanceof Map
        ? Object.fromEntries(v)
        : v;
function logEvent(e: Event) {
  if (noisy.has(e.type) && !quality.checked) return;
  const li = document.createElement('li');
  const detail = (e as CustomEvent).detail;
  li.textContent = `${new Date().toLocaleTimeString()} ${e.type} ${detail === undefined ? '' : JSON.stringify(detail, replacer)?.slice(0, 400)}`;
  const log = $('#log');
  log.prepend(li);
  while (log.childElementCount > 300) log.lastElementChild!.remove();
}
for (const name of [...Object.values(ZEGO_EVENT_NAMES), 'zego-error', 'zego-autoplay-blocked']) document.addEventListener(name, logEvent);
$('#clear-log').addEventListener('click', () => $('#log').replaceChildren());
