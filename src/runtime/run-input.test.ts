import { describe, expect, it } from 'vitest';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

/** A run's input from the caller is checked before anything is stored: a typed error, never a TypeError. */
describe('run input', () => {
  const agent = () => defineAgent({ name: 'a', model: new ScriptedModel([{ text: 'hi' }]) });
  it.each([
    ['a number', 42, /got 42/],
    ['null', null, /got null/],
    ['undefined', undefined, /got undefined/],
    ['an object', { role: 'user', content: 'x' }, /got an object/],
    ['a message that is not an object', ['hello'], /message 0 is not an object/],
    ['an unknown role', [{ role: 'wizard', content: 'x' }], /role wizard/],
    [
      'a role named after an Object.prototype key',
      [{ role: 'constructor', content: [{ type: 'text', text: 'x' }] }],
      /role constructor/,
    ],
    ['content that is a number', [{ role: 'user', content: 10n }], /content that is not a string or an array/],
    ['a system message with parts', [{ role: 'system', content: [{ type: 'text', text: 'x' }] }], /not a string/],
    ['a tool message with text', [{ role: 'tool', content: 'x' }], /array of tool results/],
    [
      'a part of the wrong type',
      [{ role: 'user', content: [{ type: 'tool-call' }] }],
      /type tool-call; it takes text, image/,
    ],
    ['a text part without text', [{ role: 'user', content: [{ type: 'text', text: 5 }] }], /text is not a string/],
  ])('refuses %s, storing nothing', async (_what, input, problem) => {
    const store = new MemoryRunStore();
    await expect(createRuntime({ store }).run(agent(), input as never)).rejects.toMatchObject({
      code: 'RUN_INPUT_INVALID',
      fault: 'user',
      message: expect.stringMatching(problem),
    });
    expect(await store.listRuns()).toEqual([]);
  });

  it('takes a string and a well-formed conversation', async () => {
    const runtime = createRuntime({ store: new MemoryRunStore() });
    expect((await runtime.run(agent(), 'hello')).status).toBe('completed');
    const conversation = [
      { role: 'system' as const, content: 'be brief' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'hello' }] },
    ];
    expect((await runtime.run(agent(), conversation)).status).toBe('completed');
  });
});
