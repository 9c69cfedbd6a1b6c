/**
 * What the composer reads through Xrm.WebApi with the operator's own session (their security roles decide what
 * they may read and create): the opened record, the WeChat followers bound to it, the accounts and their
 * templates, today's quota, the views of followers and the followers a view returns.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrievemultiplerecords
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-and-execute-predefined-queries
 */
import type { Xrm } from '../../shared/xrm.js';
import type { RecordRef } from './opened.js';

export interface Follower {
  id: string;
  name: string;
  openId: string;
  accountId: string | undefined;
  following: boolean;
  templateBlocked: boolean;
}

export interface Template {
  id: string;
  name: string;
  /** wxm_fields: JSON [{ key, label }]. */
  fields: unknown;
}

export interface Account {
  id: string;
  name: string;
  quotaReport: unknown;
  quotaCheckedOn: unknown;
}

const FOLLOWER_SELECT = '$select=wxm_followerid,wxm_name,wxm_openid,wxm_subscribed,wxm_templateblocked,_wxm_officialaccountid_value';

const followerOf = (r: Record<string, unknown>): Follower => ({
  id: String(r.wxm_followerid),
  name: String(r.wxm_name ?? r.wxm_openid ?? ''),
  openId: String(r.wxm_openid ?? ''),
  accountId: typeof r._wxm_officialaccountid_value === 'string' ? r._wxm_officialaccountid_value.toLowerCase() : undefined,
  following: r.wxm_subscribed !== false,
  templateBlocked: r.wxm_templateblocked === true,
});

/** Every page: the next one is asked for with the query of `nextLink` (a view of 20,000 followers is 4 pages). */
async function many(xrm: Xrm, entity: string, options: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let query: string | undefined = options;
  while (query !== undefined) {
    const page = await xrm.WebApi.retrieveMultipleRecords(entity, query);
    rows.push(...page.entities);
    query = page.nextLink ? `?${page.nextLink.split('?').slice(1).join('?')}` : undefined;
  }
  return rows;
}

export async function readRecord(xrm: Xrm, record: RecordRef): Promise<Record<string, unknown>> {
  if (!xrm.WebApi.retrieveRecord) throw new Error('retrieveRecord unavailable');
  return xrm.WebApi.retrieveRecord.call(xrm.WebApi, record.entity, record.id);
}

/** Columns of other tables that name the person a record is about (a case's customer, an opportunity's contact). */
const PERSON_LOOKUPS = ['_customerid_value', '_primarycontactid_value', '_parentcontactid_value', '_contactid_value'];
const BOUND_COLUMN: Record<string, string> = { contact: '_wxm_contactid_value', lead: '_wxm_leadid_value', systemuser: '_wxm_systemuserid_value' };

/** The followers the record is, or is bound to (wxm_binding): itself for a follower, a person's bindings, or a case's customer's. */
export async function followersOf(xrm: Xrm, record: RecordRef, row: Record<string, unknown>): Promise<Follower[]> {
  if (record.entity === 'wxm_follower')
    return many(xrm, 'wxm_follower', `?${FOLLOWER_SELECT}&$filter=wxm_followerid eq ${record.id}`).then((r) => r.map(followerOf));
  const people: { column: string; id: string }[] = [];
  const bound = BOUND_COLUMN[record.entity];
  if (bound) people.push({ column: bound, id: record.id });
  else
    for (const lookup of PERSON_LOOKUPS) {
      const id = row[lookup];
      const table = row[`${lookup}@Microsoft.Dynamics.CRM.lookuplogicalname`];
      if (typeof id === 'string' && (table === undefined || table === 'contact')) people.push({ column: '_wxm_contactid_value', id });
    }
  const followers: Follower[] = [];
  for (const person of people) {
    const bindings = await many(xrm, 'wxm_binding', `?$select=_wxm_followerid_value&$filter=${person.column} eq ${person.id}`);
    const ids = bindings.map((b) => b._wxm_followerid_value).filter((v): v is string => typeof v === 'string');
    if (ids.length === 0) continue;
    const filter = ids.map((id) => `wxm_followerid eq ${id}`).join(' or ');
    followers.push(...(await many(xrm, 'wxm_follower', `?${FOLLOWER_SELECT}&$filter=${filter}`)).map(followerOf));
  }
  return followers.filter((f, i) => followers.findIndex((g) => g.id === f.id) === i);
}

export async function accounts(xrm: Xrm): Promise<Account[]> {
  const rows = await many(xrm, 'wxm_officialaccount', '?$select=wxm_officialaccountid,wxm_name,wxm_quotareport,wxm_quotacheckedon&$orderby=wxm_name');
  return rows.map((r) => ({
    id: String(r.wxm_officialaccountid).toLowerCase(),
    name: String(r.wxm_name ?? ''),
    quotaReport: r.wxm_quotareport,
    quotaCheckedOn: r.wxm_quotacheckedon,
  }));
}

export async function templatesOf(xrm: Xrm, accountId: string): Promise<Template[]> {
  const rows = await many(
    xrm,
    'wxm_template',
    `?$select=wxm_templateid,wxm_name,wxm_fields,wxm_wechattemplateid&$filter=_wxm_officialaccountid_value eq ${accountId} and wxm_wechattemplateid ne null&$orderby=wxm_name`,
  );
  return rows.map((r) => ({ id: String(r.wxm_templateid).toLowerCase(), name: String(r.wxm_name ?? ''), fields: r.wxm_fields }));
}

/** Template message rows of the account created at or after `since` (ISO): they use today's quota too. */
export async function createdSince(xrm: Xrm, accountId: string, since: string): Promise<number> {
  const rows = await many(
    xrm,
    'wxm_templatemessage',
    `?$select=wxm_templatemessageid&$filter=_wxm_officialaccountid_value eq ${accountId} and createdon ge ${since}`,
  );
  return rows.length;
}

export interface View {
  id: string;
  name: string;
}

/** System views of followers (querytype 0: the views people pick from a grid). */
export async function followerViews(xrm: Xrm): Promise<View[]> {
  const rows = await many(xrm, 'savedquery', "?$select=savedqueryid,name&$filter=returnedtypecode eq 'wxm_follower' and querytype eq 0&$orderby=name");
  return rows.map((r) => ({ id: String(r.savedqueryid).toLowerCase(), name: String(r.name ?? '') }));
}

/**
 * The followers a view returns, as the operator may read them (Web API `?savedQuery=`, which takes no $select: the
 * view's own columns come back), read again 50 at a time for the columns the composer needs.
 */
export async function viewFollowers(xrm: Xrm, viewId: string): Promise<Follower[]> {
  const ids = (await many(xrm, 'wxm_follower', `?savedQuery=${viewId}`)).map((r) => String(r.wxm_followerid));
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 50) chunks.push(ids.slice(i, i + 50));
  // Four requests at a time: a view of 5,000 followers is 100 reads, which one after another take a while.
  const followers: Follower[][] = [];
  for (let i = 0; i < chunks.length; i += 4) {
    const reads = chunks.slice(i, i + 4).map(async (chunk) => {
      const filter = chunk.map((id) => `wxm_followerid eq ${id}`).join(' or ');
      return (await many(xrm, 'wxm_follower', `?${FOLLOWER_SELECT}&$filter=${filter}`)).map(followerOf);
    });
    followers.push(...(await Promise.all(reads)));
  }
  return followers.flat();
}
