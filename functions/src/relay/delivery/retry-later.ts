/**
 * A Dataverse outage delays records but never drops them. The Functions host retries a failed queue message
 * after a fixed visibility timeout and gives up after 5 dequeues, which a longer outage outlasts. So when
 * Dataverse is unavailable (transient or throttled), the envelope goes back on the queue with a growing delay
 * (5 s, 10 s, … capped at 15 minutes: about 4 hours in all) and this attempt completes. Only when that is
 * exhausted, or for errors a retry cannot fix, does the message take the host's path to poison, from where
 * `npm run replay-poison` brings it back.
 * An alternate key that is not active yet (InvalidEntityKeyOperation 0x8006088F: its index is still being built
 * after an import) comes up on its own, however long it takes: such a delivery keeps being postponed (at most
 * every 15 minutes) and is never poisoned.
 * https://learn.microsoft.com/rest/api/storageservices/put-message (visibilitytimeout)
 * https://learn.microsoft.com/power-apps/developer/data-platform/define-alternate-keys-entity#monitor-index-creation-for-alternate-keys
 */
import { DataverseError } from '../../dataverse/errors.js';
import { isKeyNotActive } from '../../dataverse/web-api-errors.js';
import type { InboundEnvelope } from '../envelope.js';
import type { Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryOutcome } from './deliver-inbound.js';
import { deliverBatch, isInboundBatch, type BatchOutcome } from './inbound-batch.js';

export const OUTAGE_BACKOFF = { firstDelaySeconds: 5, maxDelaySeconds: 900, maxRetries: 24 } as const;

export type PostponedOutcome = { status: 'retry-later'; delaySeconds: number; retries: number };
export type RetriedOutcome = DeliveryOutcome | PostponedOutcome | BatchOutcome;

/** How one envelope is delivered; `logEach: false` inside a batch, which logs one line for all of them. */
export type DeliverEnvelope = (message: unknown, options: { logEach: boolean }) => Promise<DeliveryOutcome>;

/**
 * A queue message of wechat-inbound: one envelope (v 1) with the outage backoff, or a batch (v 2) taken apart
 * into such deliveries (inbound-batch.ts).
 */
export async function deliverWithOutageBackoff(
  message: unknown,
  deliver: DeliverEnvelope,
  deps: { inbound: Queue<InboundEnvelope>; logger: Logger },
): Promise<RetriedOutcome> {
  if (isInboundBatch(message)) return deliverBatch(message, (envelope) => deliverOne(envelope, (m) => deliver(m, { logEach: false }), deps), deps);
  return deliverOne(message, (m) => deliver(m, { logEach: true }), deps);
}

async function deliverOne(
  message: unknown,
  deliver: (message: unknown) => Promise<DeliveryOutcome>,
  deps: { inbound: Queue<InboundEnvelope>; logger: Logger },
): Promise<DeliveryOutcome | PostponedOutcome> {
  try {
    return await deliver(message);
  } catch (err) {
    const envelope = message as Partial<InboundEnvelope>;
    const retries = typeof envelope.retries === 'number' ? envelope.retries : 0;
    const keyPending = isOutage(err) && isKeyNotActive(err);
    if (!isOutage(err) || (retries >= OUTAGE_BACKOFF.maxRetries && !keyPending) || envelope.v !== 1) throw err;
    const backoff = Math.min(OUTAGE_BACKOFF.firstDelaySeconds * 2 ** Math.min(retries, 30), OUTAGE_BACKOFF.maxDelaySeconds);
    const delaySeconds = Math.max(backoff, err.retryAfterSeconds ?? 0);
    // If this enqueue fails, the throw leaves the original on the queue: nothing is lost either way.
    await deps.inbound.enqueue({ ...(envelope as InboundEnvelope), retries: retries + 1 }, { delaySeconds });
    deps.logger.warn(keyPending ? 'alternate key not active yet in Dataverse; delivery postponed' : 'Dataverse unavailable; delivery postponed', {
      authorizerAppid: envelope.authorizerAppid,
      retries: retries + 1,
      delaySeconds,
      code: err.code,
    });
    return { status: 'retry-later', delaySeconds, retries: retries + 1 };
  }
}

function isOutage(err: unknown): err is DataverseError {
  return err instanceof DataverseError && (err.kind === 'transient' || err.kind === 'throttled');
}
