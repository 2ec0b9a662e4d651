import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropic } from '../models/anthropic/anthropic-model.js';
import type { LanguageModel, ModelRequest } from '../models/language-model.js';
import { createOpenAICompatible } from '../models/openai/openai-compatible-model.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { startAnthropicTestServer } from '../testing/anthropic-test-server/index.js';
import { startOpenAITestServer } from '../testing/openai-test-server/index.js';
import type { ScriptedStep } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';

/** Each model call gets a signal of its own: the openai SDK leaves a listener on the one it is given, per request. */
describe('the signal a model call is given', () => {
  let warnings: Error[];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  const add = defineTool({
    name: 'add',
    description: 'adds',
    input: z.object({ a: z.number() }),
    execute: ({ a }) => a,
  });
  const steps = (calls: number): ScriptedStep[] => [
    ...Array.from({ length: calls - 1 }, () => ({ toolCalls: [{ name: 'add', input: { a: 1 } }] })),
    { text: 'done' },
  ];
  const leakWarnings = () => warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning');

  it.each([
    [
      'openai',
      startOpenAITestServer,
      (url: string) => createOpenAICompatible({ model: 'm', baseURL: url, apiKey: 'k' }),
    ],
    [
      'anthropic',
      startAnthropicTestServer,
      (url: string) => createAnthropic({ model: 'm', baseURL: url, apiKey: 'k' }),
    ],
  ] as const)(
    'a run of 25 model calls through the real %s SDK leaves no listener behind',
    async (_name, start, make) => {
      const server = await start({ script: steps(25) });
      try {
        const agent = defineAgent({ name: 'a', model: make(server.url), tools: [add], loopGuard: false });
        const result = await createRuntime().run(agent, 'go');
        expect(result.status).toBe('completed');
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
        expect(leakWarnings()).toEqual([]);
      } finally {
        await server.close();
      }
    },
  );

  it('cancelling the run aborts the call in flight through its own signal, and the run ends cancelled', async () => {
    const cancel = new AbortController();
    const given: AbortSignal[] = [];
    const hanging: LanguageModel = {
      specificationVersion: 'warden-1',
      provider: 'fake',
      modelId: 'hangs',
      doGenerate: (request: ModelRequest) =>
        new Promise((_resolve, reject) => {
          const signal = request.abortSignal as AbortSignal;
          given.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          cancel.abort(new Error('user pressed stop'));
        }),
      doStream: () => Promise.reject(new Error('no streams')),
    };
    const result = await createRuntime().run(defineAgent({ name: 'a', model: hanging }), 'go', {
      signal: cancel.signal,
    });
    expect(result.status).toBe('cancelled');
    expect(given).toHaveLength(1);
    expect(given[0]?.aborted).toBe(true);
  });
});
