/**
 * DeliveryLedger on Azure Tables (rules in ../ledger-policy.ts, shared with the memory ledger).
 * claim = insert a pending entity; the table's uniqueness makes exactly one concurrent claimer win (others get
 * 409 EntityAlreadyExists, read the entity and answer 'duplicate' or 'in-progress'). An expired or abandoned
 * entry is taken over with an ETag-conditional replace, so two instances cannot both take it over.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/insert-entity (409),
 *       https://learn.microsoft.com/rest/api/storageservices/update-entity2 (If-Match → 412)
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { ClaimResult, DeliveryLedger } from '../../relay/ports.js';
import type { Clock } from '../../kernel/clock.js';
import {
  confirmedEntry,
  decideOnExisting,
  pendingEntry,
  resolveLedgerOptions,
  type LedgerEntry,
  type LedgerOptions,
  type ResolvedLedgerOptions,
} from '../ledger-policy.js';
import { requireKey } from '../validate.js';
import { isConflict, isNotFound, isPreconditionFailed } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

const ROW = 'delivery';
const MAX_ROUNDS = 5;

export interface TableDeliveryLedgerOptions extends LedgerOptions {
  table: TableClient;
  clock: Clock;
}

type StoredEntry = LedgerEntry & { etag: string };

export class TableDeliveryLedger implements DeliveryLedger {
  readonly #table: TableClient;
  readonly #clock: Clock;
  readonly #options: ResolvedLedgerOptions;

  constructor(options: TableDeliveryLedgerOptions) {
    this.#table = options.table;
    this.#clock = options.clock;
    this.#options = resolveLedgerOptions(options);
  }

  async claim(key: string): Promise<ClaimResult> {
    const pk = encodeTableKey(requireKey('delivery key', key));
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const now = this.#clock.now();
      try {
        await this.#table.createEntity(this.#entity(pk, key, pendingEntry(now, this.#options)));
        return 'claimed';
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const existing = await this.#read(pk);
      if (!existing) continue; // purged or released between our insert and read: insert again
      const decision = decideOnExisting(existing, now, this.#options);
      if (decision !== 'take-over') return decision;
      try {
        await this.#table.updateEntity(this.#entity(pk, key, pendingEntry(now, this.#options)), 'Replace', {
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
    const pk = encodeTableKey(requireKey('delivery key', key));
    const now = this.#clock.now();
    const claimedAt = (await this.#read(pk))?.claimedAt ?? now;
    await this.#table.upsertEntity(this.#entity(pk, key, confirmedEntry(claimedAt, now, this.#options)), 'Replace');
  }

  async release(key: string): Promise<void> {
    const pk = encodeTableKey(requireKey('delivery key', key));
    const existing = await this.#read(pk);
    // Only a pending claim is forgotten (conditionally): a confirmed delivery must keep answering 'duplicate'.
    if (existing?.status !== 'pending') return;
    await this.#deleteIfUnchanged(pk, existing.etag);
  }

  async purgeExpired(): Promise<number> {
    const now = this.#clock.now();
    const expired = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`RowKey eq ${ROW} and expiresAt le ${now}`, select: ['PartitionKey', 'RowKey'] },
    });
    let removed = 0;
    for await (const e of expired) {
      if (await this.#deleteIfUnchanged(e.partitionKey!, e.etag)) removed++;
    }
    return removed;
  }

  #entity(pk: string, key: string, entry: LedgerEntry) {
    return {
      partitionKey: pk,
      rowKey: ROW,
      // The original key, for people reading the table (delivery keys are appid + MsgId: not secret).
      deliveryKey: key.length <= 1024 ? key : key.slice(0, 1024),
      status: entry.status,
      claimedAt: edmDouble(entry.claimedAt),
      expiresAt: edmDouble(entry.expiresAt),
    };
  }

  async #read(pk: string): Promise<StoredEntry | undefined> {
    try {
      const e = await this.#table.getEntity<Record<string, unknown>>(pk, ROW);
      return {
        status: e['status'] === 'confirmed' ? 'confirmed' : 'pending',
        claimedAt: readNumber(e['claimedAt']) ?? 0,
        expiresAt: readNumber(e['expiresAt']) ?? 0,
        etag: e.etag,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Deletes only the version we saw; false when it changed or vanished meanwhile. */
  async #deleteIfUnchanged(pk: string, etag: string): Promise<boolean> {
    try {
      await this.#table.deleteEntity(pk, ROW, { etag });
      return true;
    } catch (err) {
      if (isPreconditionFailed(err) || isNotFound(err)) return false;
      throw err;
    }
  }
}
