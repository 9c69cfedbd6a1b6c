/** The memory lock's bounded acquire loop, made exact with a manual clock that sleeping advances. */
import { describe, expect, it } from 'vitest';
import { LockTimeoutError } from '../../../../functions/src/storage/errors.js';
import { ManualClock } from './manual-clock.js';
import { MemoryLock } from './memory-lock.js';

function exactLock(acquireTimeoutMs: number) {
  const clock = new ManualClock(0);
  const sleeps: number[] = [];
  const lock = new MemoryLock({
    clock,
    acquireTimeoutMs,
    initialDelayMs: 50,
    maxDelayMs: 1_000,
    random: () => 1, // no jitter: each wait is exactly the backoff step
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  });
  return { clock, lock, sleeps };
}

describe('MemoryLock', () => {
  it('backs off 50, 100, 200 … capped at 1 s, and gives up exactly at the timeout', async () => {
    const { lock, sleeps } = exactLock(3_000);
    let release!: () => void;
    const held = lock.withLock('component:wx1', () => new Promise<void>((r) => (release = r)));
    const err = (await lock.withLock('component:wx1', async () => 'never').catch((e: unknown) => e)) as LockTimeoutError;
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(sleeps).toEqual([50, 100, 200, 400, 800, 1_000, 450]);
    expect({ key: err.lockKey, waited: err.waitedMs, attempts: err.attempts }).toEqual({
      key: 'component:wx1',
      waited: 3_000,
      attempts: 8,
    });
    expect(err.message).toBe('lock "component:wx1" not acquired after 3000 ms (8 attempts)');
    release();
    await held;
    expect(lock.isHeld('component:wx1')).toBe(false);
  });

  it('hands the lock over once the holder finishes', async () => {
    const lock = new MemoryLock({ initialDelayMs: 5, maxDelayMs: 20 }); // real clock and sleeps
    const events: string[] = [];
    let release: (() => void) | undefined;
    const first = lock.withLock('k', async () => {
      events.push('first in');
      await new Promise<void>((r) => (release = r));
      events.push('first out');
    });
    const second = lock.withLock('k', async () => void events.push('second in'));
    while (!release) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 30)); // the second caller is now retrying
    expect(events).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('does not make different keys wait for each other', async () => {
    const { lock, sleeps } = exactLock(1_000);
    await lock.withLock('a', () => lock.withLock('b', async () => 'nested'));
    expect(sleeps).toEqual([]);
  });

  it('stops after maxAttempts even when the clock never moves', async () => {
    const lock = new MemoryLock({ clock: new ManualClock(0), maxAttempts: 4, sleep: async () => {} });
    let release!: () => void;
    const held = lock.withLock('k', () => new Promise<void>((r) => (release = r)));
    await expect(lock.withLock('k', async () => 1)).rejects.toMatchObject({ attempts: 4, waitedMs: 0 });
    release();
    await held;
  });
});
