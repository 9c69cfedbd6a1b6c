import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';
import { MicroBatcher } from './micro-batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MicroBatcher', () => {
  it('items arriving together go in one call, each gets its own answer', async () => {
    const calls: number[][] = [];
    const b = new MicroBatcher<number, string>(async (items) => (calls.push(items), items.map((i) => `#${i}`)), { maxWeight: 100, maxDelayMs: 5 });
    expect(await Promise.all([b.submit(1), b.submit(2), b.submit(3)])).toEqual(['#1', '#2', '#3']);
    expect(calls).toEqual([[1, 2, 3]]);
    expect(b.stats).toEqual({ flushes: 1, items: 3 });
  });

  it('flushes at maxWeight without waiting, and never splits an item across calls', async () => {
    const calls: number[][] = [];
    const b = new MicroBatcher<number, number>(async (items) => (calls.push(items), items), { maxWeight: 5, maxDelayMs: 10_000, weight: (n) => n });
    await Promise.all([b.submit(2), b.submit(2), b.submit(3), b.submit(5), b.submit(9)]);
    expect(calls).toEqual([[2, 2], [3], [5], [9]]);
  });

  it('a failed call rejects every item of it, and later items go in a new call', async () => {
    let fail = true;
    const b = new MicroBatcher<number, number>(async (items) => {
      if (fail) throw new Error('down');
      return items;
    }, { maxWeight: 10, maxDelayMs: 1 });
    const results = await Promise.allSettled([b.submit(1), b.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await b.submit(3)).toBe(3);
  });

  it('an item arriving after the window opens a new one', async () => {
    const calls: number[][] = [];
    const b = new MicroBatcher<number, number>(async (items) => (calls.push(items), items), { maxWeight: 10, maxDelayMs: 5 });
    const first = b.submit(1);
    await sleep(20);
    await Promise.all([first, b.submit(2)]);
    expect(calls).toEqual([[1], [2]]);
  });
});

describe('KeyedMutex', () => {
  it('runs one key’s tasks in arrival order, other keys alongside, and keeps going after a failure', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([m.run('a', task('a1', 20, true)), m.run('a', task('a2', 1)), m.run('b', task('b1', 5))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
    await sleep(0);
    expect(m.size).toBe(0);
  });
});

describe('MicroBatcher with maxInFlight', () => {
  it('gathers items into the next call while the allowed calls are running', async () => {
    const calls: number[][] = [];
    const gates: Array<() => void> = [];
    const batcher = new MicroBatcher<number, number>(
      (items) => {
        calls.push(items);
        return new Promise<number[]>((resolve) => gates.push(() => resolve(items.map((i) => i * 10))));
      },
      { maxWeight: 100, maxDelayMs: 1, maxInFlight: 1 },
    );
    const first = batcher.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const rest = [2, 3, 4].map((i) => batcher.submit(i));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([[1]]); // busy: 2, 3 and 4 wait for the running call
    gates.shift()?.();
    expect(await first).toBe(10);
    await new Promise((r) => setTimeout(r, 1));
    expect(calls).toEqual([[1], [2, 3, 4]]);
    gates.shift()?.();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });
});
