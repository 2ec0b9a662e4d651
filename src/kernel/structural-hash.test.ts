import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

  it('gives another hash under another seed', () => {
    expect(structuralHash({ a: 1 }, 1)).not.toEqual(structuralHash({ a: 1 }, 2));
  });
});
