/**
 * A wxm_material row uploaded from its note, against the WeChat simulator (the real client over HTTP) and the
 * Dataverse emulator (the real gateway, the org through the Signed Service registry): what is written back, what
 * is refused before WeChat is called and why (English, then Chinese), WeChat's refusals, once however often the hint
 * comes, again only when asked, and no second upload when writing the answer back failed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AccountType, EntitySets, Material, MaterialPurpose, MediaType, OfficialAccount, RowSyncState, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { DataverseHint } from '../webhook/hint.js';
import { registryOrgs } from '../qrcodes/org-access.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { RelayTask } from '../envelope.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import { materialCounts } from './counts.js';
import { createMaterialApi, type MaterialApi } from './material-api.js';
import { amr, jpeg, png } from './test-files.js';
import { onMaterialSaved, type MaterialDeps } from './upload-row.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const C = Material.columns;
const NOW = Date.parse('2026-12-04T08:00:00Z');
let h: Harness;
let dv: DataverseEmulator;
let accountId: string;
let deps: MaterialDeps;
let clock: ManualClock;
let token: string;

async function setUp(wrap: (api: MaterialApi) => MaterialApi = (api) => api) {
  h = await startHarness();
  token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  dv = await emulators.start({ schema: bindingTestSchema });
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
  });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 5).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(dv);
  const signedServiceId = randomUUID();
  await registry.put({
    organizationId: dv.organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    accounts: [{ appid: DEMO.appid, officialAccountId: accountId }],
    updatedAt: NOW,
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  clock = new ManualClock(NOW);
  const api = wrap(createMaterialApi(createWechatApiClient({ baseUrl: h.sim.url })));
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    upload: {
      api,
      tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
      clock,
      counts: materialCounts(api, clock),
    },
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
}
afterEach(async () => {
  await h.close();
});

const hint = (rowId: string, message: DataverseHint['message'] = 'Create'): DataverseHint => ({
  message,
  table: 'wxm_material',
  rowId,
  organizationId: dv.organizationId,
  attributes: {},
});
const row = (fields: Record<string, unknown> = {}) =>
  dv.insert(EntitySets.Material, { [C.Name]: 'Spring banner', 'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`, ...fields });
const note = (materialId: string, filename: string, bytes: Uint8Array, mimetype = 'image/png') =>
  dv.insert('annotations', {
    subject: filename,
    filename,
    mimetype,
    documentbody: Buffer.from(bytes).toString('base64'),
    'objectid_wxm_material@odata.bind': `/${EntitySets.Material}(${materialId})`,
  });
const stored = (id: string) => dv.rows(EntitySets.Material).find((r) => r[C.Id] === id) ?? {};
const images = async () => (await callApi(h.sim, 'material/get_materialcount', { access_token: token })).image_count as number;

describe('a saved material row is uploaded from its note', () => {
  it('permanent image from a note: media id, URL, Synced, type read from the file; uploaded once however often the hint comes', async () => {
    await setUp();
    const id = row({ [C.Purpose]: MaterialPurpose.Permanent });
    const bytes = png(300);
    note(id, 'banner.png', bytes);
    expect(await onMaterialSaved(hint(id), deps)).toBe('uploaded');
    const r = stored(id);
    expect(r).toMatchObject({
      [C.State]: RowSyncState.Synced,
      [C.MediaType]: MediaType.Image,
      [C.FileName]: 'banner.png',
      [C.FileSize]: 300,
      [C.UploadedOn]: '2026-12-04T08:00:00Z',
      [C.ExpiresOn]: null,
      [C.FailureReason]: null,
    });
    expect(r[C.Url]).toBe(`${h.sim.url}/sim/material/${String(r[C.MediaId])}`);
    const got = await fetch(`${h.sim.url}/cgi-bin/material/get_material?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ media_id: r[C.MediaId] }),
    });
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('skipped');
    expect(await onMaterialSaved(hint(id), deps)).toBe('skipped');
    expect(await images()).toBe(1);
  });

  it('temporary voice: media/upload, expiry 3 days after WeChat took it, no URL', async () => {
    await setUp();
    const id = row({ [C.Purpose]: MaterialPurpose.Temporary, [C.MediaType]: MediaType.Voice });
    note(id, 'hello.amr', amr(3), 'audio/amr');
    expect(await onMaterialSaved(hint(id), deps)).toBe('uploaded');
    const r = stored(id);
    expect([r[C.State], r[C.Url], typeof r[C.MediaId]]).toEqual([RowSyncState.Synced, null, 'string']);
    expect(Date.parse(String(r[C.ExpiresOn]))).toBe(Math.floor(h.clock.now() / 1000) * 1000 + 3 * 24 * 3600 * 1000);
  });

  it('article image and cover: uploadimg answers a URL only; a cover is permanent material', async () => {
    await setUp();
    const image = row({ [C.Purpose]: MaterialPurpose.ArticleImage });
    note(image, 'photo.jpg', jpeg(), 'image/jpeg');
    const cover = row({ [C.Purpose]: MaterialPurpose.Thumb });
    note(cover, 'cover.jpg', jpeg(), 'image/jpeg');
    expect([await onMaterialSaved(hint(image), deps), await onMaterialSaved(hint(cover), deps)]).toEqual(['uploaded', 'uploaded']);
    expect([stored(image)[C.MediaId], String(stored(image)[C.Url]).includes('/sim/mmbiz/')]).toEqual([null, true]);
    expect([stored(cover)[C.MediaType], typeof stored(cover)[C.MediaId]]).toEqual([MediaType.Thumb, 'string']);
  });

  it('no file yet: waits with what to do; the note added and Upload Requested On set: uploaded', async () => {
    await setUp();
    const id = row();
    expect(await onMaterialSaved(hint(id), deps)).toBe('waiting');
    expect(stored(id)).toMatchObject({
      [C.State]: RowSyncState.Pending,
      [C.FailureReason]:
        'Waiting for a file: add a note with the file to this row, then set Upload Requested On.\n等待文件：请在本记录上添加带附件的备注，然后设置“请求上传时间”。',
    });
    note(id, 'banner.png', png());
    await deps.orgs.open(dv.organizationId).then((a) => a!.org.update(EntitySets.Material, id, { [C.UploadRequestedOn]: '2026-12-04T08:01:00Z' }));
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('uploaded');
    expect(stored(id)[C.State]).toBe(RowSyncState.Synced);
  });

  it('a note of another record named on the row is never read for it', async () => {
    await setUp();
    const other = row({ [C.Name]: 'Someone else' });
    const theirs = note(other, 'private.png', png());
    const id = row({ [C.AnnotationId]: theirs });
    expect(await onMaterialSaved(hint(id), deps)).toBe('waiting');
    expect(await images()).toBe(0);
  });

  it('refused before WeChat is called: no extension (40113), a permanent video without a description, a cover that is a voice', async () => {
    await setUp();
    const noExt = row();
    note(noExt, 'banner', png());
    const video = row({ [C.MediaType]: MediaType.Video });
    note(video, 'intro.mp4', new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]), 'video/mp4');
    const clash = row({ [C.Purpose]: MaterialPurpose.Thumb, [C.MediaType]: MediaType.Voice });
    note(clash, 'hello.amr', amr(1), 'audio/amr');
    expect([await onMaterialSaved(hint(noExt), deps), await onMaterialSaved(hint(video), deps), await onMaterialSaved(hint(clash), deps)]).toEqual([
      'refused',
      'refused',
      'refused',
    ]);
    expect(stored(noExt)[C.State]).toBe(RowSyncState.Failed);
    expect(String(stored(noExt)[C.FailureReason])).toBe(
      'Not uploaded: the file name "banner" has no extension; WeChat needs one of .jpg, .jpeg, .png, .gif, .bmp (40113).\n未上传：文件名“banner”没有扩展名；微信要求以下扩展名之一：.jpg, .jpeg, .png, .gif, .bmp（40113）。',
    );
    expect(String(stored(video)[C.FailureReason])).toBe(
      'Not uploaded: a permanent video needs a title and a description.\n未上传：永久视频素材需要标题和简介。',
    );
    expect(String(stored(clash)[C.FailureReason]).split('\n')[0]).toBe(
      'Not uploaded: an image in an article or an article cover must be a picture; choose another Media Type or Purpose.',
    );
    expect(h.sim.stats().apiCalls['material/add_material'] ?? 0).toBe(0);
  });

  it("WeChat's refusal is the row's reason; fixed and asked again, it is uploaded", async () => {
    await setUp();
    const id = row();
    note(id, 'banner.png', png());
    h.sim.failNext('material/add_material', 45001);
    expect(await onMaterialSaved(hint(id), deps)).toBe('failed');
    expect(stored(id)).toMatchObject({
      [C.State]: RowSyncState.Failed,
      [C.FailureReason]: 'Not uploaded: The file is over WeChat’s size limit (45001).\n未上传：文件超过微信的大小限制（45001）。',
    });
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('uploaded');
  });

  it('uploaded again only when Upload Requested On is later than Uploaded On', async () => {
    await setUp();
    const id = row();
    note(id, 'banner.png', png());
    await onMaterialSaved(hint(id), deps);
    const first = stored(id)[C.MediaId];
    const org = (await deps.orgs.open(dv.organizationId))!.org;
    await org.update(EntitySets.Material, id, { [C.UploadRequestedOn]: '2026-12-04T07:59:00Z' });
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('skipped');
    clock.advance(60_000);
    await org.update(EntitySets.Material, id, { [C.UploadRequestedOn]: '2026-12-04T08:01:00Z' });
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('uploaded');
    expect(stored(id)[C.MediaId]).not.toBe(first);
    expect(await images()).toBe(2);
  });

  it("Upload Requested On ahead of the relay's clock: uploaded once, the echo of its own write skipped", async () => {
    await setUp();
    const id = row({ [C.UploadRequestedOn]: '2026-12-04T09:00:00Z' });
    note(id, 'banner.png', png());
    expect(await onMaterialSaved(hint(id), deps)).toBe('uploaded');
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('skipped');
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('skipped');
    expect(await images()).toBe(1);
  });

  it('Dataverse down after WeChat took the file: the retry writes the kept answer and uploads nothing again', async () => {
    await setUp((api) => ({
      ...api,
      addPermanent: async (...args) => {
        const out = await api.addPermanent(...args);
        dv.setOutage(true);
        return out;
      },
    }));
    const id = row();
    note(id, 'banner.png', png());
    await expect(onMaterialSaved(hint(id), deps)).rejects.toThrow();
    dv.setOutage(false);
    expect(await onMaterialSaved(hint(id), deps)).toBe('uploaded');
    expect(await images()).toBe(1);
    expect(typeof stored(id)[C.MediaId]).toBe('string');
  });
});

describe('Delete Requested On: permanent material deleted from WeChat, the row kept', () => {
  const update = async (id: string, fields: Record<string, unknown>) => (await deps.orgs.open(dv.organizationId))!.org.update(EntitySets.Material, id, fields);

  it('del_material once, media id and URL cleared, Pending with what to do; uploaded again when asked', async () => {
    await setUp();
    const id = row();
    note(id, 'banner.png', png());
    await onMaterialSaved(hint(id), deps);
    const first = String(stored(id)[C.MediaId]);
    clock.advance(60_000);
    await update(id, { [C.DeleteRequestedOn]: '2026-12-04T08:01:00Z' });
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('deleted');
    expect(stored(id)).toMatchObject({
      [C.MediaId]: null,
      [C.Url]: null,
      [C.State]: RowSyncState.Pending,
      [C.DeletedOn]: '2026-12-04T08:01:00Z',
      [C.FailureReason]:
        'Deleted from WeChat: the media id no longer works. Set Upload Requested On to upload the file again.\n已从微信删除：该 media_id 已失效。设置“请求上传时间”即可重新上传。',
    });
    expect(await images()).toBe(0);
    expect((await callApi(h.sim, 'material/get_material', { access_token: token }, { media_id: first })).errcode).toBe(40007);
    // The hint of the relay's own write, and a repeated one: nothing more happens (the deleted id is never written back).
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('skipped');
    expect(stored(id)[C.MediaId]).toBeNull();
    clock.advance(60_000);
    await update(id, { [C.UploadRequestedOn]: '2026-12-04T08:02:00Z' });
    expect(await onMaterialSaved(hint(id, 'Update'), deps)).toBe('uploaded');
    expect(String(stored(id)[C.MediaId])).not.toBe(first);
    expect(await images()).toBe(1);
  });

  it("a full account (1,000 voices) refuses the row before WeChat is called; deleting another row's voice makes room for it", async () => {
    await setUp();
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 999);
    const last = row({ [C.Name]: 'Welcome voice', [C.Purpose]: MaterialPurpose.Permanent });
    note(last, 'welcome.amr', amr(4), 'audio/amr');
    expect(await onMaterialSaved(hint(last), deps)).toBe('uploaded');
    const full = row({ [C.Name]: 'Opening hours', [C.Purpose]: MaterialPurpose.Permanent });
    note(full, 'hours.amr', amr(6), 'audio/amr');
    expect(await onMaterialSaved(hint(full), deps)).toBe('refused');
    expect(stored(full)).toMatchObject({
      [C.State]: RowSyncState.Failed,
      [C.MediaId]: null,
      [C.FailureReason]:
        "Not uploaded: the account already holds 1,000 permanent voice files, WeChat's ceiling of 1,000; delete some (Delete from WeChat, or the MP console) first (45034).\n未上传：该公众号已有 1,000 个永久语音素材，已达微信上限 1,000 个；请先删除部分素材（“从微信删除”或在公众平台删除）（45034）。",
    });
    const calls = () => [h.sim.stats().apiCalls['material/get_materialcount'] ?? 0, h.sim.stats().apiCalls['material/add_material'] ?? 0];
    expect(calls()).toEqual([1, 1]);
    await update(last, { [C.DeleteRequestedOn]: '2026-12-04T08:00:10Z' });
    expect(await onMaterialSaved(hint(last, 'Update'), deps)).toBe('deleted');
    await update(full, { [C.UploadRequestedOn]: '2026-12-04T08:00:20Z' });
    expect(await onMaterialSaved(hint(full, 'Update'), deps)).toBe('uploaded');
    // The deletion made the relay read WeChat's count again (999 voices) instead of trusting the minute-old 1,000.
    expect(calls()).toEqual([2, 2]);
    expect((await callApi(h.sim, 'material/get_materialcount', { access_token: token })).voice_count).toBe(1000);
  });

  it('temporary media cannot be deleted: the row says so and keeps its media id; one deleted in the MP console counts as deleted', async () => {
    await setUp();
    const temp = row({ [C.Purpose]: MaterialPurpose.Temporary });
    note(temp, 'banner.png', png());
    await onMaterialSaved(hint(temp), deps);
    await update(temp, { [C.DeleteRequestedOn]: '2026-12-04T08:01:00Z' });
    expect(await onMaterialSaved(hint(temp, 'Update'), deps)).toBe('refused');
    expect([stored(temp)[C.State], typeof stored(temp)[C.MediaId], String(stored(temp)[C.FailureReason]).split('\n')[0]]).toEqual([
      RowSyncState.Synced,
      'string',
      'Not deleted: only permanent material can be deleted; WeChat forgets temporary media after 3 days, and article image URLs stay.',
    ]);
    const perm = row();
    note(perm, 'banner.png', png());
    await onMaterialSaved(hint(perm), deps);
    await callApi(h.sim, 'material/del_material', { access_token: token }, { media_id: stored(perm)[C.MediaId] });
    await update(perm, { [C.DeleteRequestedOn]: '2026-12-04T08:01:00Z' });
    expect(await onMaterialSaved(hint(perm, 'Update'), deps)).toBe('deleted');
    expect(stored(perm)[C.MediaId]).toBeNull();
  });
});

describe('through the webhook and the task worker', () => {
  it('Dataverse posts Create of the row: queued, routed to the material use case, uploaded; a Delete is not acted on', async () => {
    await setUp();
    const id = row();
    note(id, 'banner.png', png());
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const accept = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger: deps.logger };
    const post = (message: string) =>
      acceptHint(
        JSON.stringify({
          MessageName: message,
          PrimaryEntityName: 'wxm_material',
          PrimaryEntityId: id,
          OrganizationId: dv.organizationId,
          InputParameters: [],
        }),
        keys.keyFor(dv.organizationId),
        accept,
      );
    expect(await post('Create')).toBe('queued');
    expect(await post('Delete')).toBe('ignored');
    const [task] = tasks.drain();
    // Only the materials route is needed here; the other routes' deps are not reached.
    expect(await handleRelayTask(task!, { materials: deps, logger: deps.logger } as unknown as TaskDeps)).toBe('done');
    expect(stored(id)[C.State]).toBe(RowSyncState.Synced);
    expect(await images()).toBe(1);
  });
});
