/**
 * Someone created or renamed a wxm_tag row (webhook hint): re-read it with the org's own application user, check
 * WeChat's limits, then create the tag in WeChat (tags/create) or rename it (tags/update), and write the outcome
 * back: WeChat's id, the follower count, Synced, or Failed with WeChat's code and our explanation in both languages.
 *
 * Once only: a lease keeps a second worker off the row while the first acts, and the work is decided from state, so
 * a repeated hint or a crash between WeChat's answer and the write-back repeats nothing: a tag WeChat already has
 * under this name and no other row holds is adopted instead of created twice; a rename to the name WeChat already
 * shows calls nothing. The relay's own writes (the tag sync, the outcome columns) never call WeChat again: hints
 * initiated by its application user are skipped, and the Update step filters on the name and audience columns only.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { RowSyncState, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row } from '../../dataverse/types.js';
import { WechatApiError } from '../../wechat/index.js';
import type { WechatTag } from '../../wechat/official-account/tags.js';
import type { DataverseHint } from '../webhook/hint.js';
import { createdTags, isReserved, MAX_TAGS_PER_ACCOUNT, nameProblem } from './limits.js';
import { NOT_CONNECTED, reasonText, tagReason, type Reason } from './reasons.js';
import { lease, openTagOrg, release, rememberTag, type TagDeps, type TagOrg } from './tag-deps.js';

const T = Tag.columns;
export type TagRowOutcome = 'created' | 'adopted' | 'renamed' | 'unchanged' | 'failed' | 'skipped';

export async function onTagSaved(hint: DataverseHint, deps: TagDeps): Promise<TagRowOutcome> {
  const access = await openTagOrg(hint.organizationId, deps);
  if (!access) {
    deps.logger.warn('tag hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  if (hint.initiatingUserId !== undefined && hint.initiatingUserId === (await access.relayUserId())) return 'skipped';
  const row = await access.org.retrieve(Tag.entitySetName, hint.rowId);
  if (!row || row[T.StateCode] !== 0) return 'skipped';
  const leaseKey = `${hint.organizationId}|${hint.rowId}`;
  if (!(await lease(deps, leaseKey))) return 'skipped';
  try {
    return await apply(access, hint.rowId, row, deps);
  } finally {
    await release(deps, leaseKey);
  }
}

/** The row as it stands made true in WeChat: created, adopted, renamed, or its refusal written on it. */
export async function apply(access: TagOrg, rowId: string, row: Row, deps: TagDeps): Promise<TagRowOutcome> {
  const accountId = String(row[lookupKey(T.OfficialAccountId)] ?? '');
  const appid = accountId ? await access.appidOf(accountId) : undefined;
  const fail = async (reason: Reason): Promise<TagRowOutcome> => {
    await writeOutcome(access, rowId, row, { [T.State]: RowSyncState.Failed, [T.FailureReason]: reasonText(reason) });
    deps.logger.warn('tag change refused', { errcode: reason.errcode });
    return 'failed';
  };
  if (!appid) return fail(NOT_CONNECTED);
  const name = String(row[T.Name] ?? '');
  const tagId = typeof row[T.WechatTagId] === 'number' ? (row[T.WechatTagId] as number) : undefined;
  const token = deps.wechat.token(appid);
  const synced = async (tag: WechatTag, outcome: TagRowOutcome): Promise<TagRowOutcome> => {
    await rememberTag(deps, access.organizationId, rowId, { appid, accountId, tagId: tag.id, name: tag.name });
    await writeOutcome(access, rowId, row, { [T.WechatTagId]: tag.id, [T.FollowerCount]: tag.count, [T.State]: RowSyncState.Synced, [T.FailureReason]: null });
    return outcome;
  };
  try {
    const tags = await deps.wechat.api.listTags(token);
    const current = tagId === undefined ? undefined : tags.find((t) => t.id === tagId);
    if (tagId !== undefined && !current) return await fail(tagReason(45159));
    if (current && current.name === name) return await synced(current, 'unchanged');
    if (tagId !== undefined && isReserved(tagId)) return await fail(tagReason(45058));
    const problem = nameProblem(name);
    if (problem !== undefined) return await fail(tagReason(problem));
    const namesake = tags.find((t) => t.name === name && t.id !== tagId);
    if (current) {
      if (namesake) return await fail(tagReason(45157));
      await deps.wechat.api.renameTag(token, current.id, name);
      return await synced({ ...current, name }, 'renamed');
    }
    if (namesake) {
      // WeChat has the name already: this row's own tag made before a crash, or one made in the MP console not
      // synced yet. Either way no other row holds it, so the row becomes that tag; otherwise it is a duplicate.
      if (isReserved(namesake.id) || (await heldByAnotherRow(access, accountId, namesake.id, rowId))) return await fail(tagReason(45157));
      return await synced(namesake, 'adopted');
    }
    if (createdTags(tags).length >= MAX_TAGS_PER_ACCOUNT) return await fail(tagReason(45056));
    const made = await deps.wechat.api.createTag(token, name);
    return await synced({ ...made, count: 0 }, 'created');
  } catch (err) {
    // Busy or a refused token: the queue retries. Everything else WeChat said is the row's reason.
    if (err instanceof WechatApiError && err.kind !== 'busy' && err.kind !== 'token-invalid') return fail(tagReason(err.errcode));
    throw err;
  }
}

async function heldByAnotherRow(access: TagOrg, accountId: string, tagId: number, rowId: string): Promise<boolean> {
  const rows = await access.org.retrieveMultiple(Tag.entitySetName, {
    select: [T.Id],
    filter: `${lookupKey(T.OfficialAccountId)} eq ${accountId} and ${T.WechatTagId} eq ${tagId}`,
    top: 2,
  });
  return rows.some((r) => r[T.Id] !== rowId);
}

/** Writes only what changed, so a repeated hint leaves the row (and its audit history) alone. */
async function writeOutcome(access: TagOrg, rowId: string, row: Row, values: Record<string, unknown>): Promise<void> {
  const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => (row[k] ?? null) !== v));
  if (Object.keys(changed).length > 0) await access.org.update(Tag.entitySetName, rowId, changed);
}
