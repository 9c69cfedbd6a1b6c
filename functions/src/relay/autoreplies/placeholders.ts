/**
 * The placeholders a text reply may use, filled from what the callback itself holds (never a Dataverse read):
 *   {openid}   the follower's openid
 *   {account}  the Official Account's name
 *   {message}  what the follower wrote (the first 100 characters; empty for an event)
 *   {keyword}  the keyword that matched (empty for other rules)
 *   {date}     today in Beijing time, 2026-12-04
 *   {time}     the time in Beijing, 18:05
 * WeChat stopped giving nicknames to the API in 2021 (user/info has no nickname), so there is none here.
 * Anything else in braces is left as written.
 * https://developers.weixin.qq.com/community/develop/doc/00028edbe3c58081e7cc834705b801
 */
export interface PlaceholderValues {
  openid: string;
  account: string;
  message: string;
  keyword: string;
  now: number;
}

export const PLACEHOLDERS = ['openid', 'account', 'message', 'keyword', 'date', 'time'] as const;

const BEIJING_MS = 8 * 3600 * 1000;

export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  if (!text.includes('{')) return text;
  const beijing = new Date(values.now + BEIJING_MS).toISOString();
  const filled: Record<(typeof PLACEHOLDERS)[number], string> = {
    openid: values.openid,
    account: values.account,
    message: values.message.slice(0, 100),
    keyword: values.keyword,
    date: beijing.slice(0, 10),
    time: beijing.slice(11, 16),
  };
  return text.replace(/\{(openid|account|message|keyword|date|time)\}/g, (_, name: keyof typeof filled) => filled[name]);
}
