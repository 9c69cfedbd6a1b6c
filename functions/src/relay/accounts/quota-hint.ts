/**
 * Check quota / Reset quota on the Official Account form (webhook hint on wxm_officialaccount): re-read the row with
 * the org's own application user, act on what the row asks for now (a request newer than the last one handled),
 * and write the outcome back. A reset is claimed by the row's ETag before clear_quota is called, so a repeated hint
 * or a second instance never spends two of the month's 10 resets; an 11th reset in a Beijing month is refused
 * before WeChat is called. After a reset the report is read again, so the form shows the zeros WeChat now counts.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import { OfficialAccount } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway, DataverseOrg } from '../../dataverse/types.js';
import { WechatApiError } from '../../wechat/index.js';
import { CGI_PATH_NOT_FOUND, CLEAR_QUOTA_LIMIT_REACHED } from '../../wechat/official-account/quota.js';
import type { Logger } from '../ports/logger.js';
import { accountsOf, type SignedServiceRegistry } from '../ports/signed-services.js';
import type { SecretBox } from '../ports/storage.js';
import { openRecord } from '../signed-services/open-record.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { QuotaPort } from './quota-port.js';
import { resetDone, resetFailed, resetLimitReached, resetRefused } from './quota-reasons.js';
import { beijingMonth, PRODUCT_QUOTA_PATHS, RESETS_PER_MONTH, resetsUsed, type QuotaEntry } from './quota-report.js';

const C = OfficialAccount.columns;

/** The table whose Update hints this use case answers (relay/tasks/handle-task.ts routes them here). */
export const QUOTA_TABLE: string = OfficialAccount.logicalName;

export interface QuotaDeps {
  gateway: DataverseGateway;
  registry: SignedServiceRegistry;
  secretBox: SecretBox;
  quota: QuotaPort;
  clock: Clock;
  logger: Logger;
}

export interface QuotaOutcome {
  checked: boolean;
  reset: 'done' | 'refused' | 'failed' | 'none';
}

/** Whole seconds: Dataverse keeps date and time columns to the second. */
const at = (value: unknown): number => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : NaN);
/** A request is pending when it is newer than the last one handled (or none was handled yet). */
const pending = (requested: unknown, handled: unknown): boolean => !Number.isNaN(at(requested)) && !(at(handled) >= at(requested));

export async function onQuotaHint(hint: DataverseHint, deps: QuotaDeps): Promise<QuotaOutcome | 'skipped'> {
  if (hint.message !== 'Update') return 'skipped';
  const found = await boundAccount(hint, deps);
  if (!found) return 'skipped';
  const { org, appid } = found;
  const row = await org.retrieve(OfficialAccount.entitySetName, hint.rowId);
  if (!row || row[C.AppId] !== appid) return 'skipped';

  const resetAsked = pending(row[C.QuotaResetRequestedOn], row[C.QuotaResetOn]);
  const checkAsked = pending(row[C.QuotaRequestedOn], row[C.QuotaCheckedOn]);
  if (!resetAsked && !checkAsked) return 'skipped';

  let reset: QuotaOutcome['reset'] = 'none';
  if (resetAsked) {
    const result = await resetQuota(org, hint.rowId, appid, row, deps);
    if (result === 'claimed-elsewhere') return 'skipped';
    reset = result;
  }
  // A successful reset changes every count: read them again even when nobody asked.
  const checked = checkAsked || reset === 'done';
  if (checked) await writeReport(org, hint.rowId, appid, deps);
  return { checked, reset };
}

/** The org's connected Signed Service this row belongs to, and the account bound through it (never the hint's word). */
async function boundAccount(hint: DataverseHint, deps: QuotaDeps): Promise<{ org: DataverseOrg; appid: string } | undefined> {
  for (const record of await deps.registry.listForOrg(hint.organizationId)) {
    if (record.state !== 'connected') continue;
    const account = accountsOf(record).find((a) => a.officialAccountId === hint.rowId);
    if (!account) continue;
    const binding = await deps.registry.bindingOf(account.appid);
    if (binding?.organizationId !== hint.organizationId || binding.signedServiceId !== record.signedServiceId) continue;
    const org = openRecord(record, deps);
    if (org) return { org, appid: account.appid };
  }
  deps.logger.warn('quota hint for an account not bound to this org; ignored', { organizationId: hint.organizationId });
  return undefined;
}

async function resetQuota(
  org: DataverseOrg,
  rowId: string,
  appid: string,
  row: Record<string, unknown>,
  deps: QuotaDeps,
): Promise<'done' | 'refused' | 'failed' | 'claimed-elsewhere'> {
  const now = deps.clock.now();
  const month = beijingMonth(now);
  const used = resetsUsed(row[C.QuotaResetsThisMonth] as number | null, row[C.QuotaResetMonth] as string | null, now);
  // The request's own time marks it handled: a repeated hint finds nothing newer, whatever the clocks say.
  const handled = { [C.QuotaResetOn]: row[C.QuotaResetRequestedOn], [C.QuotaResetMonth]: month };
  // Claim: only the writer whose ETag still matches handles this request.
  const etag = typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : '*';
  if (used >= RESETS_PER_MONTH) {
    const claimed = await org.update(
      OfficialAccount.entitySetName,
      rowId,
      { ...handled, [C.QuotaResetsThisMonth]: used, [C.QuotaResetResult]: resetRefused(month) },
      etag,
    );
    return claimed ? 'refused' : 'claimed-elsewhere';
  }
  if (!(await org.update(OfficialAccount.entitySetName, rowId, handled, etag))) return 'claimed-elsewhere';
  try {
    await deps.quota.clearQuota(appid);
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      // WeChat never answered: give the request back so the retried task tries again.
      await org.update(OfficialAccount.entitySetName, rowId, { [C.QuotaResetOn]: row[C.QuotaResetOn] ?? null });
      throw err;
    }
    deps.logger.warn('clear_quota refused by WeChat', { authorizerAppid: appid, errcode: err.errcode });
    const limit = err.errcode === CLEAR_QUOTA_LIMIT_REACHED;
    await org.update(OfficialAccount.entitySetName, rowId, {
      // WeChat's count is the truth: after 48006 the month is used up whatever ours said.
      [C.QuotaResetsThisMonth]: limit ? RESETS_PER_MONTH : used,
      [C.QuotaResetResult]: limit ? resetLimitReached(month) : resetFailed(err.errcode, err.en, err.zh),
    });
    return limit ? 'refused' : 'failed';
  }
  await org.update(OfficialAccount.entitySetName, rowId, { [C.QuotaResetsThisMonth]: used + 1, [C.QuotaResetResult]: resetDone(now, used + 1) });
  deps.logger.info('quota reset', { authorizerAppid: appid, resetsThisMonth: used + 1 });
  return 'done';
}

async function writeReport(org: DataverseOrg, rowId: string, appid: string, deps: QuotaDeps): Promise<void> {
  const entries: QuotaEntry[] = [];
  for (const { path } of PRODUCT_QUOTA_PATHS) {
    try {
      entries.push({ path, ...(await deps.quota.getQuota(appid, path)) });
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err; // no answer: the task is retried
      entries.push(err.errcode === CGI_PATH_NOT_FOUND ? { path, tracked: false } : { path, errcode: err.errcode });
    }
  }
  await org.update(OfficialAccount.entitySetName, rowId, {
    [C.QuotaReport]: JSON.stringify(entries),
    [C.QuotaCheckedOn]: new Date(deps.clock.now()).toISOString(),
  });
}
