/**
 * TEMPLATESENDJOBFINISH (forwarded by delivery as a `wechat-event` task): WeChat says what became of a template
 * message. `success` → Delivered; `failed:user block` → Failed, and the follower is marked as blocking template
 * messages (a suppression: the relay sends them none until someone clears it); any other Status (`failed: system
 * failed`) → Failed with the reason. The org is found again from the appid; the row by the msgid of its account.
 * Idempotent: the same event twice writes the same values. An event that comes before the send's msgid is on the
 * row is kept a day in the shared store and applied by the send itself (send-message.ts).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html (事件推送)
 */
import { DeliveryStatus, EntitySets, Follower, OfficialAccount, TemplateMessage } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { parseXml, xmlText } from '../../wechat/index.js';
import type { WechatEventTask } from '../envelope.js';
import { requireGuid, stringLiteral } from '../delivery/keys.js';
import type { TemplateDeps } from './deps.js';
import { messageByMsgId } from './message-row.js';
import { explainJobStatus, reasonText } from './reasons.js';

export type JobOutcome = 'recorded' | 'kept' | 'skipped';
const M = TemplateMessage.columns;
export const USER_BLOCK = 'failed:user block';
const earlyKey = (appid: string, msgid: string) => `template-job:${appid}:${msgid}`;

export async function onTemplateSendJobFinish(task: WechatEventTask, deps: TemplateDeps): Promise<JobOutcome> {
  const xml = parseXml(task.raw);
  const msgid = xmlText(xml, 'MsgID') ?? xmlText(xml, 'MsgId') ?? '';
  const status = (xmlText(xml, 'Status') ?? '').trim();
  if (!/^\d{1,20}$/.test(msgid) || !status) {
    deps.logger.warn('TEMPLATESENDJOBFINISH without MsgID or Status; completed', { authorizerAppid: task.appid });
    return 'skipped';
  }
  const organizationId = await deps.orgOfAppid(task.appid);
  const access = organizationId ? await deps.orgs.open(organizationId) : undefined;
  if (!access) return 'skipped';
  const accountId = await accountIdOf(access.org, task.appid);
  // The account row must be the one bound to this org (appidOf checks the binding), never one that merely claims the appid.
  if (!accountId || (await access.appidOf(accountId)) !== task.appid) return 'skipped';
  const row = await messageByMsgId(access.org, accountId, msgid);
  if (!row) {
    // Sent outside Dynamics, or the send has not written its msgid yet: keep the Status for the send to apply.
    await deps.kv.put(earlyKey(task.appid, msgid), status, deps.clock.now() + 86_400_000);
    return 'kept';
  }
  await applyStatus(access.org, row, status);
  deps.logger.info('template message result recorded', { authorizerAppid: task.appid, status });
  return 'recorded';
}

/** After a send wrote its msgid: the Status that arrived before, if any. */
export async function applyEarlyResult(org: DataverseOrg, appid: string, msgid: string, rowId: string, followerId: string, deps: TemplateDeps): Promise<void> {
  const status = await deps.kv.get(earlyKey(appid, msgid));
  if (!status) return;
  await applyStatus(org, { [M.Id]: rowId, [lookupKey(M.FollowerId)]: followerId }, status);
  await deps.kv.delete(earlyKey(appid, msgid));
}

async function applyStatus(org: DataverseOrg, row: Row, status: string): Promise<void> {
  const id = requireGuid('template message id', String(row[M.Id]));
  if (status === 'success') {
    await org.update(TemplateMessage.entitySetName, id, { [M.DeliveryStatus]: DeliveryStatus.Delivered, [M.SentReason]: status, [M.FailureReason]: null });
    return;
  }
  await org.update(TemplateMessage.entitySetName, id, {
    [M.DeliveryStatus]: DeliveryStatus.Failed,
    [M.SentReason]: status.slice(0, 100),
    [M.FailureReason]: reasonText(explainJobStatus(status)),
  });
  const followerId = row[lookupKey(M.FollowerId)];
  if (status.replace(/\s+/g, ' ') === USER_BLOCK && typeof followerId === 'string') {
    await org.update(EntitySets.Follower, requireGuid('follower id', followerId), { [Follower.columns.TemplateBlocked]: true });
  }
}

async function accountIdOf(org: DataverseOrg, appid: string): Promise<string | undefined> {
  const A = OfficialAccount.columns;
  const rows = await org.retrieveMultiple(EntitySets.OfficialAccount, { select: [A.Id], filter: `${A.AppId} eq ${stringLiteral(appid)}`, top: 1 });
  const id = rows[0]?.[A.Id];
  return typeof id === 'string' ? id : undefined;
}
