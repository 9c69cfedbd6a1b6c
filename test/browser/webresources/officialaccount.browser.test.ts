/**
 * The Official Account form script in Chromium, around a fake Xrm, on rows the real relay wrote into the
 * Dataverse emulator after authorization: status, required permission sets, what the account can use per feature
 * (and what an exclusive set held elsewhere disables), Update authorization, verification, the last delivery error,
 * and today's API quota: Check quota and Reset quota go through the Web API, the webhook and the relay to the WeChat
 * simulator and back to the form. Writes docs/screenshots/officialaccount-{capabilities,quota}-{en,zh}.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemText } from '../../../functions/src/relay/delivery/account-status.js';
import { resetDone } from '../../../functions/src/relay/accounts/quota-reasons.js';
import { beijingMonth } from '../../../functions/src/relay/accounts/quota-report.js';
import { AccountStatus, ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import type { FormSpec } from '../../../webresources/harness/spec.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const O = OfficialAccount.columns;
const LIBRARY = 'wxm_/forms/officialaccount.js';
/** Not verified, a subscription account, without mass messages (7), menus (15) and the exclusive sets 4 and 24. */
const partial = { appid: 'wx00000000000000e5', originalId: 'gh_5e1ec7ab1e05', nickName: '戊号 E', serviceType: 0, verifyType: -1, funcScopes: [1, 2, 3, 11] };

let world: BridgeWorld;
let harness: Harness;
let events: FormSpec['events'];
let browser: Browser;

async function connect(org: Org, account: { appid: string; originalId: string }): Promise<void> {
  const token = await world.authorize(account as typeof accountA, org);
  const id = await world.createSignedService(org, { [SignedService.columns.AppId]: account.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
}

async function accountRow(org: Org, appid: string): Promise<Record<string, unknown>> {
  const rows = (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, filter: `${O.AppId} eq '${appid}'` })).value as Record<
    string,
    unknown
  >[];
  if (!rows[0]) throw new Error(`no account row for ${appid}`);
  return rows[0];
}

/** Opens the form on the row; with `webApi`, Xrm.WebApi reaches the org through this page's origin as the admin. */
async function show(org: Org, row: Record<string, unknown>, lcid: Lcid, webApi = false) {
  const id = String(row[O.Id]);
  if (webApi) harness.front(org.emulator.url);
  const xrm = {
    languageId: lcid,
    clientUrl: org.environmentUrl,
    organizationId: org.emulator.organizationId,
    relayUrl: world.relay.url,
    ...(webApi && { dataverseToken: org.adminToken }),
  };
  await openForm(browser.page, harness.url, LIBRARY, xrm, {
    entityName: OfficialAccount.logicalName,
    id: `{${id.toUpperCase()}}`,
    formType: 2,
    events,
    ...attributesOf(OfficialAccount.logicalName, row, lcid),
  });
  return (await formState(browser.page)).notifications;
}

/** Dates as this browser shows them in the user's language. */
function shown(iso: unknown, locale: string): Promise<string> {
  return browser.page.evaluate(([v, l]) => new Date(v).toLocaleString(l, { dateStyle: 'medium', timeStyle: 'short' }), [String(iso), locale] as const);
}

async function screenshot(name: string): Promise<Buffer> {
  const png = await browser.page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  expect(distinctColours(png)).toBeGreaterThan(20);
  return png;
}

beforeAll(async () => {
  [world, harness, events] = await Promise.all([startBridgeWorld(), startHarness(), packedFormEvents('wxm_officialaccount')]);
  world.sim.addAccount(partial);
  browser = await openBrowser({ viewport: { width: 1100, height: 900 } });
  await connect(world.orgs[0], accountA);
  await connect(world.orgs[1], partial);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

describe('Official Account form', () => {
  it('a verified service account with every required set: what it can use, Update authorization (English)', async () => {
    const row = await accountRow(world.orgs[0], accountA.appid);
    const { 'wxm-oa-sync': _sync, ...notifications } = await show(world.orgs[0], row, 1033);
    expect(notifications).toEqual({
      'wxm-oa-status': ['INFO', `Authorized to Wechat Marketing since ${await shown(row[O.AuthorizedOn], 'en-US')}.`],
      'wxm-oa-permissions': [
        'INFO',
        'Permissions: all 6 required permission sets are granted (Message management · 消息管理; User management · 用户管理; Account services · 帐号服务; Mass messages and notifications · 群发与通知; Media management · 素材管理; Custom menus · 自定义菜单).',
      ],
      'wxm-oa-features': [
        'INFO',
        'Can use: Followers, tags and analytics; Channel QR codes; Web authorization (binding by a web page); UnionID across accounts; Mass send; Template messages; Subscription notifications; Custom menus.',
      ],
      'wxm-oa-verification': ['INFO', 'Verification: WeChat Verified.'],
      'wxm-oa-quota': ['INFO', 'API quota: not read yet. Use Check quota to read today’s use from WeChat.'],
      'wxm-oa-quota-resets': ['INFO', 'Quota resets this month (Beijing time): 0 of 10 used.'],
    });
    // Only this part's controls (the sync and removal actions have their own tests).
    const { wxm_permissions, wxm_quotareport, wxm_quotaresetsthismonth } = (await formState(browser.page)).controlNotifications;
    expect({ wxm_permissions, wxm_quotareport, wxm_quotaresetsthismonth }).toEqual({
      wxm_permissions: {
        'wxm-oa-update-authorization': {
          level: 'RECOMMENDATION',
          messages: ['Add permission sets by authorizing this account again: its connection, followers and messages stay.'],
          actions: ['Update authorization'],
        },
      },
      wxm_quotareport: {
        'wxm-oa-quota-check': {
          level: 'RECOMMENDATION',
          messages: ['Read today’s use of the APIs Wechat Marketing calls from WeChat.'],
          actions: ['Check quota'],
        },
      },
      wxm_quotaresetsthismonth: {
        'wxm-oa-quota-reset': {
          level: 'RECOMMENDATION',
          messages: ['Reset today’s counts of every API of this account (10 of 10 resets left this month).'],
          actions: ['Reset quota'],
        },
      },
    });
    await browser.page.click('button[data-action="wxm-oa-update-authorization"]');
    expect((await formState(browser.page)).navigations).toEqual([
      {
        pageInput: { pageType: 'webresource', webresourceName: 'wxm_/pages/starttouse.html', data: `originalId=${accountA.originalId}` },
        options: { target: 2, width: { value: 70, unit: '%' }, height: { value: 85, unit: '%' }, title: 'Update authorization' },
      },
    ]);
  });

  it('an unverified subscription account without 7, 15 and the exclusive sets: why each feature is off (Chinese and English)', async () => {
    const row = await accountRow(world.orgs[1], partial.appid);
    const zh = await show(world.orgs[1], row, 2052);
    expect(zh['wxm-oa-permissions']).toEqual([
      'WARNING',
      '权限：6 个必需的权限集中已授予 4 个。缺少：群发与通知 · Mass messages and notifications；自定义菜单 · Custom menus。请点击“更新授权”并保持勾选。',
    ]);
    expect(zh['wxm-oa-features']).toEqual(['INFO', '可以使用：暂无可用的营销功能。']);
    expect(zh['wxm-oa-feature-followers']).toEqual(['WARNING', '无法使用粉丝、标签和数据统计：微信仅向已认证的账号开放。']);
    expect(zh['wxm-oa-feature-qrcodes']).toEqual(['WARNING', '无法使用渠道二维码：微信仅向已认证的账号开放；微信仅向服务号开放。']);
    expect(zh['wxm-oa-feature-massSend']).toEqual([
      'WARNING',
      '无法使用群发：未授予权限集 7（群发与通知）：请点击“更新授权”并勾选；微信仅向已认证的账号开放。',
    ]);
    // Set 24 is its only reason: the exclusive note says it, not a second warning.
    expect(zh['wxm-oa-feature-unionid']).toBeUndefined();
    expect(zh['wxm-oa-exclusive-24']).toEqual([
      'INFO',
      '权限集 24（开放平台帐号管理）未授予微信营销。该权限集只能由一个平台持有，可能已授权给其他平台。此处停用：跨账号 UnionID。如需使用，请先在该平台取消该权限集，再点击“更新授权”。',
    ]);
    expect(zh['wxm-oa-exclusive-4']?.[1]).toContain('此处停用：网页授权（网页绑定）。');
    expect(zh['wxm-oa-verification']).toEqual(['WARNING', '认证：未通过微信认证。从 Dynamics 365 回复所用的客服消息接口仅向已认证的账号开放。']);
    expect(zh['wxm-oa-status']).toEqual(['INFO', `自 ${await shown(row[O.AuthorizedOn], 'zh-CN')} 起已授权给微信营销。`]);
    const pngZh = await screenshot('officialaccount-capabilities-zh.png');

    const en = await show(world.orgs[1], row, 1033);
    expect(en['wxm-oa-feature-webAuthorization']).toEqual([
      'WARNING',
      'Cannot use Web authorization (binding by a web page): WeChat gives it to verified accounts only; WeChat gives it to service accounts only.',
    ]);
    expect(en['wxm-oa-exclusive-4']).toEqual([
      'INFO',
      'Permission set 4 (Web services) is not granted to Wechat Marketing. Only one platform may hold it, so another platform probably does. Disabled here: Web authorization (binding by a web page). To use them, cancel the set on that platform, then use Update authorization.',
    ]);
    expect(sameImage(await screenshot('officialaccount-capabilities-en.png'), pngZh)).toBe(false);
  });

  it('Check quota: the relay reads every API’s quota from WeChat and the form shows it (English)', async () => {
    world.sim.setQuota('media/upload', null); // WeChat keeps no quota for it: 76021
    const org = world.orgs[0];
    await show(org, await accountRow(org, accountA.appid), 1033, true);
    await browser.page.click('button[data-action="wxm-oa-quota-check"]');
    const report = await eventually(async () => {
      const n = (await formState(browser.page)).notifications['wxm-oa-quota'];
      expect(n?.[1]).toMatch(/^API quota today \(read /);
      return n!;
    }, 40_000);
    const row = await accountRow(org, accountA.appid);
    expect(report).toEqual([
      'INFO',
      `API quota today (read ${await shown(row[O.QuotaCheckedOn], 'en-US')}): Customer-service messages (replies) 0 of 500,000 used (500,000 left); Follower list 0 of 500 used (500 left); ` +
        'Follower profiles 0 of 500,000 used (500,000 left); Follower profiles in batches (sync): no daily quota; QR codes 0 of 100,000 used (100,000 left); Template messages 0 of 100,000 used (100,000 left); ' +
        'Mass send 0 of 100 used (100 left); Custom menus 0 of 1,000 used (1,000 left); Media upload (images in chats): no daily quota.',
    ]);
    expect(JSON.parse(String(row[O.QuotaReport]))[8]).toEqual({ path: '/cgi-bin/media/upload', tracked: false });
    expect((await formState(browser.page)).updates.map((u) => Object.keys(u.data))).toEqual([[O.QuotaRequestedOn]]);
    await screenshot('officialaccount-quota-en.png');
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('Reset quota after a confirmation: WeChat’s answer and the month’s counter; no eleventh reset is offered (Chinese)', async () => {
    const org = world.orgs[0];
    await show(org, await accountRow(org, accountA.appid), 2052, true);
    await browser.page.click('button[data-action="wxm-oa-quota-reset"]');
    await browser.page.waitForSelector('#confirm-dialog');
    expect((await formState(browser.page)).dialogs.at(-1)).toEqual({
      title: '重置接口配额？',
      text: `微信会将 ${accountA.nickName} 所有接口的今日调用次数清零。每个公众号每月可重置 10 次；本月还剩 10 次。`,
      confirmButtonLabel: '重置',
      cancelButtonLabel: '取消',
    });
    await browser.page.click('#confirm-ok');
    const resets = await eventually(async () => {
      const n = (await formState(browser.page)).notifications['wxm-oa-quota-resets'];
      expect(n?.[1]).toContain('已使用 1/10 次');
      return n!;
    }, 40_000);
    const row = await accountRow(org, accountA.appid);
    expect(row[O.QuotaResetsThisMonth]).toBe(1);
    expect(row[O.QuotaResetMonth]).toBe(beijingMonth(Date.now()));
    const zhLine = String(row[O.QuotaResetResult]).split('\n')[1];
    expect(String(row[O.QuotaResetResult])).toBe(resetDone(Date.parse(String(row[O.QuotaResetResult]).split(' ')[2]!.replace(/:$/, '')), 1));
    expect(resets).toEqual(['INFO', `本月（北京时间）配额重置：已使用 1/10 次。最近一次：${zhLine}`]);
    expect((await formState(browser.page)).controlNotifications.wxm_quotaresetsthismonth?.['wxm-oa-quota-reset']?.messages).toEqual([
      '重置此公众号所有接口的今日调用次数（本月还剩 9/10 次）。',
    ]);
    await screenshot('officialaccount-quota-zh.png');

    // The month used up (as the relay records after ten resets or WeChat's 48006): no Reset quota to press.
    await org.admin.update({ collection: OfficialAccount.entitySetName, key: String(row[O.Id]), data: { [O.QuotaResetsThisMonth]: 10 } });
    await show(org, await accountRow(org, accountA.appid), 2052);
    const state = await formState(browser.page);
    expect(state.notifications['wxm-oa-quota-resets']?.[1]).toMatch(/^本月（北京时间）配额重置：已使用 10\/10 次。/);
    expect(state.controlNotifications.wxm_quotaresetsthismonth).toBeUndefined();
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('an account whose deliveries failed: needs attention, and the last delivery error with its time', async () => {
    const org = world.orgs[0];
    const before = await accountRow(org, accountA.appid);
    // What the relay writes when the application user lost a privilege (functions/src/relay/delivery/account-status.ts).
    const error = problemText({ kind: 'forbidden', status: 403, code: '0x80040220', message: 'Principal user is missing prvCreatewxm_message privilege' });
    await org.admin.update({
      collection: OfficialAccount.entitySetName,
      key: String(before[O.Id]),
      data: { [O.LastDeliveryError]: error, [O.LastDeliveryErrorOn]: '2026-03-05T01:41:00Z', [O.AccountStatus]: AccountStatus.NeedsAttention },
    });
    const notifications = await show(org, await accountRow(org, accountA.appid), 1033);
    expect(notifications['wxm-oa-status']).toEqual(['WARNING', 'This account needs attention: check its permissions and the last delivery error.']);
    expect(notifications['wxm-oa-error']).toEqual(['ERROR', `Last delivery error (${await shown('2026-03-05T01:41:00Z', 'en-US')}): ${error}`]);
    expect(browser.errors).toEqual([]);
  });
});
