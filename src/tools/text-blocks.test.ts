import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fencedBlocks, taggedBlocks, unfenced } from './text-blocks.js';

/** The expressions these scanners replace: on short texts they are fast, and the scanners must agree with them. */
const tagged = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;
const fenced = /```(?:json|tool_call|tool)?\s*\n([\s\S]*?)\n?\s*```/g;
const fence = /^\s*```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```\s*$/;

/** Texts made of the pieces the expressions care about, so that fences, tags and whitespace meet often. */
const pieces = fc.constantFrom(
  '```',
  '`',
  '<tool_call>',
  '</tool_call>',
  '<tool_call',
  'json',
  'tool',
  'tool_call',
  '_call',
  'js',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '\u00a0',
  '\u2028',
  'x',
  '{"a":1}',
  '{',
  '}',
  '[',
);
const texts = fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join(''));
/** Texts, and texts wrapped in a fence as a whole (with some whitespace around), which few random texts are. */
const wrapped = fc.oneof(
  texts,
  fc
    .tuple(fc.constantFrom('', ' ', '\n'), texts, fc.constantFrom('', ' ', '\n'))
    .map(([l, t, r]) => `${l}\`\`\`${t}\`\`\`${r}`),
);

describe('text blocks agree with the expressions they replace (property)', () => {
  it('taggedBlocks', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(taggedBlocks(text)).toEqual([...text.matchAll(tagged)].map((match) => match[1]));
      }),
      { numRuns: 10_000 },
    );
  });

  it('fencedBlocks', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(fencedBlocks(text)).toEqual([...text.matchAll(fenced)].map((match) => match[1]));
      }),
      { numRuns: 10_000 },
    );
  });

  it('unfenced', () => {
    fc.assert(
      fc.property(wrapped, (text) => {
        expect(unfenced(text)).toBe(fence.exec(text)?.[1]);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('text blocks on the inputs that made the expressions backtrack', () => {
  const spaces = ' '.repeat(50_000);
  const newlines = '\n'.repeat(50_000);

  it('an opening tag with no closing one, after or before a long run of whitespace', () => {
    expect(taggedBlocks(`<tool_call>${spaces}`)).toEqual([]);
    expect(taggedBlocks(`<tool_call>${spaces}x`)).toEqual([]);
    expect(taggedBlocks(`<tool_call>${spaces}x${spaces}</tool_call>`)).toEqual(['x']);
    expect(taggedBlocks(`<tool_call>${'<tool_call>'.repeat(10_000)}`)).toEqual([]);
  });

  it('an opening fence with no closing one, or whitespace on both sides of a body', () => {
    expect(fencedBlocks(`\`\`\`\n${newlines}`)).toEqual([]);
    expect(fencedBlocks(`\`\`\`\n${newlines}x`)).toEqual([]);
    expect(fencedBlocks(`\`\`\`json${spaces}x`)).toEqual([]);
    expect(fencedBlocks(`\`\`\`json${spaces}\n${spaces}x${newlines}\`\`\``)).toEqual([`${spaces}x`]);
    expect(fencedBlocks('```'.repeat(20_000))).toEqual([]);
  });

  it('a fence as a whole that does not end in a fence, or whitespace inside it', () => {
    expect(unfenced(`\`\`\`${newlines}\`\`\`x`)).toBeUndefined();
    expect(unfenced(`\`\`\`${'\n'.repeat(20_000)}\`\`\`x`)).toBeUndefined();
    expect(unfenced(`\`\`\`json${newlines}{}${newlines}\`\`\``)).toBe('{}');
    expect(unfenced(`\`\`\`${newlines}\`\`\``)).toBe('');
  });
});
