/**
 * One group of accepted callbacks written together (ingest-committer.ts decides when): their envelopes in one
 * queue message (InboundBatch v2, or one v1 message each while the consumer could not take v2 apart). That queue
 * message is the only storage write on the answer path. A callback is answered `success` only once the message
 * holding it is stored; if that write fails, every callback in it is answered 503, so WeChat retries and nothing
 * is half-stored (there is nothing else to undo).
 *
 * Why no de-duplication ledger: a message is stored once in Dataverse however often it is queued. Every
 * wxm_message row is a create-only upsert by its alternate key (account + WeChat message id, If-None-Match: *)
 * in one atomic change set with its follower update and notes (relay/delivery/deliver-inbound.ts,
 * change-set.ts), so a second copy of an envelope (a WeChat retry that reached another instance, or one whose
 * answer was lost) commits nothing and is reported 'duplicate'. Per instance, the committer remembers recent keys,
 * so a retry that reaches the same instance costs no storage at all.
 *
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#change-sets
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import type { AnswerBudget } from './answer-budget.js';

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
  inbound: Queue<InboundEnvelope | InboundBatch>;
  /** 'v2': one InboundBatch per group; 'v1': one message per envelope. */
  format: 'v1' | 'v2';
  /** Called with the keys now stored: this instance answers their retries from memory. */
  remember(key: string): void;
}

const tooLate = () => new StorageUnavailable('enqueue inbound message (storage too slow to answer WeChat in time)', undefined);

export async function writeGroup(members: readonly GroupMember[], deps: GroupWriteDeps): Promise<void> {
  // A callback whose answer is due before the write could finish is answered 503 now, unstored.
  for (const m of members) if (!m.settled && !m.budget.allows()) m.fail(tooLate());
  const live = members.filter((m) => !m.settled);
  if (live.length === 0) return;

  const messages = deps.format === 'v2' ? [live] : live.map((m) => [m]);
  await Promise.all(
    messages.map(async (part) => {
      const envelopes = part.map((m) => m.envelope);
      try {
        await deps.inbound.enqueue(deps.format === 'v2' ? { v: 2, envelopes } : envelopes[0]!);
      } catch (err) {
        for (const m of part) m.fail(new StorageUnavailable('enqueue inbound message', err));
        return;
      }
      // Stored even if a member's deadline passed meanwhile (it was answered 503): its retry is a duplicate.
      for (const m of part) {
        deps.remember(m.envelope.dedupeKey);
        m.succeed('queued');
      }
    }),
  );
}
