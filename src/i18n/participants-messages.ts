/**
 * The strings of `<zego-participants>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const participantsEn = {
  'participants.label': 'Participants',
} as const;

export const participantsZh: Record<keyof typeof participantsEn, string> = {
  'participants.label': 'Participants',
};

registerBuiltins(participantsEn as MessageTable, participantsZh as MessageTable);
