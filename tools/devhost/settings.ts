/**
 * App settings and host.json as the host uses them: `%Name%` binding expressions resolve from app settings,
 * a binding's `connection` names an app setting (or `AzureWebJobs<Name>`), and host.json tunes HTTP and queues.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-expressions-patterns#binding-expressions---app-settings
 *       https://learn.microsoft.com/azure/azure-functions/functions-host-json
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export class DevHostError extends Error {
  override readonly name = 'DevHostError';
}

export type Settings = Readonly<Record<string, string | undefined>>;

/** Puts app settings into process.env (where the app reads them); returns what restores the previous values. */
export function applyEnv(env: Record<string, string>): () => void {
  const previous = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export function resolveExpression(value: string, settings: Settings, what: string): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined) throw new DevHostError(`${what}: app setting "${name}" is not set`);
    return resolved;
  });
}

/** The connection string a storage binding uses (default setting: AzureWebJobsStorage). */
export function storageConnection(connection: string | undefined, settings: Settings, what: string): string {
  const name = connection || 'AzureWebJobsStorage';
  const value = settings[name] ?? settings[`AzureWebJobs${name}`];
  if (!value) throw new DevHostError(`${what}: connection setting "${name}" is not set`);
  return value;
}

export interface HostJson {
  /** Dynamic concurrency for queue triggers (dynamic-concurrency.ts); snapshots are not persisted here. */
  concurrency?: { dynamicConcurrencyEnabled?: boolean; snapshotPersistenceEnabled?: boolean };
  extensions?: {
    http?: { routePrefix?: string };
    queues?: {
      maxDequeueCount?: number;
      /** "hh:mm:ss": how long a failed message stays invisible before its retry. */
      visibilityTimeout?: string;
      batchSize?: number;
      newBatchThreshold?: number;
      /** "hh:mm:ss" */
      maxPollingInterval?: string;
    };
  };
}

/** host.json from a path, an object, or the nearest one at or above the app module's folder (up to 4 levels). */
export function readHostJson(source: string | HostJson | undefined, appModule: unknown): HostJson {
  if (typeof source === 'object') return source;
  let path = source;
  if (path === undefined && typeof appModule === 'string') {
    for (let dir = dirname(resolve(appModule)), i = 0; i < 4; dir = dirname(dir), i++) {
      if (existsSync(join(dir, 'host.json'))) {
        path = join(dir, 'host.json');
        break;
      }
    }
  }
  if (path === undefined) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as HostJson;
  } catch (err) {
    throw new DevHostError(`cannot read host.json at ${path}: ${(err as Error).message}`);
  }
}

/** "hh:mm:ss" (optionally "d.hh:mm:ss") → milliseconds. */
export function timeSpanMs(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value);
  if (!m) throw new DevHostError(`host.json: "${value}" is not a hh:mm:ss time span`);
  const [, d, h, min, s, frac] = m;
  return ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000 + Number(`0.${frac ?? 0}`) * 1000;
}
