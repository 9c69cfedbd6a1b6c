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
