/**
 * Every text of the web authorization pages (a follower's phone, inside WeChat), in Chinese and English. One
 * language per page, chosen from Accept-Language: WeChat's browser sends the phone's language.
 */
import type { WebAuthorizationRefusal } from '../relay/oauth/web-authorization.js';
import type { PersonKind } from '../relay/binding/people.js';

export type PageLanguage = 'zh' | 'en';

/** The first of our languages the browser asks for, by q-value then order; Chinese when it names neither (WeChat's own default). */
export function pageLanguage(acceptLanguage: string | null): PageLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh';
}

type Texts = Record<PageLanguage, string>;

export const REFUSAL_TEXTS: Record<WebAuthorizationRefusal, { title: Texts; detail: Texts }> = {
  'invalid-request': {
    title: { zh: '链接无效', en: 'This link is not valid' },
    detail: { zh: '请从公众号的菜单或消息中重新打开链接。', en: 'Open the link again from the account’s menu or message.' },
  },
  'not-granted': {
    title: { zh: '暂不可用', en: 'Not available' },
    detail: {
      zh: '该公众号尚未向本服务授权网页授权权限（权限集 4），无法在此页面识别您的身份。',
      en: 'This Official Account has not granted web authorization (permission set 4) to this service, so this page cannot recognise you.',
    },
  },
  'forged-state': {
    title: { zh: '链接已被修改', en: 'This link was changed' },
    detail: { zh: '链接中的参数不是本服务签发的。请从公众号重新打开。', en: 'Its parameters were not issued by this service. Open it again from the account.' },
  },
  'expired-state': {
    title: { zh: '链接已过期', en: 'This link has expired' },
    detail: {
      zh: '授权需在 10 分钟内完成。请从公众号重新打开。',
      en: 'Authorization has to be finished within 10 minutes. Open the link again from the account.',
    },
  },
  'in-progress': {
    title: { zh: '正在处理', en: 'Still working' },
    detail: { zh: '上一次打开仍在处理中，请稍候几秒后刷新。', en: 'The first opening of this page is still being handled. Refresh in a few seconds.' },
  },
  'code-used': {
    title: { zh: '授权码已使用', en: 'This authorization was already used' },
    detail: { zh: '微信的授权码只能使用一次。请从公众号重新打开链接。', en: 'WeChat’s authorization code works once. Open the link again from the account.' },
  },
  denied: {
    title: { zh: '未授权', en: 'Not authorized' },
    detail: { zh: '您没有同意授权，页面未获取任何信息。', en: 'You did not agree, so nothing about you was read.' },
  },
};

export const UNAVAILABLE: { title: Texts; detail: Texts } = {
  title: { zh: '服务暂时不可用', en: 'Temporarily unavailable' },
  detail: { zh: '请稍后从公众号重新打开链接。', en: 'Open the link again from the account in a little while.' },
};

export const PERSON_TEXTS: Record<PersonKind, Texts> = {
  contact: { zh: '客户（联系人）', en: 'a customer (contact)' },
  lead: { zh: '潜在顾客', en: 'a lead' },
  systemuser: { zh: '员工账号（用于接收通知）', en: 'an employee account (for notifications)' },
};

export const BINDING_TEXTS: Record<'bound' | 'used' | 'expired' | 'invalid' | 'no-follower', { title: Texts; detail: Texts }> = {
  bound: {
    title: { zh: '绑定成功', en: 'Linked' },
    detail: { zh: '您的微信已绑定到{person}。', en: 'Your WeChat is now linked to {person}.' },
  },
  used: {
    title: { zh: '绑定码已使用', en: 'This binding code was already used' },
    detail: { zh: '每个绑定码只能使用一次。如需重新绑定，请让对方生成新的绑定码。', en: 'Each binding code works once. Ask for a new one to bind again.' },
  },
  expired: {
    title: { zh: '绑定码已过期', en: 'This binding code has expired' },
    detail: { zh: '请让对方生成新的绑定码。', en: 'Ask for a new binding code.' },
  },
  invalid: {
    title: { zh: '绑定码无效', en: 'This binding code is not valid' },
    detail: { zh: '该绑定码不属于此公众号，未做任何绑定。', en: 'The code does not belong to this account; nothing was linked.' },
  },
  'no-follower': {
    title: { zh: '请先关注公众号', en: 'Follow the account first' },
    detail: {
      zh: '关注公众号后再次打开链接即可完成绑定；绑定码仍然有效。',
      en: 'Follow the account, then open the link again; the binding code is still valid.',
    },
  },
};

export const PROFILE_TEXTS = {
  title: { zh: '我的信息', en: 'About me' },
  name: { zh: '名称', en: 'Name' },
  noName: { zh: '（未提供）', en: '(not given)' },
  following: { zh: '关注状态', en: 'Following' },
  yes: { zh: '已关注', en: 'Following' },
  no: { zh: '未关注', en: 'Not following' },
  bindings: { zh: '已绑定', en: 'Linked to' },
  none: { zh: '尚未绑定任何记录。', en: 'Not linked to any record.' },
  since: { zh: '绑定于 {date}', en: 'since {date}' },
  notConnected: {
    zh: '已识别您的微信身份，但该公众号尚未连接到 Dynamics 365，未保存任何信息。',
    en: 'WeChat told us who you are, but this account is not connected to Dynamics 365 yet: nothing was saved.',
  },
  notSynced: { zh: '您的关注信息尚未同步，请稍后再试。', en: 'Your follower record has not arrived yet; try again later.' },
} satisfies Record<string, Texts>;
