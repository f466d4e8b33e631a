import type { callEn } from './call-messages.js';
import type { chatEn } from './chat-messages.js';
import type { participantsEn } from './participants-messages.js';
import type { prejoinEn } from './prejoin-messages.js';

/**
 * Every string the elements show (buttons, states, placeholders, ARIA labels) comes from here. English and
 * Simplified Chinese are built in; `setMessages(locale, table)` adds or overrides a locale. An element picks the
 * locale from the nearest `lang` attribute (crossing shadow roots), falling back to the page's, then English.
 */

export const en = {
  // room status
  'status.idle': 'Not in a room',
  'status.connecting': 'Joining {room}…',
  'status.connected': 'In {room} as {user}',
  'status.reconnecting': 'Reconnecting…',
  'status.failed': 'Failed: {reason}',
  'status.kickedOut': 'Left the room: you joined it from another tab or device',
  // local video
  'local.label': 'You',
  'local.starting': 'Starting camera…',
  'local.denied': 'Camera or microphone blocked',
  'local.deniedHint': 'Allow access in the browser’s site settings, then try again.',
  'local.insecure': 'Camera and microphone need https',
  'local.insecureHint': 'Browsers allow them only on pages opened over https:// (or on localhost). Open this page with https://.',
  'local.deviceLost': 'Camera or microphone disconnected',
  'local.noDevice': 'No camera or microphone found',
  'local.cameraOff': 'Camera off',
  'local.screen': 'Your screen',
  'local.retry': 'Try again',
  'local.error': 'Camera or microphone failed',
  'local.noCamera': 'No camera found',
  'local.micMuted': 'Microphone muted',
  'local.notPublished': 'Others can’t see or hear you: {reason}',
  'local.reason.duplicate': 'this stream ID is already used in the app',
  'local.reason.denied': 'your token does not allow publishing here',
  'local.reason.network': 'the room could not be reached',
  // controls
  'controls.label': 'Call controls',
  'controls.cameraOff': 'Turn camera off',
  'controls.cameraOn': 'Turn camera on',
  'controls.micOff': 'Mute microphone',
  'controls.micOn': 'Unmute microphone',
  'controls.camera': 'Camera',
  'controls.microphone': 'Microphone',
  'controls.speaker': 'Speaker',
  'controls.screenStart': 'Share screen',
  'controls.screenStop': 'Stop sharing',
  'controls.leave': 'Leave',
  'controls.join': 'Join',
  'controls.switchCamera': 'Switch camera',
  'controls.switch': 'Flip',
  'controls.videoStop': 'Stop video',
  'controls.videoStart': 'Start video',
  'controls.mute': 'Mute',
  'controls.unmute': 'Unmute',
  'controls.share': 'Share',
  'controls.stopShare': 'Stop share',
  'controls.devices': 'Devices',
  'controls.noDevice': 'None found',
  // remote videos
  'remote.label': 'Participants',
  'remote.empty': 'Waiting for others to join…',
  'remote.joining': 'Joining…',
  'remote.notJoined': 'Not in the call',
  'remote.cameraOff': 'Camera off',
  'remote.micMuted': 'Microphone muted',
  'remote.speaking': 'Speaking',
  'remote.connecting': 'Connecting…',
  'remote.more': '+{count}',
  'remote.moreLabel': '{count} more participants not shown',
  'remote.enableAudio': 'Enable audio',
  'remote.enableAudioHint': 'The browser blocked sound until you interact with the page.',
  'remote.network': 'Network quality: {quality}',
  'remote.quality.0': 'excellent',
  'remote.quality.1': 'good',
  'remote.quality.2': 'fair',
  'remote.quality.3': 'poor',
  'remote.quality.4': 'unknown',
  'remote.stats': 'Statistics',
  'remote.pauseVideo': 'Stop receiving video',
  'remote.resumeVideo': 'Receive video again',
  'remote.videoPaused': 'Video paused for you',
  'remote.quality.bad': 'very poor',
  'remote.stats.resolution': '{width}×{height}',
  'remote.stats.fps': '{fps} fps',
  'remote.stats.bitrate': '{kbps} kbps',
  'remote.stats.rtt': 'RTT {ms} ms',
  'remote.stats.loss': 'Loss {percent}%',
  'remote.stalled': 'Reconnecting…',
  'remote.presenting': '{name} is presenting',
  'remote.pin': 'Pin {name}',
  'remote.pinHint': 'Pin: show large',
  'remote.unpinHint': 'Unpin: back to the grid',
  'remote.pages': 'Pages',
  'remote.page': 'Page {page} of {pages}',
  'remote.prevPage': 'Previous page',
  'remote.nextPage': 'Next page',
} as const;

/**
 * Every key: the entry's own (above) and those of the elements that load on first use (`*-messages.ts` beside this
 * file, registered by their chunks with `registerBuiltins`, so their strings cost the CDN entry nothing).
 */
export type MessageKey = keyof typeof en | keyof typeof callEn | keyof typeof chatEn | keyof typeof participantsEn | keyof typeof prejoinEn;
export type MessageTable = Partial<Record<MessageKey, string>>;

export const zhCN: Record<keyof typeof en, string> = {
  'status.idle': '未加入房间',
  'status.connecting': '正在加入 {room}…',
  'status.connected': '已加入 {room}（{user}）',
  'status.reconnecting': '正在重新连接…',
  'status.failed': '失败：{reason}',
  'status.kickedOut': '已离开房间：你在其他标签页或设备上加入了该房间',
  'local.label': '我',
  'local.starting': '正在打开摄像头…',
  'local.denied': '摄像头或麦克风被禁止',
  'local.deniedHint': '请在浏览器的网站设置中允许访问，然后重试。',
  'local.insecure': '摄像头和麦克风需要 https',
  'local.insecureHint': '浏览器只允许通过 https://（或 localhost）打开的页面使用它们。请用 https:// 打开此页面。',
  'local.deviceLost': '摄像头或麦克风已断开',
  'local.noDevice': '未找到摄像头或麦克风',
  'local.cameraOff': '摄像头已关闭',
  'local.screen': '你的屏幕',
  'local.retry': '重试',
  'local.error': '摄像头或麦克风出错',
  'local.noCamera': '未找到摄像头',
  'local.micMuted': '麦克风已静音',
  'local.notPublished': '其他人看不到也听不到你：{reason}',
  'local.reason.duplicate': '该流 ID 已在应用中使用',
  'local.reason.denied': '你的令牌不允许在此推流',
  'local.reason.network': '无法连接到房间',
  'controls.label': '通话控制',
  'controls.cameraOff': '关闭摄像头',
  'controls.cameraOn': '打开摄像头',
  'controls.micOff': '静音麦克风',
  'controls.micOn': '取消麦克风静音',
  'controls.camera': '摄像头',
  'controls.microphone': '麦克风',
  'controls.speaker': '扬声器',
  'controls.screenStart': '共享屏幕',
  'controls.screenStop': '停止共享',
  'controls.leave': '离开',
  'controls.join': '加入',
  'controls.switchCamera': '切换摄像头',
  'controls.switch': '翻转',
  'controls.videoStop': '关闭视频',
  'controls.videoStart': '开启视频',
  'controls.mute': '静音',
  'controls.unmute': '取消静音',
  'controls.share': '共享',
  'controls.stopShare': '停止共享',
  'controls.devices': '设备',
  'controls.noDevice': '未找到',
  'remote.label': '参与者',
  'remote.empty': '等待其他人加入…',
  'remote.joining': '正在加入…',
  'remote.notJoined': '未在通话中',
  'remote.cameraOff': '摄像头已关闭',
  'remote.micMuted': '麦克风已静音',
  'remote.speaking': '正在讲话',
  'remote.connecting': '正在连接…',
  'remote.more': '+{count}',
  'remote.moreLabel': '还有 {count} 位参与者未显示',
  'remote.enableAudio': '开启声音',
  'remote.enableAudioHint': '浏览器在你与页面交互之前禁止了声音。',
  'remote.network': '网络质量：{quality}',
  'remote.quality.0': '极好',
  'remote.quality.1': '良好',
  'remote.quality.2': '一般',
  'remote.quality.3': '较差',
  'remote.quality.4': '未知',
  'remote.stats': '统计信息',
  'remote.pauseVideo': '停止接收视频',
  'remote.resumeVideo': '重新接收视频',
  'remote.videoPaused': '已为你暂停视频',
  'remote.quality.bad': '极差',
  'remote.stats.resolution': '{width}×{height}',
  'remote.stats.fps': '{fps} 帧/秒',
  'remote.stats.bitrate': '{kbps} kbps',
  'remote.stats.rtt': '往返时延 {ms} ms',
  'remote.stats.loss': '丢包 {percent}%',
  'remote.stalled': '正在重新连接…',
  'remote.presenting': '{name} 正在共享屏幕',
  'remote.pin': '固定 {name}',
  'remote.pinHint': '固定：放大显示',
  'remote.unpinHint': '取消固定：回到宫格',
  'remote.pages': '分页',
  'remote.page': '第 {page} 页，共 {pages} 页',
  'remote.prevPage': '上一页',
  'remote.nextPage': '下一页',
};

const ZH = ['zh', 'zh-cn', 'zh-hans'];
/** The kit's own strings per locale; chunks add theirs. */
const builtins = new Map<string, MessageTable>([['en', en], ...ZH.map((l) => [l, zhCN] as [string, MessageTable])]);
/** The page's strings (`setMessages`): they win over the built-in ones. */
const tables = new Map<string, MessageTable>();
const listeners = new Set<() => void>();

/** Adds or overrides the strings of a locale (`'fr'`, `'zh-TW'`); missing keys fall back to English. */
export function setMessages(locale: string, table: MessageTable): void {
  const key = locale.toLowerCase();
  tables.set(key, { ...tables.get(key), ...table });
  for (const fn of listeners) fn();
}

/** A lazily loaded part of the kit adds its built-in English and Chinese strings (the page's own still win). */
export function registerBuiltins(english: MessageTable, chinese: MessageTable): void {
  builtins.set('en', { ...builtins.get('en'), ...english });
  for (const l of ZH) builtins.set(l, { ...builtins.get(l), ...chinese });
  for (const fn of listeners) fn();
}

/** Elements re-render when a table changes; returns the unsubscribe function. */
export function onMessagesChanged(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The `lang` in force for a node: the nearest ancestor's attribute, across shadow roots, else the document's. */
export function localeOf(node: Node): string {
  let n: Node | null = node;
  while (n) {
    if (n instanceof Element && n.hasAttribute('lang')) return n.getAttribute('lang')!;
    n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
  }
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** The string for `key` in `locale` (`zh-CN` tries `zh-cn`, then `zh`, then English), with `{name}` filled in. */
export function message(locale: string, key: MessageKey, vars?: Record<string, string | number>): string {
  const lower = locale.toLowerCase();
  const base = lower.split('-')[0];
  const text =
    tables.get(lower)?.[key] ??
    builtins.get(lower)?.[key] ??
    tables.get(base)?.[key] ??
    builtins.get(base)?.[key] ??
    builtins.get('en')?.[key] ??
    key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** `message` for the locale in force at `node`. */
export function t(node: Node, key: MessageKey, vars?: Record<string, string | number>): string {
  return message(localeOf(node), key, vars);
}
