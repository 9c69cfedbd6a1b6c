/**
 * The gateway's submit against the emulator with execution time charged per operation: change sets written at
 * once fill `$batch` requests, and the execution-time budget is spent without a single 429 and without ever
 * exceeding what the sliding window allows; a Dataverse outage fails each change set with a transient outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { WriteOperation } from './types.js';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

const account = (i: number): WriteOperation[] => [
  { kind: 'create', entitySet: EntitySets.OfficialAccount, data: { [OfficialAccount.columns.AppId]: `wx${String(i).padStart(16, '0')}` } },
];

describe('gateway submit', () => {
  it('fills $batch requests from everyone writing at once, each change set with its own outcome', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv).open(credentialsFor(dv));
    await org.whoAmI();
    const before = dv.requestLog().length;
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => org.submit(account(i))));
    expect(outcomes.every((o) => o.length === 1 && o[0]?.ok === true && 'id' in o[0])).toBe(true);
    const batches = dv.requestLog().slice(before);
    expect(batches.every((e) => e.path.endsWith('$batch'))).toBe(true);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(dv.rows(EntitySets.OfficialAccount)).toHaveLength(300);
  });

  it('paces by the execution-time budget read from the headers: no 429, never more than the window allows', async () => {
    const windowMs = 1_000;
    const dv = await emulators.start({ limits: { windowMs, requestsPerWindow: 100, executionTimeMs: 400, costs: { writeMs: 2, readMs: 1 } } });
    const org = gatewayFor(dv, { serviceProtectionWindowMs: windowMs }).open(credentialsFor(dv));
    await org.whoAmI(); // the first answer: the budget's starting point
    const started = Date.now();
    // 600 writes = 1,200 ms of execution: three windows' worth of a 400 ms budget.
    for (let round = 0; round < 6; round++) await Promise.all(Array.from({ length: 100 }, (_, i) => org.submit(account(round * 100 + i))));
    const elapsed = Date.now() - started;
    const log = dv.requestLog();
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    expect(dv.rows(EntitySets.OfficialAccount)).toHaveLength(600);
    // Whatever sliding window one looks at, the charged execution stays within the budget.
    for (const e of log) {
      const inWindow = log.filter((x) => x.at > e.at - windowMs && x.at <= e.at).reduce((n, x) => n + (x.executionMs ?? 0), 0);
      expect(inWindow).toBeLessThanOrEqual(400 + 200);
    }
    // 1,200 ms at 400 ms per second, the first window free: at least about two windows, not much more.
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(6_000);
  }, 20_000);

  it('Dataverse down: each change set comes back failed and transient, nothing thrown', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv, { throttle: { maxRetries: 0 } }).open(credentialsFor(dv));
    await org.whoAmI();
    dv.setOutage(true);
    const [a, b] = await Promise.all([org.submit(account(1)), org.submit(account(2))]);
    expect([a?.[0], b?.[0]].map((o) => (o && !o.ok ? [o.error.kind, o.error.status] : o))).toEqual([
      ['transient', 503],
      ['transient', 503],
    ]);
    expect(dv.rows(EntitySets.OfficialAccount)).toEqual([]);
  });
});
