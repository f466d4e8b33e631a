/**
 * The strings of `<zego-call>`, English and Simplified Chinese, registered when its chunk loads (the CDN entry
 * carries none of them). Keys are part of `MessageKey`.
 */
import { registerBuiltins, type MessageTable } from './messages.js';

export const callEn = {
  'call.title': 'Call',
  'call.joining': 'Joining…',
  'call.reconnecting': 'Connection lost: reconnecting…',
  'call.stage': 'Videos',
  'call.people': '{count} in the call',
  'call.peopleShort': 'People',
  'call.chat': 'Chat',
  'call.participants': 'Participants',
  'call.showChat': 'Open the chat',
  'call.hideChat': 'Close the chat',
  'call.showParticipants': 'Show who is in the call',
  'call.hideParticipants': 'Close the participants list',
  'call.closePanel': 'Close the panel',
  'call.unread': '{count} unread messages',
  'call.leaveHint': 'Leave the call',
  'call.moveSelf': 'Move your video to the {corner} corner',
  'call.corner.br': 'bottom right',
  'call.corner.bl': 'bottom left',
  'call.corner.tl': 'top left',
  'call.corner.tr': 'top right',
  'call.left': 'You left the call',
  'call.leftHint': 'Your camera and microphone are off.',
  'call.removed': 'You were removed from the call',
  'call.failed': 'The call ended',
  'call.rejoin': 'Rejoin',
  'call.backToSetup': 'Back to setup',
} as const;

export const callZh: Record<keyof typeof callEn, string> = {
  'call.title': '通话',
  'call.joining': '正在加入…',
  'call.reconnecting': '连接已断开，正在重连…',
  'call.stage': '视频',
  'call.people': '通话中 {count} 人',
  'call.peopleShort': '成员',
  'call.chat': '聊天',
  'call.participants': '成员',
  'call.showChat': '打开聊天',
  'call.hideChat': '关闭聊天',
  'call.showParticipants': '查看通话成员',
  'call.hideParticipants': '关闭成员列表',
  'call.closePanel': '关闭面板',
  'call.unread': '{count} 条未读消息',
  'call.leaveHint': '离开通话',
  'call.moveSelf': '把你的画面移到{corner}',
  'call.corner.br': '右下角',
  'call.corner.bl': '左下角',
  'call.corner.tl': '左上角',
  'call.corner.tr': '右上角',
  'call.left': '你已离开通话',
  'call.leftHint': '你的摄像头和麦克风已关闭。',
  'call.removed': '你已被移出通话',
  'call.failed': '通话已结束',
  'call.rejoin': '重新加入',
  'call.backToSetup': '返回设置',
};

registerBuiltins(callEn as MessageTable, callZh as MessageTable);
