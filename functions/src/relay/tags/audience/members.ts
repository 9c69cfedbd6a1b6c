/**
 * Who an audience is: the followers (of one account) behind a static marketing list or a saved view, read with the
 * org's application user. A list holds contacts (listcontact_association, over listmember); a view returns followers
 * or contacts (its returnedtypecode says which). Contacts become followers by the follower's Contact column or by a
 * wxm_binding (a scan or web authorization bound them). Only followers who still follow are in the audience: WeChat
 * lists and tags current followers only.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-and-execute-predefined-queries#predefined-queries
 * https://learn.microsoft.com/dynamics365/developer/reference/entities/listmember
 */
import { Binding, Follower } from '@wxm/solution/schema';
import { DataverseError } from '../../../dataverse/errors.js';
import { lookupKey } from '../../../dataverse/keys.js';
import { GUID_PATTERN as GUID } from '../../../kernel/guid.js';
import { NO_MARKETING_LISTS, type Reason } from '../reasons.js';
import type { TagOrg } from '../tag-deps.js';

const F = Follower.columns;
const B = Binding.columns;
export const LIST_CONTACTS = 'listcontact_association';
/** Ids a single `$filter` names at most (about 15 KB: the client sends a URL past 2,000 characters inside $batch). */
const IDS_PER_QUERY = 250;

export type Audience = { kind: 'followers'; ids: Set<string> } | { kind: 'refused'; reason: Reason };

export const BAD_VIEW: Reason = {
  errcode: 0,
  en: 'The audience view was not found, or it returns neither followers nor contacts. Choose a system view of WeChat followers or of contacts.',
  zh: '找不到受众视图，或该视图返回的既不是粉丝也不是联系人。请选择粉丝或联系人的系统视图。',
};
export const BAD_LIST: Reason = {
  errcode: 0,
  en: 'The audience marketing list was not found, or it is a dynamic list or not a list of contacts. Choose a static marketing list of contacts.',
  zh: '找不到受众营销列表，或它是动态列表、不是联系人列表。请选择联系人的静态营销列表。',
};

export async function audienceFollowers(access: TagOrg, accountId: string, source: { listId?: string; viewId?: string }): Promise<Audience> {
  if (source.viewId) return fromView(access, accountId, source.viewId);
  if (source.listId) return fromList(access, accountId, source.listId);
  return { kind: 'followers', ids: new Set() };
}

const missing = (e: unknown, status: number) => e instanceof DataverseError && e.status === status;

async function fromList(access: TagOrg, accountId: string, listId: string): Promise<Audience> {
  if (!GUID.test(listId)) return { kind: 'refused', reason: BAD_LIST };
  try {
    const list = await access.org.retrieve('lists', listId, ['createdfromcode', 'type']);
    // createdfromcode 2 = contacts; type true = dynamic (its members are a query, not listmember rows).
    if (!list || list.createdfromcode !== 2 || list.type === true) return { kind: 'refused', reason: BAD_LIST };
    const contacts = (await access.org.related('lists', listId, LIST_CONTACTS, ['contactid'])).map((r) => String(r.contactid));
    return { kind: 'followers', ids: await followersOfContacts(access, accountId, contacts) };
  } catch (e) {
    // No `lists` entity set at all: Dynamics 365 Sales is not installed here (0x8006088a, 404).
    if (missing(e, 404)) return { kind: 'refused', reason: NO_MARKETING_LISTS };
    throw e;
  }
}

async function fromView(access: TagOrg, accountId: string, viewId: string): Promise<Audience> {
  if (!GUID.test(viewId)) return { kind: 'refused', reason: BAD_VIEW };
  const view = await access.org.retrieve('savedqueries', viewId, ['returnedtypecode']);
  const table = view?.returnedtypecode;
  if (table === Follower.logicalName) {
    const rows = await access.org.savedQuery(Follower.entitySetName, viewId);
    return {
      kind: 'followers',
      ids: await ownFollowing(
        access,
        accountId,
        rows.map((r) => String(r[F.Id])),
      ),
    };
  }
  if (table === 'contact') {
    const rows = await access.org.savedQuery('contacts', viewId);
    return {
      kind: 'followers',
      ids: await followersOfContacts(
        access,
        accountId,
        rows.map((r) => String(r.contactid)),
      ),
    };
  }
  return { kind: 'refused', reason: BAD_VIEW };
}

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(ids.slice(i, i + IDS_PER_QUERY));
  return out;
}
const anyOf = (column: string, ids: string[]) => `(${ids.map((id) => `${column} eq ${id}`).join(' or ')})`;
const ofAccount = (accountId: string) => `${lookupKey(F.OfficialAccountId)} eq ${accountId} and ${F.Subscribed} eq true`;

/** Of these follower ids, those of the account who still follow (a view may list any account's followers). */
async function ownFollowing(access: TagOrg, accountId: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const chunk of chunks(ids.filter((id) => GUID.test(id)))) {
    const rows = await access.org.retrieveMultiple(Follower.entitySetName, { select: [F.Id], filter: `${ofAccount(accountId)} and ${anyOf(F.Id, chunk)}` });
    for (const r of rows) out.add(String(r[F.Id]));
  }
  return out;
}

/** Followers of the account linked to these contacts: by the follower's Contact column, or by a binding row. */
async function followersOfContacts(access: TagOrg, accountId: string, contactIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const bound: string[] = [];
  for (const chunk of chunks(contactIds.filter((id) => GUID.test(id)))) {
    const linked = await access.org.retrieveMultiple(Follower.entitySetName, {
      select: [F.Id],
      filter: `${ofAccount(accountId)} and ${anyOf(lookupKey(F.ContactId), chunk)}`,
    });
    for (const r of linked) out.add(String(r[F.Id]));
    const bindings = await access.org.retrieveMultiple(Binding.entitySetName, {
      select: [lookupKey(B.FollowerId)],
      filter: anyOf(lookupKey(B.ContactId), chunk),
    });
    bound.push(...bindings.map((b) => String(b[lookupKey(B.FollowerId)])));
  }
  for (const id of await ownFollowing(access, accountId, [...new Set(bound)])) out.add(id);
  return out;
}
