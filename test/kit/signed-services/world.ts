/**
 * Two customer orgs (Dataverse emulators) and the Signed Service use cases wired as the relay wires them:
 * memory storage, the real gateway with an allow list naming exactly the two emulators, real binding tokens and
 * the real secret box. Hints are built the way acceptHint queues them (the secret sealed, only some attributes).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Cloud, SignedService } from '@wxm/solution/schema';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { createDataverseGateway, type BoundedDataverseGateway } from '../../../functions/src/dataverse/gateway.js';
import { Emulators, gatewayFor, originOf } from '../dataverse/org-under-test.js';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import { MemorySignedServiceRegistry } from '../storage/memory/memory-signed-service-registry.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import { BindingTokens } from '../../../functions/src/relay/authorization/binding-tokens.js';
import { memoryWorld, RecordingLogger } from '../relay/fixtures.js';
import type { DataverseHint } from '../../../functions/src/relay/webhook/hint.js';
import { SEALED_SECRET } from '../../../functions/src/relay/webhook/tables.js';
import type { SignedServiceDeps } from '../../../functions/src/relay/signed-services/deps.js';
import { PreConnectStatuses } from '../../../functions/src/relay/signed-services/pre-connect-status.js';
import type { KeyActivationOptions } from '../../emulators/dataverse/keys.js';

const C = SignedService.columns;

export interface TestOrg {
  dv: DataverseEmulator;
  /** The application user the customer hands the relay. */
  app: { tenantId: string; clientId: string; clientSecret: string };
  environmentUrl: string;
  /** The customer's admin (all privileges), through its own gateway. */
  admin: DataverseOrg;
}

/** The memory registry, counting what is written to it (forged hints must write nothing). */
export class CountingRegistry extends MemorySignedServiceRegistry {
  writes = 0;
  override async put(record: Parameters<MemorySignedServiceRegistry['put']>[0]): Promise<void> {
    this.writes++;
    await super.put(record);
  }
  override async bind(appid: string, binding: Parameters<MemorySignedServiceRegistry['bind']>[1]): Promise<void> {
    this.writes++;
    await super.bind(appid, binding);
  }
}

export interface SignedServiceWorld {
  deps: SignedServiceDeps;
  gateway: BoundedDataverseGateway;
  registry: CountingRegistry;
  logger: RecordingLogger;
  orgs: [TestOrg, TestOrg];
  /** Creates a Signed Service row as the admin would (no webhook: the test sends the hint). */
  createRow(org: TestOrg, fields?: Record<string, unknown>): Promise<string>;
  /** The hint Dataverse would post, as acceptHint queues it. */
  hint(org: TestOrg | string, message: DataverseHint['message'], rowId: string, attributes?: Record<string, unknown>): DataverseHint;
  /** Marks an account authorized (as the WeChat authorization flow leaves it). */
  authorize(appid: string): Promise<void>;
  /** A binding token whose grant names `org` (Start To Use opened there). */
  token(appid: string, org: TestOrg | string): Promise<string>;
  close(): Promise<void>;
}

export async function startSignedServiceWorld(options: { cache?: { maxEntries?: number }; keys?: KeyActivationOptions } = {}): Promise<SignedServiceWorld> {
  const emulators = new Emulators();
  const start = async (name: string): Promise<TestOrg> => {
    const tenantId = randomUUID();
    const app = { tenantId, clientId: randomUUID(), clientSecret: randomBytes(18).toString('base64url') };
    const adminUser = { clientId: randomUUID(), tenantId, clientSecret: randomBytes(18).toString('base64url'), name: 'Admin' };
    const dv = await emulators.start({
      org: { tenantId, name },
      applicationUsers: [{ ...app, name: '# Relay' }, adminUser],
      ...(options.keys && { keys: options.keys }),
    });
    const admin = gatewayFor(dv).open({ environmentUrl: dv.url, cloud: 'Global', ...adminUser });
    return { dv, app, environmentUrl: originOf(dv), admin };
  };
  const orgs: [TestOrg, TestOrg] = [await start('contoso'), await start('fabrikam')];
  // One directory for both tenants (as in the bridge tests): org A's fake Entra ID knows org B's application.
  orgs[0].dv.addAadApplication({ clientId: orgs[1].app.clientId, tenantId: orgs[1].app.tenantId, clientSecret: orgs[1].app.clientSecret });
  const { clock, storage } = memoryWorld();
  const logger = new RecordingLogger();
  const kv = new MemoryKeyValueStore(clock);
  const registry = new CountingRegistry();
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const bindingTokens = new BindingTokens(kv, clock);
  const gateway = createDataverseGateway({
    loginBaseOverride: orgs[0].dv.loginBase,
    orgOrigins: { extraOrigins: orgs.map((o) => o.environmentUrl) },
    ...(options.cache && { cache: options.cache }),
  });
  const released: string[] = [];
  const deps: SignedServiceDeps = {
    gateway,
    registry,
    statuses: new PreConnectStatuses(kv, clock),
    secretBox,
    bindingTokens,
    authorizers: storage.authorizers,
    releaseParked: async (appid) => (released.push(appid), 0),
    clock,
    logger,
  };
  const orgId = (org: TestOrg | string) => (typeof org === 'string' ? org : org.dv.organizationId);
  return {
    deps,
    gateway,
    registry,
    logger,
    orgs,
    async createRow(org, fields = {}) {
      return org.admin.create(SignedService.entitySetName, {
        [C.Name]: 'Signed service',
        [C.TenantId]: org.app.tenantId,
        [C.ClientId]: org.app.clientId,
        [C.ClientSecret]: org.app.clientSecret,
        [C.EnvironmentUrl]: org.environmentUrl,
        [C.Cloud]: Cloud.Global,
        [C.AgreementAccepted]: true,
        ...fields,
      });
    },
    hint(org, message, rowId, attributes = {}) {
      const keep = [C.EnvironmentUrl, C.TenantId, C.ClientId, C.Cloud, 'wxm_officialaccountid'];
      const picked: Record<string, unknown> = Object.fromEntries(Object.entries(attributes).filter(([k]) => keep.includes(k)));
      const secret = attributes[C.ClientSecret];
      if (typeof secret === 'string' && secret) picked[SEALED_SECRET] = secretBox.seal(secret);
      return { message, table: SignedService.logicalName, rowId: rowId.toLowerCase(), organizationId: orgId(org).toLowerCase(), attributes: picked };
    },
    async authorize(appid) {
      await storage.authorizers.put({
        appid,
        originalId: `gh_${appid.slice(-12)}`,
        nickName: `Account ${appid}`,
        serviceType: 2,
        verifyType: 0,
        isMiniProgram: false,
        funcScopes: [1, 2],
        status: 'authorized',
        authorizedAt: clock.now(),
        updatedAt: clock.now(),
      });
    },
    token: (appid, org) => bindingTokens.issue({ authorizerAppid: appid, orgUrl: typeof org === 'string' ? org : org.environmentUrl }),
    close: () => emulators.closeAll(),
  };
}

/** The fields a full Create hint carries for a row created with `createRow` defaults. */
export function createFields(org: TestOrg, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [C.TenantId]: org.app.tenantId,
    [C.ClientId]: org.app.clientId,
    [C.ClientSecret]: org.app.clientSecret,
    [C.EnvironmentUrl]: org.environmentUrl,
    [C.Cloud]: Cloud.Global,
    ...fields,
  };
}
