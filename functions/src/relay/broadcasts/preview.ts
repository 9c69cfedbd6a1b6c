/**
 * Preview (预览): the broadcast's content to one staff member's WeChat (mass/preview to an openid), before sending.
 * A preview counts toward no limit. The handled request is marked by wxm_previewedon = the request's time, so the
 * relay's own write (echoed by the Update step) and a repeated hint send nothing more.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html (预览接口)
 */
import { Broadcast, EntitySets, Follower } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import { requireGuid } from '../delivery/keys.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { ensureArticle } from './article.js';
import { iso, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { lease, release, type BroadcastDeps } from './deps.js';
import { explainRefusal, explainWechatError, reasonText, type Reason, type Refusal } from './reasons.js';
import { massContent } from './content.js';

const B = Broadcast.columns;

export const previewPending = (b: StoredBroadcast): boolean =>
  b.previewRequestedOn !== undefined && (b.previewedOn === undefined || b.previewRequestedOn > b.previewedOn);

export async function sendPreview(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps): Promise<'previewed' | 'refused' | 'failed' | 'busy'> {
  const key = `preview|${access.organizationId}|${b.id}|${b.previewRequestedOn}`;
  if (!(await lease(deps, key, 600))) return 'busy';
  const done = async (reason: Reason | undefined) =>
    writeBroadcast(access.org, b.id, { [B.PreviewedOn]: iso(b.previewRequestedOn ?? deps.clock.now()), [B.FailureReason]: reason ? reasonText(reason) : null });
  const refuse = async (r: Refusal) => {
    await done(explainRefusal(r));
    return 'refused' as const;
  };
  if (!b.accountId) return refuse({ code: 'no-account' });
  const appid = await access.appidOf(b.accountId);
  if (!appid) return refuse({ code: 'account-not-connected' });
  const openid = b.previewOpenId || (await followerOpenid(access, b.previewFollowerId));
  if (!openid) return refuse({ code: 'no-preview-follower' });
  const made = await ensureArticle(access.org, b, appid, deps);
  if ('code' in made) return refuse(made);
  const content = await massContent(made, appid, deps);
  if ('code' in content) return refuse(content);
  try {
    await deps.wechat.mass.preview(deps.wechat.token(appid), openid, content);
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      await release(deps, key);
      throw err;
    }
    await done(explainWechatError(err));
    return 'failed';
  }
  await done(undefined);
  deps.logger.info('broadcast preview sent', { authorizerAppid: appid });
  return 'previewed';
}

async function followerOpenid(access: TagOrg, followerId: string | undefined): Promise<string | undefined> {
  if (!followerId) return undefined;
  const row = await access.org.retrieve(EntitySets.Follower, requireGuid('follower id', followerId), [Follower.columns.OpenId]);
  const openid = row?.[Follower.columns.OpenId];
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}
