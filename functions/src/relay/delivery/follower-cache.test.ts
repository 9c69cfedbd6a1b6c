/** Follower rows per org: known followers cost no read, misses are read together, one follower's deliveries take turns. */
import { describe, expect, it } from 'vitest';
import { EntitySets, Follower } from '@wxm/solution/schema';
import { FollowerCache } from './follower-cache.js';
import { DeliveryMemory } from './org-memory.js';
import { MemoryOrg } from '@wxm/testkit/kit/delivery/memory-org';

const ACCOUNT = '5b2c2c7e-2f8e-4a53-9a3b-3d5f0e0c0a01';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function orgWith(openids: string[]): MemoryOrg {
  const org = new MemoryOrg();
  for (const o of openids) org.insert(EntitySets.Follower, { [Follower.columns.OpenId]: o, [`_${Follower.columns.OfficialAccountId}_value`]: ACCOUNT });
  return org;
}

describe('FollowerCache', () => {
  it('misses asked for together are one query; a remembered follower costs none; a forgotten one is read again', async () => {
    const org = orgWith(['oA', 'oB']);
    const cache = new FollowerCache({ maxEntries: 10 });
    cache.use(org);
    const [a, b, c] = await Promise.all([cache.read(ACCOUNT, 'oA'), cache.read(ACCOUNT, 'oB'), cache.read(ACCOUNT, 'oC')]);
    expect([a?.openid, b?.openid, c]).toEqual(['oA', 'oB', undefined]);
    expect(org.calls.map((x) => x.op)).toEqual(['retrieveMultiple']);
    if (!a) throw new Error('oA not found');
    cache.remember(ACCOUNT, a);
    expect(await cache.read(ACCOUNT, 'oA')).toBe(a);
    expect(org.calls).toHaveLength(1);
    cache.forget(ACCOUNT, 'oA');
    expect((await cache.read(ACCOUNT, 'oA'))?.openid).toBe('oA');
    expect(cache.stats).toEqual({ hits: 1, misses: 4, queries: 2 });
  });

  it('at most maxReads openids per query', async () => {
    const org = orgWith([]);
    const cache = new FollowerCache({ maxEntries: 10, maxReads: 2, gatherMs: 50 });
    cache.use(org);
    await Promise.all(['o1', 'o2', 'o3'].map((o) => cache.read(ACCOUNT, o)));
    expect(org.calls.map((x) => x.op)).toEqual(['retrieveMultiple', 'retrieveMultiple']);
  });

  it('a follower’s tasks take turns in arrival order, others run alongside, and a failure does not stop the next', async () => {
    const cache = new FollowerCache({ maxEntries: 10 });
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await sleep(ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      cache.turn(ACCOUNT, 'oA', task('a1', 20, true)),
      cache.turn(ACCOUNT, 'oA', task('a2', 1)),
      cache.turn(ACCOUNT, 'oB', task('b1', 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
    await sleep(0);
    expect(cache.busy).toBe(0);
  });

  it('remembers at most maxEntries rows (least recently used forgotten first)', async () => {
    const cache = new FollowerCache({ maxEntries: 2 });
    const row = (openid: string) => ({ id: openid, openid, state: {}, attribution: {} });
    cache.use(orgWith([]));
    for (const o of ['o1', 'o2', 'o3']) cache.remember(ACCOUNT, row(o));
    expect(await cache.read(ACCOUNT, 'o3')).toEqual(row('o3'));
    expect(await cache.read(ACCOUNT, 'o1')).toBeUndefined();
  });
});

describe('DeliveryMemory', () => {
  it('is kept by organization id, not by the client object (a rotated secret gives a new client, the memory stays)', () => {
    const memory = new DeliveryMemory({ maxOrgs: 2 });
    const first = new MemoryOrg();
    const rotated = new MemoryOrg();
    const a = memory.of('org-1', first);
    a.contactChecks.set('k', 1);
    const again = memory.of('org-1', rotated);
    expect(again).toBe(a);
    expect(again.org).toBe(rotated);
    expect(again.contactChecks.get('k')).toBe(1);
    memory.of('org-2', first);
    memory.of('org-3', first);
    expect(memory.size).toBe(2);
  });
});
