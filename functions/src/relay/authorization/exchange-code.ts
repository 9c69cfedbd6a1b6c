/**
 * Exchanges an authorization code exactly once across all instances. The same code reaches the relay twice
 * (the browser's redirect and the `authorized` event), possibly on different instances at the same moment.
 * The first to create the code's row in the shared key-value store (create-if-absent, with a TTL so a crashed
 * instance's claim lapses) calls api_query_auth and writes the outcome into that row; the other waits a little
 * for that outcome. No lock blob, nothing per code but that one expiring row.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import { AuthorizationFailed } from '../errors.js';
import type { AuthorizerRecord, AuthorizerRegistry, KeyValueStore } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import type { ComponentAuthorizationPort } from '../ports/component.js';

export interface ExchangeDeps {
  component: ComponentAuthorizationPort;
  authorizers: AuthorizerRegistry;
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** Called with the original ID of every account whose code was exchanged (its pre_auth_code may be used up). */
  onExchanged?: (originalId: string) => Promise<void>;
  /**
   * Called with every account record stored by an exchange (first authorization or an update). A failure is logged,
   * never the authorization's: the record is stored and the next Signed Service save refreshes the org anyway.
   */
  onStored?: (record: AuthorizerRecord) => Promise<unknown>;
  /** How long a waiting caller polls for the other instance's outcome (default 6 s). */
  waitMs?: number;
}

/** The other instance still holds the claim after the wait: a retry will find its outcome. */
export class ExchangeStillRunning extends Error {
  constructor() {
    super('Another instance is exchanging this authorization code');
    this.name = 'ExchangeStillRunning';
  }
}

const PENDING = '!pending';
const REJECTED = '!rejected';
const REFUSED = '!refused';
/** A claim outlives any api_query_auth call; after it, another instance may take over. */
const CLAIM_MS = 30_000;
const MEMORY_MS = 24 * 3600 * 1000;
const POLL_MS = 150;

/**
 * Returns the authorized account. With `expectedOriginalId`, an account other than the one the admin named
 * is refused before anything is stored.
 */
export async function exchangeAuthorizationCode(code: string, deps: ExchangeDeps, expectedOriginalId?: string): Promise<AuthorizerRecord> {
  const key = `authcode:${createHash('sha256').update(code).digest('hex')}`;
  const deadline = Date.now() + (deps.waitMs ?? 6_000);
  for (;;) {
    const value = await deps.kv.get(key);
    if (value && value !== PENDING) return recall(value, deps, expectedOriginalId);
    // Absent (first sight, or a claim given back or lapsed): whoever creates the row exchanges.
    if (!value && (await deps.kv.putIfAbsent(key, PENDING, deps.clock.now() + CLAIM_MS))) return exchange(code, key, deps, expectedOriginalId);
    if (Date.now() >= deadline) throw new ExchangeStillRunning();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function exchange(code: string, key: string, deps: ExchangeDeps, expectedOriginalId?: string): Promise<AuthorizerRecord> {
  try {
    let grant;
    try {
      grant = await deps.component.queryAuth(code);
    } catch (err) {
      deps.logger.warn('api_query_auth refused the authorization code', { error: err instanceof Error ? err.name : 'unknown' });
      await deps.kv.put(key, REFUSED, deps.clock.now() + MEMORY_MS);
      throw new AuthorizationFailed('auth-code-rejected');
    }
    const profile = await deps.component.getAuthorizerInfo(grant.authorizerAppid);
    await deps.onExchanged?.(profile.originalId);
    if (expectedOriginalId && profile.originalId !== expectedOriginalId) {
      await deps.kv.put(key, REJECTED, deps.clock.now() + MEMORY_MS);
      throw new AuthorizationFailed('original-id-mismatch', `authorized ${profile.originalId}`);
    }
    await deps.component.saveGrant(grant);
    const now = deps.clock.now();
    const previous = await deps.authorizers.get(grant.authorizerAppid);
    const record: AuthorizerRecord = {
      appid: grant.authorizerAppid,
      originalId: profile.originalId,
      nickName: profile.nickName,
      serviceType: profile.serviceType,
      verifyType: profile.verifyType,
      isMiniProgram: profile.isMiniProgram,
      // query_auth lists what this authorization granted; it is the freshest truth.
      funcScopes: grant.funcScopes.length ? grant.funcScopes : profile.funcScopes,
      status: 'authorized',
      authorizedAt: previous?.status === 'authorized' ? previous.authorizedAt : now,
      updatedAt: now,
    };
    await deps.authorizers.put(record);
    await deps.kv.put(key, record.appid, now + MEMORY_MS);
    deps.logger.info('authorizer stored', { authorizerAppid: record.appid });
    await deps.onStored?.(record).catch((err: unknown) =>
      deps.logger.warn('account row not refreshed after authorization', {
        authorizerAppid: record.appid,
        error: err instanceof Error ? err.name : 'unknown',
      }),
    );
    return record;
  } catch (err) {
    // Network or storage trouble after the claim: give the claim back so a retry can exchange the code.
    if (!(err instanceof AuthorizationFailed)) await deps.kv.delete(key).catch(() => undefined);
    throw err;
  }
}

async function recall(value: string, deps: ExchangeDeps, expectedOriginalId?: string): Promise<AuthorizerRecord> {
  if (value === REJECTED) throw new AuthorizationFailed('original-id-mismatch');
  if (value === REFUSED) throw new AuthorizationFailed('auth-code-rejected');
  const record = await deps.authorizers.get(value);
  if (!record) throw new AuthorizationFailed('auth-code-rejected', 'code already used');
  if (expectedOriginalId && record.originalId !== expectedOriginalId) {
    throw new AuthorizationFailed('original-id-mismatch', `authorized ${record.originalId}`);
  }
  return record;
}
