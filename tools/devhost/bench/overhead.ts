/**
 * What the devhost costs on the HTTP path: autocannon against a trivial `app.http` (answers 200 with a short
 * body) served by the devhost, and against a plain node:http server answering the same, in the same run.
 * `npx tsx tools/devhost/bench/overhead.ts [connections] [seconds]` (defaults 50 and 5).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startDevHost } from '../index.js';

const connections = Number(process.argv[2] ?? 50);
const duration = Number(process.argv[3] ?? 5);

async function load(url: string) {
  const result = await autocannon({ url, connections, duration });
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function main(): Promise<void> {
  const plain = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/api/ok`;

  const host = await startDevHost({
    port: 0,
    timers: false,
    hostJson: {},
    appModule: async () => {
      const { app } = await import('@azure/functions');
      app.http('ok', { route: 'ok', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ status: 200, body: 'ok' }) });
    },
  });

  await load(plainUrl); // warm-up of autocannon itself
  const ofPlain = await load(plainUrl);
  const ofHost = await load(`${host.url}/api/ok`);
  await host.close();
  plain.close();
  const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    `${name.padEnd(12)} ${r.perSecond.toFixed(0).padStart(7)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;
  console.log(`${connections} connections, ${duration} s each`);
  console.log(row('node:http', ofPlain));
  console.log(row('devhost', ofHost));
  console.log(`devhost / node:http = ${(ofHost.perSecond / ofPlain.perSecond).toFixed(2)}`);
}

await main();
