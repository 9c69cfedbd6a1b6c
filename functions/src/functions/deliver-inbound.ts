/**
 * Queue trigger for wechat-inbound: each verified WeChat message or event of an authorized account goes to the
 * customer's own Dataverse (relay/delivery/deliver-inbound.ts). While Dataverse is unavailable the envelope is
 * re-queued with a growing delay (relay/delivery/retry-later.ts). Any other throw leaves the message on the
 * queue: the host retries it after host.json `visibilityTimeout` and moves it to `wechat-inbound-poison` after
 * `maxDequeueCount` (5) attempts, from where `npm run replay-poison` puts it back.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { app, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import type { RetriedOutcome } from '../relay/delivery/retry-later.js';
import { QUEUES } from '../relay/envelope.js';

/** What the relay's per-invocation object offers for this queue (BoundRelay.deliverInbound in app/relay.ts). */
export interface InboundDelivery {
  deliverInbound(message: unknown): Promise<RetriedOutcome>;
}

/** host.json extensions.queues.maxDequeueCount */
const MAX_DEQUEUE_COUNT = 5;

export async function deliverInboundMessage(message: unknown, context: InvocationContext): Promise<void> {
  const relay = currentRelay().forInvocation(context);
  try {
    await inboundDelivery(relay).deliverInbound(message);
  } catch (err) {
    const attempt = Number(context.triggerMetadata?.['dequeueCount'] ?? 0);
    const fields = { attempt, maxAttempts: MAX_DEQUEUE_COUNT, error: err instanceof Error ? err.name : 'unknown' };
    if (attempt >= MAX_DEQUEUE_COUNT) relay.logger.error(`delivery failed for the last time; the message moves to ${QUEUES.inbound}-poison`, fields);
    else relay.logger.warn('delivery failed; the queue will retry', fields);
    throw err;
  }
}

function inboundDelivery(relay: object): InboundDelivery {
  if (!('deliverInbound' in relay) || typeof relay.deliverInbound !== 'function') {
    throw new Error('The relay has no deliverInbound (wire it in app/relay.ts with app/delivery-wiring.ts).');
  }
  return relay as InboundDelivery;
}

app.storageQueue('deliverInbound', { queueName: QUEUES.inbound, connection: 'AzureWebJobsStorage', handler: deliverInboundMessage });
