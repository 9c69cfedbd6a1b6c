/**
 * When an account gets its binding, the messages parked while it had none go back on the inbound queue. Each
 * is removed from the parking only after all were queued again: a crash in between queues some twice, which the
 * message alternate key makes harmless, and loses none.
 */
import type { InboundEnvelope } from '../envelope.js';
import type { Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import type { ParkedDeliveries } from '../ports/delivery.js';

export interface RequeueParkedDeps {
  parked: ParkedDeliveries;
  inbound: Queue<InboundEnvelope>;
  logger: Logger;
}

/** Returns how many envelopes went back on the queue. */
export async function requeueParked(authorizerAppid: string, deps: RequeueParkedDeps): Promise<number> {
  const waiting = await deps.parked.peek(authorizerAppid);
  for (const envelope of waiting) await deps.inbound.enqueue(envelope);
  if (waiting.length > 0) {
    await deps.parked.remove(
      authorizerAppid,
      waiting.map((e) => e.dedupeKey),
    );
    deps.logger.info('parked messages queued for delivery', { authorizerAppid, count: waiting.length });
  }
  return waiting.length;
}
