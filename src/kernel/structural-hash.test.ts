import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestingLimit, tooDeepMarker } from '../core/nesting.js';
import { canonicalJson } from '../policy/canonical-json.js';
import { structuralHash } from './structural-hash.js';

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reversedKeys(item)]),
  );
}

describe('structuralHash', () => {
  it('hashes values alike exactly when canonicalJson writes them alike (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = canonicalJson(a) === canonicalJson(b);
        expect(structuralHash(a).join() === structuralHash(b).join()).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not depend on key order at any depth (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(structuralHash(reversedKeys(value))).toEqual(structuralHash(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('tells apart values that a naive hash confuses', () => {
    const distinct: unknown[] = [
      null,
      0,
      '0',
      false,
      '',
      [],
      {},
      [null],
      [[]],
      { a: 1 },
      { a: '1' },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { ab: 1 },
      [1, 2],
      [2, 1],
      ['a', 'b'],
      ['ab'],
      { a: { b: 1 } },
      { a: [{ b: 1 }] },
      { 'a\u0000b': 1 },
    ];
    const hashes = distinct.map((value) => structuralHash(value).join());
    expect(new Set(hashes).size).toBe(distinct.length);
  });

  it('follows JSON for what it cannot hold: undefined and functions, -0, non-finite numbers, bigints, toJSON', () => {
    const same = (a: unknown, b: unknown) => expect(structuralHash(a)).toEqual(structuralHash(b));
    same({ a: 1, b: undefined, c: () => 1 }, { a: 1 });
    same([undefined, () => 1], [null, null]);
    same(undefined, null);
    same(-0, 0);
    same(Number.NaN, null);
    same(10n, '10');
    same({ at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' });
    same({ toJSON: () => undefined }, null);
  });

  it('never throws: cycles and throwing toJSON hash as canonicalJson writes them', () => {
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    expect(structuralHash(cycle)).toEqual(structuralHash({ n: 1, self: '[Circular]' }));
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(structuralHash({ x: hostile })).toEqual(structuralHash({ x: '[Unserializable]' }));
  });

  it(`hashes data nested far deeper than ${nestingLimit} levels without overflowing the stack, as canonicalJson writes it`, () => {
    /** `depth` levels of alternating arrays and objects around `bottom` (levels of like parity are alike). */
    const nested = (depth: number, bottom: unknown = 1) => {
      let value = bottom;
      for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { v: value };
      return value;
    };
    for (const depth of [3_000, 100_000]) {
      expect(() => structuralHash(nested(depth))).not.toThrow();
      // Beyond the limit, a level is the marker whatever it holds.
      expect(structuralHash(nested(depth))).toEqual(structuralHash(nested(nestingLimit, tooDeepMarker)));
    }
    expect(structuralHash(nested(nestingLimit + 2))).toEqual(structuralHash(nested(nestingLimit, tooDeepMarker)));
    expect(structuralHash(nested(nestingLimit, 'a'))).not.toEqual(structuralHash(nested(nestingLimit, 'b')));
    const a = nested(nestingLimit + 2, 'a');
    const b = nested(nestingLimit + 2, 'b');
    expect(structuralHash(a)).toEqual(structuralHash(b));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    // A toJSON that returns a new object every time is cut at the limit too.
    const endless = (): object => ({ toJSON: endless });
    expect(structuralHash({ x: endless() })).toEqual(structuralHash({ x: nested(0, tooDeepMarker) }));
  });

  it('gives another hash under another seed', () => {
    expect(structuralHash({ a: 1 }, 1)).not.toEqual(structuralHash({ a: 1 }, 2));
  });
});
