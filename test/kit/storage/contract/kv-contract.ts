/** Contract: KeyValueStore (relay/ports/storage.ts) behaves the same in memory and on Azure Tables. */
import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../../functions/src/relay/ports/storage.js';
import { ManualClock } from '../memory/manual-clock.js';

export interface KeyValueHarness {
  name: string;
  /** A fresh store plus a second "instance" on the same data, both on `clock`. */
  create(clock: ManualClock): Promise<{ kv: KeyValueStore; sibling(): Promise<KeyValueStore> }>;
}

export function keyValueContract(harness: KeyValueHarness): void {
  const open = async () => {
    const clock = new ManualClock(Date.UTC(2024, 4, 1));
    return { clock, ...(await harness.create(clock)) };
  };

  describe(`${harness.name}: KeyValueStore`, () => {
    it('stores, replaces and deletes values', async () => {
      const { kv } = await open();
      expect(await kv.get('binding:tok1')).toBeUndefined();
      await kv.put('binding:tok1', 'wxA');
      expect(await kv.get('binding:tok1')).toBe('wxA');
      await kv.put('binding:tok1', 'wxB');
      expect(await kv.get('binding:tok1')).toBe('wxB');
      await kv.delete('binding:tok1');
      expect(await kv.get('binding:tok1')).toBeUndefined();
      await kv.delete('binding:never-there');
    });

    it('reads an entry as absent from its expiresAt on', async () => {
      const { kv, clock } = await open();
      await kv.put('authcode:abc', 'used', clock.now() + 1_000);
      clock.advance(999);
      expect(await kv.get('authcode:abc')).toBe('used');
      clock.advance(1);
      expect(await kv.get('authcode:abc')).toBeUndefined();
    });

    it('putIfAbsent wins only over an absent or expired entry', async () => {
      const { kv, clock } = await open();
      expect(await kv.putIfAbsent('authcode:x', 'first', clock.now() + 5_000)).toBe(true);
      expect(await kv.putIfAbsent('authcode:x', 'second', clock.now() + 5_000)).toBe(false);
      expect(await kv.get('authcode:x')).toBe('first');
      clock.advance(5_000);
      expect(await kv.putIfAbsent('authcode:x', 'third')).toBe(true);
      expect(await kv.get('authcode:x')).toBe('third');
    });

    it('lets exactly one of many concurrent putIfAbsent calls win, across two instances', async () => {
      const { kv, sibling, clock } = await open();
      const other = await sibling();
      const fresh = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? other : kv).putIfAbsent('authcode:race', `v${i}`, clock.now() + 60_000)));
      expect(fresh.filter(Boolean)).toHaveLength(1);
      clock.advance(60_000);
      const expired = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? other : kv).putIfAbsent('authcode:race', `w${i}`)));
      expect(expired.filter(Boolean)).toHaveLength(1);
      expect(await kv.get('authcode:race')).toBe(`w${expired.indexOf(true)}`);
    });

    it('keeps keys with characters tables forbid apart', async () => {
      const { kv } = await open();
      const keys = ['k:a/b', 'k:a\\b', 'k:a#b', 'k:a?b', 'k:消息', 'no-colon', 'k:a_b'];
      for (const [i, key] of keys.entries()) await kv.put(key, String(i));
      for (const [i, key] of keys.entries()) expect(await kv.get(key)).toBe(String(i));
    });
  });
}
