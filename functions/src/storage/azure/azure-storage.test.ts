/** The shared storage contract, run against Azurite (tables, queues, blob leases) with isolated names. */
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { miscContract } from '@wxm/testkit/kit/storage/contract/misc-contract';
import type { HarnessOptions, StorageHarness } from '@wxm/testkit/kit/storage/contract/harness';
import { tokenContract } from '@wxm/testkit/kit/storage/contract/token-contract';
import { tableClient } from './connection.js';
import { createAzureStorage } from './create-azure-storage.js';
import { encodeTableKey } from './table-keys.js';

const azureHarness: StorageHarness = {
  name: 'azure (Azurite)',
  async create(options: HarnessOptions) {
    const connectionString = azuriteConnectionString();
    const namePrefix = uniqueNamePrefix('c');
    const open = () =>
      createAzureStorage(connectionString, {
        secretBox: options.secretBox,
        clock: options.clock,
        namePrefix,
        ...(options.lock ? { lock: options.lock } : {}),
      });
    const storage = await open();
    const rawEntity = async (table: string, pk: string, rk: string) => JSON.stringify(await tableClient(connectionString, table).getEntity(pk, rk));
    return {
      storage,
      sibling: open,
      rawRefreshToken: (appid) => rawEntity(storage.names.tables.refreshTokens, encodeTableKey(appid), 'refresh'),
      rawToken: (key) => rawEntity(storage.names.tables.tokens, encodeTableKey(key), 'token'),
    };
  },
};

tokenContract(azureHarness);
miscContract(azureHarness);
