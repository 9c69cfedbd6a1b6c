/**
 * A wxm_templatemessage row was created (webhook hint): re-read it with the org's own application user, check
 * everything WeChat would refuse or silently change (a verified service account with set 7, a template of this
 * account: 40037 otherwise; a recipient who follows and does not block template messages: 43004; the 2023-05-04
 * value rules; the account's daily quota), claim it (Pending → Sending under its ETag, and a claim in the shared
 * store), send it once with a client_msg_id derived from the row id (a retry after a lost answer gets the same
 * msgid from WeChat, never a second message), and write the msgid and Sent back. A refusal is the row's reason, in
 * English then Chinese, with Failed. TEMPLATESENDJOBFINISH later turns Sent into Delivered or Failed (job-finished.ts).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { DeliveryStatus, EntitySets, OfficialAccount, TemplateMessage } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { TemplateSend } from '../../wechat/official-account/template.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { canUse, explainReason, factsFromRow } from '../accounts/capabilities.js';
import { requireGuid } from '../delivery/keys.js';
import { CLAIM_TTL_MS, DEFAULT_DAILY_TEMPLATE_QUOTA, type TemplateDeps } from './deps.js';
import { applyEarlyResult } from './job-finished.js';
import { claimMessage, readTemplate, readTemplateMessage, recordFailed, recordSent, type StoredTemplateMessage } from './message-row.js';
import { explainSendRefusal, explainTemplateError, reasonText, type SendRefusal } from './reasons.js';
import { resolveRecipient } from './recipient.js';
import { checkTemplateValues } from './rules.js';

export const TEMPLATE_MESSAGE_TABLE: string = TemplateMessage.logicalName;
export type SendOutcome = 'sent' | 'refused' | 'failed' | 'skipped';

/** WeChat's idempotency key for this row's send: the row id (a GUID is 36 characters; WeChat takes 64). */
export const clientMsgIdOf = (rowId: string): string => `wxm-${requireGuid('template message id', rowId)}`;

const BEIJING_MS = 8 * 3_600_000;
const beijingDay = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
/** The relay's count of the account's sends today (Beijing time): a guard before WeChat's own 45009. */
export const sentTodayKey = (appid: string, now: number): string => `template-sent:${appid}:${beijingDay(now)}`;

const FINAL = new Set<number>([DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Failed]);

export async function onTemplateMessageCreated(hint: DataverseHint, deps: TemplateDeps): Promise<SendOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('template message hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const message = await readTemplateMessage(org, hint.rowId);
  // Gone, or handled already (a repeated hint, a second instance). Sending without a msgid is a send the relay
  // started and did not finish: sending again with the same client_msg_id is safe.
  if (!message || message.msgid || (message.status !== undefined && FINAL.has(message.status))) return 'skipped';
  const claim = `template-message-claim:${hint.organizationId}:${message.id}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + CLAIM_TTL_MS))) return 'skipped';

  const refuse = async (refusal: SendRefusal): Promise<SendOutcome> => {
    await recordFailed(org, message.id, reasonText(explainSendRefusal(refusal)));
    await deps.kv.delete(claim);
    deps.logger.info('template message refused before WeChat was called', { organizationId: hint.organizationId, reason: refusal.code });
    return 'refused';
  };
  try {
    const template = message.templateId ? await readTemplate(org, message.templateId) : undefined;
    if (!template?.accountId) return await refuse({ code: 'no-template' });
    if (!template.wechatTemplateId || !template.fields) return await refuse({ code: 'template-not-synced' });
    const accountId = template.accountId;
    if (message.accountId && message.accountId !== accountId) return await refuse({ code: 'other-account' });
    const appid = await access.appidOf(accountId);
    if (!appid) return await refuse({ code: 'account-not-connected' });
    const unable = await accountCannot(org, accountId);
    if (unable) return await refuse(unable);
    const recipient = await resolveRecipient(org, message, accountId);
    if ('code' in recipient) return await refuse(recipient);
    const values = parseValues(message.values);
    if (!values) return await refuse({ code: 'values-not-json' });
    const problems = checkTemplateValues(template.fields, values);
    if (problems.length > 0) return await refuse({ code: 'values-break-rules', problems });
    const limit = deps.dailyQuota ?? DEFAULT_DAILY_TEMPLATE_QUOTA;
    const countKey = sentTodayKey(appid, deps.clock.now());
    const sentToday = Number((await deps.kv.get(countKey)) ?? 0);
    if (sentToday >= limit) return await refuse({ code: 'daily-quota', limit });

    if (!(await claimMessage(org, message))) {
      await deps.kv.delete(claim);
      return 'skipped';
    }
    const send: TemplateSend = {
      touser: recipient.openid,
      templateId: template.wechatTemplateId,
      data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
      clientMsgId: clientMsgIdOf(message.id),
      ...linkOf(message),
    };
    let msgid: string;
    try {
      msgid = await deps.wechat.send(appid, send);
    } catch (err) {
      if (!(err instanceof WechatApiError) || err.kind === 'busy' || err.kind === 'token-invalid') throw err;
      await recordFailed(org, message.id, reasonText(explainTemplateError(err.errcode, 'send')));
      await deps.kv.delete(claim);
      deps.logger.warn('message/template/send refused by WeChat', { authorizerAppid: appid, errcode: err.errcode });
      return 'failed';
    }
    await recordSent(org, message.id, msgid, recipient.followerId, accountId);
    await deps.kv.put(countKey, String(sentToday + 1), deps.clock.now() + 2 * 86_400_000);
    // TEMPLATESENDJOBFINISH may have come before the msgid was on the row.
    await applyEarlyResult(org, appid, msgid, message.id, recipient.followerId, deps);
    deps.logger.info('template message sent', { authorizerAppid: appid });
    return 'sent';
  } catch (err) {
    // Dataverse or the network: let the queue retry, without the claim in the way (the client_msg_id keeps it once).
    await deps.kv.delete(claim);
    throw err;
  }
}

/** wxm_values: a JSON object of texts (numbers are written as text); anything else is refused. */
export function parseValues(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function linkOf(m: StoredTemplateMessage): Pick<TemplateSend, 'url' | 'miniprogram'> {
  return {
    ...(m.url && { url: m.url }),
    ...(m.miniProgramAppId && { miniprogram: { appid: m.miniProgramAppId, ...(m.miniProgramPagePath && { pagepath: m.miniProgramPagePath }) } }),
  };
}

/** Permission set 7 and a verified service account (capabilities.ts, the words the account form shows). */
async function accountCannot(org: DataverseOrg, accountId: string): Promise<SendRefusal | undefined> {
  const A = OfficialAccount.columns;
  const row = await org.retrieve(EntitySets.OfficialAccount, requireGuid('account id', accountId), [A.AccountType, A.VerificationType, A.Permissions]);
  if (!row) return { code: 'account-not-connected' };
  const facts = factsFromRow(row[A.AccountType] as number | null, row[A.VerificationType] as number | null, row[A.Permissions] as string | null);
  // Type and verification not reported yet: WeChat decides (48001 then becomes the reason).
  const reasons = canUse('templates', facts).reasons.filter((r) => r.code !== 'type-unknown');
  return reasons.length > 0 ? { code: 'cannot-send-templates', why: reasons.map(explainReason) } : undefined;
}
