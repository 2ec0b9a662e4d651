import { describe, expect, it } from 'vitest';
import { idealMs, shareDeviation, spread } from './scheduler-figures.js';

describe('scheduler bench figures', () => {
  it('takes the burst at once and the rest at the request rate', () => {
    expect(idealMs(3000, 9000, 150, 20)).toBe(19_020);
    expect(idealMs(100, 9000, 150, 20)).toBe(20);
  });

  it('measures the largest relative deviation of a share from its weight', () => {
    const dispatches = [...Array(10).fill('a'), ...Array(30).fill('b')];
    expect(shareDeviation(dispatches, { a: 1, b: 3 })).toEqual({ shares: { a: 0.25, b: 0.75 }, maxShareDeviation: 0 });
    expect(shareDeviation(dispatches, { a: 1, b: 1 }).maxShareDeviation).toBe(0.5);
    expect(shareDeviation(['a'], { a: 1, c: 1 }).maxShareDeviation).toBe(1);
  });

  it('gives median and range', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1])).toEqual({ median: 2.5, min: 1, max: 4 });
  });
});
