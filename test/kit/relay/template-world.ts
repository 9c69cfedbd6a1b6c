/**
 * The world the template tests run in: the WeChat simulator (templates over HTTP through the real client) and the
 * Dataverse emulator (the real gateway, the org reached through the Signed Service registry), one connected
 * verified service account, and helpers that make rows as a form, a view or Power Automate would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { webApiAs, type WebApiClient } from '../dataverse/web-api-as.js';
import { AccountType, EntitySets, Follower, OfficialAccount, Template, TemplateMessage, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '../dataverse/org-under-test.js';
import { RecordingLogger } from './fixtures.js';
import { bindingTestSchema } from './binding-world.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import { MemorySignedServiceRegistry } from '../storage/memory/memory-signed-service-registry.js';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { createWechatApiClient } from '../../../functions/src/wechat/api/client.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import type { WechatEventTask } from '../../../functions/src/relay/envelope.js';
import { registryOrgs } from '../../../functions/src/relay/signed-services/org-of-hint.js';
import type { DataverseHint } from '../../../functions/src/relay/webhook/hint.js';
import type { TemplateDeps } from '../../../functions/src/relay/templates/deps.js';
import { templateWechat } from '../../../functions/src/relay/templates/wechat-adapter.js';

export const NOW = Date.parse('2026-12-04T08:00:00Z');
export const OPENID = 'oTemplateFollower00000000001';

export interface World {
  h: Harness;
  dv: DataverseEmulator;
  accountId: string;
  deps: TemplateDeps;
  logger: RecordingLogger;
  registry: MemorySignedServiceRegistry;
  secretBox: AesGcmSecretBox;
  hint(table: string, rowId: string, message?: DataverseHint['message']): DataverseHint;
  /** A row as stored, by entity set and id (the emulator's view, without ETags). */
  row(entitySet: string, id: string): Record<string, unknown>;
  follower(openid?: string, fields?: Record<string, unknown>): Promise<string>;
  template(fields?: Record<string, unknown>): string;
  message(fields: Record<string, unknown>): string;
  /** With `shippedRoles`: the Web API as a user holding only the Wechat Marketing Operator role. */
  operator?: WebApiClient;
  /** The TEMPLATESENDJOBFINISH pushes the simulator made, as delivery forwards them. */
  jobEvents(): WechatEventTask[];
  close(): Promise<void>;
}

/** `shippedRoles`: the relay's user holds the solution's Wechat Marketing Relay role (as in a real org), and an operator user holds the Operator role. */
export async function startWorld(
  emulators: Emulators,
  options: { service?: boolean; permissions?: string; dailyQuota?: number; shippedRoles?: boolean } = {},
): Promise<World> {
  const h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid, [1, 2, 7])).accessToken;
  const relayUser = {
    clientId: randomUUID(),
    clientSecret: randomUUID(),
    name: '# Wechat Marketing Relay',
    roles: ['Wechat Marketing Relay'],
    fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'],
  };
  const dv = await emulators.start({
    schema: bindingTestSchema,
    ...(options.shippedRoles && { applicationUsers: [relayUser, { clientId: randomUUID(), name: 'Admin', privileges: 'all' as const }] }),
  });
  let operator: WebApiClient | undefined;
  if (options.shippedRoles) {
    const operatorId = randomUUID();
    dv.addApplicationUser({ clientId: operatorId, name: 'Operator', roles: ['Wechat Marketing Operator'] });
    operator = webApiAs(dv, operatorId);
  }
  const accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: options.service === false ? AccountType.Subscription : AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
    [OfficialAccount.columns.Permissions]: options.permissions ?? '1,2,7',
  });
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
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
    updatedAt: NOW,
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const clock = new ManualClock(NOW);
  const logger = new RecordingLogger();
  const deps: TemplateDeps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    orgOfAppid: async (appid) => (await registry.bindingOf(appid))?.organizationId,
    wechat: templateWechat(createWechatApiClient({ baseUrl: h.sim.url }), {
      forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }),
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger,
    ...(options.dailyQuota !== undefined && { dailyQuota: options.dailyQuota }),
  };
  const bindAccount = { [`${Template.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})` };
  return {
    h,
    dv,
    accountId,
    deps,
    logger,
    registry,
    secretBox,
    ...(operator && { operator }),
    hint: (table, rowId, message = 'Create') => ({ message, table, rowId, organizationId: dv.organizationId, attributes: {} }),
    row: (entitySet, id) => dv.rows(entitySet).find((r) => r[`${entitySet.replace(/s$/, '')}id`] === id) ?? {},
    async follower(openid = OPENID, fields = {}) {
      await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
      return dv.insert(EntitySets.Follower, {
        [Follower.columns.OpenId]: openid,
        [Follower.columns.Subscribed]: true,
        [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
        ...fields,
      });
    },
    template: (fields = {}) => dv.insert(EntitySets.Template, { [Template.columns.Name]: 'Template', ...bindAccount, ...fields }),
    message: (fields) => dv.insert(TemplateMessage.entitySetName, { [TemplateMessage.columns.Name]: 'Case resolved', ...fields }),
    jobEvents: () =>
      h.sim
        .pushes(DEMO.appid)
        .filter((p) => p.plaintext.includes('TEMPLATESENDJOBFINISH'))
        .map((p) => ({ v: 1, type: 'wechat-event', appid: DEMO.appid, event: 'TEMPLATESENDJOBFINISH', raw: p.plaintext, receivedAt: NOW })),
    close: () => h.close(),
  };
}
