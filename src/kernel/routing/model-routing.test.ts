import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../core/errors/config-error.js';
import { ProviderError } from '../../core/errors/provider-error.js';
import type { ModelRequestEvent, ModelResponseEvent, ModelRouteEvent, RunEvent } from '../../core/events.js';
import { createAnthropic } from '../../models/anthropic/index.js';
import { createOpenAICompatible } from '../../models/openai/index.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import type { Strategy } from '../../strategies/strategy.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { type AnthropicTestServer, startAnthropicTestServer } from '../../testing/anthropic-test-server/index.js';
import { type OpenAITestServer, startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { effectTool, policyOf } from '../_test-kit.js';

const noWait = { sleep: async () => {} };
const cheapOf = (steps: ConstructorParameters<typeof ScriptedModel>[0]) =>
  new ScriptedModel(steps, { provider: 'sim', modelId: 'cheap' });
const strongOf = (steps: ConstructorParameters<typeof ScriptedModel>[0]) =>
  new ScriptedModel(steps, { provider: 'sim', modelId: 'strong' });

/** A strategy that makes `calls` model calls in a row and answers with the last text. */
const callsInARow = (calls: number): Strategy => ({
  name: 'in-a-row',
  async run(input, kernel) {
    let text = '';
    for (let i = 0; i < calls; i++) text = (await kernel.generate({ messages: input.messages })).text;
    return { text, output: text };
  },
});

async function run(agent: ReturnType<typeof defineAgent>, runtime = createRuntime({ retry: noWait })) {
  const events: RunEvent[] = [];
  const result = await runtime.run(agent, 'go', { onEvent: (event) => events.push(event) });
  return { result, events };
}

const routes = (events: RunEvent[]) => events.filter((event): event is ModelRouteEvent => event.type === 'model-route');
const requests = (events: RunEvent[]) =>
  events.filter((event): event is ModelRequestEvent => event.type === 'model-request');
const responses = (events: RunEvent[]) =>
  events.filter((event): event is ModelResponseEvent => event.type === 'model-response');

const servers: Array<OpenAITestServer | AnthropicTestServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('model routing: escalation', () => {
  it('a refusal escalates exactly once; later calls start on the stronger model', async () => {
    const cheap = cheapOf([{ text: '', finishReason: 'content-filter' }, { text: 'never' }]);
    const strong = strongOf([{ text: 'first', usage: { inputTokens: 20, outputTokens: 5 } }, { text: 'second' }]);
    const agent = defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(2) });
    const { result, events } = await run(agent);
    expect(result.status).toBe('completed');
    expect(result.output).toBe('second');
    expect([cheap.used, strong.used]).toEqual([1, 2]);
    expect(routes(events)).toEqual([
      expect.objectContaining({ from: 'sim:cheap', to: 'sim:strong', reason: 'refusal', sticky: true }),
    ]);
    expect(requests(events).map((event) => event.model)).toEqual(['sim:cheap', 'sim:strong']);
    const [first] = responses(events);
    expect(first).toMatchObject({ model: 'sim:strong', escalatedTo: 'sim:strong', attempts: 2 });
    expect(first?.usage.totalTokens).toBe(15 + 25);
    expect(first?.byModel?.map((entry) => [entry.model, entry.usage.totalTokens])).toEqual([
      ['sim:cheap', 15],
      ['sim:strong', 25],
    ]);
  });

  it('a model that refuses after escalating is not escalated again within the call', async () => {
    const cheap = cheapOf([{ text: '', finishReason: 'content-filter' }]);
    const middle = new ScriptedModel([{ text: 'I cannot help with that.' }], { provider: 'sim', modelId: 'middle' });
    const strong = strongOf([]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      routing: { models: [middle, strong], refusalPatterns: ['^I cannot help'] },
      strategy: callsInARow(1),
    });
    const { result, events } = await run(agent);
    expect(result.output).toBe('I cannot help with that.');
    expect(routes(events)).toHaveLength(1);
    expect(strong.used).toBe(0);
  });

  it('a refusal from the Anthropic test server (stop_reason refusal) escalates', async () => {
    const server = await startAnthropicTestServer({ script: [{ text: '', finishReason: 'content-filter' }] });
    servers.push(server);
    const cheap = createAnthropic({ baseURL: server.url, apiKey: 'test', model: 'claude-haiku' });
    const strong = strongOf([{ text: 'answered' }]);
    const { result, events } = await run(
      defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(1) }),
    );
    expect(result.output).toBe('answered');
    expect(routes(events)).toMatchObject([{ reason: 'refusal', from: 'anthropic:claude-haiku' }]);
  });

  it('a tool call whose arguments are not JSON (from the OpenAI test server) goes to the next model', async () => {
    const server = await startOpenAITestServer({ script: [{ toolCalls: [{ name: 'send', input: {} }] }] });
    servers.push(server);
    server.injectFault({ kind: 'invalid-tool-arguments' });
    const cheap = createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'mini', provider: 'sim' });
    const strong = strongOf([{ toolCalls: [{ name: 'send', input: { to: 'a' } }] }, { text: 'sent' }]);
    const send = effectTool('send');
    const agent = defineAgent({ name: 'r', model: cheap, tools: [send.tool], routing: { models: [strong] } });
    const { result, events } = await run(agent);
    expect(result.status).toBe('completed');
    expect(send.calls).toEqual([{ to: 'a' }]);
    expect(routes(events)).toMatchObject([{ reason: 'tool-call-parse', from: 'sim:mini', to: 'sim:strong' }]);
  });

  it('a final answer that fails the output schema sends the repair call to the next model', async () => {
    const cheap = cheapOf([{ text: 'forty-two' }]);
    const strong = strongOf([{ text: '{"n": 42}' }]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      output: z.object({ n: z.number() }),
      routing: { models: [strong] },
    });
    const { result, events } = await run(agent);
    expect(result.output).toEqual({ n: 42 });
    expect(routes(events)).toMatchObject([{ reason: 'output-invalid', sticky: true }]);
    expect(requests(events).map((event) => event.model)).toEqual(['sim:cheap', 'sim:strong']);
  });

  it('the budget rule moves on once a model has taken its steps', async () => {
    const cheap = cheapOf([{ text: '1' }, { text: '2' }]);
    const strong = strongOf([{ text: '3' }]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      routing: { models: [strong], escalateAfter: { steps: 2 } },
      strategy: callsInARow(3),
    });
    const { result, events } = await run(agent);
    expect(result.output).toBe('3');
    expect(routes(events)).toEqual([
      expect.objectContaining({ reason: 'budget', detail: 'sim:cheap took 2 steps (escalateAfter.steps 2)' }),
    ]);
  });

  it('a reason left out of escalateOn does not escalate', async () => {
    const cheap = cheapOf([{ text: '', finishReason: 'content-filter' }]);
    const strong = strongOf([]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      routing: { models: [strong], escalateOn: ['tool-call-parse'] },
      strategy: callsInARow(1),
    });
    const { events } = await run(agent);
    expect(routes(events)).toEqual([]);
    expect(strong.used).toBe(0);
  });
});

describe('model routing: fallback on provider errors', () => {
  it('a provider that keeps answering 500 after the retries falls back for that call only', async () => {
    const server = await startOpenAITestServer({ script: [{ text: 'cheap again' }] });
    servers.push(server);
    server.injectFault({ kind: 'status', status: 500 }, { times: 2 });
    const cheap = createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'mini', provider: 'sim' });
    const strong = strongOf([{ text: 'strong' }]);
    const agent = defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(2) });
    const runtime = createRuntime({ retry: { ...noWait, maxRetries: 1 } });
    const { result, events } = await run(agent, runtime);
    expect(result.status).toBe('completed');
    expect(result.output).toBe('cheap again');
    const errors = events.filter((event) => event.type === 'model-error');
    expect(errors.map((event) => [event.model, event.attempt, event.willRetry])).toEqual([
      ['sim:mini', 1, true],
      ['sim:mini', 2, false],
    ]);
    expect(routes(events)).toMatchObject([{ reason: 'provider-error', sticky: false, to: 'sim:strong' }]);
    expect(responses(events).map((event) => event.model)).toEqual(['sim:strong', undefined]);
  });

  it('a 429 with retry-after from the Anthropic test server is retried on the same model, not routed', async () => {
    const server = await startAnthropicTestServer({ script: [{ text: 'after the wait' }] });
    servers.push(server);
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after-ms': '5' } });
    const cheap = createAnthropic({ baseURL: server.url, apiKey: 'test', model: 'claude-haiku' });
    const strong = strongOf([]);
    const waits: number[] = [];
    const runtime = createRuntime({ retry: { sleep: async (ms) => void waits.push(ms) } });
    const { result, events } = await run(
      defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(1) }),
      runtime,
    );
    expect(result.output).toBe('after the wait');
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(routes(events)).toEqual([]);
  });

  it('after an escalation, a fallback further up serves the call, and later calls start where escalation left off', async () => {
    const down = new ProviderError('sim answered HTTP 503.', { provider: 'sim', status: 503, retryable: true });
    const cheap = cheapOf([{ text: '', finishReason: 'content-filter' }]);
    const middle = new ScriptedModel([{ error: down }, { text: 'middle is back' }], {
      provider: 'sim',
      modelId: 'middle',
    });
    const strong = strongOf([{ text: 'strong' }]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      routing: { models: [middle, strong] },
      strategy: callsInARow(2),
    });
    const { result, events } = await run(agent, createRuntime({ retry: { ...noWait, maxRetries: 0 } }));
    expect(result.output).toBe('middle is back');
    expect(routes(events).map((event) => [event.reason, event.to, event.sticky])).toEqual([
      ['refusal', 'sim:middle', true],
      ['provider-error', 'sim:strong', false],
    ]);
    expect(responses(events)[0]).toMatchObject({ model: 'sim:strong', escalatedTo: 'sim:middle' });
    expect(requests(events).map((event) => event.model)).toEqual(['sim:cheap', 'sim:middle']);
  });

  it('when every model fails, one clear error lists each attempt', async () => {
    const server = await startOpenAITestServer({ script: [] });
    servers.push(server);
    server.injectFault({ kind: 'status', status: 500 }, { times: 2 });
    const cheap = createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'mini', provider: 'sim' });
    const denied = new ProviderError('sim answered HTTP 401. Check the API key.', {
      provider: 'sim',
      status: 401,
      retryable: false,
    });
    const strong = strongOf([{ error: denied }]);
    const agent = defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(1) });
    const { result } = await run(agent, createRuntime({ retry: { ...noWait, maxRetries: 1 } }));
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('PROVIDER_ERROR');
    const message = result.error?.message ?? '';
    expect(message).toContain("Every model of the agent's routing failed this call (sim:mini, sim:strong)");
    expect(message).toMatch(/1\. sim:mini attempt 1: .*HTTP 500/);
    expect(message).toMatch(/2\. sim:mini attempt 2: .*HTTP 500/);
    expect(message).toContain('3. sim:strong attempt 1: sim answered HTTP 401. Check the API key.');
  });

  it('fallback: false surfaces the first model’s error as it was', async () => {
    const busy = new ProviderError('sim answered HTTP 503.', { provider: 'sim', status: 503, retryable: true });
    const cheap = cheapOf([{ error: busy }]);
    const strong = strongOf([]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      routing: { models: [strong], fallback: false },
      strategy: callsInARow(1),
    });
    const { result } = await run(agent, createRuntime({ retry: { ...noWait, maxRetries: 0 } }));
    expect(result.error?.message).toBe('sim answered HTTP 503.');
    expect(strong.used).toBe(0);
  });
});

describe('model routing under a policy', () => {
  it('never moves a call to a model the policy denies: the call stays where it is', async () => {
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: no-strong, action: model.generate, deny: { args.model: { eq: 'sim:strong' } } }
`);
    const cheap = cheapOf([{ text: 'I cannot help with that.', finishReason: 'content-filter' }]);
    const strong = strongOf([]);
    const agent = defineAgent({
      name: 'r',
      model: cheap,
      policy,
      routing: { models: [strong] },
      strategy: callsInARow(1),
    });
    const { result, events } = await run(agent);
    expect(result.output).toBe('I cannot help with that.');
    expect(strong.used).toBe(0);
    expect(routes(events)).toEqual([]);
    expect(events.filter((event) => event.type === 'policy-decision')).toMatchObject([
      { action: 'model.generate', decision: 'allow' },
      { action: 'model.generate', decision: 'deny', ruleId: 'no-strong' },
    ]);
  });
});

describe('model routing: replay and settings', () => {
  it('a resumed run routes its replayed calls as the first execution did', async () => {
    const store = new MemoryRunStore();
    const cheap = cheapOf([{ text: '', finishReason: 'content-filter' }]);
    const strong = strongOf([{ text: 'first' }, { error: new Error('process died here') }]);
    const agent = defineAgent({ name: 'r', model: cheap, routing: { models: [strong] }, strategy: callsInARow(2) });
    const crashed = await createRuntime({ store, retry: noWait }).run(agent, 'go', { runId: 'run_route' });
    expect(crashed.status).toBe('failed');
    await store.updateRun('run_route', { status: 'running', ownerId: `${hostname()}:99999999:dead` });
    const runtime = createRuntime({ store, retry: noWait });
    await runtime.recover();
    const resumedCheap = cheapOf([]);
    const resumedStrong = strongOf([{ text: 'second' }]);
    const done = await runtime.resume(
      { ...agent, model: resumedCheap, routing: { models: [resumedStrong] } },
      'run_route',
    );
    expect(done.status).toBe('completed');
    expect(done.output).toBe('second');
    expect([resumedCheap.used, resumedStrong.used]).toEqual([0, 1]);
  });

  it('bad routing settings are a ConfigError that says what to fix', () => {
    const model = cheapOf([]);
    const bad = (routing: object) => () => defineAgent({ name: 'r', model, routing: routing as never });
    expect(bad({ models: [] })).toThrow(ConfigError);
    expect(bad({ models: [] })).toThrow(/agents\.r\.routing\.models: must list at least one model/);
    expect(bad({ models: ['x'], escalateOn: ['boredom'] })).toThrow(
      /unknown reason "boredom".*Fix: use some of: refusal/,
    );
    expect(bad({ models: ['x'], escalateAfter: { steps: 0 } })).toThrow(
      /escalateAfter\.steps: must be a positive number/,
    );
    expect(bad({ models: ['x'], refusalPatterns: ['('] })).toThrow(/refusalPatterns\[0\]: is not a regular expression/);
  });
});
