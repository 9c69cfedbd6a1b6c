/**
 * The solution's three security roles and two field security profiles, exactly as shipped (solution/src/roles,
 * solution/src/security), enforced by the emulator with depth, Append/AppendTo and field security, against the
 * solution's generated schema.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cloud, DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';

const S = SignedService.columns;
const M = Message.columns;
const users = {
  sysadmin: { clientId: randomUUID(), name: 'System Administrator', privileges: 'all' as const },
  relay: {
    clientId: randomUUID(),
    name: '# Wechat Marketing Relay',
    roles: ['Wechat Marketing Relay'],
    fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'],
  },
  relayWithoutProfile: { clientId: randomUUID(), name: 'Relay role only', roles: ['wxm_role_relay'] },
  operatorA: { clientId: randomUUID(), name: 'Operator A', roles: ['Wechat Marketing Operator'] },
  operatorB: { clientId: randomUUID(), name: 'Operator B', roles: ['wxm_role_operator'] },
  admin: {
    clientId: randomUUID(),
    name: 'Wechat admin',
    roles: ['Wechat Marketing Administrator'],
    fieldSecurityProfiles: ['Wechat Marketing Secret Writers'],
  },
  noRoles: { clientId: randomUUID(), name: 'No roles', roles: [] },
};
type Who = keyof typeof users;

let dv: DataverseEmulator;
let account: string;
let contact: string;

beforeAll(async () => {
  dv = await startDataverseEmulator({ applicationUsers: Object.values(users) });
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

const bindAccount = () => ({ [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})` });
const refusal = (r: { status: number; json: any }) => [
  r.status,
  r.json?.error?.code,
  String(r.json?.error?.message)
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
    .replace(/OTC=\d+/, 'OTC=<n>')
    .replace(/ObjectTypeCode: \d+/, 'ObjectTypeCode: <n>'),
];

async function follower(): Promise<string> {
  const r = await as('relay', 'POST', EntitySets.Follower, {
    [Follower.columns.OpenId]: `o-${randomUUID()}`,
    ...bindAccount(),
    [`${Follower.navigation.ContactId}@odata.bind`]: `/contacts(${contact})`,
  });
  expect(r.status).toBe(204);
  return r.id ?? '';
}

describe("Wechat Marketing Relay (the relay's application user)", () => {
  it('writes followers (linked to contacts), messages and media notes regarding them', async () => {
    const followerId = await follower();
    const message = await as('relay', 'POST', EntitySets.Message, {
      [M.WeChatMsgId]: 'm-relay-1',
      [M.Direction]: Direction.Inbound,
      ...bindAccount(),
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerId})`,
    });
    expect(message.status).toBe(204);
    const note = await as('relay', 'POST', 'annotations', {
      subject: 'WeChat image',
      documentbody: 'AAEC',
      filename: 'a.jpg',
      [`${Message.notes.regarding}@odata.bind`]: `/${EntitySets.Message}(${message.id})`,
    });
    expect(note.status).toBe(204);
    expect((await as('relay', 'PATCH', `${EntitySets.OfficialAccount}(${account})`, { [OfficialAccount.columns.LastDeliveryError]: 'x' })).status).toBe(204);
  });

  it('is refused what it must not touch: deleting contacts or messages, creating Signed Services, registering webhooks', async () => {
    const message = await as('relay', 'POST', EntitySets.Message, { [M.WeChatMsgId]: 'm-relay-2', [M.Direction]: Direction.Inbound, ...bindAccount() });
    // privilegeCount grows with the tables of the role (issue-10 tables join as their files appear).
    expect(refusal(await as('relay', 'DELETE', `contacts(${contact})`))).toEqual([
      403,
      '0x80040220',
      expect.stringMatching(
        /^Principal user \(Id=<id>, type=8, roleCount=1, privilegeCount=\d+, accessMode=4\), is missing prvDeletecontact privilege \(Id=<id>\) on OTC=<n> for entity 'contact'\. context\.Caller=<id>$/,
      ),
    ]);
    expect(refusal(await as('relay', 'DELETE', `${EntitySets.Message}(${message.id})`))[2]).toContain('is missing prvDeletewxm_message privilege');
    expect(refusal(await as('relay', 'POST', EntitySets.SignedService, { [S.Name]: 'forged' }))[2]).toContain(
      'is missing prvCreatewxm_signedservice privilege',
    );
    expect(refusal(await as('relay', 'POST', 'serviceendpoints', { name: 'hook', contract: 8, url: 'https://x.example' }))[2]).toContain(
      'is missing prvCreateserviceendpoint privilege',
    );
    expect(dv.rows('contacts')).toHaveLength(1);
  });
});

describe('secured columns (field security profiles)', () => {
  let service = '';
  it('an administrator sets the secret and binding token but never reads them back', async () => {
    const created = await as('admin', 'POST', EntitySets.SignedService, {
      [S.Name]: 'Contoso',
      [S.ClientSecret]: 'cs-secret',
      [S.BindingToken]: 'bt-secret',
      [S.Cloud]: Cloud.Global,
      [`${SignedService.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
    });
    expect(created.status).toBe(204);
    service = created.id ?? '';
    const read = await as('admin', 'GET', `${EntitySets.SignedService}(${service})`);
    expect([read.json[S.Name], read.json[S.ClientSecret], read.json[S.BindingToken]]).toEqual(['Contoso', null, null]);
    expect((await as('admin', 'GET', `${EntitySets.SignedService}(${service})/${S.ClientSecret}`)).status).toBe(204);
    expect((await as('sysadmin', 'GET', `${EntitySets.SignedService}(${service})`)).json[S.ClientSecret]).toBe('cs-secret');
  });

  it('the relay reads and clears them through Relay Secrets; with the role alone it reads null and may not clear them', async () => {
    const bare = await as('relayWithoutProfile', 'GET', `${EntitySets.SignedService}(${service})`);
    expect([bare.status, bare.json[S.ClientSecret], bare.json[S.BindingToken]]).toEqual([200, null, null]);
    expect(refusal(await as('relayWithoutProfile', 'PATCH', `${EntitySets.SignedService}(${service})`, { [S.ClientSecret]: null }))).toEqual([
      403,
      '0x8004F507',
      "The user doesn't have AttributePrivilegeUpdate and not granted shared access for a secured attribute during update operation",
    ]);
    const held = await as('relay', 'GET', `${EntitySets.SignedService}(${service})?$select=${S.ClientSecret},${S.BindingToken}`);
    expect([held.json[S.ClientSecret], held.json[S.BindingToken]]).toEqual(['cs-secret', 'bt-secret']);
    expect((await as('relay', 'PATCH', `${EntitySets.SignedService}(${service})`, { [S.ClientSecret]: null, [S.ConnectionStatus]: null })).status).toBe(204);
    expect(dv.rows(EntitySets.SignedService).find((r) => r[S.Id] === service)?.[S.ClientSecret]).toBeNull();
  });

  it('a profile without create permission refuses a new secret (0x8004F502): the relay never creates secrets', async () => {
    const r = await as('admin', 'POST', EntitySets.SignedService, { [S.Name]: 'plain' });
    expect(r.status).toBe(204);
    const custom = await startDataverseEmulator({
      applicationUsers: [{ clientId: users.relay.clientId, roles: ['Creator'], fieldSecurityProfiles: ['wxm_fsp_relay'] }],
      security: {
        roles: [
          {
            id: 'creator',
            name: 'Creator',
            description: { 1033: '', 2052: '' },
            tables: [{ table: 'wxm_signedservice', create: 'Global', read: 'Global' }],
            other: [],
          },
        ],
        fieldSecurityProfiles: [(await import('../../../../solution/src/security/relay.js')).default],
      },
    });
    const res = await fetch(`${custom.serviceRoot}${EntitySets.SignedService}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${custom.issueToken({ clientId: users.relay.clientId })}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ [S.Name]: 'x', [S.ClientSecret]: 'new' }),
    });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([403, '0x8004F502']);
    await custom.close();
  });
});

describe('Wechat Marketing Operator', () => {
  it('reads every follower and message, creates its own replies and notes on them, never edits or deletes', async () => {
    const followerId = await follower();
    const followers = await as('operatorA', 'GET', `${EntitySets.Follower}?$select=${Follower.columns.OpenId}`);
    expect(followers.json.value.map((f: Record<string, unknown>) => f[Follower.columns.Id])).toContain(followerId);
    const reply = await as('operatorA', 'POST', EntitySets.Message, {
      [M.Direction]: Direction.Outbound,
      [M.MessageType]: MessageType.Text,
      [M.Content]: '谢谢',
      [M.DeliveryStatus]: DeliveryStatus.Pending,
      [M.WeChatMsgId]: `out:${randomUUID()}`,
      ...bindAccount(),
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerId})`,
    });
    expect(reply.status).toBe(204);
    expect(
      (
        await as('operatorA', 'POST', 'annotations', {
          subject: 'image reply',
          [`${Message.notes.regarding}@odata.bind`]: `/${EntitySets.Message}(${reply.id})`,
        })
      ).status,
    ).toBe(204);
    expect(refusal(await as('operatorA', 'PATCH', `${EntitySets.Message}(${reply.id})`, { [M.Content]: 'edited' }))[2]).toContain(
      'is missing prvWritewxm_message privilege',
    );
    expect(refusal(await as('operatorA', 'DELETE', `${EntitySets.Follower}(${followerId})`))[2]).toContain('is missing prvDeletewxm_follower privilege');
    // Append To at Basic: another operator cannot attach a note to A's reply.
    expect(
      refusal(
        await as('operatorB', 'POST', 'annotations', { subject: 'not mine', [`${Message.notes.regarding}@odata.bind`]: `/${EntitySets.Message}(${reply.id})` }),
      ),
    ).toEqual([
      403,
      '0x80040220',
      'SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: <id>, OwnerId: <id>,  OwnerIdType: 8 and CallingUser: <id>. ObjectTypeCode: <n>, objectBusinessUnitId: <id>, AccessRights: AppendToAccess',
    ]);
  });

  it('never sees Signed Services', async () => {
    expect(refusal(await as('operatorA', 'GET', EntitySets.SignedService))[2]).toContain('is missing prvReadwxm_signedservice privilege');
  });
});

describe('Wechat Marketing Administrator', () => {
  it('does the Signed Service work: create, bind the account, update, delete', async () => {
    const created = await as('admin', 'POST', EntitySets.SignedService, { [S.Name]: 'Fabrikam', [S.ClientSecret]: 's' });
    expect(created.status).toBe(204);
    expect(
      (
        await as('admin', 'PATCH', `${EntitySets.SignedService}(${created.id})`, {
          [S.AgreementAccepted]: true,
          [`${SignedService.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
        })
      ).status,
    ).toBe(204);
    expect((await as('admin', 'DELETE', `${EntitySets.SignedService}(${created.id})`)).status).toBe(204);
  });
});

describe('depth and users without roles', () => {
  it('a user without any role: 0x80042f09', async () => {
    expect(refusal(await as('noRoles', 'GET', EntitySets.Follower))).toEqual([
      403,
      '0x80042f09',
      'SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user. Returned hr = -2147209463, User: <id>',
    ]);
  });

  it('Basic read: queries leave out the rows of others, and retrieving one is refused with ReadAccess', async () => {
    const reader = randomUUID();
    const custom = await startDataverseEmulator({
      applicationUsers: [
        { clientId: randomUUID(), privileges: 'all' },
        { clientId: reader, roles: ['Own messages'] },
      ],
      security: {
        roles: [
          {
            id: 'own',
            name: 'Own messages',
            description: { 1033: '', 2052: '' },
            tables: [{ table: 'wxm_message', create: 'Basic', read: 'Basic' }],
            other: [],
          },
        ],
        fieldSecurityProfiles: [],
      },
    });
    const others = custom.insert(EntitySets.Message, { [M.WeChatMsgId]: 'theirs' });
    const headers = { Authorization: `Bearer ${custom.issueToken({ clientId: reader })}`, 'Content-Type': 'application/json' };
    expect(
      (await fetch(`${custom.serviceRoot}${EntitySets.Message}`, { method: 'POST', headers, body: JSON.stringify({ [M.WeChatMsgId]: 'mine' }) })).status,
    ).toBe(204);
    const list = (await (await fetch(`${custom.serviceRoot}${EntitySets.Message}?$select=${M.WeChatMsgId}`, { headers })).json()) as {
      value: Record<string, unknown>[];
    };
    expect(list.value.map((m) => m[M.WeChatMsgId])).toEqual(['mine']);
    const one = await fetch(`${custom.serviceRoot}${EntitySets.Message}(${others})`, { headers });
    const body = (await one.json()) as { error: { code: string; message: string } };
    expect([one.status, body.error.code]).toEqual([403, '0x80040220']);
    expect(body.error.message).toMatch(/^SecLib::AccessCheckEx failed\. .*AccessRights: ReadAccess$/);
    await custom.close();
  });
});
