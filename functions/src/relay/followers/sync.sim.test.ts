/**
 * The full follower sync against the WeChat simulator (generated followers, real user/get and batchget answers and
 * quotas) and the Dataverse emulator (rows by alternate key through the gateway's batched submit).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { diffFollowers } from './follower-diff.js';
import { nextBeijingMidnight, readCheckpoint, syncFollowerPage, type SyncPageDeps, type SyncStepOutcome } from './sync-page.js';

const C = Follower.columns;
let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let deps: SyncPageDeps;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const token = (await authorizerTokens(h.sim)).accessToken;
  deps = {
    users: createFollowerUsersApi(createWechatApiClient({ baseUrl: h.sim.url })),
    token: { get: async () => token, invalidate: async () => undefined },
    org: tenant.org,
    checkpoints: new MemoryKeyValueStore(new ManualClock(Date.UTC(2026, 11, 2, 12))),
    now: () => Date.UTC(2026, 11, 2, 12), // 20:00 Beijing
  };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const accountId = () => tenant.bound.officialAccountId;

async function runToEnd(d: SyncPageDeps = deps, limit = 20): Promise<SyncStepOutcome> {
  for (let i = 0; i < limit; i++) {
    const step = await syncFollowerPage(DEMO.appid, accountId(), d);
    if (step.kind !== 'more') return step;
  }
  throw new Error('sync did not end');
}

function followerRows() {
  return tenant.dv.rows(EntitySets.Follower);
}

function expectEveryFollowerOnce(n: number) {
  const rows = followerRows();
  expect(rows.length).toBe(n);
  expect(new Set(rows.map((r) => r[C.OpenId])).size).toBe(n);
}

// Tens of thousands of followers through two emulators on shared cores: allow for a busy machine.
describe('full follower sync', { timeout: 120_000 }, () => {
  it('writes every follower of three user/get pages once, with what WeChat still returns', async () => {
    h.sim.generateFollowers(DEMO.appid, 21_000, { unionBound: true });
    expect(await runToEnd()).toEqual({ kind: 'completed', synced: 21_000, total: 21_000 });
    expectEveryFollowerOnce(21_000);
    const stats = h.sim.stats().apiCalls;
    expect(stats['user/get']).toBe(4); // 10,000 + 10,000 + 1,000, then the empty page after the last
    expect(stats['user/info/batchget']).toBe(210);
    const tenth = followerRows().find((r) => r[C.Remark] === '客户10');
    expect(tenth?.[C.Subscribed]).toBe(true);
    expect(tenth?.[C.Tags]).toBe('');
    expect(String(tenth?.[C.UnionId])).toMatch(/^oU/);
    expect(tenth?.[C.SubscribedOn]).toBe(new Date((1_600_000_000 + 10) * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('resumes after a crash at a page without gaps or duplicates', async () => {
    h.sim.generateFollowers(DEMO.appid, 15_000);
    let submits = 0;
    const crashing: DataverseOrg = Object.create(tenant.org, {
      submit: {
        value: (ops: Parameters<DataverseOrg['submit']>[0]) => {
          submits += 1;
          if (submits === 130) return Promise.reject(new Error('instance died'));
          return tenant.org.submit(ops);
        },
      },
    });
    await expect(runToEnd({ ...deps, org: crashing })).rejects.toThrow('instance died');
    const cp = await readCheckpoint(deps.checkpoints, DEMO.appid);
    // Page 1 (100 chunks) done; on page 2 the wave of chunks 21–40 died: its first 2,000 are checkpointed.
    expect(cp.pageFrom).not.toBe('');
    expect(cp).toMatchObject({ position: 2_000, synced: 12_000, total: 15_000 });
    expect(await runToEnd()).toMatchObject({ kind: 'completed', total: 15_000 });
    expectEveryFollowerOnce(15_000);
  });

  it('45009 pauses the sync until Beijing midnight with a bilingual reason, and it resumes from there', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    h.sim.setQuota('user/get', 1);
    const paused = await runToEnd();
    expect(paused.kind).toBe('paused');
    if (paused.kind !== 'paused') return;
    expect(paused.resumeOn).toBe(Date.UTC(2026, 11, 2, 16)); // 00:00 Beijing on Dec 3
    expect(paused.resumeOn).toBe(nextBeijingMidnight(deps.now()));
    expect(paused.reason).toContain('45009');
    expect(paused.reason).toContain('已暂停');
    expect(paused.checkpoint).toMatchObject({ position: 0, synced: 10_000 });
    expect(followerRows().length).toBe(10_000);
    h.sim.setQuota('user/get', null); // the day turned
    expect(await runToEnd()).toEqual({ kind: 'completed', synced: 12_000, total: 12_000 });
    expectEveryFollowerOnce(12_000);
  });

  it("the periodic diff marks followers missing from WeChat's list as not following and keeps their rows", async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    await runToEnd();
    const gone = followerRows()
      .slice(0, 3)
      .map((r) => String(r[C.OpenId]));
    for (const openid of gone) h.sim.setFollower(DEMO.appid, openid, { following: false });
    expect(await diffFollowers(accountId(), deps)).toEqual({ listed: 997, markedUnfollowed: 3, missingInDataverse: 0 });
    expectEveryFollowerOnce(1_000);
    const rows = followerRows();
    expect(
      rows
        .filter((r) => r[C.Subscribed] === false)
        .map((r) => r[C.OpenId])
        .sort(),
    ).toEqual([...gone].sort());
    expect(rows.find((r) => r[C.OpenId] === gone[0])?.[C.UnsubscribedOn]).toBe('2026-12-02T12:00:00Z');
    expect(await diffFollowers(accountId(), deps)).toEqual({ listed: 997, markedUnfollowed: 0, missingInDataverse: 0 });
  });
});
