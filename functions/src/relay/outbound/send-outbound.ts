/**
 * An operator created an outbound wxm_message (webhook hint): re-read it with that org's own application user,
 * claim it (Pending → Sending, conditional on its ETag, so a repeated hint or a second instance never sends
 * twice), send it through the customer-service API as the bound account, and record Sent or Failed with the
 * errcode and a reason the operator understands. The follower's reply window (relay/window) is checked before
 * WeChat is called: outside it the row is Failed with 45015 / 45047 and WeChat is not called; a sent message is
 * counted on the follower.
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Service_Center_messages.html
 */
import { DeliveryStatus, Direction, Follower, Message, MessageType } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { Clock } from '../../kernel/clock.js';
import type { SecretBox } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import { openRecord } from '../signed-services/open-record.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { CustomerServicePort, MiniProgramCard } from '../ports/customer-service.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import { lookupKey } from '../../dataverse/keys.js';
import { failureDetail } from './failure-reasons.js';
import { imageOf } from './image-note.js';
import { WINDOW_COLUMNS, customerServiceSent, windowOf, windowRefusal } from '../window/follower-window.js';

const M = Message.columns;

export interface OutboundDeps {
  gateway: DataverseGateway;
  registry: SignedServiceRegistry;
  secretBox: SecretBox;
  customerService: CustomerServicePort;
  clock: Clock;
  logger: Logger;
}

export type OutboundOutcome = 'sent' | 'failed' | 'skipped';

export async function onOutboundMessageCreated(hint: DataverseHint, deps: OutboundDeps): Promise<OutboundOutcome> {
  const connected = (await deps.registry.listForOrg(hint.organizationId)).filter((r) => r.state === 'connected');
  const claimedAccount = (hint.attributes[M.OfficialAccountId] as { id?: string } | undefined)?.id;
  const record = connected.find((r) => r.officialAccountId === claimedAccount) ?? connected[0];
  const org = record && openRecord(record, deps);
  if (!org) {
    deps.logger.warn('message hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const row = await org.retrieve(Message.entitySetName, hint.rowId);
  if (!row || row[M.Direction] !== Direction.Outbound) return 'skipped';
  const status = row[M.DeliveryStatus];
  if (status !== DeliveryStatus.Pending && status !== null && status !== undefined) return 'skipped'; // already handled

  const fail = (errcode: number, detail: string) => finish(org, hint.rowId, { status: DeliveryStatus.Failed, errcode, detail }, deps);
  // The account and follower as stored in this org, never as claimed by the hint.
  const accountId = String(row[lookupKey(M.OfficialAccountId)] ?? '');
  const appid = await appidFor(accountId, hint.organizationId, deps);
  if (!appid)
    return fail(
      0,
      'Not sent: this Official Account is not connected to this environment (Signed Service).\n未发送：该公众号未通过“已注册的服务”连接到此环境。',
    );
  const followerId = String(row[lookupKey(M.FollowerId)] ?? '');
  const follower = followerId
    ? await org.retrieve(Follower.entitySetName, followerId, [Follower.columns.OpenId, lookupKey(Follower.columns.OfficialAccountId), ...WINDOW_COLUMNS])
    : undefined;
  const openid = follower?.[Follower.columns.OpenId];
  if (typeof openid !== 'string' || follower?.[lookupKey(Follower.columns.OfficialAccountId)] !== accountId) {
    return fail(0, 'Not sent: choose a follower of this Official Account.\n未发送：请选择该公众号的粉丝。');
  }

  // Claim: only the request that moves Pending → Sending with the ETag it read may send.
  const etag = row['@odata.etag'];
  if (!(await org.update(Message.entitySetName, hint.rowId, { [M.DeliveryStatus]: DeliveryStatus.Sending }, etag ?? '*'))) return 'skipped';

  // WeChat's window, from the follower's recorded interactions: refused here, WeChat is not called.
  const window = windowOf(follower, deps.clock.now());
  if (!window.open) {
    const refusal = windowRefusal(window);
    deps.logger.info('reply refused before WeChat: reply window closed', { authorizerAppid: appid, reason: window.reason });
    return fail(refusal.errcode, refusal.text);
  }

  try {
    if (row[M.MessageType] === MessageType.MiniProgramPage) {
      // An auto reply's mini program card (relay/autoreplies/reply-row.ts): the card is the row's content.
      const card = cardOf(row[M.Content]);
      if (!card || !deps.customerService.sendMiniProgramPage)
        return await fail(0, 'Not sent: the mini program card is incomplete.\n未发送：小程序卡片不完整。');
      await deps.customerService.sendMiniProgramPage(appid, openid, card);
    } else if (row[M.MessageType] === MessageType.Image) {
      const image = await imageOf(org, hint.rowId);
      if (!image) return await fail(0, 'Not sent: attach the image to the message as a note.\n未发送：请将图片以附件（备注）形式添加到消息中。');
      await deps.customerService.sendImage(appid, openid, image);
    } else {
      const content = String(row[M.Content] ?? '');
      if (!content.trim()) return await fail(0, 'Not sent: the message is empty.\n未发送：消息内容为空。');
      await deps.customerService.sendText(appid, openid, content);
    }
  } catch (err) {
    if (err instanceof WechatApiError) {
      deps.logger.warn('reply refused by WeChat', { authorizerAppid: appid, errcode: err.errcode });
      return fail(err.errcode, failureDetail(err.errcode));
    }
    // No answer from WeChat: give the row back so the retried task can send it.
    await org.update(Message.entitySetName, hint.rowId, { [M.DeliveryStatus]: DeliveryStatus.Pending });
    throw err;
  }
  deps.logger.info('reply sent', { authorizerAppid: appid });
  const outcome = await finish(org, hint.rowId, { status: DeliveryStatus.Sent }, deps);
  await countSend(org, followerId, follower, deps);
  return outcome;
}

/**
 * One more message on the follower's allowance, under the row's ETag: a delivery that moved the window meanwhile
 * (412) is read again and counted on the new state. The message is sent whatever happens here; a count that
 * cannot be written is logged (the next send may then meet WeChat's own 45047).
 */
async function countSend(org: DataverseOrg, followerId: string, first: Record<string, unknown>, deps: OutboundDeps): Promise<void> {
  let row: Record<string, unknown> | undefined = first;
  for (let attempt = 0; attempt < 3 && row; attempt++) {
    const update = customerServiceSent(row, deps.clock.now());
    if (Object.keys(update).length === 0) return;
    const etag = typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : '*';
    try {
      if (await org.update(Follower.entitySetName, followerId, update, etag)) return;
    } catch (err) {
      deps.logger.warn('reply sent; counting it on the follower failed', { error: err instanceof Error ? err.message.slice(0, 200) : 'unknown' });
      return;
    }
    row = await org.retrieve(Follower.entitySetName, followerId, WINDOW_COLUMNS as string[]);
  }
}

function cardOf(content: unknown): MiniProgramCard | undefined {
  try {
    const c = JSON.parse(String(content ?? '')) as Partial<MiniProgramCard>;
    const ok = [c.title, c.appid, c.pagepath, c.thumbMediaId].every((v) => typeof v === 'string' && v !== '');
    return ok ? (c as MiniProgramCard) : undefined;
  } catch {
    return undefined;
  }
}

async function appidFor(officialAccountId: string, organizationId: string, deps: OutboundDeps): Promise<string | undefined> {
  if (!officialAccountId) return undefined;
  for (const r of await deps.registry.listForOrg(organizationId)) {
    if (r.state !== 'connected' || !r.authorizerAppid) continue;
    const binding = await deps.registry.bindingOf(r.authorizerAppid);
    if (binding?.organizationId === organizationId && (binding.officialAccountId ?? r.officialAccountId) === officialAccountId) return r.authorizerAppid;
  }
  return undefined;
}

async function finish(
  org: DataverseOrg,
  rowId: string,
  result: { status: typeof DeliveryStatus.Sent } | { status: typeof DeliveryStatus.Failed; errcode: number; detail: string },
  deps: OutboundDeps,
): Promise<OutboundOutcome> {
  const data: Record<string, unknown> = { [M.DeliveryStatus]: result.status };
  if (result.status === DeliveryStatus.Sent) {
    data[M.SentOn] = new Date(deps.clock.now()).toISOString();
    data[M.ErrorCode] = null;
    data[M.ErrorDetail] = null;
  } else {
    data[M.ErrorCode] = result.errcode;
    data[M.ErrorDetail] = result.detail.slice(0, 2000);
  }
  await org.update(Message.entitySetName, rowId, data);
  return result.status === DeliveryStatus.Sent ? 'sent' : 'failed';
}
