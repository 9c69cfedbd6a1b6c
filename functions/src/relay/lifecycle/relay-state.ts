/**
 * The relay's own state of one account, removed when its org removes the account: the binding to that org (nothing
 * more is delivered there), the authorizer record marked revoked (callbacks are no longer stored, tokens no longer
 * refreshed: the same state WeChat's 取消授权 leaves), the cached access token expired, and the resumable
 * checkpoints (follower sync, analytics). Only when the binding points at this org: an account bound to another
 * org since is that org's. The authorizer refresh token is kept (the token store has no delete, on purpose): an
 * admin who authorizes again through Start To Use starts from a fresh grant either way.
 */
import { authorizerTokenKey } from '../../wechat/tokens/authorizer-access-token.js';
import type { TokenStore } from '../../wechat/tokens/ports.js';
import { dailyStatCheckpointKey } from '../analytics/fetch-daily.js';
import { checkpointKey as followerSyncCheckpointKey } from '../followers/sync-page.js';
import type { AccountBinding, SignedServiceRegistry } from '../ports/signed-services.js';
import type { ParkedDeliveries } from '../ports/delivery.js';
import type { AuthorizerRegistry, KeyValueStore } from '../ports/storage.js';

export interface RelayStateDeps {
  registry: SignedServiceRegistry;
  authorizers: AuthorizerRegistry;
  tokens: TokenStore;
  kv: KeyValueStore;
  /** Messages that arrived while the account was not bound (absent: nothing parked to forget). */
  parked?: ParkedDeliveries;
  now: () => number;
}

/** Shared-store keys an account's background work keeps (relay/followers, relay/analytics). */
export function accountStateKeys(appid: string): string[] {
  return [
    followerSyncCheckpointKey(appid),
    // relay/followers/sync-run.ts keeps the run and its lease under these names.
    `follower-sync-run|${appid}`,
    `follower-sync-lease|${appid}`,
    dailyStatCheckpointKey(appid),
  ];
}

export interface RemovedState {
  unbound: boolean;
  revoked: boolean;
  tokenExpired: boolean;
  keysDeleted: number;
  parkedForgotten: number;
}

export async function removeRelayState(appid: string, binding: AccountBinding, deps: RelayStateDeps): Promise<RemovedState> {
  await deps.registry.unbind(appid, binding);
  const record = await deps.authorizers.get(appid);
  const revoked = record?.status === 'authorized';
  if (record && revoked) await deps.authorizers.put({ ...record, status: 'unauthorized', updatedAt: deps.now() });
  const key = authorizerTokenKey(appid);
  const token = await deps.tokens.get(key);
  if (token) await deps.tokens.expireIfCurrent(key, token.value);
  const keys = accountStateKeys(appid);
  for (const k of keys) await deps.kv.delete(k);
  const parked = deps.parked ? await deps.parked.peek(appid) : [];
  if (deps.parked && parked.length > 0)
    await deps.parked.remove(
      appid,
      parked.map((e) => e.dedupeKey),
    );
  return { unbound: true, revoked, tokenExpired: token !== undefined, keysDeleted: keys.length, parkedForgotten: parked.length };
}
