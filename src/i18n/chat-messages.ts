/**
 * The strings of `<zego-chat>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 *
 * Registered by a call from the view's module rather than by importing this one for its effect: `package.json`
 * lists the modules with side effects, and bundlers (esbuild, webpack) drop a bare import of any other.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const chatEn = {
  'chat.label': 'Chat',
  'chat.log': 'Messages',
  'chat.empty': 'No messages yet',
  'chat.input': 'Message',
  'chat.placeholder': 'Write a message…',
  'chat.send': 'Send',
  'chat.you': 'You',
  'chat.sending': 'Sending…',
  'chat.waiting': 'Waiting for the room…',
  'chat.sent': 'Sent',
  'chat.failed': 'Not sent: {reason}',
  'chat.reason.rate': 'too many messages at once',
  'chat.reason.room': 'not in the room',
  'chat.reason.long': 'too long',
  'chat.reason.network': 'network problem',
  'chat.reason.other': 'error {code}',
  'chat.resend': 'Resend',
  'chat.delete': 'Delete',
  'chat.newMessage': '1 new message ↓',
  'chat.newMessages': '{count} new messages ↓',
  'chat.counter': '{used}/{max} bytes',
  'chat.tooLong': 'Too long by {over} bytes: a message holds at most {max} bytes.',
} as const;

export const chatZh: Record<keyof typeof chatEn, string> = {
  'chat.label': '聊天',
  'chat.log': '消息',
  'chat.empty': '还没有消息',
  'chat.input': '消息',
  'chat.placeholder': '输入消息…',
  'chat.send': '发送',
  'chat.you': '我',
  'chat.sending': '正在发送…',
  'chat.waiting': '等待加入房间…',
  'chat.sent': '已发送',
  'chat.failed': '未发送：{reason}',
  'chat.reason.rate': '发送太频繁',
  'chat.reason.room': '不在房间中',
  'chat.reason.long': '消息过长',
  'chat.reason.network': '网络问题',
  'chat.reason.other': '错误 {code}',
  'chat.resend': '重新发送',
  'chat.delete': '删除',
  'chat.newMessage': '1 条新消息 ↓',
  'chat.newMessages': '{count} 条新消息 ↓',
  'chat.counter': '{used}/{max} 字节',
  'chat.tooLong': '超出 {over} 字节：一条消息最多 {max} 字节。',
};

let registered = false;

/** Adds the chat's strings to the built-in tables, once. */
export function registerChatMessages(): void {
  if (registered) return;
  registered = true;
  registerBuiltins(chatEn as MessageTable, chatZh as MessageTable);
}
