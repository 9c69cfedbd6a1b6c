/**
 * The Broadcast form script (wxm_/forms/broadcast.js) in Chromium, in English and Chinese, bound by the packed
 * FormXml of the wxm_broadcast main form: the reach estimate, Preview (to the chosen follower) / Send / Delete
 * stamping the request columns through the Web API (the Dataverse emulator), the API 群发保护 confirmation state,
 * WeChat's MASSSENDJOBFINISH report with the originality check, an active push's skipped report, and what the form
 * refuses before stamping anything. The relay's writes are played by the test (its own tests cover them). Writes
 * the README's screenshots broadcast-draft-en.png, broadcast-awaiting-zh.png, broadcast-sent-en.png, broadcast-refused-zh.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, Follower, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const STATUS = { Draft: 472610000, Scheduled: 472610001, AwaitingConfirmation: 472610003, Sent: 472610004, Failed: 472610005 };
const KIND = { MassSend: 472610000, ActivePush: 472610001 };
const AUDIENCE = { Everyone: 472610000, Tag: 472610001 };
const CONTENT = { Text: 472610000, Article: 472610004 };

const emulators = new Emulators();
let dv: DataverseEmulator;
let org: DataverseOrg;
let harness: Harness;
let browser: Browser;
let accountId: string;
let tagId: string;
let staffId: string;

const bind = (set: string, id: string) => `/${set}(${id})`;

function broadcastRow(fields: Record<string, unknown>): string {
  return dv.insert(EntitySets.Broadcast, {
    wxm_name: 'December newsletter',
    wxm_kind: KIND.MassSend,
    wxm_audiencekind: AUDIENCE.Tag,
    'wxm_TagId@odata.bind': bind(EntitySets.Tag, tagId),
    wxm_contenttype: CONTENT.Article,
    wxm_title: 'Winter collection is here',
    wxm_content: '<p>Our winter collection arrives in stores this week.</p>',
    wxm_broadcaststatus: STATUS.Draft,
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
    ...fields,
  });
}

/** The form as Dynamics shows the row: lookups as [{ id, name, entityType }], choices with their labels. */
async function open(id: string, lcid: Lcid, lookups: Record<string, { id: string; name: string; entityType: string }> = {}): Promise<void> {
  const row = dv.rows(EntitySets.Broadcast).find((r) => r.wxm_broadcastid === id)!;
  const spec = {
    entityName: 'wxm_broadcast',
    id: `{${id.toUpperCase()}}`,
    formType: 2,
    ...attributesOf('wxm_broadcast', row, lcid),
    events: await packedFormEvents('wxm_broadcast'),
  };
  for (const [column, value] of Object.entries(lookups)) spec.attributes[column] = { value: [{ ...value, id: `{${value.id.toUpperCase()}}` }] };
  const xrm = {
    languageId: lcid,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 }),
  };
  await openForm(browser.page, harness.url, 'wxm_/forms/broadcast.js', xrm, spec);
}

const tag = { id: '', name: 'VIP 会员', entityType: 'wxm_tag' };
const note = async (page: Page, id: string) => (await formState(page)).notifications[id];
const click = (page: Page, action: string) => page.locator(`button[data-action="${action}"]`).click();
const change = (page: Page, column: string, value: unknown) =>
  page.evaluate(([c, v]) => (globalThis as unknown as { __harness: { change(c: string, v: unknown): Promise<void> } }).__harness.change(c, v), [
    column,
    value,
  ] as const);
/**
 * The form's notifications and buttons, as tall as they are (the harness page has nothing below them), drawn as the
 * Unified Interface draws them: form notifications as bars by level, control notifications as recommendations.
 */
const FORM_LOOK = `body{font-family:"Segoe UI","WenQuanYi Micro Hei",sans-serif;font-size:14px;background:#faf9f8;padding:8px 0}
#notifications li{margin:0 0 2px;padding:8px 12px 8px 36px;position:relative;background:#f3f2f1;color:#323130}
#notifications li::before{position:absolute;left:12px;font-weight:700}
#notifications li[data-level=INFO]::before{content:"ⓘ";color:#0f6cbd}
#notifications li[data-level=WARNING]{background:#fff4ce}#notifications li[data-level=WARNING]::before{content:"⚠";color:#8a6d00}
#notifications li[data-level=ERROR]{background:#fde7e9}#notifications li[data-level=ERROR]::before{content:"⊗";color:#a4262c}
#control-notifications{list-style:none;margin:8px 16px;padding:0}
#control-notifications li{border:1px solid #c8c6c4;background:#fff;margin:4px 0;padding:8px 12px;border-radius:2px}
#control-notifications li::before{content:"💡 "}
#control-notifications button{margin-left:8px;background:#0f6cbd;color:#fff;border:0;border-radius:2px;padding:4px 14px;font:inherit;font-weight:600}`;
async function shoot(page: Page, name: string): Promise<Buffer> {
  await page.addStyleTag({ content: FORM_LOOK });
  return page.locator('body').screenshot({ path: join(SCREENSHOTS, name) });
}
const row = (id: string) => dv.rows(EntitySets.Broadcast).find((r) => r.wxm_broadcastid === id)!;
const reach = (count: number, limited: number, may: boolean) => ({
  wxm_reachcount: count,
  wxm_reachmonthlimited: limited,
  wxm_maysendtoday: may,
  wxm_reachestimatedon: new Date().toISOString(),
});

beforeAll(async () => {
  harness = await startHarness();
  dv = await emulators.start({ org: { audiences: [harness.url] } });
  harness.front(dv.url);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: 'wx1111111111111111',
    [OfficialAccount.columns.Name]: 'Contoso 服务号',
  });
  tagId = dv.insert(EntitySets.Tag, {
    wxm_name: 'VIP 会员',
    wxm_wechattagid: 101,
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
  });
  tag.id = tagId;
  staffId = dv.insert(EntitySets.Follower, {
    [Follower.columns.Name]: '林美（市场部）',
    [Follower.columns.OpenId]: 'o_staff_mei',
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
  });
  browser = await openBrowser({ viewport: { width: 1100, height: 560 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await emulators.closeAll();
});

describe('Broadcast form', () => {
  it('a draft: reach estimate; Preview asks whom to, then stamps the chosen follower; Send confirms, then waits for the administrator’s confirmation (English)', async () => {
    const id = broadcastRow(reach(1200, 37, true));
    await open(id, 1033, { wxm_tagid: tag });
    const page = browser.page;
    expect(await note(page, 'wxm-bc-status')).toEqual(['INFO', 'Draft: nothing has been sent. Preview it to a follower, then Send.']);
    expect((await note(page, 'wxm-bc-reach'))?.[1]).toMatch(
      /^Reach \(estimated .+\): 1,200 followers in the audience; 37 of them already received 4 mass messages this month and WeChat will filter them; the account may send today\.$/,
    );
    expect(await note(page, 'wxm-bc-refusal')).toBeUndefined();
    const controls = (await formState(page)).controlNotifications;
    expect(controls['wxm_previewfollowerid']?.['wxm-bc-preview']?.actions).toEqual(['Preview']);
    expect(controls['wxm_broadcaststatus']?.['wxm-bc-send']).toEqual({
      level: 'RECOMMENDATION',
      messages: ['Send this message to its audience (1,200 followers).'],
      actions: ['Send'],
    });
    const shot = await shoot(page, 'broadcast-draft-en.png');
    expect(distinctColours(shot)).toBeGreaterThan(2);

    // Preview with nobody chosen is refused on the form; nothing is stamped.
    await click(page, 'wxm-bc-preview');
    expect(await note(page, 'wxm-bc-refusal')).toEqual([
      'ERROR',
      'Choose whom to preview to in Preview To (or type their OpenID in Preview To (OpenID)) first.',
    ]);
    expect((await formState(page)).updates).toEqual([]);

    await change(page, 'wxm_previewfollowerid', [{ id: `{${staffId.toUpperCase()}}`, name: '林美（市场部）', entityType: 'wxm_follower' }]);
    await click(page, 'wxm-bc-preview');
    await expect.poll(async () => (await formState(page)).updates.length).toBe(1);
    const [preview] = (await formState(page)).updates;
    expect(preview!.entity).toBe('wxm_broadcast');
    expect(Object.keys(preview!.data).sort()).toEqual(['wxm_PreviewFollowerId@odata.bind', 'wxm_previewrequestedon']);
    expect(preview!.data['wxm_PreviewFollowerId@odata.bind']).toBe(`/wxm_followers(${staffId})`);
    expect(row(id)._wxm_previewfollowerid_value).toBe(staffId);
    expect(Date.parse(String(row(id).wxm_previewrequestedon))).toBe(Date.parse(String(preview!.data.wxm_previewrequestedon)));
    expect((await note(page, 'wxm-bc-request'))?.[1]).toMatch(/^Preview asked for .+: the relay sends it to 林美（市场部）\.$/);
    // The relay sends the preview and marks the request handled: Previewed On = the request's time (relay/broadcasts/preview.ts).
    await org.update(EntitySets.Broadcast, id, { wxm_previewedon: preview!.data.wxm_previewrequestedon, wxm_failurereason: null });
    await expect.poll(async () => (await note(page, 'wxm-bc-request'))?.[1], { timeout: 8000 }).toMatch(/^Preview sent to 林美（市场部） \(.+\)\.$/);

    await click(page, 'wxm-bc-send');
    await expect.poll(async () => (await formState(page)).dialogs.length).toBe(1);
    expect((await formState(page)).dialogs[0]).toEqual({
      title: 'Send this mass message?',
      text: 'December newsletter goes to 1,200 followers (37 of them already had 4 mass messages this month and will not receive it). A sent mass message cannot be recalled; an article can only be deleted afterwards.',
      confirmButtonLabel: 'Send',
      cancelButtonLabel: 'Cancel',
    });
    await page.locator('#confirm-ok').click();
    await expect.poll(() => row(id).wxm_sendrequestedon ?? null).not.toBeNull();
    expect((await formState(page)).updates.map((u) => Object.keys(u.data))).toEqual([
      ['wxm_previewrequestedon', 'wxm_PreviewFollowerId@odata.bind'],
      ['wxm_sendrequestedon'],
    ]);
    // The relay hands it to WeChat, which asks the account's administrator to confirm (API 群发保护).
    const sentOn = new Date();
    await org.update(EntitySets.Broadcast, id, { wxm_broadcaststatus: STATUS.AwaitingConfirmation, wxm_senton: sentOn.toISOString() });
    await expect.poll(async () => (await note(page, 'wxm-bc-status'))?.[0], { timeout: 8000 }).toBe('WARNING');
    const deadline = new Date(sentOn.getTime() + 30 * 60_000).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
    expect((await note(page, 'wxm-bc-status'))?.[1]).toBe(
      `Waiting for confirmation: this account has API mass-send protection (API 群发保护) on, so an administrator must confirm the send in WeChat by ${deadline} (30 minutes after WeChat asked), or WeChat cancels it.`,
    );
    const now = (await formState(page)).controlNotifications;
    expect(now['wxm_broadcaststatus']?.['wxm-bc-send']).toBeUndefined();
    expect(now['wxm_previewfollowerid']?.['wxm-bc-preview']).toBeUndefined();
    // The administrator confirms; WeChat's MASSSENDJOBFINISH arrives and the relay writes it: the form reads it within a watch tick.
    await org.update(EntitySets.Broadcast, id, {
      wxm_broadcaststatus: STATUS.Sent,
      wxm_resultstatus: 'send success',
      wxm_totalcount: 1200,
      wxm_filtercount: 1163,
      wxm_sentcount: 1160,
      wxm_errorcount: 3,
      wxm_copyrightresult: JSON.stringify([{ ArticleIdx: 1, UserDeclareState: 0, AuditState: 2, OriginalArticleUrl: '', CanReprint: 0 }]),
    });
    await expect
      .poll(async () => (await note(page, 'wxm-bc-results'))?.[1], { timeout: 12_000 })
      .toBe('WeChat’s report (send success): 1,200 in the audience, 1,163 after filtering, 1,160 sent, 3 failed.');
    expect(await note(page, 'wxm-bc-copyright')).toEqual(['INFO', 'Originality check: article 1: original']);
    expect((await note(page, 'wxm-bc-status'))?.[1]).toMatch(/^Sent .+\. WeChat reports the result below once it finished delivering\.$/);
    expect((await formState(page)).controlNotifications['wxm_broadcaststatus']?.['wxm-bc-delete']?.actions).toEqual(['Delete']);
    await shoot(page, 'broadcast-sent-en.png');

    // Delete after sending: confirmed, then stamped.
    await click(page, 'wxm-bc-delete');
    await expect.poll(async () => (await formState(page)).dialogs.length).toBe(2);
    expect((await formState(page)).dialogs[1]?.text).toBe('Followers can no longer open December newsletter. This cannot be undone.');
    await page.locator('#confirm-ok').click();
    await expect.poll(() => row(id).wxm_deleterequestedon ?? null).not.toBeNull();
    expect(browser.errors).toEqual([]);
  });

  it('waiting for confirmation, and a send WeChat’s review refused, in Chinese', async () => {
    const sentOn = new Date();
    const waiting = broadcastRow({ wxm_broadcaststatus: STATUS.AwaitingConfirmation, wxm_senton: sentOn.toISOString(), ...reach(1200, 37, true) });
    await open(waiting, 2052, { wxm_tagid: tag });
    const deadline = new Date(sentOn.getTime() + 30 * 60_000).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
    expect(await note(browser.page, 'wxm-bc-status')).toEqual([
      'WARNING',
      `等待确认：该公众号开启了 API 群发保护，管理员须在 ${deadline} 前（微信发出确认请求后 30 分钟内）在微信中确认，否则微信将取消此次群发。`,
    ]);
    await shoot(browser.page, 'broadcast-awaiting-zh.png');

    const refused = broadcastRow({
      wxm_broadcaststatus: STATUS.Failed,
      wxm_senton: sentOn.toISOString(),
      wxm_resultstatus: 'err(10001)',
      wxm_totalcount: 1200,
      wxm_filtercount: 0,
      wxm_sentcount: 0,
      wxm_errorcount: 0,
      wxm_failurereason: 'WeChat refused the send: err(10001), advertising.\n微信拒绝了此次群发：err(10001)，涉嫌广告。',
      wxm_copyrightresult: JSON.stringify({
        Count: 2,
        ResultList: {
          item: [
            { ArticleIdx: 1, OriginalArticleUrl: '' },
            { ArticleIdx: 2, OriginalArticleUrl: 'https://mp.weixin.qq.com/s/abc', CanReprint: 0 },
          ],
        },
      }),
    });
    await open(refused, 2052, { wxm_tagid: tag });
    expect(await note(browser.page, 'wxm-bc-status')).toEqual(['ERROR', '未发送：微信拒绝了此次群发：err(10001)，涉嫌广告。']);
    expect(await note(browser.page, 'wxm-bc-results')).toEqual([
      'INFO',
      '微信报告（未通过微信审核，err(10001)：涉嫌广告）：受众 1,200 人，过滤后 0 人，发送成功 0 人，失败 0 人。',
    ]);
    expect(await note(browser.page, 'wxm-bc-copyright')).toEqual([
      'INFO',
      '原创校验：第 1 篇：原创；第 2 篇：转载自 https://mp.weixin.qq.com/s/abc，不允许转载',
    ]);
    expect((await formState(browser.page)).controlNotifications['wxm_broadcaststatus'] ?? {}).toEqual({});
    expect(browser.errors).toEqual([]);
  });

  it('refuses what the relay would refuse before stamping: an empty audience, a schedule in the past, no tag, no text (Chinese and English)', async () => {
    const past = new Date(Date.now() - 3600_000);
    const id = broadcastRow({ wxm_sendon: past.toISOString(), ...reach(0, 0, true) });
    await open(id, 2052, { wxm_tagid: tag });
    const time = past.toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
    expect(await note(browser.page, 'wxm-bc-status')).toEqual(['INFO', '草稿：尚未发送。请先预览给一位粉丝，再发送。']);
    expect(await note(browser.page, 'wxm-bc-refusal')).toEqual([
      'ERROR',
      `受众为空：没有粉丝会收到此消息。请选择其他受众。 定时 ${time} 已经过去：请选择更晚的时间，或清空发送时间以立即发送。`,
    ]);
    const controls = (await formState(browser.page)).controlNotifications;
    expect(controls['wxm_broadcaststatus']?.['wxm-bc-send']).toBeUndefined();
    expect(controls['wxm_previewfollowerid']?.['wxm-bc-preview']?.actions).toEqual(['预览']);
    await shoot(browser.page, 'broadcast-refused-zh.png');

    // A preview the relay refuses (here: WeChat's 40003 for an openid of another account) is marked handled with its reason.
    await change(browser.page, 'wxm_previewopenid', 'o_not_this_account');
    await click(browser.page, 'wxm-bc-preview');
    await expect.poll(() => row(id).wxm_previewrequestedon ?? null).not.toBeNull();
    expect(row(id).wxm_previewopenid).toBe('o_not_this_account');
    await org.update(EntitySets.Broadcast, id, {
      wxm_previewedon: row(id).wxm_previewrequestedon,
      wxm_failurereason: 'Preview not sent: WeChat answered 40003 (invalid openid).\n未发送预览：微信返回 40003（OpenID 无效）。',
    });
    await expect
      .poll(async () => note(browser.page, 'wxm-bc-request'), { timeout: 8000 })
      .toEqual(['WARNING', '中继服务提示：未发送预览：微信返回 40003（OpenID 无效）。']);

    const untagged = broadcastRow({ wxm_contenttype: CONTENT.Text, wxm_content: null, ...reach(12, 0, false) });
    await open(untagged, 1033);
    expect(await note(browser.page, 'wxm-bc-refusal')).toEqual([
      'ERROR',
      'Choose whom to send to: pick the tag. The account may not send a mass message today: WeChat would refuse it. Schedule it for tomorrow. Write the content first: the text to send.',
    ]);
    expect((await note(browser.page, 'wxm-bc-reach'))?.[0]).toBe('WARNING');
    expect((await formState(browser.page)).updates).toEqual([]);
  });

  it('an active push: reach without the monthly limit, and who was skipped and why', async () => {
    const id = broadcastRow({
      wxm_kind: KIND.ActivePush,
      wxm_audiencekind: AUDIENCE.Everyone,
      wxm_contenttype: CONTENT.Text,
      wxm_content: 'Thanks for chatting with us today!',
      wxm_broadcaststatus: STATUS.Sent,
      wxm_senton: new Date().toISOString(),
      wxm_totalcount: 3,
      wxm_sentcount: 1,
      wxm_skippedreport: 'o_b: reply window closed 2 days ago\no_c: 5 messages already sent in this window',
      ...reach(3, 0, true),
    });
    await open(id, 1033);
    expect(await note(browser.page, 'wxm-bc-skipped')).toEqual([
      'INFO',
      'Skipped by the active push: o_b: reply window closed 2 days ago\no_c: 5 messages already sent in this window',
    ]);
    expect(await note(browser.page, 'wxm-bc-reach')).toBeUndefined();
    expect((await formState(browser.page)).controlNotifications['wxm_broadcaststatus']?.['wxm-bc-delete']).toBeUndefined();
  });
});
