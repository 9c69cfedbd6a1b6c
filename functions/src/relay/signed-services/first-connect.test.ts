/**
 * A Signed Service the relay never connected: the hint is a claim, believed only once the gateway accepts the
 * host, WhoAmI answers the hint's org and the re-read row agrees; until WhoAmI succeeded nothing is registered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { onSignedServiceSaved } from './connect.js';
import { signedServiceStatusView } from './status-view.js';
import { createFields, startSignedServiceWorld, type SignedServiceWorld, type TestOrg } from '@wxm/testkit/kit/signed-services/world';
import { listenSsrfTrap, type SsrfTrap } from '../../../../test/support/ssrf-trap.js';

const C = SignedService.columns;
let world: SignedServiceWorld;
let orgA: TestOrg;
let orgB: TestOrg;
let trap: SsrfTrap;

beforeAll(async () => {
  world = await startSignedServiceWorld();
  [orgA, orgB] = world.orgs;
  trap = await listenSsrfTrap();
}, 30_000);
afterAll(async () => {
  await world?.close();
  await trap?.close();
});

const row = async (org: TestOrg, id: string) => (await org.admin.retrieve(SignedService.entitySetName, id)) ?? {};
const status = (org: TestOrg | string, id: string) =>
  signedServiceStatusView(typeof org === 'string' ? org : org.dv.organizationId, id, { registry: world.registry, statuses: world.deps.statuses });

async function create(org: TestOrg, fields: Record<string, unknown>): Promise<string> {
  const id = await world.createRow(org, fields);
  await onSignedServiceSaved(world.hint(org, 'Create', id, createFields(org, fields)), world.deps);
  return id;
}

describe('first connection', () => {
  it('connects with a binding token naming this org: secret sealed, row Connected, secret and token blanked', async () => {
    await world.authorize('wx00000000000000a1');
    const token = await world.token('wx00000000000000a1', orgA);
    const id = await create(orgA, { [C.AppId]: 'wx00000000000000a1', [C.BindingToken]: token });
    const record = await world.registry.get(orgA.dv.organizationId, id);
    expect(record).toMatchObject({
      state: 'connected',
      reason: 'connected',
      environmentUrl: orgA.environmentUrl,
      clientId: orgA.app.clientId,
      authorizerAppid: 'wx00000000000000a1',
    });
    expect(world.deps.secretBox.open(record?.sealedSecret ?? '')).toBe(orgA.app.clientSecret);
    const saved = await row(orgA, id);
    expect([saved[C.ConnectionStatus], saved[C.StatusReasonCode], saved[C.ClientSecret] ?? null, saved[C.BindingToken] ?? null]).toEqual([
      ConnectionStatus.Connected,
      'connected',
      null,
      null,
    ]);
    expect(orgA.dv.rows(OfficialAccount.entitySetName).map((r) => r[OfficialAccount.columns.AppId])).toEqual(['wx00000000000000a1']);
    expect(await world.registry.bindingOf('wx00000000000000a1')).toMatchObject({ organizationId: orgA.dv.organizationId, signedServiceId: id });
  });

  it.each([
    ['loopback without the setting', () => trap.url],
    ['the link-local metadata address', () => 'http://169.254.169.254'],
    ['a storage endpoint', () => 'https://relaystore.blob.core.windows.net'],
    ['http', () => 'http://contoso.crm.dynamics.com'],
    ['a port', () => 'https://contoso.crm.dynamics.com:8443'],
    ['an IP literal', () => 'https://10.20.30.40'],
  ])('refuses %s: Failed "environment URL not allowed", nothing registered, nothing sent', async (_what, url) => {
    const before = orgA.dv.aadRequestLog().length;
    const id = await create(orgA, { [C.EnvironmentUrl]: url(), [C.AppId]: 'wx00000000000000a1', [C.BindingToken]: 'x' });
    expect(await world.registry.get(orgA.dv.organizationId, id)).toBeUndefined();
    const view = await status(orgA, id);
    expect(view).toMatchObject({ state: 'failed', reason: 'environment-not-allowed' });
    expect(view?.en).toContain('environment URL not allowed');
    expect(view?.zh).toContain('环境地址不被允许');
    expect(orgA.dv.aadRequestLog().length).toBe(before);
    expect(trap.connections()).toBe(0);
  });

  it('stores nothing when WhoAmI answers another org than the hint names', async () => {
    // Org B's real credentials and URL, in a hint that claims to come from org A (whose key the sender holds).
    const id = await world.createRow(orgB);
    const record = await onSignedServiceSaved(world.hint(orgA, 'Create', id, createFields(orgB)), world.deps);
    expect(record).toBeUndefined();
    expect(await world.registry.listForOrg(orgA.dv.organizationId)).toHaveLength(1);
    expect(await world.registry.get(orgA.dv.organizationId, id)).toBeUndefined();
    expect(await status(orgA, id)).toMatchObject({ state: 'failed', reason: 'environment-mismatch' });
    expect((await row(orgB, id))[C.ConnectionStatus] ?? null).toBeNull();
  });

  it('stores nothing when the re-read row does not carry the URL, tenant and client id the hint claimed', async () => {
    const other = randomUUID();
    orgA.dv.addApplicationUser({ clientId: other, tenantId: orgA.app.tenantId, clientSecret: 'other-secret-1', name: 'Other' });
    const id = await world.createRow(orgA);
    // Working credentials of another app user of the same org, claimed for a row that names the relay's app.
    const record = await onSignedServiceSaved(
      world.hint(orgA, 'Create', id, createFields(orgA, { [C.ClientId]: other, [C.ClientSecret]: 'other-secret-1' })),
      world.deps,
    );
    expect(record).toBeUndefined();
    expect(await world.registry.get(orgA.dv.organizationId, id)).toBeUndefined();
    expect(await status(orgA, id)).toBeUndefined();
    expect(world.logger.text()).toContain('signed service hint does not match its row; ignored');
  });

  it('a wrong secret fails before WhoAmI: only a short-lived status, no registry row', async () => {
    const id = await create(orgA, { [C.ClientSecret]: 'not-the-secret', [C.AppId]: 'wx00000000000000a1', [C.BindingToken]: 'x' });
    expect(await world.registry.get(orgA.dv.organizationId, id)).toBeUndefined();
    expect(await status(orgA, id)).toMatchObject({ state: 'failed', reason: 'invalid-secret' });
    expect(world.logger.text()).not.toContain('not-the-secret');
  });

  it.each([
    ['names another org', async () => world.token('wx00000000000000b2', orgB)],
    ['has no orgUrl', async () => world.deps.bindingTokens.issue({ authorizerAppid: 'wx00000000000000b2' } as never)],
    ['belongs to another account', async () => world.token('wx00000000000000a1', orgA)],
  ])('refuses a binding token that %s', async (_what, token) => {
    await world.authorize('wx00000000000000b2');
    const id = await create(orgA, { [C.AppId]: 'wx00000000000000b2', [C.BindingToken]: await token() });
    expect(await world.registry.get(orgA.dv.organizationId, id)).toMatchObject({ state: 'failed', reason: 'binding-token-invalid' });
    expect((await row(orgA, id))[C.ConnectionStatus]).toBe(ConnectionStatus.Failed);
    expect(await world.registry.bindingOf('wx00000000000000b2')).toBeUndefined();
  });

  it('a binding token is used up: the second row that carries it binds nothing', async () => {
    await world.authorize('wx00000000000000c3');
    const token = await world.token('wx00000000000000c3', orgB);
    const first = await create(orgB, { [C.AppId]: 'wx00000000000000c3', [C.BindingToken]: token });
    expect((await world.registry.get(orgB.dv.organizationId, first))?.state).toBe('connected');
    const second = await create(orgB, { [C.AppId]: 'wx00000000000000c3', [C.BindingToken]: token });
    expect(await world.registry.get(orgB.dv.organizationId, second)).toMatchObject({ state: 'failed', reason: 'binding-token-invalid' });
    expect(await world.registry.bindingOf('wx00000000000000c3')).toMatchObject({ signedServiceId: first });
  });
});

describe('hints for invented orgs', () => {
  it('3,000 hints naming invented orgs register nothing and leave the gateway caches at their ceiling', async () => {
    const limited = await startSignedServiceWorld({ cache: { maxEntries: 100 } });
    try {
      for (let i = 0; i < 3_000; i++) {
        const fields = {
          [C.EnvironmentUrl]: `https://invented${i}.crm.dynamics.com`,
          [C.TenantId]: randomUUID(),
          [C.ClientId]: randomUUID(),
          [C.ClientSecret]: `s${i}`,
        };
        await onSignedServiceSaved(limited.hint(randomUUID(), 'Create', randomUUID(), fields), limited.deps);
      }
      expect(limited.registry.writes).toBe(0);
      expect(limited.gateway.cacheSizes()).toEqual({ orgs: 100, pacers: 100, tokenClients: 100 });
    } finally {
      await limited.close();
    }
  }, 120_000);
});
