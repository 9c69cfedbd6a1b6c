/**
 * Queue output bindings: after a function returns, every `queue` output (extraOutputs, or the return value
 * when `$return` is a queue) is sent as the host would: strings as-is, Buffers as bytes, other values as JSON,
 * an array as one message per element; base64-encoded (host.json default messageEncoding).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-output?pivots=programming-language-javascript
 */
import type { InvocationContext } from '@azure/functions';
import { MAX_QUEUE_MESSAGE_CHARS } from '../../functions/src/kernel/limits.js';
import { encodeQueueMessage, encodeQueueText } from '../../functions/src/storage/queue-codec.js';
import { StorageError } from '../../functions/src/storage/errors.js';
import type { QueueClients } from './queue-clients.js';
import { outputsOf, stringOption, type FunctionRegistration } from './registrations.js';
import { resolveExpression, storageConnection, type Settings } from './settings.js';

export interface OutputDeps {
  queues: QueueClients;
  settings: Settings;
}

export async function flushQueueOutputs(
  registration: FunctionRegistration,
  context: InvocationContext,
  result: unknown,
  deps: OutputDeps,
): Promise<void> {
  for (const [name, binding] of outputsOf(registration)) {
    if (binding.type !== 'queue') continue;
    const value = name === '$return' ? result : context.extraOutputs.get(name);
    if (value === undefined || value === null) continue;
    const what = `function "${registration.name}" output "${name}"`;
    const queueName = resolveExpression(stringOption(binding, 'queueName') ?? '', deps.settings, what);
    const connection = storageConnection(stringOption(binding, 'connection'), deps.settings, what);
    const texts = (Array.isArray(value) ? value : [value]).map(encodeOutput);
    const client = await deps.queues.ready(connection, queueName);
    for (const text of texts) await client.sendMessage(text);
  }
}

function encodeOutput(value: unknown): string {
  if (typeof value === 'string') return encodeQueueText(value);
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('base64');
    if (text.length > MAX_QUEUE_MESSAGE_CHARS) {
      throw new StorageError('message-too-large', `queue message is ${text.length} characters after base64`);
    }
    return text;
  }
  return encodeQueueMessage(value);
}
