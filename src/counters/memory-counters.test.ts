import { describe, expect, it } from 'vitest';
import { createMemoryCounters, MemoryCounters } from './memory-counters.js';
import { describeSharedCountersConformance } from './shared-counters.case.js';

// One object is one backend: every "client" of a test shares it.
let shared = new MemoryCounters();
describeSharedCountersConformance('memory', {
  async open() {
    return shared;
  },
});

describe('memory counters', () => {
  it('are separate per object: two runtimes with their own counters do not share limits', async () => {
    shared = new MemoryCounters();
    const a = createMemoryCounters();
    const b = createMemoryCounters();
    await a.reserve([{ key: 'k', max: 1 }], 0);
    expect((await b.reserve([{ key: 'k', max: 1 }], 0)).ok).toBe(true);
    expect((await a.reserve([{ key: 'k', max: 1 }], 0)).ok).toBe(false);
  });
});
