/** In-memory DeliveryLedger driven by an injected Clock; same rules as the table ledger (ledger-policy.ts). */
import type { ClaimResult, DeliveryLedger } from '../../relay/ports.js';
import type { Clock } from '../../kernel/clock.js';
import {
  confirmedEntry,
  decideOnExisting,
  isExpired,
  pendingEntry,
  resolveLedgerOptions,
  type LedgerEntry,
  type LedgerOptions,
  type ResolvedLedgerOptions,
} from '../ledger-policy.js';
import { requireKey } from '../validate.js';

export interface MemoryDeliveryLedgerOptions extends LedgerOptions {
  clock: Clock;
}

export class MemoryDeliveryLedger implements DeliveryLedger {
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
