/**
 * Delivery against the Dataverse emulator through the real gateway (dynamics-web-api for single requests, its own
 * multipart `$batch`): one emulator per customer org, the account row seeded as the Signed Service binding left it.
 */
import { randomUUID } from 'node:crypto';
import { AccountStatus, EntitySets, OfficialAccount, schema } from '@wxm/solution/schema';
import type { SchemaModel } from '../../../solution/src/model.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { credentialsFor, Emulators, gatewayFor } from '../dataverse/org-under-test.js';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import type { DataverseGatewayOptions } from '../../../functions/src/dataverse/gateway.js';
import type { BoundAccount } from '../../../functions/src/relay/ports/bindings.js';
import type { DeliverInboundDeps } from '../../../functions/src/relay/delivery/deliver-inbound.js';
import { DeliveryMemory } from '../../../functions/src/relay/delivery/org-memory.js';
import { RecordingLogger } from '../relay/fixtures.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import { MemoryParkedDeliveries } from '../storage/memory/memory-parked-deliveries.js';
import { FakeMedia, FakeProfiles, StaticBindings, T0 } from './inbound-fixtures.js';

/** The solution's schema plus a Contact column an admin could choose as the match column. */
export const schemaWithContactMatch: SchemaModel = {
  ...schema,
  tables: {
    ...schema.tables,
    contact: {
      logicalName: 'contact',
      schemaName: 'Contact',
      entitySetName: 'contacts',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      ownership: 'UserOwned',
      columns: { new_wechatid: { logicalName: 'new_wechatid', schemaName: 'new_WeChatId', type: 'string', maxLength: 64, required: 'none' } },
      alternateKeys: [],
    },
  },
} as SchemaModel;

export interface Tenant {
  dv: DataverseEmulator;
  org: DataverseOrg;
  bound: BoundAccount;
}

export async function startTenant(
  emulators: Emulators,
  appid: string,
  options: { latencyMs?: number; contactMatchColumn?: string; wrap?: (org: DataverseOrg) => DataverseOrg; gateway?: DataverseGatewayOptions } = {},
): Promise<Tenant> {
  const dv = await emulators.start({ schema: schemaWithContactMatch, ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }) });
  const gatewayOrg = gatewayFor(dv, { maxConcurrentPerOrg: 8, ...options.gateway }).open(credentialsFor(dv));
  const org = options.wrap ? options.wrap(gatewayOrg) : gatewayOrg;
  const officialAccountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: appid,
    [OfficialAccount.columns.Name]: `Account ${appid}`,
    [OfficialAccount.columns.AccountStatus]: AccountStatus.Authorized,
  });
  return {
    dv,
    org,
    bound: {
      authorizerAppid: appid,
      org,
      organizationId: dv.organizationId,
      signedServiceId: randomUUID(),
      officialAccountId,
      ...(options.contactMatchColumn && { contactMatchColumn: options.contactMatchColumn }),
    },
  };
}

export type TestDeliveryDeps = DeliverInboundDeps & { media: FakeMedia; profiles: FakeProfiles; logger: RecordingLogger };

/** Delivery's dependencies for these tenants: their bindings, fakes for WeChat's media and profiles, a clock 5 s after T0. */
export function deliveryDeps(tenants: Tenant[], extra: Partial<DeliverInboundDeps> = {}): TestDeliveryDeps {
  const bindings = new StaticBindings();
  for (const t of tenants) bindings.accounts.set(t.bound.authorizerAppid, t.bound);
  return {
    bindings,
    parked: new MemoryParkedDeliveries(),
    media: new FakeMedia(),
    profiles: new FakeProfiles(),
    memory: new DeliveryMemory(),
    clock: new ManualClock(T0 * 1000 + 5000),
    logger: new RecordingLogger(),
    ...extra,
  } as TestDeliveryDeps;
}
