/**
 * BENCH_AUTOREPLY=1 for `npm run bench:callbacks`: the bench account gets a compiled set of 400 auto-reply rules in
 * the relay's storage (relay/autoreplies/rule-store.ts), one of them (contains "你好", with placeholders) matching
 * every pushed message, so every callback computes, encrypts and answers a passive reply and its envelope carries
 * it. The relay's instance loads the set in the background during the warm-up (a cold instance answers `success`).
 */
import type { KeyValueStore } from '../../functions/src/relay/ports/storage.js';
import { RuleStore } from '../../functions/src/relay/autoreplies/rule-store.js';
import type { CompiledRule, RuleSet } from '../../functions/src/relay/autoreplies/rule-set.js';

export const AUTOREPLY = process.env.BENCH_AUTOREPLY === '1';

export function benchRuleSet(appid: string): RuleSet {
  const rules: CompiledRule[] = [];
  for (let i = 0; i < 398; i++) {
    rules.push({
      id: `rule-${i}`,
      name: `rule ${i}`,
      kind: 'keyword',
      priority: i % 5,
      createdAt: i,
      keywords: [`keyword${i}`, `关键词${i}`],
      match: i % 2 === 0 ? 'exact' : 'contains',
      reply: { type: 'text', text: `reply ${i}` },
    });
  }
  rules.push({
    id: 'rule-hello',
    name: 'hello',
    kind: 'keyword',
    priority: 9,
    createdAt: 1000,
    keywords: ['你好'],
    match: 'contains',
    reply: { type: 'text', text: '{account} 收到：{message}（{date} {time}）' },
  });
  rules.push({
    id: 'rule-default',
    name: 'default',
    kind: 'default',
    priority: 0,
    createdAt: 0,
    periodMs: 3_600_000,
    reply: { type: 'text', text: 'default' },
  });
  return { v: 1, appid, accountName: 'Bench Shop', compiledAt: Date.now(), rules };
}

export async function storeBenchRules(kv: KeyValueStore, appid: string): Promise<number> {
  const set = benchRuleSet(appid);
  await new RuleStore(kv).put(set);
  return set.rules.length;
}
