import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../../core/events.js';
import type { LanguageModel, ModelStreamPart } from '../language-model.js';
import { createCounterIds } from '../../core/ids.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { type OpenAITestServer, startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import type { ScriptedStep } from '../../testing/scripted-model.js';
import { defineTool } from '../../tools/define-tool.js';
import { fromAiSdk } from './from-ai-sdk.js';

// A real AI SDK provider package (@ai-sdk/openai-compatible) over HTTP against Warden's OpenAI-compatible test
// server (a scripted, simulated model), and the AI SDK's mock model, each driving a whole Warden run.

const executed: string[] = [];
const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather in a city',
  input: z.object({ city: z.string() }),
  readOnly: true,
  execute: async ({ city }) => {
    executed.push(city);
    return { city, celsius: 21 };
  },
});

let server: OpenAITestServer | undefined;
afterEach(async () => {
  executed.length = 0;
  await server?.close();
  server = undefined;
});

async function localModel(script: ScriptedStep[], onRequest?: () => void) {
  server = await startOpenAITestServer({ script, ...(onRequest && { onRequest }) });
  const provider = createOpenAICompatible({ name: 'local', baseURL: server.url, includeUsage: true });
  return fromAiSdk(provider('llama3.2'), { simulated: true });
}

const runtime = () => createRuntime({ store: new MemoryRunStore(), ids: createCounterIds() });

describe('an AI SDK provider package as a Warden model, against the local test server', () => {
  it('runs an agent with a tool and a typed output, and streams another run', async () => {
    const model = await localModel([
      { toolCalls: [{ name: 'get_weather', input: { city: 'Lisbon' } }], usage: { inputTokens: 30, outputTokens: 5 } },
      { text: '{"city": "Lisbon", "summary": "21 °C, warm"}' },
      { text: 'Oslo is colder.' },
    ]);
    expect(`${model.provider}:${model.modelId}`).toBe('local:llama3.2');
    const agent = defineAgent({
      name: 'weather',
      model,
      tools: [getWeather],
      output: z.object({ city: z.string(), summary: z.string() }),
    });
    const run = runtime();
    const result = await run.run(agent, 'Is it warm in Lisbon?');
    expect(result.status).toBe('completed');
    expect(result.output).toEqual({ city: 'Lisbon', summary: '21 °C, warm' });
    expect(executed).toEqual(['Lisbon']);
    expect(result.usage.inputTokens).toBeGreaterThanOrEqual(30);
    expect(server?.requests[0]?.tools?.[0]?.function?.name).toBe('get_weather');

    let text = '';
    for await (const event of run.stream(defineAgent({ name: 'plain', model }), 'And in Oslo?'))
      if (event.type === 'text-delta') text += event.delta;
    expect(text).toBe('Oslo is colder.');
    expect(server?.requests[2]?.stream).toBe(true);
  });

  it.each([false, true])(
    'HTTP 429 with retry-after is a retryable ProviderError with the delay (stream: %s)',
    async (stream) => {
      const model = await localModel([]);
      server?.injectFault({
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '3' },
        body: { error: { message: 'slow down' } },
      });
      const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
      const error = await (stream ? model.doStream(request) : model.doGenerate(request)).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({
        code: 'PROVIDER_ERROR',
        provider: 'local',
        status: 429,
        retryable: true,
        retryAfterMs: 3000,
      });
    },
  );

  it('a run whose model hangs is cancelled through the abort signal', async () => {
    let arrived: () => void = () => {};
    const requested = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const model = await localModel([], () => arrived());
    server?.injectFault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = model.doStream({ messages: [{ role: 'user', content: 'hi' }], abortSignal: controller.signal });
    await requested;
    controller.abort(new Error('cancelled by the user'));
    await expect(pending).rejects.toThrow('cancelled by the user');
  });

  it('a stream aborted after its first words ends with the abort reason, over HTTP', async () => {
    // A Warden model behind the test server that says one thing and then never finishes.
    const stalled: LanguageModel = {
      specificationVersion: 'warden-1',
      provider: 'stalled',
      modelId: 'stalled',
      simulated: true,
      doGenerate: () => new Promise(() => {}),
      doStream: async () =>
        new ReadableStream<ModelStreamPart>({
          start(controller) {
            controller.enqueue({ type: 'text-delta', delta: 'It is' });
          },
        }),
    };
    server = await startOpenAITestServer({ model: stalled });
    const provider = createOpenAICompatible({ name: 'local', baseURL: server.url });
    const controller = new AbortController();
    const stream = await fromAiSdk(provider('stalled')).doStream({
      messages: [{ role: 'user', content: 'Weather?' }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text-delta', delta: 'It is' } });
    const reason = new Error('stopped by the user');
    controller.abort(reason);
    expect(await reader.read()).toEqual({ done: false, value: { type: 'error', error: reason } });
    expect((await reader.read()).done).toBe(true);
  });

  it.each([false, true])(
    'a tool call whose JSON is cut short is repaired and journaled (stream: %s)',
    async (stream) => {
      const model = await localModel([{ text: 'Read it.' }]);
      server?.injectFault({ kind: 'invalid-tool-arguments' });
      const readFile = defineTool({
        name: 'read_file',
        description: 'Read a file',
        input: z.object({ path: z.string() }),
        readOnly: true,
        execute: ({ path }) => `contents of ${path}`,
      });
      const events: RunEvent[] = [];
      const agent = defineAgent({ name: 'reader', model, tools: [readFile] });
      const run = runtime();
      if (stream) for await (const event of run.stream(agent, 'Read notes.txt')) events.push(event);
      else await run.run(agent, 'Read notes.txt', { onEvent: (event) => events.push(event) });
      const call = events.find((event) => event.type === 'tool-call');
      expect(call).toMatchObject({
        toolName: 'read_file',
        input: { path: 'notes.txt' },
        repair: { kind: 'json-repair' },
      });
      expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ output: 'contents of notes.txt' });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    },
  );
});

describe('the AI SDK mock model driving a Warden run', () => {
  const turn = (content: LanguageModelV3GenerateResult['content']): LanguageModelV3GenerateResult => ({
    content,
    finishReason: {
      unified: content.some((part) => part.type === 'tool-call') ? 'tool-calls' : 'stop',
      raw: undefined,
    },
    usage: {
      inputTokens: { total: 5, noCache: 5, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 2, text: 2, reasoning: undefined },
    },
    warnings: [],
  });

  it('tool-call JSON that cannot be repaired reaches the model as a tool error, and the run goes on', async () => {
    const mock = new MockLanguageModelV3({
      doGenerate: [
        turn([{ type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '}}} not json {{{' }]),
        turn([{ type: 'tool-call', toolCallId: 'c2', toolName: 'get_weather', input: '{"city":"Porto"}' }]),
        turn([{ type: 'text', text: 'Porto is warm.' }]),
      ],
    });
    const events: RunEvent[] = [];
    const agent = defineAgent({ name: 'weather', model: fromAiSdk(mock, { simulated: true }), tools: [getWeather] });
    const result = await runtime().run(agent, 'Weather in Porto?', { onEvent: (event) => events.push(event) });
    expect(result).toMatchObject({ status: 'completed', output: 'Porto is warm.' });
    expect(executed).toEqual(['Porto']);
    const failure = events.find((event) => event.type === 'tool-error');
    expect(failure).toMatchObject({ toolCallId: 'c1', error: { message: expect.stringContaining('not valid JSON') } });
    const secondPrompt = JSON.stringify(mock.doGenerateCalls[1]?.prompt);
    expect(secondPrompt).toContain('error-text');
    expect(secondPrompt).toContain('not valid JSON');
  });
});
