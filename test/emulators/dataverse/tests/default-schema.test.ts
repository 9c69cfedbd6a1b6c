/** The emulator loads the solution's generated schema when no schema is given. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import { schema } from '@wxm/solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { client, failure } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;

beforeAll(async () => {
  dv = await startDataverseEmulator();
  api = client(dv);
});
afterAll(() => dv.close());

const option = (set: string, name: string) => schema.optionSets[set]?.options.find((o) => o.name === name)?.value;

describe('with solution/generated/schema.ts', () => {
  it('serves the fixed entity sets of ARCHITECTURE.md', async () => {
    for (const set of ['wxm_officialaccounts', 'wxm_signedservices', 'wxm_followers', 'wxm_messages']) {
      expect((await api.retrieveMultiple({ collection: set, top: 1 })).value).toEqual([]);
    }
  });

  it('upserts a follower and a message by their alternate keys, as the delivery worker will', async () => {
    const account = (await api.create({
      collection: 'wxm_officialaccounts',
      data: { wxm_name: 'Demo', wxm_appid: 'wxdemo', wxm_accountstatus: schema.optionSets.wxm_accountstatus?.options[0]?.value },
    })) as string;
    const nav = schema.tables.wxm_follower?.columns.wxm_officialaccountid?.navigationProperty ?? '';
    const follower = await api.upsert({
      collection: 'wxm_followers',
      key: `wxm_openid='o-demo',_wxm_officialaccountid_value=${account}`,
      data: { wxm_name: 'o-demo', [`${nav}@odata.bind`]: `/wxm_officialaccounts(${account})` },
    });
    const inbound = option('wxm_direction', 'Inbound');
    expect(inbound).toBeTypeOf('number');
    const messageKey = `_wxm_officialaccountid_value=${account},wxm_wechatmsgid='1234567890'`;
    const data = {
      wxm_content: '你好',
      wxm_direction: inbound,
      wxm_messagetype: schema.optionSets.wxm_messagetype?.options[0]?.value,
      'wxm_FollowerId@odata.bind': `/wxm_followers(${follower})`,
      [`${nav}@odata.bind`]: `/wxm_officialaccounts(${account})`,
    };
    await api.upsert({ collection: 'wxm_messages', key: messageKey, data, ifnonematch: '*' });
    expect(await api.upsert({ collection: 'wxm_messages', key: messageKey, data, ifnonematch: '*' })).toBeNull();
    expect(dv.rows('wxm_messages')).toHaveLength(1);
    expect(dv.rows('wxm_messages')[0]).toMatchObject({ _wxm_followerid_value: follower, _owninguser_value: dv.defaultUser.systemUserId });
  });

  it('attaches notes only to tables with notes', async () => {
    const message = dv.rows('wxm_messages')[0]?.wxm_messageid as string;
    await api.create({
      collection: 'annotations',
      data: { subject: 'media', documentbody: 'AAEC', 'objectid_wxm_message@odata.bind': `/wxm_messages(${message})` },
    });
    const err = await failure(api.create({ collection: 'annotations', data: { 'objectid_wxm_signedservice@odata.bind': `/wxm_signedservices(${message})` } }));
    expect(err.status).toBe(400);
  });
});
