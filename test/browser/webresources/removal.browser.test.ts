/**
 * Remove account on the Official Account form in Chromium, around the fake Xrm, on the row the real relay wrote
 * after authorization: the button under Remove Data Too counts the account's rows through the Web API, the dialog
 * says what will be lost or kept (Chinese and English), cancelling writes nothing, and confirming goes through the
 * webhook and the relay process, which removes the account from the relay and marks the row (data kept); the form
 * then shows the relay's answer. Writes docs/screenshots/officialaccount-removal-{zh,en}.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStatus, ConnectionStatus, EntitySets, Follower, Message, OfficialAccount, SignedService } from '@wxm/solution/schema';
import type { FormSpec } from '../../../webresources/harness/spec.js';
import { confirmation } from '../../../webresources/src/forms/officialaccount/removal.js';
import { translator } from '../../../webresources/src/strings/index.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const O = OfficialAccount.columns;
const LIBRARY = 'wxm_/forms/officialaccount.js';
const COUNTS = { followers: 3, messages: 2, tags: 0, qrCodes: 0, referralPrograms: 0, dailyStats: 0 };

let world: BridgeWorld;
let harness: Harness;
let events: FormSpec['events'];
let browser: Browser;
let org: Org;

async function accountRow(): Promise<Record<string, unknown>> {
  const rows = (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, filter: `${O.AppId} eq '${accountA.appid}'` })).value as Record<
    string,
    unknown
  >[];
  if (!rows[0]) throw new Error('no account row');
  return rows[0];
}

async function show(row: Record<string, unknown>, lcid: Lcid) {
  harness.front(org.emulator.url);
  await openForm(
    browser.page,
    harness.url,
    LIBRARY,
    { languageId: lcid, clientUrl: org.environmentUrl, organizationId: org.emulator.organizationId, relayUrl: world.relay.url, dataverseToken: org.adminToken },
    {
      entityName: OfficialAccount.logicalName,
      id: `{${String(row[O.Id]).toUpperCase()}}`,
      formType: 2,
      events,
      ...attributesOf(OfficialAccount.logicalName, row, lcid),
    },
  );
  return formState(browser.page);
}

async function screenshot(name: string): Promise<Buffer> {
  const png = await browser.page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  expect(distinctColours(png)).toBeGreaterThan(20);
  return png;
}

beforeAll(async () => {
  [world, harness, events] = await Promise.all([startBridgeWorld(), startHarness(), packedFormEvents('wxm_officialaccount')]);
  browser = await openBrowser({ viewport: { width: 1100, height: 900 } });
  org = world.orgs[0];
  const token = await world.authorize(accountA, org);
  const id = await world.createSignedService(org, { [SignedService.columns.AppId]: accountA.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
  const account = String((await accountRow())[O.Id]);
  for (let i = 0; i < COUNTS.followers; i++) {
    const follower = org.emulator.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: `oRemoval${i}`,
      [Follower.columns.Name]: `f${i}`,
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
    });
    if (i < COUNTS.messages)
      org.emulator.insert(EntitySets.Message, {
        [Message.columns.Name]: `m${i}`,
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
        [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
      });
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

describe('Remove account', () => {
  it('counts, warns that WeChat still authorizes the account, and cancelling writes nothing (Chinese)', async () => {
    const state = await show(await accountRow(), 2052);
    expect(state.controlNotifications[O.RemoveData]?.['wxm-oa-removal']).toEqual({
      level: 'RECOMMENDATION',
      messages: ['从 Wechat Marketing 移除此公众号。请先选择“同时删除数据”（删除其记录）或保留数据，然后点击“移除公众号”。'],
      actions: ['移除公众号'],
    });
    await browser.page.click('button[data-action="wxm-oa-removal"]');
    await browser.page.waitForSelector('#confirm-dialog');
    expect((await formState(browser.page)).dialogs.at(-1)).toEqual(confirmation(accountA.nickName, COUNTS, false, true, translator('zh')));
    const zh = await screenshot('officialaccount-removal-zh.png');
    await browser.page.click('#confirm-cancel');
    expect((await formState(browser.page)).updates).toEqual([]);
    expect((await accountRow())[O.RemovalRequestedOn]).toBeNull();

    await show(await accountRow(), 1033);
    await browser.page.click('button[data-action="wxm-oa-removal"]');
    await browser.page.waitForSelector('#confirm-dialog');
    expect(sameImage(await screenshot('officialaccount-removal-en.png'), zh)).toBe(false);
    await browser.page.click('#confirm-cancel');
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('confirming (data kept) goes through the relay: the row is marked and the form shows the answer (English)', async () => {
    await show(await accountRow(), 1033);
    await browser.page.click('button[data-action="wxm-oa-removal"]');
    await browser.page.waitForSelector('#confirm-dialog');
    expect((await formState(browser.page)).dialogs.at(-1)).toEqual(confirmation(accountA.nickName, COUNTS, false, true, translator('en')));
    await browser.page.click('#confirm-ok');
    const row = await eventually(async () => {
      const r = await accountRow();
      expect(r[O.AccountStatus]).toBe(AccountStatus.Unauthorized);
      return r;
    }, 40_000);
    // The relay marks the request handled with the request's own time (dynamics-web-api reads dates as Date objects).
    expect(row[O.RemovalDoneOn]).toEqual(row[O.RemovalRequestedOn]);
    expect(String(row[O.RemovalState])).toMatch(/^Removed from the relay on .+; its data in Dataverse was kept\./);
    expect((await formState(browser.page)).updates.map((u) => u.data)).toEqual([
      { [O.RemovalRequestedOn]: new Date(row[O.RemovalRequestedOn] as Date).toISOString(), [O.RemoveData]: false },
    ]);
    const shown = await show(row, 1033);
    expect(shown.notifications['wxm-oa-removal']?.[1]).toBe(`Removal: ${String(row[O.RemovalState]).split('\n')[0]}`);
    const left = (await org.admin.retrieveMultiple({ collection: EntitySets.Follower, filter: `_wxm_officialaccountid_value eq ${String(row[O.Id])}` })).value;
    expect(left).toHaveLength(COUNTS.followers);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
