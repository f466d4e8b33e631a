/**
 * The strings of `<zego-chat>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const chatEn = {
  'chat.label': 'Chat',
} as const;

export const chatZh: Record<keyof typeof chatEn, string> = {
  'chat.label': 'Chat',
};

registerBuiltins(chatEn as MessageTable, chatZh as MessageTable);
