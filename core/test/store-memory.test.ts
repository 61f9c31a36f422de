import { MemoryStore } from '../src/store/memory.js';
import { storeContract } from './store-contract.js';

storeContract(
  'MemoryStore',
  async () => {
    const store = new MemoryStore();
    return {
      store,
      seed: async (files) => {
        for (const [k, v] of Object.entries(files)) store.map.set(k, v);
      },
      cleanup: async () => undefined,
    };
  },
  { list: true, write: true },
);
