/**
 * The reach estimate written on a broadcast when its draft is saved: followers in the audience, how many of them
 * already received 4 mass messages this month (WeChat filters them; service accounts), and whether the account may
 * still mass send today. Read from Dataverse only: WeChat is not called.
 *
 * Everyone is counted by Dataverse (tags/count-rows.ts: aggregates, in createdon ranges past 50,000 rows), not read:
 * an account with 1,000,000 followers costs about a hundred small queries instead of 200 pages of 5,000 rows. A
 * tag, a view or a list is resolved as the send resolves it (their rows are the audience).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
 */
import { AudienceKind, Broadcast, BroadcastKind, BroadcastStatus, EntitySets, Follower } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import { countRows } from '../tags/count-rows.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { accountLimits } from './account-limits.js';
import { resolveAudience } from './audience.js';
import { iso, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { beijingMonth, massThisMonth, MONTHLY_MASS_PER_FOLLOWER } from './rules.js';

const B = Broadcast.columns;
const F = { month: Follower.columns.MassMonth, count: Follower.columns.MassCount } as const;

export interface ReachEstimate {
  reach: number;
  monthLimited: number;
  maySendToday: boolean;
}

export async function estimateReach(access: TagOrg, b: StoredBroadcast, accountId: string, now: number): Promise<ReachEstimate> {
  const limits = await accountLimits(access.org, accountId, now, b.id);
  const mass = (b.kind ?? BroadcastKind.MassSend) === BroadcastKind.MassSend;
  const monthly = mass && limits?.service !== false;
  const { reach, monthLimited } =
    (b.audienceKind ?? AudienceKind.Everyone) === AudienceKind.Everyone
      ? await countEveryone(access, accountId, monthly, now)
      : await countResolved(access, accountId, b, monthly, now);
  const maySendToday = !!limits && limits.cannot.length === 0 && limits.callsLeftToday > 0 && !(mass && limits.subscriptionSentToday);
  return { reach, monthLimited, maySendToday };
}

const FOLLOWERS = { entitySet: EntitySets.Follower, primaryId: Follower.columns.Id };

/** Everyone following the account, and those of them at 4 mass messages this Beijing month, counted by Dataverse. */
async function countEveryone(access: TagOrg, accountId: string, monthly: boolean, now: number): Promise<Omit<ReachEstimate, 'maySendToday'>> {
  const following = `${lookupKey(Follower.columns.OfficialAccountId)} eq ${accountId} and ${Follower.columns.Subscribed} eq true`;
  const reach = await countRows(access.org, FOLLOWERS, following);
  const atLimit = `${following} and ${F.month} eq '${beijingMonth(now)}' and ${F.count} ge ${MONTHLY_MASS_PER_FOLLOWER}`;
  return { reach, monthLimited: monthly && reach > 0 ? await countRows(access.org, FOLLOWERS, atLimit) : 0 };
}

async function countResolved(
  access: TagOrg,
  accountId: string,
  b: StoredBroadcast,
  monthly: boolean,
  now: number,
): Promise<Omit<ReachEstimate, 'maySendToday'>> {
  const audience = await resolveAudience(access, accountId, b);
  const rows = audience.kind === 'followers' ? audience.rows : [];
  const monthLimited = monthly ? rows.filter((r) => massThisMonth(r[F.month], r[F.count], now) >= MONTHLY_MASS_PER_FOLLOWER).length : 0;
  return { reach: rows.length, monthLimited };
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
