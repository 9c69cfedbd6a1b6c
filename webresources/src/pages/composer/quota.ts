/**
 * How many template messages the account may still send today: WeChat's remaining quota for
 * /cgi-bin/message/template/send in the report Check quota wrote on the account (wxm_quotareport, read with the
 * relay's own parser), less the template message rows created for the account since that check (the relay sends
 * each within minutes, so they use the same quota). A report from an earlier Beijing day says nothing about today.
 * Pure.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
import { parseQuotaReport } from '../../../../functions/src/relay/accounts/quota-report.js';

export const TEMPLATE_SEND_PATH = '/cgi-bin/message/template/send';

export type TemplateQuota = { known: true; limit: number; remaining: number; checkedOn: Date; queued: number } | { known: false };

const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** `createdSince`: template message rows of the account created at or after the check. */
export function templateQuota(report: unknown, checkedOn: unknown, createdSince: number, now: number): TemplateQuota {
  const checked = typeof checkedOn === 'string' ? new Date(checkedOn) : checkedOn instanceof Date ? checkedOn : undefined;
  if (!checked || Number.isNaN(checked.getTime()) || beijingDay(checked.getTime()) !== beijingDay(now)) return { known: false };
  const entry = parseQuotaReport(typeof report === 'string' ? report : null).find((e) => e.path === TEMPLATE_SEND_PATH);
  if (!entry || !('remain' in entry)) return { known: false };
  return { known: true, limit: entry.dailyLimit, remaining: Math.max(0, entry.remain - createdSince), checkedOn: checked, queued: createdSince };
}

/** Why `count` rows may not be created now (undefined: they may). One follower may always be tried: WeChat is the authority. */
export function quotaRefusal(quota: TemplateQuota, count: number): { kind: 'unknown' } | { kind: 'over'; remaining: number } | undefined {
  if (!quota.known) return count > 1 ? { kind: 'unknown' } : undefined;
  return count > quota.remaining ? { kind: 'over', remaining: quota.remaining } : undefined;
}
