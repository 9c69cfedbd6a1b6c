/**
 * The one hook: collects what the app registers. `@azure/functions` requires `@azure/functions-core` on its
 * first `app.*` call; in Azure that module does not exist on disk, the Node.js worker answers the name itself by
 * wrapping `Module.prototype.require` (setupCoreModule in Azure/azure-functions-nodejs-worker:
 * https://github.com/Azure/azure-functions-nodejs-worker/blob/v3.x/src/setupCoreModule.ts). We do the same
 * interception, for the same one name, and not Node's module customization hooks (`module.register`): in
 * Node 20 those run for the ESM loader only, while `@azure/functions` is CommonJS and asks with `require`.
 * Without this hook (unit tests) the library stays in its test mode and drops registrations.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4
 */
import Module from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BindingMetadata {
  type: string;
  direction: 'in' | 'out' | 'inout';
  [option: string]: unknown;
}

export type FunctionHandler = (input: unknown, context: unknown) => unknown;

/** What the library hands the worker: metadata (bindings keyed by name, '$return' included) and the raw handler. */
export interface Registration {
  name: string;
  bindings: Record<string, BindingMetadata>;
  handler: FunctionHandler;
}

export interface AppRegistrations {
  functions: Registration[];
  hooks: string[];
}

let collecting: AppRegistrations | undefined;
const byModule = new Map<string, AppRegistrations>();
let loads: Promise<unknown> = Promise.resolve();

const disposable = { dispose(): void {} };
const core = {
  version: '4.0.0-devhost',
  hostVersion: '4.0.0-devhost',
  setProgrammingModel(): void {},
  getProgrammingModel(): undefined {
    return undefined;
  },
  registerFunction(metadata: { name: string; bindings: Record<string, BindingMetadata> }, handler: FunctionHandler) {
    collecting?.functions.push({ name: metadata.name, bindings: metadata.bindings, handler });
    return disposable;
  },
  registerHook(hookName: string) {
    collecting?.hooks.push(hookName);
    return disposable;
  },
  log(): void {},
};

/** Installed on the first load, not on import: until then `@azure/functions` may choose its test mode. */
function installHook(): void {
  const proto = Module.prototype as unknown as { require: ((id: string) => unknown) & { devhost?: true } };
  if (proto.require.devhost) return;
  const original = proto.require;
  proto.require = Object.assign(
    function (this: unknown, id: string) {
      return id === '@azure/functions-core' ? core : original.call(this, id);
    },
    { devhost: true as const },
  );
}

/**
 * Loads the app and returns what it registered. A module path is imported once per process (the ESM cache), so
 * later loads of the same path return what the first one recorded; a function is called on every load. Loads
 * are serialised so two hosts starting at once do not mix their registrations.
 */
export function loadApp(appModule: string | (() => Promise<unknown>)): Promise<AppRegistrations> {
  installHook();
  const run = async (): Promise<AppRegistrations> => {
    const key = typeof appModule === 'string' ? resolve(appModule) : undefined;
    const cached = key === undefined ? undefined : byModule.get(key);
    if (cached) return cached;
    const collected: AppRegistrations = { functions: [], hooks: [] };
    collecting = collected;
    try {
      await (key === undefined ? (appModule as () => Promise<unknown>)() : import(pathToFileURL(key).href));
    } finally {
      collecting = undefined;
    }
    if (key !== undefined) byModule.set(key, collected);
    return collected;
  };
  const result = loads.then(run, run);
  loads = result.catch(() => undefined);
  return result;
}
