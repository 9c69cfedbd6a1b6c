/**
 * Child of `npm run bench:callbacks`: the relay's callback route alone (no queue triggers: delivery would share
 * the cores), on the local Functions host, with the settings in its environment (AzureWebJobsStorage is the
 * storage to use). Prints `BENCH_READY <url> <control url>`; GET <control url> answers the storage requests this
 * process sent so far (functions/src/storage/azure/request-policies.ts `storageRequestCounts`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storageRequestCounts } from '../../functions/src/storage/azure/request-policies.js';
import { startRelayHost } from '../local/relay-host.js';

async function main(): Promise<void> {
  const host = await startRelayHost({
    port: 0,
    functionKey: process.env.RELAY_FUNCTION_KEY,
    storageConnectionString: process.env.AzureWebJobsStorage ?? '',
    quiet: true,
    only: ['wechatAccountCallback'],
  });
  const stop = () => void host.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The storage counts, and this process's CPU time so far (µs, user + system): CPU per callback is steadier than
  // callbacks/s on a machine others share.
  const control = createServer((_req, res) => {
    const cpu = process.cpuUsage();
    res.end(JSON.stringify({ ...storageRequestCounts, cpuMicros: cpu.user + cpu.system }));
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  console.log(`BENCH_READY ${host.url} http://127.0.0.1:${(control.address() as AddressInfo).port}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
