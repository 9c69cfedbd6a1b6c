/**
 * Who may have which codes made (issue 10 item 6), under the shipped roles: the relay's application user holds the
 * Wechat Marketing Relay role, the rows are saved through the Web API by Operators, an administrator and a System
 * Administrator, and the relay decides from the re-read row's creator and that user's roles as Dataverse holds them.
 * An Operator's channel or referral code, a user's code saved by someone else, a hint naming another org or a row the
 * org does not hold: refused or skipped, and WeChat is called for nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountType, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose, ReferralProgram, RowSyncState, VerificationType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { loadShippedSecurity } from '../../../../test/emulators/dataverse/security/shipped.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onQrCodeSaved, type QrCodeDeps } from './create-code.js';
import { registryOrgs } from './org-access.js';
import { qrCodeWechat } from './wechat-adapter.js';

const C = QrCode.columns;
const NOW = Date.parse('2026-12-07T08:00:00Z');
/** A sales role of the customer's own (Dynamics 365 Sales ships one like it): contacts to read and point at. */
const SALES = {
  id: 'test_sales',
  name: 'Salesperson',
  description: { 1033: 'Sales', 2052: '销售' },
  tables: [],
  other: [
    { privilege: 'prvReadContact', depth: 'Global' as const },
    { privilege: 'prvAppendToContact', depth: 'Global' as const },
  ],
};
const users = {
  relay: { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'] },
  operatorA: { clientId: randomUUID(), name: 'Operator A', roles: ['Wechat Marketing Operator', 'Salesperson'] },
  operatorB: { clientId: randomUUID(), name: 'Operator B', roles: ['Wechat Marketing Operator'] },
  // Operators by their own roles; administrators through an Entra group team, or not (a team of operators).
  teamAdmin: { clientId: randomUUID(), name: 'Admin by team', roles: ['Wechat Marketing Operator'] },
  teamOperator: { clientId: randomUUID(), name: 'Operator by team', roles: ['Wechat Marketing Operator'] },
  admin: { clientId: randomUUID(), name: 'Marketing admin', roles: ['Wechat Marketing Administrator', 'Wechat Marketing Operator'] },
  sysadmin: { clientId: randomUUID(), name: 'System Administrator', privileges: 'all' as const },
};
type Who = keyof typeof users;

const emulators = new Emulators();
let h: Harness;
let dv: DataverseEmulator;
let other: DataverseEmulator;
let deps: QrCodeDeps;
let accountId: string;
let contactId: string;
const ids = {} as Record<Who, string>;

beforeAll(async () => {
  h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3])).accessToken;
  const shipped = await loadShippedSecurity();
  dv = await emulators.start({ applicationUsers: Object.values(users), security: { ...shipped, roles: [...shipped.roles, SALES] } });
  other = await emulators.start({});
  for (const who of Object.keys(users) as Who[]) ids[who] = String(dv.rows('systemusers').find((u) => u.applicationid === users[who].clientId)?.systemuserid);
  accountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: DEMO.appid,
    [OfficialAccount.columns.Name]: 'Demo',
    [OfficialAccount.columns.AccountType]: AccountType.Service,
    [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
    [OfficialAccount.columns.Permissions]: '1,2,3',
  });
  contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
  dv.addTeam({ name: 'Marketing leads', roles: ['Wechat Marketing Administrator'], members: [ids.teamAdmin] });
  dv.addTeam({ name: 'Support desk', roles: ['Wechat Marketing Operator'], members: [ids.teamOperator, ids.teamAdmin] });
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
    logger: new RecordingLogger(),
  };
}, 60_000);
afterAll(async () => {
  await h.close();
  await emulators.closeAll();
});

let made = 0;
beforeEach(() => {
  made = h.sim.qrCodes(DEMO.appid).length;
});
/** Codes WeChat made since the test began. */
const wechatMade = () => h.sim.qrCodes(DEMO.appid).length - made;

/** A row saved through the Web API by `who` (Dataverse sets createdby). */
async function save(who: Who, fields: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${dv.serviceRoot}${EntitySets.QrCode}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users[who].clientId })}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      [C.Name]: 'Code',
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
      ...fields,
    }),
  });
  expect([res.status, res.status === 204 ? '' : await res.text()]).toEqual([204, '']);
  return /\(([0-9a-f-]{36})\)$/.exec(res.headers.get('odata-entityid') ?? '')?.[1] ?? '';
}
const hint = (rowId: string, organizationId = dv.organizationId): DataverseHint => ({
  message: 'Create',
  table: 'wxm_qrcode',
  rowId,
  organizationId,
  attributes: {},
});
const stored = (id: string) => dv.rows(EntitySets.QrCode).find((r) => r[C.Id] === id) ?? {};
const bindUser = (who: Who) => ({ [C.Purpose]: QrPurpose.Binding, [`${QrCode.navigation.BindUserId}@odata.bind`]: `/systemusers(${ids[who]})` });

describe('binding codes from anyone who may create them', () => {
  it("an Operator's code of a customer (contact) and of their own WeChat are made", async () => {
    const contact = await save('operatorA', { [C.Purpose]: QrPurpose.Binding, [`${QrCode.navigation.BindContactId}@odata.bind`]: `/contacts(${contactId})` });
    const own = await save('operatorB', bindUser('operatorB'));
    expect(await onQrCodeSaved(hint(contact), deps)).toBe('created');
    expect(await onQrCodeSaved(hint(own), deps)).toBe('created');
    expect([stored(contact)[C.State], stored(own)[C.State]]).toEqual([RowSyncState.Synced, RowSyncState.Synced]);
    expect(String(stored(own)[C.Scene])).toMatch(/^bind_[\w-]{43}$/);
    expect(wechatMade()).toBe(2);
  });

  it("a code naming another user's WeChat is refused, whoever saved it (an administrator too), and WeChat is not called", async () => {
    for (const who of ['operatorA', 'admin', 'sysadmin'] as const) {
      const id = await save(who, bindUser('operatorB'));
      expect(await onQrCodeSaved(hint(id), deps)).toBe('refused');
      expect(stored(id)[C.FailureReason]).toBe(
        "Not created: a user's WeChat can be bound only by that user. Ask them to open Bind WeChat themselves.\n未创建：用户的微信只能由其本人绑定。请让该用户本人打开“绑定微信”页面。",
      );
    }
    expect(wechatMade()).toBe(0);
  });
});

describe('channel and referral codes from administrators only', () => {
  it("an Operator's channel code makes nothing and calls WeChat for nothing; its reason in English and Chinese", async () => {
    const id = await save('operatorA', { [C.Purpose]: QrPurpose.Channel, [C.Scene]: 'expo_booth' });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('refused');
    expect(stored(id)).toMatchObject({
      [C.State]: RowSyncState.Failed,
      [C.Ticket]: null,
      [C.FailureReason]:
        'Not created: channel codes are made for users with the Wechat Marketing Administrator role. Operators make binding codes only.\n未创建：只有拥有“微信营销管理员”角色的用户才能生成渠道码。运营人员只能生成绑定码。',
    });
    // Saved again (the Update step), it is still refused: the creator does not change.
    expect(await onQrCodeSaved({ ...hint(id), message: 'Update' }, deps)).toBe('refused');
    expect(wechatMade()).toBe(0);
  });

  it("an Operator's referral code is refused before its program is even read", async () => {
    const program = dv.insert(EntitySets.ReferralProgram, {
      [ReferralProgram.columns.Name]: 'Bring a friend',
      [`${ReferralProgram.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    const referrer = dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: 'oReferrer01',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    // Made by an administrator for the operator to save (an operator has no Append To on programs or followers).
    const id = dv.insert(EntitySets.QrCode, {
      [C.Name]: 'Referral',
      [C.Purpose]: QrPurpose.Referral,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
      [`${QrCode.navigation.ReferralProgramId}@odata.bind`]: `/${EntitySets.ReferralProgram}(${program})`,
      [`${QrCode.navigation.ReferrerId}@odata.bind`]: `/${EntitySets.Follower}(${referrer})`,
      'createdby@odata.bind': `/systemusers(${ids.operatorB})`,
    });
    expect(await onQrCodeSaved(hint(id), deps)).toBe('refused');
    expect(String(stored(id)[C.FailureReason])).toContain('referral codes are made for users with the Wechat Marketing Administrator role');
    expect(wechatMade()).toBe(0);
  });

  it('administrators through a team have channel codes made; a team of operators gives no such right', async () => {
    const byTeamAdmin = await save('teamAdmin', { [C.Purpose]: QrPurpose.Channel });
    const byTeamOperator = await save('teamOperator', { [C.Purpose]: QrPurpose.Channel });
    expect(await onQrCodeSaved(hint(byTeamAdmin), deps)).toBe('created');
    expect(await onQrCodeSaved(hint(byTeamOperator), deps)).toBe('refused');
    expect(wechatMade()).toBe(1);
  });

  it('a Wechat Marketing Administrator and a System Administrator have channel codes made', async () => {
    const byAdmin = await save('admin', { [C.Purpose]: QrPurpose.Channel });
    const bySysadmin = await save('sysadmin', { [C.Purpose]: QrPurpose.Channel });
    expect(await onQrCodeSaved(hint(byAdmin), deps)).toBe('created');
    expect(await onQrCodeSaved(hint(bySysadmin), deps)).toBe('created');
    expect(wechatMade()).toBe(2);
  });
});

describe('hints decide nothing', () => {
  it('a hint naming another org, or a row this org does not hold, does nothing and calls WeChat for nothing', async () => {
    const id = await save('operatorA', { [C.Purpose]: QrPurpose.Channel });
    expect(await onQrCodeSaved(hint(id, other.organizationId), deps)).toBe('skipped');
    expect(await onQrCodeSaved(hint(randomUUID()), deps)).toBe('skipped');
    // The operator's row itself was never touched by the other org's hint.
    expect(stored(id)[C.State] ?? null).toBeNull();
    expect(wechatMade()).toBe(0);
  });
});

describe('a relay role that may not read roles (an org on an older solution)', () => {
  it('says so on the row, calls WeChat for nothing, and does not retry until the poison queue', async () => {
    const shipped = await loadShippedSecurity();
    const relayRole = shipped.roles.find((r) => r.id === 'wxm_role_relay')!;
    const older = {
      ...relayRole,
      id: 'old_relay',
      name: 'Older Relay',
      other: relayRole.other.filter((p) => p.privilege !== 'prvReadRole' && p.privilege !== 'prvReadTeam'),
    };
    const relay = { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Relay (older role)', roles: ['Older Relay'] };
    const admin = { clientId: randomUUID(), name: 'Marketing admin', roles: ['Wechat Marketing Administrator'] };
    const old = await emulators.start({ applicationUsers: [relay, admin], security: { ...shipped, roles: [...shipped.roles, older] } });
    const account = old.insert(EntitySets.OfficialAccount, {
      [OfficialAccount.columns.AppId]: DEMO.appid,
      [OfficialAccount.columns.Name]: 'Demo',
      [OfficialAccount.columns.AccountType]: AccountType.Service,
      [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
      [OfficialAccount.columns.Permissions]: '1,2,3',
    });
    const adminId = String(old.rows('systemusers').find((u) => u.applicationid === admin.clientId)?.systemuserid);
    const id = old.insert(EntitySets.QrCode, {
      [C.Name]: 'Expo',
      [C.Purpose]: QrPurpose.Channel,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      'createdby@odata.bind': `/systemusers(${adminId})`,
    });
    const registry = new MemorySignedServiceRegistry();
    const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 9).toString('base64'));
    await connectOrg(registry, old, secretBox, [{ appid: DEMO.appid, officialAccountId: account }], { bind: false });
    const outcome = await onQrCodeSaved(
      { message: 'Create', table: 'wxm_qrcode', rowId: id, organizationId: old.organizationId, attributes: {} },
      { ...deps, orgs: registryOrgs({ registry, gateway: gatewayFor(old), secretBox }) },
    );
    expect(outcome).toBe('refused');
    const row = old.rows(EntitySets.QrCode).find((r) => r[C.Id] === id) ?? {};
    expect([row[C.State], String(row[C.FailureReason]).split('\n')[0]]).toEqual([
      RowSyncState.Failed,
      'Not created: the relay may not read the security roles of who saved this code (its role needs Read on Security Role and Team: import the latest Wechat Marketing solution), then create the code again.',
    ]);
    expect(wechatMade()).toBe(0);
  });
});
