import type { ErrorInfo } from '../../core/events.js';
import { ProviderError } from '../../core/errors/provider-error.js';

/** One failed attempt of a routed call. */
export interface FailedAttempt {
  model: string;
  attempt: number;
  error: ErrorInfo;
}

/** Every model of an agent's routing failed one call: each attempt, in order, with its error. */
export class ModelFallbackError extends ProviderError {
  readonly attempts: readonly FailedAttempt[];

  constructor(attempts: readonly FailedAttempt[], last: ProviderError) {
    const models = [...new Set(attempts.map((attempt) => attempt.model))];
    const lines = attempts.map(
      (attempt, index) => `${index + 1}. ${attempt.model} attempt ${attempt.attempt}: ${attempt.error.message}`,
    );
    super(
      `Every model of the agent's routing failed this call (${models.join(', ')}), after the kernel's retries:\n${lines.join('\n')}\nCheck the providers (keys, base URLs, status pages), or add a model to routing.models.`,
      {
        provider: last.provider,
        status: last.status,
        retryable: false,
        responseBody: last.responseBody,
        retryAfterMs: last.retryAfterMs,
      },
      last,
    );
    this.attempts = attempts;
    Object.assign(this.data, { attempts });
  }
}
