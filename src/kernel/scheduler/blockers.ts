import type { Call } from './scheduled-call.js';

/** Whether `call` could start at `now` (what `blockers` finds nothing for), without building the list. */
export function free(call: Call, now: number): boolean {
  if (call.provider.pausedUntil > now) return false;
  for (const limiter of call.limiters) {
    if (limiter.running >= limiter.slots) return false;
    if (limiter.requests && !limiter.requests.has(1, now)) return false;
    if (limiter.tokens && !limiter.tokens.has(call.estimatedTokens, now)) return false;
  }
  return true;
}

/** What keeps `call` from starting now: resource keys, and the time the earliest of them frees by itself. */
export function blockers(call: Call, now: number): { keys: string[]; at: number } {
  const keys: string[] = [];
  let at = Number.POSITIVE_INFINITY;
  if (call.provider.pausedUntil > now) {
    keys.push(`${call.provider.name}#pause`);
    at = call.provider.pausedUntil;
  }
  for (const limiter of call.limiters) {
    if (limiter.running >= limiter.slots) keys.push(`${limiter.id}#slots`);
    for (const [bucket, amount, kind] of [
      [limiter.requests, 1, 'requests'],
      [limiter.tokens, call.estimatedTokens, 'tokens'],
    ] as const) {
      if (!bucket || bucket.has(amount, now)) continue;
      keys.push(`${limiter.id}#${kind}`);
      at = Math.min(at, now + bucket.msUntil(amount, now));
    }
  }
  return { keys, at };
}
