import { ProviderError } from '../../core/errors/provider-error.js';
import { isRetryableError, retryDelay, retryOptionsOf } from '../../models/retry/with-retry.js';
import type { LanguageModel } from '../../models/language-model.js';
import type { BudgetLedger } from '../budget-ledger.js';

/** How the kernel retries failed model calls (each attempt a call of its own through the scheduler). */
export interface KernelRetryOptions {
  /** Retries after the first attempt, per model. @default 3 */
  maxRetries?: number;
  /** The backoff ceiling of the first retry; it doubles with each retry. @default 500 */
  baseDelayMs?: number;
  /**
   * The longest wait before a retry. A provider asking (`retry-after`) for longer fails the call now rather than
   * being retried early. @default 60000
   */
  maxDelayMs?: number;
  /** A number in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
  /** Waits `ms`, rejecting with the signal's reason when it aborts. Inject one in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Retry options with every default filled in. */
export type ResolvedRetry = Required<Omit<KernelRetryOptions, 'sleep'>> & Pick<KernelRetryOptions, 'sleep'>;

const defaults: ResolvedRetry = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 60_000, random: Math.random };

/**
 * The options for one model: the kernel's defaults, then the run's (`retry` of the runtime), then what the model
 * was wrapped with by `withRetry` (e.g. `maxRetries` of its `warden.yaml` entry), later ones winning; except that
 * the run's `sleep` and `random` (the hooks tests inject) win over the model's.
 */
export function retryOptionsFor(model: LanguageModel, run: KernelRetryOptions | undefined): ResolvedRetry {
  const merged: Record<string, unknown> = { ...defaults };
  const hooks = { sleep: run?.sleep, random: run?.random };
  for (const layer of [run, retryOptionsOf(model), hooks]) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) merged[key] = value;
  }
  return merged as unknown as ResolvedRetry;
}

/** What to do after attempt number `attempt` failed with `error`. */
export type RetryVerdict = { retry: true; waitMs: number } | { retry: false; error: unknown };

/**
 * Retry a retryable provider error after backoff (at least its `retry-after`), unless retries are used up, the
 * provider asks for more than `maxDelayMs`, or the wait would outlast the run's time budget: then fail now, with
 * an error that says so.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  options: ResolvedRetry,
  ledger: BudgetLedger,
  now: number,
): RetryVerdict {
  if (!isRetryableError(error) || attempt > options.maxRetries) return { retry: false, error };
  const asked = error.retryAfterMs;
  if (asked !== undefined && asked > options.maxDelayMs) {
    return {
      retry: false,
      error: failNow(
        error,
        `${error.provider} asked to wait ${Math.round(asked)} ms before retrying, longer than the kernel waits (retry.maxDelayMs ${options.maxDelayMs}); the call fails now instead of retrying early. Raise retry.maxDelayMs, or lower the load on ${error.provider}.`,
      ),
    };
  }
  const waitMs = retryDelay(attempt - 1, error, options);
  const left = remainingTime(ledger, now);
  if (waitMs >= left) {
    return {
      retry: false,
      error: failNow(
        error,
        `${error.provider} failed (${error.message}) and the retry would wait ${waitMs} ms${asked !== undefined ? ' (retry-after)' : ''}, but the run has only ${Math.max(0, Math.round(left))} ms of its time budget left; the run fails now instead of sleeping past its deadline. Raise budget.timeoutMs, or retry the run later.`,
      ),
    };
  }
  return { retry: true, waitMs };
}

/** Milliseconds left before the nearest time budget (this run's or an ancestor's) runs out. */
export function remainingTime(ledger: BudgetLedger, now: number): number {
  let left = Number.POSITIVE_INFINITY;
  for (let at: BudgetLedger | undefined = ledger; at; at = at.parent) {
    const { timeoutMs } = at.budget;
    if (timeoutMs !== undefined) left = Math.min(left, timeoutMs - (now - at.startedAt));
  }
  return left;
}

function failNow(error: ProviderError, message: string): ProviderError {
  return new ProviderError(
    message,
    {
      provider: error.provider,
      status: error.status,
      retryable: false,
      responseBody: error.responseBody,
      retryAfterMs: error.retryAfterMs,
    },
    error,
  );
}
