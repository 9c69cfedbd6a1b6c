/**
 * Tags made, renamed or deleted in the MP console (or by another tool) reach Dataverse by this sync: tags/get, then
 * each tag's followers by user/tag/get (10,000 a page). Missing wxm_tag rows are created (or a row waiting under the
 * same name takes the tag), names and counts follow WeChat, rows of tags WeChat no longer has are deleted (their id
 * taken off their followers' Tags column first), and the follower–tag pairings are made to match WeChat's lists for
 * followers already in Dataverse, page by page and by what changed (tag-sync-members.ts: an account of 1,000,000
 * followers is never read whole).
 *
 * Loop-proof: everything here is written by the relay's own application user, and the tag hints that come back
 * (Create, Update of the name, Delete, Associate, Disassociate) are skipped for that initiating user; so a change
 * that came from WeChat is never sent back to WeChat.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { EntitySets, RowSyncState, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row } from '../../dataverse/types.js';
import type { WechatTag } from '../../wechat/official-account/tags.js';
import { knownTagKey, openTagOrg, rememberTag, type TagDeps, type TagOrg } from './tag-deps.js';
import { forgetTag, syncMembers, type MemberSync } from './tag-sync-members.js';

const T = Tag.columns;

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
  const members: MemberSync = { org: access.org, accountId, api: deps.wechat.api, token };
  for (const tag of tags) {
    const rowId = await rowFor(access, appid, accountId, tag, rows, report, deps);
    await syncMembers(members, rowId, tag.id, report);
  }
  for (const row of rows) {
    const id = row[T.WechatTagId];
    if (typeof id !== 'number' || tags.some((t) => t.id === id)) continue;
    await forgetTag(members, String(row[T.Id]), id, report);
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

/** The sync of one account row of an org, reached as the relay reaches it; undefined when it is not bound there. */
export async function syncTagsOf(organizationId: string, accountId: string, deps: TagDeps): Promise<TagSyncReport | undefined> {
  const access = await openTagOrg(organizationId, deps);
  const appid = access && (await access.appidOf(accountId));
  return access && appid ? syncTags(access, appid, accountId, deps) : undefined;
}
