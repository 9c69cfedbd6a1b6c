/**
 * The reach estimate written on a broadcast when its draft is saved: followers in the audience, how many of them
 * already received 4 mass messages this month (WeChat filters them; service accounts), and whether the account may
 * still mass send today. Read from Dataverse only: WeChat is not called.
 */
import { Broadcast, BroadcastKind, BroadcastStatus, Follower } from '@wxm/solution/schema';
import type { TagOrg } from '../tags/tag-deps.js';
import { accountLimits } from './account-limits.js';
import { resolveAudience } from './audience.js';
import { iso, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { massThisMonth, MONTHLY_MASS_PER_FOLLOWER } from './rules.js';

const B = Broadcast.columns;
const F = { month: Follower.columns.MassMonth, count: Follower.columns.MassCount } as const;

export interface ReachEstimate {
  reach: number;
  monthLimited: number;
  maySendToday: boolean;
}

export async function estimateReach(access: TagOrg, b: StoredBroadcast, accountId: string, now: number): Promise<ReachEstimate> {
  const limits = await accountLimits(access.org, accountId, now, b.id);
  const audience = await resolveAudience(access, accountId, b);
  const rows = audience.kind === 'followers' ? audience.rows : [];
  const mass = (b.kind ?? BroadcastKind.MassSend) === BroadcastKind.MassSend;
  const monthLimited =
    mass && limits?.service !== false ? rows.filter((r) => massThisMonth(r[F.month], r[F.count], now) >= MONTHLY_MASS_PER_FOLLOWER).length : 0;
  const maySendToday = !!limits && limits.cannot.length === 0 && limits.callsLeftToday > 0 && !(mass && limits.subscriptionSentToday);
  return { reach: rows.length, monthLimited, maySendToday };
}

export async function writeEstimate(access: TagOrg, b: StoredBroadcast, accountId: string, now: number): Promise<ReachEstimate> {
  const e = await estimateReach(access, b, accountId, now);
  await writeBroadcast(access.org, b.id, {
    [B.ReachCount]: e.reach,
    [B.ReachMonthLimited]: e.monthLimited,
    [B.MaySendToday]: e.maySendToday,
    [B.ReachEstimatedOn]: iso(now),
    // A row made without the form (an integration) may carry no status yet: it is a draft.
    ...(b.status === undefined && { [B.BroadcastStatus]: BroadcastStatus.Draft }),
  });
  return e;
}
