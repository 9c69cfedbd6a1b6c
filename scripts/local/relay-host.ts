/**
 * Serves the relay's registrations (functions/src/index.ts) on the local Functions host, as `func start`
 * would with Azure's tooling.
 */
import { join } from 'node:path';
import { consoleLog, startDevHost, type DevHost } from '@wxm/devhost';

export const RELAY_ENTRY = join(import.meta.dirname, '../../functions/src/index.ts');

export async function startRelayHost(input: {
  port: number;
  functionKey: string | undefined;
  storageConnectionString: string;
  /** Only warnings and errors (benchmarks). */
  quiet?: boolean;
  /** Serve only these functions (benchmarks measure one path alone). */
  only?: string[];
}): Promise<DevHost> {
  // How long a message being processed stays hidden (renewed while it runs). After a crash, that is how long
  // its messages wait before another run takes them; tests that kill the host shorten it.
  const visibility = Number(process.env.DEVHOST_QUEUE_VISIBILITY_SECONDS ?? '');
  return startDevHost({
    port: input.port,
    ...(visibility > 0 && { queueVisibilitySeconds: visibility }),
    ...(input.only && { only: input.only }),
    appModule: RELAY_ENTRY,
    storageConnectionString: input.storageConnectionString,
    ...(input.functionKey && { functionKey: input.functionKey }),
    ...(input.quiet && {
      // Batched, not console.error: a synchronous write per line would sit on every request of a bench.
      log: (level, message) => (level === 'warning' || level === 'error' || level === 'critical' ? consoleLog(level, message) : undefined),
    }),
  });
}
