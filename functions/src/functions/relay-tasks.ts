/** Queue trigger for relay-tasks: follow-up work of callbacks (authorization exchange, release-test reply). */
import { app, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import type { RelayTask } from '../relay/envelope.js';
import { QUEUES } from '../relay/envelope.js';

export async function relayTasks(message: unknown, context: InvocationContext): Promise<void> {
  // A throw leaves the message for the host to retry (and poison after maxDequeueCount).
  await currentRelay().forInvocation(context).handleTask(message as RelayTask);
}

app.storageQueue('relayTasks', { queueName: QUEUES.tasks, connection: 'AzureWebJobsStorage', handler: relayTasks });
