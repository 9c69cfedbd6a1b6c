/**
 * Problems an admin must fix (a missing column, a lost privilege, refused credentials) are written to the
 * account's row in the customer's Dataverse: Last Delivery Error (English and Chinese), its time, and the
 * status Needs Attention. Best effort: the same problem often stops this write too (a revoked secret), so a
 * failure here is logged and the delivery error itself is what the caller throws. Reports are spaced out, so
 * a flood of failing messages does not become a flood of status writes.
 */
import { AccountStatus, EntitySets, OfficialAccount, TableNames } from '@wxm/solution/schema';
import type { DataverseErrorInfo } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { Clock } from '../../kernel/clock.js';
import type { OrgMemory } from './org-memory.js';
import { requireGuid } from './keys.js';
import { fit, wechatTime } from './text-fit.js';

const C = OfficialAccount.columns;

/** Once per account and problem per this long. */
export const PROBLEM_REPORT_INTERVAL_MS = 10 * 60 * 1000;

/** Kinds retrying cannot fix: a person must act. */
export function isPermanent(kind: DataverseErrorInfo['kind']): boolean {
  return kind === 'invalid' || kind === 'forbidden' || kind === 'auth' || kind === 'not-found';
}

const ADVICE: Record<string, { en: string; zh: string }> = {
  auth: {
    en: 'Dataverse refused the Signed Service credentials. Check the client secret (it may have expired) and the application registration, then save the Signed Service again.',
    zh: 'Dataverse 拒绝了已注册服务的凭据。请检查客户端密码（可能已过期）和应用注册，然后重新保存已注册的服务。',
  },
  forbidden: {
    en: "The relay's application user lacks a privilege. Give it the Wechat Marketing relay security role.",
    zh: '中继服务的应用程序用户缺少权限。请为其分配 Wechat Marketing 中继安全角色。',
  },
  invalid: {
    en: 'Dataverse refused the data, usually because a column is missing: make sure the latest Wechat Marketing solution is installed (and the contact match column of the Signed Service exists).',
    zh: 'Dataverse 拒绝了数据，通常是缺少列：请确认已安装最新的 Wechat Marketing 解决方案（以及已注册服务中的联系人匹配列存在）。',
  },
  'not-found': {
    en: 'A row the relay writes to no longer exists (was the Official Account row deleted?). Connect the Signed Service again.',
    zh: '中继服务写入的记录已不存在（公众号记录是否被删除？）。请重新连接已注册的服务。',
  },
};

export function problemText(error: DataverseErrorInfo): string {
  const advice = ADVICE[error.kind] ?? { en: 'Delivery to Dataverse failed.', zh: '投递到 Dataverse 失败。' };
  return `${advice.en}\n${advice.zh}\n(${error.status} ${error.code}) ${error.message}`;
}

/**
 * `blocking`: the problem stopped a delivery, so the next successful delivery shows it is solved and clears the
 * mark. A side problem (the contact match column) does not stop deliveries and stays until an admin acts.
 */
export async function reportAccountProblem(
  memory: OrgMemory,
  accountId: string,
  error: DataverseErrorInfo,
  clock: Clock,
  logger: Logger,
  options: { blocking: boolean },
): Promise<void> {
  const key = `${accountId}|${error.kind}|${error.code}`;
  const now = clock.now();
  const last = memory.reportedProblems.get(key);
  if (last !== undefined && now - last < PROBLEM_REPORT_INTERVAL_MS) return;
  memory.reportedProblems.set(key, now);
  try {
    await memory.org.update(EntitySets.OfficialAccount, requireGuid('account id', accountId), {
      [C.LastDeliveryError]: fit(TableNames.OfficialAccount, C.LastDeliveryError, problemText(error)),
      [C.LastDeliveryErrorOn]: wechatTime(Math.floor(now / 1000)),
      [C.AccountStatus]: AccountStatus.NeedsAttention,
    });
    if (options.blocking) memory.flaggedAccounts.add(accountId);
    logger.warn('delivery problem written to the account status', { accountId, kind: error.kind, code: error.code });
  } catch (err) {
    logger.error('could not write the delivery problem to the account status', { accountId, kind: error.kind, error: describe(err) });
  }
}

/** After a success: an account this process marked Needs Attention goes back to Authorized (if still marked). */
export async function clearAccountProblem(memory: OrgMemory, accountId: string, logger: Logger): Promise<void> {
  if (!memory.flaggedAccounts.has(accountId)) return;
  memory.flaggedAccounts.delete(accountId);
  try {
    const row = await memory.org.retrieve(EntitySets.OfficialAccount, accountId, [C.AccountStatus]);
    if (row?.[C.AccountStatus] !== AccountStatus.NeedsAttention) return;
    await memory.org.update(EntitySets.OfficialAccount, accountId, { [C.AccountStatus]: AccountStatus.Authorized }, row['@odata.etag'] ?? '*');
    logger.info('deliveries work again; account status back to Authorized', { accountId });
  } catch (err) {
    logger.warn('could not clear the account status', { accountId, error: describe(err) });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
}
