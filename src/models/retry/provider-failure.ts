import { ProviderError } from '../../core/errors/provider-error.js';
import { type HeaderSource, parseRetryAfter } from './retry-after.js';

/** Statuses worth sending again: timeout, conflict, rate limit, server errors. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/** Socket-level codes after which the same request may succeed. DNS failures (ENOTFOUND) are not: the host is wrong. */
const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The first `code` found along an error's `cause` chain (undici nests the socket error). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether an error thrown by `fetch` (or while reading a body) is a transient network failure. */
export function isTransientNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  if (code) return transientCodes.has(code);
  return error instanceof TypeError && /terminated|other side closed|socket/i.test(error.message);
}

const hints: Record<number, string> = {
  400: 'The provider rejected the request: check the model supports the parameters sent (tools, response format, images).',
  401: 'Check the API key.',
  403: 'The API key has no access to this model or endpoint.',
  404: 'Check the model id and the baseURL.',
  408: 'The provider timed out; the request can be retried.',
  409: 'The request can be retried.',
  413: 'The request is too large: shorten the conversation.',
  422: 'The provider could not process the request: check its parameters.',
  429: 'Rate limited: the request can be retried later; lower concurrency if it persists.',
};

/** Most of a response body is noise; keep the start for diagnosis. */
export const bodyStart = (body: string | undefined, limit = 500): string | undefined =>
  body === undefined ? undefined : body.length > limit ? `${body.slice(0, limit)}…` : body;

export interface HttpFailure {
  provider: string;
  status: number;
  /** What the provider said, e.g. its `error.message`. */
  detail?: string;
  headers?: HeaderSource;
  body?: string;
  cause?: unknown;
}

/** A non-2xx answer as a {@link ProviderError}: retryable by status, with `retry-after` honoured. */
export function httpFailure({ provider, status, detail, headers, body, cause }: HttpFailure): ProviderError {
  const retryable = isRetryableStatus(status);
  const hint = hints[status] ?? (status >= 500 ? 'Server error at the provider; the request can be retried.' : '');
  const said = detail ? `: ${detail.replace(/^\d{3}\s+/, '').replace(/[.\s]+$/, '')}` : '';
  const message = `${provider} answered HTTP ${status}${said}.${hint ? ` ${hint}` : ''}`;
  const retryAfterMs = parseRetryAfter(headers);
  return new ProviderError(
    message,
    { provider, status, retryable, responseBody: bodyStart(body), retryAfterMs },
    cause,
  );
}

/** No answer at all: refused, reset, or timed out. */
export function connectionFailure(provider: string, error: unknown, what: string): ProviderError {
  const code = networkErrorCode(error);
  const retryable = code ? transientCodes.has(code) : true;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new ProviderError(
    `${what} (${reason}).${retryable ? ' The request can be retried.' : ''}`,
    { provider, retryable },
    error,
  );
}

/** A 2xx answer that is not what the API promises: garbage JSON, a cut stream, a missing field. */
export function malformedResponse(
  provider: string,
  problem: string,
  retryable: boolean,
  cause?: unknown,
  body?: string,
): ProviderError {
  return new ProviderError(
    `${provider} sent a response Warden cannot use: ${problem}`,
    { provider, status: 200, retryable, responseBody: bodyStart(body) },
    cause,
  );
}
