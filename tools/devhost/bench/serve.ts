/** The servers overhead.ts loads: plain node:http, and the devhost with two trivial app.http (GET "ok", POST echo). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevHost } from '../index.js';

const plain = createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end(Buffer.concat(chunks).toString('utf8')));
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const host = await startDevHost({
  port: 0,
  timers: false,
  hostJson: {},
  appModule: async () => {
    const { app } = await import('@azure/functions');
    app.http('ok', { route: 'ok', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ status: 200, body: 'ok' }) });
    app.http('echo', { route: 'ok', methods: ['POST'], authLevel: 'anonymous', handler: async (req) => ({ body: await req.text() }) });
  },
});
process.send?.({ plain: `http://127.0.0.1:${(plain.address() as AddressInfo).port}/api/ok`, devhost: `${host.url}/api/ok` });
