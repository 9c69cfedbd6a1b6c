/** Per-client token buckets on the anonymous routes (rate-limit.ts) and who the client is (client-address.ts). */
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { clientAddress, UNKNOWN_CLIENT } from './client-address.js';
import { MAX_CLIENTS_PER_ROUTE, RATE_LIMITS, rateLimited, type RateLimit } from './rate-limit.js';

const from = (forwardedFor?: string) =>
  new HttpRequest({ method: 'GET', url: 'http://localhost/api/x', headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } });

function limited(limit: RateLimit, trustedProxies = 0, scale = 1) {
  let now = 1_000_000;
  let calls = 0;
  const warnings: string[] = [];
  const handler = rateLimited(limit, async () => (calls++, { status: 200, body: 'ok' }), {
    now: () => now,
    trustedProxies: () => trustedProxies,
    scale: () => scale,
  });
  const context = new InvocationContext({
    invocationId: 'r',
    functionName: 'f',
    logHandler: (level, ...args) => level === 'warning' && warnings.push(String(args[0])),
  });
  return {
    call: async (forwardedFor?: string) => (await handler(from(forwardedFor), context)) as HttpResponseInit,
    advance: (ms: number) => void (now += ms),
    calls: () => calls,
    warnings,
  };
}

describe('rateLimited', () => {
  const limit: RateLimit = { route: 'test', burst: 3, perMinute: 6 }; // one token every 10 s

  it('lets a burst through, then answers 429 with Retry-After without calling the handler', async () => {
    const route = limited(limit);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await route.call('203.0.113.7:50000')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(route.calls()).toBe(3);
    const refused = await route.call('203.0.113.7:50001');
    expect(refused).toEqual({
      status: 429,
      body: 'too many requests',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10', 'cache-control': 'no-store' },
    });
    expect(route.warnings).toEqual(['rate limit reached; refusing until the client slows down']);
  });

  it('refills at the sustained rate: one request per 10 s after the burst', async () => {
    const route = limited(limit);
    for (let i = 0; i < 3; i++) await route.call('203.0.113.7');
    route.advance(9_000);
    expect((await route.call('203.0.113.7')).headers).toMatchObject({ 'retry-after': '1' });
    route.advance(1_000);
    expect((await route.call('203.0.113.7')).status).toBe(200);
    expect((await route.call('203.0.113.7')).status).toBe(429);
    route.advance(30_000);
    expect([(await route.call('203.0.113.7')).status, (await route.call('203.0.113.7')).status, (await route.call('203.0.113.7')).status]).toEqual([
      200, 200, 200,
    ]);
  });

  it('keeps one bucket per client: one client out of tokens does not slow another', async () => {
    const route = limited(limit);
    for (let i = 0; i < 4; i++) await route.call('198.51.100.1:1');
    expect((await route.call('198.51.100.2:1')).status).toBe(200);
  });

  it('a client cannot pick its bucket by sending its own X-Forwarded-For: the platform appends the real address last', async () => {
    const route = limited(limit);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await route.call(`10.0.0.${i}, 203.0.113.9:4000`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('remembers at most MAX_CLIENTS_PER_ROUTE clients (the least recently seen start again full)', async () => {
    const route = limited({ route: 'wide', burst: 1, perMinute: 1 });
    await route.call('192.0.2.1');
    for (let i = 0; i < MAX_CLIENTS_PER_ROUTE; i++) await route.call(`2001:db8:${i.toString(16)}::1`);
    expect((await route.call('192.0.2.1')).status).toBe(200);
  });

  it('the defaults leave a person far below the limits', () => {
    expect(RATE_LIMITS).toEqual({
      authorize: { route: 'wechat/authorize', burst: 10, perMinute: 30 },
      authorizeCallback: { route: 'wechat/authorize/callback', burst: 10, perMinute: 30 },
      signedServiceStatus: { route: 'signed-services/{org}/{id}/status', burst: 60, perMinute: 120 },
      health: { route: 'health', burst: 30, perMinute: 60 },
    });
  });
});

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7:50000', 0, '203.0.113.7'],
    ['203.0.113.7', 0, '203.0.113.7'],
    ['[2001:db8:1:2:3:4:5:6]:443', 0, '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', 0, '2001:db8:1:2::/64'],
    ['::ffff:198.51.100.4', 0, '198.51.100.4'],
    ['::1', 0, '0:0:0:0::/64'],
    ['spoofed, 198.51.100.4:1000', 0, '198.51.100.4'],
    ['spoofed, 198.51.100.4:1000, 10.1.2.3:443', 1, '198.51.100.4'],
    ['198.51.100.4:1000, 10.1.2.3:443', 5, '198.51.100.4'],
    ['not-an-address', 0, 'other:not-an-address'],
  ])('%s with %i trusted proxies → %s', (header, proxies, expected) => {
    expect(clientAddress(from(header), proxies)).toBe(expected);
  });

  it('no header (a handler called directly): one shared bucket', () => {
    expect(clientAddress(from(), 0)).toBe(UNKNOWN_CLIENT);
  });
});

describe('RELAY_RATE_LIMIT_SCALE', () => {
  it('multiplies the burst: scale 3 lets one client make three times the requests before 429', async () => {
    const limit = { route: 'x', burst: 2, perMinute: 1 };
    const plain = limited(limit);
    const scaled = limited(limit, 0, 3);
    const statuses = async (l: ReturnType<typeof limited>) => {
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await l.call()).status ?? 200);
      return out;
    };
    expect(await statuses(plain)).toEqual([200, 200, 429, 429, 429, 429, 429]);
    expect(await statuses(scaled)).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});
