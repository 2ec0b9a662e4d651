import type { CounterLimit } from '../../counters/shared-counters.js';
import type { PolicyCounters, SharedLimit } from '../../policy/policy.js';

/**
 * The shared counts one decision reads, as read from the backend just before it: `get` answers from the
 * snapshot (a key the policy did not name reads as NaN, which the policy denies on), `increment` only notes the
 * key. `charges()` turns what the decision did into the reserve: a key it read is checked against its max, a
 * key it counted without reading (its rule's condition did not hold) is counted unconditionally.
 */
export class CounterSnapshot implements PolicyCounters {
  readonly #limits = new Map<string, SharedLimit>();
  readonly #counts = new Map<string, number>();
  readonly #read = new Set<string>();
  readonly #counted: string[] = [];

  constructor(limits: readonly SharedLimit[], counts: readonly number[]) {
    limits.forEach((limit, i) => {
      this.#limits.set(limit.key, limit);
      this.#counts.set(limit.key, counts[i] ?? 0);
    });
  }

  get(key: string): number {
    this.#read.add(key);
    return this.#counts.get(key) ?? Number.NaN;
  }

  increment(key: string): void {
    if (!this.#counted.includes(key)) this.#counted.push(key);
  }

  /** What to reserve for the decision just taken: empty when it counted nothing. */
  charges(): CounterLimit[] {
    return this.#counted.map((key) => {
      const limit = this.#limits.get(key);
      const windowMs = limit?.windowMs;
      return {
        key,
        ...(windowMs !== undefined && { windowMs }),
        ...(limit && this.#read.has(key) && { max: limit.max }),
      };
    });
  }
}
