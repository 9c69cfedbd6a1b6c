/**
 * Making QR codes from saved rows, against the WeChat simulator (qrcode/create and showqrcode over HTTP through the
 * real client) and the Dataverse emulator (the real gateway, the org reached through the Signed Service registry):
 * what is written back, what is refused before WeChat is called (and why, in both languages), WeChat's own
 * refusals, and that a row is made once however often its hint comes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AccountType, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose, RowSyncState, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { urlOfPng } from '../../../../test/emulators/wechat/apis/qrcode.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { DataverseHint } from '../webhook/hint.js';
import { newBindingScene } from '../binding/scene.js';
import { randomBytes } from 'node:crypto';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { RelayTask } from '../envelope.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import { onQrCodeSaved, type QrCodeDeps } from './create-code.js';
import { registryOrgs } from './org-access.js';
import { qrCodeWechat } from './wechat-adapter.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const C = QrCode.columns;
const NOW = Date.parse('2026-12-03T08:00:00Z');
let h: Harness;
let dv: DataverseEmulator;
let accountId: string;
let deps: QrCodeDeps;
let logger: RecordingLogger;

async function setUp(options: { scopes?: number[]; permissions?: string; service?: boolean; keysPending?: boolean; maxPermanentCodes?: number } = {}) {
  h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid, options.scopes ?? [1, 2, 3])).accessToken;
  dv = await emulators.start({
    schema: bindingTestSchema,
    ...(options.keysPending && { keys: { activationDelayMs: 3_600_000, pending: ['wxm_qrcode_account_scene'] } }),
  });
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: options.service === false ? AccountType.Subscription : AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
    [OfficialAccount.columns.Permissions]: options.permissions ?? '1,2,3',
  });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 3).toString('base64'));
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
  const client = createWechatApiClient({ baseUrl: h.sim.url });
  const clock = new ManualClock(NOW);
  logger = new RecordingLogger();
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    wechat: qrCodeWechat({
      api: client,
      mp: client,
      mpBase: h.sim.url,
      tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger,
    ...(options.maxPermanentCodes !== undefined && { maxPermanentCodes: options.maxPermanentCodes }),
  };
}
afterEach(async () => {
  await h.close();
});

const hint = (rowId: string, message: DataverseHint['message'] = 'Create'): DataverseHint => ({
  message,
  table: 'wxm_qrcode',
  rowId,
  organizationId: dv.organizationId,
  attributes: {},
});
const row = (fields: Record<string, unknown> = {}) =>
  dv.insert(EntitySets.QrCode, {
    [C.Name]: 'Shanghai expo booth',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    ...fields,
  });
const stored = (id: string) => dv.rows(EntitySets.QrCode).find((r) => r[C.Id] === id) ?? {};
const reason = (id: string) => String(stored(id)[C.FailureReason] ?? '');

describe('a saved QR code row is made in WeChat', () => {
  it('a channel code with nothing but a name: scene generated, 30 days, ticket, url, image and Synced; made once', async () => {
    await setUp();
    const id = row({ [C.Purpose]: QrPurpose.Channel });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('created');
    const codes = h.sim.qrCodes(DEMO.appid);
    expect(codes).toHaveLength(1);
    const r = stored(id);
    expect(r).toMatchObject({
      [C.State]: RowSyncState.Synced,
      [C.Ticket]: codes[0]?.ticket,
      [C.Url]: codes[0]?.url,
      [C.ImageUrl]: `${h.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(codes[0]?.ticket ?? '')}`,
      [C.Scene]: codes[0]?.scene,
      [C.Permanent]: false,
      [C.ExpireSeconds]: 2_592_000,
      [C.ExpiresOn]: '2026-01-02T08:00:00Z'.replace('2026-01-02', '2027-01-02'),
    });
    expect(codes[0]).toMatchObject({ actionName: 'QR_STR_SCENE', permanent: false });
    expect(String(r[C.Scene])).toMatch(/^ch_[\w-]{16}$/);
    expect(urlOfPng(Buffer.from(String(r[C.Image]), 'base64'))).toBe(codes[0]?.url);
    // The relay's own write echoes as an Update hint; a repeated Create hint too: nothing more is made.
    expect(await onQrCodeSaved(hint(id, 'Update'), deps)).toBe('skipped');
    expect(await onQrCodeSaved(hint(id), deps)).toBe('skipped');
    expect(h.sim.qrCodes(DEMO.appid)).toHaveLength(1);
  });

  it('two instances with the same hint at once call WeChat once', async () => {
    await setUp();
    const id = row({ [C.Scene]: 'expo_2026', [C.Permanent]: false, [C.ExpireSeconds]: 86400 });
    const outcomes = await Promise.all([onQrCodeSaved(hint(id), deps), onQrCodeSaved(hint(id), deps)]);
    expect(outcomes.sort()).toEqual(['created', 'skipped']);
    expect(h.sim.qrCodes(DEMO.appid).map((c) => c.scene)).toEqual(['expo_2026']);
    expect(stored(id)[C.ExpiresOn]).toBe('2026-12-04T08:00:00Z');
  });

  it('a permanent code keeps its scene and has no expiry', async () => {
    await setUp();
    const id = row({ [C.Scene]: 'store_front', [C.Permanent]: true });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('created');
    expect(h.sim.qrCodes(DEMO.appid)).toMatchObject([{ scene: 'store_front', permanent: true, actionName: 'QR_LIMIT_STR_SCENE' }]);
    expect(stored(id)[C.ExpiresOn] ?? null).toBeNull();
  });

  it('a binding code: an unguessable bind_ scene and 10 minutes unless the row says otherwise; at most an hour', async () => {
    await setUp();
    const contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
    const id = row({ [C.Purpose]: QrPurpose.Binding, 'wxm_BindContactId@odata.bind': `/contacts(${contactId})` });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('created');
    expect(String(stored(id)[C.Scene])).toMatch(/^bind_[\w-]{43}$/);
    expect(stored(id)[C.ExpiresOn]).toBe('2026-12-03T08:10:00Z');
    const long = row({ [C.Purpose]: QrPurpose.Binding, [C.ExpireSeconds]: 7200, 'wxm_BindContactId@odata.bind': `/contacts(${contactId})` });
    expect(await onQrCodeSaved(hint(long), deps)).toBe('refused');
    expect(reason(long)).toContain('the code would live 2 hours (7200 seconds); at most 1 hour (3600 seconds) are allowed');
    const guessable = row({ [C.Purpose]: QrPurpose.Binding, [C.Scene]: 'bind_mei', 'wxm_BindContactId@odata.bind': `/contacts(${contactId})` });
    expect(await onQrCodeSaved(hint(guessable), deps)).toBe('refused');
    expect(reason(guessable)).toBe(
      'Not created: a binding code needs an unguessable scene. Leave Scene empty and the relay makes one.\n未创建：绑定码需要无法猜测的场景值。请清空场景值，由系统自动生成。',
    );
    expect(h.sim.qrCodes(DEMO.appid)).toHaveLength(1);
  });
});

describe('refused on the row before WeChat is called', () => {
  it('a reused scene string (while the alternate key is not active yet), and a channel scene taking the bind_ prefix', async () => {
    await setUp({ keysPending: true });
    const first = row({ [C.Scene]: 'expo_2026' });
    expect(await onQrCodeSaved(hint(first), deps)).toBe('created');
    const second = row({ [C.Scene]: 'expo_2026' });
    expect(await onQrCodeSaved(hint(second), deps)).toBe('refused');
    expect(stored(second)[C.State]).toBe(RowSyncState.Failed);
    expect(reason(second)).toBe(
      'Not created: the scene "expo_2026" is already used by another QR code of this account. Leave Scene empty to get a new one.\n未创建：场景值“expo_2026”已被该公众号的其他二维码使用。清空场景值即可自动生成新的场景值。',
    );
    const reserved = row({ [C.Scene]: newBindingScene() });
    expect(await onQrCodeSaved(hint(reserved), deps)).toBe('refused');
    expect(reason(reserved)).toContain('scenes starting with "bind_" are reserved');
    expect(h.sim.qrCodes(DEMO.appid)).toHaveLength(1);
  });

  it('an expiry over 30 days; fixed and saved again, it is made', async () => {
    await setUp();
    const id = row({ [C.Permanent]: false, [C.ExpireSeconds]: 2_592_001 });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('refused');
    expect(reason(id)).toBe(
      'Not created: the code would live 30 days (2592001 seconds); at most 30 days (2592000 seconds) are allowed for this code.\n未创建：有效期为 30 天（2592001 秒）；此类二维码最长 30 天（2592000 秒）。',
    );
    expect(h.sim.qrCodes()).toEqual([]);
    await gatewayFor(dv)
      .open(credentialsFor(dv))
      .update(EntitySets.QrCode, id, { [C.ExpireSeconds]: 2_592_000 });
    expect(await onQrCodeSaved(hint(id, 'Update'), deps)).toBe('created');
    expect(stored(id)).toMatchObject({ [C.State]: RowSyncState.Synced, [C.FailureReason]: null });
  });

  it('the permanent code over the account limit (a setting; 100,000 in WeChat)', async () => {
    await setUp({ maxPermanentCodes: 2 });
    for (const scene of ['p1', 'p2']) expect(await onQrCodeSaved(hint(row({ [C.Scene]: scene, [C.Permanent]: true })), deps)).toBe('created');
    const third = row({ [C.Scene]: 'p3', [C.Permanent]: true });
    expect(await onQrCodeSaved(hint(third), deps)).toBe('refused');
    expect(reason(third)).toBe(
      "Not created: this account already has 2 permanent QR codes, WeChat's maximum. Use a temporary code.\n未创建：该公众号已有 2 个永久二维码，已达微信上限。请使用临时二维码。",
    );
    // Temporary codes are not counted.
    expect(await onQrCodeSaved(hint(row({ [C.Scene]: 't1' })), deps)).toBe('created');
    expect(h.sim.qrCodes(DEMO.appid).map((c) => c.scene)).toEqual(['p1', 'p2', 't1']);
  });

  it('an account without permission set 3 says why codes cannot be made; so does a subscription account', async () => {
    await setUp({ permissions: '1,2,7' });
    const id = row();
    expect(await onQrCodeSaved(hint(id), deps)).toBe('refused');
    expect(reason(id)).toBe(
      'Not created: this Official Account cannot make parametric QR codes: permission set 3 (Account services) is not granted: use Update authorization and tick it.\n' +
        '未创建：该公众号无法生成带参数二维码：未授予权限集 3（帐号服务）：请点击“更新授权”并勾选。',
    );
    await gatewayFor(dv)
      .open(credentialsFor(dv))
      .update(EntitySets.OfficialAccount, accountId, {
        [OfficialAccount.columns.Permissions]: '1,2,3',
        [OfficialAccount.columns.AccountType]: AccountType.Subscription,
      });
    const sub = row();
    expect(await onQrCodeSaved(hint(sub), deps)).toBe('refused');
    expect(reason(sub)).toContain('WeChat gives it to service accounts only');
    expect(h.sim.qrCodes()).toEqual([]);
  });

  it('a referral code without its referrer and program, or with another account’s program', async () => {
    await setUp();
    const incomplete = row({ [C.Purpose]: QrPurpose.Referral });
    expect(await onQrCodeSaved(hint(incomplete), deps)).toBe('refused');
    expect(reason(incomplete)).toContain('a referral code needs its Referrer (a follower) and its Referral Program');
    const other = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wxother0000000000', [OfficialAccount.columns.Name]: 'Other' });
    const program = dv.insert(EntitySets.ReferralProgram, {
      wxm_name: 'Spring',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${other})`,
    });
    const referrer = dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: 'oReferrer',
      [Follower.columns.Name]: 'oReferrer',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    const foreign = row({
      [C.Purpose]: QrPurpose.Referral,
      'wxm_ReferrerId@odata.bind': `/${EntitySets.Follower}(${referrer})`,
      'wxm_ReferralProgramId@odata.bind': `/${EntitySets.ReferralProgram}(${program})`,
    });
    expect(await onQrCodeSaved(hint(foreign), deps)).toBe('refused');
    expect(reason(foreign)).toContain('must belong to the same Official Account');
    expect(h.sim.qrCodes()).toEqual([]);
  });
});

describe("WeChat's refusals become the row's reason", () => {
  it('45029 (WeChat counts codes made elsewhere too) and 48001, in both languages; nothing secret logged', async () => {
    await setUp();
    h.sim.setPermanentQrCodes(DEMO.appid, 100_000);
    const id = row({ [C.Scene]: 'store_front', [C.Permanent]: true });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('failed');
    expect(stored(id)).toMatchObject({ [C.State]: RowSyncState.Failed, [C.Ticket]: null });
    expect(reason(id)).toBe(
      'Not created: WeChat answered 45029: the account already has 100,000 permanent QR codes\n未创建：微信返回错误 45029：该公众号的永久二维码已达 100,000 个上限',
    );
    h.sim.failNext('qrcode/create', 48001);
    const temp = row();
    expect(await onQrCodeSaved(hint(temp), deps)).toBe('failed');
    expect(reason(temp)).toContain('WeChat answered 48001: the account has not granted permission set 3');
    expect(JSON.stringify(logger.lines)).not.toMatch(/access_token|ticket=/);
  });
});

describe('through the webhook and the task worker', () => {
  it('Dataverse posts Create of the row: queued, routed to the QR code use case, made; a Delete is not acted on', async () => {
    await setUp();
    const id = row({ [C.Scene]: 'via_webhook' });
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const accept = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger };
    const post = (message: string) =>
      acceptHint(
        JSON.stringify({ MessageName: message, PrimaryEntityName: 'wxm_qrcode', PrimaryEntityId: id, OrganizationId: dv.organizationId, InputParameters: [] }),
        keys.keyFor(dv.organizationId),
        accept,
      );
    expect(await post('Create')).toBe('queued');
    expect(await post('Delete')).toBe('ignored');
    const [task] = tasks.drain();
    // Only the QR code route is needed here; the other routes' deps are not reached.
    expect(await handleRelayTask(task!, { qrcodes: deps, logger } as unknown as TaskDeps)).toBe('done');
    expect(h.sim.qrCodes(DEMO.appid).map((c) => c.scene)).toEqual(['via_webhook']);
    expect(stored(id)[C.State]).toBe(RowSyncState.Synced);
  });
});
