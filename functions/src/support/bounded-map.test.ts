import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('drops the least recently used entry past its ceiling', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 2 });
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1); // a is now the most recent
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([1, undefined, 3, 2]);
  });

  it('keeps dropping in least-recently-used order through reads, deletes, re-inserts and clear', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 3 });
    map.set('a', 1).set('b', 2).set('c', 3);
    map.get('a'); // order: b c a
    map.set('d', 4); // drops b
    map.set('c', 30); // re-inserted: order a d c
    map.set('e', 5); // drops a
    map.delete('d');
    map.set('f', 6).set('g', 7); // order c e f g: drops c
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => map.get(k))).toEqual([undefined, undefined, undefined, undefined, 5, 6, 7]);
    map.clear();
    map.set('x', 1).set('y', 2).set('z', 3).set('w', 4); // drops x
    expect(['x', 'y', 'z', 'w'].map((k) => map.get(k))).toEqual([undefined, 2, 3, 4]);
  });

  it('drops the oldest of 50,000 one by one, a read one kept', () => {
    const map = new BoundedMap<number, number>({ maxEntries: 50_000 });
    for (let i = 0; i < 150_000; i += 1) map.set(i, i);
    expect([map.size, map.get(99_999), map.get(100_000)]).toEqual([50_000, undefined, 100_000]); // 100,000 is now the most recent
    map.set(150_000, 150_000);
    expect([map.get(100_000), map.get(100_001), map.get(100_002), map.size]).toEqual([100_000, undefined, 100_002, 50_000]);
  });

  it('forgets entries older than the ttl', () => {
    let now = 1_000;
    const map = new BoundedMap<string, string>({ maxEntries: 10, ttlMs: 500, now: () => now });
    map.set('org', 'client');
    now += 499;
    expect(map.get('org')).toBe('client');
    now += 1;
    expect(map.has('org')).toBe(false);
    expect(map.size).toBe(0);
  });

  it('stays at its ceiling under 100,000 distinct keys', () => {
    const map = new BoundedMap<number, number>({ maxEntries: 1_000 });
    for (let i = 0; i < 100_000; i += 1) map.set(i, i);
    expect(map.size).toBe(1_000);
    expect(map.get(99_999)).toBe(99_999);
    expect(map.get(0)).toBeUndefined();
  });
});
