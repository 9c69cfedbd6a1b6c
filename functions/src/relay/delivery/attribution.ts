/**
 * What a follow, scan or unfollow does to the QR codes of the account and to referrers, written in the same
 * change set as the message row (create-only by its WeChat id): a redelivered event finds its message and the
 * whole change set, counts included, is not written again. Counts are updated under the code's ETag (and the
 * referrer's), so two deliveries racing on one code redo their round from a fresh read instead of losing a count.
 *
 * - A follow (`subscribe`, EventKey `qrscene_<scene>`) or a scan (`SCAN`, EventKey `<scene>`) of a code in this
 *   org: Scans + 1 (a follow also New Followers + 1); the follower's First Channel (set once) and Latest Channel
 *   (when this is its latest interaction).
 * - Still Following is derived from the follower's state, not from the event: a follower counts for the code its
 *   current follow came through (SubscribeScene QR code + QR scene) while subscribed. The difference between the
 *   row before and after this delivery is the change, so the counts follow the state in whatever order events come.
 * - Referral codes: a follow through one sets Referred By (once, never to the follower itself); the referrer's
 *   Referrals + 1 and Referrals Still Following moves like Still Following; reaching the program's threshold sets the
 *   referrer's Referral Goal Reached On (once), which a Power Automate flow can trigger on.
 * Binding scenes (bind_…) are not channels: binding-scan.ts spends them.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { EntitySets, Follower, QrCode, QrPurpose, ReferralProgram, SubscribeScene } from '@wxm/solution/schema';
import type { DataverseOrg, Row, WriteOperation } from '../../dataverse/types.js';
import type { InboundMessage } from '../../wechat/index.js';
import { isBindingScene } from '../binding/scene.js';
import type { StoredFollower } from './follower-row.js';
import type { FollowerState } from './follower-state.js';
import { bind, lookupValue, requireGuid, stringLiteral } from './keys.js';
import type { MissingCodes } from './missing-codes.js';
import { wechatTime } from './text-fit.js';

const Q = QrCode.columns;
const F = Follower.columns;

/** A follow or scan through a channel or referral code (not a binding code). */
export interface ChannelEvent {
  scene: string;
  follow: boolean;
}

export function channelEventOf(msg: InboundMessage): ChannelEvent | undefined {
  if (msg.kind !== 'event') return undefined;
  if (msg.event === 'subscribe' && msg.scene) return isBindingScene(msg.scene) ? undefined : { scene: msg.scene, follow: true };
  if (msg.event === 'SCAN' && msg.scene) return isBindingScene(msg.scene) ? undefined : { scene: msg.scene, follow: false };
  return undefined;
}

/** The binding scene of a follow or scan, for binding-scan.ts. */
export function bindingSceneOf(msg: InboundMessage): string | undefined {
  if (msg.kind !== 'event' || (msg.event !== 'subscribe' && msg.event !== 'SCAN')) return undefined;
  return isBindingScene(msg.scene) ? msg.scene : undefined;
}

/** The scene of the code a follower counts for (Still Following): its current follow, while subscribed. */
export function countedScene(state: FollowerState | undefined): string | undefined {
  if (!state?.subscribed || state.subscribeScene !== SubscribeScene.QrCode || !state.qrScene) return undefined;
  return isBindingScene(state.qrScene) ? undefined : state.qrScene;
}

export interface AttributionInput {
  org: DataverseOrg;
  accountId: string;
  msg: InboundMessage;
  /** WeChat's CreateTime, epoch seconds. */
  at: number;
  stored: StoredFollower | undefined;
  next: FollowerState;
  /** Scenes that name no code (missing-codes.ts), and the time now (epoch ms). */
  missingCodes?: { memory: MissingCodes; now: number };
}

export interface AttributionPlan {
  /** Columns for the follower's own write. */
  follower: Row;
  /** ETag-conditioned updates of codes and the referrer. */
  ops: WriteOperation[];
  /** The referrer whose row this writes (its cached row is stale afterwards). */
  referrerOpenid?: string;
}

interface Code {
  id: string;
  etag: string;
  purpose: number | undefined;
  counts: { scans: number; newFollowers: number; stillFollowing: number };
  referrerId: string | undefined;
  programId: string | undefined;
}

const NOTHING: AttributionPlan = { follower: {}, ops: [] };

export async function planAttribution(input: AttributionInput): Promise<AttributionPlan> {
  const { stored, next, msg } = input;
  const event = channelEventOf(msg);
  const before = countedScene(stored?.state);
  const after = countedScene(next);
  if (!event && before === after) return NOTHING;

  const codes = new Map<string, Code | undefined>();
  for (const scene of new Set([event?.scene, before, after].filter((s): s is string => s !== undefined))) {
    codes.set(scene, await findCode(input, scene));
  }
  const deltas = new Map<string, { scans: number; newFollowers: number; stillFollowing: number }>();
  const delta = (code: Code) => deltas.get(code.id) ?? deltas.set(code.id, { scans: 0, newFollowers: 0, stillFollowing: 0 }).get(code.id)!;
  const follower: Row = {};
  let referral: { referrerId: string; programId: string | undefined } | undefined;

  const code = event && codes.get(event.scene);
  if (event && code && code.purpose !== QrPurpose.Binding) {
    delta(code).scans += 1;
    if (event.follow) delta(code).newFollowers += 1;
    if (!stored?.attribution.firstChannelId) follower[bind(Follower.navigation.SourceQrCodeId)] = `/${EntitySets.QrCode}(${code.id})`;
    const latestAt = stored?.state.lastInteractionOn;
    if (!stored?.attribution.latestChannelId || latestAt === undefined || input.at >= latestAt) {
      follower[bind(Follower.navigation.LatestChannelId)] = `/${EntitySets.QrCode}(${code.id})`;
    }
    const self = stored?.id !== undefined && stored.id === code.referrerId;
    if (event.follow && code.purpose === QrPurpose.Referral && code.referrerId && !self && !stored?.attribution.referredById) {
      referral = { referrerId: code.referrerId, programId: code.programId };
      follower[bind(Follower.navigation.ReferredById)] = `/${EntitySets.Follower}(${code.referrerId})`;
    }
  }
  if (before !== after) {
    const left = before === undefined ? undefined : codes.get(before);
    const joined = after === undefined ? undefined : codes.get(after);
    if (left) delta(left).stillFollowing -= 1;
    if (joined) delta(joined).stillFollowing += 1;
  }

  const ops: WriteOperation[] = [];
  for (const c of codes.values()) {
    const d = c && deltas.get(c.id);
    if (!c || !d || (d.scans === 0 && d.newFollowers === 0 && d.stillFollowing === 0)) continue;
    ops.push({
      kind: 'upsert',
      entitySet: EntitySets.QrCode,
      key: c.id,
      ifMatch: c.etag,
      data: {
        [Q.ScanCount]: c.counts.scans + d.scans,
        [Q.NewFollowerCount]: c.counts.newFollowers + d.newFollowers,
        [Q.StillFollowing]: Math.max(0, c.counts.stillFollowing + d.stillFollowing),
      },
    });
  }
  const referrer = await referrerUpdate(input, referral);
  return { follower, ops: referrer ? [...ops, referrer.op] : ops, ...(referrer && { referrerOpenid: referrer.openid }) };
}

/** The referrer's counts: Referrals for a new referral, Still Following from the referred follower's state. */
async function referrerUpdate(
  input: AttributionInput,
  referral: { referrerId: string; programId: string | undefined } | undefined,
): Promise<{ op: WriteOperation; openid: string } | undefined> {
  const { stored, next } = input;
  const referrerId = stored?.attribution.referredById ?? referral?.referrerId;
  if (!referrerId) return undefined;
  const followingBefore = stored?.attribution.referredById !== undefined && stored.state.subscribed === true;
  const followingAfter = next.subscribed === true;
  const added = referral ? 1 : 0;
  const moved = (followingAfter ? 1 : 0) - (followingBefore ? 1 : 0);
  if (added === 0 && moved === 0) return undefined;
  const row = await input.org.retrieve(EntitySets.Follower, requireGuid('referrer id', referrerId), [
    F.Id,
    F.OpenId,
    lookupValue(F.OfficialAccountId),
    F.Referrals,
    F.ReferralsFollowing,
    F.ReferralGoalReachedOn,
  ]);
  // Gone, or (never by our codes) of another account: nothing to count.
  if (!row || row[lookupValue(F.OfficialAccountId)] !== input.accountId) return undefined;
  const referrals = num(row[F.Referrals]) + added;
  const data: Row = { [F.Referrals]: referrals, [F.ReferralsFollowing]: Math.max(0, num(row[F.ReferralsFollowing]) + moved) };
  if (referral?.programId && !row[F.ReferralGoalReachedOn]) {
    const threshold = await programThreshold(input.org, referral.programId);
    if (threshold !== undefined && referrals >= threshold) data[F.ReferralGoalReachedOn] = wechatTime(input.at);
  }
  return {
    op: { kind: 'upsert', entitySet: EntitySets.Follower, key: String(row[F.Id]), ifMatch: String(row['@odata.etag'] ?? '*'), data },
    openid: String(row[F.OpenId] ?? ''),
  };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function findCode(input: AttributionInput, scene: string): Promise<Code | undefined> {
  const { org, accountId, missingCodes } = input;
  if (!missingCodes) return readCode(org, accountId, scene);
  let read: { code: Code | undefined } | undefined;
  const verdict = await missingCodes.memory.known(`${accountId}|${scene}`, missingCodes.now, async () => {
    read = { code: await readCode(org, accountId, scene) };
    return read.code !== undefined;
  });
  if (verdict === 'missing') return undefined;
  // Found by another delivery's lookup: this one reads the code's counts and ETag itself.
  return read ? read.code : readCode(org, accountId, scene);
}

async function readCode(org: DataverseOrg, accountId: string, scene: string): Promise<Code | undefined> {
  const filter = `${lookupValue(Q.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${Q.Scene} eq ${stringLiteral(scene)}`;
  const select = [Q.Id, Q.Purpose, Q.ScanCount, Q.NewFollowerCount, Q.StillFollowing, lookupValue(Q.ReferrerId), lookupValue(Q.ReferralProgramId)];
  const [row] = await org.retrieveMultiple(EntitySets.QrCode, { select, filter, top: 1 });
  if (!row) return undefined;
  return {
    id: String(row[Q.Id]),
    etag: String(row['@odata.etag'] ?? '*'),
    purpose: typeof row[Q.Purpose] === 'number' ? (row[Q.Purpose] as number) : undefined,
    counts: { scans: num(row[Q.ScanCount]), newFollowers: num(row[Q.NewFollowerCount]), stillFollowing: num(row[Q.StillFollowing]) },
    referrerId: str(row[lookupValue(Q.ReferrerId)]),
    programId: str(row[lookupValue(Q.ReferralProgramId)]),
  };
}

async function programThreshold(org: DataverseOrg, programId: string): Promise<number | undefined> {
  const P = ReferralProgram.columns;
  const row = await org.retrieve(EntitySets.ReferralProgram, requireGuid('program id', programId), [P.Threshold]);
  const t = row?.[P.Threshold];
  return typeof t === 'number' && t > 0 ? t : undefined;
}
