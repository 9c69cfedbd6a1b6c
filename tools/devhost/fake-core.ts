/**
 * A stand-in for `@azure/functions-core`, the module the real Functions worker injects. `@azure/functions`
 * requires it lazily on the first `app.*` call; when it is missing the library switches to "test mode" and
 * drops registrations. Hooking Module._load so that one request name returns this fake, *before* the app's
 * first `app.*` call, makes every registration arrive here with its full metadata and raw handler.
 *
 * The hook only answers the name '@azure/functions-core' (which exists nowhere else), so code that imports
 * `@azure/functions` without the hook, e.g. unit tests, keeps working in test mode.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4
 */
import Module from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppRegistrations, BindingMetadata, FunctionHandler } from './registrations.js';

const CORE_MODULE = '@azure/functions-core';

let collecting: AppRegistrations | undefined;
const stray: AppRegistrations = { functions: [], hooks: [] };
const loadedModules = new Map<string, AppRegistrations>();
let queue: Promise<unknown> = Promise.resolve();
let installed = false;

const disposable = { dispose(): void {} };

const fakeCore = {
  version: '4.0.0-devhost',
  hostVersion: '4.0.0-devhost',
  setProgrammingModel(): void {},
  getProgrammingModel(): undefined {
    return undefined;
  },
  registerFunction(metadata: { name: string; bindings: Record<string, BindingMetadata> }, handler: FunctionHandler) {
    (collecting ?? stray).functions.push({ name: metadata.name, bindings: metadata.bindings, handler });
    return disposable;
  },
  registerHook(hookName: string, callback: (context: unknown) => unknown) {
    (collecting ?? stray).hooks.push({ hookName, callback });
    return disposable;
  },
  // Present so `app.setup({ enableHttpStream })` accepts this "host" as new enough; streaming itself is not served.
  log(): void {},
};

/** Idempotent. After this, `require('@azure/functions-core')` anywhere in the process yields the fake. */
export function installFakeCore(): void {
  if (installed) return;
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    if (request === CORE_MODULE) return fakeCore;
    return original.call(this, request, parent, isMain);
  };
  installed = true;
}

/**
 * Loads the app and returns what it registered. A module path is imported once per process (ESM caches it);
 * later loads of the same path return the registrations recorded the first time. A function is called every
 * time. Loads are serialised so concurrent hosts do not mix their registrations.
 */
export function loadApp(appModule: string | (() => Promise<unknown>)): Promise<AppRegistrations> {
  installFakeCore();
  const run = async (): Promise<AppRegistrations> => {
    const key = typeof appModule === 'string' ? resolve(appModule) : undefined;
    const cached = key ? loadedModules.get(key) : undefined;
    if (cached) return cached;
    const collected: AppRegistrations = { functions: [], hooks: [] };
    collecting = collected;
    try {
      if (key) await import(pathToFileURL(isAbsolute(key) ? key : resolve(key)).href);
      else await (appModule as () => Promise<unknown>)();
    } finally {
      collecting = undefined;
    }
    if (key) loadedModules.set(key, collected);
    return collected;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** Registrations that arrived outside any load (e.g. an app registering lazily later): reported, not served. */
export function strayRegistrations(): Readonly<AppRegistrations> {
  return stray;
}
