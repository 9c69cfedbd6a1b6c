/**
 * Queue trigger for wechat-inbound: each verified WeChat message or event of an authorized account goes to the
 * customer's own Dataverse (relay/delivery/deliver-inbound.ts). While Dataverse is unavailable the envelope is
 * re-queued with a growing delay (relay/delivery/retry-later.ts). A message that can never be delivered (not
 * JSON, unknown version, missing fields, XML WeChat could not have sent: InvalidEnvelope) goes straight to
 * `wechat-inbound-poison` (poison.ts). Any other throw leaves the message on the queue: the host retries it
 * after host.json `visibilityTimeout` and moves it to the poison queue after `maxDequeueCount` (5) attempts,
 * from where `npm run replay-poison` puts it back. A multi-envelope message (v 2) is taken apart
 * (relay/delivery/inbound-batch.ts): its invalid envelopes go to the poison queue one by one, the others on.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { app, type InvocationContext, type StorageQueueFunctionOptions } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { InvalidEnvelope } from '../relay/delivery/errors.js';
import type { RetriedOutcome } from '../relay/delivery/retry-later.js';
import { QUEUES } from '../relay/envelope.js';
import type { Logger } from '../relay/ports/logger.js';
import { MAX_DEQUEUE_COUNT, poisonOutput, poisonQueueName, sendEnvelopesToPoison, sendToPoison, type PoisonRoute } from './poison.js';

/** What the relay's services offer for this queue (services.deliverInbound in app/relay.ts). */
export interface InboundDelivery {
  deliverInbound(message: unknown, logger: Logger): Promise<RetriedOutcome>;
}

/** The registration for a queue name (wechat-inbound in the app; tests serve it on a queue of their own). */
export function inboundQueueFunction(queueName: string): StorageQueueFunctionOptions {
  const poison: PoisonRoute = { queueName, output: poisonOutput(queueName) };
  return {
    queueName,
    connection: 'AzureWebJobsStorage',
    extraOutputs: [poison.output],
    handler: (message, context) => deliverFrom(poison, message, context),
  };
}

const inbound = inboundQueueFunction(QUEUES.inbound);

/** The wechat-inbound handler, as the host calls it. */
export const deliverInboundMessage = (message: unknown, context: InvocationContext): Promise<void> => inbound.handler(message, context) as Promise<void>;

async function deliverFrom(poison: PoisonRoute, message: unknown, context: InvocationContext): Promise<void> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  try {
    const outcome = await inboundDelivery(relay.services).deliverInbound(message, logger);
    if (outcome.status === 'batch') sendEnvelopesToPoison(poison, outcome.poison, context, logger);
  } catch (err) {
    if (err instanceof InvalidEnvelope) return sendToPoison(poison, message, err.reason, context, logger);
    const attempt = Number(context.triggerMetadata?.['dequeueCount'] ?? 0);
    const fields = { attempt, maxAttempts: MAX_DEQUEUE_COUNT, error: err instanceof Error ? err.name : 'unknown' };
    if (attempt >= MAX_DEQUEUE_COUNT) logger.error(`delivery failed for the last time; the message moves to ${poisonQueueName(poison.queueName)}`, fields);
    else logger.warn('delivery failed; the queue will retry', fields);
    throw err;
  }
}

function inboundDelivery(services: object): InboundDelivery {
  if (!('deliverInbound' in services) || typeof services.deliverInbound !== 'function') {
    throw new Error('The relay has no deliverInbound (wire it in app/relay.ts with app/delivery-wiring.ts).');
  }
  return services as InboundDelivery;
}

app.storageQueue('deliverInbound', inbound);
