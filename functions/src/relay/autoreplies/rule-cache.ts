/**
 * Every instance's memory copy of the compiled rule sets. `peek` is synchronous and never waits: it returns what
 * memory holds and, when that is older than the TTL (or absent), starts one background read of the store. A cold
 * instance therefore answers its first push for an account with no reply (`success`), and the reply rules from the
 * next push on. A rule change reaches every instance within the TTL; the instance that compiled it at once (`hold`).
 */
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../ports/logger.js';
import { indexRules, type RuleIndex } from './match.js';
import type { RuleSet } from './rule-set.js';

export interface RuleSource {
  get(appid: string): Promise<RuleSet | undefined>;
}

interface Entry {
  index?: RuleIndex;
  loadedAt: number;
  loading?: Promise<void>;
}

export const RULE_CACHE_TTL_MS = 10_000;

export class RuleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly source: RuleSource,
    private readonly clock: Clock,
    private readonly logger?: Logger,
    private readonly ttlMs = RULE_CACHE_TTL_MS,
  ) {}

  /** The account's rules in memory now (possibly a little old), or undefined; refreshes in the background. */
  peek(appid: string): RuleIndex | undefined {
    const entry = this.entries.get(appid);
    const now = this.clock.now();
    if (!entry || (now - entry.loadedAt >= this.ttlMs && !entry.loading)) this.refresh(appid, entry);
    return entry?.index;
  }

  /** Puts a set just compiled into memory (the instance that compiled it answers with it at once). */
  hold(set: RuleSet): void {
    const entry = this.entries.get(set.appid);
    if (entry?.index && entry.index.set.compiledAt > set.compiledAt) return;
    this.entries.set(set.appid, { index: indexRules(set), loadedAt: this.clock.now() });
  }

  /** Resolves when the background reads started so far have finished (tests, warm-up). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.loading));
  }

  private refresh(appid: string, entry: Entry | undefined): void {
    const next: Entry = entry ?? { loadedAt: this.clock.now() };
    next.loading = this.source
      .get(appid)
      .then((set) => {
        const current = this.entries.get(appid);
        if (set && !(current?.index && current.index.set.compiledAt > set.compiledAt)) next.index = indexRules(set);
        else if (!set) delete next.index;
      })
      .catch((err: unknown) => {
        // Keep answering from what memory holds; try again after the TTL.
        this.logger?.warn('auto-reply rules could not be read; answering from memory', { appid, error: err instanceof Error ? err.name : 'unknown' });
      })
      .finally(() => {
        next.loadedAt = this.clock.now();
        delete next.loading;
      });
    this.entries.set(appid, next);
  }
}
