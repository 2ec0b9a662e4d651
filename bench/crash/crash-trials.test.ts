import { describe, expect, it } from 'vitest';
import { runCrashTrials } from './crash-trials.js';

/**
 * The CI-sized subset of `npm run bench -- crash`: real worker processes SIGKILLed at every kind of point,
 * on the local PostgreSQL and Redis. The full count (200+) runs as the bench.
 */
describe('crash trials (CI subset)', () => {
  it('loses no run, repeats no side effect, and finishes every run after SIGKILLs of worker processes', async () => {
    const report = await runCrashTrials({
      trials: 10,
      workers: 3,
      seed: 20261203,
      connectionString: process.env.WARDEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(report).toMatchObject({
      trials: 10,
      lostRuns: 0,
      duplicateSideEffects: 0,
      unfinishedRuns: 0,
      missingSideEffects: 0,
    });
    expect(report.runs).toBe(10 + report.kills.missed);
    const kinds = Object.entries(report.kills).filter(([kind, count]) => kind !== 'missed' && count > 0);
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    expect(report.workerProcesses.spawned).toBeGreaterThanOrEqual(3 + 10);
  }, 90_000);
});
