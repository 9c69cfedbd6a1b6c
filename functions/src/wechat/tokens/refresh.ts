/**
 * Check, lock, check again, refresh: the pattern that keeps one refresher per token across instances
 * (WxJava's, with a distributed lock). Nothing is cached in process: the shared store is read every time, so
 * a refresh made by another instance is seen at once.
 */
import type { RefreshLock, StoredToken, TokenStore } from './ports.js';
import type { Clock } from '../../kernel/clock.js';

export const DEFAULT_REFRESH_MARGIN_MS = 10 * 60 * 1000;

export interface RefreshDeps {
  store: TokenStore;
  lock: RefreshLock;
  clock: Clock;
}

/** Usable when it still has more than `marginMs` to live. */
export function isFresh(token: StoredToken | undefined, now: number, marginMs: number): token is StoredToken {
  return token !== undefined && token.expiresAt - marginMs > now;
}

/**
 * Returns the stored token when fresh; otherwise, under the lock and after checking again, calls `refresh`
 * (which must store what it gets) and returns its result.
 */
export async function getOrRefresh(
  key: string,
  deps: RefreshDeps,
  marginMs: number,
  refresh: () => Promise<StoredToken>,
): Promise<{ value: string; refreshed: boolean }> {
  const current = await deps.store.get(key);
  if (isFresh(current, deps.clock.now(), marginMs)) return { value: current.value, refreshed: false };
  return deps.lock.withLock(key, async () => {
    const again = await deps.store.get(key);
    if (isFresh(again, deps.clock.now(), marginMs)) return { value: again.value, refreshed: false };
    const next = await refresh();
    return { value: next.value, refreshed: true };
  });
}
