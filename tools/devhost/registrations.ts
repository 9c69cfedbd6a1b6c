/**
 * The shapes the Functions worker hands the host (what `@azure/functions` passes to
 * `@azure/functions-core`'s registerFunction/registerHook), plus small readers over them.
 * Source of the shapes: toCoreFunctionMetadata in https://github.com/Azure/azure-functions-nodejs-library
 */

export interface BindingMetadata {
  type: string;
  direction: 'in' | 'out' | 'inout';
  [option: string]: unknown;
}

export type FunctionHandler = (...args: unknown[]) => unknown;

export interface FunctionRegistration {
  name: string;
  /** Keyed by binding name ('$return' for the return binding). */
  bindings: Record<string, BindingMetadata>;
  handler: FunctionHandler;
}

export interface HookRegistration {
  hookName: string;
  callback: (context: unknown) => unknown;
}

export interface AppRegistrations {
  functions: FunctionRegistration[];
  hooks: HookRegistration[];
}

export interface TriggerBinding {
  name: string;
  binding: BindingMetadata;
}

export function triggerOf(registration: FunctionRegistration): TriggerBinding {
  for (const [name, binding] of Object.entries(registration.bindings)) {
    if (binding.direction === 'in' && /trigger$/i.test(binding.type)) return { name, binding };
  }
  throw new Error(`function "${registration.name}" has no trigger binding`);
}

/** Output bindings by name, the return binding included as '$return'. */
export function outputsOf(registration: FunctionRegistration): [string, BindingMetadata][] {
  return Object.entries(registration.bindings).filter(([, b]) => b.direction === 'out');
}

export function stringOption(binding: BindingMetadata, key: string): string | undefined {
  const value = binding[key];
  return typeof value === 'string' ? value : undefined;
}
