import { randomUUID } from 'node:crypto';

/** Makes unique ids with a readable prefix, e.g. `run_…`; inject a counter in tests. */
export type IdGenerator = (prefix: string) => string;

/**
 * Unique ids that sort by creation time: `prefix_` + the time in milliseconds (9 base-36 digits) + 48 random
 * bits. Time-ordered keys land at the right edge of the store's indexes instead of on a random page, which
 * keeps a journal's writes (and its checkpoints) small.
 */
export const randomIds: IdGenerator = (prefix) => {
  const random = randomUUID();
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${random.slice(0, 8)}${random.slice(9, 13)}`;
};

/** Deterministic ids `prefix_1`, `prefix_2`, … for tests. */
export function createCounterIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}_${next}`;
  };
}

/** The deterministic id of a run's n-th syscall: stable across resumes. */
export const syscallId = (runId: string, sequence: number): string => `${runId}:${sequence}`;

/** A seeded pseudo-random generator (mulberry32), so replays draw the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed derived from a string (FNV-1a). */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
