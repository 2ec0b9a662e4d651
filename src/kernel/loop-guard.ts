/** Malfunction amplification guard: the same tool with the same arguments again and again. */
export interface LoopGuardOptions {
  /** How many identical calls in a row count as a loop. @default 3 */
  repeats?: number;
  /** `warn` emits a `loop-detected` event; `stop` also ends the run with status `halted`. @default 'warn' */
  action?: 'warn' | 'stop';
}

/** Counts identical consecutive calls; `observe` returns the streak length. */
export class LoopGuard {
  private lastKey: string | undefined;
  private streak = 0;

  observe(toolName: string, input: unknown): number {
    const key = `${toolName}\u0000${stableStringify(input)}`;
    this.streak = key === this.lastKey ? this.streak + 1 : 1;
    this.lastKey = key;
    return this.streak;
  }
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableStringify(record[key])}`)
    .join(',')}}`;
}
