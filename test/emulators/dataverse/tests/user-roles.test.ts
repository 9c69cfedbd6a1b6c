/**
 * Users' security roles as rows (systemuserroles_association), readable with prvReadUser and prvReadRole only; a row
 * created for another owner needs Assign; a binding code pointing at a contact needs AppendTo on it; and a user
 * disabled by the platform (isdisabled) raises the Update steps filtered on it. Shipped roles, generated schema.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose } from '@wxm/solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { SYSTEM_ADMINISTRATOR_TEMPLATE_ID } from '../system-tables.js';
import { solutionRoleId } from '../security/role-rows.js';

const users = {
  sysadmin: { clientId: randomUUID(), name: 'System Administrator', privileges: 'all' as const },
  relay: { clientId: randomUUID(), name: '# Relay', roles: ['Wechat Marketing Relay'] },
  operator: { clientId: randomUUID(), name: 'Operator', roles: ['Wechat Marketing Operator'] },
  admin: { clientId: randomUUID(), name: 'Wechat admin', roles: ['Wechat Marketing Administrator', 'Wechat Marketing Operator'] },
};
type Who = keyof typeof users;
const ids = {} as Record<Who, string>;

let dv: DataverseEmulator;
let account: string;
let contact: string;

beforeAll(async () => {
  dv = await startDataverseEmulator({ applicationUsers: Object.values(users) });
  for (const who of Object.keys(users) as Who[]) ids[who] = String(dv.rows('systemusers').find((u) => u.applicationid === users[who].clientId)?.systemuserid);
  account = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wxroles', [OfficialAccount.columns.Name]: 'Roles' });
  contact = dv.insert('contacts', { firstname: 'Li', lastname: 'Lei' });
});
afterAll(() => dv.close());

async function as(who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; id?: string }> {
  const res = await fetch(`${dv.serviceRoot}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${dv.issueToken({ clientId: users[who].clientId })}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const id = /\(([0-9a-f-]{36})\)$/.exec(res.headers.get('odata-entityid') ?? '')?.[1];
  return { status: res.status, json: text ? JSON.parse(text) : undefined, ...(id && { id }) };
}

const rolesOf = (who: Who, of: Who) =>
  as(who, 'GET', `systemusers(${ids[of]})?$select=fullname&$expand=systemuserroles_association($select=name,_parentrootroleid_value,_roletemplateid_value)`);

describe("a user's security roles", () => {
  it('are read by the relay (prvReadUser, prvReadRole): solution roles by their imported GUID, System Administrator by its template', async () => {
    const admin = await rolesOf('relay', 'admin');
    expect(admin.status).toBe(200);
    const roles = (admin.json.systemuserroles_association as Record<string, unknown>[]).map((r) => [
      r.name,
      r._parentrootroleid_value,
      r._roletemplateid_value,
    ]);
    expect(roles.sort()).toEqual(
      [
        ['Wechat Marketing Administrator', solutionRoleId('wxm_role_administrator'), null],
        ['Wechat Marketing Operator', solutionRoleId('wxm_role_operator'), null],
      ].sort(),
    );
    // The GUID an import gives the role (scripts/pack: guid('role', 'wxm_role_administrator')), pinned.
    expect(solutionRoleId('wxm_role_administrator')).toBe('692c384e-863b-54e2-b433-d0b662196936');
    const sysadmin = await rolesOf('relay', 'sysadmin');
    expect((sysadmin.json.systemuserroles_association as Record<string, unknown>[]).map((r) => [r.name, r._roletemplateid_value])).toEqual([
      ['System Administrator', SYSTEM_ADMINISTRATOR_TEMPLATE_ID],
    ]);
  });

  it("of a team are the team's: members read through teammembership_association, roles through teamroles_association", async () => {
    const team = dv.addTeam({ name: 'Marketing leads', roles: ['wxm_role_administrator'], members: [ids.operator] });
    const user = await as('relay', 'GET', `systemusers(${ids.operator})?$select=fullname&$expand=teammembership_association($select=name)`);
    expect((user.json.teammembership_association as Record<string, unknown>[]).map((t) => [t.teamid, t.name])).toEqual([[team, 'Marketing leads']]);
    const roles = await as('relay', 'GET', `teams(${team})?$select=name&$expand=teamroles_association($select=name,_parentrootroleid_value)`);
    expect((roles.json.teamroles_association as Record<string, unknown>[]).map((r) => [r.name, r._parentrootroleid_value])).toEqual([
      ['Wechat Marketing Administrator', solutionRoleId('wxm_role_administrator')],
    ]);
    // Without prvReadTeam (an Operator), the user's teams are refused.
    const refused = await as('operator', 'GET', `systemusers(${ids.operator})?$select=fullname&$expand=teammembership_association($select=name)`);
    expect([refused.status, String(refused.json?.error?.message).includes('is missing prvReadteam privilege')]).toEqual([403, true]);
  });

  it('are refused without prvReadRole, as Dataverse refuses them', async () => {
    const r = await rolesOf('operator', 'operator');
    expect([r.status, r.json?.error?.code]).toEqual([403, '0x80040220']);
    expect(String(r.json?.error?.message)).toContain('is missing prvReadrole privilege');
    expect((await as('operator', 'GET', 'roles?$select=name')).status).toBe(403);
  });
});

describe('binding codes and bindings under the shipped roles', () => {
  it('an operator makes a binding code of their own user and sees only their own codes', async () => {
    const made = await as('operator', 'POST', EntitySets.QrCode, {
      [QrCode.columns.Name]: 'Bind me',
      [QrCode.columns.Purpose]: QrPurpose.Binding,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      [`${QrCode.navigation.BindUserId}@odata.bind`]: `/systemusers(${ids.operator})`,
    });
    expect([made.status, made.json?.error?.message]).toEqual([204, undefined]);
    const theirs = dv.insert(EntitySets.QrCode, {
      [QrCode.columns.Name]: 'Expo booth',
      [QrCode.columns.Purpose]: QrPurpose.Channel,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
    });
    const seen = await as('operator', 'GET', `${EntitySets.QrCode}?$select=${QrCode.columns.Name}`);
    expect(seen.json.value.map((r: Record<string, unknown>) => r[QrCode.columns.Name])).toEqual(['Bind me']);
    expect((await as('operator', 'GET', `${EntitySets.QrCode}(${theirs})`)).status).toBe(403);
    expect((await as('operator', 'PATCH', `${EntitySets.QrCode}(${theirs})`, { [QrCode.columns.Name]: 'mine now' })).status).toBe(403);
  });

  it('a code pointing at a contact or a lead needs AppendTo on it (the operator role alone has none)', async () => {
    const r = await as('operator', 'POST', EntitySets.QrCode, {
      [QrCode.columns.Name]: 'Bind Li Lei',
      [QrCode.columns.Purpose]: QrPurpose.Binding,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      [`${QrCode.navigation.BindContactId}@odata.bind`]: `/contacts(${contact})`,
    });
    expect([r.status, r.json?.error?.code]).toEqual([403, '0x80040220']);
    expect(String(r.json?.error?.message)).toContain('is missing prvAppendTocontact privilege');
    const lead = dv.insert('leads', { firstname: 'Wu', lastname: 'Hao' });
    const toLead = await as('operator', 'POST', EntitySets.QrCode, {
      [QrCode.columns.Name]: 'Bind Wu Hao',
      [QrCode.columns.Purpose]: QrPurpose.Binding,
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      [`${QrCode.navigation.BindLeadId}@odata.bind`]: `/leads(${lead})`,
    });
    expect([toLead.status, String(toLead.json?.error?.message).includes('is missing prvAppendTolead privilege')]).toEqual([403, true]);
    expect(dv.rows(EntitySets.QrCode).filter((q) => ['Bind Li Lei', 'Bind Wu Hao'].includes(String(q[QrCode.columns.Name])))).toEqual([]);
  });

  it('a binding created for another owner needs Assign: the relay holds it, an operator does not; the owner deletes it, others cannot', async () => {
    const follower = dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: 'oOwned01',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
    });
    const binding = (owner: Who, source: string) => ({
      [Binding.columns.Name]: 'User ↔ WeChat',
      [Binding.columns.Source]: source,
      [`wxm_FollowerId@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
      [`wxm_SystemUserId@odata.bind`]: `/systemusers(${ids[owner]})`,
      'ownerid@odata.bind': `/systemusers(${ids[owner]})`,
    });
    const byOperator = await as('operator', 'POST', EntitySets.Binding, binding('admin', 'qr:forged'));
    expect(byOperator.status).toBe(403);
    const byRelay = await as('relay', 'POST', EntitySets.Binding, binding('operator', 'qr:owned'));
    expect([byRelay.status, byRelay.json?.error?.message]).toEqual([204, undefined]);
    const stored = dv.rows(EntitySets.Binding).find((b) => b[Binding.columns.Id] === byRelay.id);
    expect(stored?._ownerid_value).toBe(ids.operator);
    const other = await as('relay', 'POST', EntitySets.Binding, binding('admin', 'qr:admins'));
    expect((await as('operator', 'DELETE', `${EntitySets.Binding}(${other.id})`)).status).toBe(403);
    expect((await as('operator', 'DELETE', `${EntitySets.Binding}(${byRelay.id})`)).status).toBe(204);
    expect(dv.rows(EntitySets.Binding).map((b) => b[Binding.columns.Source])).toEqual(['qr:admins']);
  });
});
