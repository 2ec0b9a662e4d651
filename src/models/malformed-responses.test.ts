import { describe, expect, it } from 'vitest';
import { fromAnthropicMessage } from './anthropic/from-anthropic-response.js';
import { fromOpenAICompletion } from './openai/from-openai-response.js';

/**
 * A 2xx body that is JSON but not the shape the API promises is a `ProviderError` naming what is wrong, never a
 * TypeError from deep in the mapping (which read as "the request failed" and was retried as one).
 */
describe('malformed provider responses', () => {
  const choice = (message: unknown) => ({ choices: [{ index: 0, message, finish_reason: 'stop' }] });
  it.each([
    ['content is a number', choice({ role: 'assistant', content: 42 }), /`content` is not a string/],
    ['tool_calls is an object', choice({ role: 'assistant', tool_calls: { a: 1 } }), /`tool_calls` is not an array/],
    ['a tool call is null', choice({ role: 'assistant', tool_calls: [null] }), /a tool call is not an object/],
    [
      'a tool call has no function',
      choice({ role: 'assistant', tool_calls: [{ id: 'x', type: 'function' }] }),
      /function\.name/,
    ],
    [
      'a tool name is a number',
      choice({
        role: 'assistant',
        tool_calls: [{ id: 'x', type: 'function', function: { name: 5, arguments: '{}' } }],
      }),
      /function\.name/,
    ],
    ['the message is a string', choice('hello'), /`message` is not an object/],
  ])('OpenAI: %s', (_what, body, problem) => {
    expect(() => fromOpenAICompletion(body, 'openai')).toThrow(
      expect.objectContaining({ code: 'PROVIDER_ERROR', message: expect.stringMatching(problem) }),
    );
  });

  it('OpenAI: a well-formed completion with tool calls and null content still maps', () => {
    const body = choice({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'x', type: 'function', function: { name: 'add', arguments: '{"a":1}' } }],
    });
    expect(fromOpenAICompletion(body, 'openai').content).toEqual([
      { type: 'tool-call', toolCallId: 'x', toolName: 'add', arguments: '{"a":1}' },
    ]);
  });

  const message = (content: unknown[]) => ({
    content,
    stop_reason: 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  });
  it.each([
    ['a block is null', message([null]), /a content block is not an object/],
    ['a text block has a number', message([{ type: 'text', text: 5 }]), /text block has no string `text`/],
    [
      'a tool_use block has no name',
      message([{ type: 'tool_use', id: 't', input: {} }]),
      /tool_use block has no string `name`/,
    ],
  ])('Anthropic: %s', (_what, body, problem) => {
    expect(() => fromAnthropicMessage(body, 'anthropic')).toThrow(
      expect.objectContaining({ code: 'PROVIDER_ERROR', message: expect.stringMatching(problem) }),
    );
  });
});
