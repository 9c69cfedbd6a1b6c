/**
 * The account's template catalogue in Dataverse, kept as WeChat holds it:
 * - sync (the account's "Sync templates" request): get_all_private_template → one wxm_template row per template
 *   (made or brought up to date: title, content, fields, example, industries, Synced); a row whose template is no
 *   longer in WeChat (deleted in the MP console) is marked Failed with the reason, never deleted behind the user;
 * - add (a wxm_template row saved with a library short id and keyword names, no template id yet): the 25-template
 *   limit checked first, api_add_template, then the new template's content read back and written on the row;
 * - delete (the row deleted): del_private_template, only for a template the relay knows that row stood for in that
 *   org; WeChat's refusal puts the row back (same id) as Failed with the reason.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { EntitySets, RowSyncState, Template } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { PrivateTemplate } from '../../wechat/official-account/template.js';
import type { OrgAccess } from '../signed-services/org-of-hint.js';
import { requireGuid } from '../delivery/keys.js';
import { CLAIM_TTL_MS, type TemplateDeps } from './deps.js';
import { explainTemplateError, reasonText } from './reasons.js';
import {
  createTemplateRow,
  forgetTemplate,
  knownTemplate,
  readTemplateRow,
  recordTemplateFailed,
  rememberTemplate,
  templatesOfAccount,
  updateTemplateRow,
  wechatColumns,
} from './template-row.js';

/** WeChat keeps at most 25 templates per account. */
export const MAX_TEMPLATES = 25;
/** api_add_template takes at most 5 keyword names. */
export const MAX_KEYWORDS = 5;

export interface SyncSummary {
  created: number;
  updated: number;
  missing: number;
}

const GONE = {
  en: 'No longer in WeChat: the template was deleted in the MP console. Delete this row; messages using it would be refused (40037).',
  zh: '微信中已无此模板：模板已在公众平台删除。请删除此记录；使用该模板的消息会被拒绝（40037）。',
};

export async function syncCatalogue(
  access: OrgAccess & { organizationId: string },
  appid: string,
  accountId: string,
  deps: TemplateDeps,
): Promise<SyncSummary> {
  const held = await deps.wechat.list(appid);
  const rows = await templatesOfAccount(access.org, accountId);
  const byTemplateId = new Map(rows.filter((r) => r.wechatTemplateId).map((r) => [r.wechatTemplateId!, r]));
  const summary: SyncSummary = { created: 0, updated: 0, missing: 0 };
  for (const t of held) {
    const row = byTemplateId.get(t.templateId);
    const id = row ? row.id : await createTemplateRow(access.org, accountId, t);
    if (row) await updateTemplateRow(access.org, row.id, wechatColumns(t));
    summary[row ? 'updated' : 'created'] += 1;
    await rememberTemplate(deps.kv, access.organizationId, id, { appid, accountId, templateId: t.templateId });
  }
  const inWechat = new Set(held.map((t) => t.templateId));
  for (const row of rows) {
    if (!row.wechatTemplateId || inWechat.has(row.wechatTemplateId)) continue;
    summary.missing += 1;
    if (row.state !== RowSyncState.Failed) await recordTemplateFailed(access.org, row.id, reasonText(GONE));
  }
  return summary;
}

export type AddOutcome = 'added' | 'refused' | 'failed' | 'skipped';

const refusals = {
  noShortId: {
    en: 'Not added: to add a template from the category library give its short id (e.g. OPENTM207498902) and the keyword names; templates already in WeChat come with Sync templates on the Official Account.',
    zh: '未添加：从类目模板库添加模板需填写模板编号（例如 OPENTM207498902）和关键词名称；微信中已有的模板请在公众号上“同步模板”。',
  },
  keywords: {
    en: `Not added: give 1 to ${MAX_KEYWORDS} keyword names, one per line, as the library template names them.`,
    zh: `未添加：请填写 1 到 ${MAX_KEYWORDS} 个关键词名称，每行一个，与模板库中的名称一致。`,
  },
  notConnected: {
    en: 'Not added: this Official Account is not connected to this environment (Signed Service).',
    zh: '未添加：该公众号未通过“已注册的服务”连接到此环境。',
  },
  full: {
    en: `Not added: the account already has ${MAX_TEMPLATES} templates, WeChat's limit; delete one first.`,
    zh: `未添加：该公众号已有 ${MAX_TEMPLATES} 个模板，达到微信上限；请先删除一个。`,
  },
} as const;

/** A wxm_template row saved (Create, or Update of its short id / keywords). */
export async function onTemplateSaved(access: OrgAccess & { organizationId: string }, rowId: string, deps: TemplateDeps): Promise<AddOutcome> {
  const { org } = access;
  const row = await readTemplateRow(org, rowId);
  if (!row?.accountId) return 'skipped';
  if (row.wechatTemplateId) {
    // A row the sync made (its own Create echoing) or one already added: remember it, nothing to call.
    const appid = await access.appidOf(row.accountId);
    if (appid) await rememberTemplate(deps.kv, access.organizationId, row.id, { appid, accountId: row.accountId, templateId: row.wechatTemplateId });
    return 'skipped';
  }
  const claim = `template-add-claim:${access.organizationId}:${row.id}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + CLAIM_TTL_MS))) return 'skipped';
  const refuse = async (reason: { en: string; zh: string }, outcome: AddOutcome = 'refused'): Promise<AddOutcome> => {
    await recordTemplateFailed(org, row.id, reasonText(reason));
    await deps.kv.delete(claim);
    return outcome;
  };
  try {
    if (!row.shortId) return await refuse(refusals.noShortId);
    if (row.keywordNames.length === 0 || row.keywordNames.length > MAX_KEYWORDS) return await refuse(refusals.keywords);
    const appid = await access.appidOf(row.accountId);
    if (!appid) return await refuse(refusals.notConnected);
    let added: PrivateTemplate | undefined;
    try {
      if ((await deps.wechat.list(appid)).length >= MAX_TEMPLATES) return await refuse(refusals.full);
      const templateId = await deps.wechat.add(appid, row.shortId, row.keywordNames);
      // The template exists in WeChat from here on: remember it before anything else can fail.
      await rememberTemplate(deps.kv, access.organizationId, row.id, { appid, accountId: row.accountId, templateId });
      await updateTemplateRow(org, row.id, { [Template.columns.WechatTemplateId]: templateId });
      added = (await deps.wechat.list(appid)).find((t) => t.templateId === templateId);
      if (added) await updateTemplateRow(org, row.id, wechatColumns(added));
    } catch (err) {
      if (!(err instanceof WechatApiError) || err.kind === 'busy' || err.kind === 'token-invalid') throw err;
      deps.logger.warn('template not added by WeChat', { authorizerAppid: appid, errcode: err.errcode });
      return await refuse(explainTemplateError(err.errcode, 'add'), 'failed');
    }
    deps.logger.info('template added from the library', { authorizerAppid: appid });
    return 'added';
  } catch (err) {
    await deps.kv.delete(claim);
    throw err;
  }
}

export type DeleteOutcome = 'deleted' | 'restored' | 'skipped';

/** A wxm_template row was deleted: delete its template in WeChat (only when the row is really gone). */
export async function onTemplateDeleted(access: OrgAccess & { organizationId: string }, rowId: string, deps: TemplateDeps): Promise<DeleteOutcome> {
  const { org } = access;
  if (await org.retrieve(Template.entitySetName, requireGuid('template id', rowId), [Template.columns.Id])) return 'skipped';
  const known = await knownTemplate(deps.kv, access.organizationId, rowId);
  if (!known || (await access.appidOf(known.accountId)) !== known.appid) return 'skipped';
  try {
    await deps.wechat.remove(known.appid, known.templateId);
  } catch (err) {
    if (!(err instanceof WechatApiError) || err.kind === 'busy' || err.kind === 'token-invalid') throw err;
    // 40037: WeChat no longer has it (deleted in the MP console): what the row's deletion asked for.
    if (err.errcode !== 40037) return restore(org, rowId, known, err.errcode, deps);
  }
  await forgetTemplate(deps.kv, access.organizationId, rowId);
  deps.logger.info('template deleted in WeChat', { authorizerAppid: known.appid });
  return 'deleted';
}

async function restore(
  org: DataverseOrg,
  rowId: string,
  known: { appid: string; accountId: string; templateId: string },
  errcode: number,
  deps: TemplateDeps,
): Promise<DeleteOutcome> {
  const held = (await deps.wechat.list(known.appid)).find((t) => t.templateId === known.templateId);
  const C = Template.columns;
  await org.create(Template.entitySetName, {
    ...(held ? wechatColumns(held) : { [C.Name]: known.templateId, [C.WechatTemplateId]: known.templateId }),
    [C.Id]: rowId,
    [`${Template.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', known.accountId)})`,
    [C.State]: RowSyncState.Failed,
    [C.FailureReason]: reasonText(explainTemplateError(errcode, 'delete')),
  });
  deps.logger.warn('template not deleted in WeChat; row restored', { authorizerAppid: known.appid, errcode });
  return 'restored';
}
