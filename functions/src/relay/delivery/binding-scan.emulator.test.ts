/**
 * Binding by scan against the Dataverse emulator through the real gateway: single use, expiry, another org's code,
 * a redelivered scan binds once, and two followers racing for one code bind one of them.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount } from '@wxm/solution/schema';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import type { DataverseOrg } from '../../dataverse/types.js';
import { PURPOSE_BINDING, QrCodeTable } from '../binding/binding-codes.js';
import { bindingTestSchema as testSchema } from '@wxm/testkit/kit/relay/binding-world';
import { newBindingScene } from '../binding/scene.js';
import { bindByScan } from './binding-scan.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const NOW = new Date('2026-12-02T10:00:00Z');
const MINUTE = 60_000;

interface World {
  dv: DataverseEmulator;
  org: DataverseOrg;
  accountId: string;
  contactId: string;
  logger: RecordingLogger;
}

async function world(appid = 'wxaaaabbbbccccdddd'): Promise<World> {
  const dv = await emulators.start({ schema: testSchema });
  const org = gatewayFor(dv).open(credentialsFor(dv));
  const accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: appid, [OfficialAccount.columns.Name]: 'Demo' });
  for (const openid of ['oScanner0001', 'oScanner0002'])
    dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: openid,
      [Follower.columns.Name]: openid,
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    });
  const contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
  return { dv, org, accountId, contactId, logger: new RecordingLogger() };
}

function code(w: World, person: Record<string, string>, extra: { expiresOn?: Date; purpose?: number; accountId?: string } = {}): { id: string; scene: string } {
  const scene = newBindingScene();
  const id = w.dv.insert(QrCodeTable.entitySet, {
    wxm_name: 'Bind Mei Lin',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${extra.accountId ?? w.accountId})`,
    [QrCodeTable.purpose]: extra.purpose ?? PURPOSE_BINDING,
    [QrCodeTable.scene]: scene,
    [QrCodeTable.expiresOn]: (extra.expiresOn ?? new Date(NOW.getTime() + 10 * MINUTE)).toISOString(),
    ...person,
  });
  return { id, scene };
}

const bindContact = (w: World) => ({ 'wxm_BindContactId@odata.bind': `/contacts(${w.contactId})` });
const scan = (w: World, scene: string, openid = 'oScanner0001', at = NOW) => bindByScan(w.org, { accountId: w.accountId, openid, scene, at }, w.logger);
const bindings = (w: World) => w.dv.rows(EntitySets.Binding);

describe('binding by scan', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('binds the scanning follower to the contact, once, and marks the code used', async () => {
    const c = code(w, bindContact(w));
    expect(await scan(w, c.scene)).toEqual({ status: 'bound', qrcodeId: c.id, person: 'contact' });
    const rows = bindings(w);
    expect(rows).toHaveLength(1);
    const follower = w.dv.rows(EntitySets.Follower).find((f) => f[Follower.columns.OpenId] === 'oScanner0001');
    expect(rows[0]).toMatchObject({
      [`_${Binding.columns.FollowerId}_value`]: follower?.[Follower.columns.Id],
      [`_${Binding.columns.ContactId}_value`]: w.contactId,
      [Binding.columns.Method]: 472610000,
      [Binding.columns.Source]: `qr:${c.id}`,
      [Binding.columns.BoundOn]: '2026-12-02T10:00:00Z',
    });
    const stored = w.dv.rows(QrCodeTable.entitySet).find((r) => r[QrCodeTable.id] === c.id);
    expect(stored?.[QrCodeTable.usedOn]).toBe('2026-12-02T10:00:00Z');
    // The scene is the secret of a live code: never logged.
    expect(JSON.stringify(w.logger.lines)).not.toContain(c.scene);
  });

  it('a redelivered scan and a second follower scanning the used code bind nothing more', async () => {
    const c = code(w, bindContact(w));
    await scan(w, c.scene);
    expect(await scan(w, c.scene)).toEqual({ status: 'used', qrcodeId: c.id });
    expect(await scan(w, c.scene, 'oScanner0002')).toEqual({ status: 'used', qrcodeId: c.id });
    expect(bindings(w)).toHaveLength(1);
    expect(bindings(w)[0]?.[Binding.columns.Source]).toBe(`qr:${c.id}`);
  });

  it('two followers scanning at the same moment: exactly one is bound', async () => {
    const c = code(w, bindContact(w));
    const outcomes = await Promise.all([scan(w, c.scene, 'oScanner0001'), scan(w, c.scene, 'oScanner0002')]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['bound', 'used']);
    expect(bindings(w)).toHaveLength(1);
  });

  it('a scan after expiry binds nothing and leaves the code unused', async () => {
    const c = code(w, bindContact(w), { expiresOn: new Date(NOW.getTime() - 1) });
    expect(await scan(w, c.scene)).toEqual({ status: 'expired', qrcodeId: c.id });
    expect(bindings(w)).toHaveLength(0);
    expect(w.dv.rows(QrCodeTable.entitySet)[0]?.[QrCodeTable.usedOn] ?? null).toBeNull();
  });

  it('a code made in another org, another account, an unknown scene or a channel code binds nothing', async () => {
    const other = await world('wxother0000000000');
    const foreign = code(other, bindContact(other));
    expect(await scan(w, foreign.scene)).toEqual({ status: 'unknown' });
    const otherAccount = w.dv.insert(EntitySets.OfficialAccount, {
      [OfficialAccount.columns.AppId]: 'wxsecond000000000',
      [OfficialAccount.columns.Name]: 'Second',
    });
    const ofSecond = code(w, bindContact(w), { accountId: otherAccount });
    expect(await scan(w, ofSecond.scene)).toEqual({ status: 'unknown' });
    expect(await scan(w, 'spring_campaign')).toEqual({ status: 'unknown' });
    const channel = code(w, bindContact(w), { purpose: 472610000 });
    expect(await scan(w, channel.scene)).toEqual({ status: 'not-binding', qrcodeId: channel.id });
    expect(bindings(w)).toHaveLength(0);
    expect(bindings(other)).toHaveLength(0);
  });

  it('binds a lead and an employee (system user)', async () => {
    const leadId = w.dv.insert('leads', { fullname: 'Zhang Wei' });
    const lead = code(w, { 'wxm_BindLeadId@odata.bind': `/leads(${leadId})` });
    expect(await scan(w, lead.scene)).toMatchObject({ status: 'bound', person: 'lead' });
    const userId = String(w.dv.rows('systemusers')[0]?.['systemuserid']);
    const employee = code(w, { 'wxm_BindUserId@odata.bind': `/systemusers(${userId})` });
    expect(await scan(w, employee.scene, 'oScanner0002')).toMatchObject({ status: 'bound', person: 'systemuser' });
    expect(bindings(w).map((b) => [b[`_${Binding.columns.LeadId}_value`] ?? null, b[`_${Binding.columns.SystemUserId}_value`] ?? null])).toEqual([
      [leadId, null],
      [null, userId],
    ]);
  });
});
