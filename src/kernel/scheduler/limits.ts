import { SchedulerError } from './scheduler-error.js';
import { TokenBucket } from './token-bucket.js';

/** Limits of one provider, or of one model of a provider. Unset means unlimited. */
export interface LimitSettings {
  /** Calls running at once. */
  slots?: number;
  /** Calls started per minute (a token bucket of one token per call). */
  requestsPerMinute?: number;
  /** Tokens per minute: a call takes its `estimatedTokens` to start, corrected by its reported actual tokens. */
  tokensPerMinute?: number;
  /**
   * How much budget the buckets hold, in milliseconds' worth: the largest burst after an idle spell.
   * Providers count per minute, so the default allows a whole minute's budget at once; lower it to pace evenly.
   * @default 60000
   */
  burstMs?: number;
}

/** Limits of one provider and, optionally, of its models. */
export interface ProviderSettings extends LimitSettings {
  /** Limits of single models of this provider, by model id. */
  models?: Record<string, LimitSettings>;
  /** Limits of each model of this provider that `models` does not list. */
  modelDefaults?: LimitSettings;
}

/** The slots and buckets of one provider or one model; `id` names it in reservations. */
export class Limiter {
  running = 0;
  readonly slots: number;
  readonly requests: TokenBucket | undefined;
  readonly tokens: TokenBucket | undefined;

  constructor(
    readonly id: string,
    settings: LimitSettings,
    now: number,
  ) {
    this.slots = settings.slots ?? Number.POSITIVE_INFINITY;
    const burstMs = settings.burstMs ?? 60_000;
    const bucket = (perMinute: number | undefined) =>
      perMinute === undefined ? undefined : new TokenBucket(perMinute, (perMinute * burstMs) / 60_000, now);
    this.requests = bucket(settings.requestsPerMinute);
    this.tokens = bucket(settings.tokensPerMinute);
  }
}

const positive = (value: unknown) => typeof value === 'number' && value > 0 && !Number.isNaN(value);

/** Throws a {@link SchedulerError} naming the first limit that cannot be honoured. */
export function validateLimits(settings: LimitSettings, path: string): void {
  const { slots, requestsPerMinute, tokensPerMinute, burstMs } = settings;
  if (slots !== undefined && !(slots === Number.POSITIVE_INFINITY || (Number.isInteger(slots) && slots > 0))) {
    throw invalid(`${path}.slots`, `must be a positive integer or Infinity, got ${String(slots)}.`);
  }
  for (const [name, value] of [
    ['requestsPerMinute', requestsPerMinute],
    ['tokensPerMinute', tokensPerMinute],
    ['burstMs', burstMs],
  ] as const) {
    if (value !== undefined && !(positive(value) && Number.isFinite(value))) {
      throw invalid(`${path}.${name}`, `must be a positive finite number, got ${String(value)}.`);
    }
  }
  if (requestsPerMinute !== undefined && (requestsPerMinute * (burstMs ?? 60_000)) / 60_000 < 1) {
    throw invalid(
      `${path}.burstMs`,
      `holds less than one request at ${requestsPerMinute} requests per minute, so no call could ever start: raise burstMs to at least ${Math.ceil(60_000 / requestsPerMinute)}.`,
    );
  }
}

/** Validates a weight table (tenant or agent weights). */
export function validateWeights(weights: Record<string, number> | undefined, path: string): void {
  for (const [name, weight] of Object.entries(weights ?? {})) {
    if (!(positive(weight) && Number.isFinite(weight))) {
      throw invalid(`${path}.${name}`, `must be a positive finite number, got ${String(weight)}.`);
    }
  }
}

function invalid(path: string, problem: string): SchedulerError {
  return new SchedulerError('SCHEDULER_SETTINGS_INVALID', path, problem);
}
