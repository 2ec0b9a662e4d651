import { describe, expect, it } from 'vitest';
import { fromJsonb, toJsonbText, toStorableText } from './jsonb-text.js';

/** What pg hands back for a jsonb parameter: the stored text, parsed. */
const roundTrip = (value: unknown): unknown => fromJsonb(JSON.parse(toJsonbText(JSON.stringify(value))));

describe('jsonb text', () => {
  it.each([
    ['a plain object', { a: 1, b: ['x', null] }],
    ['a string', 'hello'],
    ['a NUL', { text: 'a\u0000b' }],
    ['a lone surrogate', ['emoji cut \ud83d', '\udc4d']],
    ['an object whose own key is the envelope key, holding text that is not JSON', { '$warden:json': 'not json' }],
    ['an object whose own key is the envelope key, holding other JSON', { '$warden:json': '{"forged":true}' }],
    ['the envelope key beside other keys', { '$warden:json': '[1]', other: 2 }],
    ['the envelope key with a value that is not text', { '$warden:json': 42 }],
    ['the envelope key nested', { output: { '$warden:json': 'x' } }],
    ['an envelope of an envelope', { '$warden:json': JSON.stringify({ '$warden:json': '1' }) }],
    ['the envelope key as text', '"$warden:json"'],
  ])('round-trips %s', (_what, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('stores values jsonb can hold as they are', () => {
    const json = JSON.stringify({ a: 'plain', b: [1, 2] });
    expect(toJsonbText(json)).toBe(json);
  });

  it('wraps a value that is an object with the envelope key, so it is never read as an envelope', () => {
    const forged = JSON.stringify({ '$warden:json': '{"forged":true}' });
    expect(JSON.parse(toJsonbText(forged))).toEqual({ '$warden:json': forged });
  });

  it('reads an object that only inherits the envelope key as it is', () => {
    const inherits = Object.create({ '$warden:json': 'not json' }) as object;
    expect(fromJsonb(inherits)).toBe(inherits);
  });
});

describe('toStorableText', () => {
  it('replaces each NUL and each lone surrogate with one U+FFFD, keeping whole surrogate pairs', () => {
    expect(toStorableText('a\u0000b \ud83d \udc4d \ud83d\ude00 end')).toBe('a\uFFFDb \uFFFD \uFFFD \ud83d\ude00 end');
  });

  it('leaves text without them unchanged', () => {
    expect(toStorableText('plain \u2028 text')).toBe('plain \u2028 text');
  });
});
