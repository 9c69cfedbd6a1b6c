/**
 * One invocation, the way the worker does it: a real InvocationContext from @azure/functions (with the
 * function's binding options, trigger metadata and a log handler), the raw handler called with
 * (triggerInput, context), then queue outputs flushed before the invocation counts as done.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionOutput, FunctionTrigger, FunctionInput } from '@azure/functions';
import { InvocationContext } from './azure-functions.js';
import { formatArgs, type DevHostLog, type LogLevel } from './log.js';
import { flushQueueOutputs, type OutputDeps } from './outputs.js';
import { triggerOf, type FunctionRegistration } from './registrations.js';

export interface InvokeDeps extends OutputDeps {
  log: DevHostLog;
}

export interface InvocationOutcome {
  invocationId: string;
  result: unknown;
  context: InvocationContext;
}

export function createContext(
  registration: FunctionRegistration,
  log: DevHostLog,
  triggerMetadata?: Record<string, unknown>,
): InvocationContext {
  const invocationId = randomUUID();
  const trigger = triggerOf(registration);
  const named = <T>(name: string, binding: object) => ({ ...binding, name }) as T;
  const others = Object.entries(registration.bindings).filter(([name]) => name !== trigger.name && name !== '$return');
  const returnBinding = registration.bindings['$return'];
  return new InvocationContext({
    invocationId,
    functionName: registration.name,
    logHandler: (level: LogLevel, ...args: unknown[]) => log(level, `[${registration.name}] ${formatArgs(args)}`),
    ...(triggerMetadata ? { triggerMetadata } : {}),
    options: {
      trigger: named<FunctionTrigger>(trigger.name, trigger.binding),
      ...(returnBinding ? { return: named<FunctionOutput>('$return', returnBinding) } : {}),
      extraInputs: others.filter(([, b]) => b.direction === 'in').map(([n, b]) => named<FunctionInput>(n, b)),
      extraOutputs: others.filter(([, b]) => b.direction === 'out').map(([n, b]) => named<FunctionOutput>(n, b)),
    },
  });
}

/** The handler or one of its output bindings failed; carries the invocation id for the caller to report. */
export class InvocationFailed extends Error {
  override readonly name = 'InvocationFailed';
  constructor(
    readonly invocationId: string,
    readonly functionName: string,
    cause: unknown,
  ) {
    super(`function "${functionName}" failed (invocation ${invocationId})`, { cause });
  }
}

/** Calls the handler, then flushes queue outputs; rejects with InvocationFailed if either fails. */
export async function invoke(
  registration: FunctionRegistration,
  input: unknown,
  deps: InvokeDeps,
  triggerMetadata?: Record<string, unknown>,
): Promise<InvocationOutcome> {
  const context = createContext(registration, deps.log, triggerMetadata);
  try {
    const result = await registration.handler(input, context);
    await flushQueueOutputs(registration, context, result, deps);
    return { invocationId: context.invocationId, result, context };
  } catch (err) {
    throw new InvocationFailed(context.invocationId, registration.name, err);
  }
}
