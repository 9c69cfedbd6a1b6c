/**
 * Queue trigger for relay-tasks: follow-up work of callbacks (authorization exchange, release-test reply,
 * Dataverse hints). A message that is no task at all (not a JSON object, unknown version, no type) goes straight
 * to `relay-tasks-poison` (poison.ts); any throw of the task itself leaves it for the host to retry (and poison
 * after maxDequeueCount). Unknown task types are the task handler's to judge (relay/tasks/handle-task.ts).
 */
import { app, type InvocationContext, type StorageQueueFunctionOptions } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import type { RelayTask } from '../relay/envelope.js';
import { QUEUES } from '../relay/envelope.js';
import { poisonOutput, sendToPoison, type PoisonRoute } from './poison.js';

export function tasksQueueFunction(queueName: string): StorageQueueFunctionOptions {
  const poison: PoisonRoute = { queueName, output: poisonOutput(queueName) };
  return {
    queueName,
    connection: 'AzureWebJobsStorage',
    extraOutputs: [poison.output],
    handler: async (message, context) => {
      const relay = currentRelay();
      const logger = relay.logger(context);
      const invalid = notATask(message);
      if (invalid) return sendToPoison(poison, message, invalid, context, logger);
      await relay.services.handleTask(message as RelayTask, logger);
    },
  };
}

const tasks = tasksQueueFunction(QUEUES.tasks);

/** The relay-tasks handler, as the host calls it. */
export const relayTasks = (message: unknown, context: InvocationContext): Promise<void> => tasks.handler(message, context) as Promise<void>;

/** Why the message cannot be a RelayTask of this version (undefined when it may be one). */
export function notATask(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'not a JSON object';
  const m = message as Record<string, unknown>;
  if (m['v'] !== 1) return `unknown version ${JSON.stringify(m['v'] ?? null).slice(0, 20)}`;
  if (typeof m['type'] !== 'string' || m['type'] === '') return 'no task type';
  return undefined;
}

app.storageQueue('relayTasks', tasks);
