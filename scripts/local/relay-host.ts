/**
 * Serves the relay's registrations (functions/src/index.ts) on the local Functions host, as `func start`
 * would in Azure's tooling.
 */
import { join } from 'node:path';
import { startDevHost } from '../../functions/devhost/index.js';

export const RELAY_ENTRY = join(import.meta.dirname, '../../functions/src/index.ts');

export interface RelayHost {
  url: string;
  functions: string[];
  close(): Promise<void>;
}

export async function startRelayHost(input: {
  port: number;
  functionKey: string | undefined;
  storageConnectionString: string | undefined;
  /** Only warnings and errors (benchmarks). */
  quiet?: boolean;
}): Promise<RelayHost> {
  return startDevHost({
    port: input.port,
    appModule: RELAY_ENTRY,
    ...(input.functionKey && { functionKey: input.functionKey }),
    ...(input.storageConnectionString && { storageConnectionString: input.storageConnectionString }),
    ...(input.quiet && { log: (level: string, message: string) => (level === 'warning' || level === 'error' ? console.error(message) : undefined) }),
  });
}
