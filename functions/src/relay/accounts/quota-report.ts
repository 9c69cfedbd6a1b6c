/**
 * The quota report on the wxm_officialaccount row (wxm_QuotaReport) and the monthly reset counter, as pure data:
 * the relay writes them (quota-hint.ts) and the Official Account form script reads them with the same module.
 * Which APIs: the ones this product calls with the account's token. WeChat counts quotas per Beijing day and the
 * 10 clear_quota calls per Beijing month.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */

export interface QuotaPath {
  /** cgi_path as openapi/quota/get takes it. */
  path: string;
  en: string;
  zh: string;
}

/** The APIs Wechat Marketing calls as the account (replies, followers, tags, QR codes, messages, menus, media). */
export const PRODUCT_QUOTA_PATHS: readonly QuotaPath[] = [
  { path: '/cgi-bin/message/custom/send', en: 'Customer-service messages (replies)', zh: '客服消息（回复）' },
  { path: '/cgi-bin/user/get', en: 'Follower list', zh: '粉丝列表' },
  { path: '/cgi-bin/user/info', en: 'Follower profiles', zh: '粉丝信息' },
  // The follower sync reads profiles 100 at a time through batchget.
  { path: '/cgi-bin/user/info/batchget', en: 'Follower profiles in batches (sync)', zh: '批量粉丝信息（同步）' },
  { path: '/cgi-bin/qrcode/create', en: 'QR codes', zh: '二维码' },
  { path: '/cgi-bin/message/template/send', en: 'Template messages', zh: '模板消息' },
  { path: '/cgi-bin/message/mass/sendall', en: 'Mass send', zh: '群发' },
  { path: '/cgi-bin/menu/create', en: 'Custom menus', zh: '自定义菜单' },
  { path: '/cgi-bin/media/upload', en: 'Media upload (images in chats)', zh: '临时素材上传（聊天图片）' },
];

/**
 * One API's line: its quota today; `tracked: false` when WeChat keeps none for it (76021); `errcode` when WeChat
 * refused to say (e.g. 45009 for quota/get itself).
 */
export type QuotaEntry =
  { path: string; dailyLimit: number; used: number; remain: number } | { path: string; tracked: false } | { path: string; errcode: number };

/** clear_quota may be used this many times a Beijing month (48006 after that). */
export const RESETS_PER_MONTH = 10;

const BEIJING_MS = 8 * 3600_000;

/** `2026-12` for an instant, in Beijing time (WeChat's month for clear_quota). */
export function beijingMonth(ms: number): string {
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 7);
}

/** Resets used this Beijing month: the stored counter counts only when it is for this month. */
export function resetsUsed(counter: number | null | undefined, month: string | null | undefined, now: number): number {
  return month === beijingMonth(now) && typeof counter === 'number' && counter > 0 ? Math.min(counter, RESETS_PER_MONTH) : 0;
}

/** wxm_QuotaReport's JSON; anything else reads as no report (an edited or truncated column shows nothing wrong). */
export function parseQuotaReport(text: string | null | undefined): QuotaEntry[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: QuotaEntry[] = [];
  for (const item of value as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null || typeof item.path !== 'string') continue;
    if (item.tracked === false) out.push({ path: item.path, tracked: false });
    else if (typeof item.errcode === 'number') out.push({ path: item.path, errcode: item.errcode });
    else if ([item.dailyLimit, item.used, item.remain].every((n) => typeof n === 'number')) {
      out.push({ path: item.path, dailyLimit: item.dailyLimit as number, used: item.used as number, remain: item.remain as number });
    }
  }
  return out;
}

export function quotaPathName(path: string, language: 'en' | 'zh'): string {
  const known = PRODUCT_QUOTA_PATHS.find((p) => p.path === path);
  return known ? known[language] : path;
}

/** The line of a bilingual "English\nChinese" text for the reader's language (the whole text when it has one line). */
export function lineFor(text: string | null | undefined, language: 'en' | 'zh'): string {
  const lines = (text ?? '').split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return lines[0] ?? '';
  return language === 'zh' ? lines[1]! : lines[0]!;
}
