import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { call, client, failure, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let a1: string;
let a2: string;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  a1 = dv.insert('wxm_officialaccounts', { wxm_name: 'A1', wxm_appid: 'wxa1' });
  a2 = dv.insert('wxm_officialaccounts', { wxm_name: "O'Brien Tea", wxm_appid: 'wxa2' });
  for (let i = 0; i < 25; i++) {
    dv.insert('wxm_followers', {
      wxm_name: `Follower ${String(i).padStart(2, '0')}`,
      wxm_openid: `o-${i}`,
      wxm_subscribed: i % 2 === 0,
      wxm_lastinteractionon: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${i < 20 ? a1 : a2})`,
      ...(i === 3 ? { wxm_unionid: 'u-3' } : {}),
    });
  }
});
afterAll(() => dv.close());

const names = async (filter: string, orderBy = ['wxm_name asc']) =>
  (await api.retrieveMultiple<{ wxm_name: string }>({ collection: 'wxm_followers', select: ['wxm_name'], filter, orderBy })).value.map((r) => r.wxm_name);
const openids = async (filter: string) =>
  (await api.retrieveMultiple<{ wxm_openid: string }>({ collection: 'wxm_followers', select: ['wxm_openid'], filter })).value.map((r) => r.wxm_openid).sort();

describe('$filter', () => {
  it('compares strings (case-insensitively), numbers of rows, booleans and nulls', async () => {
    expect(await names("wxm_openid eq 'O-1'")).toEqual(['Follower 01']);
    expect(await openids('wxm_unionid ne null')).toEqual(['o-3']);
    expect((await openids('wxm_subscribed eq true')).length).toBe(13);
    expect((await openids('wxm_unionid eq null')).length).toBe(24);
  });

  it('uses lookups as _x_value with GUID literals, and and/or/not with parentheses', async () => {
    expect(await openids(`_wxm_officialaccountid_value eq ${a2}`)).toEqual(['o-20', 'o-21', 'o-22', 'o-23', 'o-24']);
    expect(await openids(`_wxm_officialaccountid_value eq ${a2} and (wxm_openid eq 'o-20' or wxm_openid eq 'o-24')`)).toEqual(['o-20', 'o-24']);
    expect(await openids(`_wxm_officialaccountid_value eq ${a2} and not (wxm_subscribed eq true)`)).toEqual(['o-21', 'o-23']);
  });

  it('compares date-times with gt ge lt le', async () => {
    expect(await openids('wxm_lastinteractionon ge 2024-01-24T00:00:00Z')).toEqual(['o-23', 'o-24']);
    expect(await openids('wxm_lastinteractionon lt 2024-01-02')).toEqual(['o-0']);
    expect(await openids('wxm_lastinteractionon gt 2024-01-10T00:00:00Z and wxm_lastinteractionon le 2024-01-12T00:00:00Z')).toEqual(['o-10', 'o-11']);
  });

  it('contains, startswith, endswith, and quotes escaped by doubling', async () => {
    expect(await names("startswith(wxm_name,'follower 2')")).toEqual(['Follower 20', 'Follower 21', 'Follower 22', 'Follower 23', 'Follower 24']);
    expect(await names("endswith(wxm_name,'7')")).toEqual(['Follower 07', 'Follower 17']);
    const accounts = await api.retrieveMultiple<{ wxm_appid: string }>({
      collection: 'wxm_officialaccounts',
      select: ['wxm_appid'],
      filter: "contains(wxm_name,'o''brien')",
    });
    expect(accounts.value.map((a) => a.wxm_appid)).toEqual(['wxa2']);
  });

  it('rejects unknown properties, incompatible literals and syntax errors like Dataverse', async () => {
    const unknown = await failure(names("wxm_nickname eq 'x'"));
    expect([unknown.status, unknown.message]).toEqual([400, "Could not find a property named 'wxm_nickname' on type 'Microsoft.Dynamics.CRM.wxm_follower'."]);
    const lookupName = await failure(names(`wxm_officialaccountid eq ${a1}`));
    expect(lookupName.message).toContain("Could not find a property named 'wxm_officialaccountid'");
    const types = await failure(names('wxm_openid eq 5'));
    expect(types.message).toContain(
      "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'.",
    );
    const syntax = await failure(names("wxm_openid eq 'x' and"));
    expect(syntax.message).toMatch(/^Syntax error at position \d+ in /);
    const fn = await failure(names("substringof('x',wxm_name)"));
    expect(fn.message).toContain("An unknown function with name 'substringof' was found.");
  });
});

describe('$orderby, $top, $count and paging', () => {
  it('orders by several terms', async () => {
    const r = await api.retrieveMultiple<{ wxm_openid: string }>({
      collection: 'wxm_followers',
      select: ['wxm_openid'],
      orderBy: ['wxm_subscribed desc', 'wxm_lastinteractionon desc'],
      top: 3,
    });
    expect(r.value.map((x) => x.wxm_openid)).toEqual(['o-24', 'o-22', 'o-20']);
  });

  it('pages with odata.maxpagesize and follows @odata.nextLink', async () => {
    const first = await api.retrieveMultiple<{ wxm_openid: string }>({ collection: 'wxm_followers', select: ['wxm_openid'], maxPageSize: 10, count: true });
    expect(first.value).toHaveLength(10);
    expect(first['@odata.count']).toBe(25);
    expect(first.oDataNextLink).toContain('$skiptoken=');
    const second = await api.retrieveMultiple<{ wxm_openid: string }>(
      { collection: 'wxm_followers', select: ['wxm_openid'], maxPageSize: 10 },
      first.oDataNextLink,
    );
    expect(second.value.map((x) => x.wxm_openid)).toEqual(['o-10', 'o-11', 'o-12', 'o-13', 'o-14', 'o-15', 'o-16', 'o-17', 'o-18', 'o-19']);
  });

  it('retrieveAll collects every page', async () => {
    const all = await api.retrieveAll<{ wxm_openid: string }>({
      collection: 'wxm_followers',
      select: ['wxm_openid'],
      maxPageSize: 4,
      filter: `_wxm_officialaccountid_value eq ${a1}`,
    });
    expect(all.value).toHaveLength(20);
    expect(new Set(all.value.map((x) => x.wxm_openid)).size).toBe(20);
    const pages = dv.requestLog().filter((e) => e.path.endsWith('/wxm_followers') && e.status === 200);
    expect(pages.length).toBeGreaterThanOrEqual(5);
  });

  it('formatted values on request', async () => {
    const r = await call(dv, 'GET', `wxm_followers?$select=wxm_subscribed,_wxm_officialaccountid_value&$filter=wxm_openid eq 'o-20'`, undefined, {
      Prefer: 'odata.include-annotations="*"',
    });
    expect(r.json.value[0]['_wxm_officialaccountid_value@OData.Community.Display.V1.FormattedValue']).toBe("O'Brien Tea");
    expect(r.json.value[0]['wxm_subscribed@OData.Community.Display.V1.FormattedValue']).toBe('Yes');
  });
});

describe('WhoAmI', () => {
  it('names the application user, its business unit and the org', async () => {
    const me = await api.callFunction<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>('WhoAmI');
    expect(me.UserId).toBe(dv.defaultUser.systemUserId);
    expect(me.OrganizationId).toBe(dv.organizationId);
    expect(me.BusinessUnitId).toMatch(/^[0-9a-f-]{36}$/);
    const user = dv.rows('systemuser').find((u) => u.systemuserid === me.UserId);
    expect(user?.applicationid).toBe(dv.defaultUser.clientId);
  });
});
