import { describe, expect, it } from 'vitest';
import { summarizeInvocations } from './invocations.js';

describe('summarizeInvocations', () => {
  it('reports the median of every number, with the range of those that varied', () => {
    const summary = summarizeInvocations([
      { trials: 200, lost: 0, kills: { uniform: 43 }, ms: [5, 1], name: 'crash', seed: 1 },
      { trials: 200, lost: 0, kills: { uniform: 60 }, ms: [9, 2], name: 'crash', seed: 2 },
      { trials: 200, lost: 0, kills: { uniform: 51 }, ms: [1, 3], name: 'crash', seed: 3 },
    ]);
    expect(summary).toMatchObject({ trials: 200, lost: 0, kills: { uniform: 51 }, ms: [5, 2], name: 'crash' });
    expect(summary.range).toEqual({
      'kills.uniform': { median: 51, min: 43, max: 60 },
      'ms[0]': { median: 5, min: 1, max: 9 },
      'ms[1]': { median: 2, min: 1, max: 3 },
    });
    expect(summary.identical).toEqual(['trials', 'lost']);
    expect(summary.seeds).toEqual([1, 2, 3]);
    expect(summary.invocations).toBe(3);
    expect(summary.invocationReports).toHaveLength(3);
  });

  it('never reports a best run: the median of an even count is the mean of the middle two', () => {
    const summary = summarizeInvocations([{ p99: 1 }, { p99: 10 }, { p99: 2 }, { p99: 4 }]);
    expect(summary.p99).toBe(3);
    expect(summary.range.p99).toEqual({ median: 3, min: 1, max: 10 });
  });

  it('keeps the first value where invocations disagree on the shape, and refuses no reports', () => {
    const summary = summarizeInvocations([
      { a: 1, list: [1] },
      { a: 'x', list: [1, 2] },
    ]);
    expect(summary.a).toBe(1);
    expect(summary.list).toEqual([1]);
    expect(() => summarizeInvocations([])).toThrow(TypeError);
  });
});
