import { CountersInputError } from '../core/errors/counters-errors.js';

/** One counter a read looks at: a key and the window it is counted over. */
export interface CounterRead {
  /** e.g. `limit:<policy>:<rule>:principal:<id>`; keys of different principals and tenants never collide. */
  key: string;
  /** Count only what was counted in the last `windowMs` milliseconds (sliding); omit to count forever. */
  windowMs?: number;
}

/** One counter a reserve takes one from. */
export interface CounterLimit extends CounterRead {
  /** The reserve succeeds only while fewer than `max` are counted in the window. Omit to count without a bound. */
  max?: number;
}

/** What a reserve did: counted one on every key, or nothing. */
export type ReserveResult =
  /** Counted; `counts` are the counts after, in the order of the limits. */
  | { ok: true; counts: number[] }
  /** Nothing counted: some key is at its max. `counts` are the current counts; `full` the keys at their max. */
  | { ok: false; counts: number[]; full: string[] };

/**
 * The shared counters seam (version 1): counts of allowed actions kept across runs, processes and machines, for
 * `limit: { per: principal | tenant }`. `reserve` is all-or-nothing and atomic against every other caller of the
 * same backend; windows are sliding and measured on the callers' clock (`now`), so machines sharing a backend
 * must keep their clocks in step. Implementations: memory (one process), PostgreSQL, Redis; all pass
 * `shared-counters.case.ts`.
 */
export interface SharedCounters {
  readonly version: 1;
  /** e.g. `memory`, `postgres:<schema>`, `redis:<prefix>`. */
  readonly location: string;
  /** The count of each key in its window at `now`, in order, in one round trip. */
  read(keys: readonly CounterRead[], now: number): Promise<number[]>;
  /**
   * Counts one on every key at `now` when each key with a `max` has fewer than `max` in its window; otherwise
   * counts nothing. Throws `CountersUnavailableError` when the backend fails, `CountersInputError` on bad input.
   */
  reserve(limits: readonly CounterLimit[], now: number): Promise<ReserveResult>;
  /** Closes connections the backend opened itself. */
  close(): Promise<void>;
}

/** Throws `CountersInputError` unless every key is non-empty and distinct, and every max and window is valid. */
export function checkCounterRequest(limits: readonly CounterLimit[], now: number): void {
  if (!Number.isFinite(now)) throw new CountersInputError(`now is ${String(now)}, not a time in milliseconds`);
  const seen = new Set<string>();
  for (const limit of limits) {
    if (typeof limit.key !== 'string' || limit.key.length === 0) throw new CountersInputError('a key is empty');
    if (seen.has(limit.key)) throw new CountersInputError(`the key "${limit.key}" is given twice`);
    seen.add(limit.key);
    if (limit.max !== undefined && !(Number.isInteger(limit.max) && limit.max >= 0)) {
      throw new CountersInputError(`the max of "${limit.key}" is ${String(limit.max)}`);
    }
    if (limit.windowMs !== undefined && !(Number.isFinite(limit.windowMs) && limit.windowMs > 0)) {
      throw new CountersInputError(`the window of "${limit.key}" is ${String(limit.windowMs)}`);
    }
  }
}

/** Whether a count taken at `now` includes something counted at `at`: windows end `windowMs` after it. */
export function inWindow(at: number, now: number, windowMs: number | undefined): boolean {
  return windowMs === undefined || at > now - windowMs;
}
