/**
 * Start To Use in Chromium against the real relay process and the WeChat simulator's authorization page:
 * English and Chinese, the original ID check, and the page inside the app (Xrm in the parent frame) binding
 * an account to an environment that is already connected. Writes docs/screenshots/starttouse-result-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, SignedService } from '../../../solution/generated/schema.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { accountA, accountB, startBridgeWorld, type BridgeWorld } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { startHarness, type Harness } from './support/harness-server.js';
import { authorizeFromPage, shownResult } from './support/start-to-use-flow.js';

/** Grants four of the five permission sets Wechat Marketing needs: mass messages (7) and menus (15) are left out. */
const partial = { appid: 'wx00000000000000d4', originalId: 'gh_5e1ec7ab1e04', nickName: '丁店 D', serviceType: 2, verifyType: 0, funcScopes: [1, 2, 3, 11] };

let world: BridgeWorld;
let harness: Harness;
let browser: Browser | undefined;

beforeAll(async () => {
  world = await startBridgeWorld();
  world.sim.addAccount(partial);
  harness = await startHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await world?.close();
});

async function open(locale = 'en-US'): Promise<Browser> {
  await browser?.close();
  browser = await openBrowser({ locale });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
  return browser;
}

afterAll(() => browser?.close());

const pageUrl = (lang: string) => `${harness.url}/WebResources/wxm_/pages/starttouse.html?relay=${encodeURIComponent(world.relay.url)}&lang=${lang}`;

describe('Start To Use', () => {
  it('authorizes an account in English and shows AppId, binding token and the missing permission sets, with copy buttons', async () => {
    const { context, page, errors } = await open();
    await page.goto(pageUrl('en'));
    expect(await page.locator('h1').textContent()).toBe('Start To Use');
    const { tab, relayValues } = await authorizeFromPage(context, page, partial);
    expect(relayValues.appid).toBe(partial.appid);
    expect(relayValues.bindingToken).not.toBe('');
    expect(await tab.locator('h1').textContent()).toBe('Account authorized');
    expect(await shownResult(tab)).toEqual({ name: partial.nickName, ...relayValues });
    expect(await tab.locator('#missing li').allTextContents()).toEqual(['Mass messages and notifications · 群发与通知 (7)', 'Custom menus · 自定义菜单 (15)']);
    expect(await tab.locator('#next').textContent()).toBe(
      'Create the Signed Service: Wechat Marketing → Settings → Signed Services → New. Enter the application user of this environment, this AppId and the binding token, tick the agreement and save.',
    );
    // The token left the address bar, the history and any bookmark.
    expect(new URL(tab.url()).hash).toBe('');
    expect(new URL(tab.url()).searchParams.get('lang')).toBe('en');
    await tab.locator('button[data-copy-for=bindingToken]').click();
    await expect.poll(() => tab.locator('button[data-copy-for=bindingToken]').textContent()).toBe('Copied');
    expect(await tab.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(relayValues.bindingToken);
    await tab.screenshot({ path: join(SCREENSHOTS, 'starttouse-result-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('does the same in Chinese, and the two screenshots differ', async () => {
    const { context, page, errors } = await open('zh-CN');
    await page.goto(pageUrl('zh'));
    expect(await page.locator('h1').textContent()).toBe('开通服务');
    const { tab, relayValues } = await authorizeFromPage(context, page, partial);
    expect(await tab.locator('h1').textContent()).toBe('授权成功');
    expect(await shownResult(tab)).toEqual({ name: partial.nickName, ...relayValues });
    expect(await tab.locator('#missing li').allTextContents()).toEqual(['群发与通知 · Mass messages and notifications (7)', '自定义菜单 · Custom menus (15)']);
    expect(await tab.locator('#next').textContent()).toBe('新建“已注册的服务”：微信营销 → 设置 → 已注册的服务 → 新建。填写此环境的应用程序用户、此 AppId 和绑定令牌，勾选协议并保存。');
    expect(await tab.locator('dl dt').allTextContents()).toEqual(['名称', 'AppId', '原始 ID', '绑定令牌', '服务器地址']);
    await tab.screenshot({ path: join(SCREENSHOTS, 'starttouse-result-zh.png'), fullPage: true });
    expect(errors).toEqual([]);

    const en = readFileSync(join(SCREENSHOTS, 'starttouse-result-en.png'));
    const zh = readFileSync(join(SCREENSHOTS, 'starttouse-result-zh.png'));
    expect(distinctColours(en)).toBeGreaterThan(20);
    expect(distinctColours(zh)).toBeGreaterThan(20);
    expect(sameImage(en, zh)).toBe(false);
  }, 60_000);

  it('refuses a malformed original ID before anything is opened, in both languages', async () => {
    const { context, page } = await open();
    for (const [lang, required, invalid] of [
      ['en', 'Enter the original ID of the account.', 'This is not an original ID: it is gh_ followed by 12 characters from 0–9 and a–f, for example gh_3c884a361561.'],
      ['zh', '请输入账号的原始 ID。', '这不是原始 ID：原始 ID 由 gh_ 加 12 位字符（0–9、a–f）组成，例如 gh_3c884a361561。'],
    ] as const) {
      await page.goto(pageUrl(lang));
      await page.locator('#authorize:not([disabled])').click();
      expect(await page.locator('#start-error').textContent()).toBe(required);
      await page.locator('#start-originalid').fill('gh_12345');
      await page.locator('#authorize').click();
      expect(await page.locator('#start-error').textContent()).toBe(invalid);
      expect(await page.locator('#start-originalid').getAttribute('aria-invalid')).toBe('true');
      // Corrected as typed: the message goes away.
      await page.locator('#start-originalid').fill('gh_5e1ec7ab1e04');
      expect(await page.locator('#start-error').textContent()).toBe('');
    }
    expect(context.pages()).toHaveLength(1);
  }, 60_000);

  it('for a Mini Program, points to its own admin page, and offers the link when the browser blocks the new tab', async () => {
    const { page } = await open();
    await page.addInitScript(() => {
      (globalThis as unknown as { open: () => null }).open = () => null;
    });
    await page.goto(pageUrl('en'));
    await page.locator('input[name=accountType][value=miniprogram]').check();
    expect(await page.locator('#start-where').textContent()).toBe(
      'Where to find it: sign in to mp.weixin.qq.com with the Mini Program, then Settings → Basic settings → Original ID (小程序后台 → 设置 → 基本设置 → 原始ID).',
    );
    await page.locator('#start-originalid').fill(' GH_5E1EC7AB1E04 ');
    await page.locator('#authorize:not([disabled])').click();
    expect(await page.locator('#start-fallback').textContent()).toBe('The browser blocked the new tab. Allow pop-ups for this site, or open WeChat’s page here: Open the authorization page');
    const link = new URL((await page.locator('#start-fallback a').getAttribute('href'))!);
    expect(link.origin + link.pathname).toBe(`${world.relay.url}/api/wechat/authorize`);
    expect(Object.fromEntries(link.searchParams)).toEqual({
      originalId: 'gh_5e1ec7ab1e04',
      returnUrl: `${harness.url}/WebResources/wxm_/pages/starttouse.html?relay=${encodeURIComponent(world.relay.url)}&lang=en`,
      accountType: 'miniprogram',
    });
  }, 60_000);

  it('inside the app, reads wxm_RelayUrl and binds a second account straight to the environment that is already connected', async () => {
    const org = world.orgs[0];
    const token = await world.authorize(accountA);
    const signed = await world.createSignedService(org, { [SignedService.columns.AppId]: accountA.appid, [SignedService.columns.BindingToken]: token });
    await eventually(async () => {
      const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
      expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    });

    const { context, page, errors } = await open();
    const xrm = { languageId: 2052, clientUrl: org.environmentUrl, organizationId: org.emulator.organizationId, relayUrl: world.relay.url };
    await page.goto(`${harness.url}/main.aspx#${encodeURIComponent(JSON.stringify(xrm))}`);
    const frame = page.frameLocator('#webresource');
    expect(await frame.locator('h1').textContent()).toBe('开通服务');
    const { tab } = await authorizeFromPage(context, frame, accountB);
    const host = new URL(org.environmentUrl).host;
    expect(await tab.locator('#next').textContent()).toBe(`该账号已连接到此环境（${host}），粉丝的消息将写入该环境，无需其他操作。`);
    expect(await tab.locator('#create-signed-service').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __harness: { state(): { queries: string[] } } }).__harness.state().queries)).toEqual([
      "environmentvariabledefinition?$filter=schemaname eq 'wxm_RelayUrl'&$select=defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
    ]);
    expect(errors).toEqual([]);
  }, 60_000);
});
