import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { collectStream } from '../collect-stream.js';
import type { LanguageModel, ModelRequest, ModelStreamPart } from '../language-model.js';
import { type RetryInfo, type RetryOptions, retryDelay, retryOptionsOf, withRetry } from './with-retry.js';

const ask: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const transient = (retryAfterMs?: number) =>
  new ProviderError('busy', { provider: 'p', status: 503, retryable: true, retryAfterMs });
const permanent = () => new ProviderError('bad key', { provider: 'p', status: 401, retryable: false });

function recorder(extra: RetryOptions = {}) {
  const delays: number[] = [];
  const infos: RetryInfo[] = [];
  const options: RetryOptions = {
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
    onRetry: (info) => infos.push(info),
    ...extra,
  };
  return { delays, infos, options };
}

describe('retryDelay', () => {
  const base = { baseDelayMs: 500, maxDelayMs: 30_000 };
  it('draws full jitter under an exponential ceiling', () => {
    expect([0, 1, 2, 3].map((retry) => retryDelay(retry, transient(), { ...base, random: () => 0.999 }))).toEqual([
      499, 999, 1998, 3996,
    ]);
    expect(retryDelay(3, transient(), { ...base, random: () => 0 })).toBe(0);
    expect(retryDelay(20, transient(), { ...base, random: () => 0.5 })).toBe(15_000);
  });
  it('waits at least what the provider asked, capped by maxDelayMs', () => {
    expect(retryDelay(0, transient(2000), { ...base, random: () => 0.5 })).toBe(2000);
    expect(retryDelay(5, transient(2000), { ...base, random: () => 0.5 })).toBe(8000);
    expect(retryDelay(0, transient(90_000), { ...base, random: () => 0.5 })).toBe(30_000);
  });
});

describe('withRetry', () => {
  it('retries retryable errors with backoff and reports each retry', async () => {
    const inner = new ScriptedModel([{ error: transient() }, { error: transient(1500) }, { text: 'ok' }]);
    const { delays, infos, options } = recorder();
    const response = await withRetry(inner, options).doGenerate(ask);
    expect(response.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(delays).toEqual([250, 1500]);
    expect(infos.map(({ attempt, delayMs }) => ({ attempt, delayMs }))).toEqual([
      { attempt: 1, delayMs: 250 },
      { attempt: 2, delayMs: 1500 },
    ]);
    expect(infos[0]?.error).toBeInstanceOf(ProviderError);
    inner.assertAllUsed();
  });

  it('gives up after maxRetries with the last error', async () => {
    const last = transient();
    const inner = new ScriptedModel([
      { error: transient() },
      { error: transient() },
      { error: last },
      { text: 'never' },
    ]);
    const { delays, options } = recorder({ maxRetries: 2 });
    await expect(withRetry(inner, options).doGenerate(ask)).rejects.toBe(last);
    expect(delays).toHaveLength(2);
    expect(inner.used).toBe(3);
  });

  it('does not retry non-retryable errors or errors that are not ProviderErrors', async () => {
    for (const error of [permanent(), new TypeError('bug')]) {
      const inner = new ScriptedModel([{ error }, { text: 'never' }]);
      const { delays, options } = recorder();
      await expect(withRetry(inner, options).doGenerate(ask)).rejects.toBe(error);
      expect(delays).toEqual([]);
    }
  });

  it('never retries after abort, and an abort during the wait stops it', async () => {
    const controller = new AbortController();
    const inner = new ScriptedModel([
      () => {
        controller.abort(new Error('cancelled'));
        return { error: transient() };
      },
      { text: 'never' },
    ]);
    const { delays, options } = recorder();
    await expect(
      withRetry(inner, options).doGenerate({ ...ask, abortSignal: controller.signal }),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(delays).toEqual([]);

    const during = new AbortController();
    const reason = new Error('stop waiting');
    const sleeping = withRetry(new ScriptedModel([{ error: transient(60_000) }, { text: 'never' }]), {
      maxDelayMs: 60_000,
      onRetry: () => queueMicrotask(() => during.abort(reason)),
    });
    await expect(sleeping.doGenerate({ ...ask, abortSignal: during.signal })).rejects.toBe(reason);
  });

  it('retries a stream whose first part is a retryable error, but not one that fails later', async () => {
    let calls = 0;
    const flaky: LanguageModel = {
      specificationVersion: 'warden-1',
      provider: 'p',
      modelId: 'm',
      doGenerate: () => Promise.reject(new Error('unused')),
      doStream: async () => {
        calls += 1;
        const parts: ModelStreamPart[] =
          calls === 1
            ? [{ type: 'error', error: transient() }]
            : [
                { type: 'text-delta', delta: 'half' },
                { type: 'error', error: transient() },
              ];
        return new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        });
      },
    };
    const { delays, options } = recorder();
    const seen: ModelStreamPart[] = [];
    await expect(
      collectStream(await withRetry(flaky, options).doStream(ask), (part) => seen.push(part)),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(2);
    expect(delays).toEqual([250]);
    expect(seen.map((part) => part.type)).toEqual(['text-delta', 'error']);
  });

  it('retries a stream that fails to open and hands over a non-retryable first error as a part', async () => {
    const bad = permanent();
    const inner = new ScriptedModel([{ error: transient() }, { text: 'streamed text' }]);
    const { delays, options } = recorder();
    const response = await collectStream(await withRetry(inner, options).doStream(ask));
    expect(response.content).toEqual([{ type: 'text', text: 'streamed text' }]);
    expect(delays).toEqual([250]);

    const failing: LanguageModel = {
      ...inner,
      doGenerate: inner.doGenerate.bind(inner),
      doStream: async () =>
        new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'error', error: bad });
            controller.close();
          },
        }),
    };
    const stream = await withRetry(failing, options).doStream(ask);
    await expect(collectStream(stream)).rejects.toBe(bad);
  });

  it('sends a request marked retry: false once (the kernel retries it), and still retries the others', async () => {
    const failing = transient();
    const inner = new ScriptedModel([{ error: failing }, { error: transient() }, { text: 'ok' }]);
    const { delays, options } = recorder();
    const model = withRetry(inner, options);
    await expect(model.doGenerate({ ...ask, retry: false })).rejects.toBe(failing);
    expect(delays).toEqual([]);
    expect(inner.used).toBe(1);
    await expect(model.doGenerate(ask)).resolves.toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
    expect(delays).toHaveLength(1);
    expect(retryOptionsOf(model)).toMatchObject({ sleep: options.sleep });
    expect(retryOptionsOf(inner)).toBeUndefined();
  });

  it('keeps the model identity', () => {
    const wrapped = withRetry(new ScriptedModel([], { provider: 'sim', modelId: 'oracle' }));
    expect(wrapped).toMatchObject({
      specificationVersion: 'warden-1',
      provider: 'sim',
      modelId: 'oracle',
      simulated: true,
    });
  });
});
