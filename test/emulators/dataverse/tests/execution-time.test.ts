/**
 * Execution time modelled per operation (limits.costs): a request is charged the sum of its operations, a $batch
 * is one request whose every operation counts; what is left is reported in the x-ms-ratelimit-* headers, and the
 * documented 429s come once it is spent, over a sliding window that scaledLimits shortens for tests and benches.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, ratesOf, scaledLimits, type DataverseEmulator } from '../index.js';
import { call, client, start } from './harness.js';

const open: DataverseEmulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

const T0 = Date.UTC(2026, 11, 2);
let now = T0;
async function emulator(
  limits: Parameters<typeof start>[0] extends infer O ? (O extends { limits?: infer L } ? L : never) : never,
): Promise<DataverseEmulator> {
  now = T0;
  const dv = await start({ clock: () => now, limits });
  open.push(dv);
  return dv;
}

const headers = (r: { headers: Headers }) => [
  r.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests'),
  r.headers.get('x-ms-ratelimit-time-remaining-xrm-requests'),
];

function batchBody(creates: number, reads: number): { body: string; contentType: string } {
  const lines: string[] = [];
  for (let i = 0; i < reads; i++)
    lines.push(
      '--b',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET wxm_officialaccounts?$top=1 HTTP/1.1',
      'Accept: application/json',
      '',
    );
  if (creates > 0) {
    lines.push('--b', 'Content-Type: multipart/mixed; boundary=cs', '');
    for (let i = 0; i < creates; i++) {
      lines.push(
        '--cs',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        `Content-ID: ${i + 1}`,
        '',
        'POST wxm_officialaccounts HTTP/1.1',
        'Content-Type: application/json',
        '',
        JSON.stringify({ wxm_appid: `wx${i}` }),
      );
    }
    lines.push('--cs--');
  }
  lines.push('--b--', '');
  return { body: lines.join('\r\n'), contentType: 'multipart/mixed; boundary=b' };
}

describe('execution time per operation', () => {
  it('a read costs readMs, a write writeMs, a $batch the sum of its operations; the headers say what is left after the request', async () => {
    const dv = await emulator({ requestsPerWindow: 100, windowMs: 60_000, executionTimeMs: 1_000, costs: { writeMs: 10, readMs: 2 } });
    expect(headers(await call(dv, 'GET', 'WhoAmI'))).toEqual(['99', '998']);
    expect(headers(await call(dv, 'POST', 'wxm_officialaccounts', { wxm_appid: 'wxa' }))).toEqual(['98', '988']);
    const { body, contentType } = batchBody(30, 5);
    const batch = await call(dv, 'POST', '$batch', body, { 'Content-Type': contentType });
    expect(batch.status).toBe(200);
    // One request for the count; 30 × 10 + 5 × 2 = 310 ms of execution.
    expect(headers(batch)).toEqual(['97', String(988 - 310)]);
    expect(dv.rows('wxm_officialaccount')).toHaveLength(31);
    expect(dv.requestLog().map((e) => [e.executionMs, e.reads, e.writes])).toEqual([
      [2, 1, 0],
      [10, 0, 1],
      [310, 5, 30],
    ]);
  });

  it('429 0x80072321 with Retry-After once the execution time is spent, though requests are left; the sliding window gives it back', async () => {
    const dv = await emulator({ requestsPerWindow: 100, windowMs: 10_000, executionTimeMs: 500, costs: { writeMs: 10, readMs: 2 } });
    const { body, contentType } = batchBody(50, 0);
    const first = await call(dv, 'POST', '$batch', body, { 'Content-Type': contentType });
    expect(headers(first)).toEqual(['99', '0']);
    now += 4_000;
    const refused = await call(dv, 'GET', 'WhoAmI');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('6');
    expect(refused.json.error).toEqual({
      code: '0x80072321',
      message:
        'Combined execution time of incoming requests exceeded limit of 500 milliseconds over time window of 10 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.',
    });
    now += 6_000;
    const again = await call(dv, 'GET', 'WhoAmI');
    expect([again.status, ...headers(again)]).toEqual([200, '99', '498']);
    expect(dv.requestLog().map((e) => [e.status, e.code ?? ''])).toEqual([
      [200, ''],
      [429, '0x80072321'],
      [200, ''],
    ]);
  });

  it('a failing operation in a $batch is charged too (it ran), the ones after it in its change set are not', async () => {
    const dv = await emulator({ requestsPerWindow: 100, windowMs: 10_000, executionTimeMs: 1_000, costs: { writeMs: 10, readMs: 2 } });
    await client(dv).create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'wx0' } });
    const { body, contentType } = batchBody(3, 0); // wx0 again: the change set fails on its first create
    const failed = await call(dv, 'POST', '$batch', body, { 'Content-Type': contentType, Prefer: 'odata.continue-on-error' });
    expect(failed.text).toContain('0x80060892');
    expect(headers(failed)).toEqual(['98', String(1_000 - 10 - 10)]);
  });

  it('without costs, the wall time is charged (as before)', async () => {
    const dv = await emulator({ executionTimeMs: 1_000 });
    const [, remaining] = headers(await call(dv, 'GET', 'WhoAmI'));
    expect(Number(remaining)).toBeGreaterThan(900);
  });

  it('scaledLimits keeps the documented rates: 20 requests/s and 4,000 ms of execution per second', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ requestsPerWindow: 6000, windowMs: 300_000, executionTimeMs: 1_200_000, maxConcurrent: 52 });
    const tenth = scaledLimits(30);
    expect(tenth).toMatchObject({ requestsPerWindow: 200, windowMs: 10_000, executionTimeMs: 40_000, maxConcurrent: 52 });
    expect(ratesOf(tenth)).toEqual({ requestsPerSecond: 20, executionMsPerSecond: 4_000 });
    expect(ratesOf(DEFAULT_LIMITS)).toEqual(ratesOf(tenth));
    expect(() => scaledLimits(0.5)).toThrow(RangeError);
  });
});
