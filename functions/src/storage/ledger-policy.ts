/**
 * The de-duplication ledger's rules, shared by the Azure Table and in-memory ledgers so both behave
 * identically. WeChat retries a callback that did not answer within 5 s, up to three times
 * (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html),
 * so a claim that stays pending longer than a few seconds belongs to an instance that died.
 */
import type { ClaimResult } from '../relay/ports/storage.js';

/** How long a confirmed delivery keeps answering 'duplicate'. WeChat's retries all fall inside 10 minutes. */
export const DEFAULT_LEDGER_TTL_MS = 10 * 60_000;
/** A pending claim older than this is presumed abandoned and may be taken over by the next delivery. */
export const DEFAULT_PENDING_TIMEOUT_MS = 10_000;

export interface LedgerOptions {
  ttlMs?: number;
  pendingTimeoutMs?: number;
}

export interface LedgerEntry {
  status: 'pending' | 'confirmed';
  /** Epoch ms of the (latest) claim. */
  claimedAt: number;
  /** Epoch ms after which the entry is dead weight and `purgeExpired` removes it. */
  expiresAt: number;
  /** Which process wrote a group claim (GroupLedger.claimMany's `owner`), to recognise its own abandoned claims. */
  owner?: string;
}

export interface ResolvedLedgerOptions {
  ttlMs: number;
  pendingTimeoutMs: number;
}

export function resolveLedgerOptions(options: LedgerOptions = {}): ResolvedLedgerOptions {
  const ttlMs = options.ttlMs ?? DEFAULT_LEDGER_TTL_MS;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ledger ttlMs must be a positive number');
  if (!Number.isFinite(pendingTimeoutMs) || pendingTimeoutMs <= 0) {
    throw new RangeError('ledger pendingTimeoutMs must be a positive number');
  }
  return { ttlMs, pendingTimeoutMs };
}

/** The entry a fresh (or taken-over) claim writes. */
export function pendingEntry(now: number, options: ResolvedLedgerOptions, owner?: string): LedgerEntry {
  // A pending entry must outlive its own pending timeout, or purge could delete a live claim.
  return { status: 'pending', claimedAt: now, expiresAt: now + Math.max(options.ttlMs, options.pendingTimeoutMs), ...(owner && { owner }) };
}

export function confirmedEntry(claimedAt: number, now: number, options: ResolvedLedgerOptions): LedgerEntry {
  return { status: 'confirmed', claimedAt, expiresAt: now + options.ttlMs };
}

/** What a claim does when an entry already exists for the key. */
export type ExistingDecision = Exclude<ClaimResult, 'claimed'> | 'take-over';

/**
 * `owner`: the claimer's process id, when it vouches that it is not writing this key right now. A pending claim
 * it wrote itself is then abandoned (its write failed with an unknown outcome, e.g. a timeout whose request
 * still reached storage), so the retry WeChat sends to the same instance need not wait for pendingTimeoutMs.
 */
export function decideOnExisting(existing: LedgerEntry, now: number, options: ResolvedLedgerOptions, owner?: string): ExistingDecision {
  if (existing.status === 'confirmed') {
    return now < existing.expiresAt ? 'duplicate' : 'take-over';
  }
  if (owner !== undefined && existing.owner === owner) return 'take-over';
  return now - existing.claimedAt < options.pendingTimeoutMs ? 'in-progress' : 'take-over';
}

export function isExpired(entry: LedgerEntry, now: number): boolean {
  return entry.expiresAt <= now;
}

/**
 * The ledger's partition of a key: its account (the part before the first `|`; wechat/messages/dedupe.ts
 * percent-encodes every part, so the appid never holds one). An account's claims share a partition, so the
 * callbacks of one account that arrive together are claimed in one Table transaction. The price is one
 * partition's throughput target per account (about 2,000 entities/s:
 * https://learn.microsoft.com/azure/storage/tables/scalability-targets), far above what one account's
 * followers send; a key without `|` is its own partition.
 */
export function ledgerPartitionOf(key: string): string {
  const bar = key.indexOf('|');
  return bar > 0 ? key.slice(0, bar) : key;
}

/** An entity group transaction holds at most 100 entities, all in one partition. */
export const MAX_TRANSACTION_ENTITIES = 100;

/** Keys (or tickets) grouped by partition, in chunks of at most MAX_TRANSACTION_ENTITIES, order kept. */
export function partitionChunks<T>(items: readonly T[], keyOf: (item: T) => string): { partition: string; items: T[] }[] {
  const byPartition = new Map<string, T[]>();
  for (const item of items) {
    const partition = ledgerPartitionOf(keyOf(item));
    const list = byPartition.get(partition);
    if (list) list.push(item);
    else byPartition.set(partition, [item]);
  }
  const chunks: { partition: string; items: T[] }[] = [];
  for (const [partition, list] of byPartition) {
    for (let i = 0; i < list.length; i += MAX_TRANSACTION_ENTITIES) {
      chunks.push({ partition, items: list.slice(i, i + MAX_TRANSACTION_ENTITIES) });
    }
  }
  return chunks;
}
