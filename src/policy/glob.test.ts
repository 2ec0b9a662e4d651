import { describe, expect, it } from 'vitest';
import { compileNames, isGlob, matchesGlob } from './glob.js';

describe('tool-name globs', () => {
  it.each([
    ['send_*', 'send_email', true],
    ['send_*', 'send_', true],
    ['send_*', 'resend_email', false],
    ['*_email', 'send_email', true],
    ['*mail*', 'mail', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['read_?', 'read_a', true],
    ['read_?', 'read_', false],
    ['read_?', 'read_ab', false],
    ['??', '😀', true],
    ['*', '', true],
    ['a*', 'a\nb', true],
    ['a?b', 'a\nb', true],
  ])('%j against %j: %s', (pattern, name, expected) => {
    expect(matchesGlob(pattern, name)).toBe(expected);
    expect(compileNames([pattern])(name)).toBe(expected);
  });

  it('takes every other character literally, regex metacharacters included', () => {
    const matches = compileNames(['a.b*', 'x+(y)|[z]^$\\*']);
    expect(matches('a.bc')).toBe(true);
    expect(matches('axbc')).toBe(false);
    expect(matches('x+(y)|[z]^$\\tail')).toBe(true);
    expect(matches('xx(y)|[z]^$\\')).toBe(false);
  });

  it('matches a name that equals any of the patterns, exact or glob', () => {
    const matches = compileNames(['read', 'send_*', 'get_?']);
    expect(['read', 'send_email', 'get_x'].map(matches)).toEqual([true, true, true]);
    expect(['reads', 'send', 'get_xy', 'write'].map(matches)).toEqual([false, false, false, false]);
    expect(compileNames([])('read')).toBe(false);
  });

  it('tells globs from names', () => {
    expect([isGlob('send_*'), isGlob('a?'), isGlob('send_email')]).toEqual([true, true, false]);
  });

  it('answers a pattern of 30 stars against a 10,000-character name a model chose, without backtracking', () => {
    const pattern = `${'*a'.repeat(29)}*b`;
    const name = 'a'.repeat(10_000);
    expect(compileNames([pattern])(name)).toBe(false);
    expect(compileNames([pattern])(`${name}b`)).toBe(true);
  });
});
