/**
 * Start To Use in Chromium against the real relay process and the WeChat simulator's authorization page, on
 * the org's own origin (the harness fronts org A: it serves the web resources and forwards the Web API):
 * English and Chinese, the result handed back by postMessage (never in a URL), the original ID check, and
 * "Connect to this environment" inside the app writing the token into the org's Signed Service.
 * Writes docs/screenshots/starttouse-result-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { CONNECTED_QUERY } from '../../../webresources/src/pages/starttouse/connect.js';
import type { Recorded } from '../../../webresources/harness/spec.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { accountA, accountB, startBridgeWorld, type BridgeWorld } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { startHarness, type Harness } from './support/harness-server.js';
import { authorizeFromPage, authorizeInNewTab, shownResult } from './support/start-to-use-flow.js';

/** Grants four of the five permission sets Wechat Marketing needs: mass messages (7) and menus (15) are left out. */
const partial = { appid: 'wx00000000000000d4', originalId: 'gh_5e1ec7ab1e04', nickName: '丁店 D', serviceType: 2, verifyType: 0, funcScopes: [1, 2, 3, 11] };
const S = SignedService.columns;

let world: BridgeWorld;
let harness: Harness;
let browser: Browser | undefined;

beforeAll(async () => {
  harness = await startHarness();
  world = await startBridgeWorld({ orgFronts: [harness.url, undefined] });
  harness.front(world.orgs[0].emulator.url);
  world.sim.addAccount(partial);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

async function open(locale = 'en-US'): Promise<Browser> {
  await browser?.close();
  browser = await openBrowser({ locale });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
  return browser;
}

const pageUrl = (lang: string, origin = harness.url) =>
  `${origin}/WebResources/wxm_/pages/starttouse.html?relay=${encodeURIComponent(world.relay.url)}&lang=${lang}`;
const harnessState = (page: Browser['page']) => page.evaluate(() => (globalThis as unknown as { __harness: { state(): Recorded } }).__harness.state());

describe('Start To Use', () => {
  it('authorizes an account in English: the result comes back by postMessage, for this environment, never in a URL', async () => {
    const { context, page, errors } = await open();
    await page.goto(pageUrl('en'));
    expect(await page.locator('h1').textContent()).toBe('Start To Use');
    const { relayValues, message, visited, errors: tabErrors } = await authorizeFromPage(context, page, partial);
    expect(message).toEqual({
      type: 'wxm-authorization',
      appid: partial.appid,
      originalId: partial.originalId,
      name: partial.nickName,
      bindingToken: relayValues.bindingToken,
      serverAddress: `${world.relay.url}/api/wechat/accounts/${partial.appid}/callback`,
      missing: [7, 15],
      org: harness.url,
    });
    expect(relayValues.bindingToken).toMatch(/^wxb_/);
    expect(await page.locator('h1').textContent()).toBe('Account authorized');
    expect(await shownResult(page)).toEqual({ org: new URL(harness.url).host, name: partial.nickName, ...relayValues });
    expect(await page.locator('#missing li').allTextContents()).toEqual(['Mass messages and notifications · 群发与通知 (7)', 'Custom menus · 自定义菜单 (15)']);
    expect(await page.locator('#next').textContent()).toBe(
      'Create the Signed Service: Wechat Marketing → Settings → Signed Services → New. Enter the application user of this environment, this AppId and the binding token (copy it above), tick the agreement and save.',
    );
    // The link to a new record carries the AppId only; no address of the whole walk carries the token.
    expect(await page.locator('#create-signed-service').getAttribute('href')).toBe(
      `/main.aspx?pagetype=entityrecord&etn=wxm_signedservice&extraqs=wxm_appid%3D${partial.appid}`,
    );
    expect(visited.some((u) => u.startsWith(`${world.relay.url}/api/wechat/authorize/callback?`))).toBe(true);
    expect([...visited, page.url()].filter((u) => u.includes(relayValues.bindingToken))).toEqual([]);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.locator('button[data-copy-for=bindingToken]').click();
    await expect.poll(() => page.locator('button[data-copy-for=bindingToken]').textContent()).toBe('Copied');
    expect(
      await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()),
    ).toBe(relayValues.bindingToken);
    await page.screenshot({ path: join(SCREENSHOTS, 'starttouse-result-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    // The relay's hop and result pages ran their scripts and styles under their CSP without a violation.
    expect(tabErrors).toEqual([]);
  }, 60_000);

  it('does the same in Chinese, and the two screenshots differ', async () => {
    const { context, page, errors } = await open('zh-CN');
    await page.goto(pageUrl('zh'));
    expect(await page.locator('h1').textContent()).toBe('开通服务');
    const { relayValues } = await authorizeFromPage(context, page, partial);
    expect(await page.locator('h1').textContent()).toBe('授权成功');
    expect(await shownResult(page)).toEqual({ org: new URL(harness.url).host, name: partial.nickName, ...relayValues });
    expect(await page.locator('#missing li').allTextContents()).toEqual(['群发与通知 · Mass messages and notifications (7)', '自定义菜单 · Custom menus (15)']);
    expect(await page.locator('#next').textContent()).toBe(
      '新建“已注册的服务”：微信营销 → 设置 → 已注册的服务 → 新建。填写此环境的应用程序用户、此 AppId 和绑定令牌（可在上方复制），勾选协议并保存。',
    );
    expect(await page.locator('dl dt').allTextContents()).toEqual(['环境', '名称', 'AppId', '原始 ID', '绑定令牌', '服务器地址']);
    await page.screenshot({ path: join(SCREENSHOTS, 'starttouse-result-zh.png'), fullPage: true });
    expect(errors).toEqual([]);

    const en = readFileSync(join(SCREENSHOTS, 'starttouse-result-en.png'));
    const zh = readFileSync(join(SCREENSHOTS, 'starttouse-result-zh.png'));
    expect(distinctColours(en)).toBeGreaterThan(20);
    expect(distinctColours(zh)).toBeGreaterThan(20);
    expect(sameImage(en, zh)).toBe(false);
  }, 60_000);

  it('hands the result only to the return URL’s origin: an opener elsewhere gets nothing', async () => {
    const { context, page } = await open();
    // A page on another origin opens the relay with Start To Use of org A as the return URL.
    await page.goto(`${harness.url.replace('127.0.0.1', 'localhost')}/elsewhere`);
    await page.evaluate(() => {
      const w = globalThis as unknown as { received: unknown[]; addEventListener(t: string, f: (e: { data: unknown }) => void): void };
      w.received = [];
      w.addEventListener('message', (e) => w.received.push(e.data));
    });
    const authorize = new URL('/api/wechat/authorize', world.relay.url);
    authorize.searchParams.set('originalId', partial.originalId);
    authorize.searchParams.set('returnUrl', pageUrl('en'));
    const opened = context.waitForEvent('page');
    await page.evaluate((url) => void (globalThis as unknown as { open(u: string): unknown }).open(url), authorize.toString());
    const tab = await opened;
    await tab.locator(`#authorize-all-${partial.appid}`).click();
    await tab.locator('#back').click();
    await expect.poll(() => tab.locator('#delivery').getAttribute('data-state'), { timeout: 10_000 }).toBe('unanswered');
    expect(await page.evaluate(() => (globalThis as unknown as { received: unknown[] }).received)).toEqual([]);
    await tab.close();
  }, 60_000);

  it('ignores a result-shaped message from any origin but the relay’s', async () => {
    const { page } = await open();
    await page.goto(pageUrl('en'));
    await page.locator('#authorize:not([disabled])').waitFor();
    await page.evaluate((org) => {
      const forged = {
        type: 'wxm-authorization',
        appid: 'wx00000000000000ee',
        originalId: 'gh_00000000000e',
        name: 'Forged',
        bindingToken: 'wxb_forgedforgedforged',
        serverAddress: 'http://evil/x',
        missing: [],
        org,
      };
      (globalThis as unknown as { postMessage(d: unknown, o: string): void }).postMessage(forged, '*');
    }, harness.url);
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.locator('#result').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('Start To Use');
  }, 30_000);

  it('refuses a malformed original ID before anything is opened, in both languages', async () => {
    const { context, page } = await open();
    for (const [lang, required, invalid] of [
      [
        'en',
        'Enter the original ID of the account.',
        'This is not an original ID: it is gh_ followed by 12 characters from 0–9 and a–f, for example gh_3c884a361561.',
      ],
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

  it('for a Mini Program, points to its own admin page, and offers a link (keeping the opener) when the browser blocks the new tab', async () => {
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
    expect(await page.locator('#start-fallback').textContent()).toBe(
      'The browser blocked the new tab. Allow pop-ups for this site, or open WeChat’s page here: Open the authorization page',
    );
    const anchor = page.locator('#start-fallback a');
    expect([await anchor.getAttribute('rel'), await anchor.getAttribute('target'), await anchor.getAttribute('referrerpolicy')]).toEqual([
      'opener',
      '_blank',
      'no-referrer',
    ]);
    const link = new URL((await anchor.getAttribute('href'))!);
    expect(link.origin + link.pathname).toBe(`${world.relay.url}/api/wechat/authorize`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ originalId: 'gh_5e1ec7ab1e04', returnUrl: pageUrl('en'), accountType: 'miniprogram' });
  }, 60_000);

  it('inside the app, connects a second account through the org’s Signed Service: the admin’s session writes the token, the relay binds it', async () => {
    const org = world.orgs[0];
    const token = await world.authorize(accountA, org);
    const signed = await world.createSignedService(org, { [S.AppId]: accountA.appid, [S.BindingToken]: token });
    await eventually(async () => {
      const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
      expect(row[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    });

    const { context, page, errors } = await open();
    const xrm = {
      languageId: 2052,
      clientUrl: org.environmentUrl,
      organizationId: org.emulator.organizationId,
      relayUrl: world.relay.url,
      dataverseToken: org.adminToken,
    };
    await page.goto(`${harness.url}/main.aspx#${encodeURIComponent(JSON.stringify(xrm))}`);
    const frame = page.frameLocator('#webresource');
    expect(await frame.locator('h1').textContent()).toBe('开通服务');
    const { message } = await authorizeFromPage(context, frame, accountB);
    expect(message).toMatchObject({ type: 'wxm-authorization', appid: accountB.appid, org: org.environmentUrl });
    expect(await frame.locator('#next').textContent()).toBe('此环境已通过已注册的服务“Signed service”连接：可通过它连接此账号（中继服务已持有其凭据）。');
    expect(await frame.locator('#connect-joins').textContent()).toBe(`它目前服务于 AppId ${accountA.appid}：该账号保持连接，此账号一并加入。`);

    await frame.locator('#connect').click();
    const state = await harnessState(page);
    expect(state.dialogs).toEqual([]);
    await expect
      .poll(async () => (await harnessState(page)).updates)
      .toEqual([{ entity: 'wxm_signedservice', id: signed, data: { [S.AppId]: accountB.appid, [S.BindingToken]: message.bindingToken } }]);
    expect(state.queries).toEqual([
      "environmentvariabledefinition?$filter=schemaname eq 'wxm_RelayUrl'&$select=defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
      `wxm_signedservice${CONNECTED_QUERY}`,
    ]);
    // The relay re-read the row with the credentials it holds, redeemed the token of this org and bound B here.
    await expect.poll(() => frame.locator('#connect-status').getAttribute('data-state'), { timeout: 45_000 }).toBe('connected');
    expect(await frame.locator('#connect-status').textContent()).toBe('已连接：此账号粉丝的消息将写入此环境。');
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect([row[S.AppId], row[S.ConnectionStatus], row[S.BindingToken] ?? null]).toEqual([accountB.appid, ConnectionStatus.Connected, null]);
    const accounts = (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, select: [OfficialAccount.columns.AppId] })).value as Record<
      string,
      unknown
    >[];
    expect(accounts.map((a) => a[OfficialAccount.columns.AppId])).toContain(accountB.appid);
    expect(errors).toEqual([]);
  }, 90_000);

  it('inside the app without a connected Signed Service, opens a new one with the AppId filled in (the token stays out of the address)', async () => {
    const org = world.orgs[0];
    const { context, page } = await open();
    // Org A's only Signed Service is connected now; an Xrm without Web API access to it sees none.
    const xrm = { languageId: 1033, clientUrl: org.environmentUrl, organizationId: org.emulator.organizationId, relayUrl: world.relay.url };
    await page.goto(`${harness.url}/main.aspx#${encodeURIComponent(JSON.stringify(xrm))}`);
    const frame = page.frameLocator('#webresource');
    const { message } = await authorizeFromPage(context, frame, partial);
    expect(await frame.locator('#next').textContent()).toBe(
      'Create the Signed Service: enter the application user of this environment (the AppId is filled in; paste the binding token shown above), tick the agreement and save.',
    );
    await frame.locator('#create-signed-service').click();
    expect((await harnessState(page)).forms).toEqual([{ entityName: 'wxm_signedservice', parameters: { [S.AppId]: partial.appid } }]);
    expect(JSON.stringify((await harnessState(page)).forms)).not.toContain(message.bindingToken);
  }, 60_000);
});

describe('Start To Use on a relay tab', () => {
  it('keeps the token on the relay page when no Start To Use opened it', async () => {
    const { context, page } = await open();
    await page.goto(pageUrl('en'));
    const { tab, relayValues } = await authorizeInNewTab(context, page, partial);
    // The tab lost its opener (as when opened from a bookmark): the link goes back to Start To Use, token-free.
    await tab.evaluate(() => void ((globalThis as unknown as { opener: unknown }).opener = null));
    expect(await tab.locator('#back').getAttribute('href')).toBe(pageUrl('en'));
    expect(await tab.locator('dd[data-field=bindingToken] code').textContent()).toBe(relayValues.bindingToken);
    expect(await tab.locator('#org strong').first().textContent()).toBe(new URL(harness.url).host);
    await tab.close();
  }, 60_000);
});
