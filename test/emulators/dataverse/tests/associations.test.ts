/**
 * N:N relationships in the emulator, over the solution's schema with the follower–tag relationship
 * (`wxm_follower_wxm_tag`, intersect `wxm_follower_tag`; a minimal wxm_tag table is added when the repository has
 * none yet): associate and disassociate with `$ref` (direct, through dynamics-web-api and inside `$batch`), reading
 * over the navigation property and `$expand`, Append/AppendTo on both tables, Dataverse's errors, and the
 * Associate / Disassociate webhooks with Target, Relationship and RelatedEntities.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { SchemaModel } from '../../../../solution/src/model.js';
import type { RoleDef } from '../../../../solution/src/dsl/types-components.js';
import { label } from '../../../../solution/src/dsl/labels.js';
import { text } from '../../../../solution/src/dsl/columns.js';
import { loadSolutionSource } from '../../../../solution/tooling/load.js';
import { buildSchemaModel } from '../../../../solution/tooling/schema-model.js';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { client, failure } from './harness.js';

const NAV = 'wxm_follower_wxm_tag';

async function schemaWithTags(): Promise<SchemaModel> {
  const source = await loadSolutionSource();
  const nn = {
    schemaName: NAV,
    intersectEntityName: 'wxm_follower_tag',
    entity1: 'wxm_follower',
    entity2: 'wxm_tag',
    description: label('Tags of a follower.', '粉丝的标签。'),
  };
  const tag = source.tables.find((t) => t.def.schemaName.toLowerCase() === 'wxm_tag');
  if (tag) tag.def.manyToMany = [...(tag.def.manyToMany ?? []).filter((r) => r.schemaName !== NAV), nn];
  else
    source.tables.push({
      file: 'solution/src/tables/wxm_tag.ts',
      def: {
        schemaName: 'wxm_Tag',
        entitySetName: 'wxm_tags',
        displayName: label('Tag', '标签'),
        pluralName: label('Tags', '标签'),
        description: label('A WeChat tag.', '微信标签。'),
        ownership: 'UserOwned',
        primaryName: text('wxm_Name', label('Name', '名称'), label('Tag name.', '标签名。'), 30),
        columns: [],
        keys: [],
        hasNotes: false,
        quickCreate: false,
        audit: false,
        manyToMany: [nn],
      },
    });
  return buildSchemaModel(source);
}

const role = (id: string, name: string, tables: RoleDef['tables']): RoleDef => ({ id, name, description: label(name, name), tables, other: [] });
const ALL = { read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' } as const;
const roles: RoleDef[] = [
  role('tagger', 'Tagger', [
    { table: 'wxm_follower', ...ALL },
    { table: 'wxm_tag', ...ALL },
  ]),
  role('noappendto', 'No AppendTo on tags', [
    { table: 'wxm_follower', ...ALL },
    { table: 'wxm_tag', read: 'Global', append: 'Global' },
  ]),
  role('ownfollowers', 'Own followers only', [
    { table: 'wxm_follower', read: 'Global', append: 'Basic', appendTo: 'Basic' },
    { table: 'wxm_tag', ...ALL },
  ]),
];
const users = {
  tagger: { clientId: randomUUID(), name: 'Tagger', roles: ['Tagger'] },
  noAppendTo: { clientId: randomUUID(), name: 'No AppendTo', roles: ['No AppendTo on tags'] },
  own: { clientId: randomUUID(), name: 'Own', roles: ['Own followers only'] },
};

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let relay: Server;
let received: Record<string, any>[] = [];
let headers: Record<string, string | string[] | undefined>[] = [];
let account: string;
let f1: string;
let f2: string;
let t1: string;
let t2: string;

beforeAll(async () => {
  relay = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(raw) as Record<string, any>);
      headers.push(req.headers);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  dv = await startDataverseEmulator({
    schema: await schemaWithTags(),
    applicationUsers: [{ clientId: randomUUID(), name: 'Admin', privileges: 'all' }, ...Object.values(users)],
    security: { roles, fieldSecurityProfiles: [] },
  });
  api = client(dv);
  account = dv.insert('wxm_officialaccounts', { wxm_name: 'A', wxm_appid: 'wxnn' });
  const bind = { 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` };
  f1 = dv.insert('wxm_followers', { wxm_name: 'F1', wxm_openid: 'o-nn-1', ...bind });
  f2 = dv.insert('wxm_followers', { wxm_name: 'F2', wxm_openid: 'o-nn-2', ...bind });
  t1 = dv.insert('wxm_tags', { wxm_name: 'VIP' });
  t2 = dv.insert('wxm_tags', { wxm_name: 'New' });
  for (const message of ['Associate', 'Disassociate']) await registerPairingStep(message, `http://127.0.0.1:${(relay.address() as AddressInfo).port}/hook`);
});
afterAll(async () => {
  await dv.close();
  await new Promise((r) => relay.close(r));
});
beforeEach(async () => {
  await dv.webhooksIdle();
  received = [];
  headers = [];
});

/** An Associate / Disassociate step as Dataverse registers it: a message, no filter (no primary table). */
async function registerPairingStep(message: string, url: string): Promise<void> {
  const msg = await api.retrieveMultiple<{ sdkmessageid: string }>({ collection: 'sdkmessages', select: ['sdkmessageid'], filter: `name eq '${message}'` });
  const endpoint = (await api.create({ collection: 'serviceendpoints', data: { name: `nn ${message}`, contract: 8, messageformat: 2, url } })) as string;
  await api.create({
    collection: 'sdkmessageprocessingsteps',
    data: {
      name: `wxm: ${message}`,
      stage: 40,
      mode: 1,
      rank: 1,
      supporteddeployment: 0,
      'sdkmessageid@odata.bind': `/sdkmessages(${msg.value[0]!.sdkmessageid})`,
      'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint})`,
    },
  });
}

async function as(clientId: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${dv.serviceRoot}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${dv.issueToken(clientId ? { clientId } : {})}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const tagRef = (id: string) => ({ '@odata.id': `${dv.serviceRoot}wxm_tags(${id})` });
const pairs = () =>
  dv
    .rows('wxm_follower_tag')
    .map((p) => `${p.wxm_followerid === f1 ? 'f1' : p.wxm_followerid === f2 ? 'f2' : '?'}-${p.wxm_tagid === t1 ? 't1' : p.wxm_tagid === t2 ? 't2' : '?'}`)
    .sort();

describe('associate and disassociate with $ref', () => {
  it('pairs a follower with a tag (204), reads it over the navigation property from both sides and refuses a second pairing', async () => {
    expect((await as(undefined, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, tagRef(t1))).status).toBe(204);
    expect(pairs()).toEqual(['f1-t1']);
    const tags = await as(undefined, 'GET', `wxm_followers(${f1})/${NAV}?$select=wxm_name`);
    expect(tags.status).toBe(200);
    expect(tags.json.value.map((t: any) => [t.wxm_tagid, t.wxm_name])).toEqual([[t1, 'VIP']]);
    const followers = await as(undefined, 'GET', `wxm_tags(${t1})/${NAV}/$ref`);
    expect(followers.json).toEqual({
      '@odata.context': `${dv.serviceRoot}$metadata#Collection($ref)`,
      value: [{ '@odata.id': `${dv.serviceRoot}wxm_followers(${f1})` }],
    });
    const again = await as(undefined, 'POST', `wxm_tags(${t1})/${NAV}/$ref`, { '@odata.id': `wxm_followers(${f1})` });
    expect([again.status, again.json.error.code, again.json.error.message]).toEqual([412, '0x80040237', 'Cannot insert duplicate key.']);
    expect(pairs()).toEqual(['f1-t1']);
  });

  it('expands the N:N navigation property on one row and on many, with a nested $select', async () => {
    const one = await as(undefined, 'GET', `wxm_followers(${f1})?$select=wxm_name&$expand=${NAV}($select=wxm_name)`);
    expect(one.json[NAV]).toEqual([{ '@odata.etag': expect.any(String), wxm_tagid: t1, wxm_name: 'VIP' }]);
    const many = await as(undefined, 'GET', `wxm_followers?$select=wxm_name&$expand=${NAV}($select=wxm_name)&$orderby=wxm_name`);
    expect(many.json.value.map((f: any) => [f.wxm_name, f[NAV].map((t: any) => t.wxm_name)])).toEqual([
      ['F1', ['VIP']],
      ['F2', []],
    ]);
    const bad = await as(undefined, 'GET', `wxm_followers?$expand=wxm_OfficialAccountId`);
    expect(bad.status).toBe(400);
  });

  it('refuses a reference to a row of another table (400), a missing related row (404) and an unknown navigation property (404)', async () => {
    const other = await as(undefined, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, { '@odata.id': `wxm_followers(${f2})` });
    expect([other.status, other.json.error.code]).toEqual([400, '0x80048d19']);
    const missing = randomUUID();
    const gone = await as(undefined, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, tagRef(missing));
    expect([gone.status, gone.json.error.code, gone.json.error.message]).toEqual([404, '0x80040217', `wxm_tag With Id = ${missing} Does Not Exist`]);
    const unknown = await as(undefined, 'POST', `wxm_followers(${f1})/wxm_nothing/$ref`, tagRef(t1));
    expect([unknown.status, unknown.json.error.code]).toEqual([404, '0x8006088a']);
    const noId = await as(undefined, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, {});
    expect(noId.status).toBe(400);
  });

  it('disassociates with ?$id= and with <nav>(<id>)/$ref; parting a pair that does not exist succeeds', async () => {
    expect((await as(undefined, 'POST', `wxm_followers(${f2})/${NAV}/$ref`, tagRef(t2))).status).toBe(204);
    expect(pairs()).toEqual(['f1-t1', 'f2-t2']);
    expect((await as(undefined, 'DELETE', `wxm_followers(${f2})/${NAV}/$ref?$id=${dv.serviceRoot}wxm_tags(${t2})`)).status).toBe(204);
    expect((await as(undefined, 'DELETE', `wxm_tags(${t1})/${NAV}(${f1})/$ref`)).status).toBe(204);
    expect(pairs()).toEqual([]);
    expect((await as(undefined, 'DELETE', `wxm_tags(${t1})/${NAV}(${f1})/$ref`)).status).toBe(204);
  });

  it('works through dynamics-web-api associate / disassociate and inside a $batch change set that rolls back as a whole', async () => {
    await api.associate({ collection: 'wxm_followers', primaryKey: f1, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t1 });
    api.startBatch();
    void api.associate({ collection: 'wxm_followers', primaryKey: f2, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t1 });
    void api.associate({ collection: 'wxm_followers', primaryKey: f2, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t2 });
    await api.executeBatch();
    expect(pairs()).toEqual(['f1-t1', 'f2-t1', 'f2-t2']);
    // The second operation pairs f1-t1 again: the change set fails and f1-t2 is undone with it.
    api.startBatch();
    void api.associate({ collection: 'wxm_followers', primaryKey: f1, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t2 });
    void api.associate({ collection: 'wxm_followers', primaryKey: f1, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t1 });
    const failed = await failure(api.executeBatch());
    expect(JSON.stringify(failed)).toContain('0x80040237');
    expect(pairs()).toEqual(['f1-t1', 'f2-t1', 'f2-t2']);
    await api.disassociate({ collection: 'wxm_followers', primaryKey: f2, relationshipName: NAV, relatedKey: t1 });
    expect(pairs()).toEqual(['f1-t1', 'f2-t2']);
  });

  it('in one change set, creates a tag and pairs it through its Content-ID ($1/<nav>/$ref and "@odata.id": "$1")', async () => {
    const part = (id: number, request: string, json: string) => [
      '--changeset_n',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${id}`,
      '',
      request,
      'Content-Type: application/json',
      '',
      json,
    ];
    const body = [
      '--batch_n',
      'Content-Type: multipart/mixed; boundary=changeset_n',
      '',
      ...part(1, 'POST /api/data/v9.2/wxm_tags HTTP/1.1', '{"wxm_name":"Batch"}'),
      ...part(2, `POST $1/${NAV}/$ref HTTP/1.1`, JSON.stringify({ '@odata.id': `${dv.serviceRoot}wxm_followers(${f1})` })),
      ...part(3, `POST /api/data/v9.2/wxm_followers(${f2})/${NAV}/$ref HTTP/1.1`, '{"@odata.id":"$1"}'),
      '--changeset_n--',
      '--batch_n--',
      '',
    ].join('\r\n');
    const res = await fetch(`${dv.serviceRoot}$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dv.issueToken()}`, 'Content-Type': 'multipart/mixed; boundary=batch_n' },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.match(/HTTP\/1.1 \d+/g)).toEqual(['HTTP/1.1 204', 'HTTP/1.1 204', 'HTTP/1.1 204']);
    const tag = dv.rows('wxm_tags').find((t) => t.wxm_name === 'Batch')!;
    const paired = dv
      .rows('wxm_follower_tag')
      .filter((p) => p.wxm_tagid === tag.wxm_tagid)
      .map((p) => p.wxm_followerid)
      .sort();
    expect(paired).toEqual([f1, f2].sort());
  });

  it('removes the pairings of a deleted row', async () => {
    const t3 = dv.insert('wxm_tags', { wxm_name: 'Temp' });
    await api.associate({ collection: 'wxm_followers', primaryKey: f1, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: t3 });
    expect(dv.rows('wxm_follower_tag').some((p) => p.wxm_tagid === t3)).toBe(true);
    await api.deleteRecord({ collection: 'wxm_tags', key: t3 });
    expect(dv.rows('wxm_follower_tag').some((p) => p.wxm_tagid === t3)).toBe(false);
  });
});

describe('privileges', () => {
  it('a role with Append and AppendTo on both tables pairs and parts rows', async () => {
    const t = dv.insert('wxm_tags', { wxm_name: 'Role' });
    expect((await as(users.tagger.clientId, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, tagRef(t))).status).toBe(204);
    expect((await as(users.tagger.clientId, 'DELETE', `wxm_followers(${f1})/${NAV}(${t})/$ref`)).status).toBe(204);
  });

  it('without AppendTo on the tag table: 403 0x80040220 naming prvAppendTowxm_tag, nothing paired', async () => {
    const t = dv.insert('wxm_tags', { wxm_name: 'NoAppendTo' });
    const res = await as(users.noAppendTo.clientId, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, tagRef(t));
    expect([res.status, res.json.error.code]).toEqual([403, '0x80040220']);
    expect(res.json.error.message).toContain('prvAppendTowxm_tag');
    expect(dv.rows('wxm_follower_tag').some((p) => p.wxm_tagid === t)).toBe(false);
  });

  it('Basic Append on followers reaches only followers the caller owns (SecLib::AccessCheckEx)', async () => {
    const t = dv.insert('wxm_tags', { wxm_name: 'Basic' });
    const res = await as(users.own.clientId, 'POST', `wxm_tags(${t})/${NAV}/$ref`, { '@odata.id': `wxm_followers(${f1})` });
    expect([res.status, res.json.error.code]).toEqual([403, '0x80040220']);
    expect(res.json.error.message).toContain('SecLib::AccessCheckEx failed');
  });
});

describe('Associate / Disassociate webhooks', () => {
  it('post Target, Relationship and RelatedEntities for a step registered without a table', async () => {
    await as(undefined, 'POST', `wxm_tags(${t2})/${NAV}/$ref`, { '@odata.id': `wxm_followers(${f1})` });
    await as(undefined, 'DELETE', `wxm_tags(${t2})/${NAV}/$ref?$id=wxm_followers(${f1})`);
    await dv.webhooksIdle();
    expect(received.map((c) => c.MessageName)).toEqual(['Associate', 'Disassociate']);
    const [associate] = received;
    const input = Object.fromEntries(associate!.InputParameters.map((p: any) => [p.key, p.value]));
    expect(input.Target).toMatchObject({ Id: t2, LogicalName: 'wxm_tag' });
    expect(input.Relationship).toEqual({ __type: 'Relationship:http://schemas.microsoft.com/xrm/2011/Contracts', PrimaryEntityRole: null, SchemaName: NAV });
    expect(input.RelatedEntities).toEqual([expect.objectContaining({ Id: f1, LogicalName: 'wxm_follower' })]);
    expect(associate!.PrimaryEntityName).toBe('none');
    expect(headers[0]!['x-ms-dynamics-request-name']).toBe('Associate');
    expect(headers[0]!['x-ms-dynamics-entity-name']).toBe('none');
  });

  it('a failed association raises no webhook', async () => {
    await as(undefined, 'POST', `wxm_followers(${f1})/${NAV}/$ref`, tagRef(t1));
    await dv.webhooksIdle();
    expect(received).toEqual([]);
  });
});
