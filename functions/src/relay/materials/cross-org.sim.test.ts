/**
 * A material hint naming another org than the row's, against two Dataverse emulators (two customers, each with a
 * connected Signed Service) and the WeChat simulator: nothing is uploaded to and nothing deleted from the account of
 * the org that holds the row, whatever the hint or the other org's rows claim.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountType, EntitySets, Material, MaterialPurpose, OfficialAccount, RowSyncState, VerificationType } from '@wxm/solution/schema';
import { emulatorAad } from '@wxm/testkit/kit/dataverse/aad-network';
import { credentialsFor, Emulators, originOf } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createDataverseGateway } from '../../dataverse/gateway.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { DataverseHint } from '../webhook/hint.js';
import { registryOrgs } from '../qrcodes/org-access.js';
import { materialCounts } from './counts.js';
import { createMaterialApi } from './material-api.js';
import { png } from './test-files.js';
import { onMaterialSaved, type MaterialDeps } from './upload-row.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const C = Material.columns;
const NOW = Date.parse('2026-12-07T08:00:00Z');
let h: Harness;
let token: string;
let deps: MaterialDeps;
let ours: DataverseEmulator;
let theirs: DataverseEmulator;
let ourAccount: string;
let theirAccount: string;

const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 7).toString('base64'));

function account(dv: DataverseEmulator): string {
  return dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
  });
}

/** A connected Signed Service of `dv` that lists DEMO's appid with `officialAccountId` (a claim; the binding decides). */
async function connect(registry: MemorySignedServiceRegistry, dv: DataverseEmulator, officialAccountId: string): Promise<string> {
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
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: NOW,
  });
  return signedServiceId;
}

beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  ours = await emulators.start({ schema: bindingTestSchema });
  theirs = await emulators.start({ schema: bindingTestSchema });
  ourAccount = account(ours);
  // The other customer's row claims the same WeChat account; its Signed Service even lists it.
  theirAccount = account(theirs);
  const registry = new MemorySignedServiceRegistry();
  const signedServiceId = await connect(registry, ours, ourAccount);
  await connect(registry, theirs, theirAccount);
  // WeChat's authorization bound the appid to our org only.
  await registry.bind(DEMO.appid, { organizationId: ours.organizationId, signedServiceId, officialAccountId: ourAccount });
  const clock = new ManualClock(NOW);
  const api = createMaterialApi(createWechatApiClient({ baseUrl: h.sim.url }));
  deps = {
    // Each org signs in at its own tenant (two customers), as the relay does.
    orgs: registryOrgs({
      registry,
      gateway: createDataverseGateway({ networkClient: emulatorAad([ours, theirs]), orgOrigins: { extraOrigins: [originOf(ours), originOf(theirs)] } }),
      secretBox,
    }),
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
});
afterEach(async () => {
  await h.close();
});

const hint = (organizationId: string, rowId: string): DataverseHint => ({ message: 'Update', table: 'wxm_material', rowId, organizationId, attributes: {} });
function materialRow(dv: DataverseEmulator, accountId: string, fields: Record<string, unknown> = {}): string {
  const id = dv.insert(EntitySets.Material, {
    [C.Name]: 'Spring banner',
    [C.Purpose]: MaterialPurpose.Permanent,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    ...fields,
  });
  dv.insert('annotations', {
    subject: 'banner.png',
    filename: 'banner.png',
    mimetype: 'image/png',
    documentbody: Buffer.from(png()).toString('base64'),
    'objectid_wxm_material@odata.bind': `/${EntitySets.Material}(${id})`,
  });
  return id;
}
const stored = (dv: DataverseEmulator, id: string) => dv.rows(EntitySets.Material).find((r) => r[C.Id] === id) ?? {};
const calls = (api: string) => h.sim.stats().apiCalls[api] ?? 0;
const stillInWechat = async (mediaId: string) =>
  (
    await fetch(`${h.sim.url}/cgi-bin/material/get_material?access_token=${token}`, { method: 'POST', body: JSON.stringify({ media_id: mediaId }) })
  ).headers.get('content-type') === 'image/png';

describe('a material hint naming another org', () => {
  it("our row's id in a hint naming the other org: skipped (that org holds no such row), nothing uploaded, our row untouched", async () => {
    const id = materialRow(ours, ourAccount);
    expect(await onMaterialSaved(hint(theirs.organizationId, id), deps)).toBe('skipped');
    expect(await onMaterialSaved(hint(randomUUID(), id), deps)).toBe('skipped');
    expect([calls('material/get_materialcount'), calls('material/add_material')]).toEqual([0, 0]);
    expect(stored(ours, id)[C.State] ?? null).toBeNull();
  });

  it("the other org's own row naming our WeChat account: refused as not connected, nothing uploaded", async () => {
    const id = materialRow(theirs, theirAccount);
    expect(await onMaterialSaved(hint(theirs.organizationId, id), deps)).toBe('refused');
    expect(stored(theirs, id)).toMatchObject({
      [C.State]: RowSyncState.Failed,
      [C.FailureReason]:
        'Not uploaded: this Official Account is not connected to this environment (Signed Service).\n未上传：该公众号未通过“已注册的服务”连接到此环境。',
    });
    expect(calls('material/add_material')).toBe(0);
  });

  it('a delete asked by the other org, with our media id on its row or in a hint for our row: nothing deleted from WeChat', async () => {
    const ourRow = materialRow(ours, ourAccount);
    expect(await onMaterialSaved(hint(ours.organizationId, ourRow), deps)).toBe('uploaded');
    const mediaId = String(stored(ours, ourRow)[C.MediaId]);
    const copied = materialRow(theirs, theirAccount, {
      [C.MediaId]: mediaId,
      [C.State]: RowSyncState.Synced,
      [C.DeleteRequestedOn]: '2026-12-07T08:01:00Z',
    });
    expect(await onMaterialSaved(hint(theirs.organizationId, copied), deps)).toBe('refused');
    expect(stored(theirs, copied)).toMatchObject({
      [C.MediaId]: mediaId,
      [C.DeletedOn]: '2026-12-07T08:00:00Z',
      [C.FailureReason]:
        'Not deleted: this Official Account is not connected to this environment (Signed Service).\n未删除：该公众号未通过“已注册的服务”连接到此环境。',
    });
    await (await deps.orgs.open(ours.organizationId))!.org.update(EntitySets.Material, ourRow, { [C.DeleteRequestedOn]: '2026-12-07T08:02:00Z' });
    expect(await onMaterialSaved(hint(theirs.organizationId, ourRow), deps)).toBe('skipped');
    expect(calls('material/del_material')).toBe(0);
    expect(await stillInWechat(mediaId)).toBe(true);
    expect((await callApi(h.sim, 'material/get_materialcount', { access_token: token })).image_count).toBe(1);
  });
});
