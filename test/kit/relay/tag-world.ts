/**
 * Test world of the tags part: the WeChat simulator (demo account, user management granted), a Dataverse emulator
 * with the solution's schema plus system views (and marketing lists unless told otherwise), the org connected
 * through a Signed Service record and bound to the demo account, and the tag use cases' dependencies over the real
 * WeChat client and the real gateway. An "operator" application user acts as a person in Dynamics would; every
 * webhook Dataverse posts for wxm_tag and the follower–tag pairings is collected as the relay would receive it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApiAs, type WebApiClient } from '../dataverse/web-api-as.js';
import { AccountType, EntitySets, OfficialAccount, schema, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '../dataverse/org-under-test.js';
import { RecordingLogger } from './fixtures.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import { MemorySignedServiceRegistry } from '../storage/memory/memory-signed-service-registry.js';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../emulators/wechat/testkit/harness.js';
import { withMarketingLists, withoutMarketingLists, withSavedQueries } from '../../emulators/dataverse/audience-tables.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { createWechatApiClient } from '../../../functions/src/wechat/api/client.js';
import { createTagsApi } from '../../../functions/src/wechat/official-account/tags.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import type { TagDeps } from '../../../functions/src/relay/tags/tag-deps.js';

export const TAG_WORLD_NOW = Date.parse('2026-12-03T08:00:00Z');

export interface TagWorld {
  sim: Harness['sim'];
  dv: DataverseEmulator;
  deps: TagDeps;
  logger: RecordingLogger;
  accountId: string;
  /** The demo account's authorizer token the relay uses (asking the simulator for another would revoke it). */
  token: string;
  /** Web API as an operator in Dynamics (another application user than the relay's). */
  operator: WebApiClient;
  /** Webhook bodies Dataverse posted since the last take (after its deliveries are idle). */
  takeWebhooks(): Promise<string[]>;
  close(): Promise<void>;
}

/** `shippedRelayRole`: the relay's user holds the solution's Wechat Marketing Relay role (as the sandbox and a real org), not all privileges. */
export async function startTagWorld(options: { marketingLists?: boolean; shippedRelayRole?: boolean } = {}): Promise<TagWorld> {
  const h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3])).accessToken;
  const emulators = new Emulators();
  const base = withSavedQueries(schema);
  const admin = { clientId: randomUUID(), name: 'Admin', privileges: 'all' as const };
  const relayUser = {
    clientId: randomUUID(),
    clientSecret: randomUUID(),
    name: '# Wechat Marketing Relay',
    ...(options.shippedRelayRole
      ? { roles: ['Wechat Marketing Relay'], fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'] }
      : { privileges: 'all' as const }),
  };
  const dv = await emulators.start({
    schema: options.marketingLists === false ? withoutMarketingLists(base) : withMarketingLists(base),
    applicationUsers: [relayUser, admin],
  });
  const accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
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
    updatedAt: TAG_WORLD_NOW,
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const clock = new ManualClock(TAG_WORLD_NOW);
  const logger = new RecordingLogger();
  const deps: TagDeps = {
    registry,
    gateway: gatewayFor(dv),
    secretBox,
    wechat: { api: createTagsApi(createWechatApiClient({ baseUrl: h.sim.url })), token: () => ({ get: async () => token, invalidate: async () => undefined }) },
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger,
  };

  const operatorId = randomUUID();
  dv.addApplicationUser({ clientId: operatorId, name: 'Operator', privileges: 'all' });
  const operator = webApiAs(dv, operatorId);

  const bodies: string[] = [];
  const hook: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(raw);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  await registerSteps(dv, admin.clientId, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/dataverse/webhook`);

  return {
    sim: h.sim,
    dv,
    deps,
    logger,
    accountId,
    token,
    operator,
    async takeWebhooks() {
      await dv.webhooksIdle();
      return bodies.splice(0);
    },
    async close() {
      await h.close();
      await emulators.closeAll();
      await new Promise((resolve) => hook.close(resolve));
    },
  };
}

/** The tag steps as solution/webhooks registers them: Create/Update/Delete of wxm_tag, Associate/Disassociate. */
async function registerSteps(dv: DataverseEmulator, adminClientId: string, url: string): Promise<void> {
  const api = webApiAs(dv, adminClientId);
  const endpoint = (await api.create({ collection: 'serviceendpoints', data: { name: 'relay', contract: 8, messageformat: 2, url } })) as string;
  const messageId = async (name: string) =>
    (await api.retrieveMultiple<{ sdkmessageid: string }>({ collection: 'sdkmessages', select: ['sdkmessageid'], filter: `name eq '${name}'` })).value[0]!
      .sdkmessageid;
  const filterId = async (message: string) =>
    (
      await api.retrieveMultiple<{ sdkmessagefilterid: string }>({
        collection: 'sdkmessagefilters',
        select: ['sdkmessagefilterid'],
        filter: `primaryobjecttypecode eq 'wxm_tag' and _sdkmessageid_value eq ${await messageId(message)}`,
      })
    ).value[0]?.sdkmessagefilterid;
  const step = async (message: string, filtering?: string) => {
    const filter = message === 'Associate' || message === 'Disassociate' ? undefined : await filterId(message);
    await api.create({
      collection: 'sdkmessageprocessingsteps',
      data: {
        name: `relay ${message}`,
        stage: 40,
        mode: 1,
        rank: 1,
        supporteddeployment: 0,
        'sdkmessageid@odata.bind': `/sdkmessages(${await messageId(message)})`,
        ...(filter && { 'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter})` }),
        'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint})`,
        ...(filtering && { filteringattributes: filtering }),
      },
    });
  };
  await step('Create');
  await step('Update', 'wxm_name,wxm_audiencelistid,wxm_audienceviewid');
  await step('Delete');
  await step('Associate');
  await step('Disassociate');
}
