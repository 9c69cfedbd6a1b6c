/**
 * MASSSENDJOBFINISH's Status in words (English, then Chinese): `send success`, `send fail`, or `err(N)` for content
 * WeChat refused after review (wechat-marketing.md §4).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { Reason } from './reasons.js';

const ERR: Record<string, Reason> = {
  '10001': { en: 'suspected advertising', zh: '涉嫌广告' },
  '20001': { en: 'suspected politics', zh: '涉嫌政治' },
  '20004': { en: 'suspected social content', zh: '涉嫌社会' },
  '20002': { en: 'suspected pornography', zh: '涉嫌色情' },
  '20006': { en: 'suspected illegal crime', zh: '涉嫌违法犯罪' },
  '20008': { en: 'suspected fraud', zh: '涉嫌欺诈' },
  '20013': { en: 'suspected copyright infringement', zh: '涉嫌版权' },
  '22000': { en: 'suspected mutual promotion', zh: '涉嫌互推（互相宣传）' },
  '21000': { en: 'suspected other content', zh: '涉嫌其他' },
  '30001': { en: 'the originality check failed and the article may not be reprinted', zh: '原创校验出现系统错误且用户选择了被判为转载就不群发' },
  '30002': { en: 'the originality check found a reprint that may not be mass sent', zh: '原创校验被判定为不能群发' },
  '30003': {
    en: 'the originality check found a reprint and the send was told to stop on reprints',
    zh: '原创校验被判定为转载文且用户选择了被判为转载就不群发',
  },
};

export function explainStatus(status: string): Reason {
  if (status === 'send success') return { en: 'WeChat sent it.', zh: '微信已发送。' };
  if (status === 'send fail') {
    return {
      en: 'WeChat did not send it (send fail): it was not confirmed in time ("API 群发保护"), or WeChat stopped it.',
      zh: '微信未发送（send fail）：未在规定时间内确认（“API 群发保护”），或被微信终止。',
    };
  }
  const code = /^err\((\d+)\)$/.exec(status)?.[1];
  const known = code ? ERR[code] : undefined;
  if (code) {
    return {
      en: `WeChat stopped it after review (err(${code})${known ? `: ${known.en}` : ''}).`,
      zh: `微信审核后未发送（err(${code})${known ? `：${known.zh}` : ''}）。`,
    };
  }
  return { en: `WeChat reported "${status}".`, zh: `微信返回“${status}”。` };
}
