/**
 * Right after the solution is imported, Dataverse is still building the alternate keys (0x8006088F until they
 * are Active). A Signed Service saved in that window must still connect, and saving it again must not make a
 * second account row. Failed before: the account-row upsert by the appid key threw, the task was retried
 * until poison and the Signed Service never connected.
 * https://learn.microsoft.com/power-apps/developer/data-platform/define-alternate-keys-entity
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { onSignedServiceSaved } from './connect.js';
import { createFields, startSignedServiceWorld, type SignedServiceWorld, type TestOrg } from '@wxm/testkit/kit/signed-services/world';

const C = SignedService.columns;
const APP = 'wx00000000000000c1';
let world: SignedServiceWorld;
let org: TestOrg;

beforeAll(async () => {
  world = await startSignedServiceWorld({ keys: { activationDelayMs: 10 * 60_000 } });
  [org] = world.orgs;
}, 60_000);
afterAll(() => world?.close());

describe('alternate keys still pending after an import', () => {
  it('connects and writes one account row, found by a query while the appid key is pending; a second save keeps it one', async () => {
    await world.authorize(APP);
    const token = await world.token(APP, org);
    const fields = { [C.AppId]: APP, [C.BindingToken]: token };
    const id = await world.createRow(org, fields);
    await onSignedServiceSaved(world.hint(org, 'Create', id, createFields(org, fields)), world.deps);
    expect(Object.values(org.dv.keyStatus())).toContain('Pending');

    const saved = ((await org.admin.retrieve(SignedService.entitySetName, id)) ?? {}) as Record<string, unknown>;
    expect(saved[C.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    const accounts = () => org.dv.rows(OfficialAccount.entitySetName).map((r) => r[OfficialAccount.columns.AppId]);
    expect(accounts()).toEqual([APP]);

    await onSignedServiceSaved(world.hint(org, 'Update', id, {}), world.deps);
    expect(accounts()).toEqual([APP]);
    expect((await world.registry.get(org.dv.organizationId, id))?.state).toBe('connected');
  });
});
