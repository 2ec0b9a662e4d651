import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import {
  type OpenAITestServer,
  type OpenAITestServerOptions,
  startOpenAITestServer,
} from '../../testing/openai-test-server/index.js';
import { collectStream } from '../collect-stream.js';
import type { LanguageModel, ModelRequest, ModelStreamPart } from '../language-model.js';
import { withRetry } from '../retry/with-retry.js';
import { createOpenAICompatible } from './openai-compatible-model.js';

const servers: OpenAITestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(options: OpenAITestServerOptions = { script: [{ text: 'fine' }] }, timeoutMs?: number) {
  const server = await startOpenAITestServer(options);
  servers.push(server);
  const model = createOpenAICompatible({ model: 'gpt-test', baseURL: server.url, apiKey: 'sk-test', timeoutMs });
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

async function readAll(stream: ReadableStream<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  await collectStream(stream, (part) => parts.push(part)).catch(() => {});
  return parts;
}

describe('OpenAI provider failures', () => {
  it('maps 429 with retry-after seconds to a retryable error with the wait', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000, provider: 'openai' });
    expect(error.message).toMatch(/openai answered HTTP 429: Injected HTTP 429\. Rate limited/);
    expect(error.responseBody).toContain('rate_limit_error');
  });

  it('prefers retry-after-ms and fails a stream before it starts', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'status', status: 503, headers: { 'retry-after-ms': '150', 'retry-after': '9' } });
    const error = await failure(model.doStream(ask));
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 150 });
  });

  it.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [409, true],
    [500, true],
    [502, true],
  ])('HTTP %i is retryable: %s', async (status, retryable) => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'status', status, body: { error: { message: 'nope', type: 'x' } } });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ status, retryable, retryAfterMs: undefined });
    expect(error.code).toBe('PROVIDER_ERROR');
  });

  it('faults apply to the next N requests only', async () => {
    const { server, model } = await setup({ script: [{ text: 'third time lucky' }] });
    server.injectFault({ kind: 'status', status: 500 }, { times: 2 });
    await failure(model.doGenerate(ask));
    await failure(model.doGenerate(ask));
    await expect(model.doGenerate(ask)).resolves.toMatchObject({
      content: [{ type: 'text', text: 'third time lucky' }],
    });
    expect(server.requests).toHaveLength(3);
  });

  it('a reset connection is retryable', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'reset' });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/Could not reach openai at http:\/\/127\.0\.0\.1:\d+\/v1/);
  });

  it('a refused connection is retryable and names the address', async () => {
    const port = await freePort();
    const model = createOpenAICompatible({ model: 'm', baseURL: `http://127.0.0.1:${port}/v1`, provider: 'vllm' });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ retryable: true, provider: 'vllm' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a 200 with malformed JSON is a ProviderError that says so', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'malformed-json' }, { times: 2 });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ status: 200, retryable: true });
    expect(error.message).toMatch(/JSON does not parse/);
    const parts = await readAll(await model.doStream(ask));
    expect(parts).toHaveLength(1);
    const streamed = parts[0];
    expect(streamed?.type === 'error' && streamed.error).toBeInstanceOf(ProviderError);
    expect(streamed?.type === 'error' && (streamed.error as Error).message).toMatch(/JSON does not parse/);
  });

  it('a truncated stream delivers what came, then an error; a truncated body does not parse', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'truncated-stream' }, { times: 2 });
    const parts = await readAll(await model.doStream(ask));
    expect(parts.slice(0, 2)).toEqual([
      { type: 'text-delta', delta: 'The answer' },
      { type: 'text-delta', delta: ' is' },
    ]);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && (last.error as ProviderError).message).toMatch(/ended before a finish_reason/);
    const error = await failure(model.doGenerate(ask));
    expect(error.message).toMatch(/does not parse/);
  });

  it('passes invalid tool arguments through as raw text, for the kernel to report', async () => {
    const { server, model } = await setup();
    server.injectFault({ kind: 'invalid-tool-arguments' }, { times: 2 });
    const request: ModelRequest = {
      ...ask,
      tools: [{ name: 'read_file', description: 'r', inputSchema: { type: 'object' } }],
    };
    const generated = await model.doGenerate(request);
    expect(generated.content).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_invalid_chatcmpl-1',
        toolName: 'read_file',
        arguments: '{"path": "notes.txt", ',
      },
    ]);
    const streamed = await collectStream(await model.doStream(request));
    expect(streamed.content).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_invalid_chatcmpl-2',
        toolName: 'read_file',
        arguments: '{"path": "notes.txt", ',
      },
    ]);
  });

  it('abort cancels a hung request with the abort reason', async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { server, model } = await setup({ script: [], onRequest: () => arrived() });
    server.injectFault({ kind: 'hang' }, { times: 2 });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const pending = model.doGenerate({ ...ask, abortSignal: controller.signal });
    await received;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const streamController = new AbortController();
    const stream = model.doStream({ ...ask, abortSignal: streamController.signal });
    streamController.abort(reason);
    await expect(stream).rejects.toBe(reason);
  });

  it('abort in the middle of a stream ends it with the reason and cancels the model', async () => {
    let modelSignal: AbortSignal | undefined;
    const endless: LanguageModel = {
      specificationVersion: 'warden-1',
      provider: 'test',
      modelId: 'endless',
      doGenerate: () => Promise.reject(new Error('unused')),
      doStream: async (request) => {
        modelSignal = request.abortSignal;
        return new ReadableStream<ModelStreamPart>({
          start(controller) {
            controller.enqueue({ type: 'text-delta', delta: 'Once upon a time' });
            request.abortSignal?.addEventListener('abort', () => controller.close());
          },
        });
      },
    };
    const { model } = await setup({ model: endless });
    const controller = new AbortController();
    const reason = new Error('enough');
    const reader = (await model.doStream({ ...ask, abortSignal: controller.signal })).getReader();
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text-delta', delta: 'Once upon a time' } });
    controller.abort(reason);
    expect(await reader.read()).toEqual({ done: false, value: { type: 'error', error: reason } });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    await expect.poll(() => modelSignal?.aborted).toBe(true);
  });

  it('times out a hung request with a retryable error', async () => {
    const { server, model } = await setup(undefined, 100);
    server.injectFault({ kind: 'hang' });
    const error = await failure(model.doGenerate(ask));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/did not answer within 100 ms/);
  });

  it('withRetry waits what retry-after asks, then succeeds', async () => {
    const { server, model } = await setup({ script: [{ text: 'finally' }] });
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1200' } }, { times: 2 });
    const delays: number[] = [];
    const retried = withRetry(model, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 });
    const response = await retried.doGenerate(ask);
    expect(response.content).toEqual([{ type: 'text', text: 'finally' }]);
    expect(delays).toEqual([1200, 1200]);
    expect(server.requests).toHaveLength(3);
  });

  it('withRetry retries a stream that fails before its first part', async () => {
    const { server, model } = await setup({ script: [{ text: 'streamed' }] });
    server.injectFault({ kind: 'reset' });
    server.injectFault({ kind: 'malformed-json' });
    const delays: number[] = [];
    const retried = withRetry(model, { sleep: async (ms) => void delays.push(ms), random: () => 0 });
    const response = await collectStream(await retried.doStream(ask));
    expect(response.content).toEqual([{ type: 'text', text: 'streamed' }]);
    expect(delays).toEqual([0, 0]);
    expect(server.requests).toHaveLength(3);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
