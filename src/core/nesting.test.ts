import { describe, expect, it } from 'vitest';
import { nestingDepthExceeds, nestingLimit } from './nesting.js';

/** `depth` arrays, one inside the next, around `bottom`. */
function nested(depth: number, bottom: unknown = 1): unknown {
  let value = bottom;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('nestingDepthExceeds', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestingDepthExceeds('text', 0)).toBe(false);
    expect(nestingDepthExceeds(null, 0)).toBe(false);
    expect(nestingDepthExceeds({}, 0)).toBe(true);
    expect(nestingDepthExceeds({}, 1)).toBe(false);
    expect(nestingDepthExceeds({ a: [[1]] }, 2)).toBe(true);
    expect(nestingDepthExceeds({ a: [[1]] }, 3)).toBe(false);
    expect(nestingDepthExceeds({ a: 1, b: { c: [2] }, d: [] }, 3)).toBe(false);
    expect(nestingDepthExceeds({ a: 1, b: { c: [{}] }, d: [] }, 3)).toBe(true);
  });

  it('defaults to nestingLimit: exactly that many levels pass, one more does not', () => {
    expect(nestingDepthExceeds(nested(nestingLimit))).toBe(false);
    expect(nestingDepthExceeds(nested(nestingLimit + 1))).toBe(true);
    expect(nestingDepthExceeds({ wide: Array.from({ length: 10_000 }, () => ({ n: 1 })) })).toBe(false);
  });

  it('finds the deep branch wherever it is among shallow ones', () => {
    const value = { first: [1, 2], deep: [{ x: 1 }, nested(10)], last: {} };
    expect(nestingDepthExceeds(value, 11)).toBe(true);
    expect(nestingDepthExceeds(value, 12)).toBe(false);
  });

  it('does not overflow the stack on a value nested a million deep', () => {
    expect(nestingDepthExceeds(nested(1_000_000))).toBe(true);
    expect(nestingDepthExceeds(nested(1_000_000), 2_000_000)).toBe(false);
  });

  it('walks a value shared by many parents once, and does not follow a cycle', () => {
    // 64 levels where each holds the next twice: 2^64 paths, 64 distinct arrays.
    let shared: unknown = [];
    for (let i = 0; i < 64; i++) shared = [shared, shared];
    expect(nestingDepthExceeds(shared, 64)).toBe(true);
    expect(nestingDepthExceeds(shared, 65)).toBe(false);
    expect(nestingDepthExceeds({ a: shared, b: [[shared]] }, 66)).toBe(true);
    expect(nestingDepthExceeds({ a: shared, b: [[shared]] }, 68)).toBe(false);

    const cycle: Record<string, unknown> = { n: [1] };
    cycle.self = cycle;
    expect(nestingDepthExceeds(cycle, 2)).toBe(false);
    expect(nestingDepthExceeds(cycle, 1)).toBe(true);
  });
});
