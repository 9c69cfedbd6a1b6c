/**
 * The follower sync as the relay runs it: started by the account form's request (a hint) or the schedule, one
 * 'follower-sync-step' task per user/get page on the relay-tasks queue, progress and outcome on the account row;
 * against the WeChat simulator (generated followers, real quotas) and the Dataverse emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower, FollowerSyncState, OfficialAccount } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { StaticBindings } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { RelayTask } from '../envelope.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onSyncRequested } from './sync-hint.js';
import { startFollowerSync } from './start-sync.js';
import { followerSyncTick } from './sync-schedule.js';
import { runSyncStep, type StepOutcome } from './sync-step.js';
import type { FollowerSyncDeps, SyncTask } from './sync-deps.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';

const A = OfficialAccount.columns;
const F = Follower.columns;
/** 2026-12-02 20:00 Beijing. */
const T0 = Date.UTC(2026, 11, 2, 12);

let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let clock: ManualClock;
let queue: MemoryQueue<RelayTask>;
let bindings: StaticBindings;
let deps: FollowerSyncDeps;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  clock = new ManualClock(T0);
  queue = new MemoryQueue('relay-tasks');
  bindings = new StaticBindings();
  bindings.accounts.set(DEMO.appid, tenant.bound);
  const registry = new MemorySignedServiceRegistry();
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: T0,
  });
  const authorizers = new MemoryAuthorizerRegistry();
  await authorizers.put({ ...DEMO, isMiniProgram: false, funcScopes: [1, 2, 3], status: 'authorized', authorizedAt: T0, updatedAt: T0 });
  const token = (await authorizerTokens(h.sim)).accessToken;
  deps = {
    bindings,
    registry,
    authorizers,
    users: createFollowerUsersApi(createWechatApiClient({ baseUrl: h.sim.url })),
    tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    kv: new MemoryKeyValueStore(clock),
    tasks: queue,
    clock,
    logger: new RecordingLogger(),
  };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const accountId = () => tenant.bound.officialAccountId;
const account = async () => (await tenant.org.retrieve(OfficialAccount.entitySetName, accountId())) ?? {};
const followers = () => tenant.dv.rows(EntitySets.Follower);

/** What the form's "Sync followers" does, then the hint the Update step posts. */
async function requestSync(at = clock.now()): Promise<DataverseHint> {
  const requestedOn = new Date(at).toISOString();
  await tenant.org.update(OfficialAccount.entitySetName, accountId(), { [A.SyncRequestedOn]: requestedOn });
  return {
    message: 'Update',
    table: OfficialAccount.logicalName,
    rowId: accountId(),
    organizationId: tenant.bound.organizationId,
    // As the relay queues it: the row's columns are not kept (relay/webhook/accept-hint.ts); the row is read again.
    attributes: { [OfficialAccount.primaryIdAttribute]: accountId() },
  };
}

/** The relay-tasks worker: runs what is queued (and what that queues) until the queue is empty. */
async function drain(limit = 50): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (let task = queue.take(); task; task = queue.take()) {
    if (task.type !== 'follower-sync-step') throw new Error(`unexpected task ${task.type}`);
    outcomes.push(await runSyncStep(task, deps));
    if (outcomes.length > limit) throw new Error('the chain does not end');
  }
  return outcomes;
}

function expectEveryFollowerOnce(n: number) {
  const rows = followers();
  expect(rows.length).toBe(n);
  expect(new Set(rows.map((r) => r[F.OpenId])).size).toBe(n);
}

// Up to 12,000 followers through two emulators on shared cores: allow for a busy machine.
describe('follower sync through the task chain', { timeout: 120_000 }, () => {
  it('a request on the account form syncs all 1,000 followers and shows it on the row', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    expect(await onSyncRequested(await requestSync(), deps)).toBe('started');
    expect(await account()).toMatchObject({ [A.SyncState]: FollowerSyncState.Running, [A.SyncedFollowers]: 0, [A.SyncStartedOn]: '2026-12-02T12:00:00Z' });
    clock.advance(60_000);
    expect(await drain()).toEqual(['more', 'completed']);
    expectEveryFollowerOnce(1_000);
    expect(followers().every((r) => r[F.Subscribed] === true && r[F.Remark] !== undefined)).toBe(true);
    expect(await account()).toMatchObject({
      [A.SyncState]: FollowerSyncState.Completed,
      [A.SyncedFollowers]: 1_000,
      [A.TotalFollowers]: 1_000,
      [A.SyncCompletedOn]: '2026-12-02T12:01:00Z',
      [A.SyncLastError]: null,
      [A.SyncResumeOn]: null,
    });
    const calls = h.sim.stats().apiCalls;
    expect(calls['user/info/batchget']).toBe(10);
    expect(calls['user/get']).toBe(4); // the page and the empty page after it, twice: the sync, then the diff's listing
    // The same hint again asks for nothing new.
    const again = await requestSync(T0 - 1);
    expect(await onSyncRequested(again, deps)).toBe('already-served');
    expect(await queue.depth()).toBe(0);
  });

  it('a hint naming another org, or a row id no connected Signed Service bound, starts nothing and calls WeChat for nothing', async () => {
    h.sim.generateFollowers(DEMO.appid, 50);
    const hint = await requestSync();
    const calls = () => h.sim.stats().apiCalls['user/get'] ?? 0;
    const before = calls();
    expect(await onSyncRequested({ ...hint, organizationId: '00000000-0000-4000-8000-00000000beef' }, deps)).toBe('not-bound');
    expect(await onSyncRequested({ ...hint, rowId: '00000000-0000-4000-8000-0000000000aa' }, deps)).toBe('not-bound');
    expect(await queue.depth()).toBe(0);
    expect(calls()).toBe(before);
    expect(followers()).toEqual([]);
    expect((await account())[A.SyncState] ?? null).not.toBe(FollowerSyncState.Running);
  });

  it('shows progress page by page, and a crashed step resumes from its checkpoint without gaps or duplicates', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    expect(await startFollowerSync(DEMO.appid, 'request', deps)).toBe('already-served'); // nobody asked
    await onSyncRequested(await requestSync(), deps);
    const first = queue.take() as SyncTask;
    expect(await runSyncStep(first, deps)).toBe('more');
    expect(await account()).toMatchObject({ [A.SyncState]: FollowerSyncState.Running, [A.SyncedFollowers]: 10_000, [A.TotalFollowers]: 12_000 });
    // The instance dies in the middle of the second page's writes: the task stays on the queue for a retry.
    const second = queue.take() as SyncTask;
    let submits = 0;
    const dying: DataverseOrg = Object.create(tenant.org, {
      submit: {
        value: (ops: Parameters<DataverseOrg['submit']>[0]) => (++submits === 12 ? Promise.reject(new Error('instance died')) : tenant.org.submit(ops)),
      },
    });
    bindings.accounts.set(DEMO.appid, { ...tenant.bound, org: dying });
    await expect(runSyncStep(second, deps)).rejects.toThrow('instance died');
    expect(await account()).toMatchObject({ [A.SyncState]: FollowerSyncState.Running, [A.SyncedFollowers]: 10_000 });
    bindings.accounts.set(DEMO.appid, tenant.bound);
    expect(await runSyncStep(second, deps)).toBe('more'); // the queue's retry of the same message
    expect(await drain()).toEqual(['completed']);
    expectEveryFollowerOnce(12_000);
    expect(await account()).toMatchObject({ [A.SyncState]: FollowerSyncState.Completed, [A.SyncedFollowers]: 12_000 });
  });

  it('a chain whose next task was lost is revived by the schedule and finishes once', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    await onSyncRequested(await requestSync(), deps);
    expect(await runSyncStep(queue.take() as SyncTask, deps)).toBe('more');
    queue.take(); // lost between the checkpoint and the queue
    clock.advance(5 * 60_000);
    expect(await followerSyncTick(deps)).toEqual({ started: [], resumed: [], revived: [], failed: [] });
    clock.advance(11 * 60_000);
    expect(await followerSyncTick(deps)).toEqual({ started: [], resumed: [], revived: [DEMO.appid], failed: [] });
    expect(await drain()).toEqual(['more', 'completed']);
    expectEveryFollowerOnce(12_000);
    expect(h.sim.stats().apiCalls['user/info/batchget']).toBe(120);
  });

  it('45009 pauses with the resume time and a bilingual reason; after Beijing midnight the schedule resumes it', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    h.sim.setQuota('user/get', 1);
    await onSyncRequested(await requestSync(), deps);
    expect(await drain()).toEqual(['more', 'paused']);
    const paused = await account();
    expect(paused).toMatchObject({ [A.SyncState]: FollowerSyncState.Paused, [A.SyncedFollowers]: 10_000, [A.SyncResumeOn]: '2026-12-02T16:00:00Z' });
    expect(String(paused[A.SyncLastError])).toContain('(45009)');
    expect(String(paused[A.SyncLastError])).toContain('已暂停：今日粉丝接口调用次数已用完（45009）');
    clock.advance(3 * 3600_000); // 23:00 Beijing: not yet
    expect(await followerSyncTick(deps)).toEqual({ started: [], resumed: [], revived: [], failed: [] });
    expect(await queue.depth()).toBe(0);
    h.sim.setQuota('user/get', null); // the day turned
    clock.advance(3600_000 + 60_000);
    expect(await followerSyncTick(deps)).toEqual({ started: [], resumed: [DEMO.appid], revived: [], failed: [] });
    expect(await drain()).toEqual(['more', 'completed']);
    expectEveryFollowerOnce(12_000);
    expect(await account()).toMatchObject({
      [A.SyncState]: FollowerSyncState.Completed,
      [A.SyncedFollowers]: 12_000,
      [A.SyncResumeOn]: null,
      [A.SyncLastError]: null,
    });
  });

  it('two triggers at once and a duplicated step message run one sync', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    const hint = await requestSync();
    const outcomes = await Promise.all([onSyncRequested(hint, deps), onSyncRequested(hint, deps), startFollowerSync(DEMO.appid, 'schedule', deps)]);
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1);
    // The others read the row before the winner's claim (412 on their update) or after it (the run or its start time).
    for (const o of outcomes.filter((x) => x !== 'started')) expect(['claimed-elsewhere', 'running', 'already-served']).toContain(o);
    const queued = queue.peekAll();
    expect(queued).toHaveLength(1);
    await queue.enqueue(queued[0] as RelayTask); // the queue delivers it twice
    expect(await drain()).toEqual(['more', 'skipped', 'completed']);
    expectEveryFollowerOnce(1_000);
    expect(h.sim.stats().apiCalls['user/info/batchget']).toBe(10);
  });

  it('the daily schedule starts one full sync per account from 03:00 Beijing, and the diff marks unfollowed ones', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    await onSyncRequested(await requestSync(), deps);
    await drain();
    const gone = String(followers()[7]?.[F.OpenId]);
    h.sim.setFollower(DEMO.appid, gone, { following: false });
    clock.set(Date.UTC(2026, 11, 2, 18, 30)); // 02:30 Beijing
    expect((await followerSyncTick(deps)).started).toEqual([]);
    clock.set(Date.UTC(2026, 11, 2, 19, 5)); // 03:05
    expect((await followerSyncTick(deps)).started).toEqual([DEMO.appid]);
    expect((await followerSyncTick(deps)).started).toEqual([]); // once a day
    expect(await drain()).toEqual(['more', 'completed']);
    expectEveryFollowerOnce(1_000);
    const row = followers().find((r) => r[F.OpenId] === gone);
    expect(row?.[F.Subscribed]).toBe(false);
    expect(await account()).toMatchObject({ [A.SyncState]: FollowerSyncState.Completed, [A.SyncedFollowers]: 999, [A.TotalFollowers]: 999 });
  });
});
