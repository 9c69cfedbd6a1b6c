import { describe, expect, it } from 'vitest';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { RuleStore } from './rule-store.js';
import type { CompiledRule, RuleSet } from './rule-set.js';

const rule = (i: number): CompiledRule => ({
  id: `r${i}`,
  name: `rule ${i}`,
  kind: 'keyword',
  priority: 0,
  createdAt: i,
  keywords: [`keyword-${i}-${'x'.repeat(40)}`],
  match: 'exact',
  reply: { type: 'text', text: `reply ${i} ${'y'.repeat(100)}` },
});
const set = (compiledAt: number, n: number): RuleSet => ({
  v: 1,
  appid: 'wxapp',
  accountName: 'A',
  compiledAt,
  rules: Array.from({ length: n }, (_, i) => rule(i)),
});

describe('RuleStore', () => {
  it('stores a set larger than one Table property in parts and reads it back whole', async () => {
    const kv = new MemoryKeyValueStore(new ManualClock(0));
    const store = new RuleStore(kv);
    const big = set(10, 1000);
    expect(JSON.stringify(big).length).toBeGreaterThan(100_000);
    await store.put(big);
    expect(await store.get('wxapp')).toEqual(big);
    expect(await store.get('wxother')).toBeUndefined();
  });

  it('an older compile never overwrites a newer one', async () => {
    const store = new RuleStore(new MemoryKeyValueStore(new ManualClock(0)));
    await store.put(set(20, 2));
    await store.put(set(10, 5));
    expect((await store.get('wxapp'))?.rules).toHaveLength(2);
    await store.put(set(30, 1));
    expect((await store.get('wxapp'))?.compiledAt).toBe(30);
  });
});
