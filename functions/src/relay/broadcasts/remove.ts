/**
 * Delete after sending (删除群发): mass/delete for every chunk of a sent article or video (WeChat deletes only these;
 * the follower's copy disappears, the month's count does not come back). The row becomes Deleted; a broadcast that
 * cannot be deleted says why and its request is spent.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html (删除群发)
 */
import { Broadcast, BroadcastContent, BroadcastStatus } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { chunksOfBroadcast } from './chunks.js';
import type { BroadcastDeps } from './deps.js';
import { explainRefusal, explainWechatError, reasonText } from './reasons.js';

const B = Broadcast.columns;
const SENT = new Set<number>([BroadcastStatus.Sent, BroadcastStatus.Sending, BroadcastStatus.AwaitingConfirmation]);

export const deletePending = (b: StoredBroadcast): boolean => b.deleteRequestedOn !== undefined && b.status !== BroadcastStatus.Deleted;

export async function deleteSent(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps): Promise<'deleted' | 'refused' | 'failed'> {
  const spend = (text: string) => writeBroadcast(access.org, b.id, { [B.DeleteRequestedOn]: null, [B.FailureReason]: text });
  const deletable = b.contentType === BroadcastContent.Article || b.contentType === BroadcastContent.Video;
  const appid = b.accountId ? await access.appidOf(b.accountId) : undefined;
  if (!deletable || !b.status || !SENT.has(b.status) || !appid) {
    await spend(reasonText(explainRefusal(appid ? { code: 'not-deletable' } : { code: 'account-not-connected' })));
    return 'refused';
  }
  for (const chunk of await chunksOfBroadcast(access.org, b.id)) {
    if (!chunk.msgId) continue;
    try {
      await deps.wechat.mass.remove(deps.wechat.token(appid), chunk.msgId, 0);
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      await spend(reasonText(explainWechatError(err)));
      return 'failed';
    }
  }
  await writeBroadcast(access.org, b.id, { [B.BroadcastStatus]: BroadcastStatus.Deleted, [B.FailureReason]: null });
  deps.logger.info('mass send deleted', { authorizerAppid: appid });
  return 'deleted';
}
