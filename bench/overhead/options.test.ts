import { describe, expect, it } from 'vitest';
import { parseOverheadOptions } from './options.js';

describe('parseOverheadOptions', () => {
  it('defaults to 5 passes of 300 runs after 300 warmup and 1000 settling runs, every runner, 1000 memory runs', () => {
    expect(parseOverheadOptions([])).toEqual({ passes: 5, runs: 300, warmup: 300, settle: 1000, memoryRuns: 1000 });
  });

  it('reads counts in both spellings and splits --only', () => {
    expect(
      parseOverheadOptions(['--passes', '7', '--runs=50', '--warmup', '0', '--settle=5', '--only', 'warden, ai-sdk']),
    ).toEqual({
      passes: 7,
      runs: 50,
      warmup: 0,
      settle: 5,
      memoryRuns: 1000,
      only: ['warden', 'ai-sdk'],
    });
  });

  it('rejects unknown options, missing values and counts that are not whole numbers', () => {
    expect(() => parseOverheadOptions(['--pases', '3'])).toThrow(/Unknown option --pases/);
    expect(() => parseOverheadOptions(['--runs'])).toThrow('--runs needs a value.');
    expect(() => parseOverheadOptions(['--passes', '0'])).toThrow(/at least 1/);
    expect(() => parseOverheadOptions(['--runs', '2.5'])).toThrow(/whole number/);
  });
});
