/**
 * Contract: the ledger's group paths (claimMany / confirmMany / releaseMany), the same for the memory and the
 * Azure Table ledger, two "instances" sharing one ledger's data, TTLs driven by a manual clock.
 */
import { describe, expect, it } from 'vitest';
import type { GroupLedger } from '../../../../functions/src/relay/ports/ingest.js';
import type { DeliveryLedger } from '../../../../functions/src/relay/ports/storage.js';
import { ManualClock } from '../memory/manual-clock.js';

export type FullLedger = DeliveryLedger & GroupLedger;

export interface GroupLedgerHarness {
  name: string;
  /** A ledger and a sibling on the same data (another relay instance). */
  create(clock: ManualClock, options: { ttlMs: number; pendingTimeoutMs: number }): Promise<{ ledger: FullLedger; sibling: FullLedger }>;
}

const TTL = 600_000;
const PENDING = 10_000;

export function ledgerGroupContract(harness: GroupLedgerHarness): void {
  const open = async () => {
    const clock = new ManualClock(Date.UTC(2024, 4, 1, 8, 0, 0));
    return { clock, ...(await harness.create(clock, { ttlMs: TTL, pendingTimeoutMs: PENDING })) };
  };
  const results = (claims: { result: string }[]) => claims.map((c) => c.result);

  describe(`${harness.name}: group claims`, () => {
    it('claims a group of two accounts, answers in order, then sees them as in-progress and duplicate', async () => {
      const { ledger } = await open();
      const keys = ['wxA|msg|1', 'wxB|msg|1', 'wxA|msg|2'];
      const first = await ledger.claimMany(keys);
      expect(first.map((c) => [c.key, c.result])).toEqual(keys.map((k) => [k, 'claimed']));
      expect(await ledger.claim('wxA|msg|1')).toBe('in-progress');
      await ledger.confirmMany(first.flatMap((c) => (c.result === 'claimed' ? [c.ticket] : [])));
      expect(results(await ledger.claimMany(keys))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    });

    it('takes a key another instance holds out of the write and still claims the rest', async () => {
      const { ledger, sibling } = await open();
      expect(await sibling.claim('wxA|msg|2')).toBe('claimed');
      expect(await sibling.claim('wxA|msg|4')).toBe('claimed');
      await sibling.confirm('wxA|msg|4');
      const claims = await ledger.claimMany(['wxA|msg|1', 'wxA|msg|2', 'wxA|msg|3', 'wxA|msg|4']);
      expect(results(claims)).toEqual(['claimed', 'in-progress', 'claimed', 'duplicate']);
      expect(await sibling.claim('wxA|msg|3')).toBe('in-progress');
    });

    it('takes over an abandoned claim inside the group', async () => {
      const { ledger, sibling, clock } = await open();
      await sibling.claim('wxA|msg|9');
      clock.advance(PENDING);
      expect(results(await ledger.claimMany(['wxA|msg|8', 'wxA|msg|9']))).toEqual(['claimed', 'claimed']);
      expect(await sibling.claim('wxA|msg|9')).toBe('in-progress');
    });

    it('releases its own claims so a retry claims them again, but never one taken over since', async () => {
      const { ledger, sibling, clock } = await open();
      const claims = await ledger.claimMany(['wxA|msg|1', 'wxA|msg|2']);
      const tickets = claims.flatMap((c) => (c.result === 'claimed' ? [c.ticket] : []));
      clock.advance(PENDING);
      expect(await sibling.claim('wxA|msg|2')).toBe('claimed'); // ours looked abandoned: taken over
      await ledger.releaseMany(tickets);
      expect(await sibling.claim('wxA|msg|2')).toBe('in-progress');
      expect(results(await ledger.claimMany(['wxA|msg|1']))).toEqual(['claimed']);
    });

    it('keeps a confirmed group a duplicate until the TTL, then claims again', async () => {
      const { ledger, clock } = await open();
      const claims = await ledger.claimMany(['wxA|msg|1']);
      await ledger.confirmMany(claims.flatMap((c) => (c.result === 'claimed' ? [c.ticket] : [])));
      clock.advance(TTL - 1);
      expect(await ledger.claim('wxA|msg|1')).toBe('duplicate');
      clock.advance(1);
      expect(await ledger.claim('wxA|msg|1')).toBe('claimed');
    });

    it('claims 250 keys of one account (three transactions of at most 100)', async () => {
      const { ledger } = await open();
      const keys = Array.from({ length: 250 }, (_, i) => `wxA|msg|${i}`);
      expect(results(await ledger.claimMany(keys))).toEqual(keys.map(() => 'claimed'));
      expect(await ledger.claim('wxA|msg|249')).toBe('in-progress');
    });

    it("takes over its own abandoned claim at once (same owner), not another owner's", async () => {
      const { ledger, sibling } = await open();
      await ledger.claimMany(['wxA|msg|1', 'wxA|msg|2'], { owner: 'instance-1' });
      expect(results(await sibling.claimMany(['wxA|msg|1'], { owner: 'instance-2' }))).toEqual(['in-progress']);
      expect(results(await ledger.claimMany(['wxA|msg|1', 'wxA|msg|3'], { owner: 'instance-1' }))).toEqual(['claimed', 'claimed']);
      expect(results(await sibling.claimMany(['wxA|msg|2']))).toEqual(['in-progress']);
    });

    it('writes confirms riding in a claim, also for a partition with nothing to claim', async () => {
      const { ledger, sibling } = await open();
      const first = await ledger.claimMany(['wxA|msg|1', 'wxB|msg|1']);
      const tickets = first.flatMap((c) => (c.result === 'claimed' ? [c.ticket] : []));
      expect(results(await ledger.claimMany(['wxA|msg|2'], { confirm: tickets }))).toEqual(['claimed']);
      expect(await sibling.claim('wxA|msg|1')).toBe('duplicate');
      expect(await sibling.claim('wxB|msg|1')).toBe('duplicate');
      expect(await sibling.claim('wxA|msg|2')).toBe('in-progress');
    });

    it('refuses a group naming a key twice', async () => {
      const { ledger } = await open();
      await expect(ledger.claimMany(['wxA|msg|1', 'wxA|msg|1'])).rejects.toThrow(RangeError);
    });
  });
}
