/** What an admin reads when authorization cannot go on, in Chinese and English (one entry per failure). */
import type { AuthorizationFailure } from '../relay/errors.js';

export const FAILURES: Record<AuthorizationFailure, [zh: string, en: string]> = {
  'invalid-original-id': [
    '原始 ID 格式不正确：应为 gh_ 加 12 位字符，可在公众号后台“设置与开发 → 基本设置”中找到。',
    'The original ID is not valid: it is gh_ followed by 12 characters, shown in the Official Account admin under Settings → Basic settings.',
  ],
  'invalid-return-url': [
    '缺少返回地址或返回地址无效。请从 Dynamics 365 的“开通服务”打开。',
    'The return address is missing or not valid. Open Start To Use from Dynamics 365.',
  ],
  'return-url-not-allowed': [
    '“开通服务”只能从 Dynamics 365 环境中打开（https://<组织>.crm.dynamics.com 或 https://<组织>.crm.dynamics.cn）。未保存任何内容。',
    'Start To Use must be opened from a Dynamics 365 environment (https://<org>.crm.dynamics.com or https://<org>.crm.dynamics.cn). Nothing was stored.',
  ],
  'org-mismatch': [
    '返回地址不在所指明的 Dynamics 365 环境中，未保存任何内容。请从该环境的“开通服务”重新开始。',
    'The return address is not on the Dynamics 365 environment named. Nothing was stored. Start again from Start To Use in that environment.',
  ],
  'missing-state': [
    '缺少授权状态参数，请从 Dynamics 365 的“开通服务”重新开始。',
    'The authorization state is missing. Start again from Start To Use in Dynamics 365.',
  ],
  'invalid-state': [
    '授权状态无效（可能被篡改），未保存任何内容。请重新开始。',
    'The authorization state is not valid (it may have been altered). Nothing was stored. Please start again.',
  ],
  'expired-state': [
    '授权已超时，未保存任何内容。请从“开通服务”重新开始。',
    'The authorization took too long and expired. Nothing was stored. Start again from Start To Use.',
  ],
  'browser-mismatch': [
    '此授权不是在这个浏览器中开始的（或浏览器数据已被清除），未保存任何内容。请在您开始授权的浏览器中重新打开“开通服务”。',
    'This authorization was not started in this browser (or the browser’s data was cleared). Nothing was stored. Open Start To Use again in the browser you started in.',
  ],
  'state-used': [
    '此授权已经完成过，不会再次生成绑定令牌。如需新的令牌，请从“开通服务”重新授权。',
    'This authorization was already completed: no new binding token is issued. For a new token, authorize again from Start To Use.',
  ],
  'missing-auth-code': ['微信未返回授权码，未保存任何内容。', 'WeChat returned no authorization code. Nothing was stored.'],
  'auth-code-rejected': [
    '微信拒绝了该授权码（可能已过期或已使用）。请重新授权。',
    'WeChat refused the authorization code (it may have expired or been used). Please authorize again.',
  ],
  'exchange-pending': ['授权仍在处理中，请稍后刷新此页面。', 'The authorization is still being completed. Reload this page in a moment.'],
  'original-id-mismatch': [
    '授权的公众号与您填写的原始 ID 不一致，未保存任何内容。请确认原始 ID 后使用正确的公众号扫码。',
    'The account you authorized is not the one whose original ID you entered. Nothing was stored. Check the original ID and scan with the right account.',
  ],
  'wechat-unavailable': ['暂时无法连接微信，请稍后重试。', 'WeChat could not be reached. Please try again in a moment.'],
};
