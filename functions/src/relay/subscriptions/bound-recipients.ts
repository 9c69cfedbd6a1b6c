/**
 * A subscription message for a contact, lead or user (no follower chosen) goes to every follower of the template's
 * account bound to them (wxm_binding, made by a binding QR scan or web authorization: relay/binding) whose consent to
 * the template is Accepted (a Mini Program: with an accept left): one wxm_subscriptionmessage row per such follower,
 * created by the relay and then sent like any other row (its own Create hint, claim and checks). The person's row
 * says how many were made and who was left out and why, in English and Chinese.
 *
 * Once: the person's row is claimed by send-message.ts, and each follower's row has an id derived from the person's
 * row and the follower, so a retry that creates it again is refused by Dataverse (0x80040237) and nobody gets two.
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { createHash } from 'node:crypto';
import { ConsentStatus, DeliveryStatus, EntitySets, SubscriptionMessage } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import { boundFollowers, type StoredFollower } from '../templates/message-row.js';
import { isRefusal, type UsableAccount } from './account.js';
import { findConsent } from './consent-row.js';
import type { StoredMessage } from './message-row.js';
import type { Refusal } from './reasons.js';
import { readTemplate } from './template-row.js';

const C = SubscriptionMessage.columns;
const N = SubscriptionMessage.navigation;
const PERSON_COLUMN = { contact: N.ContactId, lead: N.LeadId, systemuser: N.SystemUserId } as const;
const PERSON_SET = { contact: 'contacts', lead: 'leads', systemuser: 'systemusers' } as const;
const PERSON_NAME = { contact: { en: 'contact', zh: '联系人' }, lead: { en: 'lead', zh: '潜在顾客' }, systemuser: { en: 'user', zh: '用户' } } as const;

type LeftOut = 'not-following' | 'no-consent' | 'consent-used';
const LEFT_OUT: Record<LeftOut, { en: string; zh: string }> = {
  'not-following': { en: 'no longer follows the account', zh: '已取消关注该账号' },
  'no-consent': { en: 'has not accepted this template', zh: '未同意接收此模板' },
  'consent-used': { en: 'has used up their one-time accepts', zh: '一次性订阅已用完' },
};

export type FanOut = { made: string[]; row: Row } | Refusal;

/** The follower rows made (ids) and what the person's row says, or why nothing could be made. */
export async function fanOut(
  org: DataverseOrg,
  message: StoredMessage,
  accountOf: (id: string | undefined) => Promise<UsableAccount | Refusal>,
): Promise<FanOut> {
  if (message.people.length > 1) return { code: 'several-people' };
  const person = message.people[0]!;
  if (!message.templateId) return { code: 'no-template' };
  const template = await readTemplate(org, message.templateId);
  if (!template) return { code: 'no-template' };
  if (!template.wechatTemplateId) return { code: 'template-not-added' };
  const accountId = template.accountId;
  if (!accountId) return { code: 'no-account' };
  const account = await accountOf(accountId);
  if (isRefusal(account)) return account;
  const bound = await boundFollowers(org, person);
  const ofAccount = [...new Map(bound.filter((f) => f.accountId === accountId && f.openid).map((f) => [f.id, f])).values()];
  const kind = PERSON_NAME[person.kind];
  if (ofAccount.length === 0) return { code: bound.length === 0 ? 'not-bound' : 'bound-elsewhere', kind };
  const made: string[] = [];
  const left: Array<{ follower: StoredFollower; why: LeftOut }> = [];
  for (const follower of ofAccount) {
    const why = await leftOutBecause(org, follower, template.wechatTemplateId, account.miniProgram);
    if (why) left.push({ follower, why });
    else made.push(await createFor(org, message, message.templateId, follower, accountId));
  }
  const lines = left.map(({ follower, why }) => ({ en: `${follower.openid} (${LEFT_OUT[why].en})`, zh: `${follower.openid}（${LEFT_OUT[why].zh}）` }));
  const leftText =
    lines.length > 0 ? { en: ` Left out: ${lines.map((l) => l.en).join(', ')}.`, zh: `未发送：${lines.map((l) => l.zh).join('，')}。` } : { en: '', zh: '' };
  const account_ = { [`${N.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})` };
  if (made.length === 0) {
    const en = `Not sent: none of the ${ofAccount.length} followers bound to this ${kind.en} can receive it.${leftText.en}`;
    const zh = `未发送：与此${kind.zh}绑定的 ${ofAccount.length} 位粉丝均无法接收。${leftText.zh}`;
    return { made, row: { ...account_, [C.DeliveryStatus]: DeliveryStatus.Failed, [C.FailureReason]: `${en}\n${zh}`.slice(0, 2000) } };
  }
  const report =
    left.length === 0
      ? null
      : `Sent as ${made.length} message(s), one per bound follower who accepted the template.${leftText.en}\n已拆分为 ${made.length} 条消息，每位已同意该模板的绑定粉丝一条。${leftText.zh}`.slice(
          0,
          2000,
        );
  return { made, row: { ...account_, [C.DeliveryStatus]: DeliveryStatus.Sent, [C.SentOn]: null, [C.FailureReason]: report } };
}

async function leftOutBecause(org: DataverseOrg, f: StoredFollower, wechatTemplateId: string, miniProgram: boolean): Promise<LeftOut | undefined> {
  if (!f.following) return 'not-following';
  const consent = await findConsent(org, f.id, wechatTemplateId);
  if (!consent || consent.status !== ConsentStatus.Accepted) return 'no-consent';
  if (miniProgram && consent.remaining !== undefined && consent.remaining < 1) return 'consent-used';
  return undefined;
}

/** The follower's own row: what the person's row asks, addressed to the follower, under an id of its own. */
async function createFor(org: DataverseOrg, m: StoredMessage, templateId: string, f: StoredFollower, accountId: string): Promise<string> {
  const id = childId(m.id, f.id);
  const person = m.people[0]!;
  const data: Row = {
    [C.Id]: id,
    [C.Name]: m.name.slice(0, 200) || 'Subscription message',
    [`${N.SubscriptionTemplateId}@odata.bind`]: `/${EntitySets.SubscriptionTemplate}(${requireGuid('template id', templateId)})`,
    [`${N.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${requireGuid('follower id', f.id)})`,
    [`${N.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
    [`${PERSON_COLUMN[person.kind]}@odata.bind`]: `/${PERSON_SET[person.kind]}(${requireGuid('person id', person.id)})`,
    [C.DeliveryStatus]: DeliveryStatus.Pending,
    ...(m.values !== undefined && { [C.Values]: m.values }),
    ...(m.page !== undefined && { [C.Page]: m.page }),
    ...(m.miniProgramAppId !== undefined && { [C.MiniProgramAppId]: m.miniProgramAppId }),
    ...(m.miniProgramPagePath !== undefined && { [C.MiniProgramPagePath]: m.miniProgramPagePath }),
    ...(m.miniProgramStateCode !== undefined && { [C.MiniProgramState]: m.miniProgramStateCode }),
    ...(m.lang !== undefined && { [C.Lang]: m.lang }),
    ...(m.regarding !== undefined && { [C.Regarding]: m.regarding }),
  };
  try {
    await org.create(EntitySets.SubscriptionMessage, data);
  } catch (err) {
    // Made by an earlier attempt of this same fan-out: it is that follower's one row.
    if (!(err instanceof DataverseError && err.status === 412 && err.code.toLowerCase() === '0x80040237')) throw err;
  }
  return id;
}

/** A stable id for the follower's row of a person's message (a name-based UUID, RFC 9562 §5.8 layout). */
export function childId(messageId: string, followerId: string): string {
  const h = createHash('sha256').update(`wxm-submsg|${messageId.toLowerCase()}|${followerId.toLowerCase()}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
