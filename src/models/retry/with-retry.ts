import type { ProviderError } from '../../core/errors/provider-error.js';
import { WardenError } from '../../core/errors/warden-error.js';
import type { LanguageModel, ModelRequest, ModelStreamPart } from '../language-model.js';

/** What `onRetry` is told before each wait. */
export interface RetryInfo {
  /** 1 for the first retry, 2 for the second, … */
  attempt: number;
  error: ProviderError;
  /** How long Warden waits before sending the request again. */
  delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  maxRetries?: number;
  /** The backoff ceiling of the first retry; it doubles with each retry. @default 500 */
  baseDelayMs?: number;
  /** No wait is longer than this, even when the provider asks for more. @default 30000 */
  maxDelayMs?: number;
  /** Waits `ms`, rejecting with the signal's reason when it aborts. Inject one in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

/** Whether `error` is a {@link ProviderError} that says sending the request again may work. */
export function isRetryableError(error: unknown): error is ProviderError {
  return (
    WardenError.isInstance(error) && error.code === 'PROVIDER_ERROR' && (error as ProviderError).retryable === true
  );
}

/**
 * The wait before retry number `retry + 1`: full jitter over an exponential ceiling,
 * but at least what the provider asked for (`retryAfterMs`), and never more than `maxDelayMs`.
 */
export function retryDelay(
  retry: number,
  error: ProviderError,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(options.random() * ceiling);
  if (error.retryAfterMs === undefined) return jittered;
  return Math.min(options.maxDelayMs, Math.max(error.retryAfterMs, jittered));
}

/** Waits `ms`; rejects with the signal's reason if it aborts first. The default `sleep` of {@link withRetry}. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const retrySettings = Symbol.for('warden.retry-settings');

/** The retry options a model was wrapped with by {@link withRetry}, if it was: the kernel retries by them. */
export function retryOptionsOf(model: object): Readonly<RetryOptions> | undefined {
  return (model as { [retrySettings]?: RetryOptions })[retrySettings];
}

/**
 * Wraps a model so that retryable {@link ProviderError}s are retried with exponential backoff.
 * A stream is retried only when it fails before its first part; nothing is retried after abort.
 * A request with `retry: false` (the kernel's: it retries through its scheduler) is sent once.
 * @example
 * const model = withRetry(createOpenAICompatible({ model: 'gpt-4o-mini' }), { maxRetries: 5 });
 */
export function withRetry(model: LanguageModel, options: RetryOptions = {}): LanguageModel {
  const maxRetries = options.maxRetries ?? 3;
  const delays = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  const sleep = options.sleep ?? abortableSleep;

  const canRetry = (error: unknown, retry: number, request: ModelRequest): error is ProviderError =>
    retry < maxRetries && !request.abortSignal?.aborted && isRetryableError(error);

  const wait = async (error: unknown, retry: number, request: ModelRequest): Promise<void> => {
    if (!canRetry(error, retry, request)) throw error;
    const delayMs = retryDelay(retry, error, delays);
    options.onRetry?.({ attempt: retry + 1, error, delayMs });
    await sleep(delayMs, request.abortSignal);
  };

  const wrapped: LanguageModel = {
    specificationVersion: 'warden-1',
    provider: model.provider,
    modelId: model.modelId,
    simulated: model.simulated,
    ...(model.supportsChoices !== undefined && { supportsChoices: model.supportsChoices }),
    async doGenerate(request) {
      if (request.retry === false) return model.doGenerate(request);
      for (let retry = 0; ; retry++) {
        try {
          return await model.doGenerate(request);
        } catch (error) {
          await wait(error, retry, request);
        }
      }
    },
    async doStream(request) {
      if (request.retry === false) return model.doStream(request);
      for (let retry = 0; ; retry++) {
        let failure: unknown;
        try {
          const reader = (await model.doStream(request)).getReader();
          const first = await reader.read();
          if (first.done || first.value.type !== 'error' || !canRetry(first.value.error, retry, request)) {
            return replay(first, reader);
          }
          failure = first.value.error;
          reader.cancel().catch(() => {});
        } catch (error) {
          failure = error;
        }
        await wait(failure, retry, request);
      }
    },
  };
  // Only what was set: the kernel layers these over its own defaults.
  return Object.assign(wrapped, { [retrySettings]: options });
}

/** A stream of the part already read, then the rest of `reader`. */
function replay(
  first: Awaited<ReturnType<ReadableStreamDefaultReader<ModelStreamPart>['read']>>,
  reader: ReadableStreamDefaultReader<ModelStreamPart>,
): ReadableStream<ModelStreamPart> {
  return new ReadableStream<ModelStreamPart>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
