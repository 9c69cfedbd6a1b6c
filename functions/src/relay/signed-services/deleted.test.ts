/**
 * Delete hints revoke only once the held credentials confirm the row is gone (retrieve → 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedService } from '@wxm/solution/schema';
import { onSignedServiceSaved } from './connect.js';
import { onSignedServiceDeleted } from './deleted.js';
import { createFields, startSignedServiceWorld, type SignedServiceWorld, type TestOrg } from '@wxm/testkit/kit/signed-services/world';

const C = SignedService.columns;
const APP = 'wx00000000000000e5';
let world: SignedServiceWorld;
let orgA: TestOrg;
let orgB: TestOrg;
let signedA: string;

beforeAll(async () => {
  world = await startSignedServiceWorld();
  [orgA, orgB] = world.orgs;
  await world.authorize(APP);
  const fields = { [C.AppId]: APP, [C.BindingToken]: await world.token(APP, orgA) };
  signedA = await world.createRow(orgA, fields);
  await onSignedServiceSaved(world.hint(orgA, 'Create', signedA, createFields(orgA, fields)), world.deps);
}, 30_000);
afterAll(() => world?.close());

describe('Delete hints', () => {
  it('a forged Delete for a row that still exists does nothing', async () => {
    const writes = world.registry.writes;
    expect(await onSignedServiceDeleted(world.hint(orgA, 'Delete', signedA), world.deps)).toBe('ignored');
    expect(world.registry.writes).toBe(writes);
    expect(await world.registry.get(orgA.dv.organizationId, signedA)).toMatchObject({ state: 'connected' });
    expect(await world.registry.bindingOf(APP)).toMatchObject({ signedServiceId: signedA });
  });

  it('a Delete naming the row under another org (whose key the sender holds) finds nothing to revoke', async () => {
    expect(await onSignedServiceDeleted(world.hint(orgB, 'Delete', signedA), world.deps)).toBe('ignored');
    expect(await world.registry.bindingOf(APP)).toMatchObject({ organizationId: orgA.dv.organizationId });
  });

  it('while the org cannot be asked (outage) nothing is revoked; the task is retried', async () => {
    await orgA.admin.delete(SignedService.entitySetName, signedA);
    orgA.dv.setOutage(true);
    await expect(onSignedServiceDeleted(world.hint(orgA, 'Delete', signedA), world.deps)).rejects.toMatchObject({ kind: 'transient' });
    orgA.dv.setOutage(false);
    expect(await world.registry.bindingOf(APP)).toMatchObject({ signedServiceId: signedA });
  });

  it('revokes once the held credentials see the row gone: record and bindings removed', async () => {
    expect(await onSignedServiceDeleted(world.hint(orgA, 'Delete', signedA), world.deps)).toBe('revoked');
    expect(await world.registry.get(orgA.dv.organizationId, signedA)).toBeUndefined();
    expect(await world.registry.bindingOf(APP)).toBeUndefined();
  });
});
