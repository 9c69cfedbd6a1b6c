/**
 * The menu designer (pcf-controls/MenuDesigner) in Chromium, mounted as a model-driven form mounts it, against the
 * Dataverse emulator: the phone preview, names' bytes counted as the operator types, every button type and its
 * fields, problems before saving (the relay's own rules), which auto-reply rule answers a click key, the notes
 * before publishing a conditional menu (last tag wins, 3 domains, the default menu's cascade), and Publish / Import
 * stamping their request columns and showing what the relay wrote. English and Chinese, with screenshots.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AutoReply, AutoReplyKind, EntitySets, Menu, MenuState, OfficialAccount, Tag } from '@wxm/solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../../emulators/dataverse/index.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { ensureDesignerBuilt, startDesignerHarness, type Harness } from './harness/server.js';

const C = Menu.columns;
let dv: DataverseEmulator;
let harness: Harness;
let browser: Browser;
let accountId: string;
let tagId: string;
let token = '';

const DEFAULT = [
  { type: 'click', name: '今日优惠', key: 'TODAY' },
  {
    name: '服务',
    sub_button: [
      { type: 'view', name: '官网 Website', url: 'https://www.example.com/' },
      { type: 'miniprogram', name: '小程序商城', url: 'https://www.example.com/shop', appid: 'wx1234567890abcdef', pagepath: 'pages/index' },
      { type: 'scancode_push', name: '扫码签到', key: 'CHECKIN' },
    ],
  },
  { type: 'location_select', name: 'Nearby', key: 'NEARBY' },
];
const CONDITIONAL = [
  {
    name: 'VIP',
    sub_button: ['a', 'b', 'c', 'd'].map((d) => ({ type: 'view', name: `VIP ${d.toUpperCase()}`, url: `https://${d}.example.com/vip` })),
  },
];

const insertMenu = (name: string, definition: unknown, fields: Record<string, unknown> = {}) =>
  dv.insert(EntitySets.Menu, {
    [C.Name]: name,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    [C.Definition]: JSON.stringify(definition),
    [C.State]: MenuState.Draft,
    ...fields,
  });
const stored = (id: string) => dv.rows(EntitySets.Menu).find((r) => r[C.Id] === id) ?? {};

beforeAll(async () => {
  ensureDesignerBuilt();
  dv = await startDataverseEmulator();
  token = dv.issueToken({ lifetimeSeconds: 3600 });
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.Name]: '甲咖啡 Coffee', [OfficialAccount.columns.AppId]: 'wx00000000000000a1' });
  tagId = dv.insert(EntitySets.Tag, {
    [Tag.columns.Name]: 'VIP',
    [Tag.columns.WechatTagId]: 101,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
  });
  dv.insert(EntitySets.AutoReply, {
    [AutoReply.columns.Name]: "Today's offer",
    [AutoReply.columns.Kind]: AutoReplyKind.MenuClick,
    [AutoReply.columns.MenuKey]: 'TODAY',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
  });
  harness = await startDesignerHarness({ serviceRoot: dv.serviceRoot, token: () => token });
  browser = await openBrowser({ viewport: { width: 960, height: 1180 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await dv?.close();
});

interface Record_ {
  missingStrings: string[];
  requests: { method: string; url: string; status: number; body?: string }[];
  outputs: string[];
  confirms: string[];
}
const record = (page: Page) => page.evaluate(() => (globalThis as unknown as { harness: { record: Record_ } }).harness.record);

afterEach(async () => {
  expect(browser.errors).toEqual([]);
  expect((await record(browser.page)).missingStrings).toEqual([]);
});

async function mount(options: { recordId?: string; definition: string | null; languageId: 1033 | 2052 }): Promise<Page> {
  const { page } = browser;
  await page.goto(harness.url);
  await page.waitForFunction(() => 'harness' in globalThis);
  await page.evaluate((o) => (globalThis as unknown as { harness: { mount(o: unknown): Promise<void> } }).harness.mount(o), options);
  await page.waitForSelector('[data-testid=menu-designer]');
  return page;
}
const text = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).innerText();

describe('menu designer', () => {
  it('draws the menu as WeChat does and counts bytes as the operator types (16 on top, 60 on a sub-button)', async () => {
    const id = insertMenu('Spring menu', DEFAULT);
    const page = await mount({ recordId: id, definition: JSON.stringify(DEFAULT), languageId: 1033 });
    await page.waitForSelector('text=甲咖啡 Coffee');
    expect(await page.locator('.wxm-md-top').allInnerTexts()).toEqual(['今日优惠', '≡ 服务', 'Nearby']);
    expect(await text(page, 'menu-bytes-name')).toBe('12 / 16 bytes');
    expect(await text(page, 'menu-click-rule')).toBe("Answered by the auto-reply rule “Today's offer”.");
    await page.locator('[data-testid=menu-field-name]').fill('今日特别优惠');
    expect(await text(page, 'menu-bytes-name')).toBe('18 / 16 bytes');
    expect(await page.locator('[data-testid=menu-bytes-name]').getAttribute('class')).toContain('is-over');
    expect(await text(page, 'menu-problems')).toContain('Button 1: "今日特别优惠" is 18 bytes; WeChat takes at most 16 (a Chinese character is 3).');
    expect(await page.locator('[data-testid=menu-publish]').isDisabled()).toBe(true);
    await page.locator('[data-testid=menu-field-name]').fill('特别优惠');
    expect(await text(page, 'menu-problems')).toContain('WeChat will take this menu.');
    // Every edit went to the form's wxm_definition.
    const last = JSON.parse((await record(page)).outputs.at(-1)!);
    expect(last[0]).toEqual({ type: 'click', name: '特别优惠', key: 'TODAY' });
    // The account's Menu click rules are offered as keys.
    expect(
      await page
        .locator('[data-testid=menu-click-keys] option')
        .evaluateAll((os) => os.map((o) => [(o as unknown as { value: string }).value, (o as unknown as { label: string }).label])),
    ).toEqual([['TODAY', "Today's offer"]]);
    // A key no rule answers says so.
    await page.locator('[data-testid=menu-field-key]').fill('SPRING');
    expect(await text(page, 'menu-click-rule')).toBe('No auto-reply rule answers this key yet: add a Menu click rule with the key “SPRING”.');
    // The sub-menu opens above its button; a sub-button's name takes 60 bytes.
    await page.locator('[data-testid=menu-top-2]').click();
    expect(await page.locator('.wxm-md-subitem').allInnerTexts()).toEqual(['官网 Website', '小程序商城', '扫码签到', '+ Sub-button']);
    await page.locator('.wxm-md-subitem', { hasText: '小程序商城' }).click();
    expect(await text(page, 'menu-bytes-name')).toBe('15 / 60 bytes');
    expect(await page.locator('[data-testid=menu-field-appid]').inputValue()).toBe('wx1234567890abcdef');
    expect(await page.locator('[data-testid=menu-field-pagepath]').inputValue()).toBe('pages/index');
    await page.locator('[data-testid=menu-field-url]').fill(`https://www.example.com/${'x'.repeat(1010)}`);
    expect(await text(page, 'menu-bytes-url')).toBe('1034 / 1024 bytes');
    expect(await text(page, 'menu-problems')).toContain('Button 2, sub-button 2: the web address is 1034 bytes; WeChat takes at most 1,024.');
    await page.locator('[data-testid=menu-field-url]').fill('https://www.example.com/shop');
    await page.locator('.wxm-md-subitem', { hasText: '官网 Website' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'menu-designer-en.png'), fullPage: true });
  });

  it('offers every button type WeChat has, with the fields each needs; adds, moves and deletes buttons within the limits', async () => {
    const page = await mount({ definition: null, languageId: 1033 });
    expect(await text(page, 'menu-problems')).toContain('A menu has 1 to 3 buttons (this one has 0).');
    await page.locator('[data-testid=menu-add-top]').click();
    const options = await page.locator('[data-testid=menu-field-type] option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(options).toEqual([
      'click',
      'view',
      'miniprogram',
      'scancode_push',
      'scancode_waitmsg',
      'pic_sysphoto',
      'pic_photo_or_album',
      'pic_weixin',
      'location_select',
      'media_id',
      'article_id',
      'article_view_limited',
      'view_limited',
    ]);
    const fieldsOf = async (type: string) => {
      await page.locator('[data-testid=menu-field-type]').selectOption(type);
      return page
        .locator('[data-testid^=menu-field-]:not([data-testid=menu-field-type]):not([data-testid=menu-field-name])')
        .evaluateAll((es) => es.map((e) => (e as unknown as { dataset: { testid: string } }).dataset.testid));
    };
    expect(await fieldsOf('view')).toEqual(['menu-field-url']);
    expect(await fieldsOf('miniprogram')).toEqual(['menu-field-url', 'menu-field-appid', 'menu-field-pagepath']);
    expect(await fieldsOf('media_id')).toEqual(['menu-field-media_id']);
    expect(await fieldsOf('article_view_limited')).toEqual(['menu-field-article_id']);
    expect(await fieldsOf('pic_weixin')).toEqual(['menu-field-key']);
    expect(await text(page, 'menu-problems')).toContain('Button 1 needs a key.');
    await page.locator('[data-testid=menu-add-top]').click();
    await page.locator('[data-testid=menu-add-top]').click();
    expect(await page.locator('[data-testid=menu-add-top]').count()).toBe(0);
    await page.locator('[data-testid=menu-top-1]').click();
    for (let i = 0; i < 5; i++) await page.locator('[data-testid=menu-editor-add-sub]').or(page.locator('[data-testid=menu-add-sub]')).first().click();
    expect(await page.locator('.wxm-md-subitem:not(.wxm-md-add)').count()).toBe(5);
    expect(await page.locator('[data-testid=menu-add-sub]').count()).toBe(0);
    await page.locator('[data-testid=menu-delete]').click();
    expect(await page.locator('.wxm-md-subitem:not(.wxm-md-add)').count()).toBe(4);
    // Without a saved record there is nothing to publish yet.
    expect(await text(page, 'menu-publish-why')).toBe('Save the menu once to publish it.');
  });

  it('Publish stamps wxm_publishrequestedon on the saved row and shows what the relay writes back', async () => {
    const id = insertMenu('Publish me', DEFAULT);
    const page = await mount({ recordId: id, definition: JSON.stringify(DEFAULT), languageId: 1033 });
    await page.waitForSelector('[data-testid=menu-state]');
    expect(await text(page, 'menu-state')).toBe('State: Draft');
    // An unsaved change: Publish waits for the save.
    await page.locator('[data-testid=menu-field-name]').fill('今日');
    expect(await text(page, 'menu-publish-why')).toBe('Save the form first: Publish sends the menu as saved.');
    await page.locator('[data-testid=menu-field-name]').fill('今日优惠');
    expect(await page.locator('[data-testid=menu-publish-why]').count()).toBe(0);
    await page.locator('[data-testid=menu-publish]').click();
    await page.waitForSelector('text=Publish requested; the relay is publishing the menu.');
    expect(typeof stored(id)[C.PublishRequestedOn]).toBe('string');
    const patch = (await record(page)).requests.find((r) => r.method === 'PATCH');
    expect(Object.keys(JSON.parse(patch!.body!))).toEqual([C.PublishRequestedOn]);
    // The relay writes the outcome (as relay/menus/menu-row.ts does); the designer reads the row again.
    await fetch(`${dv.serviceRoot}${EntitySets.Menu}(${id})`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ [C.State]: MenuState.Published, [C.PublishedOn]: '2026-12-04T10:00:00Z' }),
    });
    await page.waitForSelector('[data-testid=menu-state]:has-text("Published")', { timeout: 10_000 });
  });

  it('in Chinese: a conditional menu explains the last tag, the 3 domains and the cascade, and refuses a fourth domain', async () => {
    const id = insertMenu('VIP menu', CONDITIONAL, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${tagId})` });
    const page = await mount({ recordId: id, definition: JSON.stringify(CONDITIONAL), languageId: 2052 });
    await page.waitForSelector('text=向标签“VIP”的粉丝显示；其他粉丝看到默认菜单。');
    const notes = await text(page, 'menu-notes');
    expect(notes).toContain('粉丝带有多个有个性化菜单的标签时，显示最后添加的标签的菜单（最后的标签生效）。');
    expect(notes).toContain('个性化菜单的网页跳转最多 3 个域名；此菜单 4 个：a.example.com、b.example.com、c.example.com、d.example.com。');
    expect(notes).toContain('删除默认菜单会同时删除所有个性化菜单；须先有默认菜单才能发布个性化菜单。');
    expect(await text(page, 'menu-problems')).toContain(
      '个性化菜单的网页跳转最多 3 个域名，当前 4 个：a.example.com、b.example.com、c.example.com、d.example.com。',
    );
    expect(await text(page, 'menu-publish-why')).toBe('请先处理上述问题。');
    await page.locator('[data-testid=menu-top-1]').click();
    await page.locator('.wxm-md-subitem', { hasText: 'VIP A' }).click();
    expect(await text(page, 'menu-bytes-name')).toBe('5 / 60 字节');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'menu-designer-zh.png'), fullPage: true });
  });

  it('Import asks first, then stamps wxm_importrequestedon', async () => {
    const id = insertMenu('Import here', DEFAULT);
    const page = await mount({ recordId: id, definition: JSON.stringify(DEFAULT), languageId: 1033 });
    await page.waitForSelector('[data-testid=menu-state]');
    await page.evaluate(() => (globalThis as unknown as { harness: { answerConfirm(a: boolean): void } }).harness.answerConfirm(false));
    await page.locator('[data-testid=menu-import]').click();
    expect((await record(page)).confirms).toEqual(["Importing replaces this menu's buttons with what WeChat shows now. Import?"]);
    expect(stored(id)[C.ImportRequestedOn] ?? null).toBe(null);
    await page.evaluate(() => (globalThis as unknown as { harness: { answerConfirm(a: boolean): void } }).harness.answerConfirm(true));
    await page.locator('[data-testid=menu-import]').click();
    await page.waitForSelector('text=Import requested; the relay is reading the live menu.');
    expect(typeof stored(id)[C.ImportRequestedOn]).toBe('string');
  });
});
