import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../core/messages.js';
import {
  type AnthropicTestServer,
  type AnthropicTestServerOptions,
  startAnthropicTestServer,
} from '../../testing/anthropic-test-server/index.js';
import type { ScriptedModel } from '../../testing/scripted-model.js';
import { collectStream } from '../collect-stream.js';
import type { ModelRequest, ModelStreamPart } from '../language-model.js';
import { createAnthropic } from './anthropic-model.js';
import type { AnthropicSettings } from './anthropic-settings.js';

const servers: AnthropicTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(options: AnthropicTestServerOptions, settings: Partial<AnthropicSettings> = {}) {
  const server = await startAnthropicTestServer(options);
  servers.push(server);
  const model = createAnthropic({ model: 'claude-test', baseURL: server.url, apiKey: 'sk-ant-test', ...settings });
  return { server, model };
}

const ask = (text: string): ModelRequest => ({ messages: [{ role: 'user', content: text }] });

async function readAll(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  await collectStream(stream, (part) => parts.push(part)).catch(() => {});
  return parts;
}

describe('createAnthropic: generate', () => {
  it('extracts the system prompt, defaults max_tokens to 4096 and answers text', async () => {
    const { server, model } = await setup({
      script: [{ text: 'Bonjour', usage: { inputTokens: 9, outputTokens: 2 } }],
    });
    const response = await model.doGenerate({
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(response).toEqual({
      content: [{ type: 'text', text: 'Bonjour' }],
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 2, totalTokens: 11 },
      response: { id: 'msg_1', modelId: 'claude-test' },
    });
    expect(server.requests[0]).toEqual({
      model: 'claude-test',
      max_tokens: 4096,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      stream: false,
    });
    expect(server.httpRequests[0]?.headers.authorization).toBe('Bearer sk-ant-test');
  });

  it('maps tools, tool choice, tool_use and tool_result blocks and images', async () => {
    const { server, model } = await setup(
      { script: [{ toolCalls: [{ name: 'zoom', input: { factor: 3 }, id: 'toolu_9' }] }] },
      { parallelToolCalls: false },
    );
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image', image: 'data:image/jpeg;base64,/9j/4AAQ', mediaType: 'image/jpeg' },
          { type: 'image', image: 'https://example.com/a.png' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Zooming.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'zoom', input: { factor: 2 } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'zoom', output: 'too blurry', isError: true },
        ],
      },
      { role: 'user', content: 'Try harder.' },
    ];
    const response = await model.doGenerate({
      messages,
      tools: [
        {
          name: 'zoom',
          description: 'Zoom in',
          inputSchema: { type: 'object', properties: { factor: { type: 'number' } } },
        },
      ],
      toolChoice: 'required',
    });
    expect(response.content).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_9', toolName: 'zoom', arguments: '{"factor":3}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    const body = server.requests[0];
    expect(body?.tools).toEqual([
      {
        name: 'zoom',
        description: 'Zoom in',
        input_schema: { type: 'object', properties: { factor: { type: 'number' } } },
      },
    ]);
    expect(body?.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Zooming.' },
          { type: 'tool_use', id: 'toolu_1', name: 'zoom', input: { factor: 2 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'too blurry', is_error: true },
          { type: 'text', text: 'Try harder.' },
        ],
      },
    ]);
    const received = (server.model as ScriptedModel).requests[0]?.messages;
    expect(received).toEqual(messages);
  });

  it('sends output_config for a JSON schema and request overrides; counts cache reads as input', async () => {
    const usage = { inputTokens: 150, outputTokens: 30, totalTokens: 180, cachedInputTokens: 100, reasoningTokens: 12 };
    const { server, model } = await setup(
      { script: [{ response: { content: [{ type: 'text', text: '{"a":1}' }], finishReason: 'length', usage } }] },
      { maxOutputTokens: 1000, headers: { 'anthropic-beta': 'x' } },
    );
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    const response = await model.doGenerate({
      ...ask('json'),
      responseFormat: { type: 'json', schema },
      maxOutputTokens: 50,
      temperature: 0.3,
      stopSequences: ['STOP'],
      providerOptions: { anthropic: { metadata: { user_id: 'u' } } },
    });
    expect(server.requests[0]).toMatchObject({
      max_tokens: 50,
      temperature: 0.3,
      stop_sequences: ['STOP'],
      metadata: { user_id: 'u' },
      output_config: { format: { type: 'json_schema', schema } },
    });
    expect(server.httpRequests[0]?.headers['anthropic-beta']).toBe('x');
    expect(response.usage).toEqual(usage);
    expect(response.finishReason).toBe('length');
  });
});

describe('createAnthropic: stream', () => {
  it('streams text deltas and tool input deltas, assembling each tool call', async () => {
    const input = { query: 'weather in Paris', limit: 5 };
    const { model } = await setup({
      script: [
        {
          text: 'Let me search for that.',
          toolCalls: [
            { name: 'search', input, id: 'toolu_a' },
            { name: 'noop', input: {}, id: 'toolu_b' },
          ],
          usage: { inputTokens: 20, outputTokens: 15 },
        },
      ],
      chunkSize: 6,
    });
    const parts = await readAll(await model.doStream(ask('Weather?')));
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []));
    expect(text.length).toBeGreaterThan(1);
    expect(text.join('')).toBe('Let me search for that.');
    const deltas = parts.filter((part) => part.type === 'tool-call-delta' && part.toolCallId === 'toolu_a');
    expect(deltas.length).toBeGreaterThan(2);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_a', toolName: 'search', arguments: JSON.stringify(input) },
      { type: 'tool-call', toolCallId: 'toolu_b', toolName: 'noop', arguments: '{}' },
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 20, outputTokens: 15, totalTokens: 35 },
      response: { id: 'msg_1', modelId: 'claude-test' },
    });
  });
});
