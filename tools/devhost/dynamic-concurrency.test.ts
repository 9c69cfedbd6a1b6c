/** host.json dynamic concurrency: limits start at 1, double while healthy and saturated, and throttle when the event loop is busy. */
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionConcurrency, HostHealth } from './dynamic-concurrency.js';

describe('dynamic concurrency', () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  function setup() {
    let utilization = 0.1;
    let running = 0;
    let changes = 0;
    const health = new HostHealth({ windowMs: 60_000, utilization: () => utilization, maxConcurrency: 8 });
    const fn = new FunctionConcurrency(
      health,
      () => running,
      () => changes++,
    );
    stops.push(() => (fn.stop(), health.stop()));
    // Judged by hand (windowMs is long), as the host's interval would.
    const window = () => health.judgeNow();
    return {
      health,
      fn,
      window,
      set: (u: number, r: number) => ((utilization = u), (running = r)),
      changes: () => changes,
    };
  }

  it('starts at one, doubles each healthy window in which every slot was used, up to the maximum', () => {
    const s = setup();
    expect(s.fn.available()).toBe(1);
    s.set(0.1, 1);
    expect(s.fn.available()).toBe(0);
    s.window();
    expect(s.fn.limit).toBe(2);
    expect(s.fn.available()).toBe(1);
    s.set(0.1, 2);
    s.window();
    s.set(0.1, 4);
    s.window();
    s.set(0.1, 8);
    s.window();
    s.window();
    expect(s.fn.limit).toBe(8);
  });

  it('stays when it did not use what it had', () => {
    const s = setup();
    s.set(0.1, 1);
    s.window();
    s.set(0.1, 1);
    s.window(); // limit 2, one running, never saturated in this window
    expect(s.fn.limit).toBe(2);
  });

  it('throttles while the event loop is busy: nothing new while one runs, one when none runs, and the limit halves', () => {
    const s = setup();
    s.set(0.1, 1);
    s.window();
    s.set(0.1, 2);
    s.window();
    expect(s.fn.limit).toBe(4);
    s.set(0.95, 2);
    s.window();
    expect(s.health.healthy).toBe(false);
    expect(s.fn.limit).toBe(2);
    expect(s.fn.available()).toBe(0);
    s.set(0.95, 0);
    expect(s.fn.available()).toBe(1); // a backlog always moves
    s.window();
    s.window();
    expect(s.fn.limit).toBe(1);
    s.set(0.2, 0);
    s.window();
    expect(s.health.healthy).toBe(true);
    expect(s.fn.available()).toBe(1);
    expect(s.changes()).toBeGreaterThan(0);
  });
});
