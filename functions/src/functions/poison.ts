/**
 * Straight to the poison queue, for a queue message that can never be processed (not JSON, an unknown version,
 * a shape the worker does not know): retrying it five times would only delay the other messages and hide the
 * problem. The function writes the message, as it arrived, to `<queue>-poison` through a queue output binding
 * and completes, so the host deletes the original; the reason goes to the log with the message id. Byte for
 * byte the same text the host itself would have moved there, so `npm run replay-poison` works on both.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 *       https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#message-metadata
 */
import { output, type InvocationContext, type StorageQueueOutput } from '@azure/functions';
import type { Logger } from '../relay/ports/logger.js';

/** host.json extensions.queues.maxDequeueCount */
export const MAX_DEQUEUE_COUNT = 5;

export function poisonQueueName(queueName: string): string {
  return `${queueName}-poison`;
}

export function poisonOutput(queueName: string): StorageQueueOutput {
  return output.storageQueue({ queueName: poisonQueueName(queueName), connection: 'AzureWebJobsStorage' });
}

export interface PoisonRoute {
  queueName: string;
  output: StorageQueueOutput;
}

/** Hands the message to the poison output; the invocation must then complete normally. */
export function sendToPoison(route: PoisonRoute, message: unknown, reason: string, context: InvocationContext, logger: Logger): void {
  context.extraOutputs.set(route.output, originalText(message, context));
  logger.error(`queue message can never be processed; moved to ${poisonQueueName(route.queueName)} without retries`, {
    reason,
    messageId: String(context.triggerMetadata?.['id'] ?? 'unknown'),
    attempt: Number(context.triggerMetadata?.['dequeueCount'] ?? 0),
  });
}

/**
 * Some envelopes of a multi-envelope message (relay/delivery/inbound-batch.ts) can never be delivered: each goes
 * to the poison queue as its own v1 message (one output message per array element), the rest of the batch was
 * delivered or re-queued.
 */
export function sendEnvelopesToPoison(
  route: PoisonRoute,
  items: readonly { text: string; reason: string }[],
  context: InvocationContext,
  logger: Logger,
): void {
  if (items.length === 0) return;
  context.extraOutputs.set(
    route.output,
    items.map((i) => i.text),
  );
  for (const item of items) {
    logger.error(`envelope of a batch can never be processed; moved to ${poisonQueueName(route.queueName)} without retries`, {
      reason: item.reason,
      messageId: String(context.triggerMetadata?.['id'] ?? 'unknown'),
    });
  }
}

/** The queue trigger's `queueTrigger` metadata is the message text as it arrived (before JSON parsing). */
function originalText(message: unknown, context: InvocationContext): string {
  const raw = context.triggerMetadata?.['queueTrigger'];
  if (typeof raw === 'string') return raw;
  return typeof message === 'string' ? message : JSON.stringify(message);
}
