/**
 * wxm_qrcode rows ⇄ the use case: the row as read (every value from Dataverse, never from a hint), the queries
 * that need other rows (a scene already taken, the account's permanent codes) and the writes of the outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { EntitySets, QrCode, QrPurpose, ReferralProgram, RowSyncState, Follower } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import type { CreatedQrCode } from '../../wechat/official-account/qrcode.js';
import { requireGuid, stringLiteral } from '../delivery/keys.js';
import type { CodePlan, QrCodeRow, QrPurposeName } from './rules.js';

const C = QrCode.columns;
const SET = EntitySets.QrCode;

export interface StoredQrCode extends QrCodeRow {
  state: number | undefined;
  ticket: string | undefined;
  /** Who saved the row (`_createdby_value`, set by Dataverse): whose roles decide what the relay makes of it. */
  createdById: string | undefined;
  /** Binds User: a user's code is made only when that user saved it. */
  bindUserId: string | undefined;
}

const SELECT = [
  C.Id,
  lookupKey(C.OfficialAccountId),
  C.Purpose,
  C.Permanent,
  C.ExpireSeconds,
  C.Scene,
  C.State,
  C.Ticket,
  lookupKey(C.ReferrerId),
  lookupKey(C.ReferralProgramId),
  lookupKey(C.BindContactId),
  lookupKey(C.BindLeadId),
  lookupKey(C.BindUserId),
  lookupKey('createdby'),
];

const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);
const num = (row: Row, name: string): number | undefined => (typeof row[name] === 'number' ? (row[name] as number) : undefined);

const PURPOSES: Record<number, QrPurposeName> = { [QrPurpose.Channel]: 'channel', [QrPurpose.Referral]: 'referral', [QrPurpose.Binding]: 'binding' };

export async function readQrCode(org: DataverseOrg, id: string): Promise<StoredQrCode | undefined> {
  const row = await org.retrieve(SET, requireGuid('qr code id', id), SELECT);
  if (!row) return undefined;
  const permanent = row[C.Permanent];
  return {
    id: String(row[C.Id]),
    accountId: str(row, lookupKey(C.OfficialAccountId)),
    purpose: PURPOSES[num(row, C.Purpose) ?? QrPurpose.Channel] ?? 'channel',
    kind: permanent === true ? 'permanent' : permanent === false ? 'temporary' : undefined,
    expireSeconds: num(row, C.ExpireSeconds),
    scene: str(row, C.Scene),
    referrerId: str(row, lookupKey(C.ReferrerId)),
    programId: str(row, lookupKey(C.ReferralProgramId)),
    bindPeople: [C.BindContactId, C.BindLeadId, C.BindUserId].filter((c) => str(row, lookupKey(c))).length,
    state: num(row, C.State),
    ticket: str(row, C.Ticket),
    createdById: str(row, lookupKey('createdby'))?.toLowerCase(),
    bindUserId: str(row, lookupKey(C.BindUserId))?.toLowerCase(),
  };
}

/** Another code of the account already has this scene (the alternate key would refuse it too, later and unexplained). */
export async function sceneTaken(org: DataverseOrg, code: StoredQrCode, accountId: string, scene: string): Promise<boolean> {
  const filter = `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.Scene} eq ${stringLiteral(scene)} and ${C.Id} ne ${requireGuid('qr code id', code.id)}`;
  return (await org.retrieveMultiple(SET, { select: [C.Id], filter, top: 1 })).length > 0;
}

/** Permanent codes the account holds (made by the relay: they carry a ticket), up to `limit`. */
export async function permanentCodes(org: DataverseOrg, code: StoredQrCode, accountId: string, limit: number): Promise<number> {
  const filter = `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.Permanent} eq true and ${C.Ticket} ne null and ${C.Id} ne ${requireGuid('qr code id', code.id)}`;
  return (await org.retrieveMultiple(SET, { select: [C.Id], filter, maxRows: limit, pageSize: 5000 })).length;
}

/** The referral program (its lifetime and account) and the referrer's account, for a referral code. */
export async function referralContext(
  org: DataverseOrg,
  code: StoredQrCode,
): Promise<{ programAccountId: string | undefined; referrerAccountId: string | undefined; expiryDays: number | undefined }> {
  const P = ReferralProgram.columns;
  const program = code.programId
    ? await org.retrieve(EntitySets.ReferralProgram, requireGuid('program id', code.programId), [lookupKey(P.OfficialAccountId), P.ExpiryDays])
    : undefined;
  const referrer = code.referrerId
    ? await org.retrieve(EntitySets.Follower, requireGuid('referrer id', code.referrerId), [lookupKey(Follower.columns.OfficialAccountId)])
    : undefined;
  return {
    programAccountId: program ? str(program, lookupKey(P.OfficialAccountId)) : undefined,
    referrerAccountId: referrer ? str(referrer, lookupKey(Follower.columns.OfficialAccountId)) : undefined,
    expiryDays: program ? num(program, P.ExpiryDays) : undefined,
  };
}

/** WeChat made the code: ticket, content URL, image URL, expiry, and what the relay filled in. */
export async function recordCreated(org: DataverseOrg, id: string, plan: CodePlan, created: CreatedQrCode, imageUrl: string, now: number): Promise<void> {
  const data: Row = {
    [C.Ticket]: created.ticket,
    [C.Url]: created.url,
    [C.ImageUrl]: imageUrl,
    [C.State]: RowSyncState.Synced,
    [C.FailureReason]: null,
    [C.ExpiresOn]: plan.request.kind === 'temporary' ? new Date(now + (created.expireSeconds ?? plan.request.expireSeconds) * 1000).toISOString() : null,
  };
  if (plan.filled.scene) data[C.Scene] = plan.filled.scene;
  if (plan.filled.kind) data[C.Permanent] = false;
  if (plan.filled.expireSeconds !== undefined) data[C.ExpireSeconds] = plan.filled.expireSeconds;
  await org.update(SET, requireGuid('qr code id', id), data);
}

/** The PNG as WeChat served it, base64 (wxm_Image; the form shows and downloads it). */
export async function recordImage(org: DataverseOrg, id: string, png: Uint8Array): Promise<void> {
  await org.update(SET, requireGuid('qr code id', id), { [C.Image]: Buffer.from(png).toString('base64') });
}

export async function recordFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(SET, requireGuid('qr code id', id), { [C.State]: RowSyncState.Failed, [C.FailureReason]: reason });
}
