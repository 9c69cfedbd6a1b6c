/**
 * The storage ports group-commit ingest needs on top of relay/ports/storage.ts: the de-duplication ledger written a
 * group at a time. storage/ implements them (Azure Tables: one transaction per account partition, at most
 * 100 entities each; memory: the same rules for unit tests).
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
 */
import type { ClaimResult } from './storage.js';

/** What a won claim holds: enough to confirm or release exactly that claim (and not a later taker's). */
export interface ClaimTicket {
  key: string;
  /** Epoch ms the claim was written with. */
  claimedAt: number;
  /** The entity version written (Azure); a release deletes only this version. */
  etag?: string;
}

export type GroupClaim = { key: string; result: 'claimed'; ticket: ClaimTicket } | { key: string; result: Exclude<ClaimResult, 'claimed'> };

export interface ClaimOptions {
  /**
   * The claiming process's id, written into the claims. The caller vouches it is not writing these keys now, so
   * a pending claim carrying the same owner is its own abandoned one and is taken over at once.
   */
  owner?: string;
  /**
   * Claims whose messages are queued: their confirms ride in the claim transactions of their partitions (one
   * request fewer per group), those without a claim to ride with go on their own. If claimMany rejects, none
   * of them may be taken as written (confirming again is harmless).
   */
  confirm?: readonly ClaimTicket[];
}

export interface GroupLedger {
  /**
   * Claims distinct keys together; the answer is in the keys' order. A key another instance holds is taken out
   * of the write and answered 'duplicate' or 'in-progress' on its own; the others are still claimed. Rejects
   * only when storage failed, and then holds none of the keys (claims already written are released first).
   */
  claimMany(keys: readonly string[], options?: ClaimOptions): Promise<GroupClaim[]>;
  /** The claims' messages are durably queued: further deliveries are duplicates until the TTL passes. */
  confirmMany(tickets: readonly ClaimTicket[]): Promise<void>;
  /** The write that held them failed: forget these claims (only if still ours and pending) so WeChat's retry stores them. */
  releaseMany(tickets: readonly ClaimTicket[]): Promise<void>;
}
