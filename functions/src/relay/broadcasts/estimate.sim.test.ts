/**
 * The reach estimate of Everyone is counted by Dataverse ($apply aggregates), never read row by row: against the
 * emulator with its AggregateQueryRecordLimit lowered to 5 rows, so counting in createdon ranges (and the paged
 * count of a second that holds more than the limit) is exercised without 50,000 followers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcast, EntitySets, Follower, OfficialAccount } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { onBroadcastHint } from './broadcast-hint.js';

const B = Broadcast.columns;
const F = Follower.columns;
let w: BroadcastWorld;
beforeEach(async () => {
  w = await startBroadcastWorld();
  w.dv.setAggregateRecordLimit(5);
});
afterEach(() => w.close());

const second = (i: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + i * 1000).toISOString().replace('.000Z', 'Z');
function follower(accountId: string, i: number, columns: Record<string, unknown> = {}, createdOn: string | undefined = second(i)) {
  return w.dv.insert(EntitySets.Follower, {
    [F.Name]: `o-${i}`,
    [F.OpenId]: `o-${i}`,
    [F.Subscribed]: true,
    ...(createdOn && { overriddencreatedon: createdOn }),
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    ...columns,
  });
}
const refusals = () => w.dv.requestLog().filter((e) => e.code === '0x8004e023').length;
const followerReads = () => w.dv.requestLog().filter((e) => e.method === 'GET' && e.path.endsWith('/wxm_followers')).length;

describe('the reach estimate of Everyone', () => {
  it('counts in createdon ranges where one aggregate may not count them all, exactly, for this account only', async () => {
    // 20 following (7 of them at 4 mass messages this Beijing month), 3 no longer following, spread over 46 s.
    for (let i = 0; i < 23; i++) {
      const columns: Record<string, unknown> = i >= 20 ? { [F.Subscribed]: false } : {};
      if (i < 7) Object.assign(columns, { [F.MassMonth]: '2026-12', [F.MassCount]: 4 });
      if (i === 7) Object.assign(columns, { [F.MassMonth]: '2026-11', [F.MassCount]: 4 });
      if (i === 8) Object.assign(columns, { [F.MassMonth]: '2026-12', [F.MassCount]: 3 });
      follower(w.accountId, i, columns, second(i * 2));
    }
    const other = w.dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wx0ther000000000', [OfficialAccount.columns.Name]: 'Other' });
    for (let i = 100; i < 104; i++) follower(other, i, { [F.MassMonth]: '2026-12', [F.MassCount]: 4 });
    const id = await w.broadcast({ [B.Content]: 'x' });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(id)).toMatchObject({ [B.ReachCount]: 20, [B.ReachMonthLimited]: 7, [B.MaySendToday]: true });
    // Each count: the whole (refused), its first and last createdon (two one-row queries), then createdon ranges
    // halved where refused until each holds at most 5; never a page of follower rows.
    expect(refusals()).toBe(6);
    expect(followerReads()).toBe(16);
  });

  it('a second holding more followers than one aggregate may count is counted by paging its ids', async () => {
    for (let i = 0; i < 12; i++) follower(w.accountId, i, {}, second(5));
    const id = await w.broadcast({ [B.Content]: 'x' });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(id)).toMatchObject({ [B.ReachCount]: 12, [B.ReachMonthLimited]: 0 });
    expect(refusals()).toBe(2);
  });

  it('up to the limit one aggregate counts them; an account with nobody following reaches 0', async () => {
    for (let i = 0; i < 5; i++) follower(w.accountId, i, { [F.MassMonth]: '2026-12', [F.MassCount]: 5 });
    const id = await w.broadcast({ [B.Content]: 'x' });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(id)).toMatchObject({ [B.ReachCount]: 5, [B.ReachMonthLimited]: 5 });
    expect(refusals()).toBe(0);
  });
});
