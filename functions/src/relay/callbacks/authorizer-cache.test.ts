import { describe, expect, it } from 'vitest';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import type { AuthorizerRecord, AuthorizerRegistry } from '../ports/storage.js';
import { CachedAuthorizers } from './authorizer-cache.js';

const record = (status: AuthorizerRecord['status'] = 'authorized'): AuthorizerRecord => ({
  appid: 'wxA',
  originalId: 'gh_0123456789ab',
  nickName: 'A',
  isMiniProgram: false,
  funcScopes: [1],
  status,
  authorizedAt: 0,
  updatedAt: 0,
});

/** Counts the reads that reach storage. */
function counted(inner: AuthorizerRegistry) {
  const counter = { reads: 0 };
  const registry: AuthorizerRegistry = {
    get: (appid) => (counter.reads++, inner.get(appid)),
    put: (r) => inner.put(r),
    list: () => inner.list(),
  };
  return { registry, counter };
}

describe('CachedAuthorizers', () => {
  it('reads storage once per 30 s, and once for a burst', async () => {
    const clock = new ManualClock(0);
    const inner = new MemoryAuthorizerRegistry();
    await inner.put(record());
    const { registry, counter } = counted(inner);
    const cache = new CachedAuthorizers(registry, { now: () => clock.now() });
    await Promise.all([cache.get('wxA'), cache.get('wxA'), cache.get('wxA')]);
    clock.advance(29_999);
    expect((await cache.get('wxA'))?.status).toBe('authorized');
    expect(counter.reads).toBe(1);
    clock.advance(1);
    await cache.get('wxA');
    expect(counter.reads).toBe(2);
  });

  it('does not keep an unknown appid', async () => {
    const { registry, counter } = counted(new MemoryAuthorizerRegistry());
    const cache = new CachedAuthorizers(registry);
    expect(await cache.get('wxNone')).toBeUndefined();
    expect(await cache.get('wxNone')).toBeUndefined();
    expect(counter.reads).toBe(2);
  });

  it('drops a record at once when told the account revoked, and on a put through it', async () => {
    const inner = new MemoryAuthorizerRegistry();
    await inner.put(record());
    const cache = new CachedAuthorizers(inner);
    await cache.get('wxA');
    await inner.put(record('unauthorized')); // as another component of this instance would record it
    expect((await cache.get('wxA'))?.status).toBe('authorized');
    cache.forget('wxA');
    expect((await cache.get('wxA'))?.status).toBe('unauthorized');
    await cache.put(record());
    expect((await cache.get('wxA'))?.status).toBe('authorized');
  });

  it('does not keep a read that was in flight when the revocation came', async () => {
    const inner = new MemoryAuthorizerRegistry();
    await inner.put(record());
    const cache = new CachedAuthorizers(inner);
    const reading = cache.get('wxA');
    cache.forget('wxA');
    await inner.put(record('unauthorized'));
    expect((await reading)?.status).toBe('authorized');
    expect((await cache.get('wxA'))?.status).toBe('unauthorized');
  });
});
