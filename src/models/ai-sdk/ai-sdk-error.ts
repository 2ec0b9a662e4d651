import { ProviderError } from '../../core/errors/provider-error.js';
import { WardenError } from '../../core/errors/warden-error.js';
import { headerGetter } from '../retry/retry-after.js';
import {
  bodyStart,
  connectionFailure,
  httpFailure,
  isTransientNetworkError,
  malformedResponse,
} from '../retry/provider-failure.js';

const aiSdkMarker = Symbol.for('vercel.ai.error');

/** The fields of the AI SDK's `APICallError` Warden reads. */
interface ApiCallError extends Error {
  url?: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
}

/** Whether `error` is one of the AI SDK's errors (any copy of `@ai-sdk/provider`), by its `Symbol.for` marker. */
export function isAiSdkError(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[aiSdkMarker] === true;
}

/** AI SDK errors that mean the answer was not what the API promises: sending again may help. */
const malformedNames = new Set([
  'AI_JSONParseError',
  'AI_TypeValidationError',
  'AI_InvalidResponseDataError',
  'AI_EmptyResponseBodyError',
  'AI_NoContentGeneratedError',
]);

/**
 * Turns whatever an AI SDK model threw (or put in an `error` stream part) into a {@link ProviderError} with
 * `status`, `retryable` and `retryAfterMs`. An abort is not a failure: the signal's reason is returned as is.
 */
export function fromAiSdkError(error: unknown, provider: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (WardenError.isInstance(error)) return error;
  if (isNamed(error, 'TimeoutError')) {
    return new ProviderError(
      `${provider} did not answer in time (${(error as Error).message}). The request can be retried; raise the provider's timeout if the model is slow.`,
      { provider, retryable: true },
      error,
    );
  }
  if (isNamed(error, 'AbortError')) return error;
  if (isAiSdkError(error) && error.name === 'AI_APICallError') return fromApiCallError(error as ApiCallError, provider);
  if (isAiSdkError(error) && malformedNames.has(error.name)) {
    return malformedResponse(provider, `${error.message} (${error.name}).`, true, error);
  }
  if (isAiSdkError(error)) {
    const fix = error.name === 'AI_LoadAPIKeyError' ? ' Set the API key the provider package names.' : '';
    return new ProviderError(
      `${provider} failed: ${error.message} (${error.name}).${fix}`,
      { provider, retryable: false },
      error,
    );
  }
  if (isTransientNetworkError(error)) return connectionFailure(provider, error, `The connection to ${provider} broke`);
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderError(`The request to ${provider} failed: ${reason}`, { provider, retryable: false }, error);
}

/** `Error`s and `DOMException`s alike (an aborted `fetch` throws the latter). */
const isNamed = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

function fromApiCallError(error: ApiCallError, provider: string): ProviderError {
  if (error.statusCode === undefined) {
    const where = error.url ? ` at ${error.url}` : '';
    return connectionFailure(provider, error.cause ?? error, `Could not reach ${provider}${where}`);
  }
  const failure = httpFailure({
    provider,
    status: error.statusCode,
    detail: error.message,
    headers: headerGetter(error.responseHeaders ?? {}),
    body: error.responseBody,
    cause: error,
  });
  // The provider package knows its API best (e.g. a vendor's own "should retry" header): its verdict wins.
  if (error.isRetryable === undefined || error.isRetryable === failure.retryable) return failure;
  return new ProviderError(
    failure.message,
    {
      provider,
      status: error.statusCode,
      retryable: error.isRetryable,
      responseBody: bodyStart(error.responseBody),
      retryAfterMs: failure.retryAfterMs,
    },
    error,
  );
}
