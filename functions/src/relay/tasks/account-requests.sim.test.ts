/**
 * The account table has one Update step for every request its form stamps (Check quota, Sync followers, Sync
 * templates, Remove account). One save may stamp several (a bulk edit, a flow, two buttons before saving): the
 * relay-tasks worker must run each of them, not stop at the first. Against the WeChat simulator and the emulator.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { StaticBindings } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { MemoryTokenStore } from '@wxm/testkit/kit/storage/memory/memory-token-store';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';
import { createQuotaApi } from '../../wechat/official-account/quota.js';
import type { QuotaDeps } from '../accounts/quota-hint.js';
import type { RelayTask } from '../envelope.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { FollowerSyncDeps } from '../followers/sync-deps.js';
import type { RemovalDeps } from '../lifecycle/remove-account.js';
import { handleRelayTask, type TaskDeps } from './handle-task.js';

const A = OfficialAccount.columns;
const T0 = Date.UTC(2026, 11, 4, 2);

let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let queue: MemoryQueue<RelayTask>;
let taskDeps: TaskDeps;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const clock = new ManualClock(T0);
  const logger = new RecordingLogger();
  queue = new MemoryQueue('relay-tasks');
  const token = (await authorizerTokens(h.sim)).accessToken;
  const source = { get: async () => token, invalidate: async () => undefined };
  const client = createWechatApiClient({ baseUrl: h.sim.url });
  const quotaApi = createQuotaApi(client);
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const creds = credentialsFor(tenant.dv);
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  const registry = new MemorySignedServiceRegistry();
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
    authorizerAppid: DEMO.appid,
    officialAccountId,
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: T0,
  });
  await registry.bind(DEMO.appid, { organizationId, signedServiceId, officialAccountId });
  const quota: QuotaDeps = {
    gateway: gatewayFor(tenant.dv),
    registry,
    secretBox,
    quota: { getQuota: (_appid, path) => quotaApi.getQuota(source, path), clearQuota: (appid) => quotaApi.clearQuota(source, appid) },
    clock,
    logger,
  };
  const bindings = new StaticBindings();
  bindings.accounts.set(DEMO.appid, tenant.bound);
  const authorizers = new MemoryAuthorizerRegistry();
  await authorizers.put({ ...DEMO, isMiniProgram: false, funcScopes: [1, 2, 3], status: 'authorized', authorizedAt: T0, updatedAt: T0 });
  const followers: FollowerSyncDeps = {
    bindings,
    registry,
    authorizers,
    users: createFollowerUsersApi(client),
    tokens: { forAuthorizer: () => source },
    kv: new MemoryKeyValueStore(clock),
    tasks: queue,
    clock,
    logger,
  };
  // Remove account reads the row too (and finds nothing asked); nothing it would delete is touched.
  const lifecycle: RemovalDeps = {
    gateway: quota.gateway,
    registry,
    secretBox,
    authorizers,
    tokens: new MemoryTokenStore({ secretBox }),
    kv: followers.kv,
    tasks: queue,
    now: () => clock.now(),
    logger,
  };
  // Only the routes an account Update reaches are wired.
  taskDeps = { quota, followers, lifecycle, logger } as unknown as TaskDeps;
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

it('one save that asks for a quota check and a follower sync gets both', async () => {
  const now = new Date(T0).toISOString();
  await tenant.org.update(OfficialAccount.entitySetName, tenant.bound.officialAccountId, { [A.QuotaRequestedOn]: now, [A.SyncRequestedOn]: now });
  const hint: DataverseHint = {
    message: 'Update',
    table: OfficialAccount.logicalName,
    rowId: tenant.bound.officialAccountId,
    organizationId: tenant.bound.organizationId,
    attributes: {},
  };

  expect(await handleRelayTask({ v: 1, type: 'dataverse-hint', hint }, taskDeps)).toBe('done');

  const row = (await tenant.org.retrieve(OfficialAccount.entitySetName, tenant.bound.officialAccountId))!;
  expect(Date.parse(String(row[A.QuotaCheckedOn]))).toBe(T0);
  expect(String(row[A.QuotaReport])).toContain('/cgi-bin/user/get');
  // The follower sync started: its first page is on the queue.
  expect(queue.drain().map((t) => t.type)).toEqual(['follower-sync-step']);
});
