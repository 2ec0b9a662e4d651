import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/messages.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';

describe('toAnthropicMessages', () => {
  it('merges consecutive turns of one role without changing what an earlier request was given', () => {
    const messages: Message[] = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'add' },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: { a: 1 } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'add', output: 3 }] },
    ];
    const first = toAnthropicMessages(messages);
    const snapshot = structuredClone(first);
    messages.push({ role: 'user', content: 'and now?' });
    const second = toAnthropicMessages(messages);
    const third = toAnthropicMessages(messages);
    expect(first).toEqual(snapshot);
    expect(second).toEqual(third);
    expect(second.system).toBe('be brief');
    expect(second.messages).toHaveLength(3);
    expect(second.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'c1', content: '3' },
        { type: 'text', text: 'and now?' },
      ],
    });
  });
});
