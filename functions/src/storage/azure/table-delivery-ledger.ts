/**
 * DeliveryLedger on Azure Tables (rules in ../ledger-policy.ts, shared with the memory ledger).
 * claim = insert a pending entity; the table's uniqueness makes exactly one concurrent claimer win (others get
 * 409 EntityAlreadyExists, read the entity and answer 'duplicate' or 'in-progress'). An expired or abandoned
 * entry is taken over with an ETag-conditional replace, so two instances cannot both take it over.
 * Group claims (claimMany) write one transaction per account partition: table-ledger-group.ts.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/insert-entity (409),
 *       https://learn.microsoft.com/rest/api/storageservices/update-entity2 (If-Match → 412)
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { ClaimResult, DeliveryLedger } from '../../relay/ports/storage.js';
import type { ClaimOptions, ClaimTicket, GroupClaim, GroupLedger } from '../../relay/ports/ingest.js';
import type { Clock } from '../../kernel/clock.js';
import { confirmedEntry, decideOnExisting, pendingEntry, resolveLedgerOptions, type LedgerOptions, type ResolvedLedgerOptions } from '../ledger-policy.js';
import { claimGroup, confirmGroup, releaseGroup } from './table-ledger-group.js';
import { ledgerAddress, ledgerEntity, readLedgerEntry, type LedgerAddress } from './table-ledger-entities.js';
import { isConflict, isNotFound, isPreconditionFailed } from './table-errors.js';

const MAX_ROUNDS = 5;

export interface TableDeliveryLedgerOptions extends LedgerOptions {
  table: TableClient;
  clock: Clock;
}

export class TableDeliveryLedger implements DeliveryLedger, GroupLedger {
  readonly #table: TableClient;
  readonly #clock: Clock;
  readonly #options: ResolvedLedgerOptions;

  constructor(options: TableDeliveryLedgerOptions) {
    this.#table = options.table;
    this.#clock = options.clock;
    this.#options = resolveLedgerOptions(options);
  }

  async claim(key: string): Promise<ClaimResult> {
    const at = ledgerAddress(key);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const now = this.#clock.now();
      try {
        await this.#table.createEntity(ledgerEntity(key, pendingEntry(now, this.#options)));
        return 'claimed';
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const existing = await readLedgerEntry(this.#table, at);
      if (!existing) continue; // purged or released between our insert and read: insert again
      const decision = decideOnExisting(existing, now, this.#options);
      if (decision !== 'take-over') return decision;
      try {
        await this.#table.updateEntity(ledgerEntity(key, pendingEntry(now, this.#options)), 'Replace', {
          etag: existing.etag,
        });
        return 'claimed';
      } catch (err) {
        // 412: another instance took it over first; 404: it was purged. Decide again from scratch.
        if (!isPreconditionFailed(err) && !isNotFound(err)) throw err;
      }
    }
    // Constant churn on one key: the safest answer is to let WeChat retry later.
    return 'in-progress';
  }

  async confirm(key: string): Promise<void> {
    const now = this.#clock.now();
    const claimedAt = (await readLedgerEntry(this.#table, ledgerAddress(key)))?.claimedAt ?? now;
    await this.#table.upsertEntity(ledgerEntity(key, confirmedEntry(claimedAt, now, this.#options)), 'Replace');
  }

  async release(key: string): Promise<void> {
    const at = ledgerAddress(key);
    const existing = await readLedgerEntry(this.#table, at);
    // Only a pending claim is forgotten (conditionally): a confirmed delivery must keep answering 'duplicate'.
    if (existing?.status !== 'pending') return;
    await this.#deleteIfUnchanged(at, existing.etag);
  }

  claimMany(keys: readonly string[], options?: ClaimOptions): Promise<GroupClaim[]> {
    return claimGroup(this.#table, keys, () => this.#clock.now(), this.#options, options);
  }

  confirmMany(tickets: readonly ClaimTicket[]): Promise<void> {
    return confirmGroup(this.#table, tickets, this.#clock.now(), this.#options);
  }

  releaseMany(tickets: readonly ClaimTicket[]): Promise<void> {
    return releaseGroup(this.#table, tickets, this.#clock.now(), (key) => this.release(key));
  }

  async purgeExpired(): Promise<number> {
    const now = this.#clock.now();
    // Every entry carries expiresAt (entries of the older one-partition-per-key layout too: they go as well).
    const expired = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`expiresAt le ${now}`, select: ['PartitionKey', 'RowKey'] },
    });
    let removed = 0;
    for await (const e of expired) {
      if (await this.#deleteIfUnchanged({ partitionKey: e.partitionKey!, rowKey: e.rowKey! }, e.etag)) removed++;
    }
    return removed;
  }

  /** Deletes only the version we saw; false when it changed or vanished meanwhile. */
  async #deleteIfUnchanged(at: LedgerAddress, etag: string): Promise<boolean> {
    try {
      await this.#table.deleteEntity(at.partitionKey, at.rowKey, { etag });
      return true;
    } catch (err) {
      if (isPreconditionFailed(err) || isNotFound(err)) return false;
      throw err;
    }
  }
}
