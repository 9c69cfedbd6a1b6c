/**
 * HTTP edges of the devhost: requests whose Host header or target is no URL get 400 (not 500) before any
 * function runs, autocannon's `Host: undefined:undefined` included; handlers see the connection's address
 * appended to X-Forwarded-For, as behind App Service's front end.
 */
import { connect } from 'node:net';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from './index.js';

let host: DevHost;
let invocations = 0;

beforeAll(async () => {
  host = await startDevHost({
    port: 0,
    timers: false,
    log: () => undefined,
    appModule: async () => {
      const { app } = await import('@azure/functions');
      app.http('whoami', {
        authLevel: 'anonymous',
        handler: async (req) => (invocations++, { jsonBody: { forwardedFor: req.headers.get('x-forwarded-for') } }),
      });
    },
  });
});
afterAll(() => host.close());

/** Sends bytes as they are (fetch would refuse a bad Host) and returns the status line's code. */
function raw(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: host.port }, () => socket.write(request));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('devhost HTTP edges', () => {
  it.each(['a b', '[::1', 'exa mple.com:80', 'host:99999'])('Host: %s → 400, no function invoked', async (badHost) => {
    const before = invocations;
    expect(await raw(`GET /api/whoami HTTP/1.1\r\nHost: ${badHost}\r\nConnection: close\r\n\r\n`)).toBe(400);
    expect(invocations).toBe(before);
  });

  it.each(['*', 'http://[::1/api/whoami', 'ftp://localhost/api/whoami', 'api/whoami'])('target %s → 400, no function invoked', async (target) => {
    const before = invocations;
    expect(await raw(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)).toBe(400);
    expect(invocations).toBe(before);
  });

  it('a target starting with // is a path on this host, not another host', async () => {
    expect(await raw(`GET //localhost/api/whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)).toBe(404);
  });

  it("autocannon's setupRequest without hostname sends Host: undefined:undefined → 400 on every request", async () => {
    const before = invocations;
    const result = await autocannon({
      url: host.url,
      connections: 2,
      amount: 20,
      requests: [{ method: 'GET', setupRequest: () => ({ method: 'GET', path: '/api/whoami', headers: {} }) }],
    });
    expect(result.statusCodeStats).toEqual({ '400': { count: 20 } });
    expect(result.errors).toBe(0);
    expect(invocations).toBe(before);
  });

  it('a good Host still reaches the function', async () => {
    expect(await raw(`GET /api/whoami HTTP/1.1\r\nHost: localhost:7071\r\nConnection: close\r\n\r\n`)).toBe(200);
  });

  it("appends the connection's address to X-Forwarded-For, after whatever the client sent", async () => {
    const plain = (await (await fetch(`${host.url}/api/whoami`)).json()) as { forwardedFor: string };
    expect(plain.forwardedFor).toMatch(/^127\.0\.0\.1:\d+$/);
    const spoofed = (await (await fetch(`${host.url}/api/whoami`, { headers: { 'x-forwarded-for': '10.9.8.7' } })).json()) as { forwardedFor: string };
    expect(spoofed.forwardedFor).toMatch(/^10\.9\.8\.7, 127\.0\.0\.1:\d+$/);
  });
});
