/**
 * The strings of `<zego-prejoin>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const prejoinEn = {
  'prejoin.label': 'Prejoin',
} as const;

export const prejoinZh: Record<keyof typeof prejoinEn, string> = {
  'prejoin.label': 'Prejoin',
};

registerBuiltins(prejoinEn as MessageTable, prejoinZh as MessageTable);
