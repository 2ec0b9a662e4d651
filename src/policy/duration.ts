const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds from a number of milliseconds or a string like `500ms`, `30s`, `5m`, `1h`, `1d`; undefined when it is neither. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
  return amount > 0 ? amount : undefined;
}
