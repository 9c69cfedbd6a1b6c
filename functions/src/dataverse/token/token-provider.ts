/**
 * Access tokens for Dataverse through msal-node's client credentials flow: one ConfidentialClientApplication
 * per (cloud, tenant, client id), each with msal's own in-memory token cache, so a token is requested once and
 * reused until msal decides to renew it. Authority and endpoint metadata are static (token/authority-metadata.ts):
 * the token POST is the only request that goes out.
 * https://learn.microsoft.com/entra/identity-platform/msal-node-client-credentials (flow)
 * https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth (scope = environment URL/.default)
 */
import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { DEFAULT_AUTHORITY_HOSTS, scopeFor, validateCredentials } from '../clouds.js';
import { DataverseError } from '../errors.js';
import type { DataverseCloud, OrgCredentials } from '../types.js';
import { authorityMetadata, authorityUrl, cloudDiscoveryMetadata } from './authority-metadata.js';
import { fetchNetworkModule, withLoginBase, type FetchLike } from './network.js';
import { tokenError } from './token-errors.js';

export interface TokenProviderOptions {
  /** msal's network module (tests pass one that talks to the emulator); default: `fetch`. */
  networkClient?: INetworkModule;
  /** Send Entra ID requests to this base instead (the sandbox's fake Entra ID, e.g. http://127.0.0.1:7072/aad). */
  loginBaseOverride?: string;
  /** Entra ID host per cloud; defaults in clouds.ts (China: login.partner.microsoftonline.cn). */
  authorityHosts?: Partial<Record<DataverseCloud, string>>;
  /** Used by the default network module. */
  fetch?: FetchLike;
  /** Timeout of one token request with the default network module (default 15 s). */
  timeoutMs?: number;
}

export interface TokenProvider {
  /** A bearer token for the credentials' environment; DataverseError 'auth' / 'transient' / 'invalid' when there is none. */
  getToken(credentials: OrgCredentials): Promise<string>;
  /** The authority and scope a token request for these credentials uses. */
  describe(credentials: OrgCredentials): { authority: string; scope: string };
}

interface ClientEntry {
  app: ConfidentialClientApplication;
  /** One token request per scope at a time: concurrent callers share it instead of each asking Entra ID. */
  pending: Map<string, Promise<string>>;
}

export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  const hosts: Record<DataverseCloud, string> = { ...DEFAULT_AUTHORITY_HOSTS, ...options.authorityHosts };
  const base = options.networkClient ?? fetchNetworkModule(options.fetch, options.timeoutMs);
  const network = options.loginBaseOverride ? withLoginBase(base, Object.values(hosts), options.loginBaseOverride) : base;
  const clients = new Map<string, ClientEntry>();

  const client = (c: OrgCredentials): ClientEntry => {
    const host = hosts[c.cloud];
    const app = `${c.cloud}|${c.tenantId}|${c.clientId}`.toLowerCase();
    // A rotated secret needs its own application (msal keeps the secret it was built with). The previous one
    // stays usable while both secrets are valid in Entra ID; older ones are dropped.
    const fingerprint = createHash('sha256').update(`${host}\n${c.clientSecret}`).digest('hex');
    const key = `${app}|${fingerprint}`;
    const existing = clients.get(key);
    if (existing) return existing;
    const siblings = [...clients.keys()].filter((k) => k.startsWith(`${app}|`));
    for (const old of siblings.slice(0, Math.max(0, siblings.length - 1))) clients.delete(old);
    const application = new ConfidentialClientApplication({
      auth: {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        authority: authorityUrl(host, c.tenantId),
        authorityMetadata: authorityMetadata(host, c.tenantId),
        cloudDiscoveryMetadata: cloudDiscoveryMetadata(host),
      },
      system: { networkClient: network },
    });
    const entry: ClientEntry = { app: application, pending: new Map() };
    clients.set(key, entry);
    return entry;
  };

  const acquire = async (entry: ClientEntry, scope: string, host: string): Promise<string> => {
    try {
      const result = await entry.app.acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new DataverseError('auth', 0, 'NoAccessToken', `Entra ID (${host}) answered without an access token.`);
      return result.accessToken;
    } catch (e) {
      throw e instanceof DataverseError ? e : tokenError(e, host);
    }
  };

  return {
    describe: (c) => ({ authority: authorityUrl(hosts[c.cloud], c.tenantId), scope: scopeFor(c.environmentUrl) }),
    getToken: (c) => {
      try {
        validateCredentials(c);
      } catch (e) {
        return Promise.reject(e);
      }
      const entry = client(c);
      const scope = scopeFor(c.environmentUrl);
      const running = entry.pending.get(scope);
      if (running) return running;
      const request = acquire(entry, scope, hosts[c.cloud]).finally(() => entry.pending.delete(scope));
      entry.pending.set(scope, request);
      return request;
    },
  };
}
