import { describe, expect, it } from 'vitest';
import { nestingLimit } from '../core/nesting.js';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('gives equal text for equal values whatever their key order, at every level', () => {
    const a = { b: [1, { y: 2, x: 'q' }], a: { d: null, c: true } };
    const b = { a: { c: true, d: null }, b: [1, { x: 'q', y: 2 }] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":null},"b":[1,{"x":"q","y":2}]}');
  });

  it('agrees with JSON.stringify on plain JSON values with sorted keys', () => {
    const value = { a: 'line\nbreak "quoted"', b: [1.5, -0, 1e21, 'ü'], c: { e: [], d: {} } };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('drops undefined and functions in objects, writes null for them in arrays, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: 1 })).toBe('{"c":1}');
    expect(canonicalJson([undefined, () => 1, 2])).toBe('[null,null,2]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('never throws: cycles, bigints, non-finite numbers and throwing toJSON become text', () => {
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    expect(canonicalJson(cycle)).toBe('{"n":1,"self":"[Circular]"}');
    expect(canonicalJson({ big: 10n, inf: Number.POSITIVE_INFINITY, nan: Number.NaN })).toBe(
      '{"big":"10","inf":null,"nan":null}',
    );
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(canonicalJson({ x: hostile })).toBe('{"x":"[Unserializable]"}');
    const selfish = {
      k: 1,
      toJSON() {
        return this;
      },
    };
    expect(canonicalJson(selfish)).toBe('{"k":1}');
  });

  it('tells a shared (non-cyclic) reference from a cycle', () => {
    const shared = { v: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"v":1},"b":[{"v":1},{"v":1}]}');
  });

  it('uses toJSON like JSON.stringify does (dates)', () => {
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it(`writes what is nested deeper than ${nestingLimit} levels as a marker, without overflowing the stack`, () => {
    const nested = (depth: number, bottom: unknown) => {
      let value = bottom;
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    };
    const kept = canonicalJson(nested(nestingLimit, 1));
    expect(kept).toBe(`${'['.repeat(nestingLimit)}1${']'.repeat(nestingLimit)}`);
    const cut = `${'['.repeat(nestingLimit)}"[Nested too deep]"${']'.repeat(nestingLimit)}`;
    expect(canonicalJson(nested(nestingLimit + 1, 1))).toBe(cut);
    expect(canonicalJson(nested(1_000_000, 1))).toBe(cut);
    const endless = (): object => ({ toJSON: endless });
    expect(canonicalJson(endless())).toBe(`"[Nested too deep]"`);
  });
});
