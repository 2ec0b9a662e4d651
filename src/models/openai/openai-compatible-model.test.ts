import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../core/messages.js';
import { type OpenAITestServer, startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import type { ScriptedModel, ScriptedStep } from '../../testing/scripted-model.js';
import { collectStream } from '../collect-stream.js';
import type { ModelRequest, ModelStreamPart } from '../language-model.js';
import { createOpenAICompatible } from './openai-compatible-model.js';
import type { OpenAICompatibleSettings } from './openai-settings.js';

let server: OpenAITestServer;
const servers: OpenAITestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((each) => each.close()));
});

async function setup(script: ScriptedStep[], settings: Partial<OpenAICompatibleSettings> = {}, chunkSize?: number) {
  server = await startOpenAITestServer({ script, chunkSize });
  servers.push(server);
  return createOpenAICompatible({ model: 'gpt-test', baseURL: server.url, apiKey: 'sk-test', ...settings });
}

const ask = (text: string): ModelRequest => ({ messages: [{ role: 'user', content: text }] });

async function parts(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const all: ModelStreamPart[] = [];
  await collectStream(stream, (part) => all.push(part)).catch(() => {});
  return all;
}

describe('createOpenAICompatible: generate', () => {
  it('answers text with usage, finish reason and response id', async () => {
    const model = await setup([{ text: 'Hello there', usage: { inputTokens: 12, outputTokens: 3 } }]);
    const response = await model.doGenerate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(response.content).toEqual([{ type: 'text', text: 'Hello there' }]);
    expect(response.finishReason).toBe('stop');
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
    expect(response.response).toEqual({ id: 'chatcmpl-1', modelId: 'gpt-test' });
    expect(server.requests[0]).toMatchObject({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(server.requests[0]?.stream).toBeFalsy();
    expect(server.httpRequests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('returns parallel tool calls with their raw argument text', async () => {
    const model = await setup([
      {
        toolCalls: [
          { name: 'get_weather', input: { city: 'Paris' }, id: 'call_a' },
          { name: 'get_time', input: { zone: 'CET' }, id: 'call_b' },
        ],
      },
    ]);
    const response = await model.doGenerate({
      ...ask('Weather and time?'),
      tools: [
        {
          name: 'get_weather',
          description: 'Weather by city',
          inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        },
        { name: 'get_time', description: 'Time by zone', inputSchema: { type: 'object' } },
      ],
      toolChoice: 'required',
    });
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content).toEqual([
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
    expect(server.requests[0]?.tools[0]).toEqual({
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather by city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    });
    expect(server.requests[0]?.tool_choice).toBe('required');
  });

  it('maps every message kind to the wire format and back without loss', async () => {
    const model = await setup([{ text: 'Done.' }]);
    const messages: Message[] = [
      { role: 'system', content: 'You read images.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', image: 'data:image/png;base64,iVBORw0KGgo=', mediaType: 'image/png' },
          { type: 'image', image: 'https://example.com/cat.jpg' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'zoom', input: { factor: 2 } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'crop', input: { x: 1 } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'zoom', output: { ok: true } },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'crop', output: 'cropped' },
        ],
      },
      { role: 'assistant', content: 'It is a cat.' },
    ];
    await model.doGenerate({ messages });
    expect(server.requests[0]?.messages).toEqual([
      { role: 'system', content: 'You read images.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'zoom', arguments: '{"factor":2}' } },
          { id: 'call_2', type: 'function', function: { name: 'crop', arguments: '{"x":1}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"ok":true}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'cropped' },
      { role: 'assistant', content: 'It is a cat.' },
    ]);
    const received = (server.model as ScriptedModel).requests[0]?.messages;
    expect(received?.slice(0, 3)).toEqual(messages.slice(0, 3));
    expect(received?.[3]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'call_1', toolName: 'zoom', output: '{"ok":true}' },
        { type: 'tool-result', toolCallId: 'call_2', toolName: 'crop', output: 'cropped' },
      ],
    });
  });

  it('sends response formats, sampling defaults, request overrides, headers, query and provider options', async () => {
    const model = await setup([{ text: '{}' }, { text: '{}' }], {
      provider: 'azure',
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 256,
      parallelToolCalls: false,
      headers: { 'x-team': 'warden' },
      query: { 'api-version': '2024-10-21' },
    });
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    await model.doGenerate({
      ...ask('JSON please'),
      responseFormat: { type: 'json', schema, name: 'final answer' },
      tools: [{ name: 'noop', description: 'nothing', inputSchema: { type: 'object' } }],
      toolChoice: { toolName: 'noop' },
      stopSequences: ['END'],
      seed: 7,
      headers: { 'x-run': 'run_1' },
      providerOptions: { azure: { user: 'u1' }, other: { ignored: true } },
    });
    await model.doGenerate({ ...ask('again'), responseFormat: { type: 'json' }, temperature: 1, maxOutputTokens: 9 });
    expect(server.requests[0]).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 256,
      parallel_tool_calls: false,
      tool_choice: { type: 'function', function: { name: 'noop' } },
      stop: ['END'],
      seed: 7,
      user: 'u1',
      response_format: { type: 'json_schema', json_schema: { name: 'final_answer', schema } },
    });
    expect(server.requests[0]).not.toHaveProperty('ignored');
    expect(server.requests[1]).toMatchObject({
      temperature: 1,
      max_tokens: 9,
      response_format: { type: 'json_object' },
    });
    expect(server.requests[1]).not.toHaveProperty('parallel_tool_calls');
    expect(server.httpRequests[0]?.url).toBe('/v1/chat/completions?api-version=2024-10-21');
    expect(server.httpRequests[0]?.headers['x-team']).toBe('warden');
    expect(server.httpRequests[0]?.headers['x-run']).toBe('run_1');
    expect(server.httpRequests[1]?.headers['x-run']).toBeUndefined();
  });

  it('uses max_completion_tokens for OpenAI itself', async () => {
    const model = await setup([{ text: 'ok' }], { maxOutputTokens: 100, simulated: true });
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt-test', simulated: true });
    await model.doGenerate(ask('hi'));
    expect(server.requests[0]).toMatchObject({ max_completion_tokens: 100 });
    expect(server.requests[0]).not.toHaveProperty('max_tokens');
  });

  it('reports cached and reasoning tokens and maps finish reasons', async () => {
    const usage = { inputTokens: 100, outputTokens: 20, totalTokens: 120, cachedInputTokens: 40, reasoningTokens: 8 };
    const model = await setup([
      { response: { content: [{ type: 'text', text: 'cut' }], finishReason: 'length', usage } },
      { response: { content: [{ type: 'text', text: 'cut' }], finishReason: 'content-filter', usage } },
    ]);
    const first = await model.doGenerate(ask('long'));
    expect(first.usage).toEqual(usage);
    expect(first.finishReason).toBe('length');
    const streamed = await collectStream(await model.doStream(ask('long')));
    expect(streamed.usage).toEqual(usage);
    expect(streamed.finishReason).toBe('content-filter');
  });
});

describe('createOpenAICompatible: stream', () => {
  it('streams text deltas and ends with usage from the include_usage chunk', async () => {
    const model = await setup([{ text: 'Hello streaming world', usage: { inputTokens: 7, outputTokens: 3 } }]);
    const all = await parts(await model.doStream(ask('Hi')));
    const deltas = all.filter((part) => part.type === 'text-delta').map((part) => part.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Hello streaming world');
    expect(all.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 },
      response: { id: 'chatcmpl-1', modelId: 'gpt-test' },
    });
    expect(server.requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('assembles parallel tool calls from argument deltas by index', async () => {
    const weather = { city: 'Paris', unit: 'celsius', days: [1, 2, 3] };
    const model = await setup(
      [
        {
          text: 'Checking.',
          toolCalls: [
            { name: 'get_weather', input: weather, id: 'call_w' },
            { name: 'get_time', input: { zone: 'Europe/Paris' }, id: 'call_t' },
          ],
        },
      ],
      {},
      5,
    );
    const all = await parts(await model.doStream(ask('Weather?')));
    const weatherDeltas = all.filter((part) => part.type === 'tool-call-delta' && part.toolCallId === 'call_w');
    expect(weatherDeltas.length).toBeGreaterThan(3);
    expect(weatherDeltas.every((part) => part.type === 'tool-call-delta' && part.toolName === 'get_weather')).toBe(
      true,
    );
    const calls = all.filter((part) => part.type === 'tool-call');
    expect(calls).toEqual([
      { type: 'tool-call', toolCallId: 'call_w', toolName: 'get_weather', arguments: JSON.stringify(weather) },
      { type: 'tool-call', toolCallId: 'call_t', toolName: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
    ]);
    const response = await collectStream(
      await (await setup([{ toolCalls: [{ name: 'x', input: { a: 1 } }] }])).doStream(ask('x')),
    );
    expect(response.finishReason).toBe('tool-calls');
    expect(all.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(all.at(-1)?.type).toBe('finish');
  });
});
