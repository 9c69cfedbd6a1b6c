/**
 * Web authorization end to end through the local host: a relay process (the devhost, as `npm start` runs it, on
 * Azurite), the WeChat simulator and a customer org (Dataverse emulator) connected by a Signed Service. A
 * follower's browser (Chromium) opens the menu link `/api/wechat/oauth/{appid}?scope=userinfo&bind=<scene>`, is
 * sent to the simulator's authorize page, consents, comes back to the relay and sees the result page in their
 * language; the binding and the name are in Dataverse. A reload (WeChat's double redirect) shows the same page
 * without another code exchange. Writes docs/screenshots/binding-oauth-zh.png and -en.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binding, BindingMethod, ConnectionStatus, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose, SignedService } from '@wxm/solution/schema';
import { newBindingScene } from '../../../functions/src/relay/binding/scene.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';

/** A verified service account that granted web authorization (set 4) besides the required sets. */
const account = {
  appid: 'wx00000000000000d4',
  originalId: 'gh_00000000d4d4',
  nickName: '丁公司服务号',
  serviceType: 2,
  verifyType: 0,
  funcScopes: [1, 2, 3, 4, 7, 11, 15],
};
const OPENID = 'oWebFollower0d4';
let world: BridgeWorld;
let org: Org;
let browser: Browser;
let accountId: string;
let contactId: string;

async function rows(set: string, filter?: string): Promise<Record<string, unknown>[]> {
  return (await org.admin.retrieveMultiple({ collection: set, ...(filter && { filter }) })).value as Record<string, unknown>[];
}

beforeAll(async () => {
  world = await startBridgeWorld();
  org = world.orgs[0];
  world.sim.addAccount(account);
  const token = await world.authorize(account as Parameters<BridgeWorld['authorize']>[0], org);
  const signed = await world.createSignedService(org, { [SignedService.columns.AppId]: account.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
  // The follower follows: delivery writes the follower row.
  const [pushed] = await world.sim.push({ appid: account.appid, openid: OPENID, msgType: 'event', event: 'subscribe' });
  expect(pushed?.status).toBe(200);
  await eventually(async () => expect(await rows(Follower.entitySetName, `${Follower.columns.OpenId} eq '${OPENID}'`)).toHaveLength(1));
  accountId = String((await rows(OfficialAccount.entitySetName, `${OfficialAccount.columns.AppId} eq '${account.appid}'`))[0]?.[OfficialAccount.columns.Id]);
  contactId = org.emulator.insert('contacts', { firstname: 'Wei', lastname: 'Zhang', fullname: 'Zhang Wei' });
  browser = await openBrowser({ locale: 'zh-CN', viewport: { width: 420, height: 760 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** A binding code for the contact, as the Bind WeChat page makes it and the relay fills it (scene, expiry). */
function bindingCode(): string {
  const scene = newBindingScene();
  org.emulator.insert(EntitySets.QrCode, {
    [QrCode.columns.Name]: 'Bind WeChat · Zhang Wei',
    [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    [QrCode.columns.Purpose]: QrPurpose.Binding,
    [QrCode.columns.Scene]: scene,
    [QrCode.columns.ExpiresOn]: new Date(Date.now() + 600_000).toISOString(),
    [`${QrCode.navigation.BindContactId}@odata.bind`]: `/contacts(${contactId})`,
  });
  return scene;
}

const exchanges = () => world.sim.stats().apiCalls['sns/oauth2/component/access_token'] ?? 0;

describe('web authorization through the local host', () => {
  it('a menu link with bind= binds the follower who consents, in Chinese; a reload shows the same page without WeChat', async () => {
    const { page } = browser;
    const scene = bindingCode();
    await page.goto(`${world.relay.url}/api/wechat/oauth/${account.appid}?scope=userinfo&bind=${scene}`);
    // The simulator's consent page (snsapi_userinfo): the follower allows.
    await expect.poll(() => page.locator('main[data-consent=userinfo]').count()).toBe(1);
    await page.locator('#allow').click();
    await expect.poll(() => page.locator('#binding').getAttribute('data-status'), { timeout: 10_000 }).toBe('bound');
    expect(new URL(page.url()).pathname).toBe(`/api/wechat/oauth/${account.appid}/callback`);
    expect(await page.locator('#binding p').textContent()).toBe('您的微信已绑定到客户（联系人）。');
    expect(await page.locator('#name').textContent()).toBe('微信用户r0d4');
    expect(await page.locator('#bindings li').allTextContents()).toEqual([expect.stringMatching(/^客户（联系人） · 绑定于 \d{4}年\d{1,2}月\d{1,2}日$/)]);
    await page.screenshot({ path: join(SCREENSHOTS, 'binding-oauth-zh.png'), fullPage: true });

    const bindings = await rows(Binding.entitySetName);
    expect(bindings.map((b) => [b[`_${Binding.columns.ContactId}_value`], b[Binding.columns.Method]])).toEqual([[contactId, BindingMethod.WebAuthorization]]);
    expect((await rows(Follower.entitySetName, `${Follower.columns.OpenId} eq '${OPENID}'`))[0]?.[Follower.columns.Name]).toBe('微信用户r0d4');

    const before = exchanges();
    expect(before).toBe(1);
    await page.reload();
    expect(await page.locator('#binding').getAttribute('data-status')).toBe('bound');
    expect(exchanges()).toBe(before);
    expect(await rows(Binding.entitySetName)).toHaveLength(1);
  });

  it('the profile link (snsapi_base) shows the follower’s own page in English', async () => {
    // A phone set to English: its WeChat browser asks for English pages.
    const english = await openBrowser({ locale: 'en-US', viewport: { width: 420, height: 760 } });
    const { page } = english;
    await page.goto(`${world.relay.url}/api/wechat/oauth/${account.appid}`);
    await expect.poll(() => page.locator('#profile h2').first().textContent(), { timeout: 10_000 }).toBe('About me');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#bindings li').allTextContents()).toEqual([expect.stringMatching(/^a customer \(contact\) · since \d{1,2} \w{3} \d{4}$/)]);
    await page.screenshot({ path: join(SCREENSHOTS, 'binding-oauth-en.png'), fullPage: true });
    expect(english.errors).toEqual([]);
    await english.close();
    expect(browser.errors).toEqual([]);
  });

  it('a forged state is refused by the relay with 400; an account without set 4 with 403', async () => {
    const forged = await fetch(`${world.relay.url}/api/wechat/oauth/${account.appid}/callback?code=x&state=${'a'.repeat(22)}.${'b'.repeat(22)}`, {
      headers: { 'accept-language': 'en' },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This link was changed');
    const noSet4 = world.orgs[1] && (await fetch(`${world.relay.url}/api/wechat/oauth/wx00000000000000c3`, { redirect: 'manual' }));
    // accountC of the bridge world is not authorized to this relay at all: not granted.
    expect(noSet4?.status).toBe(403);
  });
});
