import { describe, expect, it } from 'vitest';
import { addUsage, emptyUsage } from './usage.js';

describe('addUsage', () => {
  it('sums counters and keeps optional ones only when present', () => {
    const sum = addUsage(emptyUsage(), { inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(sum).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    const cached = addUsage(sum, { inputTokens: 1, outputTokens: 1, totalTokens: 2, cachedInputTokens: 1 });
    expect(cached.cachedInputTokens).toBe(1);
    expect(cached.totalTokens).toBe(7);
  });
});
