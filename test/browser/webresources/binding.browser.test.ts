/**
 * Bind WeChat (wxm_/pages/binding.html) in Chromium, inside an app shell with the fake Xrm, on the Dataverse
 * emulator through the org's front (Xrm.WebApi with the user's session). The relay's part of a binding code
 * (creating it in WeChat when the row is saved: the qrcodes part) is played by `relayMakesCodes` below with
 * the WeChat simulator's qrcode/create and showqrcode; the scan is the production bindByScan on the emulator.
 * (binding-scan.browser.test.ts runs the same through the real relay process; this file keeps the page's own
 * cases fast and exact: failures, expiry, several accounts, removal.)
 * Covers: a contact's code shown with its expiry, "bound to <follower>" once the scan binds, the binding listed
 * and removed (English); the user's own code, several accounts, WeChat's failure reason and expiry (Chinese);
 * a user who is not the signed-in one refused. Writes docs/screenshots/binding-*.png.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose, RowSyncState } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import { bindByScan } from '../../../functions/src/relay/delivery/binding-scan.js';
import { newBindingScene } from '../../../functions/src/relay/binding/scene.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { authorizerTokens, callApi, DEMO, startHarness as startSimulator, type Harness as Simulator } from '../../emulators/wechat/testkit/harness.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { startHarness, type Harness } from './support/harness-server.js';
import { serveBindingShell, shellUrl } from './binding-shell.js';

const OPENID = 'oBindFollower7788';
const emulators = new Emulators();
let sim: Simulator;
let dv: DataverseEmulator;
let org: DataverseOrg;
let harness: Harness;
let browser: Browser;
let accessToken: string;
let accountId: string;
let contactId: string;
const Q = QrCode.columns;
/** The page asks for the relay's image every 1.5 s and for the scan's binding every 3 s. */
const WAIT = { timeout: 10_000 };

async function open(languageId: 1033 | 2052, query = '', extra: Record<string, unknown> = {}) {
  const spec = {
    languageId,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 }),
    userId: dv.defaultUser.systemUserId,
    ...extra,
  };
  await browser.page.goto(shellUrl(harness.url, query, spec));
  return browser.page.frameLocator('#webresource');
}

/**
 * The relay's part (relay/qrcodes, not this part's): each new binding code row gets a scene, a WeChat code from
 * the simulator and its PNG, and Synced; or Failed with a reason. Returns the rows it handled.
 */
async function relayMakesCodes(options: { lifetimeSeconds?: number; fail?: string } = {}): Promise<{ id: string; scene: string }[]> {
  const handled: { id: string; scene: string }[] = [];
  for (const row of dv.rows(EntitySets.QrCode)) {
    if (row[Q.Purpose] !== QrPurpose.Binding || (row[Q.State] !== undefined && row[Q.State] !== null)) continue;
    const id = String(row[Q.Id]);
    if (options.fail) {
      await org.update(EntitySets.QrCode, id, { [Q.State]: RowSyncState.Failed, [Q.FailureReason]: options.fail });
      handled.push({ id, scene: '' });
      continue;
    }
    const scene = newBindingScene();
    const seconds = options.lifetimeSeconds ?? Number(row[Q.ExpireSeconds]);
    const made = await callApi(
      sim.sim,
      'qrcode/create',
      { access_token: accessToken },
      { action_name: 'QR_STR_SCENE', expire_seconds: seconds, action_info: { scene: { scene_str: scene } } },
    );
    const png = Buffer.from(await (await fetch(`${sim.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`)).arrayBuffer());
    await org.update(EntitySets.QrCode, id, {
      [Q.Scene]: scene,
      [Q.Ticket]: made.ticket,
      [Q.Url]: made.url,
      [Q.Image]: png.toString('base64'),
      [Q.ExpiresOn]: new Date(Date.now() + seconds * 1000).toISOString(),
      [Q.State]: RowSyncState.Synced,
    });
    handled.push({ id, scene });
  }
  return handled;
}

async function relayEventually(options: Parameters<typeof relayMakesCodes>[0] = {}) {
  for (let i = 0; i < 50; i++) {
    const handled = await relayMakesCodes(options);
    if (handled.length) return handled[0]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the page made no binding code');
}

beforeAll(async () => {
  [sim, harness] = await Promise.all([startSimulator(), startHarness()]);
  accessToken = (await authorizerTokens(sim.sim, DEMO.appid, [1, 2, 3, 4])).accessToken;
  dv = await emulators.start({ schema: bindingTestSchema, org: { audiences: [harness.url] } });
  harness.front(dv.url);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Demo Service Account' });
  dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: OPENID,
    [Follower.columns.Name]: '林美',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
  });
  contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin', fullname: 'Mei Lin' });
  browser = await openBrowser();
  await serveBindingShell(browser.page, harness.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sim?.close();
  await emulators.closeAll();
});

describe('Bind WeChat page', () => {
  it('shows a contact’s single-use code with its expiry, then “bound to” the follower who scanned it; the binding is listed (English)', async () => {
    const page = await open(1033, `?typename=contact&id=%7B${contactId.toUpperCase()}%7D`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bind this customer’s WeChat');
    await expect.poll(() => page.locator('#no-bindings').textContent()).toBe('No WeChat is bound yet.');
    // One account: no account choice is offered.
    expect(await page.locator('#account').count()).toBe(0);
    await page.locator('#show').click();
    const code = await relayEventually();
    const row = dv.rows(EntitySets.QrCode).find((r) => r[Q.Id] === code.id)!;
    expect([row[Q.Purpose], row[Q.ExpireSeconds], row[`_${Q.BindContactId}_value`], row[`_${Q.OfficialAccountId}_value`], row[Q.Name]]).toEqual([
      QrPurpose.Binding,
      300,
      contactId,
      accountId,
      'Bind WeChat · Mei Lin',
    ]);
    await expect.poll(() => page.locator('#code-image').getAttribute('src'), WAIT).toMatch(/^data:image\/png;base64,iVBOR/);
    await expect.poll(() => page.locator('#code-expiry').textContent()).toMatch(/^Expires at \d\d:\d\d (AM |PM )?\((4:5\d|5:00) left\)$/);
    expect(await page.locator('#code-status').getAttribute('data-state')).toBe('waiting');
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'binding-code-en.png'), fullPage: true });

    // The follower scans: delivery hands the bind_ scene to bindByScan (production code, on the emulator).
    const outcome = await bindByScan(org, { accountId, openid: OPENID, scene: code.scene, at: new Date() }, new RecordingLogger());
    expect(outcome).toEqual({ status: 'bound', qrcodeId: code.id, person: 'contact' });
    await expect.poll(() => page.locator('#code-status').textContent(), WAIT).toBe('Bound to 林美.');
    await expect.poll(() => page.locator('#bindings tbody tr').count()).toBe(1);
    expect(await page.locator('#bindings tbody td').allTextContents()).toEqual(['林美', 'QR code scan', expect.stringMatching(/\d{4}/), 'Remove']);
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'binding-bound-en.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });

  it('removes a binding after a confirmation that says what stays; only the binding row is deleted', async () => {
    const page = await open(1033, `?data=${encodeURIComponent(`contact=${contactId}`)}`);
    await expect.poll(() => page.locator('#bindings tbody tr').count()).toBe(1);
    await page.locator('button[data-remove]').click();
    const dialog = browser.page.locator('#confirm-dialog');
    await expect.poll(() => dialog.locator('h2').textContent()).toBe('Remove this binding?');
    expect(await dialog.locator('p').textContent()).toContain('only the link between them is deleted');
    await dialog.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('#bindings-notice').textContent()).toBe('The binding was removed.');
    expect(await page.locator('#no-bindings').textContent()).toBe('No WeChat is bound yet.');
    expect(dv.rows(EntitySets.Binding)).toEqual([]);
    // The follower, the contact and the spent code stay.
    expect(dv.rows(EntitySets.Follower)).toHaveLength(1);
    expect(dv.rows('contacts').map((c) => c['contactid'])).toEqual([contactId]);
    expect(dv.rows(EntitySets.QrCode).every((r) => typeof r[Q.UsedOn] === 'string')).toBe(true);
  });

  it('binds the user’s own WeChat from the sitemap, with a choice of account, WeChat’s failure reason and the expiry (Chinese)', async () => {
    const second = dv.insert(EntitySets.OfficialAccount, {
      [OfficialAccount.columns.AppId]: 'wx00000000000000f6',
      [OfficialAccount.columns.Name]: '乙公司服务号',
    });
    const page = await open(2052);
    await expect.poll(() => page.locator('h1').textContent()).toBe('绑定我的微信');
    expect(await page.locator('#who').getAttribute('data-kind')).toBe('systemuser');
    expect(await page.locator('#account option').allTextContents()).toEqual(['Demo Service Account', '乙公司服务号']);
    await page.locator('#account').selectOption(second);
    await page.locator('#show').click();
    await relayEventually({ fail: '48001: api unauthorized 公众号未授予二维码权限（权限集 3）' });
    await expect
      .poll(() => page.locator('#code-status').textContent(), WAIT)
      .toBe('微信未能生成二维码：48001: api unauthorized 公众号未授予二维码权限（权限集 3）');
    const failed = dv.rows(EntitySets.QrCode).find((r) => r[Q.State] === RowSyncState.Failed)!;
    expect([failed[`_${Q.BindUserId}_value`], failed[`_${Q.OfficialAccountId}_value`]]).toEqual([dv.defaultUser.systemUserId, second]);

    await page.locator('#account').selectOption(accountId);
    await page.locator('#show').click();
    await relayEventually({ lifetimeSeconds: 4 });
    await expect.poll(() => page.locator('#code-expiry').textContent(), WAIT).toMatch(/^\d\d:\d\d 过期（剩余 0:0[0-4]）$/);
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'binding-code-zh.png'), fullPage: true });
    await expect.poll(() => page.locator('#code-status').textContent(), WAIT).toBe('此二维码已过期，扫码不再绑定。');
    expect(await page.locator('#code-image').getAttribute('class')).toBe('expired');
    expect(browser.errors).toEqual([]);
  });

  it('the two languages’ screenshots are real and differ', () => {
    const en = readFileSync(join(SCREENSHOTS, 'binding-code-en.png'));
    const zh = readFileSync(join(SCREENSHOTS, 'binding-code-zh.png'));
    expect(distinctColours(en)).toBeGreaterThan(20);
    expect(sameImage(en, zh)).toBe(false);
  });

  it('from the sitemap, a contact is chosen with the platform’s lookup dialog', async () => {
    const page = await open(1033, '', { lookup: { id: `{${contactId.toUpperCase()}}`, entityType: 'contact', name: 'Mei Lin' } });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bind my WeChat');
    await page.locator('#choose-contact').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bind this customer’s WeChat');
    expect(await page.locator('#person').textContent()).toBe('Mei Lin');
    expect(await page.locator('#who').getAttribute('data-kind')).toBe('contact');
  });

  it('refuses to make a code for a user other than the signed-in one, and a record it cannot read', async () => {
    const other = await open(1033, `?typename=systemuser&id=${crypto.randomUUID()}`);
    await expect
      .poll(() => other.locator('[role=alert]').textContent())
      .toBe('A user’s WeChat can be bound only by that user, from their own page: whoever scans the code receives their notifications.');
    const bad = await open(2052, '?typename=account&id=x');
    await expect.poll(() => bad.locator('[role=alert]').textContent()).toBe('请从微信营销应用（受众 → 绑定微信）或从记录中打开此页面。');
    expect(await other.locator('#show').count()).toBe(0);
    expect(Binding.entitySetName).toBe('wxm_bindings');
  });
});
