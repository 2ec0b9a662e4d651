import { describe, expect, it } from 'vitest';
import { ConversationMemo } from './conversation-memo.js';

const counting = (conversations = 1) => {
  const computed: object[] = [];
  const memo = new ConversationMemo((message: { text: string }) => {
    computed.push(message);
    return message.text.toUpperCase();
  }, conversations);
  return { memo, computed };
};

describe('ConversationMemo', () => {
  it('computes only the messages appended since the last call, on the caller’s own growing array', () => {
    const { memo, computed } = counting();
    const messages = [{ text: 'a' }, { text: 'b' }];
    expect(memo.map(messages)).toEqual(['A', 'B']);
    messages.push({ text: 'c' });
    expect(memo.map(messages)).toEqual(['A', 'B', 'C']);
    expect(computed).toHaveLength(3);
  });

  it('recomputes a message replaced in place in the array, and everything of an unrelated conversation', () => {
    const { memo, computed } = counting();
    const messages = [{ text: 'a' }, { text: 'b' }];
    memo.map(messages);
    messages[1] = { text: 'x' };
    expect(memo.map(messages)).toEqual(['A', 'X']);
    expect(memo.map([{ text: 'q' }, messages[1]!])).toEqual(['Q', 'X']);
    expect(computed.map((message) => (message as { text: string }).text)).toEqual(['a', 'b', 'x', 'q', 'x']);
  });

  it('keeps as many conversations as it was given, each by its first message, and drops the oldest', () => {
    const { memo, computed } = counting(2);
    const one = [{ text: 'one' }];
    const two = [{ text: 'two' }];
    const three = [{ text: 'three' }];
    memo.map(one);
    memo.map(two);
    memo.map(one);
    memo.map(two);
    expect(computed).toHaveLength(2);
    memo.map(three); // drops `one`
    memo.map(two);
    memo.map(one);
    expect(computed.map((message) => (message as { text: string }).text)).toEqual(['one', 'two', 'three', 'one']);
  });

  it('gives the same results as computing every message, whatever the order of calls', () => {
    const { memo } = counting(3);
    const conversations = Array.from({ length: 5 }, (_, c) => [{ text: `c${c}` }]);
    let state = 7;
    for (let round = 0; round < 200; round++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const conversation = conversations[state % 5]!;
      if (state % 3 === 0) conversation.push({ text: `m${round}` });
      if (state % 7 === 0 && conversation.length > 1) conversation[1] = { text: `r${round}` };
      expect(memo.map(conversation)).toEqual(conversation.map((message) => message.text.toUpperCase()));
    }
  });
});
