import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor, rejection } from '@wxm/testkit/kit/dataverse/org-under-test';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

function recordingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields }),
    warn: (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields }),
  };
}

describe('service protection', () => {
  it('never has more requests in flight than maxConcurrentPerOrg (the emulator counts them)', async () => {
    const dv = await emulators.start({ latencyMs: 40 });
    const org = gatewayFor(dv, { maxConcurrentPerOrg: 3 }).open(credentialsFor(dv));
    await Promise.all(Array.from({ length: 24 }, (_, i) => org.create(EntitySets.OfficialAccount, { wxm_appid: `wx-${i}` })));
    expect(dv.peakConcurrency(dv.defaultUser.clientId)).toBe(3);
    expect(dv.rows('wxm_officialaccount')).toHaveLength(24);
    expect(dv.requestLog().filter((e) => e.status === 429)).toEqual([]);
  });

  it('honours Retry-After of a 429 (requests per window): the retry goes out no earlier than it says', async () => {
    const dv = await emulators.start({ limits: { requestsPerWindow: 2, windowMs: 1500 } });
    const logger = recordingLogger();
    const org = gatewayFor(dv, { logger }).open(credentialsFor(dv));
    for (let i = 0; i < 3; i++) await org.whoAmI();
    const log = dv.requestLog();
    expect(log.map((e) => [e.status, e.code])).toEqual([
      [200, undefined],
      [200, undefined],
      [429, '0x80072322'],
      [200, undefined],
    ]);
    const [first, , limited, retried] = log;
    const retryAfter = Math.max(1, Math.ceil(((first?.at ?? 0) + 1500 - (limited?.at ?? 0)) / 1000));
    expect(logger.lines).toEqual([
      {
        message: 'Dataverse throttled a request; waiting',
        fields: { host: new URL(dv.url).host, code: '0x80072322', retryAfterSeconds: retryAfter, attempt: 1, concurrency: 4 },
      },
    ]);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(retryAfter * 1000 - 5);
  });

  it('a storm of concurrency 429s: every row arrives, the cap comes down, the emulator never admits more than its limit', async () => {
    const dv = await emulators.start({ latencyMs: 50, limits: { maxConcurrent: 2, concurrencyRetryAfterSeconds: 1 } });
    const logger = recordingLogger();
    const org = gatewayFor(dv, { maxConcurrentPerOrg: 6, logger }).open(credentialsFor(dv));
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => org.create(EntitySets.OfficialAccount, { wxm_appid: `wx-${i}` })));
    expect(dv.rows('wxm_officialaccount')).toHaveLength(16);
    const throttled = dv.requestLog().filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(new Set(throttled.map((e) => e.code))).toEqual(new Set(['0x80072326']));
    expect(dv.peakConcurrency(dv.defaultUser.clientId)).toBe(2);
    expect(Math.min(...logger.lines.map((l) => Number(l.fields?.['concurrency'])))).toBeLessThanOrEqual(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after maxRetries, having waited what Dataverse asked each time', async () => {
    const dv = await emulators.start({ limits: { requestsPerWindow: 1, windowMs: 20_000 } });
    // A sleep that moves the gateway's clock instead of waiting (the emulator's window keeps real time).
    const waits: number[] = [];
    let skipped = 0;
    const clock = () => Date.now() + skipped;
    const sleep = async (ms: number) => {
      waits.push(ms);
      skipped += ms;
    };
    const org = gatewayFor(dv, { throttle: { maxRetries: 2, maxRetryAfterSeconds: 60 }, clock, sleep }).open(credentialsFor(dv));
    await org.whoAmI();
    const err = await rejection(org.whoAmI());
    expect([err.kind, err.status, err.code]).toEqual(['throttled', 429, '0x80072322']);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(19);
    expect(dv.requestLog().filter((e) => e.status === 429)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits.every((ms) => ms > 18_000 && ms <= 20_000)).toBe(true);
  });

  it('a wait longer than maxRetryAfterSeconds comes back at once, and the org stays paused without sending', async () => {
    const dv = await emulators.start({ limits: { requestsPerWindow: 1, windowMs: 120_000 } });
    const org = gatewayFor(dv).open(credentialsFor(dv));
    await org.whoAmI();
    const started = Date.now();
    const err = await rejection(org.whoAmI());
    expect([err.kind, err.code, err.retryAfterSeconds]).toEqual(['throttled', '0x80072322', 120]);
    const paused = await rejection(org.create(EntitySets.OfficialAccount, { wxm_appid: 'wx' }));
    expect([paused.kind, paused.status, paused.code]).toEqual(['throttled', 429, 'Paused']);
    expect(paused.retryAfterSeconds).toBeGreaterThanOrEqual(119);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(dv.requestLog()).toHaveLength(2);
  });
});
