/**
 * The webhook hints the template use cases act on, and where each goes: a wxm_templatemessage created (send it),
 * a wxm_template saved (add it from the library) or deleted (delete it in WeChat), and an Update of the account
 * row (the queued hint keeps no column, so the row read again says whether "Sync templates" was asked since the
 * last answered request).
 */
import { OfficialAccount, Template, TemplateMessage } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { DataverseHint } from '../webhook/hint.js';
import { requireGuid } from '../delivery/keys.js';
import { canUse, explainReason, factsFromRow } from '../accounts/capabilities.js';
import { onTemplateDeleted, onTemplateSaved, syncCatalogue } from './catalogue.js';
import type { TemplateDeps } from './deps.js';
import { explainTemplateError, reasonText } from './reasons.js';
import { onTemplateMessageCreated } from './send-message.js';

export const TEMPLATE_TABLE: string = Template.logicalName;

/** Hints acceptHint queues for templates (the account's Update hints are queued as requests already). */
export const isTemplateHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  (hint.table === TemplateMessage.logicalName && hint.message === 'Create') ||
  (hint.table === TEMPLATE_TABLE && hint.message !== 'Associate' && hint.message !== 'Disassociate');

export async function onTemplateHint(hint: DataverseHint, deps: TemplateDeps): Promise<'done' | 'skipped'> {
  if (hint.table === TemplateMessage.logicalName)
    return hint.message === 'Create' && (await onTemplateMessageCreated(hint, deps)) !== 'skipped' ? 'done' : 'skipped';
  if (hint.table === OfficialAccount.logicalName) return isTemplateSyncCandidate(hint) && (await onTemplateSyncHint(hint, deps)) ? 'done' : 'skipped';
  if (hint.table !== TEMPLATE_TABLE) return 'skipped';
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return 'skipped';
  const scoped = { ...access, organizationId: hint.organizationId };
  if (hint.message === 'Delete') return (await onTemplateDeleted(scoped, hint.rowId, deps)) === 'skipped' ? 'skipped' : 'done';
  return (await onTemplateSaved(scoped, hint.rowId, deps)) === 'skipped' ? 'skipped' : 'done';
}

const A = OfficialAccount.columns;

/**
 * Sync templates, when the account row asks for it; true when a sync ran (or was answered on the row). Not at the
 * row's Create: the relay creates the row while connecting, before the Signed Service lists the account, so the
 * account is not reachable yet when that hint is handled.
 */
export async function onTemplateSyncHint(hint: DataverseHint, deps: TemplateDeps): Promise<boolean> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return false;
  const row = await access.org.retrieve(OfficialAccount.entitySetName, requireGuid('account id', hint.rowId), [
    A.Id,
    A.TemplateSyncRequestedOn,
    A.TemplateSyncDoneOn,
    A.AccountType,
    A.VerificationType,
    A.Permissions,
  ]);
  const requested = typeof row?.[A.TemplateSyncRequestedOn] === 'string' ? (row[A.TemplateSyncRequestedOn] as string) : undefined;
  const done = typeof row?.[A.TemplateSyncDoneOn] === 'string' ? Date.parse(row[A.TemplateSyncDoneOn] as string) : undefined;
  if (!row || !requested || (done !== undefined && Date.parse(requested) <= done)) return false;
  const claim = `template-sync-claim:${hint.organizationId}:${hint.rowId}:${requested}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + 10 * 60_000))) return false;
  const answer = (result: { en: string; zh: string }) =>
    access.org.update(OfficialAccount.entitySetName, hint.rowId, { [A.TemplateSyncDoneOn]: requested, [A.TemplateSyncResult]: reasonText(result) });
  try {
    const appid = await access.appidOf(hint.rowId);
    if (!appid) {
      await answer({
        en: 'Not synced: this Official Account is not connected to this environment (Signed Service).',
        zh: '未同步：该公众号未通过“已注册的服务”连接到此环境。',
      });
      return true;
    }
    const facts = factsFromRow(row[A.AccountType] as number | null, row[A.VerificationType] as number | null, row[A.Permissions] as string | null);
    const why = canUse('templates', facts).reasons.filter((r) => r.code !== 'type-unknown');
    if (why.length > 0) {
      await answer({
        en: `Not synced: this Official Account cannot use template messages: ${why.map((w) => explainReason(w).en).join('; ')}.`,
        zh: `未同步：该公众号无法使用模板消息：${why.map((w) => explainReason(w).zh).join('；')}。`,
      });
      return true;
    }
    let s: Awaited<ReturnType<typeof syncCatalogue>>;
    try {
      s = await syncCatalogue({ ...access, organizationId: hint.organizationId }, appid, hint.rowId, deps);
    } catch (err) {
      // WeChat's refusal (48001: set 7 not granted, …) is the answer; only busy and token errors are retried.
      if (!(err instanceof WechatApiError) || err.kind === 'busy' || err.kind === 'token-invalid') throw err;
      await answer(explainTemplateError(err.errcode, 'sync'));
      deps.logger.warn('templates not synced: WeChat refused', { authorizerAppid: appid, errcode: err.errcode });
      return true;
    }
    await answer({
      en: `Templates synced from WeChat: ${s.created} new, ${s.updated} brought up to date, ${s.missing} no longer in WeChat.`,
      zh: `已从微信同步模板：新增 ${s.created} 个，更新 ${s.updated} 个，${s.missing} 个在微信中已不存在。`,
    });
    deps.logger.info('templates synced', { authorizerAppid: appid, created: s.created, updated: s.updated, missing: s.missing });
    return true;
  } catch (err) {
    await deps.kv.delete(claim);
    throw err;
  }
}

/** An Update of the account row: it may carry "Sync templates" (read again to know). */
export const isTemplateSyncCandidate = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  hint.table === OfficialAccount.logicalName && hint.message === 'Update';
