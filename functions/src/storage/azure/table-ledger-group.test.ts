/** The ledger group contract on Azure Tables (Azurite), and what the transactions look like on the wire. */
import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { ledgerGroupContract } from '@wxm/testkit/kit/storage/contract/ledger-group-contract';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { tableClient } from './connection.js';
import { TableDeliveryLedger } from './table-delivery-ledger.js';
import { failedOperationIndex } from './table-ledger-entities.js';

async function freshTable() {
  const table = tableClient(azuriteConnectionString(), `${uniqueNamePrefix('g')}Ledger`);
  await table.createTable();
  return table;
}

ledgerGroupContract({
  name: 'azure (Azurite)',
  async create(clock, options) {
    const table = await freshTable();
    const name = table.tableName;
    // The sibling has its own clients, as another Function App instance would.
    return {
      ledger: new TableDeliveryLedger({ table, clock, ...options }),
      sibling: new TableDeliveryLedger({ table: tableClient(azuriteConnectionString(), name), clock, ...options }),
    };
  },
});

describe('table ledger layout', () => {
  it("keeps an account's claims in one partition, one row per key", async () => {
    const table = await freshTable();
    const ledger = new TableDeliveryLedger({ table, clock: new ManualClock(Date.UTC(2024, 4, 1)) });
    await ledger.claimMany(['wxA|msg|1', 'wxA|msg|2', 'wxB|msg|1']);
    const rows: string[] = [];
    for await (const e of table.listEntities()) rows.push(`${e.partitionKey} ${e.rowKey}`);
    expect(rows.sort()).toEqual(['wxA wxA!7Cmsg!7C1', 'wxA wxA!7Cmsg!7C2', 'wxB wxB!7Cmsg!7C1']);
  });

  it('reads the failing operation index the service puts before its message', async () => {
    const table = await freshTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'b' });
    const err = await table
      .submitTransaction([
        ['create', { partitionKey: 'p', rowKey: 'a' }],
        ['create', { partitionKey: 'p', rowKey: 'b' }],
      ])
      .catch((e: unknown) => e);
    expect(failedOperationIndex(err)).toBe(1);
    expect(failedOperationIndex(new Error('no index'))).toBeUndefined();
  });

  it('confirms a whole group with one row; a claim of the group left out of the confirm stays pending', async () => {
    const table = await freshTable();
    const clock = new ManualClock(Date.UTC(2024, 4, 1));
    const ledger = new TableDeliveryLedger({ table, clock });
    const sibling = new TableDeliveryLedger({ table: tableClient(azuriteConnectionString(), table.tableName), clock });
    const tickets = (await ledger.claimMany(['wxA|msg|1', 'wxA|msg|2'])).flatMap((c) => (c.result === 'claimed' ? [c.ticket] : []));
    await ledger.confirmMany(tickets);
    const rows: string[] = [];
    for await (const e of table.listEntities()) rows.push(`${e.rowKey} ${String(e['status'])}`);
    expect(rows.filter((r) => r.startsWith('!7Cgroup')).map((r) => r.split(' ')[1])).toEqual(['confirmed']);
    expect(rows.filter((r) => !r.startsWith('!7Cgroup')).sort()).toEqual(['wxA!7Cmsg!7C1 pending', 'wxA!7Cmsg!7C2 pending']);
    expect(await sibling.claimMany(['wxA|msg|1', 'wxA|msg|2'])).toEqual([
      { key: 'wxA|msg|1', result: 'duplicate' },
      { key: 'wxA|msg|2', result: 'duplicate' },
    ]);

    const part = (await ledger.claimMany(['wxA|msg|3', 'wxA|msg|4'])).flatMap((c) => (c.result === 'claimed' ? [c.ticket] : []));
    await ledger.confirmMany(part.slice(0, 1)); // msg 4's message was not queued (and its release was lost)
    expect(await sibling.claimMany(['wxA|msg|3', 'wxA|msg|4'])).toEqual([
      { key: 'wxA|msg|3', result: 'duplicate' },
      { key: 'wxA|msg|4', result: 'in-progress' },
    ]);
  });
});
