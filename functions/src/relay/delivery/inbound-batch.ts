/**
 * A multi-envelope queue message (`InboundBatch` in relay/envelope.ts, v 2: group-commit ingest writes the envelopes of callbacks
 * that arrived together as one message) taken apart. Each envelope is delivered on its own, all at once (so
 * they share the gateway's `$batch` requests), and has its own outcome:
 * - delivered, duplicate, parked, or postponed by the outage backoff (retry-later.ts, as a v1 message);
 * - invalid (InvalidEnvelope): that envelope alone goes to the poison queue, as a v1 message, with its reason;
 * - any other failure: that envelope alone is re-queued as a v1 message, where it has its own attempt count (the
 *   host's dequeue count: after maxDequeueCount attempts it moves to the poison queue, replayable by
 *   `npm run replay-poison`), exactly as a v1 message that failed on its own.
 * Only if a re-queue itself fails does the whole batch message fail (and the host retry it): that is safe because
 * delivery is idempotent (every message row is a create-only upsert by alternate key; a redone envelope is a
 * duplicate that writes nothing).
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import type { InboundEnvelope } from '../envelope.js';
import type { Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryOutcome } from './deliver-inbound.js';
import { InvalidEnvelope } from './errors.js';
import type { PostponedOutcome } from './retry-later.js';

/** One envelope that can never be delivered: the text to write to `<queue>-poison`, and why. */
export interface PoisonedEnvelope {
  text: string;
  reason: string;
}

export type EnvelopeOutcome = DeliveryOutcome | PostponedOutcome | { status: 'requeued' } | { status: 'poisoned'; reason: string };

export interface BatchOutcome {
  status: 'batch';
  /** In the batch's order. */
  outcomes: EnvelopeOutcome[];
  /** For the poison output binding (the registration writes them, one message each). */
  poison: PoisonedEnvelope[];
}

export function isInboundBatch(message: unknown): message is { v: 2; envelopes: unknown } {
  return typeof message === 'object' && message !== null && (message as { v?: unknown }).v === 2;
}

/**
 * `deliverOne` is the v1 path (outage backoff included); its InvalidEnvelope poisons the envelope, any other
 * throw re-queues it. An InvalidEnvelope for the batch itself (no envelope array) is thrown: the whole message
 * goes to poison as it arrived.
 */
export async function deliverBatch(
  message: { v: 2; envelopes: unknown },
  deliverOne: (envelope: unknown) => Promise<DeliveryOutcome | PostponedOutcome>,
  deps: { inbound: Queue<InboundEnvelope>; logger: Logger },
): Promise<BatchOutcome> {
  const envelopes = envelopesOf(message);
  const settled = await Promise.allSettled(envelopes.map((e) => deliverOne(e)));
  const poison: PoisonedEnvelope[] = [];
  const outcomes: EnvelopeOutcome[] = [];
  for (const [i, result] of settled.entries()) {
    const envelope = envelopes[i];
    if (result.status === 'fulfilled') {
      outcomes.push(result.value);
    } else if (result.reason instanceof InvalidEnvelope) {
      poison.push({ text: JSON.stringify(envelope), reason: result.reason.reason });
      outcomes.push({ status: 'poisoned', reason: result.reason.reason });
    } else {
      // Its own v1 message from now on. If this enqueue fails, the batch fails and is retried as a whole.
      await deps.inbound.enqueue(envelope as InboundEnvelope);
      deps.logger.warn('delivery of one envelope of a batch failed; it is re-queued on its own', {
        index: i,
        error: result.reason instanceof Error ? result.reason.name : 'unknown',
      });
      outcomes.push({ status: 'requeued' });
    }
  }
  // One line for the batch, not one per envelope: under a backlog that is thousands of lines a second.
  // Failures, postponements and refusals keep their own lines (logged where they happen).
  deps.logger.info('messages delivered to Dataverse', { envelopes: envelopes.length, ...countByStatus(outcomes) });
  return { status: 'batch', outcomes, poison };
}

function countByStatus(outcomes: readonly EnvelopeOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

function envelopesOf(message: { v: 2; envelopes: unknown }): unknown[] {
  const list = message.envelopes;
  if (!Array.isArray(list) || list.length === 0) throw new InvalidEnvelope('v2 batch without envelopes');
  return list;
}
