import { type Clock, systemClock } from '../core/clock.js';
import { LeaseLostError } from '../core/errors/lease-errors.js';
import { NotFoundError } from '../core/errors/run-errors.js';
import type { RunEvent } from '../core/events.js';
import { checkClaim, checkFence } from './_lease.js';
import { assertConsecutive, duplicateRun, seqConflict } from './_store-errors.js';
import type {
  AppendOptions,
  ClaimOptions,
  NewRun,
  RunFilter,
  RunLease,
  RunPatch,
  RunRecord,
  RunStore,
} from './run-store.js';

/** A run store in process memory: the library's default; nothing survives the process. */
export class MemoryRunStore implements RunStore {
  readonly location = 'memory';
  private readonly runs = new Map<string, RunRecord>();
  private readonly events = new Map<string, RunEvent[]>();
  private readonly tokens = new Map<string, number>();
  private readonly clock: Clock;

  /** `clock` gives lease times and `updatedAt` when a patch does not. @default systemClock */
  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async createRun(run: NewRun): Promise<void> {
    if (this.runs.has(run.id)) throw duplicateRun(run.id);
    const { lease, ...fields } = run;
    const record: RunRecord = {
      ...withoutUndefined(fields),
      status: run.status ?? 'running',
      updatedAt: run.createdAt,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      costUsd: 0,
      steps: 0,
      lastSeq: -1,
    };
    if (lease) {
      record.lease = { owner: lease.owner, token: 1, expiresAt: this.clock.now() + lease.ttlMs };
      record.ownerId = lease.owner;
    }
    this.runs.set(run.id, record);
    this.events.set(run.id, []);
    this.tokens.set(run.id, lease ? 1 : 0);
  }

  /** All of it or nothing: the run is created and patched only if its events continue the log. */
  async append(runId: string, events: readonly RunEvent[], options: AppendOptions = {}): Promise<void> {
    if (options.create && this.runs.has(options.create.id)) throw duplicateRun(options.create.id);
    const existing = options.create ? undefined : this.require(runId);
    if (existing && options.fence !== undefined) this.fence(options.fencedBy ?? runId, options.fence);
    assertConsecutive(runId, events);
    const expected = (existing?.lastSeq ?? -1) + 1;
    const first = events[0];
    if (first && first.seq !== expected) throw seqConflict(runId, first.seq, expected);
    // Encoded before anything changes, as the durable stores encode: what has no JSON form fails the whole write,
    // and what JSON drops or changes (a function, a Date) is stored the way SQLite and PostgreSQL would store it.
    const stored = events.map(asStored);
    const patch = options.patch && asStored(options.patch); // JSON leaves out the fields set to undefined
    if (options.create) {
      if (options.fence !== undefined && options.fencedBy !== undefined) this.fence(options.fencedBy, options.fence);
      await this.createRun(options.create);
      if (options.fence !== undefined && options.fencedBy === undefined) this.fence(runId, options.fence);
    }
    const run = this.require(runId);
    const log = this.events.get(runId)!;
    log.push(...stored);
    run.lastSeq = expected + events.length - 1;
    if (patch) this.applyPatch(run, patch);
  }

  async readEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<RunEvent[]> {
    const log = this.events.get(runId) ?? [];
    const after = options.afterSeq ?? -1;
    const selected = log.filter((event) => event.seq > after);
    return structuredClone(options.limit === undefined ? selected : selected.slice(0, options.limit));
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  async updateRun(runId: string, patch: RunPatch): Promise<void> {
    this.applyPatch(this.require(runId), asStored(patch));
  }

  private applyPatch(run: RunRecord, patch: RunPatch): void {
    Object.assign(run, patch);
    if (patch.updatedAt === undefined) run.updatedAt = Math.max(run.updatedAt, this.clock.now());
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const statuses = filter.status === undefined ? undefined : [filter.status].flat();
    return [...this.runs.values()]
      .filter(
        (run) =>
          (!statuses || statuses.includes(run.status)) &&
          (filter.agent === undefined || run.agent === filter.agent) &&
          (filter.parentRunId === undefined || run.parentRunId === filter.parentRunId) &&
          (filter.tenant === undefined || run.tenant === filter.tenant),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit ?? 50)
      .map((run) => structuredClone(run));
  }

  async recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]> {
    const recovered: string[] = [];
    for (const run of this.runs.values()) {
      if (run.status === 'running' && !isOwnerAlive(run.ownerId)) {
        run.status = 'interrupted';
        run.updatedAt = Math.max(run.updatedAt, this.clock.now());
        recovered.push(run.id);
      }
    }
    return recovered;
  }

  async claim(runId: string, owner: string, ttlMs: number, options: ClaimOptions = {}): Promise<RunLease> {
    const run = this.require(runId);
    const now = this.clock.now();
    checkClaim(runId, this.leaseState(run), owner, now, options);
    const token = (this.tokens.get(runId) ?? 0) + 1;
    this.tokens.set(runId, token);
    run.lease = { owner, token, expiresAt: now + ttlMs };
    run.ownerId = owner;
    if (options.status) run.status = options.status;
    run.updatedAt = Math.max(run.updatedAt, now);
    return { ...run.lease };
  }

  async renew(runId: string, token: number, ttlMs: number): Promise<RunLease> {
    const run = this.require(runId);
    this.fence(runId, token);
    if (!run.lease) throw new LeaseLostError(runId, token, {});
    run.lease.expiresAt = this.clock.now() + ttlMs;
    return { ...run.lease };
  }

  async release(runId: string, token: number): Promise<void> {
    const run = this.require(runId);
    if (run.lease?.token === token) delete run.lease;
  }

  async close(): Promise<void> {}

  private leaseState(run: RunRecord) {
    return {
      status: run.status,
      leaseOwner: run.lease?.owner,
      leaseExpiresAt: run.lease?.expiresAt,
      fenceToken: this.tokens.get(run.id) ?? 0,
    };
  }

  private fence(runId: string, token: number): void {
    checkFence(runId, this.leaseState(this.require(runId)), token);
  }

  private require(runId: string): RunRecord {
    const run = this.runs.get(runId);
    if (!run) throw new NotFoundError('run', runId);
    return run;
  }
}

/** A field given as `undefined` counts as not given, as in the SQL stores. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** A value as a store that keeps JSON holds it: a copy, through JSON. */
function asStored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
