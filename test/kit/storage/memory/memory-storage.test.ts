/** The shared storage contract, run against the in-memory ports. */
import { miscContract } from '../contract/misc-contract.js';
import type { StorageHarness } from '../contract/harness.js';
import { tokenContract } from '../contract/token-contract.js';
import { createMemoryStorage } from './create-memory-storage.js';

const memoryHarness: StorageHarness = {
  name: 'memory',
  async create(options) {
    const storage = createMemoryStorage({
      clock: options.clock,
      secretBox: options.secretBox,
      ...(options.lock ? { lock: options.lock } : {}),
    });
    return {
      storage,
      // In one process every "instance" shares the same memory.
      sibling: async () => storage,
      rawRefreshToken: async (appid) => JSON.stringify(storage.refreshTokens.rawSealed(appid)),
      rawToken: async (key) => JSON.stringify(storage.tokens.rawRow(key)),
    };
  },
};

tokenContract(memoryHarness);
miscContract(memoryHarness);
