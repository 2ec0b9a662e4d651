import {
  type CounterLimit,
  type CounterRead,
  checkCounterRequest,
  inWindow,
  type ReserveResult,
  type SharedCounters,
} from './shared-counters.js';

interface Tally {
  /** Everything ever counted (keys read without a window). */
  total: number;
  /** When each still-windowed count was taken. */
  times: number[];
}

/**
 * Counters in this process's memory: the default. Limits hold across the runs of one runtime (or of every
 * runtime given the same object), not across processes; use PostgreSQL or Redis counters for that.
 */
export class MemoryCounters implements SharedCounters {
  readonly version = 1 as const;
  readonly location = 'memory';
  readonly #tallies = new Map<string, Tally>();

  async read(keys: readonly CounterRead[], now: number): Promise<number[]> {
    checkCounterRequest(keys, now);
    return keys.map((key) => this.#count(key, now));
  }

  async reserve(limits: readonly CounterLimit[], now: number): Promise<ReserveResult> {
    checkCounterRequest(limits, now);
    // Synchronous from here on: nothing else in this process runs between the check and the count.
    const counts = limits.map((limit) => this.#count(limit, now));
    const full = limits.filter((limit, i) => limit.max !== undefined && (counts[i] ?? 0) >= limit.max);
    if (full.length > 0) return { ok: false, counts, full: full.map((limit) => limit.key) };
    for (const limit of limits) {
      const tally = this.#tally(limit.key);
      tally.total++;
      if (limit.windowMs !== undefined) {
        const since = now - limit.windowMs;
        tally.times = tally.times.filter((at) => at > since);
        tally.times.push(now);
      }
    }
    return { ok: true, counts: counts.map((count) => count + 1) };
  }

  async close(): Promise<void> {}

  #count(read: CounterRead, now: number): number {
    const tally = this.#tallies.get(read.key);
    if (!tally) return 0;
    if (read.windowMs === undefined) return tally.total;
    let count = 0;
    for (const at of tally.times) if (inWindow(at, now, read.windowMs)) count++;
    return count;
  }

  #tally(key: string): Tally {
    let tally = this.#tallies.get(key);
    if (!tally) {
      tally = { total: 0, times: [] };
      this.#tallies.set(key, tally);
    }
    return tally;
  }
}

/** Counters in this process's memory. */
export function createMemoryCounters(): SharedCounters {
  return new MemoryCounters();
}
