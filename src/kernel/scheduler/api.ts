/**
 * The scheduler seam: the kernel hands every model call to a {@link Scheduler}, which decides when it may
 * start. Bumped when a change to these types would break an implementation or a caller.
 */
export const SCHEDULER_API_VERSION = 'warden-scheduler-1' as const;

/** How waiting calls of one priority are ordered against each other. */
export type QueuePolicy =
  /** Weighted fair queuing across tenants, then across agents within a tenant (the default). */
  | 'weighted-fair'
  /** One call per tenant in turn (and per agent within a tenant), longest-unserved first; weights are ignored. */
  | 'round-robin'
  /** Strict arrival order; tenants and agents are ignored. */
  | 'fifo';

/** What the task of a scheduled call gets: its timing so far, and ways to tell the scheduler what happened. */
export interface TaskHandle {
  /** How long the call waited in the queue, in milliseconds. */
  readonly queueMs: number;
  /** The caller's signal, if it gave one (the scheduler no longer watches it once the task started). */
  readonly signal: AbortSignal | undefined;
  /**
   * The tokens the call really used (prompt and completion): the tokens-per-minute buckets are corrected by
   * `actualTokens - estimatedTokens`. Call it again to correct again; the last report counts.
   */
  report(usage: { actualTokens: number }): void;
  /**
   * The provider answered 429 and asked to wait `retryAfterMs`: every queued and new call of this provider
   * waits until then (capped at the scheduler's `maxPauseMs`). A task that throws an error carrying
   * `status: 429` and a numeric `retryAfterMs` (a `ProviderError`) does the same without calling this.
   */
  rateLimited(retryAfterMs: number): void;
}

/** Where and on whose behalf one model call runs. */
export interface SubmitOptions {
  /** Calls of one provider share its slots, budgets and 429 pauses, e.g. `openai`. */
  provider: string;
  /** The model id within the provider, e.g. `gpt-4o-mini`: calls of one model share its slots and budgets. */
  model?: string;
  /** Higher runs first when calls wait; strictly before any lower priority that needs the same resource. @default 0 */
  priority?: number;
  /** Who the call is for, for fairness; weights come from the scheduler's `tenantWeights`. @default 'default' */
  tenant?: string;
  /** Which agent (or run) within the tenant, for fairness within the tenant. @default 'default' */
  agent?: string;
  /** Tokens the call is expected to use (prompt plus expected completion), charged to tokens-per-minute. @default 0 */
  estimatedTokens?: number;
  /** Aborting it while the call is queued removes the call and rejects it with the signal's reason. */
  signal?: AbortSignal;
  /** Called once when the call settles (or is cancelled while queued), with its queue and service time. */
  onSettled?: (timing: CallTiming) => void;
}

/** How one call went through the scheduler. Queue time and service time are separate so events can show both. */
export interface CallTiming {
  provider: string;
  model: string | undefined;
  tenant: string;
  agent: string;
  /** `cancelled`: aborted while queued, the task never ran. */
  outcome: 'fulfilled' | 'rejected' | 'cancelled';
  /** Milliseconds from submit to start (to cancellation, for `cancelled`). */
  queueMs: number;
  /** Milliseconds from start to settle; 0 for `cancelled`. */
  serviceMs: number;
  estimatedTokens: number;
  /** The last `report`ed token count, if any. */
  actualTokens: number | undefined;
}

/** The options of the original `run` (kept for existing callers): `key` is the provider. */
export interface ScheduleOptions {
  /** Calls with the same key share concurrency slots, e.g. the provider name. */
  key: string;
  /** Higher runs first when calls wait. @default 0 */
  priority?: number;
  signal?: AbortSignal;
}

/** A snapshot of one provider's state, for tests, metrics and benchmarks. */
export interface ProviderState {
  running: number;
  queued: number;
  /** Epoch milliseconds until which calls wait after a 429, or `undefined` when not paused. */
  pausedUntil: number | undefined;
}

/** Queues model calls under per-provider and per-model slots and budgets, fairly across tenants and agents. */
export interface Scheduler {
  readonly apiVersion: typeof SCHEDULER_API_VERSION;
  /** Runs `task` once the limits allow; settles as the task does, or rejects when cancelled while queued. */
  submit<T>(task: (handle: TaskHandle) => Promise<T>, options: SubmitOptions): Promise<T>;
  /** The original entry point: `submit(task, { provider: key, priority, signal })`. */
  run<T>(task: () => Promise<T>, options: ScheduleOptions): Promise<T>;
  /** Pauses a provider as a 429 with `retry-after` would (capped at `maxPauseMs`). */
  pause(provider: string, retryAfterMs: number): void;
  /** Running and queued calls and the pause of one provider. */
  state(provider: string): ProviderState;
}
