import { WardenError } from './warden-error.js';

export interface ProviderErrorData {
  provider: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** The start of the provider's response body, for diagnosis. */
  responseBody?: string;
  /** How long the provider asked us to wait, from `retry-after` / `retry-after-ms`. */
  retryAfterMs?: number;
}

/** A model provider failed: HTTP error, connection reset, timeout, or a response that is not what its API promises. */
export class ProviderError extends WardenError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly responseBody: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ProviderErrorData, cause?: unknown) {
    super({ code: 'PROVIDER_ERROR', fault: 'provider', message, cause, data: { ...details } });
    this.provider = details.provider;
    this.status = details.status;
    this.retryable = details.retryable;
    this.responseBody = details.responseBody;
    this.retryAfterMs = details.retryAfterMs;
  }
}
