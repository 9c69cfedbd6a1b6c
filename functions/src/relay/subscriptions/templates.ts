/**
 * A wxm_subscriptiontemplate row was saved (webhook hint, Create or Update of what it asks for): re-read it with the
 * org's own application user, then
 * - Delete requested: deltemplate in WeChat, then the row is removed;
 * - Sync requested (newer than the last sync): gettemplate, and every template of the account in WeChat becomes or
 *   updates a row (a row WeChat no longer has is marked Failed with the reason);
 * - otherwise a library title (tid) with 2–5 keyword ids and no WeChat template id yet: addtemplate once, its id
 *   written back at once (a retry never adds twice), then content, fields (with each field's rule) and type from
 *   gettemplate. A refusal before WeChat, or WeChat's, becomes the row's reason in both languages, state Failed.
 * Claimed in the relay's shared store (10 minutes) so two instances never both call WeChat for one request.
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { EntitySets, RowSyncState, SubscriptionTemplate } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import { MAX_TEMPLATE_KEYWORDS, MIN_TEMPLATE_KEYWORDS } from '../../wechat/official-account/subscribe.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import type { DataverseHint } from '../webhook/hint.js';
import { isRefusal, usableAccount, type UsableAccount } from './account.js';
import type { SubscriptionDeps } from './deps.js';
import { explainRefusal, explainWechatError, reasonText, type Refusal } from './reasons.js';
import { createTemplate, readTemplate, recordTemplateFailed, templatesOfAccount, updateTemplate, wechatColumns, type StoredTemplate } from './template-row.js';

export const SUBSCRIPTION_TEMPLATE_TABLE: string = SubscriptionTemplate.logicalName;
export const CLAIM_TTL_MS = 10 * 60_000;
const C = SubscriptionTemplate.columns;

export type TemplateOutcome = 'added' | 'synced' | 'deleted' | 'refused' | 'failed' | 'skipped';

export const isSubscriptionTemplateHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  hint.table === SUBSCRIPTION_TEMPLATE_TABLE && hint.message !== 'Delete';

/** "1, 2,5" → [1, 2, 5]; undefined when it is not a list of positive integers. */
export function parseKeywordIds(text: string | undefined): number[] | undefined {
  if (!text) return undefined;
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  return parts.every((p) => /^\d+$/.test(p) && Number(p) > 0) ? parts.map(Number) : undefined;
}

/** Sync asked since the last sync (times compared as instants, whatever their text form). */
const syncAsked = (row: StoredTemplate): boolean =>
  row.syncRequestedOn !== undefined && (row.syncedOn === undefined || Date.parse(row.syncRequestedOn) > Date.parse(row.syncedOn));

export async function onSubscriptionTemplateSaved(hint: DataverseHint, deps: SubscriptionDeps): Promise<TemplateOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('subscription template hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const row = await readTemplate(org, hint.rowId);
  if (!row) return 'skipped';
  const action = row.deleteRequestedOn ? 'delete' : syncAsked(row) ? 'sync' : 'add';
  // Added already (or a repeated hint). A refused row the admin fixed comes back through the Update step and is tried again.
  if (action === 'add' && (row.wechatTemplateId || row.state === RowSyncState.Synced)) return 'skipped';
  const claim = `subtemplate-claim:${hint.organizationId}:${row.id}:${action}:${row.deleteRequestedOn ?? row.syncRequestedOn ?? ''}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + CLAIM_TTL_MS))) return 'skipped';

  const refuse = async (refusal: Refusal): Promise<TemplateOutcome> => {
    await recordTemplateFailed(org, row.id, reasonText(explainRefusal(refusal, 'add')));
    await deps.kv.delete(claim);
    deps.logger.info('subscription template refused before WeChat was called', { organizationId: hint.organizationId, reason: refusal.code });
    return 'refused';
  };
  try {
    const account = await usableAccount(access, row.accountId);
    if (isRefusal(account)) return await refuse(account);
    const accountId = row.accountId as string;
    if (action === 'delete') return await remove(org, row, account, deps);
    if (action === 'sync') return await sync(org, row, accountId, account, deps);
    if (row.tid === undefined) return await refuse({ code: 'no-library-title' });
    const kids = parseKeywordIds(row.keywordIds);
    if (!kids || kids.length < MIN_TEMPLATE_KEYWORDS || kids.length > MAX_TEMPLATE_KEYWORDS) {
      return await refuse({ code: 'keyword-count', count: kids?.length ?? 0 });
    }
    return await add(org, row, row.tid, kids, account, deps);
  } catch (err) {
    await deps.kv.delete(claim);
    if (err instanceof WechatApiError) {
      await recordTemplateFailed(org, row.id, reasonText(explainWechatError(err.errcode, err.errmsg, 'add')));
      deps.logger.warn('subscription template refused by WeChat', { organizationId: hint.organizationId, errcode: err.errcode, action });
      return 'failed';
    }
    throw err; // Dataverse or the network: the queue retries
  }
}

async function add(
  org: DataverseOrg,
  row: StoredTemplate,
  tid: number,
  kids: number[],
  account: UsableAccount,
  deps: SubscriptionDeps,
): Promise<TemplateOutcome> {
  const templateId = await deps.wechat.addTemplate(account.appid, tid, kids, row.sceneDesc);
  // WeChat has it from here on: the id first, so a retry of what follows never adds a second one.
  await updateTemplate(org, row.id, { [C.WechatTemplateId]: templateId, [C.State]: RowSyncState.Pending, [C.FailureReason]: null });
  const held = (await deps.wechat.templates(account.appid)).find((t) => t.templateId === templateId);
  if (held) {
    const columns = wechatColumns(held, account.miniProgram, deps.clock.now());
    await updateTemplate(org, row.id, row.name ? columns : { ...columns, [C.Name]: held.title });
  }
  deps.logger.info('subscription template added', { authorizerAppid: account.appid, tid, keywords: kids.length });
  return 'added';
}

async function sync(org: DataverseOrg, row: StoredTemplate, accountId: string, account: UsableAccount, deps: SubscriptionDeps): Promise<TemplateOutcome> {
  const held = await deps.wechat.templates(account.appid);
  const now = deps.clock.now();
  const rows = await templatesOfAccount(org, accountId);
  const byId = new Map(rows.filter((r) => r.wechatTemplateId).map((r) => [r.wechatTemplateId as string, r]));
  let created = 0;
  for (const t of held) {
    const existing = byId.get(t.templateId);
    if (existing) await updateTemplate(org, existing.id, wechatColumns(t, account.miniProgram, now));
    else {
      await createTemplate(org, accountId, { [C.Name]: t.title.slice(0, 100), ...wechatColumns(t, account.miniProgram, now) });
      created += 1;
    }
  }
  const kept = new Set(held.map((t) => t.templateId));
  for (const r of rows) {
    if (!r.wechatTemplateId || kept.has(r.wechatTemplateId)) continue;
    await recordTemplateFailed(
      org,
      r.id,
      reasonText({ en: 'WeChat no longer has this template (deleted in the MP console?).', zh: '微信中已没有此模板（可能已在公众平台删除）。' }),
    );
  }
  // The requesting row: its own sync stamp, never before the request (a request stamped ahead of the relay's clock
  // would otherwise look unanswered).
  const asked = row.syncRequestedOn ? Date.parse(row.syncRequestedOn) : 0;
  await updateTemplate(org, row.id, { [C.SyncedOn]: new Date(Math.max(now, Number.isFinite(asked) ? asked : 0)).toISOString() });
  deps.logger.info('subscription templates synced', { authorizerAppid: account.appid, templates: held.length, created });
  return 'synced';
}

async function remove(org: DataverseOrg, row: StoredTemplate, account: UsableAccount, deps: SubscriptionDeps): Promise<TemplateOutcome> {
  if (row.wechatTemplateId) {
    try {
      await deps.wechat.deleteTemplate(account.appid, row.wechatTemplateId);
    } catch (err) {
      // 40037: WeChat has no such template any more; the row goes all the same.
      if (!(err instanceof WechatApiError) || err.errcode !== 40037) throw err;
    }
  }
  await org.delete(EntitySets.SubscriptionTemplate, requireGuid('subscription template id', row.id));
  deps.logger.info('subscription template deleted', { authorizerAppid: account.appid });
  return 'deleted';
}
