/**
 * A wxm_qrcode row was saved (webhook hint, Create, or Update of what it asks for): re-read it with the org's own
 * application user, check who saved it (creator-roles.ts: channel and referral codes from administrators only, a
 * user's binding code from that user only), check it against WeChat's limits and ours (rules.ts; a reused scene, the
 * account's 100,000 permanent codes, an account that cannot make codes), and only then create it with qrcode/create as the bound
 * account, fetch its image from showqrcode and write ticket, url, image, expiry and Synced back; WeChat's refusal
 * becomes the row's reason (English and Chinese) with state Failed.
 *
 * Once: a code already made (a ticket, state Synced) is never made again; concurrent hints for one row are claimed
 * in the relay's shared store (create-only, 10 minutes), so two instances never both call WeChat. A row that
 * failed can be fixed and saved again: the Update step brings it back here.
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import { EntitySets, OfficialAccount, QrCode, RowSyncState } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import { DataverseError } from '../../dataverse/errors.js';
import { MAX_PERMANENT_QR_CODES, type CreatedQrCode, type QrCodeRequest, type QrImage } from '../../wechat/official-account/qrcode.js';
import type { Clock } from '../../kernel/clock.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { DataverseHint } from '../webhook/hint.js';
import { canUse, explainReason, factsFromRow } from '../accounts/capabilities.js';
import { requireGuid } from '../delivery/keys.js';
import type { OrgDirectory } from './org-access.js';
import { mayMakeMarketingCodes } from './creator-roles.js';
import { permanentCodes, readQrCode, recordCreated, recordFailed, recordImage, referralContext, sceneTaken, type StoredQrCode } from './qrcode-row.js';
import { explainRefusal, explainWechatError, reasonText, type Refusal } from './reasons.js';
import { isRefusal, planCode, type CodePlan } from './rules.js';

/** WeChat as this use case needs it (relay/adapters: the authorizer token of `appid`, the MP host for images). */
export interface QrCodeWechat {
  create(appid: string, request: QrCodeRequest): Promise<CreatedQrCode>;
  image(ticket: string): Promise<QrImage>;
  imageUrl(ticket: string): string;
}

export interface QrCodeDeps {
  orgs: OrgDirectory;
  wechat: QrCodeWechat;
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** WeChat's 100,000 permanent codes per account (a setting, as wechat-marketing.md asks for such numbers). */
  maxPermanentCodes?: number;
}

export type QrCodeOutcome = 'created' | 'refused' | 'failed' | 'skipped';

/** The table whose Create and Update steps (solution/webhooks/registration.ts) route here. */
export const QRCODE_TABLE: string = QrCode.logicalName;

/** The hints acceptHint queues for this use case: a QR code row created or changed (never its deletion). */
export const isQrCodeHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === QRCODE_TABLE && hint.message !== 'Delete';

export const CLAIM_TTL_MS = 10 * 60_000;

export async function onQrCodeSaved(hint: DataverseHint, deps: QrCodeDeps): Promise<QrCodeOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('qr code hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const code = await readQrCode(org, hint.rowId);
  // Gone, or made already (a repeated hint, or the relay's own write echoing through the Update step).
  if (!code || code.ticket || code.state === RowSyncState.Synced) return 'skipped';
  const claim = `qrcode-claim:${hint.organizationId}:${code.id}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + CLAIM_TTL_MS))) return 'skipped';

  const refuse = async (refusal: Refusal): Promise<QrCodeOutcome> => {
    await recordFailed(org, code.id, reasonText(explainRefusal(refusal)));
    await deps.kv.delete(claim);
    deps.logger.info('qr code refused before WeChat was called', { organizationId: hint.organizationId, reason: refusal.code });
    return 'refused';
  };
  try {
    // Who saved the row decides before anything else: nothing of a refused row reaches WeChat.
    const forbidden = await creatorMayNot(org, code);
    if (forbidden) return await refuse(forbidden);
    if (!code.accountId) return await refuse({ code: 'no-account' });
    const appid = await access.appidOf(code.accountId);
    if (!appid) return await refuse({ code: 'account-not-connected' });
    const unable = await accountCannot(org, code.accountId);
    if (unable) return await refuse(unable);
    const plan = await planWithContext(org, code, code.accountId, deps.maxPermanentCodes ?? MAX_PERMANENT_QR_CODES);
    if (isRefusal(plan)) return await refuse(plan);
    return await make(org, code, appid, plan, claim, deps);
  } catch (err) {
    // Dataverse or the network: let the queue retry, without the claim in the way.
    await deps.kv.delete(claim);
    throw err;
  }
}

async function make(org: DataverseOrg, code: StoredQrCode, appid: string, plan: CodePlan, claim: string, deps: QrCodeDeps): Promise<QrCodeOutcome> {
  let created: CreatedQrCode;
  try {
    created = await deps.wechat.create(appid, plan.request);
  } catch (err) {
    if (!(err instanceof WechatApiError)) throw err;
    await recordFailed(org, code.id, reasonText(explainWechatError(err.errcode)));
    await deps.kv.delete(claim);
    deps.logger.warn('qrcode/create refused by WeChat', { authorizerAppid: appid, errcode: err.errcode });
    return 'failed';
  }
  // The code exists in WeChat from here on: record it before anything else can fail, so a retry never makes a second.
  await recordCreated(org, code.id, plan, created, deps.wechat.imageUrl(created.ticket), deps.clock.now());
  try {
    await recordImage(org, code.id, (await deps.wechat.image(created.ticket)).bytes);
  } catch (err) {
    // The form falls back to the image URL; the code itself is made.
    deps.logger.warn('qr code made but its image was not stored', { authorizerAppid: appid, error: err instanceof Error ? err.name : 'unknown' });
  }
  deps.logger.info('qr code created', { authorizerAppid: appid, kind: plan.request.kind, purpose: code.purpose });
  return 'created';
}

/**
 * Binding codes from anyone with Create on the table, but a user's only from that user; channel and referral codes
 * only from a Wechat Marketing Administrator or a System Administrator (creator-roles.ts).
 */
async function creatorMayNot(org: DataverseOrg, code: StoredQrCode): Promise<Refusal | undefined> {
  if (code.purpose === 'binding') return code.bindUserId && code.bindUserId !== code.createdById ? { code: 'user-code-of-another' } : undefined;
  try {
    if (code.createdById && (await mayMakeMarketingCodes(org, code.createdById))) return undefined;
  } catch (err) {
    // The relay's role without Read on roles or teams (an org still on an older solution): say so on the row rather
    // than retrying until the poison queue; created again after the update, the code is made.
    if (err instanceof DataverseError && err.kind === 'forbidden') return { code: 'creator-unreadable' };
    throw err;
  }
  return { code: 'creator-not-administrator', purpose: code.purpose };
}

/** Permission set 3 and a verified service account (capabilities.ts, the same words the account form shows). */
async function accountCannot(org: DataverseOrg, accountId: string): Promise<Refusal | undefined> {
  const A = OfficialAccount.columns;
  const row = await org.retrieve(EntitySets.OfficialAccount, requireGuid('account id', accountId), [A.AccountType, A.VerificationType, A.Permissions]);
  if (!row) return { code: 'no-account' };
  const facts = factsFromRow(row[A.AccountType] as number | null, row[A.VerificationType] as number | null, row[A.Permissions] as string | null);
  // Type and verification not reported yet: WeChat decides (48001 then becomes the reason).
  const reasons = canUse('qrcodes', facts).reasons.filter((r) => r.code !== 'type-unknown');
  return reasons.length > 0 ? { code: 'cannot-make-codes', why: reasons.map(explainReason) } : undefined;
}

async function planWithContext(org: DataverseOrg, code: StoredQrCode, accountId: string, maxPermanent: number): Promise<CodePlan | Refusal> {
  let programDays: number | undefined;
  if (code.purpose === 'referral' && code.referrerId && code.programId) {
    const ctx = await referralContext(org, code);
    if (ctx.programAccountId !== accountId || ctx.referrerAccountId !== accountId) return { code: 'referral-other-account' };
    programDays = ctx.expiryDays;
  }
  const plan = planCode(code, programDays);
  if (isRefusal(plan)) return plan;
  if (await sceneTaken(org, code, accountId, plan.request.scene)) return { code: 'scene-reused', scene: plan.request.scene };
  if (plan.request.kind === 'permanent' && (await permanentCodes(org, code, accountId, maxPermanent)) >= maxPermanent) {
    return { code: 'permanent-limit', limit: maxPermanent };
  }
  return plan;
}
