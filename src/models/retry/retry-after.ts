/** Anything with a case-insensitive `get(name)`: a fetch `Headers`, or a plain record via {@link headerGetter}. */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/**
 * How long a provider asked us to wait, from `retry-after-ms` (milliseconds) or
 * `retry-after` (seconds, or an HTTP date). `undefined` when it did not say or said nonsense.
 */
export function parseRetryAfter(headers: HeaderSource | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wraps a plain header record so that {@link parseRetryAfter} can read it. */
export function headerGetter(headers: Record<string, string | undefined>): HeaderSource {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (name) => lower.get(name.toLowerCase()) };
}
