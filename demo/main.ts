// The demo: a call app on <zego-call>. Served by `zego-elements serve` it uses that room server (other machines on
// the LAN can join with the invite link); `?server=` (empty) switches to BroadcastChannel between tabs of this
// browser; `?appId=&server=&tokenUrl=` runs it on ZEGO's cloud instead. Each tab is its own user (the call's
// random per-tab user ID), so two people typing the same name never collide.
import '../src/define.js';
import { ZEGO_EVENT_NAMES, checkRoomID, type ZegoCallElement } from '../src/index.js';

const params = new URLSearchParams(location.search);
const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const call = $<ZegoCallElement>('#call');

// the room: from the address, else a new one written into it, so that the address is the invite link
let roomID = params.get('room') ?? '';
if (!roomID || checkRoomID(roomID)) {
  roomID = `demo-${Math.random().toString(36).slice(2, 8)}`;
  params.set('room', roomID);
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}
call.setAttribute('room-id', roomID);
call.setAttribute('room-name', roomID);
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
if (params.get('theme')) call.setAttribute('theme', params.get('theme')!);

const appId = params.get('appId');
let transport: string;
if (appId) {
  call.setAttribute('app-id', appId);
  call.setAttribute('server', params.get('server') ?? '');
  if (params.get('tokenUrl')) call.setAttribute('token-url', params.get('tokenUrl')!);
  transport = `ZEGO cloud, AppID ${appId}`;
} else {
  const server = params.has('server') ? params.get('server')! : `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  call.setAttribute('server', server);
  transport = server ? `local engine, room server ${server}` : 'local engine, BroadcastChannel between tabs';
}
$('#transport').textContent = transport;
$('#room-id').textContent = roomID;

// the invite link: this address (room and transport in it)
const announce = (text: string) => {
  $('#announce').textContent = '';
  requestAnimationFrame(() => ($('#announce').textContent = text));
};
$('#invite').addEventListener('click', async () => {
  const label = $('#invite span');
  try {
    await navigator.clipboard.writeText(location.href);
    label.textContent = 'Link copied';
    announce('Invite link copied');
  } catch {
    // no clipboard (an insecure origin, a refused permission): show the link to copy by hand
    prompt('Copy this link and send it:', location.href);
  }
  setTimeout(() => (label.textContent = 'Copy invite link'), 2000);
});

// the developer panel: who am I, and a live log of every zego-* event
const dev = $('#dev');
const toggle = $<HTMLButtonElement>('#dev-toggle');
function showDev(open: boolean) {
  dev.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
  (open ? $<HTMLButtonElement>('#dev-close') : toggle).focus();
}
toggle.addEventListener('click', () => showDev(dev.hidden));
$('#dev-close').addEventListener('click', () => showDev(false));
dev.addEventListener('keydown', (e) => e.key === 'Escape' && showDev(false));
call.addEventListener('zego-call-state', (e) => {
  const room = call.room;
  $('#user-id').textContent = room ? `${room.userName ?? ''} (${room.userID})` : e.detail.state;
});

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
  // text, never markup: names and messages come from other people
  li.textContent = `${new Date().toLocaleTimeString()} ${e.type} ${detail === undefined ? '' : JSON.stringify(detail, replacer)?.slice(0, 400)}`;
  li.dataset.event = e.type;
  const log = $('#log');
  log.prepend(li);
  while (log.childElementCount > 300) log.lastElementChild!.remove();
}
const names = [
  ...Object.values(ZEGO_EVENT_NAMES),
  'zego-error',
  'zego-autoplay-blocked',
  'zego-call-state',
  'zego-chat-send',
  'zego-chat-message',
  'zego-prejoin-join',
  'zego-participants-select',
];
for (const name of names) document.addEventListener(name, logEvent);
$('#clear-log').addEventListener('click', () => $('#log').replaceChildren());
