/**
 * Hostile values end to end: strings the stores must carry (NUL, lone surrogates, huge), n choices that differ in
 * shape, nonsense usage. The run ends with a status, `run()` resolves and the log is complete.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LanguageModel, ModelRequest, ModelResponse } from '../models/language-model.js';
import { defineAgent } from '../runtime/define-agent.js';
import type { Strategy } from '../strategies/strategy.js';
import type { MemoryRunStore } from '../store/memory-store.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { agentWith, batch, effectTool, lastResults, runCollect } from './_test-kit.js';

import { call, checkComplete, expectNoPrototypePollution, raw, usage } from './_hostile-kit.js';

expectNoPrototypePollution();

describe('strings the store and JSON must carry: NUL, lone surrogates, huge', () => {
  const nasty = 'a\u0000b \ud83d lone high, \udc4d lone low, \u2028\u2029 \uFEFF end';

  it('NUL and lone surrogates in run input, model text, tool arguments and output: what the model reads live equals the log', async () => {
    const seen: unknown[] = [];
    const echo = defineTool({
      name: 'echo',
      description: 'echo',
      input: z.object({ s: z.string() }),
      execute: ({ s }) => {
        seen.push(s);
        return { s, extra: nasty };
      },
    });
    const { agent, model } = agentWith(
      [raw([{ type: 'text', text: nasty }, call('echo', JSON.stringify({ s: nasty }))]), { text: nasty }],
      [echo as Tool],
    );
    const { result, runtime } = await runCollect(agent, nasty);
    expect(result.status).toBe('completed');
    expect(seen).toEqual([nasty]);
    expect(result.text).toBe(nasty);
    const log = await checkComplete(runtime.store as MemoryRunStore, result.runId);
    const toolResult = log.find((event) => event.type === 'tool-result');
    expect(toolResult && 'output' in toolResult && toolResult.output).toEqual({ s: nasty, extra: nasty });
    const start = log.find((event) => event.type === 'run-start');
    expect(JSON.stringify(start)).toContain(JSON.stringify(nasty).slice(1, -1));
    expect(lastResults(model)[0]?.output).toEqual({ s: nasty, extra: nasty });
  });

  it('a 10 MB tool output: the run completes and the log holds all of it', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const { tool } = effectTool('dump', { readOnly: true, output: () => big });
    const { agent } = agentWith([batch(['dump']), { text: 'done' }], [tool]);
    const { result, runtime } = await runCollect(agent);
    expect(result.status).toBe('completed');
    const log = await checkComplete(runtime.store as MemoryRunStore, result.runId);
    const out = log.find((event) => event.type === 'tool-result');
    expect((out as { output: string }).output.length).toBe(big.length);
  }, 30_000);
});

/** A strategy that asks for n choices and returns what it got. */
const choicesStrategy = (n: number): Strategy => ({
  name: 'choices',
  async run(input, kernel) {
    const result = await kernel.generate({ messages: input.messages, n, purpose: 'plan' });
    return { text: JSON.stringify(result.choices.map((choice) => choice.text)), output: result.choices.length };
  },
});

class ChoicesModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'hostile';
  readonly modelId = 'choices';
  readonly supportsChoices = true;
  calls = 0;
  constructor(private readonly response: (request: ModelRequest) => unknown) {}
  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    this.calls++;
    return this.response(request) as ModelResponse;
  }
  async doStream(): Promise<never> {
    throw new Error('not streamed');
  }
}

describe('n > 1 choices that differ in shape', () => {
  it('a choice whose tool call has non-string arguments: the run ends with a typed error, log complete', async () => {
    const model = new ChoicesModel(() => ({
      content: [{ type: 'text', text: 'one' }],
      finishReason: 'stop',
      usage,
      choices: [
        { content: [{ type: 'text', text: 'one' }], finishReason: 'stop' },
        {
          content: [{ type: 'tool-call', toolCallId: 'x', toolName: 'write', arguments: { a: 1 } }],
          finishReason: 'tool-calls',
        },
      ],
    }));
    const { tool } = effectTool('write');
    const agent = defineAgent({ name: 'c', model, tools: [tool], strategy: choicesStrategy(2) });
    const { result, runtime } = await runCollect(agent);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
    if (result.status === 'failed') expect(result.error?.code).toBe('MODEL_RESPONSE_INVALID');
  });

  it('a native n-choice answer with an empty choices array is topped up to n', async () => {
    const model = new ChoicesModel(() => ({
      content: [{ type: 'text', text: 'first' }],
      finishReason: 'stop',
      usage,
      choices: [],
    }));
    const agent = defineAgent({ name: 'c', model, tools: [], strategy: choicesStrategy(3) });
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(result.output).toBe(3);
  });

  it('choices with more entries than n are cut to n; the journal holds n', async () => {
    const model = new ChoicesModel(() => ({
      content: [{ type: 'text', text: 'a' }],
      finishReason: 'stop',
      usage,
      choices: Array.from({ length: 50 }, (_, i) => ({
        content: [{ type: 'text', text: `c${i}` }],
        finishReason: 'stop',
      })),
    }));
    const agent = defineAgent({ name: 'c', model, tools: [], strategy: choicesStrategy(2) });
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(result.output).toBe(2);
    const response = events.find((event) => event.type === 'model-response') as { choices?: unknown[] };
    expect(response.choices).toHaveLength(2);
  });
});

describe('usage fields that are nonsense', () => {
  for (const [what, reported] of [
    ['negative', { inputTokens: -100, outputTokens: -5, totalTokens: -105 }],
    ['NaN', { inputTokens: Number.NaN, outputTokens: Number.NaN, totalTokens: Number.NaN }],
    ['strings', { inputTokens: '10', outputTokens: '5', totalTokens: '15' }],
    ['Infinity', { inputTokens: Number.POSITIVE_INFINITY, outputTokens: 1, totalTokens: Number.POSITIVE_INFINITY }],
    ['huge but finite (1e308 each, so input + output overflows)', { inputTokens: 1e308, outputTokens: 1e308 }],
    ['beyond safe integers', { inputTokens: 2 ** 60, outputTokens: 2 ** 60, totalTokens: 2 ** 61 }],
    ['null', null],
    ['an array', [1, 2, 3]],
    [
      'cached > input, reasoning NaN',
      { inputTokens: 1, outputTokens: 1, totalTokens: 2, cachedInputTokens: 99, reasoningTokens: Number.NaN },
    ],
  ] as const) {
    it(`usage that is ${what}: journaled and charged usage are finite whole numbers, equal in the log and the record`, async () => {
      const model = new ChoicesModel(() => ({
        content: [{ type: 'text', text: 'hello there' }],
        finishReason: 'stop',
        usage: reported,
      }));
      const agent = defineAgent({ name: 'u', model, tools: [] });
      const { result, events, runtime } = await runCollect(agent);
      expect(result.status).toBe('completed');
      for (const key of ['inputTokens', 'outputTokens', 'totalTokens'] as const) {
        expect(
          Number.isInteger(result.usage[key]) && Number.isFinite(result.usage[key]),
          `${key}=${result.usage[key]}`,
        ).toBe(true);
        expect(result.usage[key]).toBeGreaterThanOrEqual(0);
      }
      expect(Number.isFinite(result.costUsd)).toBe(true);
      const log = await checkComplete(runtime.store as MemoryRunStore, result.runId);
      const response = log.find((event) => event.type === 'model-response') as unknown as {
        usage: Record<string, unknown>;
      };
      expect(response.usage).toEqual(
        events.find((event) => event.type === 'model-response') &&
          (events.find((event) => event.type === 'model-response') as { usage: unknown }).usage,
      );
      const record = await runtime.store.getRun(result.runId);
      expect(record?.usage).toEqual(result.usage);
    });
  }

  it('huge usage against maxTokens: budget_exceeded, not completed', async () => {
    const model = new ChoicesModel(() => ({
      content: [{ type: 'text', text: 'x' }],
      finishReason: 'stop',
      usage: { inputTokens: 1e308, outputTokens: 1e308 },
    }));
    const agent = defineAgent({ name: 'u', model, tools: [], budget: { maxTokens: 1000 } });
    const { result } = await runCollect(agent);
    expect(result.status).toBe('budget_exceeded');
  });
});
