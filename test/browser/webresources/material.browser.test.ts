/**
 * The Material form script (wxm_/forms/material.js) in Chromium, in English and Chinese, bound by the packed FormXml
 * of the wxm_material main form, over the Dataverse emulator's Web API, with the relay's own use case
 * (relay/materials, onMaterialSaved) answering each request against the WeChat simulator as the Update step's hint
 * would make it: Choose file… (the client's file dialog) attaches the file as a note and asks for the upload; the
 * form shows each step and WeChat's media id and URL; Delete from WeChat after a confirmation; an account at
 * WeChat's ceiling (1,000 voices) refuses the note already on the row, with the reason. Writes the README's
 * screenshots material-uploaded-en.png and material-refused-zh.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, Material, MaterialPurpose, OfficialAccount, RowSyncState } from '@wxm/solution/schema';
import { Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { systemClock } from '../../../functions/src/kernel/clock.js';
import { materialDeps } from '../../../functions/src/relay/materials/wiring.js';
import { onMaterialSaved, type MaterialDeps } from '../../../functions/src/relay/materials/upload-row.js';
import { amr, png } from '../../../functions/src/relay/materials/test-files.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { authorizerTokens, callApi, DEMO, startHarness as startWechat, type Harness as WechatHarness } from '../../emulators/wechat/testkit/harness.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours } from '../../support/screenshots.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const C = Material.columns;
const emulators = new Emulators();
let dv: DataverseEmulator;
let harness: Harness;
let wechat: WechatHarness;
let browser: Browser;
let accountId: string;
let deps: MaterialDeps;
let token: string;

/** The Update step of wxm_material: a change of a request column hints the relay, which runs its use case. */
let relay: ReturnType<typeof setInterval> | undefined;
function relayWatches(id: string): void {
  const seen = { upload: undefined as unknown, delete: undefined as unknown };
  let running = false;
  relay = setInterval(() => {
    const r = row(id);
    if (running || (r[C.UploadRequestedOn] === seen.upload && r[C.DeleteRequestedOn] === seen.delete)) return;
    [seen.upload, seen.delete, running] = [r[C.UploadRequestedOn], r[C.DeleteRequestedOn], true];
    void onMaterialSaved({ message: 'Update', table: 'wxm_material', rowId: id, organizationId: dv.organizationId, attributes: {} }, deps).finally(
      () => (running = false),
    );
  }, 100);
}

const row = (id: string) => dv.rows(EntitySets.Material).find((r) => r[C.Id] === id)!;
function materialRow(fields: Record<string, unknown>): string {
  return dv.insert(EntitySets.Material, { 'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`, ...fields });
}

async function open(id: string, lcid: Lcid, formType = 2): Promise<void> {
  const spec = {
    entityName: 'wxm_material',
    id: `{${id.toUpperCase()}}`,
    formType,
    ...attributesOf('wxm_material', row(id), lcid),
    events: await packedFormEvents('wxm_material'),
  };
  const xrm = {
    languageId: lcid,
    clientUrl: harness.url,
    organizationId: dv.organizationId,
    relayUrl: null,
    dataverseToken: dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 }),
  };
  await openForm(browser.page, harness.url, 'wxm_/forms/material.js', xrm, spec);
}

const note = async (page: Page, id: string) => (await formState(page)).notifications[id];
const offer = async (page: Page, control: string, id: string) => (await formState(page)).controlNotifications[control]?.[id];
const button = (page: Page, action: string, label: string) => page.locator(`button[data-action="${action}"]`, { hasText: label });
const FORM_LOOK = `body{font-family:"Segoe UI","WenQuanYi Micro Hei",sans-serif;font-size:14px;background:#faf9f8;padding:8px 0}
#notifications li{margin:0 0 2px;padding:8px 12px 8px 36px;position:relative;background:#f3f2f1;color:#323130;overflow-wrap:anywhere}
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
/** Every text the progress line showed, in order (the harness keeps only the current one). */
async function watchProgress(page: Page): Promise<void> {
  // Page code as text: this file is typed for Node (no DOM library).
  await page.evaluate(`(() => {
    const seen = (window.__progress = []);
    new MutationObserver(() => {
      const text = document.querySelector('#notifications li[data-id="wxm-mt-progress"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}
const progressSeen = (page: Page) => page.evaluate(() => (globalThis as unknown as { __progress: string[] }).__progress);
const count = () => callApi(wechat.sim, 'material/get_materialcount', { access_token: token });

beforeAll(async () => {
  harness = await startHarness();
  dv = await emulators.start({ org: { audiences: [harness.url] } });
  harness.front(dv.url);
  wechat = await startWechat();
  token = (await authorizerTokens(wechat.sim, DEMO.appid)).accessToken;
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Contoso 服务号' });
  const registry = new MemorySignedServiceRegistry();
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 9).toString('base64'));
  await connectOrg(registry, dv, secretBox, [{ appid: DEMO.appid, officialAccountId: accountId }]);
  // The relay's own wiring (the upload path with its count of permanent material), with the account's token as the simulator issued it.
  deps = materialDeps({
    wechatApiBase: wechat.sim.url,
    authorizerTokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    clock: systemClock,
    logger: new RecordingLogger(),
    registry,
    gateway: gatewayFor(dv),
    secretBox,
    kv: new MemoryKeyValueStore(systemClock),
  });
  browser = await openBrowser({ viewport: { width: 1100, height: 560 } });
}, 60_000);

afterEach(() => clearInterval(relay));
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await wechat?.close();
  await emulators.closeAll();
});

describe('Material form', () => {
  it('Choose file… attaches the file as a note and asks for the upload; the steps, then the media id and URL; Delete from WeChat after a confirmation (English)', async () => {
    const id = materialRow({ [C.Name]: 'Spring campaign banner', [C.Purpose]: MaterialPurpose.Permanent });
    relayWatches(id);
    await open(id, 1033);
    const page = browser.page;
    expect(await note(page, 'wxm-mt-status')).toEqual(['INFO', 'Not in WeChat yet: choose the file (an image, a voice or a video) and upload it.']);
    await expect
      .poll(() => offer(page, 'wxm_annotationid', 'wxm-mt-upload'))
      .toEqual({
        level: 'RECOMMENDATION',
        messages: ['Upload a file to WeChat as this material (WeChat takes images up to 10 MB, voices up to 2 MB and 60 s, videos up to 10 MB).'],
        actions: ['Choose file…'],
      });
    expect(await offer(page, 'wxm_mediaid', 'wxm-mt-delete')).toBeUndefined();

    await watchProgress(page);
    await button(page, 'wxm-mt-upload', 'Choose file…').click();
    const bytes = Buffer.from(png(2048));
    await page.setInputFiles('#pick-file', { name: 'spring-banner.png', mimeType: 'image/png', buffer: bytes });
    expect((await formState(page)).picks).toEqual([{ allowMultipleFiles: false, maximumAllowedFileSize: 10 * 1024 * 1024 }]);
    await expect.poll(() => row(id)[C.State] ?? null, { timeout: 15_000 }).toBe(RowSyncState.Synced);
    await expect.poll(async () => (await note(page, 'wxm-mt-progress'))?.[1], { timeout: 8000 }).toBe('Uploaded spring-banner.png to WeChat.');
    const steps = await progressSeen(page);
    expect(steps.slice(0, 3)).toEqual([
      'Attaching spring-banner.png (2 KB) to this material…',
      'Asking the relay to upload spring-banner.png to WeChat…',
      'The relay is uploading spring-banner.png to WeChat… (1 s)',
    ]);
    expect(steps.at(-1)).toBe('Uploaded spring-banner.png to WeChat.');

    // The note is on the row, named on it, and its bytes are what WeChat holds.
    const notes = dv.rows('annotations').filter((n) => n._objectid_value === id);
    expect(notes.map((n) => [n.filename, n.mimetype, n.documentbody])).toEqual([['spring-banner.png', 'image/png', bytes.toString('base64')]]);
    const [create] = (await formState(page)).creates;
    expect([create?.entity, create?.data['objectid_wxm_material@odata.bind']]).toEqual(['annotation', `/wxm_materials(${id})`]);
    const [request] = (await formState(page)).updates;
    expect(Object.keys(request!.data).sort()).toEqual(['wxm_annotationid', 'wxm_failurereason', 'wxm_uploadrequestedon']);
    expect(row(id)[C.AnnotationId]).toBe(notes[0]!.annotationid);
    const mediaId = String(row(id)[C.MediaId]);
    expect(row(id)).toMatchObject({ [C.FileName]: 'spring-banner.png', [C.FileSize]: 2048, [C.Url]: `${wechat.sim.url}/sim/material/${mediaId}` });
    expect((await count()).image_count).toBe(1);
    const held = await fetch(`${wechat.sim.url}/sim/material/${mediaId}`);
    expect(Buffer.from(await held.arrayBuffer())).toEqual(bytes);

    const [level, status] = (await note(page, 'wxm-mt-status'))!;
    expect(level).toBe('INFO');
    expect(status).toMatch(new RegExp(`^In WeChat since .+: media id ${mediaId}, URL ${wechat.sim.url}/sim/material/${mediaId}$`));
    expect(await offer(page, 'wxm_annotationid', 'wxm-mt-upload')).toMatchObject({ actions: ['Choose file…'] });
    expect(await offer(page, 'wxm_mediaid', 'wxm-mt-delete')).toEqual({
      level: 'RECOMMENDATION',
      messages: ['Delete this permanent material from WeChat: it frees room in the account (100,000 images, 1,000 voices, 1,000 videos).'],
      actions: ['Delete from WeChat'],
    });
    expect(distinctColours(await shoot(page, 'material-uploaded-en.png'))).toBeGreaterThan(2);

    // WeChat refuses the first delete (the permission set was withdrawn meanwhile): the row says why, and stays in WeChat.
    wechat.sim.failNext('material/del_material', 48001);
    await button(page, 'wxm-mt-delete', 'Delete from WeChat').click();
    await page.locator('#confirm-ok').click();
    await expect.poll(async () => note(page, 'wxm-mt-progress'), { timeout: 15_000 }).toEqual(['ERROR', 'Not deleted from WeChat: the reason is above.']);
    expect((await note(page, 'wxm-mt-relay'))?.[1]).toMatch(/^The relay says: Not deleted: WeChat answered 48001: .+/);
    expect(row(id)).toMatchObject({ [C.MediaId]: mediaId, [C.State]: RowSyncState.Synced });
    expect((await count()).image_count).toBe(1);

    await button(page, 'wxm-mt-delete', 'Delete from WeChat').click();
    await expect.poll(async () => (await formState(page)).dialogs.length).toBe(2);
    expect((await formState(page)).dialogs[1]).toEqual({
      title: 'Delete from WeChat?',
      text: `WeChat deletes “Spring campaign banner” (media id ${mediaId}). Broadcasts, auto replies and menus that use this media id stop working. The row stays here.`,
      confirmButtonLabel: 'Delete from WeChat',
      cancelButtonLabel: 'Cancel',
    });
    await page.locator('#confirm-ok').click();
    await expect
      .poll(async () => (await note(page, 'wxm-mt-progress'))?.[1], { timeout: 15_000 })
      .toBe(`Deleted from WeChat: media id ${mediaId} no longer works.`);
    expect((await note(page, 'wxm-mt-status'))?.[1]).toMatch(/^Deleted from WeChat on .+: its media id no longer works\. Upload the file again to use it\.$/);
    expect(row(id)).toMatchObject({ [C.MediaId]: null, [C.State]: RowSyncState.Pending });
    expect(await note(page, 'wxm-mt-relay')).toBeUndefined();
    expect((await count()).image_count).toBe(0);
    expect(await offer(page, 'wxm_mediaid', 'wxm-mt-delete')).toBeUndefined();
    expect(browser.errors).toEqual([]);
  });

  it('an account at WeChat’s ceiling of 1,000 voices: Upload of the note on the row is refused with the reason, nothing reaches add_material (Chinese)', async () => {
    wechat.sim.addConsoleMaterial(DEMO.appid, 'voice', 1000);
    const id = materialRow({ [C.Name]: '营业时间语音', [C.Purpose]: MaterialPurpose.Permanent });
    dv.insert('annotations', {
      subject: 'hours.amr',
      filename: 'hours.amr',
      mimetype: 'audio/amr',
      documentbody: Buffer.from(amr(5)).toString('base64'),
      'objectid_wxm_material@odata.bind': `/${EntitySets.Material}(${id})`,
    });
    relayWatches(id);
    await open(id, 2052);
    const page = browser.page;
    await expect.poll(async () => (await offer(page, 'wxm_annotationid', 'wxm-mt-upload'))?.actions).toEqual(['选择文件…', '上传 hours.amr']);
    expect(await note(page, 'wxm-mt-status')).toEqual(['INFO', '尚未上传到微信：本素材已附加 hours.amr。可直接上传，或选择其他文件。']);
    const before = wechat.sim.stats().apiCalls['material/add_material'] ?? 0;

    await button(page, 'wxm-mt-upload', '上传 hours.amr').click();
    await expect.poll(() => row(id)[C.State] ?? null, { timeout: 15_000 }).toBe(RowSyncState.Failed);
    await expect.poll(async () => note(page, 'wxm-mt-progress'), { timeout: 8000 }).toEqual(['ERROR', 'hours.amr 未上传：原因见上方。']);
    expect(await note(page, 'wxm-mt-status')).toEqual([
      'ERROR',
      '未在微信中。未上传：该公众号已有 1,000 个永久语音素材，已达微信上限 1,000 个；请先删除部分素材（“从微信删除”或在公众平台删除）（45034）。',
    ]);
    expect((await formState(page)).creates).toEqual([]);
    expect(wechat.sim.stats().apiCalls['material/add_material'] ?? 0).toBe(before);
    expect((await count()).voice_count).toBe(1000);
    expect(await offer(page, 'wxm_mediaid', 'wxm-mt-delete')).toBeUndefined();
    expect(distinctColours(await shoot(page, 'material-refused-zh.png'))).toBeGreaterThan(2);
    expect(browser.errors).toEqual([]);
  });

  it('read only (an Operator): where it stands, and no button', async () => {
    const id = materialRow({ [C.Name]: 'Read only', [C.Purpose]: MaterialPurpose.Permanent });
    await open(id, 1033, 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await note(browser.page, 'wxm-mt-status')).toEqual(['INFO', 'Not in WeChat yet: choose the file (an image, a voice or a video) and upload it.']);
    expect((await formState(browser.page)).controlNotifications).toEqual({});
  });
});
