/**
 * The subscription events after delivery wrote their message row (relay/events/dispatch.ts routes them here):
 * - subscribe_msg_popup_event, subscribe_msg_change_event: each template in the event becomes the follower's consent
 *   row (Accepted or Rejected, when, where), linked to the template row when it is in Dynamics;
 * - subscribe_msg_sent_event: the receipt is written to the message row WeChat's MsgID names.
 * Idempotent (a task may run twice): a consent keeps the event it applied; a receipt writes the same values again.
 * The org is the one the account is bound to, resolved again from the appid.
 * https://developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push.html
 */
import { DeliveryStatus, EntitySets, SubscriptionMessage } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import { lookupKey } from '../../dataverse/keys.js';
import type { WechatEventTask } from '../envelope.js';
import { requireGuid, stringLiteral } from '../delivery/keys.js';
import { isRefusal, usableAccount } from './account.js';
import { applyConsent, followerOf, SOURCES } from './consent-row.js';
import type { SubscriptionDeps } from './deps.js';
import { consentItems, readEvent, sentItems } from './event-lists.js';
import { reasonText } from './reasons.js';
import { templateByWechatId } from './template-row.js';

export type EventOutcome = 'done' | 'skipped';

async function boundOrg(task: WechatEventTask, deps: SubscriptionDeps): Promise<{ org: DataverseOrg; accountId: string; miniProgram: boolean } | undefined> {
  const binding = await deps.registry.bindingOf(task.appid);
  if (!binding?.officialAccountId) return undefined;
  const access = await deps.orgs.open(binding.organizationId);
  if (!access) return undefined;
  const account = await usableAccount(access, binding.officialAccountId);
  // A consent is recorded whatever the account may send today (set 89 may be granted later).
  const miniProgram = !isRefusal(account) && account.miniProgram;
  if (isRefusal(account) && (account.code === 'no-account' || account.code === 'account-not-connected')) return undefined;
  return { org: access.org, accountId: binding.officialAccountId, miniProgram };
}

export async function onConsentEvent(task: WechatEventTask, deps: SubscriptionDeps): Promise<EventOutcome> {
  const event = task.event === 'subscribe_msg_change_event' ? 'subscribe_msg_change_event' : 'subscribe_msg_popup_event';
  const { head, root } = readEvent(task.raw);
  const items = consentItems(root, event);
  const target = head && items.length > 0 ? await boundOrg(task, deps) : undefined;
  if (!head || !target) {
    deps.logger.info('subscription consent event not recorded (no follower, template or bound org)', { authorizerAppid: task.appid, event: task.event });
    return 'skipped';
  }
  const follower = await followerOf(target.org, target.accountId, head.openid);
  if (!follower) {
    deps.logger.warn('subscription consent event for a follower not in Dataverse; not recorded', { authorizerAppid: task.appid, event: task.event });
    return 'skipped';
  }
  let changed = 0;
  for (const item of items) {
    const template = await templateByWechatId(target.org, target.accountId, item.templateId);
    const result = await applyConsent(target.org, {
      accountId: target.accountId,
      follower,
      wechatTemplateId: item.templateId,
      ...(template ? { template: { id: template.id, name: template.name } } : {}),
      accept: item.accept,
      at: head.createTime * 1000,
      ...(item.scene !== undefined ? { scene: item.scene } : {}),
      source: event === 'subscribe_msg_popup_event' ? SOURCES.popup : SOURCES.settings,
      miniProgram: target.miniProgram,
      eventKey: `${event}:${head.createTime}`,
    });
    if (result !== 'unchanged') changed += 1;
  }
  deps.logger.info('subscription consent recorded', { authorizerAppid: task.appid, event: task.event, templates: items.length, changed });
  return changed > 0 ? 'done' : 'skipped';
}

const M = SubscriptionMessage.columns;

/** A decimal msgid as JSON.parse would have read it from a JSON number (exact up to 2^53, rounded beyond). */
export const roundedLikeJson = (msgId: string): string => (/^\d{1,20}$/.test(msgId) ? String(Number(msgId)) : msgId);

export async function onSentEvent(task: WechatEventTask, deps: SubscriptionDeps): Promise<EventOutcome> {
  const { head, root } = readEvent(task.raw);
  const items = sentItems(root);
  const target = head && items.length > 0 ? await boundOrg(task, deps) : undefined;
  if (!head || !target) return 'skipped';
  // The follower too: two rounded msgids may meet, one follower's two sends far less likely.
  const follower = await followerOf(target.org, target.accountId, head.openid);
  if (!follower) return 'skipped';
  let written = 0;
  for (const item of items) {
    // The send's answer carried msgid as a JSON number, read rounded when it exceeds 2^53; the event has the exact digits.
    const ids = [...new Set([item.msgId, roundedLikeJson(item.msgId)])].map((id) => `${M.WechatMsgId} eq ${stringLiteral(id)}`).join(' or ');
    const filter = `${lookupKey(M.OfficialAccountId)} eq ${requireGuid('account id', target.accountId)} and ${lookupKey(M.FollowerId)} eq ${requireGuid('follower id', follower.id)} and (${ids})`;
    const [row] = await target.org.retrieveMultiple(EntitySets.SubscriptionMessage, { select: [M.Id], filter, top: 1 });
    if (!row) continue;
    const failed = item.errorCode !== 0;
    await target.org.update(EntitySets.SubscriptionMessage, requireGuid('message id', String(row[M.Id])), {
      [M.WechatMsgId]: item.msgId,
      [M.SentReason]: item.errorStatus.slice(0, 200),
      [M.ErrorCode]: item.errorCode,
      [M.ConfirmedOn]: new Date(head.createTime * 1000).toISOString(),
      ...(failed
        ? {
            [M.DeliveryStatus]: DeliveryStatus.Failed,
            [M.FailureReason]: reasonText({
              en: `WeChat did not deliver it: ${item.errorStatus || 'error'} (${item.errorCode}).`,
              zh: `微信未送达：${item.errorStatus || '错误'}（${item.errorCode}）。`,
            }),
          }
        : {}),
    });
    written += 1;
  }
  deps.logger.info('subscription message receipts written', { authorizerAppid: task.appid, receipts: items.length, written });
  return written > 0 ? 'done' : 'skipped';
}
