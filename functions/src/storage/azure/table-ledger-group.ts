/**
 * The ledger's group paths on Azure Tables: one entity group transaction per account partition (at most 100
 * entities, ledger-policy.ts `partitionChunks`), chunks of different partitions in parallel.
 *
 * A transaction fails as a whole and names the failing operation's index (table-ledger-entities.ts
 * `failedOperationIndex`). In a claim that is a key another instance already holds (409): it alone is read and
 * decided ('duplicate', 'in-progress', or taken over with an ETag-conditional replace, 412 if someone was
 * faster), and the transaction is sent again without it. So a cross-instance duplicate costs one read and one
 * more transaction, and never keeps the group's other callbacks from being stored.
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { ClaimOptions, ClaimTicket, GroupClaim } from '../../relay/ports/ingest.js';
import { confirmedEntry, decideOnExisting, MAX_TRANSACTION_ENTITIES, partitionChunks, pendingEntry, type ResolvedLedgerOptions } from '../ledger-policy.js';
import { isConflict, isNotFound, isPreconditionFailed } from './table-errors.js';
import { failedOperationIndex, groupConfirmEntity, ledgerAddress, ledgerEntity, readLedgerEntry, type GroupTicket } from './table-ledger-entities.js';

/** Beyond one round per key, churn on a key (taken over and over) ends as 'in-progress': WeChat retries. */
const EXTRA_ROUNDS = 5;

export async function claimGroup(
  table: TableClient,
  keys: readonly string[],
  now: () => number,
  options: ResolvedLedgerOptions,
  claim: ClaimOptions = {},
): Promise<GroupClaim[]> {
  if (new Set(keys).size !== keys.length) throw new RangeError('claimMany takes distinct keys');
  const chunks = partitionChunks(keys, (k) => k);
  // Confirms ride with the claims of their partition while a transaction has room (100 operations).
  const claimed = new Set(keys);
  const riders = confirmActions(
    (claim.confirm ?? []).filter((t) => !claimed.has(t.key)), // claimed again here: its new claim supersedes the confirm
    now(),
    options,
  );
  const rides = chunks.map((c) => {
    const waiting = riders.get(ledgerAddress(c.items[0]!).partitionKey) ?? [];
    return waiting.splice(0, MAX_TRANSACTION_ENTITIES - c.items.length);
  });
  const alone = [...riders.values()].filter((a) => a.length > 0);
  const settled = await Promise.allSettled([
    ...chunks.map((c, i) => claimChunk(table, c.items, now, options, claim.owner, rides[i]!)),
    ...alone.map((actions) => submitChunked(table, actions).then(() => [])),
  ]);
  const answers = new Map<string, GroupClaim>();
  let failure: unknown;
  for (const s of settled) {
    if (s.status === 'rejected') failure ??= s.reason;
    else for (const claim of s.value) answers.set(claim.key, claim);
  }
  if (failure !== undefined) {
    // Nothing half-held: the partitions that were written are released before the failure surfaces.
    const won = [...answers.values()].flatMap((c) => (c.result === 'claimed' ? [c.ticket] : []));
    await releaseGroup(table, won, now(), async () => undefined).catch(() => undefined);
    throw failure;
  }
  return keys.map((k) => answers.get(k)!);
}

async function claimChunk(
  table: TableClient,
  keys: readonly string[],
  now: () => number,
  options: ResolvedLedgerOptions,
  owner: string | undefined,
  confirms: readonly TransactionAction[],
): Promise<GroupClaim[]> {
  const answers: GroupClaim[] = [];
  /** Keys still to write: undefined = insert, an etag = take over that version. */
  const writes = new Map<string, string | undefined>(keys.map((k) => [k, undefined]));
  for (let round = 0; writes.size > 0 && round < keys.length + EXTRA_ROUNDS; round++) {
    const at = now();
    const entry = pendingEntry(at, options, owner);
    const group = randomBytes(6).toString('base64url'); // this round's claims, confirmed later by one row
    const batch = [...writes];
    const actions: TransactionAction[] = batch.map(([key, etag]) =>
      etag === undefined ? ['create', ledgerEntity(key, entry, group)] : ['update', ledgerEntity(key, entry, group), 'Replace', { etag }],
    );
    actions.push(...confirms);
    try {
      const response = await table.submitTransaction(actions);
      for (const [key] of batch) {
        const etag = response.getResponseForEntity(ledgerAddress(key).rowKey)?.etag;
        const ticket: GroupTicket = { key, claimedAt: at, ...(etag && { etag }), group, groupSize: batch.length };
        answers.push({ key, result: 'claimed', ticket });
      }
      writes.clear();
      break;
    } catch (err) {
      const index = failedOperationIndex(err);
      const failed = index === undefined ? undefined : batch[index]; // an index past the claims: a confirm failed
      if (!failed || !(isConflict(err) || isPreconditionFailed(err) || isNotFound(err))) throw err;
      const [key] = failed;
      const existing = await readLedgerEntry(table, ledgerAddress(key));
      if (!existing) {
        writes.set(key, undefined); // released or purged meanwhile: insert again
        continue;
      }
      const decision = decideOnExisting(existing, at, options, owner);
      if (decision === 'take-over') {
        writes.set(key, existing.etag);
      } else {
        writes.delete(key);
        answers.push({ key, result: decision });
      }
    }
  }
  for (const [key] of writes) answers.push({ key, result: 'in-progress' });
  // Every key was answered without a successful transaction (all taken out): the riders still need writing.
  if (confirms.length > 0 && !answers.some((a) => a.result === 'claimed')) await submitChunked(table, confirms);
  return answers;
}

/** Confirms are written whole (upsert Replace): nothing to conflict with, one transaction per chunk. */
export async function confirmGroup(table: TableClient, tickets: readonly ClaimTicket[], now: number, options: ResolvedLedgerOptions): Promise<void> {
  await Promise.all([...confirmActions(tickets, now, options).values()].map((actions) => submitChunked(table, actions)));
}

/**
 * The writes that confirm `tickets`, by (encoded) partition: one group row for each group all of whose claims are
 * here (table-ledger-entities.ts GroupTicket), one confirmed entry for every other ticket.
 */
function confirmActions(tickets: readonly ClaimTicket[], now: number, options: ResolvedLedgerOptions): Map<string, TransactionAction[]> {
  const byGroup = new Map<string, GroupTicket[]>();
  for (const t of tickets as readonly GroupTicket[]) if (t.group) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
  const out = new Map<string, TransactionAction[]>();
  const add = (partitionKey: string, action: TransactionAction) => out.set(partitionKey, [...(out.get(partitionKey) ?? []), action]);
  for (const t of tickets as readonly GroupTicket[]) {
    const partitionKey = ledgerAddress(t.key).partitionKey;
    const mates = t.group ? byGroup.get(t.group) : undefined;
    if (mates && mates.length === t.groupSize && new Set(mates.map((m) => m.key)).size === t.groupSize) {
      if (mates[0] === t)
        add(partitionKey, ['upsert', groupConfirmEntity(partitionKey, t.group!, confirmedEntry(t.claimedAt, now, options).expiresAt), 'Replace']);
    } else {
      add(partitionKey, ['upsert', ledgerEntity(t.key, confirmedEntry(t.claimedAt, now, options)), 'Replace']);
    }
  }
  return out;
}

/** One partition's actions in transactions of at most 100, in parallel. */
async function submitChunked(table: TableClient, actions: readonly TransactionAction[]): Promise<void> {
  const chunks: TransactionAction[][] = [];
  for (let i = 0; i < actions.length; i += MAX_TRANSACTION_ENTITIES) chunks.push(actions.slice(i, i + MAX_TRANSACTION_ENTITIES));
  await Promise.all(chunks.map((c) => table.submitTransaction(c)));
}

/**
 * Gives up exactly the versions claimed (If-Match): a claim another instance took over since (412) or that is
 * gone (404) is left alone, dropped from the transaction, and the rest sent again. The SDK's transactions
 * send deletes unconditionally, so a release is a conditional replace with an abandoned entry instead
 * (claimed at epoch 0, already expired): the next claim takes it over at once and purge removes it.
 * A ticket without an ETag goes through `releaseOne` (read, then delete if still pending).
 */
export async function releaseGroup(
  table: TableClient,
  tickets: readonly ClaimTicket[],
  now: number,
  releaseOne: (key: string) => Promise<void>,
): Promise<void> {
  const abandoned = { status: 'pending' as const, claimedAt: 0, expiresAt: now };
  const chunks = partitionChunks(
    tickets.filter((t) => t.etag),
    (t) => t.key,
  );
  await Promise.all([
    ...tickets.filter((t) => !t.etag).map((t) => releaseOne(t.key)),
    ...chunks.map(async (c) => {
      const left = [...c.items];
      while (left.length > 0) {
        try {
          await table.submitTransaction(left.map((t): TransactionAction => ['update', ledgerEntity(t.key, abandoned), 'Replace', { etag: t.etag! }]));
          return;
        } catch (err) {
          const index = failedOperationIndex(err);
          if (index === undefined || index >= left.length || !(isPreconditionFailed(err) || isNotFound(err))) throw err;
          left.splice(index, 1);
        }
      }
    }),
  ]);
}
