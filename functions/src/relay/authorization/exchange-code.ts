/**
 * Exchanges an authorization code exactly once across all instances. The same code reaches the relay twice
 * (the browser's redirect and the `authorized` event), possibly on different instances at the same moment:
 * check, lock, check again, then api_query_auth, and remember which account the code belonged to.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { createHash } from 'node:crypto';
import type { Clock, RefreshLock } from '../../wechat/tokens/ports.js';
import { AuthorizationFailed } from '../errors.js';
import type { AuthorizerRecord, AuthorizerRegistry, KeyValueStore, Logger } from '../ports.js';
import type { ComponentAuthorizationPort } from './component-port.js';

export interface ExchangeDeps {
  component: ComponentAuthorizationPort;
  authorizers: AuthorizerRegistry;
  kv: KeyValueStore;
  lock: RefreshLock;
  clock: Clock;
  logger: Logger;
}

const REJECTED = '!rejected';
const MEMORY_MS = 24 * 3600 * 1000;

/**
 * Returns the authorized account. With `expectedOriginalId`, an account other than the one the admin named
 * is refused before anything is stored.
 */
export async function exchangeAuthorizationCode(
  code: string,
  deps: ExchangeDeps,
  expectedOriginalId?: string,
): Promise<AuthorizerRecord> {
  const key = `authcode:${createHash('sha256').update(code).digest('hex')}`;
  const known = await deps.kv.get(key);
  if (known) return recall(known, deps, expectedOriginalId);

  return deps.lock.withLock(key, async () => {
    const again = await deps.kv.get(key);
    if (again) return recall(again, deps, expectedOriginalId);

    let grant;
    try {
      grant = await deps.component.queryAuth(code);
    } catch (err) {
      deps.logger.warn('api_query_auth refused the authorization code', { error: err instanceof Error ? err.name : 'unknown' });
      throw new AuthorizationFailed('auth-code-rejected');
    }
    const profile = await deps.component.getAuthorizerInfo(grant.authorizerAppid);
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
    return record;
  });
}

async function recall(value: string, deps: ExchangeDeps, expectedOriginalId?: string): Promise<AuthorizerRecord> {
  if (value === REJECTED) throw new AuthorizationFailed('original-id-mismatch');
  const record = await deps.authorizers.get(value);
  if (!record) throw new AuthorizationFailed('auth-code-rejected', 'code already used');
  if (expectedOriginalId && record.originalId !== expectedOriginalId) {
    throw new AuthorizationFailed('original-id-mismatch', `authorized ${record.originalId}`);
  }
  return record;
}
