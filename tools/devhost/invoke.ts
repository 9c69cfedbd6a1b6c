/**
 * One invocation, the way the worker runs it: a real InvocationContext (the function's binding options, the
 * trigger's metadata, a log handler), the raw handler called with (triggerInput, context), then its queue
 * outputs sent before the invocation counts as done: an array as one message per element, a string as it is,
 * anything else as JSON, base64-encoded (the host's default messageEncoding).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-output?pivots=programming-language-javascript
 */
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext } from './azure-functions.js';
import type { DevHostLog, LogLevel } from './log.js';
import type { QueueClients } from './queue-clients.js';
import type { Served } from './registrations.js';

export interface InvokeDeps {
  log: DevHostLog;
  queues: QueueClients;
}

/** The handler or one of its outputs failed; carries the invocation id for the caller to report. */
export class InvocationFailed extends Error {
  override readonly name = 'InvocationFailed';
  constructor(
    readonly invocationId: string,
    functionName: string,
    cause: unknown,
  ) {
    super(`function "${functionName}" failed (invocation ${invocationId})`, { cause });
  }
}

/** The handler's result; rejects with InvocationFailed when the handler or an output fails. */
export async function invoke(fn: Served, input: unknown, deps: InvokeDeps, triggerMetadata?: Record<string, unknown>): Promise<unknown> {
  const name = fn.registration.name;
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName: name,
    logHandler: (level: LogLevel, ...args: unknown[]) => deps.log(level, `[${name}] ${format(...args)}`),
    ...(triggerMetadata && { triggerMetadata }),
    options: fn.options,
  });
  try {
    const result = await fn.registration.handler(input, context);
    for (const output of fn.queueOutputs) {
      const value: unknown = context.extraOutputs.get(output.name);
      if (value === undefined || value === null) continue;
      const queue = await deps.queues.ready(output.connectionString, output.queueName);
      for (const message of Array.isArray(value) ? (value as unknown[]) : [value]) {
        const text = typeof message === 'string' ? message : JSON.stringify(message);
        await queue.sendMessage(Buffer.from(text, 'utf8').toString('base64'));
      }
    }
    return result;
  } catch (err) {
    throw new InvocationFailed(context.invocationId, name, err);
  }
}
