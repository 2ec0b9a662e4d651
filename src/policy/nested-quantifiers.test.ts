import { describe, expect, it } from 'vitest';
import { nestsQuantifiers, schemaPatterns } from './nested-quantifiers.js';

describe('nested quantifiers', () => {
  it.each([
    '(a+)+$',
    '((a+))+$',
    '(?:(?:a+))+$',
    '(a{1,30})+$',
    '^(a?){25}a{25}$',
    '^(\\w+\\s?)*$',
    '(.*,){12}X',
    '([a-z]+)*$',
    '(?<word>a+)*',
    '(a*?)+?',
    '((a+)?)+',
    '(a{2,})*',
  ])('finds a repeated group that holds a varying quantifier in %s', (pattern) => {
    expect(nestsQuantifiers(pattern)).toBe(true);
  });

  it.each([
    '^[a-z]+$',
    '^(foo|bar)+$',
    '(\\d{3})-(\\d{4})',
    '^(?:https?://)?[a-z]+$',
    '(a{3})+',
    '(a+){1}',
    '([+*?]){5}',
    '(\\+\\*)+',
    '(\\u{61}){2,}',
    '(?=a+)b',
    '(?<=a)b+',
    '\\(a+\\)+',
    'a{,5}(b)+',
  ])('passes %s, whose repeated groups hold no varying quantifier', (pattern) => {
    expect(nestsQuantifiers(pattern)).toBe(false);
  });

  it('collects the pattern and patternProperties keys of a schema, not data that looks like one', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', pattern: '^a+$' }, pattern: { type: 'string' } },
      patternProperties: { '^x-': { type: 'string' } },
      items: [{ pattern: 'b' }],
      const: { pattern: 'not a regex' },
      examples: [{ pattern: 'nor this' }],
    };
    expect(schemaPatterns(schema).sort((a, b) => a.pattern.localeCompare(b.pattern))).toEqual([
      { pattern: '^a+$', at: ['properties', 'name', 'pattern'] },
      { pattern: '^x-', at: ['patternProperties', '^x-'] },
      { pattern: 'b', at: ['items', 0, 'pattern'] },
    ]);
  });

  it('walks a schema that refers to itself once', () => {
    const schema: Record<string, unknown> = { pattern: '(a+)+' };
    schema.items = schema;
    expect(schemaPatterns(schema)).toEqual([{ pattern: '(a+)+', at: ['pattern'] }]);
  });
});
