import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from '../auth.js';
import type { DataverseEmulator } from '../index.js';
import { start } from './harness.js';

const open: DataverseEmulator[] = [];
const emulator = async (...args: Parameters<typeof start>) => {
  const dv = await start(...args);
  open.push(dv);
  return dv;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function token(dv: DataverseEmulator, tenant: string, form: Record<string, string>) {
  const res = await fetch(`${dv.loginBase}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const scopeOf = (dv: DataverseEmulator) => `${dv.url.replace(/\/$/, '')}/.default`;
const whoAmI = (dv: DataverseEmulator, accessToken: string) =>
  fetch(`${dv.serviceRoot}WhoAmI`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });

describe('fake Entra ID: client credentials', () => {
  it('issues a token the Web API accepts: aud = the resource, appid/azp = the client, tid = the tenant', async () => {
    const dv = await emulator({ tokens: { lifetimeSeconds: 1200 } });
    const { clientId, clientSecret = '' } = dv.defaultUser;
    const res = await token(dv, dv.tenantId, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopeOf(dv) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 1200, ext_expires_in: 1200 });
    const claims = decodeJwt(res.json.access_token);
    expect([claims?.aud, claims?.appid, claims?.azp, claims?.tid]).toEqual([dv.url.replace(/\/$/, ''), clientId, clientId, dv.tenantId]);
    expect((claims?.exp ?? 0) - (claims?.iat as number)).toBe(1200);
    const me = await whoAmI(dv, res.json.access_token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { UserId: string }).UserId).toBe(dv.defaultUser.systemUserId);
  });

  it('answers like Entra ID for an unknown tenant, an unknown application, a wrong or missing secret, a bad scope or grant', async () => {
    const dv = await emulator();
    const { clientId, clientSecret = '' } = dv.defaultUser;
    const good = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopeOf(dv) };
    const cases: [string, Record<string, string>, number, string, number][] = [
      ['00000000-0000-0000-0000-00000000dead', good, 400, 'invalid_tenant', 90002],
      [dv.tenantId, { ...good, client_id: '99999999-9999-9999-9999-999999999999' }, 400, 'unauthorized_client', 700016],
      [dv.tenantId, { ...good, client_secret: 'not-the-secret' }, 401, 'invalid_client', 7000215],
      [dv.tenantId, { grant_type: 'client_credentials', client_id: clientId, scope: scopeOf(dv) }, 401, 'invalid_client', 7000218],
      [dv.tenantId, { ...good, scope: 'https://contoso.crm.dynamics.com/user_impersonation' }, 400, 'invalid_scope', 1002012],
      [dv.tenantId, { ...good, grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
      [dv.tenantId, { grant_type: 'client_credentials', scope: scopeOf(dv) }, 400, 'invalid_request', 900144],
    ];
    for (const [tenant, form, status, error, code] of cases) {
      const res = await token(dv, tenant, form);
      expect([res.status, res.json.error, res.json.error_codes], `${error} ${code}`).toEqual([status, error, [code]]);
      expect(res.json.error_description).toMatch(
        new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`),
      );
      expect(res.json.error_uri).toBe(`https://login.microsoftonline.com/error?code=${code}`);
    }
    const wrong = await token(dv, dv.tenantId, { ...good, client_secret: 'not-the-secret' });
    expect(wrong.json.error_description).toContain(`for a secret added to app '${clientId}'.`);
    const log = JSON.stringify(dv.aadRequestLog());
    expect(log).not.toContain(clientSecret);
    expect(log).not.toContain('not-the-secret');
    expect(dv.aadRequestLog().map((e) => e.code)).toEqual([90002, 700016, 7000215, 7000218, 1002012, 70003, 900144, 7000215]);
    expect(dv.requestLog()).toEqual([]);
  });

  it('an application registered in the tenant but not added to the org gets a token, then 403 0x80072560', async () => {
    const dv = await emulator({ aadApplications: [{ clientId: 'a0a0a0a0-0000-0000-0000-000000000001', clientSecret: 'outsider-secret' }] });
    const res = await token(dv, dv.tenantId, {
      grant_type: 'client_credentials',
      client_id: 'a0a0a0a0-0000-0000-0000-000000000001',
      client_secret: 'outsider-secret',
      scope: scopeOf(dv),
    });
    expect(res.status).toBe(200);
    const me = await whoAmI(dv, res.json.access_token);
    expect(me.status).toBe(403);
    expect(((await me.json()) as { error: unknown }).error).toEqual({ code: '0x80072560', message: 'The user is not a member of the organization.' });
  });

  it('applications live in their own tenant; addApplicationUser registers a secret, addAadApplication adds another (rotation)', async () => {
    const dv = await emulator();
    const other = 'b1b1b1b1-0000-0000-0000-0000000000b1';
    dv.addApplicationUser({ clientId: 'c2c2c2c2-0000-0000-0000-0000000000c2', tenantId: other, clientSecret: 'first-secret' });
    const form = (secret: string) => ({
      grant_type: 'client_credentials',
      client_id: 'c2c2c2c2-0000-0000-0000-0000000000c2',
      client_secret: secret,
      scope: scopeOf(dv),
    });
    expect((await token(dv, dv.tenantId, form('first-secret'))).json.error_codes).toEqual([700016]);
    const issued = await token(dv, other.toUpperCase(), form('first-secret'));
    expect(issued.status).toBe(200);
    expect(decodeJwt(issued.json.access_token)?.tid).toBe(other);
    expect((await whoAmI(dv, issued.json.access_token)).status).toBe(200);
    dv.addAadApplication({ clientId: 'c2c2c2c2-0000-0000-0000-0000000000c2', tenantId: other, clientSecret: 'second-secret' });
    expect((await token(dv, other, form('second-secret'))).status).toBe(200);
    expect((await token(dv, other, form('first-secret'))).status).toBe(200);
  });

  it('is not affected by a Web API outage, and serves OpenID configuration', async () => {
    const dv = await emulator();
    dv.setOutage(true);
    const { clientId, clientSecret = '' } = dv.defaultUser;
    expect(
      (await token(dv, dv.tenantId, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopeOf(dv) })).status,
    ).toBe(200);
    const oidc = await fetch(`${dv.loginBase}/${dv.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(oidc.status).toBe(200);
    expect(await oidc.json()).toMatchObject({
      token_endpoint: `${dv.loginBase}/${dv.tenantId}/oauth2/v2.0/token`,
      issuer: `https://login.microsoftonline.com/${dv.tenantId}/v2.0`,
    });
    expect((await fetch(`${dv.loginBase}/${dv.tenantId}/oauth2/v2.0/authorize`)).status).toBe(404);
  });
});
