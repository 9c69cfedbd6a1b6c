/**
 * createDataverseGateway: the entry point the relay composes. `open(credentials)` gives the org client of one
 * Signed Service, cached per (environment, client id) with its pacing, so every use case that writes to one org
 * shares one concurrency cap and one view of its throttling. Changed credentials for the same pair (a rotated
 * secret, a corrected tenant) get a new client that keeps the pacing.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { createHash } from 'node:crypto';
import { environmentOrigin, validateCredentials } from './clouds.js';
import { MAX_BATCH_OPERATIONS } from './batch/run.js';
import { OrgClient } from './org-client.js';
import { Pacer } from './pacer.js';
import { DEFAULT_THROTTLE_POLICY, type DataverseLogger, type ThrottlePolicy } from './throttle.js';
import { createTokenProvider, type TokenProvider, type TokenProviderOptions } from './token/token-provider.js';
import type { FetchLike } from './token/network.js';
import type { DataverseGateway, DataverseOrg, OrgCredentials } from './types.js';

export interface DataverseGatewayOptions extends Omit<TokenProviderOptions, 'timeoutMs'> {
  /**
   * Requests in flight per org at most (default 8). Dataverse refuses the 52nd concurrent request of a user per
   * web server; keep this times the number of relay instances below that.
   */
  maxConcurrentPerOrg?: number;
  /** 429 handling: retries (default 3) and the longest Retry-After slept through (default 30 s). */
  throttle?: Partial<ThrottlePolicy>;
  /** Operations per `$batch` request (default and most: 1000). */
  maxBatchOperations?: number;
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

export function createDataverseGateway(options: DataverseGatewayOptions = {}): DataverseGateway {
  const maxConcurrent = options.maxConcurrentPerOrg ?? DEFAULT_MAX_CONCURRENT_PER_ORG;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 52) throw new RangeError('maxConcurrentPerOrg must be an integer from 1 to 52.');
  const maxBatchOperations = Math.min(options.maxBatchOperations ?? MAX_BATCH_OPERATIONS, MAX_BATCH_OPERATIONS);
  if (!Number.isInteger(maxBatchOperations) || maxBatchOperations < 1) throw new RangeError('maxBatchOperations must be a positive integer.');
  const tokens = options.tokens ?? createTokenProvider({ ...options, timeoutMs: options.tokenTimeoutMs });
  const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE_POLICY, ...options.throttle };
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const fetchImpl: FetchLike = options.fetch ?? fetch;
  const pacers = new Map<string, Pacer>();
  const orgs = new Map<string, { fingerprint: string; org: OrgClient }>();

  return {
    open(credentials: OrgCredentials): DataverseOrg {
      validateCredentials(credentials);
      const key = `${environmentOrigin(credentials.environmentUrl)}|${credentials.clientId.toLowerCase()}`;
      const fingerprint = createHash('sha256').update(`${credentials.cloud}\n${credentials.tenantId.toLowerCase()}\n${credentials.clientSecret}`).digest('hex');
      const cached = orgs.get(key);
      if (cached?.fingerprint === fingerprint) return cached.org;
      let pacer = pacers.get(key);
      if (!pacer) pacers.set(key, (pacer = new Pacer({ maxConcurrent, clock, sleep })));
      const org = new OrgClient({
        credentials: { ...credentials },
        tokens,
        pacing: { pacer, policy, clock, logger: options.logger },
        fetch: fetchImpl,
        timeoutMs: options.timeoutMs ?? 120_000,
        maxBatchOperations,
      });
      orgs.set(key, { fingerprint, org });
      return org;
    },
  };
}
