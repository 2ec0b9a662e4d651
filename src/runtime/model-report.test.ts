import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../core/errors/provider-error.js';
import { createOpenAICompatible } from '../models/openai/index.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { type OpenAITestServer, startOpenAITestServer } from '../testing/openai-test-server/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineAgent } from './define-agent.js';
import { modelReportOf } from './model-report.js';
import { createRuntime } from './runtime.js';

const twice: Strategy = {
  name: 'twice',
  async run(input, kernel) {
    await kernel.generate({ messages: input.messages });
    const last = await kernel.generate({ messages: input.messages });
    return { text: last.text, output: last.text };
  },
};

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the per-model run report', () => {
  it('counts answers, attempts, tokens and cost per model, and estimates energy from the coefficients', async () => {
    server = await startOpenAITestServer({
      script: [{ text: '', finishReason: 'content-filter', usage: { inputTokens: 100, outputTokens: 0 } }],
    });
    const cheap = createOpenAICompatible({
      baseURL: server.url,
      apiKey: 'k',
      model: 'gpt-4o-mini',
      provider: 'openai',
    });
    server.injectFault({ kind: 'status', status: 503 });
    const strong = new ScriptedModel(
      [
        { text: 'a', usage: { inputTokens: 1000, outputTokens: 500 } },
        { text: 'b', usage: { inputTokens: 1000, outputTokens: 500 } },
      ],
      { provider: 'openai', modelId: 'gpt-4o' },
    );
    const store = new MemoryRunStore();
    const runtime = createRuntime({
      store,
      retry: { sleep: async () => {} },
      prices: { 'openai:gpt-4o': { inputPerMTok: 2, outputPerMTok: 8 } },
    });
    const agent = defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: twice });
    const result = await runtime.run(agent, 'go');
    expect(result.status).toBe('completed');
    const [mini, big] = result.modelReport.models;
    expect(mini).toMatchObject({
      model: 'openai:gpt-4o-mini',
      calls: 1,
      attempts: 2,
      inputTokens: 100,
      outputTokens: 0,
      energyClass: 'small',
      energyBasis: 'matched',
    });
    expect(mini?.energyWhEstimate).toBeCloseTo((100 * 0.04) / 1000, 9);
    // The strong model is scripted: its tokens and cost count, its energy is 0 and says why.
    expect(big).toMatchObject({ model: 'openai:gpt-4o', calls: 2, attempts: 2, inputTokens: 2000, outputTokens: 1000 });
    expect(big).toMatchObject({ energyClass: 'simulated', energyWhEstimate: 0 });
    expect(big?.costUsd).toBeCloseTo((2 * (1000 * 2 + 500 * 8)) / 1e6, 9);
    expect(result.modelReport.energyNote).toMatch(/estimate.*not a measurement/);
    // The stored log gives the same figures (warden runs show builds it from there).
    const stored = modelReportOf(await store.readEvents(result.runId));
    expect(stored.models.map((entry) => [entry.model, entry.calls, entry.attempts, entry.totalTokens])).toEqual(
      result.modelReport.models.map((entry) => [entry.model, entry.calls, entry.attempts, entry.totalTokens]),
    );
  });

  it('counts failed attempts of a run that failed', async () => {
    const busy = new ProviderError('busy', { provider: 'p', status: 503, retryable: true });
    const model = new ScriptedModel([{ error: busy }, { error: busy }], { provider: 'p', modelId: 'm' });
    const runtime = createRuntime({ retry: { sleep: async () => {}, maxRetries: 1 } });
    const result = await runtime.run(defineAgent({ name: 'r', model }), 'go');
    expect(result.status).toBe('failed');
    expect(result.modelReport.models).toMatchObject([{ model: 'p:m', calls: 0, attempts: 2, totalTokens: 0 }]);
  });
});
