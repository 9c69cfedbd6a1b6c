/**
 * One WeChat tag's members brought into Dataverse by what changed, never by reading every follower of the account:
 * WeChat's members come a `user/tag/get` page (10,000 openids) at a time; for each page the follower rows of those
 * openids are read 250 a query (their tags expanded), and only missing pairings and Tags columns that lack the tag
 * are written, one change set per follower through the gateway's batched `submit` ($batch requests of up to 1,000
 * operations). Pairings WeChat no longer lists are looked for only when Dataverse counts more following followers
 * paired with the tag than WeChat's members account for (an aggregate, tags/count-rows.ts), and then read in pages
 * of 5,000 by `<nav>/any(…)`, so a sync where nothing was untagged in the MP console reads no pairing at all.
 *
 * Memory: one page of rows at a time, and the tag's member openids (strings, to recognise the pairings to remove).
 * Followers who no longer follow keep their pairings (WeChat lists only current followers); openids WeChat lists
 * that have no follower row yet are counted (the follower sync brings them), never invented.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#filter-using-values-of-related-collections
 */
import { EntitySets, Follower, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row, WriteOperation } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/index.js';
import type { TagsApi } from '../../wechat/official-account/tags.js';
import { countRows } from './count-rows.js';
import { columnWrite, pairing, submitAll } from './pairing-writes.js';
import { NAV } from './tag-members.js';

const F = Follower.columns;
const T = Tag.columns;
/** Openids per follower query (about 13 KB of $filter; the client sends a URL past 2,000 characters inside $batch). */
export const OPENIDS_PER_QUERY = 250;
const PAGE = 5000;
const FOLLOWERS = { entitySet: EntitySets.Follower, primaryId: F.Id };

export interface MemberReport {
  paired: number;
  unpaired: number;
  followersNotInDataverse: number;
  tagsColumns: number;
}

export interface MemberSync {
  org: DataverseOrg;
  accountId: string;
  api: TagsApi;
  token: TokenSource;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ofAccount = (accountId: string) => `${lookupKey(F.OfficialAccountId)} eq ${accountId}`;
/** Following, or not known not to follow (a row made before the follower sync wrote the column). */
const following = `(${F.Subscribed} eq true or ${F.Subscribed} eq null)`;
export const pairedWith = (tagRowId: string) => `${NAV}/any(t:t/${T.Id} eq ${tagRowId})`;

/** WeChat ids of the Tags column (comma separated, as the follower sync writes it), plus or minus one. */
export function tagsColumn(stored: unknown, add?: number, remove?: number): string {
  const ids = new Set(
    String(stored ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number),
  );
  if (add !== undefined) ids.add(add);
  if (remove !== undefined) ids.delete(remove);
  return [...ids]
    .sort((a, b) => a - b)
    .join(',')
    .slice(0, 500);
}
const hasTag = (stored: unknown, id: number) =>
  String(stored ?? '')
    .split(',')
    .includes(String(id));
export async function syncMembers(s: MemberSync, tagRowId: string, wechatTagId: number, report: MemberReport): Promise<void> {
  const members = new Set<string>();
  let followingPaired = 0;
  let next = '';
  do {
    const page = await s.api.tagMembers(s.token, wechatTagId, next);
    next = page.nextOpenid;
    const sets: WriteOperation[][] = [];
    for (let i = 0; i < page.openids.length; i += OPENIDS_PER_QUERY) {
      const chunk = page.openids.slice(i, i + OPENIDS_PER_QUERY).filter((o) => !members.has(o));
      for (const o of chunk) members.add(o);
      if (chunk.length === 0) continue;
      const rows = await s.org.retrieveMultiple(Follower.entitySetName, {
        select: [F.Id, F.OpenId, F.Subscribed, F.Tags],
        filter: `${ofAccount(s.accountId)} and (${chunk.map((o) => `${F.OpenId} eq ${quote(o)}`).join(' or ')})`,
        expand: [{ property: NAV, select: [T.Id] }],
        maxRows: chunk.length,
      });
      report.followersNotInDataverse += chunk.length - rows.length;
      for (const row of rows) {
        const id = String(row[F.Id]);
        const subscribed = row[F.Subscribed] !== false;
        const paired = ((row[NAV] ?? []) as Row[]).some((t) => String(t[T.Id]) === tagRowId);
        const ops: WriteOperation[] = paired ? [] : [pairing('associate', tagRowId, id)];
        if (!paired) report.paired += 1;
        if (subscribed && !hasTag(row[F.Tags], wechatTagId)) {
          ops.push(columnWrite(id, tagsColumn(row[F.Tags], wechatTagId)));
          report.tagsColumns += 1;
        }
        if (subscribed) followingPaired += 1;
        if (ops.length > 0) sets.push(ops);
      }
    }
    await submitAll(s.org, sets);
  } while (next !== '');
  const paired = await countRows(s.org, FOLLOWERS, `${ofAccount(s.accountId)} and ${following} and ${pairedWith(tagRowId)}`);
  if (paired > followingPaired) await unpairOthers(s, tagRowId, wechatTagId, members, report);
}

/** Following followers paired with the tag whom WeChat does not list: unpaired, the tag taken off their column. */
async function unpairOthers(s: MemberSync, tagRowId: string, wechatTagId: number, members: Set<string>, report: MemberReport): Promise<void> {
  await eachPaired(s, tagRowId, async (rows) => {
    const sets = rows
      .filter((r) => !members.has(String(r[F.OpenId])))
      .map((r) => {
        report.unpaired += 1;
        const ops = [pairing('disassociate', tagRowId, String(r[F.Id]))];
        if (hasTag(r[F.Tags], wechatTagId)) {
          report.tagsColumns += 1;
          ops.push(columnWrite(String(r[F.Id]), tagsColumn(r[F.Tags], undefined, wechatTagId)));
        }
        return ops;
      });
    await submitAll(s.org, sets);
  });
}

/** A tag WeChat deleted: its id leaves the Tags column of the following followers paired with its row. */
export async function forgetTag(s: MemberSync, tagRowId: string, wechatTagId: number, report: MemberReport): Promise<void> {
  await eachPaired(s, tagRowId, async (rows) => {
    const sets = rows.filter((r) => hasTag(r[F.Tags], wechatTagId)).map((r) => [columnWrite(String(r[F.Id]), tagsColumn(r[F.Tags], undefined, wechatTagId))]);
    report.tagsColumns += sets.length;
    await submitAll(s.org, sets);
  });
}

/** The account's following followers paired with the tag, a page of 5,000 at a time (keyset on the row id). */
async function eachPaired(s: MemberSync, tagRowId: string, onPage: (rows: Row[]) => Promise<void>): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const rows = await s.org.retrieveMultiple(Follower.entitySetName, {
      select: [F.Id, F.OpenId, F.Tags],
      filter: `${ofAccount(s.accountId)} and ${following} and ${pairedWith(tagRowId)}${after ? ` and ${F.Id} gt ${after}` : ''}`,
      orderBy: [`${F.Id} asc`],
      top: PAGE,
    });
    await onPage(rows);
    if (rows.length < PAGE) return;
    after = String(rows.at(-1)?.[F.Id]);
  }
}
