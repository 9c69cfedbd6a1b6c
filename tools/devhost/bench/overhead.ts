/**
 * What the devhost costs on the HTTP path: autocannon against trivial `app.http` functions (GET answering 200
 * "ok"; POST echoing a 600-byte body, about a WeChat callback's size) served by the devhost, and against a plain
 * node:http server answering the same, in the same run. Both
 * servers run in a child process (serve.ts) so that autocannon does not share their event loop.
 * `npx tsx tools/devhost/bench/overhead.ts [connections] [seconds]` (defaults 50 and 5).
 */
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const connections = Number(process.argv[2] ?? 50);
const duration = Number(process.argv[3] ?? 5);

interface Row {
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const BODY = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${'A'.repeat(520)}]]></Encrypt></xml>`;

async function load(url: string, seconds = duration, method: 'GET' | 'POST' = 'GET'): Promise<Row> {
  const body = method === 'POST' ? { body: BODY, headers: { 'content-type': 'text/xml' } } : {};
  const r = await autocannon({ url, connections, duration: seconds, method, ...body });
  return { perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function main(): Promise<void> {
  const child = fork(new URL('./serve.ts', import.meta.url).pathname, { execArgv: ['--import', 'tsx'] });
  const urls = await new Promise<{ plain: string; devhost: string }>((resolve) => child.once('message', resolve as never));
  try {
    await load(urls.plain, 1); // warm-up, both sides
    await load(urls.devhost, 1);
    const row = (name: string, r: Row) =>
      `${name.padEnd(15)} ${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;
    console.log(`${connections} connections, ${duration} s each, servers in one child process`);
    for (const method of ['GET', 'POST'] as const) {
      const plain = await load(urls.plain, duration, method);
      const devhost = await load(urls.devhost, duration, method);
      console.log(row(`${method} node:http`, plain));
      console.log(row(`${method} devhost`, devhost));
      const added = 1e6 / devhost.perSecond - 1e6 / plain.perSecond;
      console.log(
        `  devhost / node:http = ${(devhost.perSecond / plain.perSecond).toFixed(2)}; the devhost adds ${added.toFixed(0)} µs of one core per request`,
      );
    }
  } finally {
    child.kill();
  }
}

await main();
