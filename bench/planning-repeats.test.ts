import { describe, expect, it } from 'vitest';
import { combinePlanningRuns } from './planning-repeats.js';

const report = (wallMs: number, success: number, cellWall: number) => ({
  wallMs,
  tasks: 12,
  strategies: { astar: { '0.7': { success, modelCallsMean: 3.5, wallMsMean: cellWall } } },
});

describe('combining consecutive planning invocations', () => {
  it('says the counts are identical when only wall times differ, with the median and range of those', () => {
    const combined = combinePlanningRuns([report(300, 1, 50), report(100, 1, 70), report(200, 1, 60)]);
    expect(combined.repeats).toMatchObject({
      invocations: 3,
      countsIdentical: true,
      wallMs: { median: 200, range: [100, 300] },
      wallMsMeanPerRun: { astar: { '0.7': { median: 60, range: [50, 70] } } },
    });
    // The cells kept are the median invocation's.
    expect(combined.wallMs).toBe(200);
    expect(combined.strategies.astar?.['0.7']?.wallMsMean).toBe(60);
  });

  it('says so when a count differs between invocations', () => {
    const combined = combinePlanningRuns([report(300, 1, 50), report(100, 0.972, 70), report(200, 1, 60)]);
    expect(combined.repeats).toMatchObject({ countsIdentical: false });
  });
});
