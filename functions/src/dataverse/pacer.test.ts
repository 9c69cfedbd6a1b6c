import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.js';

/** A clock that only moves when a sleeper asks it to. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Pacer', () => {
  it('never runs more than the cap at once, and runs everything', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ maxConcurrent: 3, ...time });
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, () =>
      pacer.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((r) => release.push(r));
        running--;
      }),
    );
    for (let done = 0; done < 10; done++) {
      await tick();
      expect(pacer.state().inFlight).toBeLessThanOrEqual(3);
      release.shift()?.();
    }
    await Promise.all(tasks);
    expect([peak, pacer.state().inFlight]).toEqual([3, 0]);
  });

  it('a 429 pauses every request until Retry-After has passed and halves the cap; it grows back one step per `limit` successes', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ maxConcurrent: 8, ...time });
    pacer.throttled(2000);
    expect(pacer.state()).toEqual({ limit: 4, inFlight: 0, pausedUntil: time.clock() + 2000 });
    const started: number[] = [];
    await pacer.run(async () => started.push(time.clock()));
    expect(time.sleeps).toEqual([2000]);
    expect(started).toEqual([1_002_000]);
    pacer.throttled(1000);
    pacer.throttled(1000);
    pacer.throttled(1000);
    expect(pacer.state().limit).toBe(1);
    const limits: number[] = [];
    for (let i = 0; i < 15; i++) {
      pacer.succeeded();
      limits.push(pacer.state().limit);
    }
    // 1 success at limit 1 → 2; 2 at limit 2 → 3; 3 → 4; 4 → 5; then 5 more → 6.
    expect(limits).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6]);
    expect(() => new Pacer({ maxConcurrent: 0, ...time })).toThrow('maxConcurrent must be a positive integer');
  });
});
