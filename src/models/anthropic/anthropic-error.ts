import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ProviderError } from '../../core/errors/provider-error.js';
import { WardenError } from '../../core/errors/warden-error.js';
import {
  bodyStart,
  connectionFailure,
  httpFailure,
  isTransientNetworkError,
  malformedResponse,
} from '../retry/provider-failure.js';

export interface AnthropicErrorContext {
  provider: string;
  baseURL: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Error types Anthropic sends inside a stream after which the same request may succeed. */
const transientTypes = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

/**
 * Turns whatever the SDK threw into a {@link ProviderError}. An abort is not a failure:
 * the signal's reason is returned as is, so callers see what they aborted with.
 */
export function fromAnthropicError(error: unknown, context: AnthropicErrorContext): unknown {
  const { provider, signal } = context;
  if (signal?.aborted) return signal.reason;
  if (WardenError.isInstance(error) || error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError(
      `${provider} did not answer within ${context.timeoutMs} ms. The request can be retried; raise timeoutMs if the model is slow.`,
      { provider, retryable: true },
      error,
    );
  }
  if (error instanceof APIConnectionError) {
    return connectionFailure(provider, error.cause ?? error, `Could not reach ${provider} at ${context.baseURL}`);
  }
  if (error instanceof APIError) {
    const body = error.error === undefined ? undefined : JSON.stringify(error.error);
    const detail = error.apiMessage ?? error.message;
    if (error.status !== undefined) {
      return httpFailure({ provider, status: error.status, detail, headers: error.headers, body, cause: error });
    }
    return new ProviderError(
      `${provider} reported an error inside the stream: ${detail} (${error.type ?? 'unknown type'}).`,
      { provider, retryable: transientTypes.has(error.type ?? ''), responseBody: bodyStart(body) },
      error,
    );
  }
  if (error instanceof SyntaxError) {
    return malformedResponse(
      provider,
      `its JSON does not parse (${error.message}): the response was cut short, or the server is not the Messages API.`,
      true,
      error,
    );
  }
  if (isTransientNetworkError(error)) {
    return connectionFailure(provider, error, `The connection to ${provider} broke during the response`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderError(`The request to ${provider} failed: ${reason}`, { provider, retryable: false }, error);
}
