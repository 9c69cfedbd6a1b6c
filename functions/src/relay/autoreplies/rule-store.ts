/**
 * The compiled rule sets in the relay's storage (the KeyValueStore, an Azure Table): one entry per account, written
 * by whichever instance handled the rule change, read by every instance in the background (rule-cache.ts), never on
 * the answer path. A Table property holds at most 32 K characters: a larger set is written in parts first, then the
 * head that names them, so a reader never sees half a set.
 */
import type { KeyValueStore } from '../ports/storage.js';
import { isRuleSet, type RuleSet } from './rule-set.js';

const PART_CHARS = 30_000;
const headKey = (appid: string) => `autoreplies:${appid}`;
const partKey = (appid: string, compiledAt: number, i: number) => `autoreplies-part:${appid}:${compiledAt}:${i}`;

export class RuleStore {
  constructor(private readonly kv: KeyValueStore) {}

  /**
   * Stores the set unless a set compiled from a later read is there already (two instances compiling one account at
   * once: the older read must not overwrite the newer). Read, then write: a narrow race remains, closed by the next change.
   */
  async put(set: RuleSet): Promise<void> {
    const current = await this.compiledAt(set.appid);
    if (current !== undefined && current > set.compiledAt) return;
    const json = JSON.stringify(set);
    if (json.length <= PART_CHARS) return this.kv.put(headKey(set.appid), json);
    const parts = Math.ceil(json.length / PART_CHARS);
    for (let i = 0; i < parts; i++) await this.kv.put(partKey(set.appid, set.compiledAt, i), json.slice(i * PART_CHARS, (i + 1) * PART_CHARS));
    await this.kv.put(headKey(set.appid), JSON.stringify({ parts, compiledAt: set.compiledAt }));
  }

  private async compiledAt(appid: string): Promise<number | undefined> {
    const head = await this.kv.get(headKey(appid));
    if (head === undefined) return undefined;
    const value = JSON.parse(head) as { compiledAt?: unknown };
    return typeof value.compiledAt === 'number' ? value.compiledAt : undefined;
  }

  async get(appid: string): Promise<RuleSet | undefined> {
    const head = await this.kv.get(headKey(appid));
    if (head === undefined) return undefined;
    let value: unknown = JSON.parse(head);
    const split = value as { parts?: unknown; compiledAt?: unknown };
    if (typeof split.parts === 'number' && typeof split.compiledAt === 'number') {
      const chunks: string[] = [];
      for (let i = 0; i < split.parts; i++) {
        const chunk = await this.kv.get(partKey(appid, split.compiledAt, i));
        if (chunk === undefined) return undefined;
        chunks.push(chunk);
      }
      value = JSON.parse(chunks.join(''));
    }
    return isRuleSet(value) ? value : undefined;
  }
}
