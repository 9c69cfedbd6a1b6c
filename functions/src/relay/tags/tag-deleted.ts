/**
 * Someone deleted a wxm_tag row (webhook hint): delete the tag in WeChat (tags/delete). The row is gone, so the
 * relay acts only when Dataverse confirms it is gone (a forged hint about a living row does nothing) and only on a
 * tag it made or adopted for that very row in that org (its own memory, tag-deps.ts). WeChat's rules are checked
 * first: reserved ids 0–2 (45058) and a tag on more than 100,000 followers (45057) are never deleted; the row is
 * then put back (same id, WeChat's name and count) as Failed with the reason, so the refusal is shown where the
 * operator looks instead of being lost with the row.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { EntitySets, RowSyncState, Tag } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { WechatTag } from '../../wechat/official-account/tags.js';
import type { DataverseHint } from '../webhook/hint.js';
import { isReserved, MAX_DELETABLE_FOLLOWERS } from './limits.js';
import { NOT_DELETED_RESTORED, reasonText, tagReason, type Reason } from './reasons.js';
import { knownTag, knownTagKey, lease, openTagOrg, release, rememberTag, type KnownTag, type TagDeps, type TagOrg } from './tag-deps.js';

const T = Tag.columns;

export type TagDeleteOutcome = 'deleted' | 'restored' | 'skipped';

export async function onTagDeleted(hint: DataverseHint, deps: TagDeps): Promise<TagDeleteOutcome> {
  const access = await openTagOrg(hint.organizationId, deps);
  if (!access) return 'skipped';
  if (hint.initiatingUserId !== undefined && hint.initiatingUserId === (await access.relayUserId())) return 'skipped';
  if (await access.org.retrieve(Tag.entitySetName, hint.rowId, [T.Id])) return 'skipped';
  const known = await knownTag(deps, hint.organizationId, hint.rowId);
  if (!known || (await access.appidOf(known.accountId)) !== known.appid) return 'skipped';
  const leaseKey = `${hint.organizationId}|${hint.rowId}`;
  if (!(await lease(deps, leaseKey))) return 'skipped';
  try {
    const token = deps.wechat.token(known.appid);
    const current = (await deps.wechat.api.listTags(token)).find((t) => t.id === known.tagId);
    if (current && isReserved(current.id)) return await restore(access, hint.rowId, known, current, tagReason(45058), deps);
    if (current && current.count > MAX_DELETABLE_FOLLOWERS) return await restore(access, hint.rowId, known, current, tagReason(45057), deps);
    if (current) {
      try {
        await deps.wechat.api.deleteTag(token, current.id);
      } catch (err) {
        if (err instanceof WechatApiError && err.kind !== 'busy' && err.kind !== 'token-invalid' && err.errcode !== 45159) {
          return await restore(access, hint.rowId, known, current, tagReason(err.errcode), deps);
        }
        if (!(err instanceof WechatApiError && err.errcode === 45159)) throw err;
      }
    }
    await deps.kv.delete(knownTagKey(hint.organizationId, hint.rowId));
    deps.logger.info('tag deleted in WeChat', { authorizerAppid: known.appid });
    return 'deleted';
  } finally {
    await release(deps, leaseKey);
  }
}

async function restore(access: TagOrg, rowId: string, known: KnownTag, current: WechatTag, reason: Reason, deps: TagDeps): Promise<TagDeleteOutcome> {
  await access.org.create(Tag.entitySetName, {
    [T.Id]: rowId,
    [T.Name]: current.name,
    [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${known.accountId})`,
    [T.WechatTagId]: current.id,
    [T.FollowerCount]: current.count,
    [T.State]: RowSyncState.Failed,
    [T.FailureReason]: reasonText(NOT_DELETED_RESTORED(reason)),
  });
  await rememberTag(deps, access.organizationId, rowId, { ...known, name: current.name });
  deps.logger.warn('tag not deleted in WeChat; row restored', { authorizerAppid: known.appid, errcode: reason.errcode });
  return 'restored';
}
