/**
 * wxm_subscriptiontemplate rows ⇄ the use cases: the row as read (every value from Dataverse, never from a hint), the
 * account's rows by WeChat template id, and the writes of what WeChat holds.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { EntitySets, RowSyncState, SubscriptionKind, SubscriptionTemplate } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import type { AccountTemplate } from '../../wechat/official-account/subscribe.js';
import { requireGuid, stringLiteral } from '../delivery/keys.js';
import { fieldsOfContent, type SubscriptionField } from './rules.js';

const C = SubscriptionTemplate.columns;
const SET = EntitySets.SubscriptionTemplate;

export interface StoredTemplate {
  id: string;
  name: string | undefined;
  accountId: string | undefined;
  tid: number | undefined;
  keywordIds: string | undefined;
  sceneDesc: string | undefined;
  wechatTemplateId: string | undefined;
  fields: SubscriptionField[];
  content: string | undefined;
  state: number | undefined;
  kind: number | undefined;
  syncRequestedOn: string | undefined;
  syncedOn: string | undefined;
  deleteRequestedOn: string | undefined;
}

const SELECT = [
  C.Id,
  C.Name,
  lookupKey(C.OfficialAccountId),
  C.Tid,
  C.KeywordIds,
  C.SceneDesc,
  C.WechatTemplateId,
  C.Fields,
  C.Content,
  C.State,
  C.Kind,
  C.SyncRequestedOn,
  C.SyncedOn,
  C.DeleteRequestedOn,
];

const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);
const num = (row: Row, name: string): number | undefined => (typeof row[name] === 'number' ? (row[name] as number) : undefined);

/** wxm_Fields as stored; a hand-edited column that is not a list of {key} gives the content's fields instead. */
export function parseFields(json: string | undefined, content: string | undefined): SubscriptionField[] {
  try {
    const parsed: unknown = json ? JSON.parse(json) : undefined;
    if (Array.isArray(parsed) && parsed.every((f) => typeof f === 'object' && f !== null && typeof (f as SubscriptionField).key === 'string')) {
      return parsed as SubscriptionField[];
    }
  } catch {
    // fall through to the content
  }
  return content ? fieldsOfContent(content) : [];
}

function toStored(row: Row): StoredTemplate {
  return {
    id: String(row[C.Id]),
    name: str(row, C.Name),
    accountId: str(row, lookupKey(C.OfficialAccountId)),
    tid: num(row, C.Tid),
    keywordIds: str(row, C.KeywordIds),
    sceneDesc: str(row, C.SceneDesc),
    wechatTemplateId: str(row, C.WechatTemplateId),
    fields: parseFields(str(row, C.Fields), str(row, C.Content)),
    content: str(row, C.Content),
    state: num(row, C.State),
    kind: num(row, C.Kind),
    syncRequestedOn: str(row, C.SyncRequestedOn),
    syncedOn: str(row, C.SyncedOn),
    deleteRequestedOn: str(row, C.DeleteRequestedOn),
  };
}

export async function readTemplate(org: DataverseOrg, id: string): Promise<StoredTemplate | undefined> {
  const row = await org.retrieve(SET, requireGuid('subscription template id', id), SELECT);
  return row ? toStored(row) : undefined;
}

export async function templatesOfAccount(org: DataverseOrg, accountId: string): Promise<StoredTemplate[]> {
  const filter = `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and statecode eq 0`;
  return (await org.retrieveMultiple(SET, { select: SELECT, filter, pageSize: 500 })).map(toStored);
}

export async function templateByWechatId(org: DataverseOrg, accountId: string, wechatTemplateId: string): Promise<StoredTemplate | undefined> {
  const filter = `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.WechatTemplateId} eq ${stringLiteral(wechatTemplateId)}`;
  const rows = await org.retrieveMultiple(SET, { select: SELECT, filter, top: 1 });
  return rows[0] ? toStored(rows[0]) : undefined;
}

/** Everything WeChat holds of a template, in the row's columns. */
export function wechatColumns(t: AccountTemplate, miniProgram: boolean, now: number): Row {
  const fields = fieldsOfContent(t.content).map((f) => (t.enumValues[f.key] ? { ...f, enumValues: t.enumValues[f.key] } : f));
  return {
    [C.WechatTemplateId]: t.templateId,
    [C.Content]: t.content.slice(0, 4000),
    [C.Example]: t.example.slice(0, 4000),
    [C.Fields]: JSON.stringify(fields),
    [C.LongTerm]: t.type === 3,
    [C.Kind]: miniProgram ? SubscriptionKind.MiniProgram : SubscriptionKind.OfficialAccount,
    [C.State]: RowSyncState.Synced,
    [C.FailureReason]: null,
    [C.SyncedOn]: new Date(now).toISOString(),
  };
}

export async function updateTemplate(org: DataverseOrg, id: string, data: Row): Promise<void> {
  await org.update(SET, requireGuid('subscription template id', id), data);
}

export async function createTemplate(org: DataverseOrg, accountId: string, data: Row): Promise<string> {
  return org.create(SET, {
    ...data,
    [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
  });
}

export async function recordTemplateFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await updateTemplate(org, id, { [C.State]: RowSyncState.Failed, [C.FailureReason]: reason });
}
