/**
 * Today's API quota on the Official Account form: the report the relay wrote (wxm_QuotaReport, one line per API this
 * product calls), the Beijing month's reset counter with WeChat's last answer, and the Check quota and Reset quota
 * actions. Both actions stamp a request column; the relay reads or resets the quota in WeChat and writes the row
 * (functions/src/relay/accounts/quota-hint.ts), which this script reads back and shows.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import { OfficialAccount } from '@wxm/solution/schema';
import { lineFor, parseQuotaReport, quotaPathName, RESETS_PER_MONTH, resetsUsed } from '../../../../functions/src/relay/accounts/quota-report.js';
import { formatDate, notify } from '../../shared/notify.js';
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';
import type { Language, Translate } from '../../strings/index.js';
import { offerAction, requestAndWait, secondsOf, withdrawAction } from './actions.js';

const C = OfficialAccount.columns;

export const QUOTA_NOTIFICATIONS = { report: 'wxm-oa-quota', resets: 'wxm-oa-quota-resets', check: 'wxm-oa-quota-check', reset: 'wxm-oa-quota-reset' } as const;

/** The quota columns, read from the form's attributes or from a row the Web API returned. */
export type Values = (column: string) => unknown;

export const QUOTA_COLUMNS = [C.QuotaReport, C.QuotaCheckedOn, C.QuotaResetsThisMonth, C.QuotaResetMonth, C.QuotaResetResult, C.QuotaResetOn] as const;

export function showQuota(values: Values, form: XrmFormContext, t: Translate, language: Language): void {
  const entries = parseQuotaReport(values(C.QuotaReport) as string | null);
  const date = formatDate(values(C.QuotaCheckedOn), language);
  if (entries.length === 0 || !date) notify(form, QUOTA_NOTIFICATIONS.report, 'INFO', t('oa.quotaNever'));
  else {
    const lines = entries.map((e) => {
      const api = quotaPathName(e.path, language);
      if ('tracked' in e) return t('oa.quotaUntracked', { api });
      if ('errcode' in e) return t('oa.quotaError', { api, code: e.errcode });
      const n = (v: number) => v.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
      return t('oa.quotaLine', { api, used: n(e.used), limit: n(e.dailyLimit), remain: n(e.remain) });
    });
    const exhausted = entries.some((e) => 'remain' in e && e.remain === 0);
    notify(form, QUOTA_NOTIFICATIONS.report, exhausted ? 'WARNING' : 'INFO', t('oa.quota', { date, lines: lines.join(language === 'zh' ? '；' : '; ') }));
  }
  const used = usedThisMonth(values);
  const result = lineFor(values(C.QuotaResetResult) as string | null, language);
  notify(form, QUOTA_NOTIFICATIONS.resets, 'INFO', result ? t('oa.quotaResetsLast', { used, result }) : t('oa.quotaResets', { used }));
}

function usedThisMonth(values: Values): number {
  return resetsUsed(values(C.QuotaResetsThisMonth) as number | null, values(C.QuotaResetMonth) as string | null, Date.now());
}

/** Check quota always; Reset quota while this month has resets left (the relay refuses the 11th anyway). */
export function offerQuotaActions(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language, values: Values): void {
  const show = (row: Record<string, unknown> | undefined) => {
    if (!row) return notify(form, QUOTA_NOTIFICATIONS.report, 'WARNING', t('oa.quotaTimeout'));
    const next: Values = (c) => row[c] ?? null;
    showQuota(next, form, t, language);
    offerQuotaActions(xrm, form, t, language, next);
  };
  const waiting = () => notify(form, QUOTA_NOTIFICATIONS.report, 'INFO', t('oa.quotaWaiting', { date: formatDate(new Date(), language) ?? '' }));

  offerAction(form, C.QuotaReport, QUOTA_NOTIFICATIONS.check, t('oa.quotaCheck'), t('oa.quotaCheckAction'), () => {
    waiting();
    void requestAndWait(xrm, form, C.QuotaRequestedOn, {
      select: [...QUOTA_COLUMNS],
      answered: (row, at) => secondsOf(row[C.QuotaCheckedOn]) >= secondsOf(at),
    }).then(show);
  });

  const left = RESETS_PER_MONTH - usedThisMonth(values);
  if (left <= 0) return withdrawAction(form, C.QuotaResetsThisMonth, QUOTA_NOTIFICATIONS.reset);
  offerAction(form, C.QuotaResetsThisMonth, QUOTA_NOTIFICATIONS.reset, t('oa.quotaReset', { left }), t('oa.quotaResetAction'), () => {
    const name = String(form.getAttribute<string>(C.Name)?.getValue() ?? '');
    void xrm.Navigation.openConfirmDialog({
      title: t('oa.quotaResetTitle'),
      text: t('oa.quotaResetText', { name, left }),
      confirmButtonLabel: t('oa.quotaResetConfirm'),
      cancelButtonLabel: t('oa.quotaResetCancel'),
    }).then(({ confirmed }) => {
      if (!confirmed) return;
      waiting();
      void requestAndWait(xrm, form, C.QuotaResetRequestedOn, {
        select: [...QUOTA_COLUMNS],
        // The relay marks the request handled with its own time (quota-hint.ts).
        answered: (row, at) => secondsOf(row[C.QuotaResetOn]) >= secondsOf(at),
      }).then(show);
    });
  });
}
