/**
 * The QR Code form in Chromium, in English and Chinese: its form script (wxm_/forms/qrcode.js: state, reason,
 * expiry and counts, "Show QR code · Download PNG") in the form harness, and the QR display it opens
 * (wxm_/forms/qrcode.html) in an app shell with the fake Xrm, reading the row from the Dataverse emulator with the
 * user's session. The code itself is made by the WeChat simulator's qrcode/create and showqrcode (the PNG the relay
 * stores). Writes docs-worthy screenshots qrcode-display-en.png, qrcode-display-zh.png, qrcode-form-zh.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, OfficialAccount, QrCode, QrPurpose, RowSyncState } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { urlOfPng } from '../../emulators/wechat/apis/qrcode.js';
import { authorizerTokens, callApi, DEMO, startHarness as startSimulator, type Harness as Simulator } from '../../emulators/wechat/testkit/harness.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const emulators = new Emulators();
const Q = QrCode.columns;
let sim: Simulator;
let dv: DataverseEmulator;
let org: DataverseOrg;
let harness: Harness;
let browser: Browser;
let accessToken: string;
let accountId: string;

/** An app shell: the fake Xrm, then the QR display in an iframe that reaches it as parent.Xrm. */
const shell = (
  query: string,
) => `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;width:520px;height:720px}</style></head><body>
<script src="/harness/fake-xrm.js"></script>
<script>__harness.installXrm(JSON.parse(decodeURIComponent(location.hash.slice(1))));</script>
<iframe id="webresource" src="/WebResources/wxm_/forms/qrcode.html${query}"></iframe></body></html>`;

async function display(languageId: Lcid, id: string) {
  const spec = {
    languageId,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 }),
  };
  // As Xrm.Navigation.navigateTo passes it: ?data=id%3D<id>
  await browser.page.goto(
    `${harness.url}/qrcode-shell.html?${encodeURIComponent(`?data=${encodeURIComponent(`id=${id}`)}`)}#${encodeURIComponent(JSON.stringify(spec))}`,
  );
  return browser.page.frameLocator('#webresource');
}

/** The relay's part, as relay/qrcodes does it: qrcode/create, then the PNG from showqrcode, written to the row. */
async function make(scene: string, expireSeconds: number | undefined): Promise<Record<string, unknown>> {
  const body =
    expireSeconds === undefined
      ? { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: scene } } }
      : { action_name: 'QR_STR_SCENE', expire_seconds: expireSeconds, action_info: { scene: { scene_str: scene } } };
  const made = await callApi(sim.sim, 'qrcode/create', { access_token: accessToken }, body);
  const png = Buffer.from(await (await fetch(`${sim.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`)).arrayBuffer());
  return {
    [Q.Ticket]: made.ticket,
    [Q.Url]: made.url,
    [Q.Image]: png.toString('base64'),
    [Q.ImageUrl]: `${sim.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`,
    [Q.ExpiresOn]: expireSeconds === undefined ? null : new Date(Date.now() + expireSeconds * 1000).toISOString(),
    [Q.State]: RowSyncState.Synced,
  };
}

function codeRow(fields: Record<string, unknown>): string {
  return dv.insert(EntitySets.QrCode, {
    [Q.Name]: 'Shanghai expo booth',
    [Q.Purpose]: QrPurpose.Channel,
    [Q.Permanent]: false,
    [Q.Scene]: 'expo_2026',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    ...fields,
  });
}

beforeAll(async () => {
  [sim, harness] = await Promise.all([startSimulator(), startHarness()]);
  accessToken = (await authorizerTokens(sim.sim, DEMO.appid, [1, 2, 3])).accessToken;
  dv = await emulators.start({ org: { audiences: [harness.url] } });
  harness.front(dv.url);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Demo Service Account' });
  browser = await openBrowser({ viewport: { width: 520, height: 720 } });
  await browser.page.route(`${harness.url}/qrcode-shell.html*`, (route) => {
    const query = decodeURIComponent(new URL(route.request().url()).search.slice(1));
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell(query) });
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sim?.close();
  await emulators.closeAll();
});

describe('QR display', () => {
  it('shows the image WeChat made, its URL, expiry and counts, and downloads the PNG (English)', async () => {
    const id = codeRow({ ...(await make('expo_2026', 7 * 86400)), [Q.ScanCount]: 12, [Q.NewFollowerCount]: 8, [Q.StillFollowing]: 7 });
    const page = await display(1033, id);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Shanghai expo booth');
    const row = dv.rows(EntitySets.QrCode).find((r) => r[Q.Id] === id)!;
    expect(await page.locator('#qr').getAttribute('src')).toBe(`data:image/png;base64,${String(row[Q.Image])}`);
    expect(await page.locator('#qr').getAttribute('alt')).toBe('QR code Shanghai expo booth');
    expect(await page.locator('#url').textContent()).toBe(row[Q.Url]);
    expect(await page.locator('#scene').textContent()).toBe('expo_2026');
    expect(await page.locator('#expires').textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M$/);
    expect([
      await page.locator('#scans').textContent(),
      await page.locator('#new-followers').textContent(),
      await page.locator('#still-following').textContent(),
    ]).toEqual(['12', '8', '7']);
    expect(await page.locator('#state').count()).toBe(0);
    const [download] = await Promise.all([browser.page.waitForEvent('download'), page.locator('#download').click()]);
    expect(download.suggestedFilename()).toBe('Shanghai-expo-booth.png');
    const png = readFileSync(await download.path());
    expect(png.toString('base64')).toBe(row[Q.Image]);
    expect(urlOfPng(png)).toBe(row[Q.Url]);
    const shot = await browser.page.screenshot({ path: join(SCREENSHOTS, 'qrcode-display-en.png') });
    expect(distinctColours(shot)).toBeGreaterThan(2);
    expect(browser.errors).toEqual([]);
  });

  it('a code WeChat refused shows the relay’s reason in Chinese; a code being made appears once the relay wrote it', async () => {
    const failed = codeRow({
      [Q.Scene]: 'refused_1',
      [Q.State]: RowSyncState.Failed,
      [Q.FailureReason]:
        'Not created: WeChat answered 45029: the account already has 100,000 permanent QR codes\n未创建：微信返回错误 45029：该公众号的永久二维码已达 100,000 个上限',
    });
    let page = await display(2052, failed);
    await expect
      .poll(() => page.locator('#state').textContent())
      .toBe('微信未生成此二维码：未创建：微信返回错误 45029：该公众号的永久二维码已达 100,000 个上限 请修改记录后再次保存。');
    expect(await page.locator('#qr').count()).toBe(0);

    const pending = codeRow({ [Q.Name]: '门店海报', [Q.Scene]: 'store_poster', [Q.Permanent]: true, [Q.State]: RowSyncState.Pending });
    page = await display(2052, pending);
    await expect.poll(() => page.locator('#state').textContent()).toBe('微信正在生成此二维码，请稍后刷新表单。');
    await org.update(EntitySets.QrCode, pending, {
      ...(await make('store_poster', undefined)),
      [Q.ScanCount]: 3,
      [Q.NewFollowerCount]: 2,
      [Q.StillFollowing]: 2,
    });
    await expect.poll(() => page.locator('#qr').getAttribute('src'), { timeout: 8000 }).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(await page.locator('#expires').textContent()).toBe('永不过期（永久二维码）');
    expect(await page.locator('#download').textContent()).toBe('下载 PNG');
    expect(await page.locator('#download').getAttribute('download')).toBe('门店海报.png');
    expect(await page.locator('dt').allTextContents()).toEqual(['二维码内容', '场景值', '过期时间', '扫码次数', '新增粉丝', '留存粉丝']);
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'qrcode-display-zh.png') });
    expect(browser.errors).toEqual([]);
  });
});

describe('QR Code form script', () => {
  const xrmSpec = (languageId: Lcid) => ({ languageId, clientUrl: harness.url, organizationId: dv.organizationId, relayUrl: null });
  const form = async (id: string, lcid: Lcid) => {
    const row = dv.rows(EntitySets.QrCode).find((r) => r[Q.Id] === id)!;
    return {
      entityName: 'wxm_qrcode',
      id: `{${id.toUpperCase()}}`,
      formType: 2,
      ...attributesOf('wxm_qrcode', row, lcid),
      events: await packedFormEvents('wxm_qrcode'),
    };
  };

  it('a made code: expiry and counts, and the action that opens the QR display with the row id (English and Chinese)', async () => {
    const id = codeRow({ ...(await make('expo_form', 86400)), [Q.Scene]: 'expo_form', [Q.ScanCount]: 5, [Q.NewFollowerCount]: 4, [Q.StillFollowing]: 3 });
    await openForm(browser.page, harness.url, 'wxm_/forms/qrcode.js', xrmSpec(1033), await form(id, 1033));
    let state = await formState(browser.page);
    expect(state.notifications['wxm-qrcode-state']?.[0]).toBe('INFO');
    expect(state.notifications['wxm-qrcode-state']?.[1]).toMatch(/^Ready until .+: 5 scans, 4 new followers, 3 still following\.$/);
    expect(state.controlNotifications['wxm_url']?.['wxm-qrcode-show']).toEqual({
      level: 'RECOMMENDATION',
      messages: ['WeChat QR code'],
      actions: ['Show QR code · Download PNG'],
    });
    await browser.page.locator('button[data-action="wxm-qrcode-show"]').click();
    state = await formState(browser.page);
    expect(state.navigations).toEqual([
      {
        pageInput: { pageType: 'webresource', webresourceName: 'wxm_/forms/qrcode.html', data: `id=${id}` },
        options: { target: 2, width: { value: 520, unit: 'px' }, height: { value: 720, unit: 'px' }, title: 'Shanghai expo booth' },
      },
    ]);

    await openForm(browser.page, harness.url, 'wxm_/forms/qrcode.js', xrmSpec(2052), await form(id, 2052));
    state = await formState(browser.page);
    expect(state.notifications['wxm-qrcode-state']?.[1]).toMatch(/^有效期至 .+：扫码 5 次，新增粉丝 4 人，留存 3 人。$/);
    expect(state.controlNotifications['wxm_url']?.['wxm-qrcode-show']?.actions).toEqual(['显示二维码 · 下载 PNG']);
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'qrcode-form-zh.png') });
  });

  it('a refused code shows the reason in the user’s language and offers nothing to show', async () => {
    const id = codeRow({
      [Q.Scene]: 'no_set_3',
      [Q.State]: RowSyncState.Failed,
      [Q.FailureReason]: 'Not created: this Official Account cannot make parametric QR codes.\n未创建：该公众号无法生成带参数二维码。',
    });
    await openForm(browser.page, harness.url, 'wxm_/forms/qrcode.js', xrmSpec(1033), await form(id, 1033));
    let state = await formState(browser.page);
    expect(state.notifications['wxm-qrcode-state']).toEqual([
      'ERROR',
      'WeChat did not make this code: Not created: this Official Account cannot make parametric QR codes. Fix the row and save it again.',
    ]);
    expect(state.controlNotifications['wxm_url']?.['wxm-qrcode-show']).toBeUndefined();
    await openForm(browser.page, harness.url, 'wxm_/forms/qrcode.js', xrmSpec(2052), await form(id, 2052));
    state = await formState(browser.page);
    expect(state.notifications['wxm-qrcode-state']?.[1]).toBe('微信未生成此二维码：未创建：该公众号无法生成带参数二维码。 请修改记录后再次保存。');
  });
});
