/**
 * Tags made, renamed or deleted in the MP console (or by another tool) reach Dataverse by this sync: tags/get, then
 * each tag's followers by user/tag/get (10,000 a page). Missing wxm_tag rows are created (or a row waiting under the
 * same name takes the tag), names and counts follow WeChat, rows of tags WeChat no longer has are deleted, and the
 * follower–tag pairings are made to match WeChat's lists for followers already in Dataverse (a follower not synced
 * yet is counted, not invented; a follower who no longer follows keeps their pairings, since WeChat lists only
 * current followers).
 *
 * Loop-proof: everything here is written by the relay's own application user, and the tag hints that come back
 * (Create, Update of the name, Delete, Associate, Disassociate) are skipped for that initiating user; so a change
 * that came from WeChat is never sent back to WeChat.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { EntitySets, Follower, RowSyncState, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/index.js';
import type { WechatTag } from '../../wechat/official-account/tags.js';
import { knownTagKey, openTagOrg, rememberTag, type TagDeps, type TagOrg } from './tag-deps.js';
import { NAV } from './tag-members.js';

const T = Tag.columns;
const F = Follower.columns;

export interface TagSyncReport {
  created: number;
  updated: number;
  deleted: number;
  paired: number;
  unpaired: number;
  /** Openids WeChat lists under a tag that have no follower row yet (the follower sync brings them). */
  followersNotInDataverse: number;
  /** Followers whose Tags column (WeChat ids) was brought in line with WeChat. */
  tagsColumns: number;
}

export async function syncTags(access: TagOrg, appid: string, accountId: string, deps: TagDeps): Promise<TagSyncReport> {
  const report: TagSyncReport = { created: 0, updated: 0, deleted: 0, paired: 0, unpaired: 0, followersNotInDataverse: 0, tagsColumns: 0 };
  const token = deps.wechat.token(appid);
  const tags = await deps.wechat.api.listTags(token);
  const rows = await access.org.retrieveMultiple(Tag.entitySetName, {
    select: [T.Id, T.Name, T.WechatTagId, T.FollowerCount, T.State, T.FailureReason],
    filter: `${lookupKey(T.OfficialAccountId)} eq ${accountId} and ${T.StateCode} eq 0`,
  });
  const followers = await followerIndex(access, accountId);
  const membership = new Map<string, number[]>();
  for (const tag of tags) {
    const rowId = await rowFor(access, appid, accountId, tag, rows, report, deps);
    const openids = await members(deps, token, tag.id);
    for (const o of openids) membership.set(o, [...(membership.get(o) ?? []), tag.id]);
    await pairMembers(access, rowId, openids, followers, report);
  }
  report.tagsColumns = await keepTagsColumns(access, followers, membership);
  for (const row of rows) {
    const id = row[T.WechatTagId];
    if (typeof id !== 'number' || tags.some((t) => t.id === id)) continue;
    await access.org.delete(Tag.entitySetName, String(row[T.Id]));
    await deps.kv.delete(knownTagKey(access.organizationId, String(row[T.Id])));
    report.deleted += 1;
  }
  deps.logger.info('tags synced from WeChat', { authorizerAppid: appid, ...report });
  return report;
}

/** The row of a WeChat tag: the one with its id, a waiting row with its name, or a new one. */
async function rowFor(access: TagOrg, appid: string, accountId: string, tag: WechatTag, rows: Row[], report: TagSyncReport, deps: TagDeps): Promise<string> {
  const row = rows.find((r) => r[T.WechatTagId] === tag.id) ?? rows.find((r) => r[T.WechatTagId] === null && r[T.Name] === tag.name);
  const values = { [T.Name]: tag.name, [T.WechatTagId]: tag.id, [T.FollowerCount]: tag.count, [T.State]: RowSyncState.Synced, [T.FailureReason]: null };
  let rowId: string;
  if (row) {
    rowId = String(row[T.Id]);
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => (row[k] ?? null) !== v));
    if (Object.keys(changed).length > 0) {
      await access.org.update(Tag.entitySetName, rowId, changed);
      report.updated += 1;
    }
  } else {
    rowId = await access.org.create(Tag.entitySetName, {
      ...values,
      [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    report.created += 1;
  }
  await rememberTag(deps, access.organizationId, rowId, { appid, accountId, tagId: tag.id, name: tag.name });
  return rowId;
}

async function members(deps: TagDeps, token: TokenSource, tagId: number): Promise<Set<string>> {
  const openids = new Set<string>();
  let next = '';
  do {
    const page = await deps.wechat.api.tagMembers(token, tagId, next);
    for (const o of page.openids) openids.add(o);
    next = page.nextOpenid;
  } while (next !== '');
  return openids;
}

interface FollowerRef {
  id: string;
  subscribed: boolean;
  /** The Tags column as stored (WeChat ids, comma separated). */
  tags: string;
}

/** The account's follower rows by openid (one paged query, not one per openid). */
async function followerIndex(access: TagOrg, accountId: string): Promise<Map<string, FollowerRef>> {
  const rows = await access.org.retrieveMultiple(Follower.entitySetName, {
    select: [F.Id, F.OpenId, F.Subscribed, F.Tags],
    filter: `${lookupKey(F.OfficialAccountId)} eq ${accountId}`,
    maxRows: Number.MAX_SAFE_INTEGER,
  });
  return new Map(rows.map((r) => [String(r[F.OpenId]), { id: String(r[F.Id]), subscribed: r[F.Subscribed] !== false, tags: String(r[F.Tags] ?? '') }]));
}

const sameIds = (a: string, b: number[]) =>
  a
    .split(',')
    .filter(Boolean)
    .map(Number)
    .sort((x, y) => x - y)
    .join(',') === [...b].sort((x, y) => x - y).join(',');

/** Following followers whose Tags column differs from WeChat's lists get WeChat's ids (change sets of 100). */
async function keepTagsColumns(access: TagOrg, followers: Map<string, FollowerRef>, membership: Map<string, number[]>): Promise<number> {
  const writes = [...followers]
    .filter(([openid, f]) => f.subscribed && !sameIds(f.tags, membership.get(openid) ?? []))
    .map(([openid, f]) => ({
      kind: 'upsert' as const,
      entitySet: Follower.entitySetName,
      key: f.id,
      ifMatch: '*',
      data: {
        [F.Tags]: [...(membership.get(openid) ?? [])]
          .sort((x, y) => x - y)
          .join(',')
          .slice(0, 500),
      },
    }));
  for (let i = 0; i < writes.length; i += 100) {
    const failed = (await access.org.submit(writes.slice(i, i + 100))).find((o) => !o.ok);
    if (failed && !failed.ok) throw new Error(`follower tags column not written: ${failed.error.kind} ${failed.error.code}`);
  }
  return writes.length;
}

async function pairMembers(access: TagOrg, rowId: string, wechat: Set<string>, followers: Map<string, FollowerRef>, report: TagSyncReport): Promise<void> {
  const paired = new Map((await access.org.related(Tag.entitySetName, rowId, NAV, [F.Id, F.OpenId])).map((r) => [String(r[F.OpenId]), String(r[F.Id])]));
  for (const openid of wechat) {
    if (paired.has(openid)) continue;
    const follower = followers.get(openid);
    if (!follower) {
      report.followersNotInDataverse += 1;
      continue;
    }
    if ((await access.org.associate(Tag.entitySetName, rowId, NAV, Follower.entitySetName, follower.id)) === 'associated') report.paired += 1;
  }
  for (const [openid, id] of paired) {
    if (wechat.has(openid) || followers.get(openid)?.subscribed === false) continue;
    await access.org.disassociate(Tag.entitySetName, rowId, NAV, id);
    report.unpaired += 1;
  }
}

/** The sync of one account row of an org, reached as the relay reaches it; undefined when it is not bound there. */
export async function syncTagsOf(organizationId: string, accountId: string, deps: TagDeps): Promise<TagSyncReport | undefined> {
  const access = await openTagOrg(organizationId, deps);
  const appid = access && (await access.appidOf(accountId));
  return access && appid ? syncTags(access, appid, accountId, deps) : undefined;
}
