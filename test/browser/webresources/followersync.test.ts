/**
 * The Official Account form's follower sync (webresources/src/forms/officialaccount/sync.ts) in English and Chinese,
 * on rows the real relay use cases wrote: the form script runs against a small fake form context whose Web API
 * reaches the Dataverse emulator, the relay's sync runs against the WeChat simulator, and the Sync followers
 * action goes the whole way (stamp → hint → sync → the form reads the answer back).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowerSyncState, OfficialAccount } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { StaticBindings } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../emulators/wechat/testkit/harness.js';
import type { RelayTask } from '../../../functions/src/relay/envelope.js';
import { onSyncRequested } from '../../../functions/src/relay/followers/sync-hint.js';
import { runSyncStep } from '../../../functions/src/relay/followers/sync-step.js';
import type { FollowerSyncDeps } from '../../../functions/src/relay/followers/sync-deps.js';
import { createWechatApiClient } from '../../../functions/src/wechat/api/client.js';
import { createFollowerUsersApi } from '../../../functions/src/wechat/official-account/users.js';
import { followFollowerSync, SYNC_NOTIFICATIONS } from '../../../webresources/src/forms/officialaccount/sync.js';
import type { Xrm, XrmControlNotification, XrmFormContext } from '../../../webresources/src/shared/xrm.js';
import { translator, type Language } from '../../../webresources/src/strings/index.js';

const A = OfficialAccount.columns;
const DATES = new Set<string>([A.SyncRequestedOn, A.SyncStartedOn, A.SyncCompletedOn, A.SyncResumeOn]);

let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let queue: MemoryQueue<RelayTask>;
let deps: FollowerSyncDeps;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
  queue = new MemoryQueue('relay-tasks');
  const bindings = new StaticBindings();
  bindings.accounts.set(DEMO.appid, tenant.bound);
  const registry = new MemorySignedServiceRegistry();
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: 0,
  });
  const token = (await authorizerTokens(h.sim)).accessToken;
  deps = {
    bindings,
    registry,
    authorizers: new MemoryAuthorizerRegistry(),
    users: createFollowerUsersApi(createWechatApiClient({ baseUrl: h.sim.url })),
    tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    kv: new MemoryKeyValueStore(clock),
    tasks: queue,
    // The relay's clock is the real one here: the form compares the relay's start time with its own request time.
    clock: { now: () => Date.now() },
    logger: new RecordingLogger(),
  };
}, 30_000);
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const accountRow = async () => (await tenant.org.retrieve(OfficialAccount.entitySetName, tenant.bound.officialAccountId)) ?? {};

/** Runs `steps` queued step tasks (all when undefined). */
async function runSteps(steps = Infinity): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const task = queue.take();
    if (!task) return;
    if (task.type === 'follower-sync-step') await runSyncStep(task, deps);
  }
}

/** What the Update step would post after the form stamped the request column. */
async function hintRelay(): Promise<void> {
  const hint = {
    message: 'Update' as const,
    table: OfficialAccount.logicalName,
    rowId: tenant.bound.officialAccountId,
    organizationId: tenant.bound.organizationId,
  };
  // As the relay queues it: no column of the row but its id (relay/webhook/accept-hint.ts); the relay reads the row.
  await onSyncRequested({ ...hint, attributes: { [A.Id]: tenant.bound.officialAccountId } }, deps);
}

interface FormRecord {
  notifications: Record<string, [string, string]>;
  controlNotifications: Record<string, XrmControlNotification>;
}

/** The account form as Dynamics would load it from the row, in one language; the Web API goes to the emulator. */
function openForm(row: Record<string, unknown>, lcid: 1033 | 2052, onUpdate: (data: Record<string, unknown>) => Promise<void> = async () => undefined) {
  const record: FormRecord = { notifications: {}, controlNotifications: {} };
  const form: XrmFormContext = {
    data: { entity: { getId: () => `{${tenant.bound.officialAccountId.toUpperCase()}}`, getEntityName: () => OfficialAccount.logicalName } },
    ui: {
      getFormType: () => 2,
      setFormNotification: (message, level, id) => ((record.notifications[id] = [level, message]), true),
      clearFormNotification: (id) => delete record.notifications[id],
    },
    getAttribute: <T>(name: string) => {
      const v = row[name];
      const value = (DATES.has(name) && typeof v === 'string' ? new Date(v) : (v ?? null)) as T | null;
      return { getValue: () => value, setValue: () => undefined };
    },
    getControl: (name) => ({
      getLabel: () => name,
      setLabel: () => undefined,
      addNotification: (n) => ((record.controlNotifications[`${name}:${n.uniqueId}`] = n), true),
      clearNotification: (id) => delete record.controlNotifications[`${name}:${id}`],
    }),
  };
  const xrm = {
    Utility: {
      getGlobalContext: () => ({
        getClientUrl: () => tenant.org.environmentUrl,
        userSettings: { languageId: lcid },
        organizationSettings: { organizationId: '' },
      }),
    },
    WebApi: {
      retrieveMultipleRecords: async () => ({ entities: [] }),
      updateRecord: async (entity: string, id: string, data: Record<string, unknown>) => {
        await tenant.org.update(OfficialAccount.entitySetName, id, data);
        await onUpdate(data);
        return { entityType: entity, id };
      },
      retrieveRecord: async () => accountRow(),
    },
    Navigation: { openConfirmDialog: async () => ({ confirmed: true }) },
  } as unknown as Xrm;
  const language: Language = lcid === 2052 ? 'zh' : 'en';
  followFollowerSync(xrm, form, translator(language), language);
  return record;
}

const shown = (iso: unknown, language: Language) =>
  new Date(String(iso)).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
const action = (record: FormRecord) => record.controlNotifications[`${A.SyncState}:${SYNC_NOTIFICATIONS.action}`];

describe('the follower sync on the account form', { timeout: 60_000 }, () => {
  it('a never-synced account offers Sync followers; the action runs the sync and the form shows the result (English)', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    const record = openForm(await accountRow(), 1033, async (data) => {
      expect(data[A.SyncRequestedOn]).toMatch(/^\d{4}-\d\d-\d\dT/);
      await hintRelay();
      await runSteps();
    });
    expect(record.notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'INFO',
      'Followers: not synced yet. Sync followers copies every follower of this account from WeChat into Dataverse.',
    ]);
    const offered = action(record);
    expect(offered?.notificationLevel).toBe('RECOMMENDATION');
    expect(offered?.messages).toEqual(['Copy every follower of this account from WeChat into Dataverse.']);
    expect(offered?.actions?.[0]?.message).toBe('Sync followers');
    offered?.actions?.[0]?.actions[0]?.();
    expect(record.notifications[SYNC_NOTIFICATIONS.state]?.[1]).toMatch(/^Follower sync requested at .+; waiting for the relay to start it…$/);
    await expect.poll(() => record.notifications[SYNC_NOTIFICATIONS.state]?.[1], { timeout: 10_000 }).toMatch(/^Followers synced on/);
    const row = await accountRow();
    expect(row[A.SyncState]).toBe(FollowerSyncState.Completed);
    expect(record.notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'INFO',
      `Followers synced on ${shown(row[A.SyncCompletedOn], 'en')}: 1,000 followers. Follows and unfollows keep them current, and a full sync runs every night (WeChat shares no nicknames or avatars).`,
    ]);
    expect(action(record)?.actions?.[0]?.message).toBe('Sync followers'); // it can run again
  });

  it('running with its progress, in English and Chinese, without the action', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    await tenant.org.update(OfficialAccount.entitySetName, tenant.bound.officialAccountId, { [A.SyncRequestedOn]: new Date().toISOString() });
    await hintRelay();
    await runSteps(1);
    const row = await accountRow();
    const en = openForm(row, 1033);
    expect(en.notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'INFO',
      `Follower sync running since ${shown(row[A.SyncStartedOn], 'en')}: 10,000 of 12,000 followers written.`,
    ]);
    expect(action(en)).toBeUndefined();
    const zh = openForm(row, 2052);
    expect(zh.notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'INFO',
      `粉丝同步自 ${shown(row[A.SyncStartedOn], 'zh')} 起进行中：已写入 10,000 / 12,000 位粉丝。`,
    ]);
  });

  it('paused by 45009 with the resume time and the reason in each language, offering to continue', async () => {
    h.sim.generateFollowers(DEMO.appid, 12_000);
    h.sim.setQuota('user/get', 1);
    await tenant.org.update(OfficialAccount.entitySetName, tenant.bound.officialAccountId, { [A.SyncRequestedOn]: new Date().toISOString() });
    await hintRelay();
    await runSteps();
    const row = await accountRow();
    expect(row[A.SyncState]).toBe(FollowerSyncState.Paused);
    const resume = String(row[A.SyncResumeOn]);
    const en = openForm(row, 1033);
    expect(en.notifications[SYNC_NOTIFICATIONS.state]?.[0]).toBe('WARNING');
    expect(en.notifications[SYNC_NOTIFICATIONS.state]?.[1]).toBe(
      `Follower sync paused at 10,000 of 12,000 followers; it continues on ${shown(resume, 'en')}. Paused: WeChat's daily quota for the follower APIs is used up (45009); the sync resumes at ${new Date(resume).toISOString()} (midnight Beijing time), or reset the quota.`,
    );
    expect(action(en)?.messages).toEqual(['Continue the paused sync now (for instance after resetting the quota).']);
    const zh = openForm(row, 2052);
    expect(zh.notifications[SYNC_NOTIFICATIONS.state]?.[1]).toBe(
      `粉丝同步已在 10,000 / 12,000 位粉丝处暂停，将于 ${shown(resume, 'zh')} 继续。已暂停：今日粉丝接口调用次数已用完（45009），将于 ${new Date(resume).toISOString()}（北京时间零点）继续，或重置接口调用次数。`,
    );
    expect(action(zh)?.actions?.[0]?.message).toBe('同步粉丝');
  });

  it('failed with WeChat’s refusal in each language', async () => {
    h.sim.generateFollowers(DEMO.appid, 1_000);
    // An authorization without the user-management permission set (2): user/get answers 48001.
    const token = (await authorizerTokens(h.sim, DEMO.appid, [1, 3])).accessToken;
    deps = { ...deps, tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) } };
    await tenant.org.update(OfficialAccount.entitySetName, tenant.bound.officialAccountId, { [A.SyncRequestedOn]: new Date().toISOString() });
    await hintRelay();
    await runSteps();
    const row = await accountRow();
    expect(row[A.SyncState]).toBe(FollowerSyncState.Failed);
    const [enReason, zhReason] = String(row[A.SyncLastError]).split('\n');
    expect(enReason).toMatch(/^WeChat 48001: /);
    expect(zhReason).toMatch(/^微信 48001：/);
    expect(openForm(row, 1033).notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'ERROR',
      `Follower sync failed at 0 of 0 followers: ${enReason} Sync followers again continues from there.`,
    ]);
    expect(openForm(row, 2052).notifications[SYNC_NOTIFICATIONS.state]).toEqual([
      'ERROR',
      `粉丝同步在 0 / 0 位粉丝处失败：${zhReason}再次“同步粉丝”将从该处继续。`,
    ]);
  });
});
