/** The ledger group contract on the memory ledger, plus the write log tests count transactions with. */
import { describe, expect, it } from 'vitest';
import { ledgerGroupContract } from '../contract/ledger-group-contract.js';
import { ManualClock } from './manual-clock.js';
import { MemoryDeliveryLedger } from './memory-delivery-ledger.js';

ledgerGroupContract({
  name: 'memory',
  async create(clock, options) {
    // One ledger object is one shared store: the "sibling" is the same data seen by another instance.
    const ledger = new MemoryDeliveryLedger({ clock, ...options });
    return { ledger, sibling: ledger };
  },
});

describe('memory ledger write log', () => {
  it('logs one write per partition chunk, as the table ledger sends transactions', async () => {
    const ledger = new MemoryDeliveryLedger({ clock: new ManualClock(0) });
    const keys = [...Array.from({ length: 101 }, (_, i) => `wxA|msg|${i}`), 'wxB|msg|1'];
    await ledger.claimMany(keys);
    expect(ledger.writes.map((w) => [w.op, w.partition, w.keys.length])).toEqual([
      ['claim', 'wxA', 100],
      ['claim', 'wxA', 1],
      ['claim', 'wxB', 1],
    ]);
  });
});
