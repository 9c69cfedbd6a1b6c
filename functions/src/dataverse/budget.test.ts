/** The execution-time budget read from Dataverse's x-ms-ratelimit-* headers. */
import { describe, expect, it } from 'vitest';
import { ExecutionBudget, REQUESTS_REMAINING_HEADER as REQ, TIME_REMAINING_HEADER as TIME } from './budget.js';

const T0 = Date.UTC(2026, 11, 2);

describe('ExecutionBudget', () => {
  it('learns each $batch’s cost from the remaining time, and says when enough comes back into the window', () => {
    let now = T0;
    const budget = new ExecutionBudget({ windowMs: 10_000, clock: () => now, maxWaitMs: 60_000 });
    expect(budget.waitFor(500)).toBe(0); // nothing known yet: go, Dataverse decides
    budget.observe({ [TIME]: '1000', [REQ]: '99' }, 1); // the first answer: usage of unknown age
    now += 1_000;
    budget.observe({ [TIME]: '600', [REQ]: '98' }, 40); // 400 ms for 40 operations
    expect(budget.estimate(50)).toBe(500);
    now += 1_000;
    budget.observe({ [TIME]: '100', [REQ]: '97' }, 50); // 500 ms more
    expect(budget.available()).toBe(100);
    // The first 400 ms come back at T0 + 11 s (500 then), the next 500 at T0 + 12 s.
    expect(budget.waitFor(400)).toBe(9_000);
    expect(budget.waitFor(500)).toBe(9_000);
    expect(budget.waitFor(501)).toBe(10_000);
    expect(budget.waitFor(50)).toBe(0);
    expect(budget.affordable()).toBe(100 / (900 / 90)); // 100 ms left at 10 ms per operation (900 ms for 90 operations)
    now = T0 + 11_000;
    expect(budget.available()).toBe(500);
    // Dataverse's word replaces the estimate: someone else spent meanwhile.
    budget.observe({ [TIME]: '300', [REQ]: '96' }, 10);
    expect(budget.available()).toBe(300);
  });

  it('a wait never exceeds maxWaitMs (a window configured longer than the server’s never stalls the org), and no requests left is for Dataverse to say', () => {
    let now = T0;
    const budget = new ExecutionBudget({ windowMs: 300_000, clock: () => now, maxWaitMs: 2_000 });
    budget.observe({ [TIME]: '1000', [REQ]: '5' }, 1);
    now += 1_000;
    budget.observe({ [TIME]: '0', [REQ]: '0' }, 100);
    expect(budget.waitFor(10)).toBe(2_000);
    expect(budget.requestsLeft).toBe(0);
    expect(new ExecutionBudget({ windowMs: 300_000, clock: () => now }).waitFor(10)).toBe(0);
  });

  it('learns the cost per operation over the window, so a small $batch answered after a large one does not look expensive', () => {
    let now = T0;
    const budget = new ExecutionBudget({ windowMs: 10_000, clock: () => now });
    budget.observe({ [TIME]: '12000' }, 1);
    now += 1_000;
    budget.observe({ [TIME]: '9000' }, 375); // 3,000 ms for 375 operations: 8 ms each
    expect(budget.estimate(100)).toBe(800);
    now += 100;
    // 3,000 ms more show in the answer to a 4-operation $batch (queries and an earlier request spent them meanwhile).
    budget.observe({ [TIME]: '6000' }, 4);
    expect(budget.estimate(100)).toBeCloseTo((6_000 / 379) * 100, 6); // about 16 ms each, not 750
    expect(budget.affordable()).toBeGreaterThan(350);
  });

  it('waits at most a tenth of the window unless told otherwise (30 s of Dataverse’s 5 minutes)', () => {
    let now = T0;
    const budget = new ExecutionBudget({ windowMs: 3_000, clock: () => now });
    budget.observe({ [TIME]: '12000' }, 1);
    now += 100;
    budget.observe({ [TIME]: '0' }, 1_000);
    expect(budget.waitFor(2_000)).toBe(300);
    const dataverse = new ExecutionBudget({ windowMs: 300_000, clock: () => now });
    dataverse.observe({ [TIME]: '1200000' }, 1);
    now += 100;
    dataverse.observe({ [TIME]: '0' }, 1_000);
    expect(dataverse.waitFor(2_000)).toBe(30_000);
  });

  it('headers missing or not numbers: nothing learned, nothing waited for', () => {
    const budget = new ExecutionBudget({ windowMs: 10_000, clock: () => T0 });
    budget.observe({}, 10);
    budget.observe({ [TIME]: 'soon' }, 10);
    expect([budget.available(), budget.waitFor(100), budget.estimate(10), budget.affordable()]).toEqual([undefined, 0, 0, Infinity]);
  });
});
