/**
 * Removing an account from Dynamics, against the Dataverse emulator and the test kit's storage: the relay re-reads
 * the row, removes its own state of the account (binding, authorizer record, token, checkpoints), deletes the
 * account's rows in resumable steps when asked, and deletes or marks the row; another account in the same org is
 * never touched, a repeated hint does nothing twice, and a Delete straight from a view removes the relay state only
 * once the row is really gone.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStatus, DailyStat, EntitySets, Follower, Message, OfficialAccount, QrCode, Tag } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemoryParkedDeliveries } from '@wxm/testkit/kit/storage/memory/memory-parked-deliveries';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { envelopeOf, event } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { MemoryTokenStore } from '@wxm/testkit/kit/storage/memory/memory-token-store';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { authorizerTokenKey } from '../../wechat/tokens/authorizer-access-token.js';
import type { RelayTask } from '../envelope.js';
import { handleRelayTask } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import type { AuthorizerRecord } from '../ports/storage.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onAccountRowDeleted } from './account-deleted.js';
import { accountStateKeys } from './relay-state.js';
import { onRemovalRequested, runRemovalStep, type RemovalDeps } from './remove-account.js';

const A = 'wxa11ceacc0un7a1b2';
const B = 'wxb0bacc0un7b2c3d4';
const T0 = Date.UTC(2026, 11, 3, 10);
const C = OfficialAccount.columns;
let emulators: Emulators;
let tenant: Tenant;
let accountA: string;
let accountB: string;
let deps: RemovalDeps;
let tasks: MemoryQueue<RelayTask>;
let registry: MemorySignedServiceRegistry;
let authorizers: MemoryAuthorizerRegistry;
let tokens: MemoryTokenStore;
let kv: MemoryKeyValueStore;
let parked: MemoryParkedDeliveries;

const ref = (id: string) => `/${EntitySets.OfficialAccount}(${id})`;
const record = (appid: string): AuthorizerRecord => ({
  appid,
  originalId: 'gh_000000000000',
  nickName: appid,
  serviceType: 2,
  verifyType: 0,
  isMiniProgram: false,
  funcScopes: [1, 2, 3],
  status: 'authorized',
  authorizedAt: T0,
  updatedAt: T0,
});

/** An account's rows: followers with their messages, tags, QR codes and daily statistics. */
function seed(accountId: string, n: { followers: number; tags: number; codes: number; stats: number }): void {
  const dv = tenant.dv;
  for (let i = 0; i < n.followers; i++) {
    const follower = dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: `o${accountId.slice(0, 8)}${i}`,
      [Follower.columns.Name]: `f${i}`,
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: ref(accountId),
    });
    dv.insert(EntitySets.Message, {
      [Message.columns.Name]: `m${i}`,
      [`${Message.navigation.OfficialAccountId}@odata.bind`]: ref(accountId),
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
    });
  }
  for (let i = 0; i < n.tags; i++)
    dv.insert(EntitySets.Tag, { [Tag.columns.Name]: `t${i}`, [`${Tag.navigation.OfficialAccountId}@odata.bind`]: ref(accountId) });
  for (let i = 0; i < n.codes; i++)
    dv.insert(EntitySets.QrCode, { [QrCode.columns.Name]: `q${i}`, [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: ref(accountId) });
  for (let i = 0; i < n.stats; i++)
    dv.insert(EntitySets.DailyStat, {
      [DailyStat.columns.Name]: `s${i}`,
      [DailyStat.columns.Day]: `2026-11-0${i + 1}`,
      [DailyStat.columns.UserSource]: -1,
      [`${DailyStat.navigation.OfficialAccountId}@odata.bind`]: ref(accountId),
    });
}

function countOf(accountId: string): Record<string, number> {
  const of = (set: string) => tenant.dv.rows(set).filter((r) => r['_wxm_officialaccountid_value'] === accountId).length;
  return {
    followers: of(EntitySets.Follower),
    messages: of(EntitySets.Message),
    tags: of(EntitySets.Tag),
    qrCodes: of(EntitySets.QrCode),
    dailyStats: of(EntitySets.DailyStat),
  };
}

/**
 * A Delete from a view: Dataverse refuses it while followers, codes and the rest point at the account (their lookups
 * are Restrict), so the admin deletes those first (the Remove account action does exactly that, in this order).
 */
async function deleteFromView(accountId: string): Promise<void> {
  await expect(tenant.org.delete(EntitySets.OfficialAccount, accountId)).rejects.toMatchObject({ status: 405, code: '0x80040227' });
  for (const table of [Message, Follower, QrCode, Tag, DailyStat]) {
    for (const row of tenant.dv.rows(table.entitySetName).filter((r) => r['_wxm_officialaccountid_value'] === accountId)) {
      await tenant.org.delete(table.entitySetName, String(row[`${table.logicalName}id`]));
    }
  }
  await tenant.org.delete(EntitySets.OfficialAccount, accountId);
}

beforeEach(async () => {
  emulators = new Emulators();
  tenant = await startTenant(emulators, A);
  accountA = tenant.bound.officialAccountId;
  accountB = tenant.dv.insert(EntitySets.OfficialAccount, { [C.AppId]: B, [C.Name]: 'B', [C.AccountStatus]: AccountStatus.Authorized });
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const creds = credentialsFor(tenant.dv);
  const { organizationId, signedServiceId } = tenant.bound;
  registry = new MemorySignedServiceRegistry();
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: 'Global',
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    authorizerAppid: A,
    officialAccountId: accountA,
    accounts: [
      { appid: A, officialAccountId: accountA },
      { appid: B, officialAccountId: accountB },
    ],
    updatedAt: T0,
  });
  await registry.bind(A, { organizationId, signedServiceId, officialAccountId: accountA });
  await registry.bind(B, { organizationId, signedServiceId, officialAccountId: accountB });
  authorizers = new MemoryAuthorizerRegistry();
  await authorizers.put(record(A));
  await authorizers.put(record(B));
  tokens = new MemoryTokenStore({ secretBox });
  await tokens.put(authorizerTokenKey(A), { value: 'token-a', expiresAt: T0 + 7_200_000 });
  await tokens.put(authorizerTokenKey(B), { value: 'token-b', expiresAt: T0 + 7_200_000 });
  kv = new MemoryKeyValueStore(new ManualClock(T0));
  for (const key of [...accountStateKeys(A), ...accountStateKeys(B)]) await kv.put(key, '{"page":"x"}');
  parked = new MemoryParkedDeliveries();
  for (const appid of [A, B]) await parked.park(envelopeOf(event('subscribe'), appid));
  tasks = new MemoryQueue<RelayTask>('relay-tasks');
  deps = {
    gateway: gatewayFor(tenant.dv),
    registry,
    secretBox,
    authorizers,
    tokens,
    kv,
    parked,
    tasks,
    now: () => T0,
    logger: new RecordingLogger(),
    budget: 40,
  };
  seed(accountA, { followers: 30, tags: 3, codes: 2, stats: 4 });
  seed(accountB, { followers: 5, tags: 1, codes: 1, stats: 2 });
});
afterEach(() => emulators.closeAll());

const updateHint = (rowId = accountA): DataverseHint => ({
  message: 'Update',
  table: OfficialAccount.logicalName,
  rowId,
  organizationId: tenant.bound.organizationId,
  attributes: {}, // the queue keeps no request columns: the row is re-read
});

async function ask(removeData: boolean, at = '2026-12-03T10:00:00Z'): Promise<void> {
  await tenant.org.update(EntitySets.OfficialAccount, accountA, { [C.RemovalRequestedOn]: at, [C.RemoveData]: removeData });
}

/** Runs the queued steps as the relay-tasks worker would. */
async function drainSteps(): Promise<string[]> {
  const outcomes: string[] = [];
  for (let task = tasks.take(); task; task = tasks.take()) {
    if (task.type !== 'account-removal-step') throw new Error(`unexpected task ${task.type}`);
    outcomes.push(await runRemovalStep(task.organizationId, task.accountId, deps));
  }
  return outcomes;
}

async function expectRelayStateOf(appid: string, present: boolean): Promise<void> {
  expect(Boolean(await registry.bindingOf(appid))).toBe(present);
  expect((await authorizers.get(appid))?.status).toBe(present ? 'authorized' : 'unauthorized');
  const token = await tokens.get(authorizerTokenKey(appid));
  expect(token !== undefined && token.expiresAt > T0).toBe(present);
  for (const key of accountStateKeys(appid)) expect(await kv.get(key)).toBe(present ? '{"page":"x"}' : undefined);
  expect((await parked.peek(appid)).length).toBe(present ? 1 : 0);
}

describe('remove an account', () => {
  it('with its data: relay state first, rows in steps of the budget, then the account row; account B untouched', async () => {
    await ask(true);
    expect(await onRemovalRequested(updateHint(), deps)).toBe('more');
    await expectRelayStateOf(A, false);
    expect(countOf(accountA)).toEqual({ followers: 30, messages: 30, tags: 3, qrCodes: 2, dailyStats: 4 });
    // 69 rows at 40 a step: messages 30 + followers 10, then followers 20 + tags 3 + codes 2 + stats 4, then the row.
    const states: string[] = [];
    for (let task = tasks.take(); task; task = tasks.take()) {
      if (task.type !== 'account-removal-step') throw new Error('unexpected task');
      const outcome = await runRemovalStep(task.organizationId, task.accountId, deps);
      const row = await tenant.org.retrieve(EntitySets.OfficialAccount, accountA, [C.RemovalState]);
      states.push(`${outcome}: ${String(row?.[C.RemovalState] ?? '(row deleted)').split('\n')[0]}`);
    }
    expect(states).toEqual([
      'more: Removing: the relay no longer serves this account; deleted so far: 30 messages, 10 followers.',
      'more: Removing: the relay no longer serves this account; deleted so far: 30 messages, 30 followers, 2 QR codes, 3 tags, 4 daily statistics.',
      'removed: (row deleted)',
    ]);
    expect(countOf(accountA)).toEqual({ followers: 0, messages: 0, tags: 0, qrCodes: 0, dailyStats: 0 });
    expect(await tenant.org.retrieve(EntitySets.OfficialAccount, accountA)).toBeUndefined();
    expect(countOf(accountB)).toEqual({ followers: 5, messages: 5, tags: 1, qrCodes: 1, dailyStats: 2 });
    await expectRelayStateOf(B, true);
  });

  it('keeping the data: the row is marked Unauthorized with the date, nothing is deleted, in both languages', async () => {
    await ask(false);
    expect(await onRemovalRequested(updateHint(), deps)).toBe('more');
    expect(await drainSteps()).toEqual(['kept']);
    const row = await tenant.org.retrieve(EntitySets.OfficialAccount, accountA);
    expect(row?.[C.AccountStatus]).toBe(AccountStatus.Unauthorized);
    expect(row?.[C.RemovalDoneOn]).toBe('2026-12-03T10:00:00Z');
    expect(String(row?.[C.RemovalState])).toBe(
      'Removed from the relay on 2026-12-03T10:00:00.000Z; its data in Dataverse was kept. To use the account again, authorize it again from Start To Use.\n已于 2026-12-03T10:00:00.000Z 从中继服务移除；其在 Dataverse 中的数据已保留。如需再次使用，请从“开始使用”重新授权。',
    );
    expect(countOf(accountA)).toEqual({ followers: 30, messages: 30, tags: 3, qrCodes: 2, dailyStats: 4 });
    await expectRelayStateOf(A, false);
    await expectRelayStateOf(B, true);
    // Handled: the same request again (a repeated hint, a second instance) does nothing.
    expect(await onRemovalRequested(updateHint(), deps)).toBe('skipped');
    expect(await tasks.depth()).toBe(0);
  });

  it('a hint whose row asks for nothing, or one for a row of another org, does nothing', async () => {
    expect(await onRemovalRequested(updateHint(), deps)).toBe('skipped');
    expect(await onRemovalRequested({ ...updateHint(), organizationId: '00000000-0000-4000-8000-000000000000' }, deps)).toBe('skipped');
    await expectRelayStateOf(A, true);
    expect(await tasks.depth()).toBe(0);
  });

  it('a crash in the middle resumes from the remembered step without deleting anything of B', async () => {
    await ask(true);
    await onRemovalRequested(updateHint(), deps);
    const [first] = tasks.drain();
    const failing = { ...deps, gateway: { open: () => Object.create(tenant.org, { submit: { value: () => Promise.reject(new Error('instance died')) } }) } };
    await expect(runRemovalStep(tenant.bound.organizationId, accountA, failing)).rejects.toThrow('instance died');
    expect(String((await tenant.org.retrieve(EntitySets.OfficialAccount, accountA))?.[C.RemovalState])).toMatch(/^Removal paused: instance died/);
    await tasks.enqueue(first!); // the queue retries the step
    expect(await drainSteps()).toEqual(['more', 'more', 'removed']);
    expect(countOf(accountA)).toEqual({ followers: 0, messages: 0, tags: 0, qrCodes: 0, dailyStats: 0 });
    expect(countOf(accountB)).toEqual({ followers: 5, messages: 5, tags: 1, qrCodes: 1, dailyStats: 2 });
  });
});

describe('an account row deleted from a view', () => {
  const deleteHint = (): DataverseHint => ({
    message: 'Delete',
    table: OfficialAccount.logicalName,
    rowId: accountB,
    organizationId: tenant.bound.organizationId,
    attributes: {},
  });

  it('removes the relay state once the row is gone, and ignores a Delete for a row that exists', async () => {
    expect(await onAccountRowDeleted(deleteHint(), deps)).toBe('ignored');
    await expectRelayStateOf(B, true);
    await deleteFromView(accountB);
    expect(await onAccountRowDeleted(deleteHint(), deps)).toBe('removed');
    await expectRelayStateOf(B, false);
    await expectRelayStateOf(A, true);
  });
});

describe('the relay-tasks worker', () => {
  it('routes the Update hint, the queued steps and a Delete of the account row here', async () => {
    // Only the routes an account hint can reach are wired: quota (finds nothing asked) and the lifecycle.
    const quota = { gateway: deps.gateway, registry, secretBox: deps.secretBox, quota: {} as never, clock: new ManualClock(T0), logger: deps.logger };
    const taskDeps = { lifecycle: deps, quota, logger: deps.logger } as unknown as Parameters<typeof handleRelayTask>[1];
    await ask(false);
    expect(await handleRelayTask({ v: 1, type: 'dataverse-hint', hint: updateHint() }, taskDeps)).toBe('done');
    const [next] = tasks.drain();
    expect(next).toEqual({ v: 1, type: 'account-removal-step', organizationId: tenant.bound.organizationId, accountId: accountA });
    expect(await handleRelayTask(next!, taskDeps)).toBe('done');
    expect((await tenant.org.retrieve(EntitySets.OfficialAccount, accountA))?.[C.AccountStatus]).toBe(AccountStatus.Unauthorized);
    await deleteFromView(accountB);
    const deleted: DataverseHint = {
      message: 'Delete',
      table: OfficialAccount.logicalName,
      rowId: accountB,
      organizationId: tenant.bound.organizationId,
      attributes: {},
    };
    expect(await handleRelayTask({ v: 1, type: 'dataverse-hint', hint: deleted }, taskDeps)).toBe('done');
    await expectRelayStateOf(B, false);
  });
});

describe('the webhook route', () => {
  it('queues a Delete of an account row (with the org key) and nothing of its attributes', async () => {
    const webhookKeys = new WebhookKeys(randomBytes(32));
    const queue = new MemoryQueue<RelayTask>('relay-tasks');
    const body = JSON.stringify({
      MessageName: 'Delete',
      PrimaryEntityName: OfficialAccount.logicalName,
      PrimaryEntityId: accountB,
      OrganizationId: tenant.bound.organizationId,
      InputParameters: [
        {
          key: 'Target',
          value: { __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts', Id: accountB, LogicalName: 'wxm_officialaccount' },
        },
      ],
    });
    const accept = { tasks: queue, secretBox: deps.secretBox, webhookKeys, logger: new RecordingLogger() };
    expect(await acceptHint(body, webhookKeys.keyFor(tenant.bound.organizationId), accept)).toBe('queued');
    expect(queue.drain()).toEqual([
      {
        v: 1,
        type: 'dataverse-hint',
        hint: { message: 'Delete', table: OfficialAccount.logicalName, rowId: accountB, organizationId: tenant.bound.organizationId, attributes: {} },
      },
    ]);
  });
});
