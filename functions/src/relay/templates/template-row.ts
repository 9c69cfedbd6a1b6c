/**
 * wxm_template rows ⇄ the catalogue: the rows of an account, the row made from what WeChat holds, and the relay's
 * memory of which WeChat template a row stands for (kept in the shared store, so a deleted row, which Dataverse
 * no longer returns, can still be deleted in WeChat, and only by the org whose row it was).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { EntitySets, RowSyncState, Template } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import type { PrivateTemplate } from '../../wechat/official-account/template.js';
import type { KeyValueStore } from '../ports/storage.js';
import { requireGuid } from '../delivery/keys.js';
import { parseTemplateFields } from './rules.js';

const T = Template.columns;
const SET = Template.entitySetName;
const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);

export interface TemplateRow {
  id: string;
  accountId: string | undefined;
  wechatTemplateId: string | undefined;
  shortId: string | undefined;
  keywordNames: string[];
  state: number | undefined;
}

const SELECT = [T.Id, lookupKey(T.OfficialAccountId), T.WechatTemplateId, T.ShortId, T.KeywordNames, T.State];
const rowOf = (row: Row): TemplateRow => ({
  id: String(row[T.Id]),
  accountId: str(row, lookupKey(T.OfficialAccountId)),
  wechatTemplateId: str(row, T.WechatTemplateId),
  shortId: str(row, T.ShortId)?.trim(),
  keywordNames: (str(row, T.KeywordNames) ?? '')
    .split(/[\r\n,，]+/)
    .map((k) => k.trim())
    .filter(Boolean),
  state: typeof row[T.State] === 'number' ? (row[T.State] as number) : undefined,
});

export async function readTemplateRow(org: DataverseOrg, id: string): Promise<TemplateRow | undefined> {
  const row = await org.retrieve(SET, requireGuid('template id', id), SELECT);
  return row ? rowOf(row) : undefined;
}

export async function templatesOfAccount(org: DataverseOrg, accountId: string): Promise<TemplateRow[]> {
  const rows = await org.retrieveMultiple(SET, {
    select: SELECT,
    filter: `${lookupKey(T.OfficialAccountId)} eq ${requireGuid('account id', accountId)}`,
    maxRows: 500,
  });
  return rows.map(rowOf);
}

/** The columns that say what WeChat holds: title, content, the fields parsed from it, example, industries, Synced. */
export function wechatColumns(t: PrivateTemplate): Row {
  return {
    [T.Name]: (t.title || t.templateId).slice(0, 200),
    [T.WechatTemplateId]: t.templateId,
    [T.Content]: t.content,
    [T.Fields]: JSON.stringify(parseTemplateFields(t.content)),
    [T.Example]: t.example,
    [T.PrimaryIndustry]: t.primaryIndustry.slice(0, 100),
    [T.DeputyIndustry]: t.deputyIndustry.slice(0, 100),
    [T.State]: RowSyncState.Synced,
    [T.FailureReason]: null,
  };
}

export async function createTemplateRow(org: DataverseOrg, accountId: string, t: PrivateTemplate): Promise<string> {
  return org.create(SET, {
    ...wechatColumns(t),
    [`${Template.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
  });
}

export async function updateTemplateRow(org: DataverseOrg, id: string, data: Row): Promise<void> {
  await org.update(SET, requireGuid('template id', id), data);
}

export async function recordTemplateFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(SET, requireGuid('template id', id), { [T.State]: RowSyncState.Failed, [T.FailureReason]: reason });
}

/** What the relay knows a row stands for, so its deletion can be carried to WeChat. */
export interface KnownTemplate {
  appid: string;
  accountId: string;
  templateId: string;
}

const knownKey = (organizationId: string, rowId: string) => `template-known:${organizationId}:${rowId}`;

export async function rememberTemplate(kv: KeyValueStore, organizationId: string, rowId: string, known: KnownTemplate): Promise<void> {
  await kv.put(knownKey(organizationId, rowId), JSON.stringify(known));
}

export async function knownTemplate(kv: KeyValueStore, organizationId: string, rowId: string): Promise<KnownTemplate | undefined> {
  const text = await kv.get(knownKey(organizationId, rowId));
  if (!text) return undefined;
  const parsed = JSON.parse(text) as Partial<KnownTemplate>;
  return typeof parsed.appid === 'string' && typeof parsed.accountId === 'string' && typeof parsed.templateId === 'string'
    ? { appid: parsed.appid, accountId: parsed.accountId, templateId: parsed.templateId }
    : undefined;
}

export async function forgetTemplate(kv: KeyValueStore, organizationId: string, rowId: string): Promise<void> {
  await kv.delete(knownKey(organizationId, rowId));
}
