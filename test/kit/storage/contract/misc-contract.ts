/** Contract: RefreshLock exclusion and timeout, AuthorizerRegistry, Queue, ping. */
import { describe, expect, it } from 'vitest';
import type { AuthorizerRecord } from '../../../../functions/src/relay/ports/storage.js';
import { systemClock } from '../../../../functions/src/kernel/clock.js';
import { LockTimeoutError } from '../../../../functions/src/storage/errors.js';
import { ManualClock } from '../memory/manual-clock.js';
import { AesGcmSecretBox, generateSecretKey } from '../../../../functions/src/storage/secret-box.js';
import { sleep, type StorageHarness } from './harness.js';

export function miscContract(harness: StorageHarness): void {
  const open = () =>
    harness.create({
      clock: new ManualClock(),
      secretBox: new AesGcmSecretBox(generateSecretKey()),
      lock: { clock: systemClock, acquireTimeoutMs: 10_000, initialDelayMs: 10, maxDelayMs: 50 },
    });

  describe(`${harness.name}: RefreshLock`, () => {
    it('never lets two holders of the same key overlap, across two instances', async () => {
      const h = await open();
      const other = await h.sibling();
      let active = 0;
      let maxActive = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          (i % 2 ? other : h.storage).refreshLock.withLock('component:wx1', async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await sleep(60);
            order.push(i);
            active--;
          }),
        ),
      );
      expect(maxActive).toBe(1);
      expect([...order].sort()).toEqual([0, 1, 2, 3]);
    });

    it('returns fn’s result, and releases the lock when fn throws', async () => {
      const { storage } = await open();
      expect(await storage.refreshLock.withLock('k', async () => 42)).toBe(42);
      await expect(storage.refreshLock.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await storage.refreshLock.withLock('k', async () => 'again')).toBe('again');
    });

    it('gives up with LockTimeoutError when the holder keeps the lock', async () => {
      const h = await harness.create({
        clock: new ManualClock(),
        secretBox: new AesGcmSecretBox(generateSecretKey()),
        lock: { clock: systemClock, acquireTimeoutMs: 300, initialDelayMs: 20, maxDelayMs: 50 },
      });
      let release!: () => void;
      const held = h.storage.refreshLock.withLock('busy', () => new Promise<void>((r) => (release = r)));
      await sleep(50);
      const started = Date.now();
      const err = await h.storage.refreshLock.withLock('busy', async () => 'never').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect(err).toMatchObject({ code: 'lock-timeout', lockKey: 'busy' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(3_000);
      release();
      await held;
    });
  });

  describe(`${harness.name}: AuthorizerRegistry`, () => {
    const record = (appid: string, extra: Partial<AuthorizerRecord> = {}): AuthorizerRecord => ({
      appid,
      originalId: `gh_${appid}`,
      nickName: `公众号 ${appid}`,
      serviceType: 2,
      verifyType: -1,
      isMiniProgram: false,
      funcScopes: [1, 15, 4],
      status: 'authorized',
      authorizedAt: 1_714_550_400_000,
      updatedAt: 1_714_550_400_000,
      ...extra,
    });

    it('round-trips records exactly, optional fields included or absent', async () => {
      const { storage } = await open();
      expect(await storage.authorizers.get('wxB')).toBeUndefined();
      await storage.authorizers.put(record('wxB'));
      const mini: AuthorizerRecord = { ...record('wxA', { isMiniProgram: true, funcScopes: [] }) };
      delete mini.serviceType;
      delete mini.verifyType;
      await storage.authorizers.put(mini);
      expect(await storage.authorizers.get('wxB')).toEqual(record('wxB'));
      expect(await storage.authorizers.get('wxA')).toStrictEqual(mini);
      expect(await storage.authorizers.list()).toEqual([mini, record('wxB')]);
    });

    it('replaces a record (revocation) and validates input', async () => {
      const { storage } = await open();
      await storage.authorizers.put(record('wxC'));
      await storage.authorizers.put(record('wxC', { status: 'unauthorized', updatedAt: 1_714_560_000_000 }));
      expect(await storage.authorizers.get('wxC')).toMatchObject({ status: 'unauthorized', updatedAt: 1_714_560_000_000 });
      await expect(storage.authorizers.put(record('wxD', { status: 'gone' as never }))).rejects.toMatchObject({
        code: 'invalid-value',
      });
    });
  });

  describe(`${harness.name}: Queue and ping`, () => {
    it('counts enqueued messages', async () => {
      const { storage } = await open();
      const queue = storage.queue<{ n: number }>('inbound');
      expect(await queue.depth()).toBe(0);
      await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 });
      expect(await queue.depth()).toBe(2);
      expect(storage.queue('inbound')).toBe(queue);
    });

    it('accepts exactly 64 KiB of encoded text and refuses one more base64 quantum', async () => {
      const { storage } = await open();
      // {"blob":"…"} is 11 + n characters; base64 of 49 152 bytes is exactly 65 536 characters.
      await storage.queue('big').enqueue({ blob: 'x'.repeat(49_141) });
      expect(await storage.queue('big').depth()).toBe(1);
      await expect(storage.queue('big').enqueue({ blob: 'x'.repeat(49_142) })).rejects.toMatchObject({
        code: 'message-too-large',
      });
    });

    it('answers ping', async () => {
      const { storage } = await open();
      await expect(storage.ping()).resolves.toBeUndefined();
    });
  });
}
