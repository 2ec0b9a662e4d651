/** Where the scheduler sets its wake-up timer; inject one (or use fake timers) in tests. */
export interface TimerSource {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at each call so that fake timers installed later apply. */
export const globalTimers: TimerSource = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The status and wait of a rate-limit answer, from a `ProviderError` or anything shaped like one. */
export function rateLimitWait(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  let status: unknown;
  let retryAfterMs: unknown;
  try {
    ({ status, retryAfterMs } = error as { status?: unknown; retryAfterMs?: unknown });
  } catch {
    return undefined; // a task's rejection whose fields cannot be read (a hostile Proxy) is no rate limit
  }
  return status === 429 && typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0
    ? retryAfterMs
    : undefined;
}
