/**
 * One group of accepted callbacks written together (ingest-committer.ts decides when): their de-duplication
 * claims in one ledger write (one Table transaction per account partition), then their envelopes in one queue
 * message (InboundBatch v2, or one v1 message each while the consumer could not take v2 apart). A callback is
 * answered `success` only once the message holding it is stored; if that write fails, every callback in it is
 * answered 503 and its claims are released, so WeChat retries and nothing is half-stored.
 *
 * Why claims are written pending and confirmed afterwards, not written once in their final state: a claim
 * written 'confirmed' before the enqueue saves one write, but if the process dies between the two, those
 * entries answer 'duplicate' to WeChat's retries for a message that was never queued: it is lost. Written
 * pending, the same crash costs nothing (the retry takes the abandoned claim over after pendingTimeoutMs and
 * stores it). The confirm stays off the answer path (confirm-backlog.ts: one write for every group finished
 * meanwhile), so a callback still waits for two round trips only. A crash between enqueue and confirm leaves the
 * claims pending: a retry gets 503 until they look abandoned and may then queue a second copy, which delivery
 * absorbs (every message row is a create-only upsert by its alternate key: relay/delivery/inbound-batch.ts).
 *
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { DeliveryInProgress, StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import type { AnswerBudget } from './answer-budget.js';
import type { ClaimTicket, GroupLedger } from '../ports/ingest.js';

export type IngestOutcome = 'queued' | 'duplicate';

/** One callback waiting for its group's write. */
export interface GroupMember {
  envelope: InboundEnvelope;
  budget: AnswerBudget;
  /** UTF-8 bytes of the envelope's JSON (what it adds to a queue message before base64). */
  bytes: number;
  readonly settled: boolean;
  succeed(outcome: IngestOutcome): void;
  fail(err: Error): void;
}

export interface GroupWriteDeps {
  ledger: GroupLedger;
  /** This process's id in its claims (ingest-ports.ts ClaimOptions): its own abandoned claims are taken over. */
  owner: string;
  inbound: Queue<InboundEnvelope | InboundBatch>;
  /** 'v2': one InboundBatch per group; 'v1': one message per envelope. */
  format: 'v1' | 'v2';
  /** Called with the keys now stored (or found stored): this instance answers their retries from memory. */
  remember(key: string): void;
  /** Claims whose messages are queued, to be confirmed off the answer path (confirm-backlog.ts). */
  confirm(tickets: ClaimTicket[]): void;
  /** The confirms waiting now: they ride in this group's claim transactions. */
  takeConfirms(): ClaimTicket[];
}

const tooLate = (step: string) => new StorageUnavailable(`${step} (storage too slow to answer WeChat in time)`, undefined);

export async function writeGroup(members: readonly GroupMember[], deps: GroupWriteDeps): Promise<void> {
  // A callback whose answer is due before a claim could finish is answered 503 now, unstored.
  for (const m of members) if (!m.settled && !m.budget.allows()) m.fail(tooLate('claim delivery'));
  const live = members.filter((m) => !m.settled);
  if (live.length === 0) return;

  let claims;
  const riding = deps.takeConfirms();
  try {
    claims = await deps.ledger.claimMany(
      live.map((m) => m.envelope.dedupeKey),
      { owner: deps.owner, confirm: riding },
    );
  } catch (err) {
    deps.confirm(riding); // not written: they wait for the next write
    for (const m of live) m.fail(new StorageUnavailable('claim delivery', err));
    return;
  }

  const held: { member: GroupMember; ticket: ClaimTicket }[] = [];
  const late: ClaimTicket[] = [];
  claims.forEach((claim, i) => {
    const member = live[i]!;
    switch (claim.result) {
      case 'duplicate':
        deps.remember(claim.key);
        member.succeed('duplicate');
        return;
      case 'in-progress':
        member.fail(new DeliveryInProgress());
        return;
      case 'claimed':
        if (member.settled || !member.budget.allows()) {
          // Answered already (its deadline passed) or could not be queued in time: give the claim back for the retry.
          member.fail(tooLate('enqueue inbound message'));
          late.push(claim.ticket);
        } else {
          held.push({ member, ticket: claim.ticket });
        }
    }
  });
  // Not awaited: WeChat is owed answers now, and a claim left pending is taken over after pendingTimeoutMs.
  if (late.length > 0) void deps.ledger.releaseMany(late).catch(() => undefined);

  const messages = deps.format === 'v2' ? (held.length > 0 ? [held] : []) : held.map((h) => [h]);
  const queued: ClaimTicket[] = [];
  await Promise.all(
    messages.map(async (part) => {
      const envelopes = part.map((h) => h.member.envelope);
      try {
        await deps.inbound.enqueue(deps.format === 'v2' ? { v: 2, envelopes } : envelopes[0]!);
      } catch (err) {
        await deps.ledger.releaseMany(part.map((h) => h.ticket)).catch(() => undefined); // else they expire
        for (const h of part) h.member.fail(new StorageUnavailable('enqueue inbound message', err));
        return;
      }
      for (const h of part) {
        deps.remember(h.ticket.key);
        h.member.succeed('queued');
      }
      queued.push(...part.map((h) => h.ticket));
    }),
  );
  if (queued.length > 0) deps.confirm(queued);
}
