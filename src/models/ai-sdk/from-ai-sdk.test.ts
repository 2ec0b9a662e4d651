import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  type LanguageModelV2,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { collectStream } from '../collect-stream.js';
import type { ModelRequest, ModelStreamPart } from '../language-model.js';
import { withRetry } from '../retry/with-retry.js';
import type { AiSdkLanguageModel } from './ai-sdk-types.js';
import { fromAiSdk } from './from-ai-sdk.js';

const usageV3 = {
  inputTokens: { total: 12, noCache: 2, cacheRead: 10, cacheWrite: undefined },
  outputTokens: { total: 7, text: 4, reasoning: 3 },
};

const generated = (
  content: LanguageModelV3GenerateResult['content'],
  unified = 'stop',
): LanguageModelV3GenerateResult => ({
  content,
  finishReason: { unified: unified as 'stop', raw: unified },
  usage: usageV3,
  warnings: [],
  response: { id: 'resp-1', modelId: 'mock-model-v3', headers: { 'x-request-id': 'r1' } },
});

const request: ModelRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather?' },
        { type: 'image', image: 'data:image/png;base64,AAAA' },
      ],
    },
    {
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: 'c0', toolName: 'get_weather', input: { city: 'Oslo' } }],
    },
    {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c0', toolName: 'get_weather', output: { celsius: 3 } }],
    },
  ],
  tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: {} } }],
  toolChoice: { toolName: 'get_weather' },
  responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer' },
  temperature: 0,
  maxOutputTokens: 50,
};

async function parts(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const all: ModelStreamPart[] = [];
  for await (const part of stream) all.push(part);
  return all;
}

describe('fromAiSdk', () => {
  it('accepts V2 and V3 provider models by type, and refuses anything else with a message', () => {
    const models: AiSdkLanguageModel[] = [
      new MockLanguageModelV3(),
      createOpenAICompatible({ name: 'local', baseURL: 'http://127.0.0.1:1/v1' })('llama3.2'),
      {} as LanguageModelV2,
    ];
    expect(models).toHaveLength(3);
    expect(() => fromAiSdk('openai:gpt-4o' as never)).toThrow(/specificationVersion "v2" or "v3"/);
  });

  it('generate: the request in the AI SDK prompt format, text and tool calls, usage with cache and reasoning', async () => {
    const mock = new MockLanguageModelV3({
      provider: 'mock.chat',
      doGenerate: generated(
        [
          { type: 'reasoning', text: 'thinking' },
          { type: 'text', text: 'It is ' },
          { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Lisbon"}' },
        ],
        'tool-calls',
      ),
    });
    const model = fromAiSdk(mock);
    expect(`${model.provider}:${model.modelId}`).toBe('mock:mock-model-id');
    const response = await model.doGenerate(request);
    expect(response).toEqual({
      content: [
        { type: 'text', text: 'It is ' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', arguments: '{"city":"Lisbon"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19, cachedInputTokens: 10, reasoningTokens: 3 },
      response: { id: 'resp-1', modelId: 'mock-model-v3', headers: { 'x-request-id': 'r1' } },
    });
    const sent = mock.doGenerateCalls[0];
    expect(sent?.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'file', mediaType: 'image/png', data: 'AAAA' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c0', toolName: 'get_weather', input: { city: 'Oslo' } }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c0',
            toolName: 'get_weather',
            output: { type: 'json', value: { celsius: 3 } },
          },
        ],
      },
    ]);
    expect(sent).toMatchObject({
      tools: [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: {} } }],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer' },
      temperature: 0,
      maxOutputTokens: 50,
    });
  });

  it('a V2 model: flat usage, string finish reasons, "unknown" is "other"', async () => {
    const v2 = {
      specificationVersion: 'v2',
      provider: 'legacy.chat',
      modelId: 'old',
      supportedUrls: {},
      doGenerate: async () => ({
        content: [{ type: 'text', text: 'hi' }],
        finishReason: 'unknown',
        usage: { inputTokens: 3, outputTokens: undefined, totalTokens: undefined },
        warnings: [{ type: 'unsupported-setting', setting: 'seed', details: 'ignored' }],
      }),
      doStream: async () => {
        throw new Error('not used');
      },
    } satisfies LanguageModelV2;
    const response = await fromAiSdk(v2, { provider: 'legacy' }).doGenerate({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(response).toMatchObject({
      finishReason: 'other',
      usage: { inputTokens: 3, outputTokens: 0, totalTokens: 3 },
      warnings: ['unsupported-setting: seed: ignored'],
    });
  });

  it('stream: text and tool-input deltas, whole tool calls, one finish with usage and response metadata', async () => {
    const chunks: LanguageModelV3StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'resp-2', modelId: 'mock-stream' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hel' },
      { type: 'text-delta', id: 't', delta: 'lo' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'c1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'c1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'c1', delta: '"Lisbon"}' },
      { type: 'tool-input-end', id: 'c1' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Lisbon"}' },
      { type: 'finish', usage: usageV3, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
    ];
    const mock = new MockLanguageModelV3({
      doStream: { stream: convertArrayToReadableStream(chunks), response: { headers: { 'x-id': '9' } } },
    });
    const all = await parts(await fromAiSdk(mock).doStream(request));
    expect(all).toEqual([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      { type: 'tool-call-delta', toolCallId: 'c1', toolName: 'get_weather', argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', toolCallId: 'c1', toolName: 'get_weather', argumentsDelta: '"Lisbon"}' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', arguments: '{"city":"Lisbon"}' },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19, cachedInputTokens: 10, reasoningTokens: 3 },
        response: { headers: { 'x-id': '9' }, id: 'resp-2', modelId: 'mock-stream' },
      },
    ]);
  });

  it('an aborted stream ends at once with the abort reason and cancels the provider stream, even if the provider ignores the signal', async () => {
    let cancelled: unknown = 'not cancelled';
    const upstream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'text-delta', id: 't', delta: 'partial' });
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const controller = new AbortController();
    const stream = await fromAiSdk(new MockLanguageModelV3({ doStream: { stream: upstream } })).doStream({
      messages: [{ role: 'user', content: 'x' }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text-delta', delta: 'partial' } });
    const reason = new Error('user pressed stop');
    controller.abort(reason);
    expect(await reader.read()).toEqual({ done: false, value: { type: 'error', error: reason } });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(cancelled).toBeUndefined();
  });

  it('an abort during generate rejects with the reason although the provider never settles', async () => {
    const controller = new AbortController();
    const model = fromAiSdk(new MockLanguageModelV3({ doGenerate: () => new Promise(() => {}) }));
    const pending = model.doGenerate({ messages: [{ role: 'user', content: 'x' }], abortSignal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });

  it('an API error with retry-after is a retryable ProviderError with status and delay, and withRetry honours it', async () => {
    const rateLimited = new APICallError({
      message: 'Too Many Requests',
      url: 'http://127.0.0.1/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { 'Retry-After': '2' },
      responseBody: '{"error":{"message":"slow down"}}',
      isRetryable: true,
    });
    let calls = 0;
    const mock = new MockLanguageModelV3({
      doGenerate: async () => {
        calls += 1;
        if (calls === 1) throw rateLimited;
        return generated([{ type: 'text', text: 'ok' }]);
      },
    });
    const error = await fromAiSdk(mock)
      .doGenerate(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000, provider: 'mock-provider' });
    expect((error as ProviderError).message).toContain('Rate limited');
    expect((error as ProviderError).cause).toBe(rateLimited);

    const slept: number[] = [];
    const retried = withRetry(fromAiSdk(mock), { sleep: async (ms) => void slept.push(ms), random: () => 0 });
    calls = 0;
    expect((await retried.doGenerate(request)).content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(slept).toEqual([2000]);
  });

  it("a 400 is not retryable; the provider package's own verdict wins over the status", async () => {
    const bad = (statusCode: number, isRetryable: boolean) =>
      new APICallError({ message: 'no', url: 'u', requestBodyValues: {}, statusCode, isRetryable });
    const fail = (error: unknown) =>
      fromAiSdk(
        new MockLanguageModelV3({
          doGenerate: async () => {
            throw error;
          },
        }),
      )
        .doGenerate(request)
        .catch((caught: unknown) => caught);
    expect(await fail(bad(400, false))).toMatchObject({ status: 400, retryable: false });
    expect(await fail(bad(400, true))).toMatchObject({ status: 400, retryable: true });
    expect(await fail(new Error('boom'))).toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
    expect(await fail(new DOMException('The operation timed out.', 'TimeoutError'))).toMatchObject({ retryable: true });
    const aborted = new DOMException('aborted by the provider', 'AbortError');
    expect(await fail(aborted)).toBe(aborted);
  });

  it('an error part mid-stream ends the stream with a mapped ProviderError; a stream with no finish is a retryable error', async () => {
    const unavailable = new APICallError({
      message: 'down',
      url: 'u',
      requestBodyValues: {},
      statusCode: 503,
      isRetryable: true,
    });
    const withError = new MockLanguageModelV3({
      doStream: {
        stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
          { type: 'text-delta', id: 't', delta: 'a' },
          { type: 'error', error: unavailable },
          { type: 'text-delta', id: 't', delta: 'never seen' },
        ]),
      },
    });
    const all = await parts(await fromAiSdk(withError).doStream(request));
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ type: 'error', error: { status: 503, retryable: true } });

    const cut = new MockLanguageModelV3({
      doStream: {
        stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([{ type: 'text-delta', id: 't', delta: 'a' }]),
      },
    });
    await expect(collectStream(await fromAiSdk(cut).doStream(request))).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('without a finish part'),
    });
  });
});
