/**
 * The template composer in Chromium, in English and Chinese (wxm_/pages/composer.html in an app shell with the fake
 * Xrm, reading and writing the Dataverse emulator with the operator's session), and the Template message button the
 * Follower form's packed FormXml binds (wxm_/pages/composerbutton.js). The relay's part (sending and writing the
 * delivery back) is played by the test where it matters, as the QR code tests do. Writes the README's screenshots
 * composer-en.png and composer-zh.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, Follower, OfficialAccount, schema } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import type { SchemaModel, TableModel } from '../../../solution/src/model.js';
import { withSavedQueries } from '../../emulators/dataverse/audience-tables.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const emulators = new Emulators();
let dv: DataverseEmulator;
let org: DataverseOrg;
let harness: Harness;
let browser: Browser;
let accountId: string;
let otherAccountId: string;
let contactId: string;
let meiId: string;
let templateId: string;
let viewId: string;

const shell = (
  query: string,
) => `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;width:1000px;height:960px}</style></head><body>
<script src="/harness/fake-xrm.js"></script>
<script>__harness.installXrm(JSON.parse(decodeURIComponent(location.hash.slice(1))));</script>
<iframe id="webresource" src="/WebResources/wxm_/pages/composer.html${query}"></iframe></body></html>`;

let opened = 0;
async function composer(languageId: Lcid, query: string) {
  const spec = {
    languageId,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 }),
  };
  await browser.page.goto(`${harness.url}/composer-shell.html?q=${encodeURIComponent(query)}&n=${++opened}#${encodeURIComponent(JSON.stringify(spec))}`);
  return browser.page.frameLocator('#webresource');
}

const bind = (set: string, id: string) => `/${set}(${id})`;

function follower(name: string, openid: string, account: string, extra: Record<string, unknown> = {}): string {
  return dv.insert(EntitySets.Follower, {
    [Follower.columns.Name]: name,
    [Follower.columns.OpenId]: openid,
    [Follower.columns.Subscribed]: true,
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, account),
    ...extra,
  });
}

/** Check quota's report as the relay writes it (relay/accounts/quota-hint.ts), checked `checkedOn`. */
async function quota(remain: number, checkedOn = new Date()): Promise<void> {
  const report = [
    { path: '/cgi-bin/message/custom/send', dailyLimit: 500_000, used: 0, remain: 500_000 },
    { path: '/cgi-bin/message/template/send', dailyLimit: 100_000, used: 100_000 - remain, remain },
  ];
  await org.update(EntitySets.OfficialAccount, accountId, {
    [OfficialAccount.columns.QuotaReport]: JSON.stringify(report),
    [OfficialAccount.columns.QuotaCheckedOn]: checkedOn.toISOString(),
  });
}

const messages = () => dv.rows(EntitySets.TemplateMessage);

/** Dynamics' Case (incident), which the emulator does not have built in: a title and its customer (a contact here). */
const incidentTable = {
  logicalName: 'incident',
  schemaName: 'Incident',
  entitySetName: 'incidents',
  primaryIdAttribute: 'incidentid',
  primaryNameAttribute: 'title',
  ownership: 'UserOwned',
  columns: {
    incidentid: { logicalName: 'incidentid', schemaName: 'incidentid', type: 'primarykey', required: 'none' },
    title: { logicalName: 'title', schemaName: 'title', type: 'string', maxLength: 200, required: 'none' },
    ticketnumber: { logicalName: 'ticketnumber', schemaName: 'ticketnumber', type: 'string', maxLength: 100, required: 'none' },
    customerid: {
      logicalName: 'customerid',
      schemaName: 'customerid_contact',
      type: 'lookup',
      required: 'none',
      targets: ['contact'],
      navigationProperty: 'customerid_contact',
    },
  },
  alternateKeys: [],
} as unknown as TableModel;

beforeAll(async () => {
  harness = await startHarness();
  const base = withSavedQueries(schema);
  dv = await emulators.start({ schema: { ...base, tables: { ...base.tables, incident: incidentTable } } as SchemaModel, org: { audiences: [harness.url] } });
  harness.front(dv.url);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: 'wx1111111111111111',
    [OfficialAccount.columns.Name]: 'Contoso 服务号',
  });
  otherAccountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: 'wx2222222222222222',
    [OfficialAccount.columns.Name]: 'Other Account',
  });
  contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin', fullname: 'Mei Lin' });
  meiId = follower('林美', 'o_mei', accountId);
  dv.insert(EntitySets.Binding, {
    wxm_name: 'Mei Lin · 林美',
    wxm_source: 'qr:test',
    'wxm_FollowerId@odata.bind': bind(EntitySets.Follower, meiId),
    'wxm_ContactId@odata.bind': bind('contacts', contactId),
  });
  templateId = dv.insert(EntitySets.Template, {
    wxm_name: '订单发货通知',
    wxm_wechattemplateid: 'tmpl_ship_001',
    wxm_content: '订单号：{{character_string1.DATA}}\n商品名称：{{thing2.DATA}}\n收货人：{{thing3.DATA}}',
    wxm_fields: JSON.stringify([
      { key: 'character_string1', label: '订单号' },
      { key: 'thing2', label: '商品名称' },
      { key: 'thing3', label: '收货人' },
    ]),
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
  });
  // A template of another account is never offered for this one.
  dv.insert(EntitySets.Template, {
    wxm_name: 'Other account template',
    wxm_wechattemplateid: 'tmpl_other',
    wxm_fields: JSON.stringify([{ key: 'thing1', label: 'X' }]),
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, otherAccountId),
  });
  // The view "VIP followers": 3 of this account following (one blocked templates), 1 unfollowed, 1 of the other account.
  for (const [name, openid, account, extra] of [
    ['王芳', 'o_vip1', accountId, {}],
    ['张伟', 'o_vip2', accountId, {}],
    ['李娜', 'o_vip3', accountId, { [Follower.columns.TemplateBlocked]: true }],
    ['赵磊', 'o_vip4', accountId, { [Follower.columns.Subscribed]: false }],
    ['Other', 'o_vip5', otherAccountId, {}],
  ] as const)
    follower(name, openid, account, { [Follower.columns.Remark]: 'VIP', ...extra });
  viewId = dv.insert('savedqueries', {
    name: 'VIP followers',
    returnedtypecode: 'wxm_follower',
    querytype: 0,
    fetchxml:
      '<fetch><entity name="wxm_follower"><attribute name="wxm_name"/><filter><condition attribute="wxm_remark" operator="eq" value="VIP"/></filter><order attribute="wxm_name"/></entity></fetch>',
  });
  browser = await openBrowser({ viewport: { width: 1000, height: 960 } });
  await browser.page.route(`${harness.url}/composer-shell.html*`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell(new URL(route.request().url()).searchParams.get('q') ?? '') }),
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await emulators.closeAll();
});

describe('Template composer', () => {
  it('from a contact: fills fields from its columns, checks the 2023 rules, previews the card and creates one row for the bound follower (English)', async () => {
    await quota(3);
    const page = await composer(1033, `?data=${encodeURIComponent(`entity=contact&id=${contactId}`)}`);
    await expect.poll(() => page.locator('#about').textContent()).toBe('About Mei Lin');
    expect(await page.locator('#account option:checked').textContent()).toBe('Contoso 服务号');
    expect(await page.locator('#template option').allTextContents()).toEqual(['Choose a template', '订单发货通知']);
    expect(await page.locator('label[for="mode-follower"]').textContent()).toBe('This record’s follower: 林美');
    expect(await page.locator('#quota').textContent()).toMatch(/^Today’s template messages: 3 of 100,000 left \(quota checked .+, 0 created since\)\.$/);

    await page.locator('#template').selectOption(templateId);
    expect(await page.locator('#fields label').allTextContents()).toEqual(['订单号 (character_string1)', '商品名称 (thing2)', '收货人 (thing3)']);
    // Every field needs a value: WeChat would show it blank.
    expect(await page.locator('#send').isDisabled()).toBe(true);
    await page.locator('[data-field="character_string1"]').fill('SO-2026-0042');
    await page.locator('[data-field="thing2"]').fill('Contoso ergonomic office chair, graphite grey');
    await page.locator('[data-source="thing3"]').selectOption('fullname');
    expect(await page.locator('[data-field="thing3"]').inputValue()).toBe('Mei Lin');
    await expect
      .poll(() => page.locator('[data-problem="thing2"]').textContent())
      .toBe('"商品名称" (thing2): at most 20 characters (since 2023-05-04); this value has 45.');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('[data-preview="thing2"]').getAttribute('class')).toBe('bad');

    await page.locator('[data-field="thing2"]').fill('Ergonomic chair');
    expect(await page.locator('[data-problem="thing2"]').textContent()).toBe('');
    expect(await page.locator('#preview-title').textContent()).toBe('订单发货通知');
    expect(await page.locator('.card-fields dt').allTextContents()).toEqual(['订单号', '商品名称', '收货人']);
    expect(await page.locator('.card-fields dd').allTextContents()).toEqual(['SO-2026-0042', 'Ergonomic chair', 'Mei Lin']);
    expect(await page.locator('#preview-link').textContent()).toBe('Details›');
    const link = `${harness.url}/main.aspx?pagetype=entityrecord&etn=contact&id=${contactId}`;
    expect(await page.locator('#link').inputValue()).toBe(link);
    expect(await page.locator('#send').textContent()).toBe('Send to 1');
    const shot = await browser.page.screenshot({ path: join(SCREENSHOTS, 'composer-en.png') });
    expect(distinctColours(shot)).toBeGreaterThan(2);

    await page.locator('#send').click();
    await expect.poll(() => page.locator('#result-state').textContent()).toBe('Created 1 template messages; the relay sends them now.');
    const rows = messages().filter((r) => r.wxm_regarding === `contact:${contactId}`);
    expect(
      rows.map((r) => [
        r.wxm_name,
        r._wxm_templateid_value,
        r._wxm_followerid_value,
        r._wxm_officialaccountid_value,
        JSON.parse(String(r.wxm_values)),
        r.wxm_url,
      ]),
    ).toEqual([['Mei Lin → 林美', templateId, meiId, accountId, { character_string1: 'SO-2026-0042', thing2: 'Ergonomic chair', thing3: 'Mei Lin' }, link]]);
    // The relay sends it and TEMPLATESENDJOBFINISH says success: the composer shows it delivered.
    await org.update(EntitySets.TemplateMessage, String(rows[0]!.wxm_templatemessageid), { wxm_deliverystatus: 472610005, wxm_sentreason: 'success' });
    await expect.poll(() => page.locator('#result-status').textContent(), { timeout: 10_000 }).toBe('1 delivered, 0 sent, 0 waiting, 0 failed.');
    // The row counts against today's quota.
    expect(await page.locator('#quota').textContent()).toMatch(/^Today’s template messages: 2 of 100,000 left \(quota checked .+, 1 created since\)\.$/);
    expect(browser.errors).toEqual([]);
  });

  it('to a view’s followers: only this account’s followers who follow and did not block templates; never more than today’s quota (Chinese)', async () => {
    // Dataverse keeps whole seconds: a row made in the second of the check counts against it (the composer errs on
    // the safe side), so the check comes a second after the first test's row.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await quota(2);
    const page = await composer(2052, `?data=${encodeURIComponent(`entity=wxm_follower&id=${meiId}`)}`);
    await expect.poll(() => page.locator('#about').textContent()).toBe('关于 林美');
    await page.locator('#template').selectOption(templateId);
    await page.locator('[data-field="character_string1"]').fill('SO-2026-0100');
    await page.locator('[data-field="thing2"]').fill('年终答谢礼盒');
    await page.locator('[data-field="thing3"]').fill('尊敬的会员');
    await page.locator('#mode-view').check();
    await page.locator('#view').selectOption(viewId);
    await expect
      .poll(() => page.locator('#view-count').textContent())
      .toBe('视图中有此公众号的粉丝 3 位（其他公众号或已取消关注的 2 位不发送）。 其中 1 位已拒收此公众号的模板消息，不发送。');
    expect(await page.locator('#problems li').allTextContents()).toEqual([]);
    expect(await page.locator('#quota').textContent()).toMatch(/^今日模板消息：剩余 2 \/ 100,000 条（额度查询于 .+，此后已创建 0 条）。$/);
    expect(await page.locator('#send').textContent()).toBe('发送给 2 位');
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#result-state').textContent()).toBe('已创建 2 条模板消息，中继服务正在发送。');
    const rows = messages().filter((r) => JSON.parse(String(r.wxm_values)).character_string1 === 'SO-2026-0100');
    const openidOf = (id: unknown) => dv.rows(EntitySets.Follower).find((f) => f.wxm_followerid === id)?.wxm_openid;
    expect(rows.map((r) => [openidOf(r._wxm_followerid_value), r.wxm_name, r.wxm_regarding]).sort()).toEqual([
      ['o_vip1', '林美 → 王芳', `wxm_follower:${meiId}`],
      ['o_vip2', '林美 → 张伟', `wxm_follower:${meiId}`],
    ]);
    // Today's quota is used up now: the same view again would be refused before any row is made.
    await expect
      .poll(() => page.locator('#problems li').allTextContents())
      .toEqual(['将创建 2 条消息，但今日额度只剩 0 条。请选择更小的视图，或明天再发送其余部分。']);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#quota').textContent()).toMatch(/^今日模板消息：剩余 0 \/ 100,000 条（额度查询于 .+，此后已创建 2 条）。$/);
    // The relay delivers one; WeChat reports the other blocked (TEMPLATESENDJOBFINISH failed:user block).
    const [first, second] = rows.sort((x, y) => String(x.wxm_name).localeCompare(String(y.wxm_name)));
    await org.update(EntitySets.TemplateMessage, String(first!.wxm_templatemessageid), { wxm_deliverystatus: 472610005, wxm_sentreason: 'success' });
    await org.update(EntitySets.TemplateMessage, String(second!.wxm_templatemessageid), {
      wxm_deliverystatus: 472610004,
      wxm_sentreason: 'failed:user block',
      wxm_failurereason:
        'WeChat reported failed:user block: the follower refuses template messages from this account.\n微信报告 failed:user block：该粉丝已拒收此公众号的模板消息。',
    });
    await expect.poll(() => page.locator('#result-status').textContent(), { timeout: 10_000 }).toBe('已送达 1 条，已发送 0 条，等待中 0 条，失败 1 条。');
    expect(await page.locator('#result-failures li').allTextContents()).toEqual([
      `${String(second!.wxm_name)}：微信报告 failed:user block：该粉丝已拒收此公众号的模板消息。`,
    ]);
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'composer-zh.png') });
    expect(browser.errors).toEqual([]);
  });
});

describe('Template composer from a case', () => {
  it('finds the follower bound to the case’s customer, links to the case and says what it is about', async () => {
    const caseId = dv.insert('incidents', {
      title: 'Printer offline',
      ticketnumber: 'CAS-00012',
      'customerid_contact@odata.bind': bind('contacts', contactId),
    });
    const page = await composer(1033, `?typename=incident&id=%7B${caseId.toUpperCase()}%7D`);
    await expect.poll(() => page.locator('#about').textContent()).toBe('About Printer offline');
    expect(await page.locator('label[for="mode-follower"]').textContent()).toBe('This record’s follower: 林美');
    expect(await page.locator('#link').inputValue()).toBe(`${harness.url}/main.aspx?pagetype=entityrecord&etn=incident&id=${caseId}`);
    await page.locator('#template').selectOption(templateId);
    await page.locator('[data-source="character_string1"]').selectOption('ticketnumber');
    expect(await page.locator('[data-field="character_string1"]').inputValue()).toBe('CAS-00012');
    expect(await page.locator('#send').textContent()).toBe('Send to 1');
    expect(browser.errors).toEqual([]);
  });
});

describe('Template composer from the sitemap (Outreach → Send Template Message)', () => {
  it('has no record: the first account, a view’s followers only, nothing to send until a view is chosen', async () => {
    const page = await composer(1033, '');
    await expect.poll(() => page.locator('#account option').allTextContents()).toEqual(['Contoso 服务号', 'Other Account']);
    expect(await page.locator('#about').count()).toBe(0);
    expect(await page.locator('#mode-follower').isDisabled()).toBe(true);
    expect(await page.locator('#mode-view').isChecked()).toBe(true);
    await page.locator('#template').selectOption(templateId);
    for (const [key, value] of [
      ['character_string1', 'SO-1'],
      ['thing2', 'Gift box'],
      ['thing3', 'Member'],
    ])
      await page.locator(`[data-field="${key}"]`).fill(value!);
    expect(await page.locator('#problems li').allTextContents()).toContain('Nobody to send to: choose a view with followers of this account.');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#link').inputValue()).toBe('');
    expect(browser.errors).toEqual([]);
  });
});

describe('Template composer with a view past one page', () => {
  it('reads every page of the view (5,000 rows a page) and counts against the quota', async () => {
    for (let i = 0; i < 5010; i += 1) follower(`Bulk ${i}`, `o_bulk_${String(i).padStart(5, '0')}`, accountId, { [Follower.columns.Remark]: 'BULK' });
    const bulk = dv.insert('savedqueries', {
      name: 'Bulk followers',
      returnedtypecode: 'wxm_follower',
      querytype: 0,
      fetchxml:
        '<fetch><entity name="wxm_follower"><attribute name="wxm_name"/><filter><condition attribute="wxm_remark" operator="eq" value="BULK"/></filter></entity></fetch>',
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await quota(5000);
    const page = await composer(1033, '');
    await page.locator('#template').selectOption(templateId);
    for (const key of ['character_string1', 'thing2', 'thing3']) await page.locator(`[data-field="${key}"]`).fill('x');
    await page.locator('#view').selectOption(bulk);
    await expect
      .poll(() => page.locator('#view-count').textContent(), { timeout: 60_000 })
      .toBe('5,010 followers of this account in the view (0 of other accounts or not following are left out).');
    expect(await page.locator('#problems li').allTextContents()).toEqual([
      'This would create 5,010 messages, but only 5,000 remain in today’s quota. Choose a smaller view, or send the rest tomorrow.',
    ]);
    expect(await page.locator('#send').textContent()).toBe('Send to 5,010');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});

describe('Template composer for a follower who left', () => {
  it('says WeChat would refuse it and sends nothing', async () => {
    const zhao = String(dv.rows(EntitySets.Follower).find((f) => f.wxm_openid === 'o_vip4')!.wxm_followerid);
    const page = await composer(1033, `?data=${encodeURIComponent(`entity=wxm_follower&id=${zhao}`)}`);
    await expect.poll(() => page.locator('#about').textContent()).toBe('About 赵磊');
    await page.locator('#template').selectOption(templateId);
    for (const key of ['character_string1', 'thing2', 'thing3']) await page.locator(`[data-field="${key}"]`).fill('x');
    expect(await page.locator('#problems li').allTextContents()).toEqual(['赵磊 no longer follows this account: WeChat would refuse the message (43004).']);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(browser.errors).toEqual([]);
  });
});

describe('Template message button', () => {
  it('on the Follower form opens the composer for this follower (English and Chinese)', async () => {
    const row = dv.rows(EntitySets.Follower).find((r) => r.wxm_followerid === meiId)!;
    for (const [lcid, message, action] of [
      [1033, 'Send a WeChat template message about this record.', 'Template message'],
      [2052, '就此记录发送微信模板消息。', '模板消息'],
    ] as const) {
      const spec = {
        entityName: 'wxm_follower',
        id: `{${meiId.toUpperCase()}}`,
        formType: 2,
        ...attributesOf('wxm_follower', row, lcid),
        events: await packedFormEvents('wxm_follower'),
      };
      await openForm(
        browser.page,
        harness.url,
        'wxm_/pages/composerbutton.js',
        { languageId: lcid, clientUrl: harness.url, organizationId: dv.organizationId, relayUrl: null },
        spec,
      );
      let state = await formState(browser.page);
      expect(state.controlNotifications['wxm_openid']?.['wxm-composer-open']).toEqual({ level: 'RECOMMENDATION', messages: [message], actions: [action] });
      await browser.page.locator('button[data-action="wxm-composer-open"]').click();
      state = await formState(browser.page);
      expect(state.navigations).toEqual([
        {
          pageInput: { pageType: 'webresource', webresourceName: 'wxm_/pages/composer.html', data: `entity=wxm_follower&id=${meiId}` },
          options: {
            target: 2,
            width: { value: 1000, unit: 'px' },
            height: { value: 780, unit: 'px' },
            title: lcid === 1033 ? 'Send a WeChat template message' : '发送微信模板消息',
          },
        },
      ]);
    }
  });
});
