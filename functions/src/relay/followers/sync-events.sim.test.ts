/**
 * The full sync and the incremental path meet on one row per follower: a follower first written by an event
 * (delivery) and the same follower written by the sync are one wxm_follower row (the follower alternate key), an
 * unfollow keeps the row and marks it not following, and no name is made up (WeChat gives none since 2021-12-27).
 * Against the WeChat simulator and the Dataverse emulator, through the production delivery and sync.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { deliveryDeps, startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { envelopeOf, event, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { deliverInbound } from '../delivery/deliver-inbound.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';
import { diffFollowers } from './follower-diff.js';
import { syncFollowerPage, type SyncPageDeps } from './sync-page.js';

const F = Follower.columns;
let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let deps: SyncPageDeps;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const token = (await authorizerTokens(h.sim)).accessToken;
  const clock = new ManualClock((T0 + 3600) * 1000);
  deps = {
    users: createFollowerUsersApi(createWechatApiClient({ baseUrl: h.sim.url })),
    token: { get: async () => token, invalidate: async () => undefined },
    org: tenant.org,
    checkpoints: new MemoryKeyValueStore(clock),
    now: () => clock.now(),
  };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const rows = () => tenant.dv.rows(EntitySets.Follower);
const rowOf = (openid: string) => rows().find((r) => r[F.OpenId] === openid);

async function fullSync(): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await syncFollowerPage(DEMO.appid, tenant.bound.officialAccountId, deps)).kind !== 'more') return;
}

async function deliver(name: string, openid: string, at: number): Promise<void> {
  await deliverInbound(envelopeOf(event(name, {}, { from: openid, at }), DEMO.appid), deliveryDeps([tenant]));
}

describe('synced followers and event followers', { timeout: 120_000 }, () => {
  it('are the same rows; unfollowed ones are kept and marked not following; names are never invented', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    const openids = (await deps.users.listFollowers(deps.token)).openids;
    const [early, leaver] = [openids[10] ?? '', openids[6] ?? '']; // the simulator gives every tenth follower a remark
    await deliver('subscribe', early, T0); // the event reaches Dataverse before any sync
    expect(rows()).toHaveLength(1);
    const before = rowOf(early);

    await fullSync();
    expect(rows()).toHaveLength(1_000);
    expect(new Set(rows().map((r) => r[F.OpenId])).size).toBe(1_000);
    const after = rowOf(early);
    expect(after?.[F.Id]).toBe(before?.[F.Id]); // one row, written by both
    expect(after?.[F.LastInteractionOn]).toBe(before?.[F.LastInteractionOn]); // the event's 48-hour window stays
    expect(after?.[F.Remark]).toBe('客户10'); // what WeChat's profile says, from the sync
    expect(after?.[F.Subscribed]).toBe(true);

    // An unfollow arrives as an event: the row stays, not following.
    h.sim.setFollower(DEMO.appid, leaver, { following: false });
    await deliver('unsubscribe', leaver, T0 + 60);
    expect(rows()).toHaveLength(1_000);
    expect(rowOf(leaver)?.[F.Subscribed]).toBe(false);
    // The diff agrees and changes nothing; a second full sync leaves the leaver's row as it is.
    expect(await diffFollowers(tenant.bound.officialAccountId, deps)).toEqual({ listed: 999, markedUnfollowed: 0, missingInDataverse: 0 });
    await fullSync();
    expect(rows()).toHaveLength(1_000);
    expect(rowOf(leaver)?.[F.Subscribed]).toBe(false);

    // WeChat returns no nickname: a row is named by its remark, else its openid, never by a made-up name.
    for (const r of rows()) expect(r[F.Name]).toBe(r[F.Remark] || r[F.OpenId]);
  });
});
