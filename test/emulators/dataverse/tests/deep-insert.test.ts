/**
 * Deep insert (POST with related rows): the notes collection `<logical name>_Annotations` and only that spelling,
 * single-valued navigation objects, nesting, all-or-nothing also inside $batch, the answer's shape.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { INBOUND, OUTBOUND } from './fixture-schema.js';
import { call, client, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let account: string;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  account = dv.insert('wxm_officialaccounts', { wxm_name: 'A', wxm_appid: 'wxdeep' });
});
afterAll(() => dv.close());

const bind = () => ({ 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` });
const messages = (msgid: string) => dv.rows('wxm_message').filter((m) => m.wxm_wechatmsgid === msgid);
const notesOf = (id: unknown) => dv.rows('annotation').filter((n) => n._objectid_value === id);
const image = (name: string) => ({ subject: 'WeChat image reply', filename: name, mimetype: 'image/png', documentbody: 'AAECAw==' });
const invalidProperty = (name: string, table: string) =>
  `An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '${name}' was found in entity 'Microsoft.Dynamics.CRM.${table}'. ---> Microsoft.OData.ODataException: Does not support untyped value in non-open type.`;

describe('the notes collection', () => {
  it('wxm_message_Annotations creates the notes with the message: 204, OData-EntityId of the message only', async () => {
    const res = await call(dv, 'POST', 'wxm_messages', {
      wxm_wechatmsgid: 'out:d1',
      wxm_direction: OUTBOUND,
      ...bind(),
      wxm_message_Annotations: [image('a.png'), image('b.png')],
    });
    expect([res.status, res.text]).toEqual([204, '']);
    const [message] = messages('out:d1');
    expect(res.headers.get('odata-entityid')).toBe(`${dv.serviceRoot}wxm_messages(${String(message?.wxm_messageid)})`);
    const notes = notesOf(message?.wxm_messageid);
    expect(notes.map((n) => [n.filename, n.mimetype, n.documentbody, n.isdocument, n.filesize, n.objecttypecode, n._ownerid_value])).toEqual([
      ['a.png', 'image/png', 'AAECAw==', true, 4, 'wxm_message', dv.defaultUser.systemUserId],
      ['b.png', 'image/png', 'AAECAw==', true, 4, 'wxm_message', dv.defaultUser.systemUserId],
    ]);
  });

  it('with Prefer: return=representation: 201 and the message itself (no URIs of the notes)', async () => {
    const res = await call(
      dv,
      'POST',
      'wxm_messages?$select=wxm_wechatmsgid',
      { wxm_wechatmsgid: 'out:d2', wxm_direction: OUTBOUND, wxm_message_Annotations: [image('c.png')] },
      { Prefer: 'return=representation' },
    );
    expect(res.status).toBe(201);
    const id = messages('out:d2')[0]?.wxm_messageid;
    expect(Object.keys(res.json as object).sort()).toEqual(['@odata.context', '@odata.etag', 'wxm_messageid', 'wxm_wechatmsgid']);
    expect((res.json as Record<string, unknown>).wxm_messageid).toBe(id);
    expect(notesOf(id).map((n) => n.filename)).toEqual(['c.png']);
  });

  it('is case-sensitive: wxm_Message_Annotations (and wxm_message_annotations) is an invalid property, nothing is created', async () => {
    for (const name of ['wxm_Message_Annotations', 'wxm_message_annotations', 'Wxm_message_Annotations']) {
      const res = await call(dv, 'POST', 'wxm_messages', { wxm_wechatmsgid: `out:${name}`, wxm_direction: OUTBOUND, [name]: [image('x.png')] });
      expect([res.status, res.json?.error?.code, res.json?.error?.message]).toEqual([400, '0x0', invalidProperty(name, 'wxm_message')]);
      expect(messages(`out:${name}`)).toEqual([]);
    }
    expect(dv.rows('annotation').filter((n) => n.filename === 'x.png')).toEqual([]);
  });

  it('each table with notes has exactly its own: contact has Contact_Annotation, a follower wxm_follower_Annotations', async () => {
    const contact = await call(dv, 'POST', 'contacts', { firstname: 'Li', Contact_Annotation: [{ subject: 'met at the fair' }] });
    expect(contact.status).toBe(204);
    const contactId = /\(([0-9a-f-]{36})\)$/.exec(contact.headers.get('odata-entityid') ?? '')?.[1];
    expect(notesOf(contactId).map((n) => [n.subject, n.objecttypecode])).toEqual([['met at the fair', 'contact']]);
    expect((await call(dv, 'POST', 'contacts', { firstname: 'Han', contact_Annotations: [{ subject: 'no' }] })).json.error.message).toBe(
      invalidProperty('contact_Annotations', 'contact'),
    );
    expect((await call(dv, 'POST', 'wxm_followers', { wxm_openid: 'o-notes', wxm_follower_Annotations: [{ subject: 'follower note' }] })).status).toBe(204);
    // Another table's notes collection is no property of this one.
    expect((await call(dv, 'POST', 'wxm_followers', { wxm_openid: 'o-wrong', wxm_message_Annotations: [{ subject: 'no' }] })).json.error.message).toBe(
      invalidProperty('wxm_message_Annotations', 'wxm_follower'),
    );
    expect(dv.rows('wxm_follower').filter((f) => f.wxm_openid === 'o-wrong')).toEqual([]);
  });
});

describe('related rows', () => {
  it('an object under a single-valued navigation property creates that row and binds to it', async () => {
    const res = await call(dv, 'POST', 'wxm_messages', {
      wxm_wechatmsgid: 'm-d3',
      wxm_direction: INBOUND,
      ...bind(),
      wxm_FollowerId: { wxm_name: 'New follower', wxm_openid: 'o-d3', ...bind() },
    });
    expect(res.status).toBe(204);
    const follower = dv.rows('wxm_follower').find((f) => f.wxm_openid === 'o-d3');
    expect([follower?.wxm_name, follower?._wxm_officialaccountid_value]).toEqual(['New follower', account]);
    expect(messages('m-d3')[0]?._wxm_followerid_value).toBe(follower?.wxm_followerid);
  });

  it('collections nest: a follower with two messages, the first with a note', async () => {
    const res = await call(dv, 'POST', 'wxm_followers', {
      wxm_openid: 'o-d4',
      ...bind(),
      wxm_follower_wxm_message: [
        { wxm_wechatmsgid: 'm-d4a', ...bind(), wxm_message_Annotations: [image('d4.png')] },
        { wxm_wechatmsgid: 'm-d4b', ...bind() },
      ],
    });
    expect(res.status).toBe(204);
    const followerId = /\(([0-9a-f-]{36})\)$/.exec(res.headers.get('odata-entityid') ?? '')?.[1];
    expect([messages('m-d4a')[0]?._wxm_followerid_value, messages('m-d4b')[0]?._wxm_followerid_value]).toEqual([followerId, followerId]);
    expect(notesOf(messages('m-d4a')[0]?.wxm_messageid).map((n) => n.filename)).toEqual(['d4.png']);
  });

  it('is all or nothing: a bad note or a key clash in a related row leaves no row behind', async () => {
    const tooLong = await call(dv, 'POST', 'wxm_messages', {
      wxm_wechatmsgid: 'out:d5',
      wxm_message_Annotations: [image('ok.png'), { subject: 's'.repeat(501) }],
    });
    expect([tooLong.status, tooLong.json.error.code]).toEqual([400, '0x80044331']);
    const clash = await call(dv, 'POST', 'wxm_followers', {
      wxm_openid: 'o-d5',
      ...bind(),
      wxm_follower_wxm_message: [
        { wxm_wechatmsgid: 'm-d5', ...bind() },
        { wxm_wechatmsgid: 'm-d5', ...bind() },
      ],
    });
    expect([clash.status, clash.json.error.code]).toEqual([412, '0x80060892']);
    expect([
      messages('out:d5'),
      messages('m-d5'),
      dv.rows('wxm_follower').filter((f) => f.wxm_openid === 'o-d5'),
      dv.rows('annotation').filter((n) => n.filename === 'ok.png'),
    ]).toEqual([[], [], [], []]);
  });

  it('refuses the wrong JSON shapes with the OData reader message', async () => {
    const shape = async (data: Record<string, unknown>) => {
      const r = await call(dv, 'POST', 'wxm_messages', { wxm_wechatmsgid: 'm-shape', ...data });
      return [r.status, r.json.error.code, String(r.json.error.message).replace(/^.*InnerException : Microsoft\.OData\.ODataException: /, '')];
    };
    expect(await shape({ wxm_message_Annotations: image('o.png') })).toEqual([
      400,
      '0x80048d19',
      "An unexpected 'StartObject' node was found when reading from the JSON reader. A 'StartArray' node was expected.",
    ]);
    expect(await shape({ wxm_message_Annotations: ['o.png'] })).toEqual([
      400,
      '0x80048d19',
      "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
    ]);
    expect(await shape({ wxm_FollowerId: [{ wxm_openid: 'o' }] })).toEqual([
      400,
      '0x80048d19',
      "An unexpected 'StartArray' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
    ]);
    expect(messages('m-shape')).toEqual([]);
  });
});

describe('in $batch', () => {
  it('a deep insert in a change set is addressable by Content-ID and rolled back with it', async () => {
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'out:b1', wxm_message_Annotations: [image('b1.png')] }, contentId: '1' });
    void api.create({ collection: 'annotations', data: { subject: 'caption', 'objectid_wxm_message@odata.bind': '$1' } });
    await api.executeBatch();
    const [message] = messages('out:b1');
    expect(notesOf(message?.wxm_messageid).map((n) => n.filename ?? n.subject)).toEqual(['b1.png', 'caption']);

    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'out:b2', wxm_message_Annotations: [image('b2.png')] } });
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 5 } });
    await api.executeBatch({ continueOnError: true });
    expect([messages('out:b2'), dv.rows('annotation').filter((n) => n.filename === 'b2.png')]).toEqual([[], []]);
  });

  it('a failing deep insert outside a change set leaves nothing either', async () => {
    api.startBatch();
    void api.create({
      collection: 'wxm_messages',
      data: { wxm_wechatmsgid: 'out:b3', wxm_message_Annotations: [image('b3.png'), { documentbody: 7 }] },
      inChangeSet: false,
    });
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'out:b4' }, inChangeSet: false });
    const [failed, created] = (await api.executeBatch({ continueOnError: true })) as [{ status: number }, string];
    expect([failed.status, typeof created]).toEqual([400, 'string']);
    expect([messages('out:b3'), dv.rows('annotation').filter((n) => n.filename === 'b3.png'), messages('out:b4').length]).toEqual([[], [], 1]);
  });
});
