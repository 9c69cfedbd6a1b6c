/**
 * Deep insert against the solution's generated schema: an image reply as the ConversationView control sends it
 * (`Message.notes.collection`, from solution/tooling/notes.ts, must be the name the emulator derives the platform's
 * way), the privileges each created note needs (Create and Append on annotation, AppendTo on the new message), and
 * Create webhooks that fire only once the message and its notes are committed and readable.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType, OfficialAccount } from '@wxm/solution/schema';
import type { RoleDef } from '../../../../solution/src/dsl/types-components.js';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { loadShippedSecurity } from '../security/shipped.js';

const M = Message.columns;
const role = (id: string, other: RoleDef['other'], appendTo = true): RoleDef => ({
  id,
  name: id,
  description: { 1033: '', 2052: '' },
  other,
  tables: [{ table: 'wxm_message', create: 'Basic', read: 'Basic', ...(appendTo && { appendTo: 'Basic' as const }) }],
});
const CREATE = { privilege: 'prvCreateNote', depth: 'Basic' as const };
const APPEND = { privilege: 'prvAppendNote', depth: 'Basic' as const };
const users = {
  admin: { clientId: randomUUID(), privileges: 'all' as const },
  operator: { clientId: randomUUID(), roles: ['Wechat Marketing Operator'] },
  noCreate: { clientId: randomUUID(), roles: ['no-create'] },
  noAppend: { clientId: randomUUID(), roles: ['no-append'] },
  noAppendTo: { clientId: randomUUID(), roles: ['no-appendto'] },
  all: { clientId: randomUUID(), roles: ['all-three'] },
};
type Who = keyof typeof users;

let dv: DataverseEmulator;
let account: string;
let follower: string;

beforeAll(async () => {
  const shipped = await loadShippedSecurity();
  const custom = [role('no-create', [APPEND]), role('no-append', [CREATE]), role('no-appendto', [CREATE, APPEND], false), role('all-three', [CREATE, APPEND])];
  dv = await startDataverseEmulator({
    applicationUsers: Object.values(users),
    security: { roles: [...shipped.roles, ...custom], fieldSecurityProfiles: shipped.fieldSecurityProfiles },
  });
  account = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wxdeep', [OfficialAccount.columns.Name]: 'Deep' });
  follower = dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: 'o-deep',
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
  });
});
afterAll(() => dv?.close());

async function as(who: Who, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${dv.serviceRoot}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users[who].clientId })}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The control's image reply (pcf-controls/ConversationView/…/queries.ts replyRecord), bound as it binds it. */
const imageReply = (msgid: string, binds = true) => ({
  [M.Direction]: Direction.Outbound,
  [M.MessageType]: MessageType.Image,
  [M.DeliveryStatus]: DeliveryStatus.Pending,
  [M.WeChatMsgId]: msgid,
  ...(binds && {
    [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
    [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
  }),
  [Message.notes.collection]: [{ subject: 'WeChat image reply', filename: 'blue.png', mimetype: 'image/png', documentbody: 'iVBORw0KGgo=' }],
});
const messages = (msgid: string) => dv.rows(EntitySets.Message).filter((m) => m[M.WeChatMsgId] === msgid);
const notesOf = (id: unknown) => dv.rows('annotation').filter((n) => n._objectid_value === id);
const message = (r: { json: any }) =>
  String(r.json?.error?.message)
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
    .replace(/OTC=\d+/, 'OTC=<n>');

describe('an image reply as the control sends it', () => {
  it('uses the collection the platform names wxm_message_Annotations', () => {
    expect(Message.notes.collection).toBe('wxm_message_Annotations');
  });

  it('an Operator (as shipped) creates the reply and its note in one operation, both owned by the operator', async () => {
    const r = await as('operator', EntitySets.Message, imageReply('out:op-1'));
    expect(r.status).toBe(204);
    const [row] = messages('out:op-1');
    const operatorId = dv.rows('systemuser').find((u) => u.applicationid === users.operator.clientId)?.systemuserid;
    expect([row?._ownerid_value, row?._wxm_followerid_value]).toEqual([operatorId, follower]);
    expect(notesOf(row?.[M.Id]).map((n) => [n.filename, n.objecttypecode, n.isdocument, n._ownerid_value])).toEqual([
      ['blue.png', 'wxm_message', true, operatorId],
    ]);
  });

  it('the schema-name casing wxm_Message_Annotations is refused as in a real org', async () => {
    const { [Message.notes.collection]: notes, ...rest } = imageReply('out:case');
    const r = await as('admin', EntitySets.Message, { ...rest, wxm_Message_Annotations: notes });
    expect([r.status, r.json.error.code]).toEqual([400, '0x0']);
    expect(r.json.error.message).toContain("Invalid property 'wxm_Message_Annotations' was found in entity 'Microsoft.Dynamics.CRM.wxm_message'.");
    expect(messages('out:case')).toEqual([]);
  });

  it('a table without notes has no such collection', async () => {
    const r = await as('admin', EntitySets.SignedService, { wxm_name: 'x', wxm_signedservice_Annotations: [{ subject: 'no' }] });
    expect([r.status, r.json.error.code]).toEqual([400, '0x0']);
  });
});

describe('privileges of the notes created with the message', () => {
  it.each([
    ['noCreate', 'is missing prvCreateannotation privilege'],
    ['noAppend', 'is missing prvAppendannotation privilege'],
    ['noAppendTo', 'is missing prvAppendTowxm_message privilege'],
  ] as const)('%s: 403 0x80040220 and neither the message nor the note exists', async (who, missing) => {
    const msgid = `out:${who}`;
    const r = await as(who, EntitySets.Message, imageReply(msgid, false));
    expect([r.status, r.json.error.code]).toEqual([403, '0x80040220']);
    expect(message(r)).toMatch(
      new RegExp(
        `^Principal user \\(Id=<id>, type=8, roleCount=1, privilegeCount=\\d+, accessMode=4\\), ${missing} \\(Id=<id>\\) on OTC=<n> for entity '(annotation|wxm_message)'\\. context\\.Caller=<id>$`,
      ),
    );
    expect(messages(msgid)).toEqual([]);
    expect(
      dv.rows('annotation').filter((n) => n._createdby_value === dv.rows('systemuser').find((u) => u.applicationid === users[who].clientId)?.systemuserid),
    ).toEqual([]);
  });

  it('with Create and Append on notes and AppendTo on its own message, the same request succeeds', async () => {
    expect((await as('all', EntitySets.Message, imageReply('out:all', false))).status).toBe(204);
    expect(notesOf(messages('out:all')[0]?.[M.Id])).toHaveLength(1);
  });
});

describe('Create webhooks of the message', () => {
  let receiver: Server;
  const seen: { mode: number; notes: number }[] = [];

  beforeAll(async () => {
    // The relay's part: on the hint, read the message's notes back through the Web API (functions/src/relay/outbound).
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const ctx = JSON.parse(raw) as { PrimaryEntityId: string; Mode: number };
        fetch(`${dv.serviceRoot}annotations?$select=filename&$filter=_objectid_value eq ${ctx.PrimaryEntityId}`, {
          headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users.admin.clientId })}` },
        })
          .then((r) => r.json() as Promise<{ value: unknown[] }>)
          .then((body) => seen.push({ mode: ctx.Mode, notes: body.value.length }))
          .finally(() => res.writeHead(200).end());
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const created = await as('admin', 'serviceendpoints', {
      name: 'relay',
      contract: 8,
      messageformat: 2,
      authtype: 5,
      authvalue: '<settings><setting name="x-k" value="k" /></settings>',
      url,
    });
    expect(created.status).toBe(204);
    const endpoint = dv.rows('serviceendpoint')[0]?.serviceendpointid;
    const sdkmessage = dv.rows('sdkmessage').find((m) => m.name === 'Create')?.sdkmessageid;
    const filter = dv
      .rows('sdkmessagefilter')
      .find((f) => f._sdkmessageid_value === sdkmessage && f.primaryobjecttypecode === 'wxm_message')?.sdkmessagefilterid;
    for (const mode of [0, 1]) {
      const step = await as('admin', 'sdkmessageprocessingsteps', {
        name: `create ${mode}`,
        stage: 40,
        mode,
        rank: 1,
        supporteddeployment: 0,
        'sdkmessageid@odata.bind': `/sdkmessages(${sdkmessage})`,
        'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter})`,
        'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint})`,
      });
      expect(step.status).toBe(204);
    }
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('fire after the whole operation committed: the synchronous and the asynchronous step each find the note', async () => {
    expect((await as('operator', EntitySets.Message, imageReply('out:hook'))).status).toBe(204);
    await dv.webhooksIdle();
    expect(seen.sort((a, b) => a.mode - b.mode)).toEqual([
      { mode: 0, notes: 1 },
      { mode: 1, notes: 1 },
    ]);
  });

  it('do not fire for a deep insert that failed', async () => {
    seen.length = 0;
    const before = dv.webhookDeliveries().length;
    expect((await as('noAppendTo', EntitySets.Message, imageReply('out:hook-failed', false))).status).toBe(403);
    await dv.webhooksIdle();
    expect([seen, dv.webhookDeliveries().length - before]).toEqual([[], 0]);
  });
});
