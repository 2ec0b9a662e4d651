import type { RunStore } from '../../src/store/run-store.js';

const lease = { token: 1, owner: 'bench', expiresAt: Number.POSITIVE_INFINITY };

/**
 * A run store that keeps nothing: the kernel's own cost apart from any store's. Only for measuring; a run on it
 * cannot be read back or resumed.
 */
export function createNullStore(): RunStore {
  return {
    location: 'null',
    createRun: async () => {},
    append: async () => {},
    readEvents: async () => [],
    getRun: async () => undefined,
    updateRun: async () => {},
    listRuns: async () => [],
    recoverInterrupted: async () => [],
    claim: async () => lease,
    renew: async () => lease,
    release: async () => {},
    close: async () => {},
  };
}
