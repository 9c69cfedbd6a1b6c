import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { keyValueContract } from '@wxm/testkit/kit/storage/contract/kv-contract';
import { tableClient } from './connection.js';
import { storageNames } from './names.js';
import { TableKeyValueStore } from './table-key-value-store.js';

keyValueContract({
  name: 'azure (Azurite)',
  async create(clock) {
    const name = storageNames(uniqueNamePrefix('kv')).tables.keyValues;
    const open = async () => new TableKeyValueStore(tableClient(azuriteConnectionString(), name), clock);
    await tableClient(azuriteConnectionString(), name).createTable();
    return { kv: await open(), sibling: open };
  },
});
