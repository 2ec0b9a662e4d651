/** Pure arithmetic of the scheduler bench, apart so that it is tested. */

/**
 * The shortest time the limits allow for `calls` successful calls: the bucket's burst goes at once, the rest at
 * `requestsPerMinute`, and the last call still takes `latencyMs`. Slots are not the binding limit when
 * `slots * 1000 / latencyMs` exceeds the request rate; then this is the ideal.
 */
export function idealMs(calls: number, requestsPerMinute: number, burst: number, latencyMs: number): number {
  return (Math.max(0, calls - burst) * 60_000) / requestsPerMinute + latencyMs;
}

/** Share of each tenant among `dispatches`, and the largest relative deviation from its weight's share. */
export function shareDeviation(
  dispatches: readonly string[],
  weights: Record<string, number>,
): { shares: Record<string, number>; maxShareDeviation: number } {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const counts = new Map<string, number>();
  for (const tenant of dispatches) counts.set(tenant, (counts.get(tenant) ?? 0) + 1);
  const shares: Record<string, number> = {};
  let maxShareDeviation = 0;
  for (const [tenant, weight] of Object.entries(weights)) {
    const share = dispatches.length === 0 ? 0 : (counts.get(tenant) ?? 0) / dispatches.length;
    shares[tenant] = round(share);
    maxShareDeviation = Math.max(maxShareDeviation, Math.abs(share / (weight / total) - 1));
  }
  return { shares, maxShareDeviation: round(maxShareDeviation) };
}

/** Median and range of one figure over invocations. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median: round(median), min: round(sorted[0] ?? Number.NaN), max: round(sorted.at(-1) ?? Number.NaN) };
}

export const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
