/** Contract: the DeliveryLedger's claim/confirm/release/purge rules, TTLs driven by a manual clock. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/manual-clock.js';
import { AesGcmSecretBox, generateSecretKey } from '../../../../functions/src/storage/secret-box.js';
import type { StorageHarness } from './harness.js';

const TTL = 600_000;
const PENDING = 10_000;

export function ledgerContract(harness: StorageHarness): void {
  const open = async (ledger = { ttlMs: TTL, pendingTimeoutMs: PENDING }) => {
    const clock = new ManualClock(Date.UTC(2024, 4, 1, 8, 0, 0));
    const h = await harness.create({ clock, secretBox: new AesGcmSecretBox(generateSecretKey()), ledger });
    return { ...h, clock, ledger: h.storage.ledger };
  };

  describe(`${harness.name}: DeliveryLedger`, () => {
    it('claims once, reports in-progress while pending, duplicate once confirmed', async () => {
      const { ledger, clock } = await open();
      expect(await ledger.claim('wxA:msg:1001')).toBe('claimed');
      expect(await ledger.claim('wxA:msg:1001')).toBe('in-progress');
      clock.advance(PENDING - 1);
      expect(await ledger.claim('wxA:msg:1001')).toBe('in-progress');
      await ledger.confirm('wxA:msg:1001');
      expect(await ledger.claim('wxA:msg:1001')).toBe('duplicate');
      expect(await ledger.claim('wxA:msg:1002')).toBe('claimed');
    });

    it('lets a stale pending claim be taken over after pendingTimeoutMs', async () => {
      const { ledger, clock } = await open();
      expect(await ledger.claim('k')).toBe('claimed');
      clock.advance(PENDING);
      expect(await ledger.claim('k')).toBe('claimed');
      expect(await ledger.claim('k')).toBe('in-progress');
    });

    it('answers duplicate until the TTL after confirm, then claims again', async () => {
      const { ledger, clock } = await open();
      await ledger.claim('k');
      clock.advance(2_000);
      await ledger.confirm('k');
      clock.advance(TTL - 1);
      expect(await ledger.claim('k')).toBe('duplicate');
      clock.advance(1);
      expect(await ledger.claim('k')).toBe('claimed');
    });

    it('honours a configured TTL', async () => {
      const { ledger, clock } = await open({ ttlMs: 30_000, pendingTimeoutMs: 5_000 });
      await ledger.claim('k');
      await ledger.confirm('k');
      clock.advance(29_999);
      expect(await ledger.claim('k')).toBe('duplicate');
      clock.advance(1);
      expect(await ledger.claim('k')).toBe('claimed');
    });

    it('release forgets a pending claim but never a confirmed one', async () => {
      const { ledger } = await open();
      await ledger.claim('pending-one');
      await ledger.release('pending-one');
      expect(await ledger.claim('pending-one')).toBe('claimed');
      await ledger.claim('done-one');
      await ledger.confirm('done-one');
      await ledger.release('done-one');
      expect(await ledger.claim('done-one')).toBe('duplicate');
      await ledger.release('never-claimed');
    });

    it('purgeExpired removes exactly the entries past their TTL', async () => {
      const { ledger, clock } = await open();
      await ledger.claim('a');
      await ledger.confirm('a');
      clock.advance(60_000);
      await ledger.claim('b');
      await ledger.confirm('b');
      await ledger.claim('c'); // pending, abandoned
      expect(await ledger.purgeExpired()).toBe(0);
      clock.advance(TTL - 60_000);
      expect(await ledger.purgeExpired()).toBe(1); // a
      clock.advance(60_000);
      expect(await ledger.purgeExpired()).toBe(2); // b, c
      expect(await ledger.purgeExpired()).toBe(0);
      expect(await ledger.claim('a')).toBe('claimed');
    });

    it('gives exactly one of many concurrent claimers across two instances the claim', async () => {
      const h = await open();
      const other = (await h.sibling()).ledger;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : h.ledger).claim('wxA:msg:race')));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in-progress')).toHaveLength(7);
    });

    it('gives exactly one concurrent taker-over a stale claim', async () => {
      const h = await open();
      const other = (await h.sibling()).ledger;
      await h.ledger.claim('stale');
      h.clock.advance(PENDING + 1);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? other : h.ledger).claim('stale')));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in-progress')).toHaveLength(5);
    });

    it('keeps keys with characters tables forbid apart', async () => {
      const { ledger } = await open();
      const keys = ['a/b', 'a\\b', 'a#b', 'a?b', 'a\u0001b', 'a\u007fb', "it's", '消息', 'a!2Fb', 'x'.repeat(2000), 'x'.repeat(2001)];
      for (const key of keys) expect(await ledger.claim(key)).toBe('claimed');
      for (const key of keys) expect(await ledger.claim(key)).toBe('in-progress');
    });

    it('rejects an empty key with a typed error', async () => {
      const { ledger } = await open();
      await expect(ledger.claim('')).rejects.toMatchObject({ code: 'invalid-key' });
    });
  });
}
