/** Why a broadcast was refused, failed or waits: English line, then Chinese (the row's wxm_failurereason). */
import { WechatApiError } from '../../wechat/index.js';
import { CHUNK_SIZE, DAILY_MASS_CALLS, MAX_TEXT_BYTES, MONTHLY_MASS_PER_FOLLOWER } from './rules.js';

export interface Reason {
  en: string;
  zh: string;
}

export const reasonText = (r: Reason): string => `${r.en}\n${r.zh}`;

export type Refusal =
  | { code: 'no-account' }
  | { code: 'account-not-connected' }
  | { code: 'cannot-mass-send'; why: Reason[] }
  | { code: 'empty-audience' }
  | { code: 'one-follower' }
  | { code: 'all-month-limited'; followers: number }
  | { code: 'no-tag' }
  | { code: 'tag-not-in-wechat' }
  | { code: 'audience-refused'; reason: Reason }
  | { code: 'openids-need-service' }
  | { code: 'subscription-sent-today' }
  | { code: 'daily-calls'; needed: number; left: number }
  | { code: 'schedule-past'; at: string }
  | { code: 'empty-text' }
  | { code: 'text-too-long'; bytes: number }
  | { code: 'no-media' }
  | { code: 'no-article' }
  | { code: 'article-invalid'; fields: string[] }
  | { code: 'article-image'; note: string; why: Reason }
  | { code: 'video'; why: Reason }
  | { code: 'push-content' }
  | { code: 'no-preview-follower' }
  | { code: 'not-deletable' };

export function explainRefusal(r: Refusal): Reason {
  switch (r.code) {
    case 'no-account':
      return { en: 'Refused: choose the official account that sends.', zh: '已拒绝：请选择发送的公众号。' };
    case 'account-not-connected':
      return {
        en: 'Refused: the official account is not connected to this organization through a Signed Service.',
        zh: '已拒绝：该公众号未通过签约服务连接到此组织。',
      };
    case 'cannot-mass-send':
      return {
        en: `Refused: this account cannot mass send: ${r.why.map((w) => w.en).join('; ')}.`,
        zh: `已拒绝：该账号无法群发：${r.why.map((w) => w.zh).join('；')}。`,
      };
    case 'empty-audience':
      return { en: 'Refused: the audience has no follower who still follows.', zh: '已拒绝：受众中没有仍在关注的粉丝。' };
    case 'one-follower':
      return {
        en: 'Refused: WeChat mass sends by openid to at least 2 followers, and this audience has 1. Send a preview or a customer-service message instead.',
        zh: '已拒绝：微信按 OpenID 群发至少需要 2 位粉丝，而此受众只有 1 位。请改用预览或客服消息。',
      };
    case 'all-month-limited':
      return {
        en: `Refused: all ${r.followers} followers of the audience already received ${MONTHLY_MASS_PER_FOLLOWER} mass messages this month; WeChat would deliver it to nobody.`,
        zh: `已拒绝：受众中全部 ${r.followers} 位粉丝本月已收到 ${MONTHLY_MASS_PER_FOLLOWER} 条群发，微信不会送达任何人。`,
      };
    case 'no-tag':
      return { en: 'Refused: the audience is a tag, but no tag is chosen.', zh: '已拒绝：受众为标签，但未选择标签。' };
    case 'tag-not-in-wechat':
      return {
        en: 'Refused: the tag is not in WeChat yet (no WeChat tag id); wait until it is synced.',
        zh: '已拒绝：该标签尚未同步到微信（没有微信标签 ID），请等待同步完成。',
      };
    case 'audience-refused':
      return { en: `Refused: ${r.reason.en}`, zh: `已拒绝：${r.reason.zh}` };
    case 'openids-need-service':
      return {
        en: 'Refused: sending to a view or marketing list goes by openid (mass/send), which WeChat allows service accounts only. Use everyone or a tag.',
        zh: '已拒绝：向视图或营销列表发送需按 OpenID 群发（mass/send），微信仅向服务号开放。请改用全部粉丝或标签。',
      };
    case 'subscription-sent-today':
      return {
        en: 'Refused: a subscription account mass sends once a day, and it already sent today (Beijing time). Schedule it for tomorrow.',
        zh: '已拒绝：订阅号每天只能群发一次，今天（北京时间）已经发送过。请定时到明天。',
      };
    case 'daily-calls':
      return {
        en: `Refused: the audience needs ${r.needed} mass-send calls (${CHUNK_SIZE.toLocaleString('en')} followers each) and the account has ${r.left} of its ${DAILY_MASS_CALLS} left today.`,
        zh: `已拒绝：该受众需要 ${r.needed} 次群发调用（每次 ${CHUNK_SIZE} 位粉丝），而该账号今天的 ${DAILY_MASS_CALLS} 次只剩 ${r.left} 次。`,
      };
    case 'schedule-past':
      return {
        en: `Refused: Send On (${r.at}) is in the past. Clear it to send now, or choose a later time.`,
        zh: `已拒绝：发送时间（${r.at}）已过。清空即立即发送，或选择更晚的时间。`,
      };
    case 'empty-text':
      return { en: 'Refused: the text is empty.', zh: '已拒绝：文本内容为空。' };
    case 'text-too-long':
      return {
        en: `Refused: the text is ${r.bytes} bytes; WeChat takes at most ${MAX_TEXT_BYTES}.`,
        zh: `已拒绝：文本为 ${r.bytes} 个字节，微信最多接受 ${MAX_TEXT_BYTES} 个字节。`,
      };
    case 'no-media':
      return {
        en: 'Refused: an image, voice or video broadcast needs its Media ID (permanent material).',
        zh: '已拒绝：图片、语音或视频群发需要素材 ID（永久素材）。',
      };
    case 'no-article':
      return { en: 'Refused: the article needs a title, a body and a cover image (Media ID).', zh: '已拒绝：图文需要标题、正文和封面图（素材 ID）。' };
    case 'article-invalid':
      return {
        en: `Refused: the article breaks WeChat's limits in: ${r.fields.join(', ')} (title ≤ 32 characters, author ≤ 16, body under 20,000 characters, a cover image).`,
        zh: `已拒绝：图文以下内容超出微信限制：${r.fields.join('、')}（标题不超过 32 字，作者不超过 16 字，正文少于 20,000 字，需封面图）。`,
      };
    case 'article-image':
      return {
        en: `Refused: the article image note:${r.note} was not uploaded: ${r.why.en}`,
        zh: `已拒绝：图文图片 note:${r.note} 未能上传：${r.why.zh}`,
      };
    case 'video':
      return {
        en: `Refused: the video was not prepared for a mass send (media/uploadvideo needs a temporary video's media id): ${r.why.en}`,
        zh: `已拒绝：视频未能用于群发（media/uploadvideo 需要临时视频素材 ID）：${r.why.zh}`,
      };
    case 'push-content':
      return {
        en: 'Refused: an active push sends customer-service messages: text, image, voice or video (not an article).',
        zh: '已拒绝：主动推送发送客服消息，仅支持文本、图片、语音或视频（不支持图文）。',
      };
    case 'no-preview-follower':
      return { en: 'Preview not sent: choose the follower (or openid) who gets it.', zh: '未发送预览：请选择接收预览的粉丝（或 OpenID）。' };
    case 'not-deletable':
      return { en: 'Not deleted: WeChat deletes sent articles and videos only.', zh: '未删除：微信只能删除已发送的图文和视频。' };
  }
}

const WECHAT_TEXTS: Record<number, Reason> = {
  48003: {
    en: 'WeChat refused (48003): the mass-send agreement was never accepted. An administrator must accept it in the MP console (mp.weixin.qq.com → 群发功能) first.',
    zh: '微信拒绝（48003）：尚未同意群发协议。管理员需先在公众平台（mp.weixin.qq.com → 群发功能）同意。',
  },
  45028: { en: 'WeChat refused (45028): no mass-send quota left today.', zh: '微信拒绝（45028）：今天已没有群发额度。' },
  48001: {
    en: 'WeChat refused (48001): the account lacks the mass-send permission (set 7) or is not verified.',
    zh: '微信拒绝（48001）：该账号没有群发权限（权限集 7）或未认证。',
  },
  45067: { en: 'WeChat refused (45067): clientmsgid too long.', zh: '微信拒绝（45067）：clientmsgid 过长。' },
  40007: { en: 'WeChat refused (40007): the media id is not this account’s (or expired).', zh: '微信拒绝（40007）：素材 ID 不属于该账号（或已过期）。' },
  43004: { en: 'WeChat refused (43004): the preview follower no longer follows.', zh: '微信拒绝（43004）：接收预览的粉丝已取消关注。' },
};

export function explainWechatError(err: WechatApiError): Reason {
  return WECHAT_TEXTS[err.errcode] ?? { en: `WeChat refused (${err.errcode}): ${err.en}`, zh: `微信拒绝（${err.errcode}）：${err.zh}` };
}

export const AWAITING_CONFIRMATION: Reason = {
  en: 'Waiting: "API 群发保护" is on, so an administrator must confirm this send in WeChat within 30 minutes.',
  zh: '等待中：已开启“API 群发保护”，管理员需在 30 分钟内在微信中确认此次群发。',
};

export const NOT_CONFIRMED: Reason = {
  en: 'Failed: no administrator confirmed the send in WeChat within 30 minutes ("API 群发保护").',
  zh: '失败：30 分钟内没有管理员在微信中确认此次群发（“API 群发保护”）。',
};
