import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/messages.js';
import { convertedMessages, toOpenAIMessages } from './to-openai-messages.js';

const counted = () => {
  const counter = { calls: 0 };
  return {
    counter,
    output: {
      toJSON() {
        counter.calls++;
        return { sum: 3 };
      },
    },
  };
};

describe('toOpenAIMessages', () => {
  it('converts each message once however often the growing conversation is sent with one memo', () => {
    const { counter, output } = counted();
    const memo = convertedMessages();
    const messages: Message[] = [
      { role: 'user', content: 'add' },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: { a: 1 } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'add', output }] },
    ];
    const first = toOpenAIMessages(messages, memo);
    messages.push({ role: 'assistant', content: 'done' });
    const second = toOpenAIMessages(messages, memo);
    expect(counter.calls).toBe(1);
    expect(second.slice(0, 3)).toEqual(first);
    expect(second).toEqual([
      { role: 'user', content: 'add' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{"a":1}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"sum":3}' },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('gives every tool result of one message its own tool message, in order', () => {
    const out = toOpenAIMessages([
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'a', toolName: 't', output: 'x' },
          { type: 'tool-result', toolCallId: 'b', toolName: 't', output: 2 },
        ],
      },
    ]);
    expect(out).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'x' },
      { role: 'tool', tool_call_id: 'b', content: '2' },
    ]);
  });
});
