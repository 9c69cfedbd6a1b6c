/**
 * Binding a contact by a scan, end to end with nothing played: the Bind WeChat page (Chromium, fake Xrm, the
 * org's Web API through its front) saves a binding code row; Dataverse's webhook hints the relay process (the
 * local host, on Azurite), which makes the code in the WeChat simulator and writes its image back; the page shows
 * it; the follower scans (the simulator pushes SCAN with the code's scene, as WeChat does when the image is
 * scanned); delivery binds the follower to the contact; the page says "Bound to …". A second scan binds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binding, BindingMethod, ConnectionStatus, EntitySets, Follower, QrCode, QrPurpose, SignedService } from '@wxm/solution/schema';
import { openBrowser, type Browser } from '../../support/browser.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { serveBindingShell, shellUrl } from './binding-shell.js';
import { startHarness, type Harness } from './support/harness-server.js';

const OPENID = 'oScanFollower01';
const WAIT = { timeout: 20_000 };
let world: BridgeWorld;
let org: Org;
let harness: Harness;
let browser: Browser;
let contactId: string;

async function rows(set: string): Promise<Record<string, unknown>[]> {
  return (await org.admin.retrieveMultiple({ collection: set })).value as Record<string, unknown>[];
}

beforeAll(async () => {
  [world, harness] = await Promise.all([startBridgeWorld(), startHarness()]);
  org = world.orgs[0];
  harness.front(org.emulator.url);
  const token = await world.authorize(accountA, org);
  const signed = await world.createSignedService(org, { [SignedService.columns.AppId]: accountA.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
  await world.sim.push({ appid: accountA.appid, openid: OPENID, msgType: 'event', event: 'subscribe' });
  await eventually(async () => expect((await rows(Follower.entitySetName)).map((f) => f[Follower.columns.OpenId])).toContain(OPENID));
  contactId = org.emulator.insert('contacts', { firstname: 'Na', lastname: 'Li', fullname: 'Li Na' });
  browser = await openBrowser();
  await serveBindingShell(browser.page, harness.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

describe('binding a contact by a scan, through the relay', () => {
  it('the page’s code is made by the relay, scanned, and binds the follower to the contact once', async () => {
    const spec = {
      languageId: 1033,
      clientUrl: harness.url,
      organizationId: org.emulator.organizationId,
      relayUrl: world.relay.url,
      dataverseToken: org.adminToken,
      userId: crypto.randomUUID(),
    };
    await browser.page.goto(shellUrl(harness.url, `?typename=contact&id=${contactId}`, spec));
    const page = browser.page.frameLocator('#webresource');
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Bind this customer’s WeChat');
    await page.locator('#show').click();
    await expect.poll(() => page.locator('#code-image').getAttribute('src'), WAIT).toMatch(/^data:image\/png;base64,iVBOR/);
    const code = (await rows(EntitySets.QrCode)).find((r) => r[QrCode.columns.Purpose] === QrPurpose.Binding)!;
    const scene = String(code[QrCode.columns.Scene]);
    // The relay made the unguessable scene and the code in WeChat.
    expect(scene).toMatch(/^bind_[A-Za-z0-9_-]{43}$/);
    expect(world.sim.stats().apiCalls['qrcode/create']).toBe(1);

    const [scan] = await world.sim.push({ appid: accountA.appid, openid: OPENID, msgType: 'event', event: 'SCAN', eventKey: scene });
    expect(scan?.status).toBe(200);
    await expect.poll(() => page.locator('#code-status').getAttribute('data-state'), WAIT).toBe('bound');
    expect(await page.locator('#code-status').textContent()).toBe(`Bound to a follower (…${OPENID.slice(-6)}).`);
    const bindings = await rows(Binding.entitySetName);
    expect(bindings.map((b) => [b[`_${Binding.columns.ContactId}_value`], b[Binding.columns.Method], b[Binding.columns.Source]])).toEqual([
      [contactId, BindingMethod.QrScan, `qr:${String(code[QrCode.columns.Id])}`],
    ]);

    // The same code scanned again (by anyone) binds nothing more.
    await world.sim.push({ appid: accountA.appid, openid: 'oSomeoneElse02', msgType: 'event', event: 'subscribe', eventKey: `qrscene_${scene}` });
    await eventually(async () => expect((await rows(Follower.entitySetName)).map((f) => f[Follower.columns.OpenId])).toContain('oSomeoneElse02'));
    expect(await rows(Binding.entitySetName)).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  });
});
