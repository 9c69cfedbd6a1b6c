import { afterEach, describe, expect, it } from 'vitest';
import { startDataverseEmulator, type DataverseEmulator, type DataverseEmulatorOptions } from '../../../../test/emulators/dataverse/index.js';
import { DataverseError } from '../errors.js';
import { credentialsFor, emulatorAad } from '@wxm/testkit/kit/dataverse/aad-network';
import { createTokenProvider } from './token-provider.js';

const open: DataverseEmulator[] = [];
const emulator = async (opts: DataverseEmulatorOptions = {}) => {
  const dv = await startDataverseEmulator(opts);
  open.push(dv);
  return dv;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** The allow list naming exactly these emulators (the sandbox's DATAVERSE_ALLOWED_ORIGINS). */
const allow = (...dvs: DataverseEmulator[]) => ({ extraOrigins: dvs.map((d) => new URL(d.url).origin) });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const pathOf = (url: string) => new URL(url).origin + new URL(url).pathname;
async function failure(p: Promise<unknown>): Promise<DataverseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataverseError) return e;
    throw e;
  }
  throw new Error('expected a DataverseError');
}

describe('token provider: authority and scope by cloud', () => {
  it('Global: posts only the token request to login.microsoftonline.com/<tenant> with scope <environment>/.default', async () => {
    const dv = await emulator({ org: { audiences: ['https://contoso.crm.dynamics.com'] } });
    const network = emulatorAad([dv]);
    const tokens = createTokenProvider({ networkClient: network });
    const token = await tokens.getToken(credentialsFor(dv, { environmentUrl: 'https://Contoso.crm.dynamics.com/api/data/v9.2/' }));
    expect(network.requests.map((r) => [r.method, pathOf(r.url)])).toEqual([['POST', `https://login.microsoftonline.com/${dv.tenantId}/oauth2/v2.0/token`]]);
    const form = network.requests[0]?.form;
    expect([form?.get('grant_type'), form?.get('client_id'), form?.get('scope')]).toEqual([
      'client_credentials',
      dv.defaultUser.clientId,
      'https://contoso.crm.dynamics.com/.default',
    ]);
    expect(form?.get('client_secret')).toBe(dv.defaultUser.clientSecret);
    expect([claims(token).aud, claims(token).appid, claims(token).tid]).toEqual(['https://contoso.crm.dynamics.com', dv.defaultUser.clientId, dv.tenantId]);
    const me = await fetch(`${dv.serviceRoot}WhoAmI`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('China: login.partner.microsoftonline.cn by default, login.chinacloudapi.cn when configured, scope https://<org>.crm.dynamics.cn/.default', async () => {
    const dv = await emulator({ org: { audiences: ['https://contoso.crm5.dynamics.cn'] } });
    const creds = credentialsFor(dv, { cloud: 'China', environmentUrl: 'https://contoso.crm5.dynamics.cn' });
    const partner = emulatorAad([dv]);
    const token = await createTokenProvider({ networkClient: partner }).getToken(creds);
    expect(pathOf(partner.requests[0]?.url ?? '')).toBe(`https://login.partner.microsoftonline.cn/${dv.tenantId}/oauth2/v2.0/token`);
    expect(partner.requests[0]?.form.get('scope')).toBe('https://contoso.crm5.dynamics.cn/.default');
    expect(claims(token).aud).toBe('https://contoso.crm5.dynamics.cn');
    const legacy = emulatorAad([dv]);
    const provider = createTokenProvider({ networkClient: legacy, authorityHosts: { China: 'login.chinacloudapi.cn' } });
    await provider.getToken(creds);
    expect(legacy.requests.map((r) => pathOf(r.url))).toEqual([`https://login.chinacloudapi.cn/${dv.tenantId}/oauth2/v2.0/token`]);
    expect(provider.describe(creds)).toEqual({
      authority: `https://login.chinacloudapi.cn/${dv.tenantId}`,
      scope: 'https://contoso.crm5.dynamics.cn/.default',
    });
  });

  it('caches the token in msal: one request for repeated and concurrent calls; a rotated secret asks again', async () => {
    const dv = await emulator();
    const network = emulatorAad([dv]);
    const tokens = createTokenProvider({ networkClient: network, orgOrigins: allow(dv) });
    const creds = credentialsFor(dv);
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => tokens.getToken(creds)));
    expect(new Set(all).size).toBe(1);
    expect(await tokens.getToken(creds)).toBe(all[0]);
    expect(network.requests).toHaveLength(1);
    dv.addAadApplication({ clientId: creds.clientId, clientSecret: 'rotated-secret-value' });
    await tokens.getToken({ ...creds, clientSecret: 'rotated-secret-value' });
    expect(network.requests.map((r) => r.form.get('client_secret'))).toEqual([creds.clientSecret, 'rotated-secret-value']);
  });
});

describe('token provider: loginBaseOverride', () => {
  it('sends the Entra ID request to the override base over plain http, keeping path, query and body', async () => {
    const dv = await emulator();
    const seen: string[] = [];
    const recordingFetch = (input: string, init?: RequestInit) => {
      seen.push(input);
      return fetch(input, init);
    };
    const tokens = createTokenProvider({ loginBaseOverride: `${dv.loginBase}/`, fetch: recordingFetch, orgOrigins: allow(dv) });
    const token = await tokens.getToken(credentialsFor(dv));
    expect(seen).toHaveLength(1);
    expect(pathOf(seen[0] ?? '')).toBe(`${dv.loginBase}/${dv.tenantId}/oauth2/v2.0/token`);
    expect(new URL(seen[0] ?? '').searchParams.get('client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims(token).aud).toBe(dv.url.replace(/\/$/, ''));
    expect(dv.aadRequestLog().map((e) => [e.status, e.scope])).toEqual([[200, `${dv.url}.default`]]);
  });
});

describe('token provider: failures', () => {
  it('Entra ID refusals are auth errors with the AADSTS code, never the secret', async () => {
    const dv = await emulator({ aadApplications: [] });
    const tokens = createTokenProvider({ loginBaseOverride: dv.loginBase, orgOrigins: allow(dv) });
    const wrongSecret = await failure(tokens.getToken(credentialsFor(dv, { clientSecret: 'Wrong~Secret~Value~123' })));
    expect([wrongSecret.kind, wrongSecret.status, wrongSecret.code]).toEqual(['auth', 401, 'AADSTS7000215']);
    expect(wrongSecret.message).toBe(
      `Entra ID refused the client credentials: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${dv.defaultUser.clientId}'.`,
    );
    expect(JSON.stringify({ m: wrongSecret.message, s: wrongSecret.stack })).not.toContain('Wrong~Secret');
    const noApp = await failure(tokens.getToken(credentialsFor(dv, { clientId: '0c0c0c0c-0000-0000-0000-00000000000c' })));
    expect([noApp.kind, noApp.status, noApp.code]).toEqual(['auth', 400, 'AADSTS700016']);
    const noTenant = await failure(tokens.getToken(credentialsFor(dv, { tenantId: '0d0d0d0d-0000-0000-0000-00000000000d' })));
    expect([noTenant.kind, noTenant.status, noTenant.code]).toEqual(['auth', 400, 'AADSTS90002']);
    expect(noTenant.message).toMatch(/^Entra ID refused the client credentials: AADSTS90002: Tenant '0d0d0d0d-0000-0000-0000-00000000000d' not found\./);
  });

  it('an unreachable Entra ID or its 5xx is transient', async () => {
    const dv = await emulator();
    const closed = await emulator();
    const base = closed.loginBase;
    await closed.close();
    const unreachable = await failure(createTokenProvider({ loginBaseOverride: base, orgOrigins: allow(dv) }).getToken(credentialsFor(dv)));
    expect([unreachable.kind, unreachable.status, unreachable.code]).toEqual(['transient', 0, 'ECONNREFUSED']);
    const busy = emulatorAad([dv], () => ({
      status: 503,
      headers: {},
      body: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred. Please try again.', error_codes: [90033] },
    }));
    const unavailable = await failure(createTokenProvider({ networkClient: busy, orgOrigins: allow(dv) }).getToken(credentialsFor(dv)));
    expect([unavailable.kind, unavailable.status, unavailable.code]).toEqual(['transient', 503, 'AADSTS90033']);
    const thrown = emulatorAad([dv], () => {
      throw new Error('socket hang up');
    });
    expect((await failure(createTokenProvider({ networkClient: thrown, orgOrigins: allow(dv) }).getToken(credentialsFor(dv)))).kind).toBe('transient');
  });

  it('malformed credentials are refused before anything is sent', async () => {
    const network = emulatorAad([]);
    const tokens = createTokenProvider({ networkClient: network });
    const base = {
      environmentUrl: 'https://contoso.crm.dynamics.com',
      cloud: 'Global' as const,
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '1a1a1a1a-0000-0000-0000-00000000001a',
      clientSecret: 's',
    };
    const cases: [Partial<typeof base> | Record<string, unknown>, string][] = [
      [{ environmentUrl: 'contoso.crm.dynamics.com' }, 'EnvironmentUrlNotAllowed'],
      [{ environmentUrl: 'ftp://contoso.crm.dynamics.com' }, 'EnvironmentUrlNotAllowed'],
      [{ environmentUrl: 'http://contoso.crm.dynamics.com' }, 'EnvironmentUrlNotAllowed'],
      [{ environmentUrl: 'https://169.254.169.254' }, 'EnvironmentUrlNotAllowed'],
      [{ cloud: 'China' }, 'CloudMismatch'],
      [{ environmentUrl: 'https://contoso.crm.dynamics.cn' }, 'CloudMismatch'],
      [{ cloud: 'Mars' }, 'InvalidCloud'],
      [{ tenantId: '../common' }, 'InvalidTenantId'],
      [{ clientId: 'a b' }, 'InvalidClientId'],
      [{ clientSecret: '' }, 'MissingClientSecret'],
    ];
    for (const [change, code] of cases) {
      const err = await failure(tokens.getToken({ ...base, ...change } as typeof base));
      expect([err.kind, err.code], code).toEqual(['invalid', code]);
    }
    expect(network.requests).toEqual([]);
  });
});
