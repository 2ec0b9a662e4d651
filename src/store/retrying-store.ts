import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';
import type { AppendOptions, ClaimOptions, RunStore } from './run-store.js';

/** How long a store that went away is waited for. */
export interface StoreRetryOptions {
  /** Give up (and fail with `STORE_UNAVAILABLE`) after waiting this long. @default 30000 */
  maxWaitMs?: number;
  /** The first pause between attempts; it doubles up to 1 s. @default 50 */
  initialDelayMs?: number;
  /** Told each time a call is retried. */
  onRetry?: (info: { method: string; attempt: number; waitedMs: number; error: unknown }) => void;
}

const isUnavailable = (error: unknown): boolean => (error as { code?: string })?.code === 'STORE_UNAVAILABLE';

/**
 * A store that waits out its server going away: a call that fails with `STORE_UNAVAILABLE` is tried again,
 * with backoff, for up to `maxWaitMs`, so a run pauses instead of failing when PostgreSQL restarts. After that
 * the call fails with a `STORE_UNAVAILABLE` that says how long it waited; the run then stops with its log
 * as far as it was written, and resumes from there. An append whose earlier attempt may have committed before
 * the connection broke is recognised on retry (its events are in the log) instead of failing as a conflict.
 */
export function withStoreRetry(store: RunStore, options: StoreRetryOptions = {}): RunStore {
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const initial = options.initialDelayMs ?? 50;
  async function retried<T>(method: string, call: (attempt: number) => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = initial;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(attempt);
      } catch (error) {
        const waitedMs = Date.now() - started;
        if (!isUnavailable(error)) throw error;
        if (waitedMs + delay > maxWaitMs) {
          throw new StoreError(
            `${(error as Error).message} Waited ${Math.round(waitedMs / 1000)} s for the run store ${store.location} to come back; the run stops here and can be resumed once it is reachable.`,
            error,
            'STORE_UNAVAILABLE',
          );
        }
        options.onRetry?.({ method, attempt: attempt + 1, waitedMs, error });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 1000);
      }
    }
  }
  async function append(runId: string, events: readonly RunEvent[], appendOptions?: AppendOptions) {
    return retried('append', async (attempt) => {
      try {
        await store.append(runId, events, appendOptions);
      } catch (error) {
        if (attempt === 0 || (error as { code?: string }).code !== 'STORE_CONFLICT') throw error;
        // A retry refused as a conflict: the attempt that lost its connection may have committed.
        const run = await store.getRun(runId);
        const last = events.at(-1);
        if (run && (last === undefined || run.lastSeq >= last.seq)) return;
        throw error;
      }
    });
  }
  return {
    location: store.location,
    createRun: (run) => retried('createRun', () => store.createRun(run)),
    append,
    readEvents: (runId, readOptions) => retried('readEvents', () => store.readEvents(runId, readOptions)),
    getRun: (runId) => retried('getRun', () => store.getRun(runId)),
    updateRun: (runId, patch) => retried('updateRun', () => store.updateRun(runId, patch)),
    listRuns: (filter) => retried('listRuns', () => store.listRuns(filter)),
    recoverInterrupted: (isOwnerAlive) => retried('recoverInterrupted', () => store.recoverInterrupted(isOwnerAlive)),
    claim: (runId, owner, ttlMs, claimOptions?: ClaimOptions) =>
      retried('claim', () => store.claim(runId, owner, ttlMs, claimOptions)),
    renew: (runId, token, ttlMs) => retried('renew', () => store.renew(runId, token, ttlMs)),
    release: (runId, token) => retried('release', () => store.release(runId, token)),
    close: () => store.close(),
  };
}
