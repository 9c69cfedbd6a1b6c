/**
 * Serves the relay's registrations (functions/src/index.ts) on the local Functions host, as `func start`
 * would with Azure's tooling.
 */
import { join } from 'node:path';
import { startDevHost, type DevHost } from '../../functions/devhost/index.js';

export const RELAY_ENTRY = join(import.meta.dirname, '../../functions/src/index.ts');

export async function startRelayHost(input: {
  port: number;
  functionKey: string | undefined;
  storageConnectionString: string;
  /** Only warnings and errors (benchmarks). */
  quiet?: boolean;
}): Promise<DevHost> {
  return startDevHost({
    port: input.port,
    appModule: RELAY_ENTRY,
    storageConnectionString: input.storageConnectionString,
    ...(input.functionKey && { functionKey: input.functionKey }),
    ...(input.quiet && {
      log: (level: string, message: string) => (level === 'warning' || level === 'error' ? console.error(message) : undefined),
    }),
  });
}
