/** The same contract for the Table registry (on Azurite) and the memory one. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedServiceRecord, SignedServiceRegistry } from '../../relay/ports/signed-services.js';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { tableClient } from './connection.js';
import { TableSignedServiceRegistry } from './table-signed-service-registry.js';

const ORG = '9A8B7C6D-0000-4000-8000-000000000001';
const record = (id: string, extra: Partial<SignedServiceRecord> = {}): SignedServiceRecord => ({
  organizationId: ORG,
  signedServiceId: id,
  state: 'connected',
  reason: 'connected',
  environmentUrl: 'https://contoso.crm.dynamics.com',
  cloud: 'Global',
  tenantId: 't',
  clientId: 'c',
  sealedSecret: 'v1.sealed',
  authorizerAppid: 'wx0000000000000001',
  updatedAt: 1,
  ...extra,
});

const implementations: Array<[string, () => Promise<SignedServiceRegistry>]> = [
  ['memory', async () => new MemorySignedServiceRegistry()],
  [
    'azure table',
    async () => {
      const table = tableClient(azuriteConnectionString(), `${uniqueNamePrefix('ss')}SignedServices`);
      await table.createTable();
      return new TableSignedServiceRegistry(table);
    },
  ],
];

describe.each(implementations)('SignedServiceRegistry (%s)', (_name, create) => {
  let registry: SignedServiceRegistry;
  beforeAll(async () => {
    registry = await create();
  });

  it('stores records per org, case-insensitively by id, and lists them', async () => {
    await registry.put(record('AAAA0000-0000-4000-8000-000000000001'));
    await registry.put(record('aaaa0000-0000-4000-8000-000000000002', { state: 'failed', reason: 'invalid-secret', sealedSecret: undefined }));
    expect(await registry.get(ORG.toLowerCase(), 'aaaa0000-0000-4000-8000-000000000001')).toMatchObject({ state: 'connected', sealedSecret: 'v1.sealed' });
    expect((await registry.listForOrg(ORG)).map((r) => r.reason).sort()).toEqual(['connected', 'invalid-secret']);
    expect(await registry.listForOrg('00000000-0000-4000-8000-00000000000f')).toEqual([]);
    expect((await registry.findConnectedByHost('contoso.crm.dynamics.com')).map((r) => r.signedServiceId)).toEqual(['aaaa0000-0000-4000-8000-000000000001']);
    expect(await registry.findConnectedByHost('fabrikam.crm.dynamics.cn')).toEqual([]);
    await registry.delete(ORG, 'aaaa0000-0000-4000-8000-000000000002');
    expect(await registry.get(ORG, 'aaaa0000-0000-4000-8000-000000000002')).toBeUndefined();
  });

  it('moves a binding and unbinds only the binding it was told', async () => {
    const a = { organizationId: ORG, signedServiceId: 'aaaa0000-0000-4000-8000-000000000001' };
    const b = { organizationId: 'bbbb0000-0000-4000-8000-000000000000', signedServiceId: 'bbbb0000-0000-4000-8000-000000000001' };
    await registry.bind('wx00000000000000b1', a);
    await registry.bind('wx00000000000000b1', { ...b, officialAccountId: 'cccc0000-0000-4000-8000-000000000001' });
    await registry.unbind('wx00000000000000b1', a);
    expect(await registry.bindingOf('wx00000000000000b1')).toEqual({ ...b, officialAccountId: 'cccc0000-0000-4000-8000-000000000001' });
    await registry.unbind('wx00000000000000b1', b);
    expect(await registry.bindingOf('wx00000000000000b1')).toBeUndefined();
  });
});
