/**
 * The strings of `<zego-participants>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const participantsEn = {
  'participants.label': 'Participants',
  'participants.count': '({count})',
  'participants.you': '(You)',
  'participants.search': 'Search participants',
  'participants.searchPlaceholder': 'Search by name',
  'participants.noMatch': 'No one matches “{query}”',
  'participants.alone': 'Only you are here',
  'participants.notJoined': 'Nobody here yet',
  'participants.speaking': 'Speaking',
  'participants.presenting': 'Presenting',
  'participants.cameraOn': 'Camera on',
  'participants.cameraOff': 'Camera off',
  'participants.cameraUnknown': 'Camera: unknown',
  'participants.micOn': 'Microphone on',
  'participants.micOff': 'Microphone off',
  'participants.micUnknown': 'Microphone: unknown',
} as const;

export const participantsZh: Record<keyof typeof participantsEn, string> = {
  'participants.label': '参与者',
  'participants.count': '({count})',
  'participants.you': '（我）',
  'participants.search': '搜索参与者',
  'participants.searchPlaceholder': '按名称搜索',
  'participants.noMatch': '没有与“{query}”匹配的参与者',
  'participants.alone': '只有你在这里',
  'participants.notJoined': '还没有人',
  'participants.speaking': '正在讲话',
  'participants.presenting': '正在共享屏幕',
  'participants.cameraOn': '摄像头已打开',
  'participants.cameraOff': '摄像头已关闭',
  'participants.cameraUnknown': '摄像头：未知',
  'participants.micOn': '麦克风已打开',
  'participants.micOff': '麦克风已关闭',
  'participants.micUnknown': '麦克风：未知',
};

registerBuiltins(participantsEn as MessageTable, participantsZh as MessageTable);
