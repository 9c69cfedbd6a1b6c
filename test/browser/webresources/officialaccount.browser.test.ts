/**
 * The Official Account form script in Chromium, around a fake Xrm, on rows the real relay wrote into the
 * Dataverse emulator after authorization: status, required permission sets, verification, the last delivery error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemText } from '../../../functions/src/relay/delivery/account-status.js';
import { AccountStatus, ConnectionStatus, OfficialAccount, SignedService } from '@wxm/solution/schema';
import type { FormSpec } from '../../../webresources/harness/spec.js';
import { openBrowser, type Browser } from '../../support/browser.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const O = OfficialAccount.columns;
const LIBRARY = 'wxm_/forms/officialaccount.js';
/** Not verified, and without mass messages (7) and menus (15). */
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

async function show(org: Org, row: Record<string, unknown>, lcid: Lcid) {
  const id = String(row[O.Id]);
  const xrm = { languageId: lcid, clientUrl: org.environmentUrl, organizationId: org.emulator.organizationId, relayUrl: world.relay.url };
  await openForm(browser.page, harness.url, LIBRARY, xrm, {
    entityName: OfficialAccount.logicalName,
    id,
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

beforeAll(async () => {
  [world, harness, events] = await Promise.all([startBridgeWorld(), startHarness(), packedFormEvents('wxm_officialaccount')]);
  world.sim.addAccount(partial);
  browser = await openBrowser();
  await connect(world.orgs[0], accountA);
  await connect(world.orgs[1], partial);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

describe('Official Account form', () => {
  it('an authorized, verified account with every required permission set (English)', async () => {
    const row = await accountRow(world.orgs[0], accountA.appid);
    expect(await show(world.orgs[0], row, 1033)).toEqual({
      'wxm-oa-status': ['INFO', `Authorized to Wechat Marketing since ${await shown(row[O.AuthorizedOn], 'en-US')}.`],
      'wxm-oa-permissions': [
        'INFO',
        'Permissions: all 5 required permission sets are granted (Message management · 消息管理; User management · 用户管理; Mass messages and notifications · 群发与通知; Media management · 素材管理; Custom menus · 自定义菜单).',
      ],
      'wxm-oa-verification': ['INFO', 'Verification: WeChat Verified.'],
    });
  });

  it('an unverified account missing two required permission sets (Chinese)', async () => {
    const row = await accountRow(world.orgs[1], partial.appid);
    const notifications = await show(world.orgs[1], row, 2052);
    expect(notifications['wxm-oa-permissions']).toEqual([
      'WARNING',
      '权限：5 个必需的权限集中已授予 3 个。缺少：群发与通知 · Mass messages and notifications；自定义菜单 · Custom menus。请通过“开通服务”重新授权并保持勾选。',
    ]);
    expect(notifications['wxm-oa-verification']).toEqual(['WARNING', '认证：未通过微信认证。从 Dynamics 365 回复所用的客服消息接口仅向已认证的账号开放。']);
    expect(notifications['wxm-oa-status']).toEqual(['INFO', `自 ${await shown(row[O.AuthorizedOn], 'zh-CN')} 起已授权给微信营销。`]);
  });

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
