/**
 * Hints about a connected Signed Service are only hints: the row is re-read with the held credentials, values
 * come from the row, and a change that fails leaves the connection exactly as it was ("change not applied").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStatus, ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { onSignedServiceSaved } from './connect.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';
import { createFields, startSignedServiceWorld, type SignedServiceWorld, type TestOrg } from '@wxm/testkit/kit/signed-services/world';
import { listenSsrfTrap, type SsrfTrap } from '../../../../test/support/ssrf-trap.js';

const C = SignedService.columns;
const APP_A = 'wx0000000000000aa1';
let world: SignedServiceWorld;
let orgA: TestOrg;
let orgB: TestOrg;
let signedA: string;
let trap: SsrfTrap;

beforeAll(async () => {
  world = await startSignedServiceWorld();
  [orgA, orgB] = world.orgs;
  trap = await listenSsrfTrap();
  await world.authorize(APP_A);
  signedA = await connect(orgA, APP_A);
}, 30_000);
afterAll(async () => {
  await world?.close();
  await trap?.close();
});

async function connect(org: TestOrg, appid: string): Promise<string> {
  const fields = { [C.AppId]: appid, [C.BindingToken]: await world.token(appid, org) };
  const id = await world.createRow(org, fields);
  const record = await onSignedServiceSaved(world.hint(org, 'Create', id, createFields(org, fields)), world.deps);
  expect(record?.state).toBe('connected');
  return id;
}

const row = async (org: TestOrg, id: string) => (await org.admin.retrieve(SignedService.entitySetName, id)) ?? {};
const record = async (org: TestOrg, id: string) => (await world.registry.get(org.dv.organizationId, id)) as SignedServiceRecord;
/** What must not change: the binding, the held secret, Connected. */
async function connection(org: TestOrg, id: string, appid: string) {
  const r = await record(org, id);
  return { state: r.state, secret: world.deps.secretBox.open(r.sealedSecret ?? ''), url: r.environmentUrl, binding: await world.registry.bindingOf(appid) };
}
const update = (org: TestOrg, id: string, data: Record<string, unknown>) => org.admin.update(SignedService.entitySetName, id, data);
const saved = (org: TestOrg, id: string, attributes: Record<string, unknown>) => onSignedServiceSaved(world.hint(org, 'Update', id, attributes), world.deps);

describe('forged Update hints', () => {
  it('a wrong secret (and URL, tenant and client id of another org) changes nothing: the held credentials re-read the row', async () => {
    const before = await connection(orgA, signedA, APP_A);
    const statusBefore = await row(orgA, signedA);
    const bRequests = orgB.dv.requestLog().length;
    const aadBefore = orgA.dv.aadRequestLog().length;
    await saved(orgA, signedA, { ...createFields(orgB), [C.ClientSecret]: 'forged-wrong-secret' });
    await saved(orgA, signedA, { [C.ClientSecret]: 'forged-wrong-secret' });
    expect(await connection(orgA, signedA, APP_A)).toEqual(before);
    const after = await row(orgA, signedA);
    expect([after[C.ConnectionStatus], after[C.StatusReasonCode], after[C.LastCheckedOn]]).toEqual([
      ConnectionStatus.Connected,
      'connected',
      statusBefore[C.LastCheckedOn],
    ]);
    // Nothing went to org B, and no token was asked for with the forged secret's client (only the held one).
    expect(orgB.dv.requestLog().length).toBe(bRequests);
    expect(
      orgA.dv
        .aadRequestLog()
        .slice(aadBefore)
        .every((e) => e.clientId === orgA.app.clientId && e.status === 200),
    ).toBe(true);
    expect(world.logger.text()).not.toContain('forged-wrong-secret');
  });
});

describe('changes the admin saves in the row', () => {
  it('a rotated secret that works replaces the held one, is blanked in the row, and stays Connected', async () => {
    orgA.dv.addAadApplication({ clientId: orgA.app.clientId, tenantId: orgA.app.tenantId, clientSecret: 'rotated-secret-2' });
    await update(orgA, signedA, { [C.ClientSecret]: 'rotated-secret-2' });
    await saved(orgA, signedA, { [C.ClientSecret]: 'rotated-secret-2' });
    expect(await connection(orgA, signedA, APP_A)).toMatchObject({ state: 'connected', secret: 'rotated-secret-2' });
    const after = await row(orgA, signedA);
    expect([after[C.ConnectionStatus], after[C.StatusReasonCode], after[C.ClientSecret] ?? null]).toEqual([ConnectionStatus.Connected, 'connected', null]);
  });

  it('a rotated secret that fails: binding, held secret and Connected stay; the row says "change not applied" in both languages', async () => {
    const before = await connection(orgA, signedA, APP_A);
    await update(orgA, signedA, { [C.ClientSecret]: 'typo-secret-3' });
    await saved(orgA, signedA, { [C.ClientSecret]: 'typo-secret-3' });
    expect(await connection(orgA, signedA, APP_A)).toEqual(before);
    const after = await row(orgA, signedA);
    expect([after[C.ConnectionStatus], after[C.StatusReasonCode]]).toEqual([ConnectionStatus.Connected, 'change-not-applied:invalid-secret']);
    expect(String(after[C.StatusReasonEn])).toMatch(
      /^Change not applied: The client secret is wrong or expired\..*keeps working with the credentials saved before\.$/,
    );
    expect(String(after[C.StatusReasonZh])).toMatch(/^更改未生效：客户端密码错误或已过期。.*连接继续使用之前保存的凭据。$/);
    expect(await record(orgA, signedA)).toMatchObject({ state: 'connected', reason: 'change-not-applied', changeReason: 'invalid-secret' });
    // Saving again (or a repeated hint) tries the row again: the same answer, still nothing changed.
    await saved(orgA, signedA, {});
    expect(await connection(orgA, signedA, APP_A)).toEqual(before);
    expect((await row(orgA, signedA))[C.StatusReasonCode]).toBe('change-not-applied:invalid-secret');
    // Clearing the typo settles it: Connected, as it was all along.
    await update(orgA, signedA, { [C.ClientSecret]: null });
    await saved(orgA, signedA, { [C.ClientSecret]: null });
    expect((await row(orgA, signedA))[C.StatusReasonCode]).toBe('connected');
    expect(await record(orgA, signedA)).toMatchObject({ state: 'connected', reason: 'connected' });
  });

  it('an environment URL outside the allow list is not tried: change not applied, nothing reaches it', async () => {
    const before = await connection(orgA, signedA, APP_A);
    const port = trap.port;
    for (const url of [`http://127.0.0.1:${port}`, 'http://169.254.169.254', 'https://relaystore.queue.core.windows.net']) {
      await update(orgA, signedA, { [C.EnvironmentUrl]: url });
      await saved(orgA, signedA, { [C.EnvironmentUrl]: url });
      expect(await connection(orgA, signedA, APP_A)).toEqual(before);
      const after = await row(orgA, signedA);
      expect([after[C.ConnectionStatus], after[C.StatusReasonCode]]).toEqual([ConnectionStatus.Connected, 'change-not-applied:environment-not-allowed']);
      expect(String(after[C.StatusReasonEn])).toContain('environment URL not allowed');
    }
    expect(trap.connections()).toBe(0);
    await update(orgA, signedA, { [C.EnvironmentUrl]: orgA.environmentUrl });
    await saved(orgA, signedA, { [C.EnvironmentUrl]: orgA.environmentUrl });
    expect((await row(orgA, signedA))[C.StatusReasonCode]).toBe('connected');
  });

  it("another org's URL with the held secret: WhoAmI answers another org, change not applied", async () => {
    const before = await connection(orgA, signedA, APP_A);
    await update(orgA, signedA, { [C.EnvironmentUrl]: orgB.environmentUrl });
    await saved(orgA, signedA, {});
    expect(await connection(orgA, signedA, APP_A)).toEqual(before);
    expect((await row(orgA, signedA))[C.StatusReasonCode]).toMatch(/^change-not-applied:(environment-mismatch|app-user-missing)$/);
    await update(orgA, signedA, { [C.EnvironmentUrl]: orgA.environmentUrl });
    await saved(orgA, signedA, {});
  });
});

describe('accounts', () => {
  it('a second account joins through the connected row (appid + token naming this org); the first stays bound', async () => {
    await world.authorize('wx0000000000000cc3');
    await update(orgA, signedA, { [C.AppId]: 'wx0000000000000cc3', [C.BindingToken]: await world.token('wx0000000000000cc3', orgA) });
    await saved(orgA, signedA, {});
    const r = await record(orgA, signedA);
    expect(r.accounts?.map((a) => a.appid)).toEqual([APP_A, 'wx0000000000000cc3']);
    for (const appid of [APP_A, 'wx0000000000000cc3'])
      expect(await world.registry.bindingOf(appid)).toMatchObject({ organizationId: orgA.dv.organizationId, signedServiceId: signedA });
    const after = await row(orgA, signedA);
    expect([after[C.StatusReasonCode], after[C.BindingToken] ?? null]).toEqual(['connected', null]);
  });

  it('a token for another org, or one already used, binds nothing: change not applied', async () => {
    await world.authorize('wx0000000000000dd4');
    const forB = await world.token('wx0000000000000dd4', orgB);
    await update(orgA, signedA, { [C.AppId]: 'wx0000000000000dd4', [C.BindingToken]: forB });
    await saved(orgA, signedA, {});
    expect(await world.registry.bindingOf('wx0000000000000dd4')).toBeUndefined();
    expect((await row(orgA, signedA))[C.StatusReasonCode]).toBe('change-not-applied:binding-token-invalid');
    const token = await world.token('wx0000000000000dd4', orgA);
    await world.deps.bindingTokens.redeem(token);
    await update(orgA, signedA, { [C.BindingToken]: token });
    await saved(orgA, signedA, {});
    expect(await world.registry.bindingOf('wx0000000000000dd4')).toBeUndefined();
    expect((await record(orgA, signedA)).accounts?.map((a) => a.appid)).toEqual([APP_A, 'wx0000000000000cc3']);
  });

  it("moves an account to org B only with B's token; A's account row says it was moved, in both languages", async () => {
    const oldAccountId = (await world.registry.bindingOf('wx0000000000000cc3'))?.officialAccountId;
    // A token issued in org A does not move the account into org B.
    const fields = { [C.AppId]: 'wx0000000000000cc3', [C.BindingToken]: await world.token('wx0000000000000cc3', orgA) };
    const refused = await world.createRow(orgB, fields);
    await onSignedServiceSaved(world.hint(orgB, 'Create', refused, createFields(orgB, fields)), world.deps);
    expect(await world.registry.bindingOf('wx0000000000000cc3')).toMatchObject({ organizationId: orgA.dv.organizationId });

    const signedB = await connect(orgB, 'wx0000000000000cc3');
    expect(await world.registry.bindingOf('wx0000000000000cc3')).toMatchObject({ organizationId: orgB.dv.organizationId, signedServiceId: signedB });
    expect((await record(orgA, signedA)).accounts?.map((a) => a.appid)).toEqual([APP_A]);
    expect(await world.registry.bindingOf(APP_A)).toMatchObject({ organizationId: orgA.dv.organizationId });
    const moved = orgA.dv.rows(OfficialAccount.entitySetName).find((r) => r[OfficialAccount.columns.Id] === oldAccountId) ?? {};
    expect(moved[OfficialAccount.columns.AccountStatus]).toBe(AccountStatus.Unauthorized);
    expect(String(moved[OfficialAccount.columns.LastDeliveryError])).toMatch(/^Moved \(revoked here\): .+\n已迁移（此处已撤销）：.+$/s);
  });
});

describe('revoking', () => {
  it('the agreement unticked in the row revokes: row Revoked, every binding through it removed', async () => {
    await update(orgA, signedA, { [C.AgreementAccepted]: false });
    await saved(orgA, signedA, { [C.AgreementAccepted]: false });
    expect(await record(orgA, signedA)).toMatchObject({ state: 'revoked', reason: 'revoked' });
    expect((await record(orgA, signedA)).sealedSecret).toBeUndefined();
    expect(await world.registry.bindingOf(APP_A)).toBeUndefined();
    expect((await row(orgA, signedA))[C.ConnectionStatus]).toBe(ConnectionStatus.Revoked);
  });
});
