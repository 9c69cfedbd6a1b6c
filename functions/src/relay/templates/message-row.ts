/**
 * wxm_templatemessage rows ⇄ the send: the row as read (every value from Dataverse, never from a hint), its
 * template, the recipient (a follower, or the follower a contact, lead or user is bound to through wxm_binding for
 * the template's account) and the writes of each outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { Binding, DeliveryStatus, EntitySets, Follower, Template, TemplateMessage } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import type { TemplateField } from './rules.js';

const M = TemplateMessage.columns;
const T = Template.columns;
const F = Follower.columns;

const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);

export interface StoredTemplateMessage {
  id: string;
  etag: string | undefined;
  status: number | undefined;
  msgid: string | undefined;
  accountId: string | undefined;
  templateId: string | undefined;
  followerId: string | undefined;
  people: { kind: 'contact' | 'lead' | 'systemuser'; id: string }[];
  values: string | undefined;
  url: string | undefined;
  miniProgramAppId: string | undefined;
  miniProgramPagePath: string | undefined;
}

export async function readTemplateMessage(org: DataverseOrg, id: string): Promise<StoredTemplateMessage | undefined> {
  const row = await org.retrieve(TemplateMessage.entitySetName, requireGuid('template message id', id), [
    M.Id,
    M.DeliveryStatus,
    M.WechatMsgId,
    lookupKey(M.OfficialAccountId),
    lookupKey(M.TemplateId),
    lookupKey(M.FollowerId),
    lookupKey(M.ContactId),
    lookupKey(M.LeadId),
    lookupKey(M.SystemUserId),
    M.Values,
    M.Url,
    M.MiniProgramAppId,
    M.MiniProgramPagePath,
  ]);
  if (!row) return undefined;
  const people: StoredTemplateMessage['people'] = [];
  for (const [kind, column] of [
    ['contact', M.ContactId],
    ['lead', M.LeadId],
    ['systemuser', M.SystemUserId],
  ] as const) {
    const personId = str(row, lookupKey(column));
    if (personId) people.push({ kind, id: personId });
  }
  return {
    id: String(row[M.Id]),
    etag: typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : undefined,
    status: typeof row[M.DeliveryStatus] === 'number' ? (row[M.DeliveryStatus] as number) : undefined,
    msgid: str(row, M.WechatMsgId),
    accountId: str(row, lookupKey(M.OfficialAccountId)),
    templateId: str(row, lookupKey(M.TemplateId)),
    followerId: str(row, lookupKey(M.FollowerId)),
    people,
    values: str(row, M.Values),
    url: str(row, M.Url),
    miniProgramAppId: str(row, M.MiniProgramAppId),
    miniProgramPagePath: str(row, M.MiniProgramPagePath),
  };
}

export interface StoredTemplate {
  id: string;
  accountId: string | undefined;
  wechatTemplateId: string | undefined;
  fields: TemplateField[] | undefined;
}

/** wxm_fields as the relay writes it; undefined when it is not a list of {key, label?}. */
export function parseFields(text: string | undefined): TemplateField[] | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    const fields = parsed.filter((f): f is TemplateField => typeof f === 'object' && f !== null && typeof (f as TemplateField).key === 'string');
    return fields.length === parsed.length ? fields.map((f) => (typeof f.label === 'string' ? { key: f.key, label: f.label } : { key: f.key })) : undefined;
  } catch {
    return undefined;
  }
}

export async function readTemplate(org: DataverseOrg, id: string): Promise<StoredTemplate | undefined> {
  const row = await org.retrieve(Template.entitySetName, requireGuid('template id', id), [T.Id, lookupKey(T.OfficialAccountId), T.WechatTemplateId, T.Fields]);
  if (!row) return undefined;
  return {
    id: String(row[T.Id]),
    accountId: str(row, lookupKey(T.OfficialAccountId)),
    wechatTemplateId: str(row, T.WechatTemplateId),
    fields: parseFields(str(row, T.Fields)),
  };
}

export interface StoredFollower {
  id: string;
  accountId: string | undefined;
  openid: string | undefined;
  following: boolean;
  blocked: boolean;
}

const FOLLOWER_SELECT = [F.Id, lookupKey(F.OfficialAccountId), F.OpenId, F.Subscribed, F.TemplateBlocked];
const followerOf = (row: Row): StoredFollower => ({
  id: String(row[F.Id]),
  accountId: str(row, lookupKey(F.OfficialAccountId)),
  openid: str(row, F.OpenId),
  following: row[F.Subscribed] !== false,
  blocked: row[F.TemplateBlocked] === true,
});

export async function readFollower(org: DataverseOrg, id: string): Promise<StoredFollower | undefined> {
  const row = await org.retrieve(EntitySets.Follower, requireGuid('follower id', id), FOLLOWER_SELECT);
  return row ? followerOf(row) : undefined;
}

/** The followers a contact, lead or user is bound to (wxm_binding), every account. */
export async function boundFollowers(org: DataverseOrg, person: { kind: 'contact' | 'lead' | 'systemuser'; id: string }): Promise<StoredFollower[]> {
  const column = person.kind === 'contact' ? Binding.columns.ContactId : person.kind === 'lead' ? Binding.columns.LeadId : Binding.columns.SystemUserId;
  const bindings = await org.retrieveMultiple(EntitySets.Binding, {
    select: [lookupKey(Binding.columns.FollowerId)],
    filter: `${lookupKey(column)} eq ${requireGuid(`${person.kind} id`, person.id)} and statecode eq 0`,
    maxRows: 50,
  });
  const followers: StoredFollower[] = [];
  for (const b of bindings) {
    const followerId = str(b, lookupKey(Binding.columns.FollowerId));
    const follower = followerId ? await readFollower(org, followerId) : undefined;
    if (follower) followers.push(follower);
  }
  return followers;
}

/** Pending → Sending under the ETag read: false when someone else changed the row first (they send, not us). */
export async function claimMessage(org: DataverseOrg, m: StoredTemplateMessage): Promise<boolean> {
  return org.update(TemplateMessage.entitySetName, m.id, { [M.DeliveryStatus]: DeliveryStatus.Sending, [M.FailureReason]: null }, m.etag ?? '*');
}

export async function recordSent(org: DataverseOrg, id: string, msgid: string, followerId: string, accountId: string): Promise<void> {
  await org.update(TemplateMessage.entitySetName, id, {
    [M.DeliveryStatus]: DeliveryStatus.Sent,
    [M.WechatMsgId]: msgid,
    [M.FailureReason]: null,
    // The recipient and account the relay resolved, so the TEMPLATESENDJOBFINISH handler and the views find them.
    [`${TemplateMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${requireGuid('follower id', followerId)})`,
    [`${TemplateMessage.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
  });
}

export async function recordFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(TemplateMessage.entitySetName, id, { [M.DeliveryStatus]: DeliveryStatus.Failed, [M.FailureReason]: reason });
}

/** The message WeChat's msgid names, for the account (TEMPLATESENDJOBFINISH). */
export async function messageByMsgId(org: DataverseOrg, accountId: string, msgid: string): Promise<Row | undefined> {
  if (!/^\d{1,20}$/.test(msgid)) return undefined;
  const rows = await org.retrieveMultiple(TemplateMessage.entitySetName, {
    select: [M.Id, M.DeliveryStatus, M.SentReason, lookupKey(M.FollowerId)],
    filter: `${lookupKey(M.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${M.WechatMsgId} eq '${msgid}'`,
    top: 1,
  });
  return rows[0];
}
