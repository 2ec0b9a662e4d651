import { describe, expect, it } from 'vitest';
import { asJson, jsonSafe } from './json-safe.js';
import { nestingLimit } from './nesting.js';

/** `depth` arrays, one inside the next. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('jsonSafe', () => {
  const encodes = (value: unknown) => JSON.parse(JSON.stringify(jsonSafe(value)));

  it('leaves plain JSON as it is', () => {
    const plain = { a: [1, 'two', null, true], b: { c: 3.5 } };
    expect(encodes(plain)).toEqual(plain);
  });

  it('encodes what JSON.stringify throws on, saying what it was', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50_000; i++) deep = { deep };
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(
      encodes({
        big: 12345678901234567890n,
        cycle,
        toJSON: {
          toJSON: () => {
            throw new Error('refused');
          },
        },
        getter: {
          get x() {
            throw new Error('no x');
          },
        },
        hostile,
        deep,
      }),
    ).toMatchObject({
      big: '12345678901234567890',
      cycle: { name: 'loop', self: '[cycle]' },
      toJSON: '[toJSON threw: refused]',
      getter: { x: '[unreadable: no x]' },
      hostile: '[unreadable: no keys]',
    });
  });

  it('keeps a value seen twice that is not a cycle, and drops what JSON drops', () => {
    const shared = { n: 1 };
    expect(encodes({ one: shared, two: shared, f: () => 1, s: Symbol('s'), list: [() => 1], nan: Number.NaN })).toEqual(
      {
        one: { n: 1 },
        two: { n: 1 },
        list: [null],
        nan: null,
      },
    );
  });
});

describe('asJson', () => {
  it('gives the JSON form of what has one, and says why for what has none', () => {
    expect(asJson({ at: new Date(0), map: new Map([[1, 2]]), nan: Number.NaN, f: () => 1 })).toEqual({
      ok: true,
      value: { at: '1970-01-01T00:00:00.000Z', map: {}, nan: null },
    });
    expect(asJson(10n)).toEqual({ ok: false, problem: 'a bigint has no JSON form' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(asJson(cycle)).toMatchObject({ ok: false, problem: expect.stringMatching(/circular/i) });
  });

  it(`takes arrays and objects nested ${nestingLimit} levels and refuses deeper ones, naming the limit`, () => {
    expect(asJson(nested(nestingLimit))).toEqual({ ok: true, value: nested(nestingLimit) });
    const refused = { ok: false, problem: `it nests arrays and objects deeper than ${nestingLimit} levels` };
    expect(asJson(nested(nestingLimit + 1))).toEqual(refused);
    expect(asJson({ value: nested(3_000) })).toEqual(refused);
    // So deep that JSON.stringify itself overflows the stack.
    expect(asJson(nested(1_000_000))).toEqual(refused);
  });

  it('counts the depth of the JSON form: a toJSON that returns deep data is refused', () => {
    expect(asJson({ toJSON: () => nested(nestingLimit + 1) })).toMatchObject({ ok: false, problem: /deeper than/ });
    expect(asJson({ when: { toJSON: () => 'flat' } })).toEqual({ ok: true, value: { when: 'flat' } });
  });
});

describe('jsonSafe and the nesting limit', () => {
  it(`keeps ${nestingLimit} levels and marks what is deeper`, () => {
    expect(jsonSafe(nested(nestingLimit))).toEqual(nested(nestingLimit));
    let marked: unknown = '[nested too deep]';
    for (let i = 0; i < nestingLimit; i++) marked = [marked];
    expect(jsonSafe(nested(nestingLimit + 5))).toEqual(marked);
  });
});
