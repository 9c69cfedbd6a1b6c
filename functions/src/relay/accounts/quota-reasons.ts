/**
 * What the row says after a Reset quota request (wxm_QuotaResetResult), "English\nChinese" like every reason the
 * relay writes. Times are ISO (UTC) so the text means the same to every reader; the form shows the counter beside it.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import { RESETS_PER_MONTH } from './quota-report.js';

const both = (en: string, zh: string): string => `${en}\n${zh}`;

/** ISO without milliseconds: `2026-12-03T17:11:04Z`. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function resetDone(at: number, used: number): string {
  const when = isoSeconds(at);
  return both(
    `Reset at ${when}: WeChat answered ok and today's counts of every API start again from zero. ${used} of ${RESETS_PER_MONTH} resets used this month (Beijing time).`,
    `已于 ${when} 重置：微信答复成功，所有接口的今日调用次数从零重新计数。本月（北京时间）已使用 ${used}/${RESETS_PER_MONTH} 次重置。`,
  );
}

/** The first day of the Beijing month after `month` (yyyy-MM). */
function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Refused before WeChat is called: the month's resets are used up. */
export function resetRefused(month: string): string {
  const next = nextMonthOf(month);
  return both(
    `Not reset: the ${RESETS_PER_MONTH} resets WeChat allows in ${month} (Beijing time) are used up, so WeChat was not called. Resets are possible again from ${next}.`,
    `未重置：${month}（北京时间）微信允许的 ${RESETS_PER_MONTH} 次重置已用完，因此未调用微信。${next} 起可再次重置。`,
  );
}

/** WeChat's 48006: its own count says the month is used up (other tools of the account count too). */
export function resetLimitReached(month: string): string {
  return both(
    `Not reset: WeChat answered 48006, this month's ${RESETS_PER_MONTH} resets are used up (resets made by other tools of this account count too). Resets are possible again from ${nextMonthOf(month)}.`,
    `未重置：微信返回 48006，本月 ${RESETS_PER_MONTH} 次重置已用完（本账号其他工具的重置也计入）。${nextMonthOf(month)} 起可再次重置。`,
  );
}

export function resetFailed(errcode: number, en: string, zh: string): string {
  return both(`Not reset: WeChat answered ${errcode} (${en}).`, `未重置：微信返回 ${errcode}（${zh}）。`);
}
