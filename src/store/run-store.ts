import type { ErrorInfo, RunEvent, RunStatus } from '../core/events.js';
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
  /** The input as given, or its first message's text. */
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
}

export type NewRun = Pick<RunRecord, 'id' | 'agent' | 'model' | 'input' | 'createdAt'> &
  Partial<Pick<RunRecord, 'parentRunId' | 'principal' | 'ownerId' | 'status'>>;

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
}

export interface RunFilter {
  status?: RunStatus | RunStatus[];
  agent?: string;
  parentRunId?: string;
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
  close(): Promise<void>;
}
