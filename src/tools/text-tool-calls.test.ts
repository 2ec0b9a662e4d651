import { describe, expect, it } from 'vitest';
import { extractTextToolCalls } from './text-tool-calls.js';

const tools = new Set(['add']);
const found = (text: string) => extractTextToolCalls(text, tools).map(({ toolName, input }) => ({ toolName, input }));
const add = { toolName: 'add', input: { a: 1 } };

describe('extractTextToolCalls', () => {
  it('finds calls in <tool_call> tags, fenced blocks and a message that is only JSON', () => {
    expect(found('I will add.\n<tool_call>\n{"name": "add", "arguments": {"a": 1}}\n</tool_call>')).toEqual([add]);
    expect(
      found('<tool_call>{"name":"add","arguments":"{\\"a\\":1}"}</tool_call><tool_call>{"tool":"add"}</tool_call>'),
    ).toEqual([add, { toolName: 'add', input: {} }]);
    for (const tag of ['', 'json', 'tool_call', 'tool']) {
      expect(found(`Calling:\n\`\`\`${tag}  \n{"name": "add", "parameters": {"a": 1}}\n\`\`\` now`)).toEqual([add]);
    }
    expect(found('  [{"function": {"name": "add", "arguments": {"a": 1}}}]\n')).toEqual([add]);
  });

  it('records the whole text as the repair', () => {
    const text = '<tool_call>{"name": "add", "arguments": {"a": 1}}</tool_call>';
    expect(extractTextToolCalls(text, tools)).toEqual([{ ...add, repair: { kind: 'text-tool-call', original: text } }]);
  });

  it('leaves prose, unknown tools and fences that open no block alone', () => {
    expect(found('The answer is {"name": "add"} as JSON.')).toEqual([]);
    expect(found('<tool_call>{"name": "wipe"}</tool_call>')).toEqual([]);
    expect(found('```json {"name": "add"}```')).toEqual([]);
    expect(found('<tool_call>{"name": "add"}')).toEqual([]);
  });

  it('tags take precedence over fences, which take precedence over a bare JSON message', () => {
    expect(
      found('{"name": "add", "arguments": {"a": 2}}\n<tool_call>{"name": "add", "arguments": {"a": 1}}</tool_call>'),
    ).toEqual([add]);
  });

  // Each of these backtracked for minutes with the expressions this file used: now they must finish in the
  // default test timeout.
  it('an opening <tool_call> followed by 50 000 spaces and no closing tag: no call', () => {
    expect(found(`<tool_call>${' '.repeat(50_000)}`)).toEqual([]);
    expect(found(`<tool_call>${' '.repeat(50_000)}x`)).toEqual([]);
    expect(
      found(`<tool_call>${' '.repeat(50_000)}{"name": "add", "arguments": {"a": 1}}${' '.repeat(50_000)}</tool_call>`),
    ).toEqual([add]);
  });

  it('an opening fence followed by 50 000 newlines: no call, or the call it holds', () => {
    expect(found(`\`\`\`\n${'\n'.repeat(50_000)}`)).toEqual([]);
    expect(found(`\`\`\`\n${'\n'.repeat(50_000)}x`)).toEqual([]);
    expect(found(`\`\`\`${'\n'.repeat(20_000)}\`\`\`x`)).toEqual([]);
    expect(
      found(`\`\`\`json\n${'\n'.repeat(50_000)}{"name": "add", "arguments": {"a": 1}}${'\n'.repeat(50_000)}\`\`\``),
    ).toEqual([add]);
  });

  it('a JSON-looking message padded with whitespace on both sides', () => {
    expect(found(`${' '.repeat(50_000)}{"name": "add", "arguments": {"a": 1}}${' '.repeat(50_000)}`)).toEqual([add]);
    expect(found(`${'}'.repeat(20_000)}${' '.repeat(50_000)}x`)).toEqual([]);
  });
});
