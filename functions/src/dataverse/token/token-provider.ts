/**
 * Access tokens for Dataverse through msal-node's client credentials flow: one ConfidentialClientApplication
 * per (cloud, tenant, client id), each with msal's own in-memory token cache, so a token is requested once and
 * reused until msal decides to renew it. Authority and endpoint metadata are static (token/authority-metadata.ts):
 * the token POST is the only request that goes out. The applications are kept in a BoundedMap (LRU + idle TTL):
 * credentials named by forged input for invented orgs cost a bounded amount of memory.
 * https://learn.microsoft.com/entra/identity-platform/msal-node-client-credentials (flow)
 * https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth (scope = environment URL/.default)
 */
import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { BoundedMap } from '../../support/bounded-map.js';
import { DEFAULT_AUTHORITY_HOSTS, scopeFor, validateCredentials } from '../clouds.js';
import { DataverseError } from '../errors.js';
import { STRICT_ORG_ORIGINS, type OrgOriginPolicy } from '../org-origin.js';
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
  /** Environments tokens may be asked for (default: the Dataverse hosts of both clouds only). */
  orgOrigins?: OrgOriginPolicy;
  /** How many applications (cloud, tenant, client id) are kept, and for how long unused (default 1,000 and 6 h). */
  cache?: { maxEntries?: number; idleMs?: number };
}

/** Ceilings of the per-credential caches (also used by the gateway for its per-org maps). */
export const DEFAULT_CACHE_LIMITS = { maxEntries: 1_000, idleMs: 6 * 3600 * 1000 } as const;

export interface TokenProvider {
  /** A bearer token for the credentials' environment; DataverseError 'auth' / 'transient' / 'invalid' when there is none. */
  getToken(credentials: OrgCredentials): Promise<string>;
  /** The authority and scope a token request for these credentials uses. */
  describe(credentials: OrgCredentials): { authority: string; scope: string };
  /** How many (cloud, tenant, client id) applications are held now: at most `cache.maxEntries`. */
  cachedClients(): number;
}

interface ClientEntry {
  fingerprint: string;
  app: ConfidentialClientApplication;
  /** One token request per scope at a time: concurrent callers share it instead of each asking Entra ID. */
  pending: Map<string, Promise<string>>;
}

/** The current application of one (cloud, tenant, client id) and the one before it (a rotation in progress). */
interface AppSlot {
  current: ClientEntry;
  previous?: ClientEntry;
}

export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  const hosts: Record<DataverseCloud, string> = { ...DEFAULT_AUTHORITY_HOSTS, ...options.authorityHosts };
  const base = options.networkClient ?? fetchNetworkModule(options.fetch, options.timeoutMs);
  const network = options.loginBaseOverride ? withLoginBase(base, Object.values(hosts), options.loginBaseOverride) : base;
  const policy = options.orgOrigins ?? STRICT_ORG_ORIGINS;
  const limits = { ...DEFAULT_CACHE_LIMITS, ...options.cache };
  const apps = new BoundedMap<string, AppSlot>({ maxEntries: limits.maxEntries, ttlMs: limits.idleMs });

  const build = (c: OrgCredentials, host: string, fingerprint: string): ClientEntry => ({
    fingerprint,
    app: new ConfidentialClientApplication({
      auth: {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        authority: authorityUrl(host, c.tenantId),
        authorityMetadata: authorityMetadata(host, c.tenantId),
        cloudDiscoveryMetadata: cloudDiscoveryMetadata(host),
      },
      system: { networkClient: network },
    }),
    pending: new Map(),
  });

  const client = (c: OrgCredentials): ClientEntry => {
    const host = hosts[c.cloud];
    const app = `${c.cloud}|${c.tenantId}|${c.clientId}`.toLowerCase();
    // A rotated secret needs its own application (msal keeps the secret it was built with). The previous one
    // stays usable while both secrets are valid in Entra ID; older ones are dropped.
    const fingerprint = createHash('sha256').update(`${host}\n${c.clientSecret}`).digest('hex');
    const slot = apps.get(app);
    if (slot?.current.fingerprint === fingerprint) return touch(app, slot, slot.current);
    if (slot?.previous?.fingerprint === fingerprint) return touch(app, slot, slot.previous);
    const entry = build(c, host, fingerprint);
    apps.set(app, { current: entry, ...(slot && { previous: slot.current }) });
    return entry;
  };

  // Using an application keeps it: the TTL counts from the last use, not from its creation.
  const touch = (app: string, slot: AppSlot, entry: ClientEntry): ClientEntry => {
    apps.set(app, slot);
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
    describe: (c) => ({ authority: authorityUrl(hosts[c.cloud], c.tenantId), scope: scopeFor(c.environmentUrl, policy) }),
    cachedClients: () => apps.size,
    getToken: (c) => {
      let scope: string;
      try {
        scope = `${validateCredentials(c, policy)}/.default`;
      } catch (e) {
        return Promise.reject(e);
      }
      const entry = client(c);
      const running = entry.pending.get(scope);
      if (running) return running;
      const request = acquire(entry, scope, hosts[c.cloud]).finally(() => entry.pending.delete(scope));
      entry.pending.set(scope, request);
      return request;
    },
  };
}
