/**
 * Bind WeChat as an Operator (issue 10 item 6), in Chromium over the Dataverse emulator with the signed-in user's own
 * session holding the shipped Wechat Marketing Operator role (and, for customers, a sales role of the org's own with
 * contacts): the page creates the binding code, sees it, and the production relay use case (relay/qrcodes, as the
 * Wechat Marketing Relay application user, against the WeChat simulator) makes it because it is a binding code of the
 * user's own WeChat or of a customer; the scan binds (production bindByScan); the binding is the Operator's, so they
 * remove it; a binding made by a colleague is refused with words, not a code (English and Chinese). Writes
 * docs/screenshots/binding-operator-zh.png.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountType, Binding, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose, RowSyncState, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import { bindByScan } from '../../../functions/src/relay/delivery/binding-scan.js';
import { bindingRow, qrProof } from '../../../functions/src/relay/binding/people.js';
import { onQrCodeSaved, type QrCodeDeps } from '../../../functions/src/relay/qrcodes/create-code.js';
import { registryOrgs } from '../../../functions/src/relay/qrcodes/org-access.js';
import { qrCodeWechat } from '../../../functions/src/relay/qrcodes/wechat-adapter.js';
import { createWechatApiClient } from '../../../functions/src/wechat/api/client.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { loadShippedSecurity } from '../../emulators/dataverse/security/shipped.js';
import { authorizerTokens, DEMO, startHarness as startSimulator, type Harness as Simulator } from '../../emulators/wechat/testkit/harness.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './support/harness-server.js';
import { serveBindingShell, shellUrl } from './binding-shell.js';

const Q = QrCode.columns;
const WAIT = { timeout: 10_000 };
const SALES = {
  id: 'test_sales',
  name: 'Salesperson',
  description: { 1033: 'Sales', 2052: '销售' },
  tables: [],
  other: [
    { privilege: 'prvReadContact', depth: 'Global' as const },
    { privilege: 'prvAppendToContact', depth: 'Global' as const },
  ],
};
const users = {
  relay: { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'] },
  operator: { clientId: randomUUID(), name: 'Wang Fang', roles: ['Wechat Marketing Operator', 'Salesperson'] },
  colleague: { clientId: randomUUID(), name: 'Zhao Lei', roles: ['Wechat Marketing Operator', 'Salesperson'] },
};
const ids = {} as Record<keyof typeof users, string>;
const emulators = new Emulators();
let sim: Simulator;
let dv: DataverseEmulator;
let org: DataverseOrg;
let harness: Harness;
let browser: Browser;
let deps: QrCodeDeps;
/** How long the relay's fetch of a code's PNG takes (ms): the row is Synced with WeChat's image URL meanwhile. */
let imageDelayMs = 0;
let accountId: string;
let contactId: string;

async function open(languageId: 1033 | 2052, query = '') {
  const spec = {
    languageId,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ clientId: users.operator.clientId, audience: harness.url, lifetimeSeconds: 3600 }),
    userId: ids.operator,
  };
  await browser.page.goto(shellUrl(harness.url, query, spec));
  return browser.page.frameLocator('#webresource');
}

/** The relay on relay-tasks: each new code row's hint handled by the production use case; returns the row and its outcome. */
async function relayHandlesNextCode(): Promise<{ id: string; outcome: string }> {
  for (let i = 0; i < 50; i++) {
    const row = dv.rows(EntitySets.QrCode).find((r) => r[Q.State] === null || r[Q.State] === undefined);
    if (row) {
      const id = String(row[Q.Id]);
      const outcome = await onQrCodeSaved({ message: 'Create', table: 'wxm_qrcode', rowId: id, organizationId: dv.organizationId, attributes: {} }, deps);
      return { id, outcome };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the page made no binding code');
}
function withSlowImage(wechat: QrCodeDeps['wechat']): QrCodeDeps['wechat'] {
  return Object.assign(Object.create(wechat) as QrCodeDeps['wechat'], {
    image: async (ticket: string) => {
      await new Promise((r) => setTimeout(r, imageDelayMs));
      return wechat.image(ticket);
    },
  });
}
const sceneOf = (id: string) => String(dv.rows(EntitySets.QrCode).find((r) => r[Q.Id] === id)?.[Q.Scene]);
const follower = (openid: string) =>
  dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: openid,
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
  });

beforeAll(async () => {
  [sim, harness] = await Promise.all([startSimulator(), startHarness()]);
  const token = (await authorizerTokens(sim.sim, DEMO.appid, [1, 2, 3])).accessToken;
  const shipped = await loadShippedSecurity();
  dv = await emulators.start({
    org: { audiences: [harness.url] },
    applicationUsers: Object.values(users),
    security: { ...shipped, roles: [...shipped.roles, SALES] },
  });
  for (const who of Object.keys(users) as (keyof typeof users)[])
    ids[who] = String(dv.rows('systemusers').find((u) => u.applicationid === users[who].clientId)?.systemuserid);
  harness.front(dv.url);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo Service Account',
    [OfficialAccount.columns.AccountType]: AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
    [OfficialAccount.columns.Permissions]: '1,2,3',
  });
  follower('oOperatorOwn01');
  follower('oCustomerMei1');
  follower('oCustomerMei2');
  contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 5).toString('base64'));
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
    updatedAt: Date.now(),
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const client = createWechatApiClient({ baseUrl: sim.sim.url });
  const clock = new ManualClock(Date.now());
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    wechat: withSlowImage(
      qrCodeWechat({
        api: client,
        mp: client,
        mpBase: sim.sim.url,
        tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
      }),
    ),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
  browser = await openBrowser();
  await serveBindingShell(browser.page, harness.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sim?.close();
  await emulators.closeAll();
});

describe('Bind WeChat as an Operator', () => {
  it('binds their own WeChat: the code is created, made by the relay, shown, scanned, listed, and removed by them (English)', async () => {
    const page = await open(1033);
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Bind my WeChat');
    await page.locator('#show').click();
    const code = await relayHandlesNextCode();
    expect(code.outcome).toBe('created');
    const row = dv.rows(EntitySets.QrCode).find((r) => r[Q.Id] === code.id)!;
    expect([row[Q.Purpose], row[`_${Q.BindUserId}_value`], row._createdby_value, row._ownerid_value, row[Q.State]]).toEqual([
      QrPurpose.Binding,
      ids.operator,
      ids.operator,
      ids.operator,
      RowSyncState.Synced,
    ]);
    await expect.poll(() => page.locator('#code-image').getAttribute('src'), WAIT).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(await bindByScan(org, { accountId, openid: 'oOperatorOwn01', scene: sceneOf(code.id), at: new Date() }, new RecordingLogger())).toMatchObject({
      status: 'bound',
      person: 'systemuser',
    });
    await expect.poll(() => page.locator('#code-status').getAttribute('data-state'), WAIT).toBe('bound');
    await expect.poll(() => page.locator('#bindings tbody tr').count(), WAIT).toBe(1);
    await page.locator('button[data-remove]').click();
    await browser.page.locator('#confirm-dialog #confirm-ok').click();
    await expect.poll(() => page.locator('#bindings-notice').textContent(), WAIT).toBe('The binding was removed.');
    expect(dv.rows(EntitySets.Binding)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('binds a customer; a binding a colleague made is theirs to remove, said in Chinese (绑定客户的微信)', async () => {
    // A colleague bound Mei Lin's other WeChat earlier: the relay gave that binding to them.
    dv.insert(
      EntitySets.Binding,
      bindingRow({
        accountId,
        openid: 'oCustomerMei2',
        person: { kind: 'contact', id: contactId },
        method: 472610000,
        proof: qrProof(randomUUID()),
        at: new Date('2026-12-01T08:00:00Z'),
        owner: ids.colleague,
      }),
    );
    const page = await open(2052, `?typename=contact&id=${contactId}`);
    await expect.poll(() => page.locator('#person').textContent(), WAIT).toBe('Mei Lin');
    // The relay records the code (Synced, WeChat's image URL) before it has fetched the PNG: the page shows the URL
    // at once and the stored image when it lands.
    imageDelayMs = 3_500;
    await page.locator('#show').click();
    const code = await relayHandlesNextCode();
    imageDelayMs = 0;
    expect(code.outcome).toBe('created');
    await expect.poll(() => page.locator('#code-image').getAttribute('src'), WAIT).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(await bindByScan(org, { accountId, openid: 'oCustomerMei1', scene: sceneOf(code.id), at: new Date() }, new RecordingLogger())).toMatchObject({
      status: 'bound',
      person: 'contact',
    });
    await expect.poll(() => page.locator('#bindings tbody tr').count(), WAIT).toBe(2);
    const colleagues = dv.rows(EntitySets.Binding).find((b) => b._ownerid_value === ids.colleague)!;
    await page.locator(`button[data-remove="${String(colleagues[Binding.columns.Id])}"]`).click();
    await browser.page.locator('#confirm-dialog #confirm-ok').click();
    await expect
      .poll(() => page.locator('#remove-refused').textContent(), WAIT)
      .toBe('您只能解除自己建立的绑定：您本人的微信，以及您为客户建立的绑定。如需解除此绑定，请联系微信营销管理员。');
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'binding-operator-zh.png'), fullPage: true });
    expect(
      dv
        .rows(EntitySets.Binding)
        .map((b) => b._ownerid_value)
        .sort(),
    ).toEqual([ids.operator, ids.colleague].sort());
    expect(browser.errors).toEqual([]);
  });

  it('sees only their own codes, and a channel code they save makes nothing in WeChat', async () => {
    const made = sim.sim.qrCodes(DEMO.appid).length;
    const res = await fetch(`${dv.serviceRoot}${EntitySets.QrCode}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users.operator.clientId })}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        [Q.Name]: 'My own channel',
        [Q.Purpose]: QrPurpose.Channel,
        [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
      }),
    });
    expect(res.status).toBe(204);
    expect((await relayHandlesNextCode()).outcome).toBe('refused');
    expect(sim.sim.qrCodes(DEMO.appid)).toHaveLength(made);
    const seen = await fetch(`${dv.serviceRoot}${EntitySets.QrCode}?$select=${Q.Name}`, {
      headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users.colleague.clientId })}` },
    });
    expect(((await seen.json()) as { value: unknown[] }).value).toEqual([]);
  });
});
