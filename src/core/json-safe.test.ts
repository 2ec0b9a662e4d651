import { describe, expect, it } from 'vitest';
import { jsonSafe } from './json-safe.js';

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
