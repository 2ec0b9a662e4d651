import type { ErrorInfo, RunAuthority, RunEvent, RunStatus } from '../core/events.js';
import type { JsonValue } from '../core/json.js';
import type { Usage } from '../core/usage.js';

/** One run as the runs table holds it: a summary kept up to date from its events. */
export interface RunRecord {
  id: string;
  agent: string;
  model: string;
  status: RunStatus;
  parentRunId?: string;
  principal?: string;
  /**
   * The input as given, or its first message's text: a copy for display and listing. A store may replace
   * characters it cannot hold in a text column with U+FFFD (PostgreSQL: NUL; SQLite and PostgreSQL: lone UTF-16
   * surrogates); the run's `run-start` event keeps the input exactly, and a resume reads it from there.
   */
  input: string;
  output?: JsonValue;
  error?: ErrorInfo;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  usage: Usage;
  costUsd: number;
  steps: number;
  /** Who is executing the run (`host:pid:start` or a worker id); used to find runs whose owner died. */
  ownerId?: string;
  /** Seq of the last stored event, -1 when none. */
  lastSeq: number;
  /** The tenant the run's principal belongs to. */
  tenant?: string;
  /** The whole principal the run acts for (ids, roles, tenant, attributes), as `run-start` journals it. */
  actsFor?: RunPrincipal;
  /** Who holds the run now, and until when; absent when nobody does. */
  lease?: RunLease;
}

/** The principal as stored with a run. */
export type RunPrincipal = NonNullable<RunAuthority['principal']>;

/**
 * A claim on a run: only its holder may write the run's log. `token` (the fencing token) grows with every
 * claim, so a writer whose lease was taken over is refused even if it does not know yet.
 */
export interface RunLease {
  owner: string;
  token: number;
  /** When the lease ends unless renewed, by the store's clock. */
  expiresAt: number;
}

/** What a claim takes. */
export interface ClaimOptions {
  /**
   * Claim only a run in one of these statuses (a run whose lease expired is claimable whatever it says).
   * @default any status
   */
  statuses?: readonly RunStatus[];
  /** Set the run's status in the same write, e.g. `running` on resume. */
  status?: RunStatus;
}

export type NewRun = Pick<RunRecord, 'id' | 'agent' | 'model' | 'input' | 'createdAt'> &
  Partial<Pick<RunRecord, 'parentRunId' | 'principal' | 'ownerId' | 'status' | 'tenant' | 'actsFor'>> & {
    /** Create the run already claimed by `owner` (fencing token 1). */
    lease?: { owner: string; ttlMs: number };
  };

export type RunPatch = Partial<
  Pick<RunRecord, 'status' | 'output' | 'error' | 'endedAt' | 'usage' | 'costUsd' | 'steps' | 'ownerId' | 'updatedAt'>
>;

/** What an append also does, in the same write. */
export interface AppendOptions {
  /** Create this run first (its id must be `runId`). */
  create?: NewRun;
  /** Then update the run's summary. */
  patch?: RunPatch;
  /**
   * Commit now rather than with the other writes of this turn of the event loop: the caller waits for this
   * append before an action (a side effect's intent), so its latency is what counts.
   */
  now?: boolean;
  /** The writer's fencing token: the write is refused with `RUN_LEASE_LOST` unless it is the run's current one. */
  fence?: number;
  /**
   * The run whose lease `fence` belongs to, when it is not `runId`: a sub-agent's run is written under the claim of
   * its root run, so a writer that lost the root's lease cannot write its children either. @default runId
   */
  fencedBy?: string;
}

export interface RunFilter {
  status?: RunStatus | RunStatus[];
  agent?: string;
  parentRunId?: string;
  tenant?: string;
  /** Newest first; at most this many. @default 50 */
  limit?: number;
}

/**
 * The run store seam: an append-only event log per run plus a runs table.
 * Implementations: SQLite (default), PostgreSQL, memory. All pass `run-store.case.ts`.
 */
export interface RunStore {
  /** e.g. `sqlite:.warden/warden.db`, `memory`. */
  readonly location: string;
  createRun(run: NewRun): Promise<void>;
  /**
   * Appends events to a run's log. Their `seq` must continue the log without gaps;
   * a duplicate or out-of-order seq is refused (the log is append-only).
   * With `create`, the run is created first; with `patch`, its summary is updated after:
   * in one transaction where the store can, so a run's first and last writes cost one commit each.
   */
  append(runId: string, events: readonly RunEvent[], options?: AppendOptions): Promise<void>;
  /** Events of a run in order, optionally only those with `seq > afterSeq`. */
  readEvents(runId: string, options?: { afterSeq?: number; limit?: number }): Promise<RunEvent[]>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  updateRun(runId: string, patch: RunPatch): Promise<void>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /**
   * Marks runs still `running` whose owner is gone as `interrupted`, and returns their ids.
   * `isOwnerAlive` decides for each owner id.
   */
  recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]>;
  /**
   * Claims a run for `owner` for `ttlMs`, atomically: succeeds when nobody holds it, its lease expired, or
   * `owner` holds it already; returns the lease with a new, higher fencing token and records `owner` as the
   * run's `ownerId`. Throws `RunNotClaimableError` (`RUN_NOT_RESUMABLE`, naming the holder) otherwise, and
   * `NotFoundError` for a run that does not exist.
   */
  claim(runId: string, owner: string, ttlMs: number, options?: ClaimOptions): Promise<RunLease>;
  /** Extends a lease the caller still holds; throws `LeaseLostError` when `token` is not the current one. */
  renew(runId: string, token: number, ttlMs: number): Promise<RunLease>;
  /** Gives a lease up; does nothing when `token` is not the current one (someone else holds the run). */
  release(runId: string, token: number): Promise<void>;
  close(): Promise<void>;
}
