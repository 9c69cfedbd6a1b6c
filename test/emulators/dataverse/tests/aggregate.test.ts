/**
 * $apply counting as Dataverse answers it: `[filter(…)/]aggregate(<primary key> with countdistinct as <alias>)`, one
 * row in `value`; more matching rows than AggregateQueryRecordLimit refused with 0x8004e023; overriddencreatedon
 * dating a row on create; any other $apply refused as unsupported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { client, failure, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  const account = dv.insert('wxm_officialaccounts', { wxm_name: 'A1', wxm_appid: 'wxa1' });
  for (let i = 0; i < 12; i++) {
    dv.insert('wxm_followers', {
      wxm_name: `F${i}`,
      wxm_openid: `o-${i}`,
      wxm_subscribed: i < 9,
      overriddencreatedon: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})`,
    });
  }
});
afterAll(() => dv.close());

const count = async (apply: string) => (await api.retrieveMultiple<{ n: number }>({ collection: 'wxm_followers', apply })).value;

describe('$apply counting', () => {
  it('counts the rows a filter transformation keeps, up to the aggregate limit, and refuses one row more', async () => {
    dv.setAggregateRecordLimit(9);
    expect(await failure(count('aggregate(wxm_followerid with countdistinct as n)'))).toMatchObject({
      status: 400,
      code: '0x8004e023',
      message: 'AggregateQueryRecordLimit exceeded. Cannot perform this operation.',
    });
    expect(await count('filter(wxm_subscribed eq true)/aggregate(wxm_followerid with countdistinct as n)')).toEqual([{ n: 9 }]);
    expect(
      await count("filter(wxm_subscribed eq true and (wxm_openid eq 'o-1' or wxm_openid eq 'o-2'))/aggregate(wxm_followerid with countdistinct as n)"),
    ).toEqual([{ n: 2 }]);
    expect(
      await count('filter(createdon ge 2026-01-01T00:00:03Z and createdon lt 2026-01-01T00:00:10Z)/aggregate(wxm_followerid with countdistinct as n)'),
    ).toEqual([{ n: 7 }]);
    dv.setAggregateRecordLimit(50_000);
    expect(await count('aggregate(wxm_followerid with countdistinct as n)')).toEqual([{ n: 12 }]);
  });

  it('dates a row by overriddencreatedon on create', async () => {
    const rows = await api.retrieveMultiple<{ createdon: string }>({ collection: 'wxm_followers', select: ['createdon'], filter: "wxm_openid eq 'o-11'" });
    expect(rows.value.map((r) => new Date(r.createdon).toISOString())).toEqual(['2026-01-01T00:00:11.000Z']);
  });

  it('refuses what it does not implement: other aggregations, other columns, $filter beside $apply', async () => {
    for (const apply of [
      'groupby((wxm_subscribed),aggregate($count as n))',
      'aggregate(wxm_openid with countdistinct as n)',
      'filter(wxm_subscribed eq true)',
    ]) {
      expect(await failure(count(apply))).toMatchObject({ status: 400, code: '0x0' });
    }
    const both = api.retrieveMultiple({
      collection: 'wxm_followers',
      filter: 'wxm_subscribed eq true',
      apply: 'aggregate(wxm_followerid with countdistinct as n)',
    });
    expect(await failure(both)).toMatchObject({
      status: 400,
      message: "The query option '$filter' together with $apply is not supported by the Dataverse emulator.",
    });
  });
});
