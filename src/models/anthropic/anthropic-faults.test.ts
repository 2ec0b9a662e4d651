import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import {
  type AnthropicTestServer,
  type AnthropicTestServerOptions,
  startAnthropicTestServer,
} from '../../testing/anthropic-test-server/index.js';
import { collectStream } from '../collect-stream.js';
import type { ModelRequest, ModelStreamPart } from '../language-model.js';
import { withRetry } from '../retry/with-retry.js';
import { createAnthropic } from './anthropic-model.js';

const servers: AnthropicTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(options: AnthropicTestServerOptions = { script: [{ text: 'fine' }] }, timeoutMs?: number) {
  const server = await startAnthropicTestServer(options);
  servers.push(server);
  const model = createAnthropic({ model: 'claude-test', baseURL: server.url, apiKey: 'sk-ant-test', timeoutMs });
  return { server, model };
}

const ask: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function streamError(
  stream: ReadableStream<ModelStreamPart>,
): Promise<{ parts: ModelStreamPart[]; error: ProviderError }> {
  const parts: ModelStreamPart[] = [];
  const error = await collectStream(stream, (part) => parts.push(part)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return { parts, error: error as ProviderError };
}

describe('Anthropic provider failures', () => {
  it('maps 429 with retry-after to a retryable error with the wait and the API message', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': '3' } });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ provider: 'anthropic', status: 429, retryable: true, retryAfterMs: 3000 });
    expect(error.message).toMatch(/anthropic answered HTTP 429: Injected HTTP 429\. Rate limited/);
    expect(error.responseBody).toContain('rate_limit_error');
  });

  it.each([
    [529, true],
    [500, true],
    [400, false],
    [401, false],
    [404, false],
  ])('HTTP %i is retryable: %s', async (status, retryable) => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'status', status });
    const error = await failure(model.doStream(ask));
    expect(error).toMatchObject({ status, retryable });
  });

  it('a reset connection is retryable', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'reset' });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/Could not reach anthropic at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('malformed JSON in a body or a stream is a ProviderError that says so', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'malformed-json' }, { times: 2 });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ status: 200, retryable: true });
    expect(error.message).toMatch(/JSON does not parse/);
    const streamed = await streamError(await model.doStream(ask));
    expect(streamed.parts).toHaveLength(1);
    expect(streamed.error.message).toMatch(/JSON does not parse/);
  });

  it('a truncated stream delivers what came, then an error', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'truncated-stream' });
    const { parts, error } = await streamError(await model.doStream(ask));
    expect(parts.slice(0, 2)).toEqual([
      { type: 'text-delta', delta: 'The answer' },
      { type: 'text-delta', delta: ' is' },
    ]);
    expect(error.message).toMatch(/ended before message_stop/);
    expect(error.retryable).toBe(true);
  });

  it('an error event inside the stream is a ProviderError by its type', async () => {
    const { model } = await setup({
      model: {
        specificationVersion: 'warden-1',
        provider: 'test',
        modelId: 'flaky',
        doGenerate: () => Promise.reject(new Error('unused')),
        doStream: async () =>
          new ReadableStream<ModelStreamPart>({
            start(controller) {
              controller.enqueue({ type: 'text-delta', delta: 'Partial' });
              controller.enqueue({ type: 'error', error: new Error('Overheated.') });
              controller.close();
            },
          }),
      },
    });
    const { parts, error } = await streamError(await model.doStream(ask));
    expect(parts[0]).toEqual({ type: 'text-delta', delta: 'Partial' });
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/error inside the stream: Overheated\. \(api_error\)/);
  });

  it('passes invalid tool input through as raw text', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'invalid-tool-arguments' }, { times: 2 });
    const request: ModelRequest = {
      ...ask,
      tools: [{ name: 'read_file', description: 'r', inputSchema: { type: 'object' } }],
    };
    const expected = { type: 'tool-call', toolName: 'read_file', arguments: '{"path": "notes.txt", ' };
    expect((await model.doGenerate(request)).content).toEqual([{ ...expected, toolCallId: 'toolu_invalid_msg_1' }]);
    expect((await collectStream(await model.doStream(request))).content).toEqual([
      { ...expected, toolCallId: 'toolu_invalid_msg_2' },
    ]);
  });

  it('abort cancels a hung request with the abort reason; a timeout is retryable', async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { server, model } = await setup({ script: [], onRequest: () => arrived() }, 150);
    server.injectFault({ kind: 'hang' }, { times: 2 });
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = model.doStream({ ...ask, abortSignal: controller.signal });
    await received;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/did not answer within 150 ms/);
  });

  it('withRetry honours retry-after-ms on overload, then streams', async () => {
    const { server, model } = await setup({ script: [{ text: 'back' }] });
    server.injectFault({ kind: 'status', status: 529, headers: { 'retry-after-ms': '700' } });
    const delays: number[] = [];
    const retried = withRetry(model, { sleep: async (ms) => void delays.push(ms), random: () => 0.99 });
    const response = await collectStream(await retried.doStream(ask));
    expect(response.content).toEqual([{ type: 'text', text: 'back' }]);
    expect(delays).toEqual([700]);
    expect(server.requests).toHaveLength(2);
  });
});
