/**
 * How a de-duplication ledger entry sits in its Azure Table: PartitionKey = the key's account
 * (ledger-policy.ts `ledgerPartitionOf`), RowKey = the key itself, both through encodeTableKey. Shared by the
 * one-key paths (table-delivery-ledger.ts) and the group paths (table-ledger-group.ts), so both see one entity.
 * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
 */
import type { TableClient } from '@azure/data-tables';
import { ledgerPartitionOf, type LedgerEntry } from '../ledger-policy.js';
import { requireKey } from '../validate.js';
import { isNotFound } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

export interface LedgerAddress {
  partitionKey: string;
  rowKey: string;
}

export type StoredLedgerEntry = LedgerEntry & { etag: string };

export function ledgerAddress(key: string): LedgerAddress {
  requireKey('delivery key', key);
  return { partitionKey: encodeTableKey(ledgerPartitionOf(key)), rowKey: encodeTableKey(key) };
}

/**
 * Lean on purpose: every callback writes one (Azurite spends about 30% less on an entity without the copy of the
 * key it once carried). People reading the table get the key back from the RowKey (decodeTableKey), unless it
 * was long enough to be hashed.
 */
export function ledgerEntity(key: string, entry: LedgerEntry) {
  return {
    ...ledgerAddress(key),
    status: entry.status,
    claimedAt: edmDouble(entry.claimedAt),
    expiresAt: edmDouble(entry.expiresAt),
    ...(entry.owner && { owner: entry.owner }),
  };
}

export async function readLedgerEntry(table: TableClient, at: LedgerAddress): Promise<StoredLedgerEntry | undefined> {
  try {
    const e = await table.getEntity<Record<string, unknown>>(at.partitionKey, at.rowKey);
    return {
      status: e['status'] === 'confirmed' ? 'confirmed' : 'pending',
      claimedAt: readNumber(e['claimedAt']) ?? 0,
      expiresAt: readNumber(e['expiresAt']) ?? 0,
      ...(typeof e['owner'] === 'string' && { owner: e['owner'] }),
      etag: e.etag,
    };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The index of the operation that failed a transaction: the service prefixes the error message with it
 * ("1:The specified entity already exists."), and the whole transaction was rolled back.
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions#sample-error-response
 */
export function failedOperationIndex(err: unknown): number | undefined {
  const message = (err as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return undefined;
  const match = /^(\d+):/.exec(message);
  return match ? Number(match[1]) : undefined;
}
