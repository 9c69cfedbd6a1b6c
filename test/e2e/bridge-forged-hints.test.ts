/**
 * Issue 8, end to end (relay process + WeChat simulator + two Dataverse emulators): an attacker who holds org B's
 * webhook key (B's admin) forges Update and Delete hints about org A, with B's key, with no key, and with A's org
 * id but B's key; even with A's real key a forged Update carrying a wrong secret changes nothing. Environment
 * URLs outside the allow list are refused before any request: a loopback listener not in the list hears nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, Direction, Message, SignedService } from '@wxm/solution/schema';
import { accountA, accountB, startBridgeWorld, type BridgeWorld, type Org } from '../support/bridge-world.js';
import { eventually } from '../support/eventually.js';
import { listenSsrfTrap, type SsrfTrap } from '../support/ssrf-trap.js';

const S = SignedService.columns;
const M = Message.columns;
let world: BridgeWorld;
let orgA: Org;
let orgB: Org;
let signedA: string;
let signedB: string;
let trap: SsrfTrap;

const row = async (org: Org, id: string) => (await org.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
const statusOf = (r: Record<string, unknown>) => [r[S.ConnectionStatus], r[S.StatusReasonCode], r[S.LastCheckedOn], r[S.StatusReasonEn]];
const contents = async (org: Org) =>
  ((await org.admin.retrieveMultiple({ collection: Message.entitySetName, select: [M.Content] })).value as Record<string, unknown>[]).map((m) => m[M.Content]);

async function connect(org: Org, appid: string, account = accountA): Promise<string> {
  const token = await world.authorize(account, org);
  const id = await world.createSignedService(org, { [S.AppId]: appid, [S.BindingToken]: token });
  await eventually(async () => expect((await row(org, id))[S.ConnectionStatus]).toBe(ConnectionStatus.Connected));
  return id;
}

async function say(appid: string, openid: string, content: string): Promise<void> {
  const [result] = await world.sim.push({ appid, openid, msgType: 'text', content });
  expect([result?.status, result?.body]).toEqual([200, 'success']);
}

async function post(context: Record<string, unknown>, key?: string): Promise<number> {
  const res = await fetch(`${world.relay.url}/api/dataverse/webhook`, {
    method: 'POST',
    headers: key ? { 'x-wxm-webhook-key': key } : {},
    body: JSON.stringify(context),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A RemoteExecutionContext as Dataverse posts it, with the attributes an attacker chooses. */
function forged(message: 'Update' | 'Delete' | 'Create', table: string, rowId: string, organizationId: string, attributes: Record<string, unknown> = {}) {
  return {
    MessageName: message,
    PrimaryEntityName: table,
    PrimaryEntityId: rowId,
    OrganizationId: organizationId,
    InputParameters: [{ key: 'Target', value: { Attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })) } }],
  };
}

/** The queue worker has run everything posted so far (the relay handles tasks in well under this). */
const settle = () => new Promise((r) => setTimeout(r, 2_500));

beforeAll(async () => {
  world = await startBridgeWorld();
  [orgA, orgB] = world.orgs;
  trap = await listenSsrfTrap();
  signedA = await connect(orgA, accountA.appid, accountA);
  signedB = await connect(orgB, accountB.appid, accountB);
}, 180_000);
afterAll(async () => {
  await world?.close();
  await trap?.close();
});

describe("an attacker holding org B's key", () => {
  it('forged Update and Delete hints about org A change nothing in A, and nothing is sent', async () => {
    const before = statusOf(await row(orgA, signedA));
    const sentBefore = world.sim.sent().length;
    const aRequests = orgA.emulator.requestLog().length;
    const keyB = world.webhookKey(orgB.emulator.organizationId);
    const aOrg = orgA.emulator.organizationId;
    const claims = {
      [S.EnvironmentUrl]: orgB.environmentUrl,
      [S.TenantId]: orgB.app.tenantId,
      [S.ClientId]: orgB.app.clientId,
      [S.ClientSecret]: 'attacker-secret',
      [S.AgreementAccepted]: false,
    };
    // A's org id with B's key, and with no key at all: refused before anything is queued.
    for (const message of ['Update', 'Delete'] as const) {
      expect(await post(forged(message, 'wxm_signedservice', signedA, aOrg, claims), keyB)).toBe(401);
      expect(await post(forged(message, 'wxm_signedservice', signedA, aOrg, claims))).toBe(401);
    }
    // B's own org id (so B's key is valid) naming A's row: queued, but B holds no such row and A is never asked.
    expect(
      await post(forged('Update', 'wxm_signedservice', signedA, orgB.emulator.organizationId, { ...claims, [S.EnvironmentUrl]: orgA.environmentUrl }), keyB),
    ).toBe(202);
    expect(await post(forged('Delete', 'wxm_signedservice', signedA, orgB.emulator.organizationId), keyB)).toBe(202);
    // Outbound messages claimed for A: refused (401) or re-read from B, where they do not exist.
    const outbound = { [M.Content]: 'forged reply', [M.Direction]: { Value: Direction.Outbound } };
    expect(await post(forged('Create', 'wxm_message', signedA, aOrg, outbound), keyB)).toBe(401);
    expect(await post(forged('Create', 'wxm_message', signedA, orgB.emulator.organizationId, outbound), keyB)).toBe(202);
    await settle();

    expect(statusOf(await row(orgA, signedA))).toEqual(before);
    // Nothing the relay sent reached org A (the admin's own reads above aside).
    expect(
      orgA.emulator
        .requestLog()
        .slice(aRequests)
        .filter((e) => e.clientId === orgA.app.clientId),
    ).toEqual([]);
    expect(world.sim.sent().length).toBe(sentBefore);
    await say(accountA.appid, 'oForgedA000000000000000000001', 'A still delivers');
    await eventually(async () => expect(await contents(orgA)).toContain('A still delivers'));
    expect(await contents(orgB)).not.toContain('A still delivers');
    expect(statusOf(await row(orgB, signedB))[0]).toBe(ConnectionStatus.Connected);
  });

  it("a forged Update with A's real key but a wrong secret leaves A Connected and delivering", async () => {
    const before = statusOf(await row(orgA, signedA));
    const keyA = world.webhookKey(orgA.emulator.organizationId);
    const attack = {
      [S.ClientSecret]: 'wrong-secret-from-a-forger',
      [S.EnvironmentUrl]: orgB.environmentUrl,
      [S.TenantId]: orgB.app.tenantId,
      [S.AgreementAccepted]: false,
    };
    expect(await post(forged('Update', 'wxm_signedservice', signedA, orgA.emulator.organizationId, attack), keyA)).toBe(202);
    // And a forged Delete for a row that still exists.
    expect(await post(forged('Delete', 'wxm_signedservice', signedA, orgA.emulator.organizationId), keyA)).toBe(202);
    await settle();
    const after = await row(orgA, signedA);
    expect(statusOf(after)).toEqual(before);
    expect(after[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    await say(accountA.appid, 'oForgedA000000000000000000001', 'A after the forged update');
    await eventually(async () => expect(await contents(orgA)).toContain('A after the forged update'));
    const status = await (await fetch(`${world.relay.url}/api/signed-services/${orgA.emulator.organizationId}/${signedA}/status`)).json();
    expect(status).toMatchObject({ state: 'connected', reason: 'connected' });
    expect(world.relay.lines.some((l) => l.includes('wrong-secret-from-a-forger'))).toBe(false);
  });
});

describe('environment URLs outside the allow list', () => {
  it.each([
    ['a loopback port not in the allow list', () => trap.url],
    ['the link-local metadata address', () => 'http://169.254.169.254'],
    ['a storage endpoint', () => 'https://wxmrelay.blob.core.windows.net'],
  ])('%s in a new row: Failed "environment URL not allowed", no request reaches it', async (_what, url) => {
    const id = await world.createSignedService(orgB, { [S.EnvironmentUrl]: url(), [S.AppId]: accountB.appid, [S.BindingToken]: 'x' });
    const status = await eventually(async () => {
      const res = await fetch(`${world.relay.url}/api/signed-services/${orgB.emulator.organizationId}/${id}/status`);
      expect(res.status).toBe(200);
      return (await res.json()) as { state: string; reason: string; en: string; zh: string };
    });
    expect(status).toMatchObject({ state: 'failed', reason: 'environment-not-allowed' });
    expect(status.en).toContain('environment URL not allowed');
    expect(status.zh).toContain('环境地址不被允许');
    expect(trap.connections()).toBe(0);
  });

  it('a connected row changed to such a host: change not applied, still Connected, nothing reaches it', async () => {
    await orgB.admin.update({ collection: SignedService.entitySetName, key: signedB, data: { [S.EnvironmentUrl]: trap.url } });
    const changed = await eventually(async () => {
      const r = await row(orgB, signedB);
      expect(r[S.StatusReasonCode]).toBe('change-not-applied:environment-not-allowed');
      return r;
    });
    expect(changed[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    expect(String(changed[S.StatusReasonZh])).toContain('更改未生效');
    await say(accountB.appid, 'oForgedB000000000000000000001', 'B still delivers');
    await eventually(async () => expect(await contents(orgB)).toContain('B still delivers'));
    expect(trap.connections()).toBe(0);
  });
});
