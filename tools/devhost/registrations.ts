/**
 * What the devhost serves, read from the registrations: HTTP triggers (route, methods, authLevel anonymous or
 * function), storage queue triggers, timer triggers, and storage queue output bindings. Anything else the app
 * registers (another trigger or binding, an admin-level route, an app hook) stops the start with a DevHostError
 * naming it, instead of being served differently from Azure or silently not at all.
 * Shapes: toCoreFunctionMetadata in https://github.com/Azure/azure-functions-nodejs-library
 */
import type { FunctionInput, FunctionOutput, FunctionTrigger } from '@azure/functions';
import type { AppRegistrations, BindingMetadata, Registration } from './core-hook.js';
import { compileRoute, type CompiledRoute } from './route-template.js';
import { DevHostError, resolveExpression, storageConnection, type Settings } from './settings.js';

export interface QueueOutput {
  name: string;
  queueName: string;
  connectionString: string;
}

/** A function with what every invocation needs, worked out once. */
export interface Served {
  registration: Registration;
  trigger: BindingMetadata;
  /** InvocationContext.options, as the worker builds them from the bindings. */
  options: { trigger: FunctionTrigger; return?: FunctionOutput; extraInputs: FunctionInput[]; extraOutputs: FunctionOutput[] };
  queueOutputs: QueueOutput[];
}

export interface HttpFunction extends Served {
  route: CompiledRoute;
  /** Upper-case methods; undefined = every method. */
  methods: ReadonlySet<string> | undefined;
  needsKey: boolean;
}

export interface QueueFunction extends Served {
  queueName: string;
  connectionString: string;
}

export interface TimerFunction extends Served {
  schedule: string;
  runOnStartup: boolean;
}

export interface Plan {
  http: HttpFunction[];
  queues: QueueFunction[];
  timers: TimerFunction[];
}

export function planFunctions(app: AppRegistrations, settings: Settings, only?: readonly string[]): Plan {
  if (app.hooks.length > 0) throw new DevHostError(`app.hook.${app.hooks[0]} is not served by the devhost`);
  const plan: Plan = { http: [], queues: [], timers: [] };
  for (const registration of app.functions) {
    if (only && !only.includes(registration.name)) continue;
    const what = `function "${registration.name}"`;
    const served = serve(registration, what, settings);
    const { trigger } = served;
    const text = (key: string) => (typeof trigger[key] === 'string' ? (trigger[key] as string) : undefined);
    if (trigger.type === 'httpTrigger') {
      const authLevel = (text('authLevel') ?? 'function').toLowerCase();
      if (authLevel !== 'anonymous' && authLevel !== 'function') throw new DevHostError(`${what}: authLevel "${authLevel}" is not served by the devhost`);
      const methods = Array.isArray(trigger['methods']) ? new Set((trigger['methods'] as string[]).map((m) => m.toUpperCase())) : undefined;
      plan.http.push({ ...served, route: compileRoute(text('route') ?? registration.name), methods, needsKey: authLevel === 'function' });
    } else if (trigger.type === 'queueTrigger') {
      const queueName = resolveExpression(text('queueName') ?? '', settings, what);
      plan.queues.push({ ...served, queueName, connectionString: storageConnection(text('connection'), settings, what) });
    } else if (trigger.type === 'timerTrigger') {
      plan.timers.push({ ...served, schedule: resolveExpression(text('schedule') ?? '', settings, what), runOnStartup: trigger['runOnStartup'] === true });
    } else {
      throw new DevHostError(`${what}: trigger "${trigger.type}" is not served by the devhost`);
    }
  }
  plan.http.sort((a, b) => b.route.literals - a.route.literals);
  return plan;
}

function serve(registration: Registration, what: string, settings: Settings): Served {
  let trigger: (BindingMetadata & { name: string }) | undefined;
  const extraOutputs: FunctionOutput[] = [];
  const queueOutputs: QueueOutput[] = [];
  let returned: FunctionOutput | undefined;
  for (const [name, binding] of Object.entries(registration.bindings)) {
    const named = { ...binding, name };
    if (binding.direction === 'in' && binding.type.endsWith('Trigger') && !trigger) trigger = named;
    else if (name === '$return' && binding.type === 'http') returned = named as FunctionOutput;
    else if (name !== '$return' && binding.direction === 'out' && binding.type === 'queue') {
      const queueName = resolveExpression(String(binding['queueName'] ?? ''), settings, `${what} output "${name}"`);
      const connection = typeof binding['connection'] === 'string' ? binding['connection'] : undefined;
      queueOutputs.push({ name, queueName, connectionString: storageConnection(connection, settings, `${what} output "${name}"`) });
      extraOutputs.push(named as FunctionOutput);
    } else throw new DevHostError(`${what}: ${binding.direction} binding "${name}" (${binding.type}) is not served by the devhost`);
  }
  if (!trigger) throw new DevHostError(`${what} has no trigger binding`);
  const options = { trigger: trigger as FunctionTrigger, ...(returned && { return: returned }), extraInputs: [], extraOutputs };
  return { registration, trigger, options, queueOutputs };
}
