import { describe, expect, it } from 'vitest';
import { nestingLimit } from '../core/nesting.js';
import { parseArguments } from './parse-arguments.js';

const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('parseArguments', () => {
  it('takes JSON as it is and empty arguments as {}', () => {
    expect(parseArguments(' {"a": [1, "b"]} ')).toEqual({ ok: true, input: { a: [1, 'b'] } });
    expect(parseArguments('  ')).toEqual({ ok: true, input: {} });
  });

  it('repairs almost-JSON and fenced JSON, and reports the repair', () => {
    const repaired = (text: string) => ({ ok: true, input: { a: 1 }, repair: { kind: 'json-repair', original: text } });
    for (const text of ["{'a': 1,}", '{a: 1}', '```json\n{"a": 1}\n```', '```\n  {"a": 1}  \n```', '```{"a": 1}```']) {
      expect(parseArguments(text)).toEqual(repaired(text));
    }
  });

  it('refuses what cannot be repaired, saying to send JSON', () => {
    const parsed = parseArguments('```x');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^The arguments are not valid JSON .*Send a JSON object\.$/);
  });

  it('a fence with 50 000 newlines that does not close at the end: refused or repaired, without backtracking', () => {
    for (const text of [`\`\`\`${'\n'.repeat(50_000)}\`\`\`x`, `\`\`\`${' '.repeat(50_000)}`]) {
      const parsed = parseArguments(text);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/not valid JSON/);
    }
    // The repairer drops an opening fence it finds alone.
    expect(parseArguments(`\`\`\`\n${'\n'.repeat(50_000)}x`)).toMatchObject({ ok: true, input: 'x' });
    expect(parseArguments(`\`\`\`json${'\n'.repeat(50_000)}{"a": 1}${'\n'.repeat(50_000)}\`\`\``)).toMatchObject({
      ok: true,
      input: { a: 1 },
    });
  });

  it(`takes arguments nested ${nestingLimit} levels and refuses deeper ones, naming the limit`, () => {
    expect(parseArguments(nested(nestingLimit)).ok).toBe(true);
    for (const text of [nested(nestingLimit + 1), nested(3_000), nested(100_000), `${nested(100_000)},`]) {
      expect(parseArguments(text)).toEqual({
        ok: false,
        message: `The arguments nest arrays and objects deeper than ${nestingLimit} levels, the most a tool call may hold. Send flatter JSON.`,
      });
    }
  });

  it('refuses deep arguments that only parse after a repair', () => {
    expect(parseArguments(`${nested(nestingLimit)},`)).toMatchObject({ ok: true, repair: { kind: 'json-repair' } });
    expect(parseArguments(`${nested(nestingLimit + 1)},`)).toMatchObject({ ok: false, message: /deeper than/ });
  });
});
