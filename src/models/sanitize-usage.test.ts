import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import type { Usage } from '../core/usage.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import { startAnthropicTestServer } from '../testing/anthropic-test-server/index.js';
import { type OpenAITestServer, startOpenAITestServer } from '../testing/openai-test-server/index.js';
import type { ScriptedStep } from '../testing/scripted-model.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { createAnthropic } from './anthropic/index.js';
import { collectStream } from './collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse } from './language-model.js';
import { createOpenAICompatible } from './openai/openai-compatible-model.js';
import { checkResponseUsage, maxTokenCount, sanitizeUsage } from './sanitize-usage.js';

const estimate = { inputTokens: 40, outputTokens: 7 };
const bad = (usage: Record<string, unknown>) => usage as unknown as Partial<Usage>;

describe('sanitizeUsage', () => {
  it('passes sound usage unchanged', () => {
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4, reasoningTokens: 2 };
    expect(sanitizeUsage(usage, estimate)).toEqual({ usage, problems: [] });
  });

  it.each([
    ['negative', -500],
    ['a string', '12'],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['fractional', 2.5],
    ['null', null],
    ['missing', undefined],
  ])('replaces a count that is %s by the estimate, and says so', (_name, value) => {
    const { usage, problems } = sanitizeUsage({ inputTokens: value, outputTokens: 3 }, estimate);
    expect(usage).toEqual({ inputTokens: 40, outputTokens: 3, totalTokens: 43 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^inputTokens was .+; estimated 40$/);
  });

  it('estimates everything when no usage came, and never lets a total undercount', () => {
    expect(sanitizeUsage(undefined, estimate)).toEqual({
      usage: { inputTokens: 40, outputTokens: 7, totalTokens: 47 },
      problems: ['the provider reported no usage; tokens were estimated from the text'],
    });
    const low = sanitizeUsage({ inputTokens: 100, outputTokens: 50, totalTokens: -1 }, estimate);
    expect(low.usage.totalTokens).toBe(150);
    expect(low.problems).toEqual(['totalTokens was -1; used input + output (150)']);
    const under = sanitizeUsage({ inputTokens: 100, outputTokens: 50, totalTokens: 3 }, estimate);
    expect(under.usage.totalTokens).toBe(150);
  });

  it('clamps counts above maxTokenCount, so that input + output stays finite, and says so', () => {
    const { usage, problems } = sanitizeUsage({ inputTokens: 1e308, outputTokens: 1e308 }, estimate);
    expect(usage).toEqual({ inputTokens: maxTokenCount, outputTokens: maxTokenCount, totalTokens: maxTokenCount });
    expect(problems).toEqual([
      `inputTokens was 1e+308; clamped to ${maxTokenCount}`,
      `outputTokens was 1e+308; clamped to ${maxTokenCount}`,
      `totalTokens ${2 * maxTokenCount} is more than ${maxTokenCount}; clamped to it`,
    ]);
  });

  it('clamps a total above maxTokenCount, and a sum of sound counts that passes it', () => {
    const total = sanitizeUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 2 ** 61 }, estimate);
    expect(total.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: maxTokenCount });
    expect(total.problems).toEqual([`totalTokens ${2 ** 61} is more than ${maxTokenCount}; clamped to it`]);
    const sum = sanitizeUsage({ inputTokens: maxTokenCount, outputTokens: 1 }, estimate);
    expect(sum.usage.totalTokens).toBe(maxTokenCount);
    expect(sum.problems).toHaveLength(1);
  });

  it('drops parts that cannot be right (more cached tokens than input)', () => {
    const { usage, problems } = sanitizeUsage(
      { inputTokens: 10, outputTokens: 5, cachedInputTokens: 99, reasoningTokens: 'x' },
      estimate,
    );
    expect(usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    expect(problems).toEqual(['cachedInputTokens was 99; dropped', 'reasoningTokens was "x"; dropped']);
  });
});

const servers: OpenAITestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ask: ModelRequest = { messages: [{ role: 'user', content: 'Say something about the weather in Lisbon today.' }] };
const malformed: ScriptedStep = {
  text: 'Sunny, 24 degrees.',
  usage: bad({ inputTokens: -1_000_000, outputTokens: '7', totalTokens: Number.NaN }),
};

const providers: Array<[string, (steps: ScriptedStep[]) => Promise<LanguageModel>]> = [
  [
    'openai',
    async (script) => {
      const server = await startOpenAITestServer({ script });
      servers.push(server);
      return createOpenAICompatible({ model: 'gpt-test', baseURL: server.url, apiKey: 'sk-test' });
    },
  ],
  [
    'anthropic',
    async (script) => {
      const server = await startAnthropicTestServer({ script });
      servers.push(server);
      return createAnthropic({ model: 'claude-test', baseURL: server.url, apiKey: 'sk-ant-test' });
    },
  ],
];

describe.each(providers)('%s provider given malformed usage by its server', (_name, connect) => {
  it('returns checked usage with a warning, whole and streamed', async () => {
    const model = await connect([malformed, malformed]);
    const whole = await model.doGenerate(ask);
    const streamed = await collectStream(await model.doStream(ask));
    for (const response of [whole, streamed]) {
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(Number.isInteger(response.usage.outputTokens)).toBe(true);
      expect(response.usage.totalTokens).toBe(response.usage.inputTokens + response.usage.outputTokens);
      expect(response.warnings?.join('\n')).toMatch(/malformed usage from the provider: inputTokens was -1000000/);
    }
  });

  it('keeps maxTokens working: the run ends over budget, and the events record the malformed usage', async () => {
    const step: ScriptedStep = {
      toolCalls: [{ name: 'note', input: { text: 'x'.repeat(400) } }],
      usage: bad({ inputTokens: -1_000_000, outputTokens: -1_000_000 }),
    };
    const model = await connect(Array.from({ length: 20 }, () => step));
    const note = defineTool({
      name: 'note',
      description: 'Note.',
      input: z.object({ text: z.string() }),
      execute: () => 'ok',
    });
    const events: RunEvent[] = [];
    const agent = defineAgent({
      name: 'a',
      model,
      tools: [note],
      budget: { maxTokens: 600, maxSteps: 20 },
      loopGuard: false,
    });
    const result = await createRuntime().run(agent, 'Take notes.', { onEvent: (event) => events.push(event) });
    expect(result.status).toBe('budget_exceeded');
    const responses = events.filter((event) => event.type === 'model-response');
    expect(responses.length).toBeLessThan(20);
    for (const response of responses) {
      expect(response.usage.inputTokens).toBeGreaterThanOrEqual(0);
      expect(response.warnings?.[0]).toMatch(/^malformed usage from the provider/);
    }
  });
});

describe('the kernel', () => {
  it('checks the usage of a model that brings its own doGenerate', async () => {
    const inner = new ScriptedModel([{ text: 'hi', usage: bad({ inputTokens: 'lots', outputTokens: -3 }) }]);
    const events: RunEvent[] = [];
    const agent = defineAgent({ name: 'a', model: inner });
    await createRuntime().run(agent, 'Hello there', { onEvent: (event) => events.push(event) });
    const response = events.find((event) => event.type === 'model-response');
    expect(response?.type === 'model-response' && response.usage).toMatchObject({ inputTokens: expect.any(Number) });
    expect(response?.type === 'model-response' && response.usage.outputTokens).toBeGreaterThanOrEqual(0);
    expect(response?.type === 'model-response' && response.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('inputTokens was "lots"'),
        expect.stringContaining('outputTokens was -3'),
      ]),
    );
  });

  it('fills in a totalTokens the model left out, so the call is charged and scheduled', async () => {
    const reported = bad({ inputTokens: 12, outputTokens: 3 });
    const response = {
      content: [{ type: 'text', text: 'hi' }],
      finishReason: 'stop',
      usage: reported,
    } as ModelResponse;
    expect(checkResponseUsage(response, ask)).toMatchObject({ usage: { totalTokens: 15 } });
    const result = await createRuntime().run(defineAgent({ name: 'a', model: usageModel(reported) }), 'Hello');
    expect(result).toMatchObject({ status: 'completed', usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } });
  });

  it('ends a run with maxTokens over budget when the counts are huge (1e308 each), not failed', async () => {
    const model = usageModel(bad({ inputTokens: 1e308, outputTokens: 1e308 }));
    const events: RunEvent[] = [];
    const agent = defineAgent({ name: 'a', model, budget: { maxTokens: 1000 } });
    const result = await createRuntime().run(agent, 'Hello', { onEvent: (event) => events.push(event) });
    expect(result.status, JSON.stringify(result.error)).toBe('budget_exceeded');
    expect(result.usage.totalTokens).toBe(maxTokenCount);
    const response = events.find((event) => event.type === 'model-response');
    expect(response?.type === 'model-response' && response.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('inputTokens was 1e+308; clamped')]),
    );
  });
});

/** A model that brings its own doGenerate and answers with the usage given, as reported. */
function usageModel(usage: Partial<Usage>): LanguageModel {
  return {
    specificationVersion: 'warden-1',
    provider: 'custom',
    modelId: 'usage',
    doGenerate: async () => ({ content: [{ type: 'text', text: 'hi' }], finishReason: 'stop', usage }) as ModelResponse,
    doStream: async () => {
      throw new Error('not streamed');
    },
  };
}
