import { describe, expect, it } from 'vitest';
import { StorageUnavailable } from '../relay/errors.js';
import { openOnce } from './open-once.js';

describe('openOnce', () => {
  it('opens once for every caller, concurrent or later', async () => {
    let opens = 0;
    const ready = openOnce('open storage', async () => ({ n: ++opens }));
    const [a, b] = await Promise.all([ready(), ready()]);
    expect(a).toBe(b);
    expect(await ready()).toBe(a);
    expect(opens).toBe(1);
  });

  it('a failed open is StorageUnavailable (with the cause) and the next call tries again', async () => {
    const down = new Error('ECONNREFUSED');
    let opens = 0;
    const ready = openOnce('open storage', async () => {
      opens++;
      if (opens === 1) throw down;
      return 'open';
    });
    const failure = await ready().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect(failure).toMatchObject({ message: 'Storage unavailable during open storage', cause: down });
    expect(await ready()).toBe('open');
    expect(opens).toBe(2);
  });
});
