/**
 * How a de-duplication ledger entry sits in its Azure Table: PartitionKey = the key's account
 * (ledger-policy.ts `ledgerPartitionOf`), RowKey = the key itself, both through encodeTableKey. Shared by the
 * one-key paths (table-delivery-ledger.ts) and the group paths (table-ledger-group.ts), so both see one entity.
 * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
 */
import type { TableClient } from '@azure/data-tables';
import type { ClaimTicket } from '../../relay/ports/ingest.js';
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

/**
 * A group claim's ticket on Azure: the claims one transaction wrote share a random `group` id (written into each
 * claim entity) and know how many they were. When every one of them is confirmed together (the usual case: one
 * queue message held them all), the confirm is ONE group row in their partition instead of one write per claim
 * (Azurite spends 0.3–0.8 ms per entity, so this halves its work per callback). A claim entity still pending
 * whose group row exists reads as confirmed (readLedgerEntry). Only a whole group gets a row: a claim of the group
 * whose message failed keeps reading pending (its release may have failed too), so its retry is never lost.
 */
export type GroupTicket = ClaimTicket & { group?: string; groupSize?: number };

/** RowKey of a group's confirm row: a real key always starts with its (non-empty) appid, never with `|`. */
export function groupRowKey(group: string): string {
  return encodeTableKey(`|group|${group}`);
}

export function ledgerAddress(key: string): LedgerAddress {
  requireKey('delivery key', key);
  return { partitionKey: encodeTableKey(ledgerPartitionOf(key)), rowKey: encodeTableKey(key) };
}

/**
 * Lean on purpose: every callback writes one (Azurite spends about 30% less on an entity without the copy of the
 * key it once carried). People reading the table get the key back from the RowKey (decodeTableKey), unless it
 * was long enough to be hashed.
 */
export function ledgerEntity(key: string, entry: LedgerEntry, group?: string) {
  return {
    ...ledgerAddress(key),
    status: entry.status,
    claimedAt: edmDouble(entry.claimedAt),
    expiresAt: edmDouble(entry.expiresAt),
    ...(entry.owner && { owner: entry.owner }),
    ...(group && { group }),
  };
}

/** The row that confirms every claim of `group` in partition `partitionKey` (already encoded). */
export function groupConfirmEntity(partitionKey: string, group: string, expiresAt: number) {
  return { partitionKey, rowKey: groupRowKey(group), status: 'confirmed', expiresAt: edmDouble(expiresAt) };
}

export async function readLedgerEntry(table: TableClient, at: LedgerAddress): Promise<StoredLedgerEntry | undefined> {
  try {
    const e = await table.getEntity<Record<string, unknown>>(at.partitionKey, at.rowKey);
    const entry: StoredLedgerEntry = {
      status: e['status'] === 'confirmed' ? 'confirmed' : 'pending',
      claimedAt: readNumber(e['claimedAt']) ?? 0,
      expiresAt: readNumber(e['expiresAt']) ?? 0,
      ...(typeof e['owner'] === 'string' && { owner: e['owner'] }),
      etag: e.etag,
    };
    // Pending, but its whole group may have been confirmed by one row: then it is confirmed (same etag, so a
    // take-over after expiry still replaces exactly this version).
    if (entry.status === 'pending' && typeof e['group'] === 'string') {
      const confirmed = await readGroupExpiry(table, at.partitionKey, e['group']);
      if (confirmed !== undefined) return { ...entry, status: 'confirmed', expiresAt: confirmed };
    }
    return entry;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function readGroupExpiry(table: TableClient, partitionKey: string, group: string): Promise<number | undefined> {
  try {
    const row = await table.getEntity<Record<string, unknown>>(partitionKey, groupRowKey(group));
    return readNumber(row['expiresAt']) ?? 0;
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
