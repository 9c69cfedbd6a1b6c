/**
 * Test world of broadcasts: the WeChat simulator (demo service account, mass send granted, its followers), a Dataverse
 * emulator with the solution's schema (and system views), the org connected through a Signed Service record and bound
 * to the demo account, and the broadcast use cases' dependencies over the real WeChat clients and the real gateway.
 * An "operator" application user acts as a person in Dynamics; hints are made as the relay queues them (no columns).
 */
import { randomUUID } from 'node:crypto';
import { webApiAs, type WebApiClient } from '../dataverse/web-api-as.js';
import { AccountType, Broadcast, EntitySets, Follower, OfficialAccount, schema, Tag, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '../dataverse/org-under-test.js';
import { RecordingLogger } from './fixtures.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import { MemorySignedServiceRegistry } from '../storage/memory/memory-signed-service-registry.js';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../emulators/wechat/testkit/harness.js';
import { withMarketingLists, withSavedQueries } from '../../emulators/dataverse/audience-tables.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import { broadcastTickDeps } from '../../../functions/src/relay/broadcasts/wiring.js';
import type { BroadcastTickDeps } from '../../../functions/src/relay/broadcasts/schedule.js';
import type { DataverseHint } from '../../../functions/src/relay/webhook/hint.js';
import type { WechatEventTask } from '../../../functions/src/relay/envelope.js';

export interface BroadcastWorld {
  h: Harness;
  sim: Harness['sim'];
  dv: DataverseEmulator;
  clock: ManualClock;
  deps: BroadcastTickDeps;
  logger: RecordingLogger;
  accountId: string;
  token: string;
  operator: WebApiClient;
  /** A follower in WeChat (following) and in Dataverse; returns its row id. */
  follower(openid: string, columns?: Record<string, unknown>): Promise<string>;
  /** A tag in WeChat and Dataverse with these followers (row ids and openids). */
  tag(name: string, members: Array<{ id: string; openid: string }>): Promise<string>;
  broadcast(columns: Record<string, unknown>): Promise<string>;
  row(id: string): Record<string, unknown>;
  hint(id: string, message?: 'Create' | 'Update'): DataverseHint;
  /** MASSSENDJOBFINISH pushes the simulator made (decrypted), as wechat-event tasks. */
  massEvents(): WechatEventTask[];
  close(): Promise<void>;
}

export async function startBroadcastWorld(options: { now?: number; serviceType?: number } = {}): Promise<BroadcastWorld> {
  const now = options.now ?? Date.parse('2026-12-04T02:00:00Z');
  const h = await startHarness({ accounts: [{ ...DEMO, ...(options.serviceType !== undefined && { serviceType: options.serviceType }) }] });
  h.clock.t = now;
  const token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  const emulators = new Emulators();
  const relayUser = { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Wechat Marketing Relay', privileges: 'all' as const };
  const dv = await emulators.start({ schema: withMarketingLists(withSavedQueries(schema)), applicationUsers: [relayUser] });
  const accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: options.serviceType === 0 ? AccountType.Subscription : AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
    [OfficialAccount.columns.Permissions]: '1,2,3,7,11',
  });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 7).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(dv);
  const signedServiceId = randomUUID();
  await registry.put({
    organizationId: dv.organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    accounts: [{ appid: DEMO.appid, officialAccountId: accountId }],
    updatedAt: now,
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const clock = new ManualClock(now);
  const logger = new RecordingLogger();
  const deps = broadcastTickDeps({
    registry,
    gateway: gatewayFor(dv),
    secretBox,
    kv: new MemoryKeyValueStore(clock),
    wechatApiBase: h.sim.url,
    authorizerTokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    clock,
    logger,
    callSpacingMs: 0,
    chunkSize: 3,
    authorizers: {
      list: async () => [{ appid: DEMO.appid, originalId: DEMO.originalId, nickName: DEMO.nickName, status: 'authorized', isMiniProgram: false } as never],
    },
  });
  const operatorId = randomUUID();
  dv.addApplicationUser({ clientId: operatorId, name: 'Operator', privileges: 'all' });
  const operator = webApiAs(dv, operatorId);
  const accountBind = { [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})` };

  return {
    h,
    sim: h.sim,
    dv,
    clock,
    deps,
    logger,
    accountId,
    token,
    operator,
    async follower(openid, columns = {}) {
      await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
      return dv.insert(EntitySets.Follower, {
        [Follower.columns.Name]: openid,
        [Follower.columns.OpenId]: openid,
        [Follower.columns.Subscribed]: true,
        ...accountBind,
        ...columns,
      });
    },
    async tag(name, members) {
      const created = await callApi(h.sim, 'tags/create', { access_token: token }, { tag: { name } });
      await callApi(h.sim, 'tags/members/batchtagging', { access_token: token }, { openid_list: members.map((m) => m.openid), tagid: created.tag.id });
      const id = dv.insert(EntitySets.Tag, {
        [Tag.columns.Name]: name,
        [Tag.columns.WechatTagId]: created.tag.id,
        [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
      });
      for (const m of members) {
        await operator.associate({
          collection: EntitySets.Tag,
          primaryKey: id,
          relationshipName: 'wxm_follower_wxm_tag',
          relatedCollection: EntitySets.Follower,
          relatedKey: m.id,
        });
      }
      return id;
    },
    async broadcast(columns) {
      return (await operator.create({
        collection: EntitySets.Broadcast,
        data: {
          [Broadcast.columns.Name]: 'December news',
          [`${Broadcast.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
          ...columns,
        },
      })) as string;
    },
    row(id) {
      return dv.rows(EntitySets.Broadcast).find((r) => r[Broadcast.columns.Id] === id) ?? {};
    },
    hint(id, message = 'Update') {
      return { message, table: Broadcast.logicalName, rowId: id, organizationId: dv.organizationId, attributes: {} };
    },
    massEvents() {
      return h.relay.received
        .filter((p) => p.fields.Event === 'MASSSENDJOBFINISH')
        .map((p) => ({ v: 1, type: 'wechat-event', appid: DEMO.appid, event: 'MASSSENDJOBFINISH', raw: p.decrypted.message, receivedAt: now }));
    },
    async close() {
      await h.close();
      await emulators.closeAll();
    },
  };
}
