import { ProviderError } from '../src/core/errors/provider-error.js';
import { streamFromResponse } from '../src/models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../src/models/language-model.js';
import { TokenBucket } from '../src/kernel/scheduler/token-bucket.js';
import { type OpenAITestServer, startOpenAITestServer } from '../src/testing/openai-test-server/index.js';

/** What the simulated provider enforces, as a real one would. */
export interface ProviderLimits {
  requestsPerMinute: number;
  /** Requests the provider's own bucket holds beyond one second's worth: an allowance for transit jitter. */
  allowance: number;
  /** Concurrent requests it serves; more are answered 429. */
  concurrency: number;
  /** How long each answer takes. */
  latencyMs: number;
  /** Answers 429 with `retry-after-ms` to one request in every `faultEvery`. */
  faultEvery: number;
  faultRetryAfterMs: number;
}

/** What the simulated provider saw. */
export interface ProviderCounts {
  requests: number;
  /** 429s it sent because its own limits were exceeded (the scheduler paced badly). */
  rateLimited: number;
  /** 429s with retry-after injected through the test server's fault queue. */
  injected429: number;
  maxConcurrent: number;
  /** Milliseconds during which injected retry-after windows forbade calls (overlaps merged). */
  pausedMs: number;
}

/**
 * A simulated provider (no language model) behind the OpenAI-compatible test server: it enforces its own
 * requests-per-minute bucket and concurrency with 429 + `retry-after-ms`, and the server's fault queue injects
 * extra 429s with `retry-after-ms` at a fixed rate.
 */
export async function startSimulatedProvider(
  limits: ProviderLimits,
): Promise<{ server: OpenAITestServer; counts: ProviderCounts }> {
  const counts: ProviderCounts = { requests: 0, rateLimited: 0, injected429: 0, maxConcurrent: 0, pausedMs: 0 };
  const perSecond = limits.requestsPerMinute / 60;
  const bucket = new TokenBucket(limits.requestsPerMinute, perSecond + limits.allowance, Date.now());
  let running = 0;
  let pausedUntil = 0;
  const answer: ModelResponse = {
    content: [{ type: 'text', text: 'ok' }],
    finishReason: 'stop',
    usage: { inputTokens: 40, outputTokens: 8, totalTokens: 48 },
  };
  const refuse = (retryAfterMs: number) =>
    new ProviderError('Rate limit reached.', { provider: 'sim', status: 429, retryable: true, retryAfterMs });

  const model: LanguageModel = {
    specificationVersion: 'warden-1',
    provider: 'sim',
    modelId: 'sim-1',
    simulated: true,
    async doGenerate(request: ModelRequest) {
      const now = Date.now();
      if (!bucket.has(1, now)) {
        counts.rateLimited += 1;
        throw refuse(bucket.msUntil(1, now));
      }
      if (running >= limits.concurrency) {
        counts.rateLimited += 1;
        throw refuse(limits.latencyMs);
      }
      bucket.take(1, now);
      running += 1;
      counts.maxConcurrent = Math.max(counts.maxConcurrent, running);
      try {
        await new Promise<void>((resolve) => setTimeout(resolve, limits.latencyMs));
        request.abortSignal?.throwIfAborted();
        return answer;
      } finally {
        running -= 1;
      }
    },
    async doStream(request) {
      return streamFromResponse(await this.doGenerate(request));
    },
  };
  const server = await startOpenAITestServer({
    model,
    onRequest: () => {
      counts.requests += 1;
      if (counts.requests % limits.faultEvery !== 0) return;
      const now = Date.now();
      const headers = { 'retry-after-ms': String(limits.faultRetryAfterMs) };
      server.injectFault({ kind: 'status', status: 429, headers });
      counts.injected429 += 1;
      const end = now + limits.faultRetryAfterMs;
      counts.pausedMs += Math.max(0, end - Math.max(now, pausedUntil));
      pausedUntil = Math.max(pausedUntil, end);
    },
  });
  return { server, counts };
}

/** {@link startSimulatedProvider} in a worker thread; `close()` stops it and gives back what it saw. */
export async function startProviderWorker(
  limits: ProviderLimits,
): Promise<{ url: string; close: () => Promise<ProviderCounts> }> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./scheduler-provider-worker.mjs', import.meta.url), {
    workerData: limits,
  });
  const next = (type: string) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const onMessage = (message: Record<string, any>) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const { url } = await next('ready');
  return {
    url: url as string,
    async close() {
      const closed = next('closed');
      worker.postMessage('close');
      const { counts } = await closed;
      await worker.terminate();
      return counts as ProviderCounts;
    },
  };
}
