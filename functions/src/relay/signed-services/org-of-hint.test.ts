/**
 * The org of a hint: opened with the relay's own (sealed) credentials of a connected Signed Service, the appid of an
 * account row only through the registry's binding naming this org, the relay's user asked of WhoAmI once.
 * Over the Dataverse emulator and the real gateway.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';
import { openOrgOfHint, registryOrgs, type OrgOfHintDeps } from './org-of-hint.js';

const APPID = 'wx0123456789abcdef';
let emulators: Emulators;
let dv: DataverseEmulator;
let deps: OrgOfHintDeps;
let registry: MemorySignedServiceRegistry;
let accountId: string;
let connected: SignedServiceRecord;

beforeEach(async () => {
  emulators = new Emulators();
  dv = await emulators.start();
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: APPID, [OfficialAccount.columns.Name]: 'Demo' });
  registry = new MemorySignedServiceRegistry();
  deps = { registry, gateway: gatewayFor(dv), secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')) };
  connected = await connectOrg(registry, dv, deps.secretBox, [{ appid: APPID, officialAccountId: accountId }]);
});
afterEach(async () => emulators.closeAll());

describe('openOrgOfHint', () => {
  it('opens the org with the relay credentials and reads its rows; the appid of its account row is the bound one', async () => {
    const access = (await openOrgOfHint(dv.organizationId, deps))!;
    expect(access.organizationId).toBe(dv.organizationId);
    const row = await access.org.retrieve(EntitySets.OfficialAccount, accountId, [OfficialAccount.columns.Name]);
    expect(row?.[OfficialAccount.columns.Name]).toBe('Demo');
    expect(await access.appidOf(accountId)).toBe(APPID);
    expect(await access.appidOf(randomUUID())).toBeUndefined();
    // The directory the use cases take opens the same org.
    expect(await (await registryOrgs(deps).open(dv.organizationId))!.appidOf(accountId)).toBe(APPID);
  });

  it('opens nothing for an org without a connected Signed Service, or one whose record holds no secret', async () => {
    expect(await openOrgOfHint(randomUUID(), deps)).toBeUndefined();
    await registry.put({ ...connected, state: 'revoked', reason: 'revoked' });
    expect(await openOrgOfHint(dv.organizationId, deps)).toBeUndefined();
    await registry.put({ ...connected, sealedSecret: undefined });
    expect(await openOrgOfHint(dv.organizationId, deps)).toBeUndefined();
    expect(dv.requestLog()).toEqual([]);
  });

  it('skips a connected record it cannot sign in with and opens the next one of the org', async () => {
    // The record without a secret comes first in the org's list.
    await registry.delete(connected.organizationId, connected.signedServiceId);
    await registry.put({ ...connected, signedServiceId: randomUUID(), sealedSecret: undefined, accounts: [] });
    await registry.put(connected);
    expect((await registry.listForOrg(dv.organizationId)).map((r) => r.sealedSecret !== undefined)).toEqual([false, true]);
    const access = await openOrgOfHint(dv.organizationId, deps);
    expect(await access?.appidOf(accountId)).toBe(APPID);
  });

  it('finds no appid for an account the registry binds to another org, even though this org record lists it', async () => {
    await registry.bind(APPID, { organizationId: randomUUID(), signedServiceId: randomUUID(), officialAccountId: accountId });
    expect(await (await openOrgOfHint(dv.organizationId, deps))!.appidOf(accountId)).toBeUndefined();
    await registry.unbind(APPID, (await registry.bindingOf(APPID))!);
    expect(await (await openOrgOfHint(dv.organizationId, deps))!.appidOf(accountId)).toBeUndefined();
  });

  it('knows the relay application user (lower case) and asks WhoAmI once per org', async () => {
    const whoAmIs = () => dv.requestLog().filter((r) => r.path.includes('WhoAmI')).length;
    const first = await (await openOrgOfHint(dv.organizationId, deps))!.relayUserId();
    const second = await (await openOrgOfHint(dv.organizationId, deps))!.relayUserId();
    expect(first).toBe(dv.defaultUser.systemUserId.toLowerCase());
    expect(second).toBe(first);
    expect(whoAmIs()).toBe(1);
  });
});
