/**
 * The gateway is the one door to Dataverse: an environment URL the origin policy refuses never gets a token
 * request or an HTTP call, and forged input naming invented orgs leaves its caches at their ceiling.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DataverseError } from './errors.js';
import { createDataverseGateway } from './gateway.js';
import { credentialsFor, emulatorAad } from '@wxm/testkit/kit/dataverse/aad-network';
import { Emulators, gatewayFor, originOf } from '@wxm/testkit/kit/dataverse/org-under-test';
import { createTokenProvider, DEFAULT_CACHE_LIMITS } from './token/token-provider.js';

const emulators = new Emulators();
const servers: Server[] = [];
afterEach(async () => {
  await emulators.closeAll();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback listener that counts connections: nothing may ever reach it. */
async function listener(): Promise<{ url: string; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => count };
}

function refusal(fn: () => unknown): DataverseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataverseError) return e;
    throw e;
  }
  throw new Error('expected open() to refuse');
}

describe('gateway allow list (SSRF)', () => {
  it('refuses loopback, link-local metadata, storage endpoints, http, ports and IP literals before any request', async () => {
    const dv = await emulators.start();
    const trap = await listener();
    const network = emulatorAad([dv]);
    // The emulator's fake Entra ID would answer, but the allow list has only the cloud hosts.
    const gateway = createDataverseGateway({ networkClient: network, loginBaseOverride: dv.loginBase });
    const hosts = [
      dv.url,
      trap.url,
      'http://169.254.169.254/metadata/identity/oauth2/token',
      'https://169.254.169.254',
      'https://relaystorage.blob.core.windows.net',
      'https://relaystorage.table.core.windows.net',
      'http://contoso.crm.dynamics.com',
      'https://contoso.crm.dynamics.com:8443',
      'https://127.0.0.1',
      'https://[::1]',
      'https://10.0.0.4',
      'https://contoso.crm.dynamics.com.attacker.example',
      'https://user:pw@contoso.crm.dynamics.com',
    ];
    for (const environmentUrl of hosts) {
      const err = refusal(() => gateway.open(credentialsFor(dv, { environmentUrl })));
      expect([err.kind, err.code], environmentUrl).toEqual(['invalid', 'EnvironmentUrlNotAllowed']);
    }
    // The token provider alone refuses them too (a token scoped to such a host is never asked for).
    const tokens = createTokenProvider({ networkClient: network });
    for (const environmentUrl of hosts) {
      await expect(tokens.getToken(credentialsFor(dv, { environmentUrl }))).rejects.toMatchObject({ code: 'EnvironmentUrlNotAllowed' });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(network.requests).toEqual([]);
    expect(dv.requestLog()).toEqual([]);
    expect(dv.aadRequestLog()).toEqual([]);
    expect(trap.connections()).toBe(0);
    expect(gateway.cacheSizes()).toEqual({ orgs: 0, pacers: 0, tokenClients: 0 });
  });

  it('reaches a loopback emulator only when its exact origin is named (DATAVERSE_ALLOWED_ORIGINS)', async () => {
    const dv = await emulators.start();
    const other = await emulators.start();
    const gateway = gatewayFor(dv);
    expect((await gateway.open(credentialsFor(dv)).whoAmI()).organizationId).toBe(dv.organizationId);
    expect(refusal(() => gateway.open(credentialsFor(dv, { environmentUrl: other.url }))).code).toBe('EnvironmentUrlNotAllowed');
    // Same host, another port: not the named origin.
    const port = Number(new URL(dv.url).port);
    expect(refusal(() => gateway.open(credentialsFor(dv, { environmentUrl: `http://127.0.0.1:${port + 1}` }))).code).toBe('EnvironmentUrlNotAllowed');
    expect(refusal(() => gateway.open(credentialsFor(dv, { environmentUrl: dv.url.replace('127.0.0.1', 'localhost') }))).code).toBe('EnvironmentUrlNotAllowed');
    expect(originOf(dv)).toBe(dv.url.replace(/\/$/, ''));
  });

  it('a Global URL saved as China (or the reverse) is CloudMismatch, still before any request', () => {
    const gateway = createDataverseGateway();
    const base = { tenantId: 'contoso.onmicrosoft.com', clientId: '7a7a7a7a-0000-0000-0000-00000000007a', clientSecret: 's' };
    expect(refusal(() => gateway.open({ ...base, environmentUrl: 'https://contoso.crm.dynamics.com', cloud: 'China' })).code).toBe('CloudMismatch');
    expect(refusal(() => gateway.open({ ...base, environmentUrl: 'https://contoso.crm.dynamics.cn', cloud: 'Global' })).code).toBe('CloudMismatch');
    expect(gateway.cacheSizes().orgs).toBe(0);
  });
});

describe('bounded caches', () => {
  it('3,000 opens for invented orgs leave the org and pacer caches at their ceiling', () => {
    const gateway = createDataverseGateway();
    for (let i = 0; i < 3_000; i++) {
      gateway.open({
        environmentUrl: `https://invented${i}.crm.dynamics.com`,
        cloud: 'Global',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: `c${i}`,
        clientSecret: `s${i}`,
      });
    }
    expect(gateway.cacheSizes()).toEqual({ orgs: DEFAULT_CACHE_LIMITS.maxEntries, pacers: DEFAULT_CACHE_LIMITS.maxEntries, tokenClients: 0 });
  });

  it('3,000 token requests for invented credentials leave the msal applications at their ceiling', async () => {
    // Entra ID refuses them all at once (no network involved).
    const refuse = emulatorAad([], () => ({
      status: 401,
      headers: {},
      body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] },
    }));
    const tokens = createTokenProvider({ networkClient: refuse, cache: { maxEntries: 300 } });
    for (let i = 0; i < 3_000; i++) {
      await tokens
        .getToken({
          environmentUrl: `https://invented${i}.crm.dynamics.com`,
          cloud: 'Global',
          tenantId: `tenant${i}.onmicrosoft.com`,
          clientId: `c${i}`,
          clientSecret: 'x',
        })
        .catch((e: unknown) => expect((e as DataverseError).kind).toBe('auth'));
    }
    expect(refuse.requests).toHaveLength(3_000);
    expect(tokens.cachedClients()).toBe(300);
  }, 60_000);

  it('an org idle longer than the TTL is forgotten; one in use is kept', () => {
    let now = 0;
    const gateway = createDataverseGateway({ clock: () => now, cache: { maxEntries: 10, idleMs: 1_000 } });
    const creds = (n: number) => ({
      environmentUrl: `https://org${n}.crm.dynamics.com`,
      cloud: 'Global' as const,
      tenantId: 'contoso.onmicrosoft.com',
      clientId: `c${n}`,
      clientSecret: 's',
    });
    const busy = gateway.open(creds(1));
    const idle = gateway.open(creds(2));
    for (let t = 0; t < 5; t++) {
      now += 600;
      expect(gateway.open(creds(1))).toBe(busy);
    }
    expect(gateway.open(creds(2))).not.toBe(idle);
  });
});
