/** In-memory DeliveryLedger driven by an injected Clock; same rules as the table ledger (ledger-policy.ts). */
import type { ClaimResult, DeliveryLedger } from '../../../../functions/src/relay/ports/storage.js';
import type { ClaimOptions, ClaimTicket, GroupClaim, GroupLedger } from '../../../../functions/src/relay/ports/ingest.js';
import type { Clock } from '../../../../functions/src/kernel/clock.js';
import {
  confirmedEntry,
  decideOnExisting,
  isExpired,
  ledgerPartitionOf,
  partitionChunks,
  pendingEntry,
  resolveLedgerOptions,
  type LedgerEntry,
  type LedgerOptions,
  type ResolvedLedgerOptions,
} from '../../../../functions/src/storage/ledger-policy.js';
import { requireKey } from '../../../../functions/src/storage/validate.js';

export interface MemoryDeliveryLedgerOptions extends LedgerOptions {
  clock: Clock;
}

/** One write the ledger made: what an Azure Table transaction (or a one-key call) would have been. */
export interface LedgerWrite {
  op: 'claim' | 'confirm' | 'release';
  partition: string;
  keys: string[];
  /** Confirms that rode in this claim write (ClaimOptions.confirm). */
  confirmed?: string[];
}

export class MemoryDeliveryLedger implements DeliveryLedger, GroupLedger {
  readonly #entries = new Map<string, LedgerEntry>();
  readonly #clock: Clock;
  readonly #options: ResolvedLedgerOptions;

  constructor(options: MemoryDeliveryLedgerOptions) {
    this.#clock = options.clock;
    this.#options = resolveLedgerOptions(options);
  }

  async claim(key: string): Promise<ClaimResult> {
    requireKey('delivery key', key);
    const now = this.#clock.now();
    const existing = this.#entries.get(key);
    if (existing) {
      const decision = decideOnExisting(existing, now, this.#options);
      if (decision !== 'take-over') return decision;
    }
    this.#entries.set(key, pendingEntry(now, this.#options));
    return 'claimed';
  }

  async confirm(key: string): Promise<void> {
    requireKey('delivery key', key);
    const now = this.#clock.now();
    const claimedAt = this.#entries.get(key)?.claimedAt ?? now;
    this.#entries.set(key, confirmedEntry(claimedAt, now, this.#options));
  }

  async release(key: string): Promise<void> {
    requireKey('delivery key', key);
    // Only a pending claim is forgotten: a confirmed delivery must keep answering 'duplicate'.
    if (this.#entries.get(key)?.status === 'pending') this.#entries.delete(key);
  }

  /** Every group write, one per partition chunk as the table ledger's transactions (tests count them). */
  readonly writes: LedgerWrite[] = [];

  async claimMany(keys: readonly string[], options: ClaimOptions = {}): Promise<GroupClaim[]> {
    if (new Set(keys).size !== keys.length) throw new RangeError('claimMany takes distinct keys');
    const now = this.#clock.now();
    const before = this.writes.length;
    this.#log('claim', keys, (k) => k);
    const riders = (options.confirm ?? []).filter((t) => !keys.includes(t.key));
    const alone: ClaimTicket[] = [];
    for (const t of riders) {
      // As the table ledger: into the first claim write of its partition that has room, else a write of its own.
      const write = this.writes.slice(before).find((w) => w.partition === ledgerPartitionOf(t.key) && w.keys.length + (w.confirmed?.length ?? 0) < 100);
      if (write) (write.confirmed ??= []).push(t.key);
      else alone.push(t);
      this.#entries.set(t.key, confirmedEntry(t.claimedAt, now, this.#options));
    }
    if (alone.length > 0) this.#log('confirm', alone, (t) => t.key);
    return keys.map((key): GroupClaim => {
      requireKey('delivery key', key);
      const existing = this.#entries.get(key);
      const decision = existing ? decideOnExisting(existing, now, this.#options, options.owner) : 'take-over';
      if (decision !== 'take-over') return { key, result: decision };
      this.#entries.set(key, pendingEntry(now, this.#options, options.owner));
      return { key, result: 'claimed', ticket: { key, claimedAt: now } };
    });
  }

  async confirmMany(tickets: readonly ClaimTicket[]): Promise<void> {
    const now = this.#clock.now();
    this.#log('confirm', tickets, (t) => t.key);
    for (const t of tickets) this.#entries.set(t.key, confirmedEntry(t.claimedAt, now, this.#options));
  }

  async releaseMany(tickets: readonly ClaimTicket[]): Promise<void> {
    this.#log('release', tickets, (t) => t.key);
    for (const t of tickets) {
      const entry = this.#entries.get(t.key);
      // Only our own pending claim (another instance may have taken it over since).
      if (entry?.status === 'pending' && entry.claimedAt === t.claimedAt) this.#entries.delete(t.key);
    }
  }

  #log<T>(op: LedgerWrite['op'], items: readonly T[], keyOf: (item: T) => string): void {
    for (const chunk of partitionChunks(items, keyOf)) this.writes.push({ op, partition: chunk.partition, keys: chunk.items.map(keyOf) });
  }

  /** The entry held for a key (tests read its status). */
  entry(key: string): LedgerEntry | undefined {
    return this.#entries.get(key);
  }

  async purgeExpired(): Promise<number> {
    const now = this.#clock.now();
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (isExpired(entry, now)) {
        this.#entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Number of entries held (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
