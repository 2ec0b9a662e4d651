import type { SubmitOptions } from './api.js';
import type { Limiter } from './limits.js';
import { SchedulerError } from './scheduler-error.js';

const fail = (path: string, message: string) => new SchedulerError('SCHEDULER_REQUEST_INVALID', path, message);

/** The first option of a submit that cannot be honoured, as an error. */
export function problem(options: SubmitOptions): SchedulerError | undefined {
  if (typeof options.provider !== 'string' || options.provider === '') {
    return fail('provider', 'name the provider the call goes to, e.g. "openai".');
  }
  const { priority, estimatedTokens } = options;
  if (priority !== undefined && !Number.isFinite(priority)) {
    return fail('priority', `must be a finite number, got ${priority}.`);
  }
  if (estimatedTokens !== undefined && !(Number.isFinite(estimatedTokens) && estimatedTokens >= 0)) {
    return fail('estimatedTokens', `must be a finite number ≥ 0, got ${estimatedTokens}.`);
  }
  return undefined;
}

/** A call no bucket of its limiters could ever grant, as an error: it would otherwise wait forever. */
export function oversized(estimatedTokens: number, limiters: readonly Limiter[]): SchedulerError | undefined {
  for (const limiter of limiters) {
    if (limiter.tokens && estimatedTokens > limiter.tokens.capacity) {
      return fail(
        'estimatedTokens',
        `estimatedTokens ${estimatedTokens} is more than ${limiter.id} can ever grant at once (${limiter.tokens.capacity} tokens): split the request, or raise tokensPerMinute or burstMs.`,
      );
    }
  }
  return undefined;
}
