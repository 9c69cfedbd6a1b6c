import { keyValueContract } from '../contract/kv-contract.js';
import { MemoryKeyValueStore } from './memory-key-value-store.js';

keyValueContract({
  name: 'memory',
  async create(clock) {
    const kv = new MemoryKeyValueStore(clock);
    return { kv, sibling: async () => kv };
  },
});
