/**
 * A wxm_subscriptionmessage row was created (webhook hint): re-read it with the org's own application user, claim it,
 * and send it once, only to a follower whose consent to that template is Accepted (for a Mini Program, with an accept
 * left), with every value checked against WeChat's rules (rules.ts, the field named) and, for an Official Account,
 * permission set 89 granted. Then bizsend (Official Account) or subscribe/send (Mini Program, with page,
 * miniprogram_state and lang) with the authorizer's token, and the outcome on the row: Sent with WeChat's msgid, or
 * Failed with the reason in both languages. 43101 means the follower withdrew consent: the consent becomes Rejected
 * and it is logged as information, not as an error.
 *
 * A row for a contact, lead or user instead of a follower becomes one row per bound follower who accepted the
 * template (bound-recipients.ts); those rows come back here through their own Create hints.
 *
 * Once: the claim in the shared store is never released after WeChat was called, and the row is Sending before the
 * call, so a retried hint, a second instance or a restart never sends twice (a crash between the call and the write
 * leaves the row Sending: unknown, never repeated).
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
import { ConsentStatus, DeliveryStatus, EntitySets, Follower, SubscriptionMessage } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { WechatApiError } from '../../wechat/index.js';
import type { SubscriptionData } from '../../wechat/official-account/subscribe.js';
import { requireGuid } from '../delivery/keys.js';
import type { DataverseHint } from '../webhook/hint.js';
import { isRefusal, usableAccount, type UsableAccount } from './account.js';
import { applyConsent, findConsent, SOURCES, useOne, type StoredConsent } from './consent-row.js';
import type { SubscriptionDeps } from './deps.js';
import { fanOut } from './bound-recipients.js';
import { failed, readMessage, sending, sent, writeMessage, type StoredMessage } from './message-row.js';
import { explainRefusal, explainWechatError, reasonText, type Refusal } from './reasons.js';
import { checkSubscriptionValues } from './rules.js';
import { readTemplate, type StoredTemplate } from './template-row.js';

export const SUBSCRIPTION_MESSAGE_TABLE: string = SubscriptionMessage.logicalName;
/** Longer than any retry of the hint: a claimed message is never sent again. */
export const SEND_CLAIM_TTL_MS = 30 * 24 * 3600_000;

export type SendOutcome = 'sent' | 'refused' | 'failed' | 'withdrawn' | 'skipped' | 'fanned-out';

export const isSubscriptionMessageHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  hint.table === SUBSCRIPTION_MESSAGE_TABLE && hint.message === 'Create';

interface Ready {
  account: UsableAccount;
  accountId: string;
  template: StoredTemplate & { wechatTemplateId: string };
  follower: { id: string; name: string; openid: string };
  consent: StoredConsent;
  data: SubscriptionData;
}

export async function onSubscriptionMessageCreated(hint: DataverseHint, deps: SubscriptionDeps): Promise<SendOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('subscription message hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const message = await readMessage(org, hint.rowId);
  if (!message || (message.status !== undefined && message.status !== DeliveryStatus.Pending)) return 'skipped';
  const claim = `submsg-claim:${hint.organizationId}:${message.id}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + SEND_CLAIM_TTL_MS))) return 'skipped';

  // A contact, lead or user: one row per bound follower who accepted, each sent by its own hint (bound-recipients.ts).
  if (!message.followerId && message.people.length > 0) return fanOutToBound(org, message, claim, (id) => usableAccount(access, id), deps);

  let ready: Ready | Refusal;
  try {
    ready = await prepare(org, message, (id) => usableAccount(access, id));
  } catch (err) {
    await deps.kv.delete(claim); // nothing was sent: a retry may try again
    throw err;
  }
  if ('code' in ready) {
    await writeMessage(org, message.id, failed(reasonText(explainRefusal(ready, 'send'))));
    deps.logger.info('subscription message refused before WeChat was called', { organizationId: hint.organizationId, reason: ready.code });
    return 'refused';
  }
  return send(org, message, ready, deps);
}

async function fanOutToBound(
  org: DataverseOrg,
  message: StoredMessage,
  claim: string,
  accountOf: (id: string | undefined) => Promise<UsableAccount | Refusal>,
  deps: SubscriptionDeps,
): Promise<SendOutcome> {
  let outcome;
  try {
    outcome = await fanOut(org, message, accountOf);
  } catch (err) {
    // Rows made so far have ids of their own: a retry finds them made and makes the rest.
    await deps.kv.delete(claim);
    throw err;
  }
  if ('code' in outcome) {
    await writeMessage(org, message.id, failed(reasonText(explainRefusal(outcome, 'send'))));
    deps.logger.info('subscription message for a person refused before WeChat was called', { reason: outcome.code });
    return 'refused';
  }
  await writeMessage(org, message.id, outcome.row);
  deps.logger.info('subscription message for a person made one row per bound follower', { rows: outcome.made.length });
  return outcome.made.length > 0 ? 'fanned-out' : 'refused';
}

async function prepare(
  org: DataverseOrg,
  message: StoredMessage,
  accountOf: (id: string | undefined) => Promise<UsableAccount | Refusal>,
): Promise<Ready | Refusal> {
  if (!message.templateId) return { code: 'no-template' };
  const template = await readTemplate(org, message.templateId);
  if (!template) return { code: 'no-template' };
  if (!template.wechatTemplateId) return { code: 'template-not-added' };
  const accountId = template.accountId;
  const account = await accountOf(accountId);
  if (isRefusal(account)) return account;
  if (!message.followerId) return { code: 'no-follower' };
  const F = Follower.columns;
  const row = await org.retrieve(EntitySets.Follower, requireGuid('follower id', message.followerId), [F.Id, F.Name, F.OpenId, lookupKey(F.OfficialAccountId)]);
  if (!row || typeof row[F.OpenId] !== 'string') return { code: 'no-follower' };
  if (row[lookupKey(F.OfficialAccountId)] !== accountId) return { code: 'follower-other-account' };
  const consent = await findConsent(org, message.followerId, template.wechatTemplateId);
  if (!consent || consent.status !== ConsentStatus.Accepted) return { code: 'no-consent' };
  if (account.miniProgram && consent.remaining !== undefined && consent.remaining < 1) return { code: 'consent-used' };
  let values: unknown;
  try {
    values = message.values ? JSON.parse(message.values) : {};
  } catch {
    return { code: 'values-json' };
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return { code: 'values-json' };
  const problems = checkSubscriptionValues(template.fields, values as Record<string, unknown>);
  if (problems.length > 0) return { code: 'values', problems };
  if (!account.miniProgram && message.page && !/^https?:\/\/\S+$/.test(message.page)) return { code: 'page-not-url' };
  const data: SubscriptionData = Object.fromEntries(Object.entries(values as Record<string, string | number>).map(([k, v]) => [k, { value: String(v) }]));
  return {
    account,
    accountId: accountId as string,
    template: { ...template, wechatTemplateId: template.wechatTemplateId },
    follower: {
      id: String(row[F.Id]),
      name: typeof row[F.Name] === 'string' ? (row[F.Name] as string) : String(row[F.OpenId]),
      openid: row[F.OpenId] as string,
    },
    consent,
    data,
  };
}

async function send(org: DataverseOrg, message: StoredMessage, r: Ready, deps: SubscriptionDeps): Promise<SendOutcome> {
  await writeMessage(org, message.id, sending(r.accountId));
  const base = { touser: r.follower.openid, templateId: r.template.wechatTemplateId, data: r.data };
  let answer: { msgid?: string };
  try {
    answer = r.account.miniProgram
      ? await deps.wechat.miniProgramSend(r.account.appid, {
          ...base,
          ...(message.page ? { page: message.page } : {}),
          ...(message.miniProgramState ? { miniprogramState: message.miniProgramState } : {}),
          ...(message.lang ? { lang: message.lang } : {}),
        })
      : await deps.wechat.bizsend(r.account.appid, {
          ...base,
          ...(message.page ? { page: message.page } : {}),
          ...(message.miniProgramAppId && message.miniProgramPagePath
            ? { miniprogram: { appid: message.miniProgramAppId, pagepath: message.miniProgramPagePath } }
            : {}),
        });
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      // Network: WeChat may have sent it. The row stays Sending and the claim stays: never sent twice.
      deps.logger.warn('subscription message outcome unknown (network); not retried', {
        authorizerAppid: r.account.appid,
        error: err instanceof Error ? err.name : 'unknown',
      });
      return 'failed';
    }
    await writeMessage(org, message.id, failed(reasonText(explainWechatError(err.errcode, err.errmsg, 'send')), err.errcode));
    if (err.errcode === 43101) {
      // Consent, not an alarm (wechat-marketing.md §11.10): the follower withdrew it or used it up.
      await applyConsent(org, {
        accountId: r.accountId,
        follower: r.follower,
        wechatTemplateId: r.template.wechatTemplateId,
        template: { id: r.template.id, name: r.template.name },
        accept: false,
        at: deps.clock.now(),
        source: SOURCES.refused,
        miniProgram: r.account.miniProgram,
      });
      deps.logger.info('subscription message not sent: the follower withdrew consent (43101); consent recorded as rejected', {
        authorizerAppid: r.account.appid,
      });
      return 'withdrawn';
    }
    deps.logger.warn('subscription message refused by WeChat', { authorizerAppid: r.account.appid, errcode: err.errcode });
    return 'failed';
  }
  await writeMessage(org, message.id, sent(answer.msgid, deps.clock.now()));
  if (r.account.miniProgram) await useOne(org, r.consent);
  deps.logger.info('subscription message sent', { authorizerAppid: r.account.appid, miniProgram: r.account.miniProgram });
  return 'sent';
}
