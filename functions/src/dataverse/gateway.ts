/**
 * createDataverseGateway: the entry point the relay composes. `open(credentials)` gives the org client of one
 * Signed Service, cached per (environment, client id) with its pacing, so every use case that writes to one org
 * shares one concurrency cap and one view of its throttling. Changed credentials for the same pair (a rotated
 * secret, a corrected tenant) get a new client that keeps the pacing.
 *
 * The gateway is the one door to Dataverse, so it is where the allow list is enforced: `open()` refuses any
 * environment URL the origin policy refuses (org-origin.ts) before a token is asked for or a byte is sent. Its
 * caches are BoundedMaps (LRU + idle TTL), so open() calls naming invented orgs cannot grow memory.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { createHash } from 'node:crypto';
import { BoundedMap } from '../support/bounded-map.js';
import { validateCredentials } from './clouds.js';
import { MAX_BATCH_OPERATIONS } from './batch/run.js';
import { OrgClient } from './org-client.js';
import { Pacer } from './pacer.js';
import { ExecutionBudget } from './budget.js';
import { DEFAULT_THROTTLE_POLICY, type DataverseLogger, type ThrottlePolicy } from './throttle.js';
import { createTokenProvider, DEFAULT_CACHE_LIMITS, type TokenProvider, type TokenProviderOptions } from './token/token-provider.js';
import type { FetchLike } from './token/network.js';
import type { DataverseGateway, DataverseOrg, OrgCredentials } from './types.js';
import { STRICT_ORG_ORIGINS, type OrgOriginPolicy } from './org-origin.js';

/** The gateway with a view of its caches' sizes (tests and health pages). */
export interface BoundedDataverseGateway extends DataverseGateway {
  cacheSizes(): { orgs: number; pacers: number; tokenClients: number };
}

export interface DataverseGatewayOptions extends Omit<TokenProviderOptions, 'timeoutMs'> {
  /**
   * Environments the gateway may reach: `https://<org>.crm*.dynamics.com|cn` and, for the sandbox and tests only,
   * the exact origins in `extraOrigins` (the relay's DATAVERSE_ALLOWED_ORIGINS). Default: the cloud hosts only.
   */
  orgOrigins?: OrgOriginPolicy;
  /** Ceiling and idle TTL of the per-org caches (clients, pacing) and of the token provider's (default 1,000 / 6 h). */
  cache?: { maxEntries?: number; idleMs?: number };
  /**
   * Requests in flight per org at most (default 8). Dataverse refuses the 52nd concurrent request of a user per
   * web server; keep this times the number of relay instances below that.
   */
  maxConcurrentPerOrg?: number;
  /** 429 handling: retries (default 3) and the longest Retry-After slept through (default 30 s). */
  throttle?: Partial<ThrottlePolicy>;
  /** Operations per `$batch` request (default and most: 1000). */
  maxBatchOperations?: number;
  /**
   * Dataverse's service-protection window (default 300,000 ms, as documented): how long spent execution time stays
   * spent. Tests and benchmarks that scale the emulator's window pass the same value here.
   */
  serviceProtectionWindowMs?: number;
  /** How long a lone change set waits for company before its `$batch` leaves (default 5 ms). */
  batchDelayMs?: number;
  /** Timeout of one Web API request (default 120 s, Dataverse's own limit for a request). */
  timeoutMs?: number;
  /** Timeout of one token request (default 15 s). */
  tokenTimeoutMs?: number;
  logger?: DataverseLogger;
  /** Epoch milliseconds (default Date.now); paces waits and reads HTTP-date Retry-After values. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The token provider to use instead of one built from these options (share one across gateways). */
  tokens?: TokenProvider;
}

export const DEFAULT_MAX_CONCURRENT_PER_ORG = 8;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDataverseGateway(options: DataverseGatewayOptions = {}): BoundedDataverseGateway {
  const maxConcurrent = options.maxConcurrentPerOrg ?? DEFAULT_MAX_CONCURRENT_PER_ORG;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 52) throw new RangeError('maxConcurrentPerOrg must be an integer from 1 to 52.');
  const maxBatchOperations = Math.min(options.maxBatchOperations ?? MAX_BATCH_OPERATIONS, MAX_BATCH_OPERATIONS);
  if (!Number.isInteger(maxBatchOperations) || maxBatchOperations < 1) throw new RangeError('maxBatchOperations must be a positive integer.');
  const policy = options.orgOrigins ?? STRICT_ORG_ORIGINS;
  const tokens = options.tokens ?? createTokenProvider({ ...options, orgOrigins: policy, timeoutMs: options.tokenTimeoutMs });
  const throttlePolicy: ThrottlePolicy = { ...DEFAULT_THROTTLE_POLICY, ...options.throttle };
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const fetchImpl: FetchLike = options.fetch ?? fetch;
  const limits = { ...DEFAULT_CACHE_LIMITS, ...options.cache };
  const bounded = <V>() => new BoundedMap<string, V>({ maxEntries: limits.maxEntries, ttlMs: limits.idleMs, now: clock });
  // An org idle for the TTL loses its pacing state; one that is busy keeps it (every open() renews it).
  const pacers = bounded<{ pacer: Pacer; budget: ExecutionBudget }>();
  const windowMs = options.serviceProtectionWindowMs ?? 300_000;
  const orgs = bounded<{ fingerprint: string; org: OrgClient }>();

  return {
    cacheSizes: () => ({ orgs: orgs.size, pacers: pacers.size, tokenClients: tokens.cachedClients() }),
    open(credentials: OrgCredentials): DataverseOrg {
      // Refused hosts (loopback, link-local, storage endpoints, http, ports, IP literals) stop here.
      const origin = validateCredentials(credentials, policy);
      const key = `${origin}|${credentials.clientId.toLowerCase()}`;
      const fingerprint = createHash('sha256').update(`${credentials.cloud}\n${credentials.tenantId.toLowerCase()}\n${credentials.clientSecret}`).digest('hex');
      const pacing = pacers.get(key) ?? { pacer: new Pacer({ maxConcurrent, clock, sleep }), budget: new ExecutionBudget({ windowMs, clock }) };
      pacers.set(key, pacing);
      const { pacer, budget } = pacing;
      const cached = orgs.get(key);
      if (cached?.fingerprint === fingerprint) {
        orgs.set(key, cached);
        return cached.org;
      }
      const org = new OrgClient({
        credentials: { ...credentials, environmentUrl: origin },
        tokens,
        pacing: { pacer, policy: throttlePolicy, clock, logger: options.logger },
        fetch: fetchImpl,
        timeoutMs: options.timeoutMs ?? 120_000,
        maxBatchOperations,
        budget,
        sleep,
        ...(options.batchDelayMs !== undefined && { batchDelayMs: options.batchDelayMs }),
      });
      orgs.set(key, { fingerprint, org });
      return org;
    },
  };
}
