import { afterEach, describe, expect, it } from 'vitest';
import type { DataverseEmulator } from '../index.js';
import { call, client, failure, start } from './harness.js';

const open: DataverseEmulator[] = [];
const emulator = async (...args: Parameters<typeof start>) => {
  const dv = await start(...args);
  open.push(dv);
  return dv;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe('bearer tokens and application users', () => {
  it('401 without a token, with a token for another org, and with an expired token', async () => {
    const dv = await emulator();
    const other = await emulator();
    const noToken = await fetch(`${dv.serviceRoot}WhoAmI`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(
      /^Bearer authorization_uri=https:\/\/login\.microsoftonline\.com\/.+, resource_id=http:\/\/127\.0\.0\.1:\d+\/$/,
    );
    const wrongOrg = await failure(client(dv, () => other.issueToken({ clientId: dv.defaultUser.clientId })).callFunction('WhoAmI'));
    expect(wrongOrg.status).toBe(401);
    const expired = await failure(client(dv, () => dv.issueToken({ lifetimeSeconds: -10 })).callFunction('WhoAmI'));
    expect(expired.status).toBe(401);
    expect(JSON.stringify(dv.requestLog())).not.toContain(dv.issueToken().slice(0, 40));
  });

  it('403 0x80072560 for an application that is not a user of the org', async () => {
    const dv = await emulator();
    const err = await failure(client(dv, () => dv.issueToken({ clientId: '11111111-2222-3333-4444-555555555555' })).callFunction('WhoAmI'));
    expect([err.status, err.code, err.message]).toEqual([403, '0x80072560', 'The user is not a member of the organization.']);
  });

  it('accepts a token with the org URL as audience, e.g. one minted by an msal-node network mock', async () => {
    const dv = await emulator({ org: { audiences: ['https://contoso.crm.dynamics.cn'] } });
    const api = client(dv, () => dv.issueToken({ audience: 'https://contoso.crm.dynamics.cn/' }));
    expect((await api.callFunction<{ UserId: string }>('WhoAmI')).UserId).toBe(dv.defaultUser.systemUserId);
  });

  it('a custom verifier decides', async () => {
    const dv = await emulator({
      tokens: { verifier: (token) => (token === 'opaque-ok' ? { clientId: 'relay-app' } : null) },
      applicationUsers: [{ clientId: 'relay-app' }],
    });
    expect((await client(dv, () => 'opaque-ok').callFunction<{ UserId: string }>('WhoAmI')).UserId).toBe(dv.defaultUser.systemUserId);
    expect((await failure(client(dv, () => 'opaque-no').callFunction('WhoAmI'))).status).toBe(401);
  });

  it('403 0x80040220 when the application user lacks a privilege', async () => {
    const dv = await emulator({ applicationUsers: [{ clientId: 'reader', privileges: ['prvReadwxm_message'] }] });
    const api = client(dv);
    expect((await api.retrieveMultiple({ collection: 'wxm_messages' })).value).toEqual([]);
    const err = await failure(api.create({ collection: 'wxm_messages', data: { wxm_content: 'hi' } }));
    expect([err.status, err.code]).toEqual([403, '0x80040220']);
    expect(err.message).toMatch(
      /^Principal user \(Id=([0-9a-f-]{36}), type=8, roleCount=0, privilegeCount=0, accessMode=4\), is missing prvCreatewxm_message privilege \(Id=[0-9a-f-]{36}\) on OTC=\d+ for entity 'wxm_message'\. context\.Caller=\1$/,
    );
    expect(dv.rows('wxm_message')).toHaveLength(0);
  });
});

describe('service protection limits', () => {
  it('429 0x80072322 with Retry-After once the requests per window are used up, and a batch counts once', async () => {
    let now = Date.UTC(2026, 0, 1);
    const dv = await emulator({ clock: () => now, limits: { requestsPerWindow: 3, windowMs: 60_000 } });
    const api = client(dv);
    api.startBatch();
    for (let i = 0; i < 10; i++) void api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: `wx${i}` } });
    await api.executeBatch();
    await api.callFunction('WhoAmI');
    now += 10_000;
    await api.callFunction('WhoAmI');
    const limited = await call(dv, 'GET', 'WhoAmI');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(limited.json.error).toEqual({ code: '0x80072322', message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.' });
    const viaClient = await failure(api.callFunction('WhoAmI'));
    expect(viaClient.status).toBe(429);
    expect(viaClient.headers['retry-after']).toBe('50');
    now += 50_000;
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(200);
    expect(dv.rows('wxm_officialaccount')).toHaveLength(10);
  });

  it('429 0x80072326 immediately when concurrent requests exceed the limit; limits can be tightened at run time', async () => {
    const dv = await emulator({ latencyMs: 150 });
    dv.setLimits({ maxConcurrent: 2, concurrencyRetryAfterSeconds: 2 });
    const results = await Promise.all([1, 2, 3, 4].map(() => call(dv, 'GET', 'WhoAmI')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429, 429]);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toBe('2');
    expect(limited?.json.error).toEqual({ code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 2.' });
    expect(dv.inFlight()).toBe(0);
    expect(dv.peakConcurrency()).toBe(2);
  });

  it('429 0x80072321 when the combined execution time is used up', async () => {
    const dv = await emulator({ latencyMs: 30, limits: { executionTimeMs: 50 } });
    await call(dv, 'GET', 'WhoAmI');
    await call(dv, 'GET', 'WhoAmI');
    const limited = await call(dv, 'GET', 'WhoAmI');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('0x80072321');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('outages and tenancy', () => {
  it('setOutage answers 503 until turned off, or for a number of requests', async () => {
    const dv = await emulator();
    dv.setOutage(true);
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(503);
    dv.setOutage(false);
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(200);
    dv.setOutage({ status: 502, requests: 2 });
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(502);
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(502);
    expect((await call(dv, 'GET', 'WhoAmI')).status).toBe(200);
  });

  it('two orgs are two emulators: separate rows, users and tokens', async () => {
    const contoso = await emulator({ org: { name: 'contoso' } });
    const fabrikam = await emulator({ org: { name: 'fabrikam' } });
    await client(contoso).create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'wx-contoso' } });
    expect(fabrikam.rows('wxm_officialaccount')).toEqual([]);
    const crossed = await failure(client(fabrikam, () => contoso.issueToken()).retrieveMultiple({ collection: 'wxm_officialaccounts' }));
    expect(crossed.status).toBe(401);
    expect(contoso.organizationId).not.toBe(fabrikam.organizationId);
  });
});
