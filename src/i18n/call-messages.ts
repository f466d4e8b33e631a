/**
 * The strings of `<zego-call>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const callEn = {
  'call.title': 'Call',
} as const;

export const callZh: Record<keyof typeof callEn, string> = {
  'call.title': '通话',
};

registerBuiltins(callEn as MessageTable, callZh as MessageTable);
