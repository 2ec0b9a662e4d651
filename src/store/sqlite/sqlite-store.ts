import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors/run-errors.js';
import { StoreError } from '../../core/errors/store-error.js';
import type { RunEvent } from '../../core/events.js';
import { emptyUsage } from '../../core/usage.js';
import { eventPayload } from '../_event-codec.js';
import { patchColumns } from '../_patch-columns.js';
import { assertConsecutive, duplicateRun, seqConflict } from '../_store-errors.js';
import type {
  AppendOptions,
  ClaimOptions,
  NewRun,
  RunFilter,
  RunLease,
  RunPatch,
  RunRecord,
  RunStore,
} from '../run-store.js';
import { GroupCommit } from './group-commit.js';
import { translatePrepareError, translateSqliteError } from './sqlite-errors.js';
import { listRunsQuery, prepareStatements, type Statements } from './sqlite-statements.js';
import { SqliteLeases } from './sqlite-leases.js';
import { openSqlite } from './open-sqlite.js';
import { type EventRow, type RunRow, toRunEvents, toRunRecord } from './sqlite-rows.js';

export interface SqliteStoreOptions {
  /**
   * The database file, created with its directory when missing. `':memory:'` keeps the store in this process.
   * @default '.warden/warden.db'
   */
  path?: string;
  /** Gives `updatedAt` when a patch does not. @default systemClock */
  clock?: Clock;
  /** How long to wait for another connection's write lock before failing with `STORE_BUSY`. @default 5000 */
  busyTimeoutMs?: number;
}

/** Where the store lives when no path is given, relative to the working directory. */
export const defaultSqlitePath = '.warden/warden.db';

/**
 * Opens (and creates or migrates) a SQLite run store: the default store, one file, safe for several
 * processes at once (WAL). Throws `StoreError` for a file that is not a SQLite database
 * (`STORE_NOT_SQLITE`) or was written by a newer Warden (`STORE_VERSION_TOO_NEW`).
 * @example const store = createSqliteStore({ path: '.warden/warden.db' });
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): SqliteRunStore {
  return new SqliteRunStore(options);
}

/** A write waiting for the next group commit. */
type PendingWrite =
  | { kind: 'create'; run: NewRun }
  | { kind: 'append'; runId: string; events: readonly RunEvent[]; options: AppendOptions }
  | { kind: 'update'; runId: string; patch: RunPatch };

/** The SQLite run store. Every call runs synchronously underneath; the promises only fit the seam. */
export class SqliteRunStore implements RunStore {
  readonly location: string;
  /** The absolute path of the database file, or `:memory:`. */
  readonly file: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly busyTimeoutMs: number;
  private readonly statements: Statements;
  private readonly updates = new Map<string, Database.Statement>();
  private readonly lists = new Map<string, Database.Statement>();
  private readonly writeInTransaction: Database.Transaction<(write: PendingWrite) => void>;
  private readonly writes: GroupCommit<PendingWrite>;
  private readonly recoverInTransaction: Database.Transaction<(isOwnerAlive: (id?: string) => boolean) => string[]>;
  private readonly leases: SqliteLeases;
  private closed = false;

  constructor(options: SqliteStoreOptions = {}) {
    const path = options.path ?? defaultSqlitePath;
    this.location = `sqlite:${path}`;
    this.clock = options.clock ?? systemClock;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const { db, file } = openSqlite(path, this.busyTimeoutMs);
    this.db = db;
    this.file = file;
    try {
      this.statements = prepareStatements(db);
      this.leases = new SqliteLeases(db, this.clock);
    } catch (error) {
      db.close();
      throw translatePrepareError(error, file);
    }
    this.writeInTransaction = db.transaction((write) => this.applyWrite(write));
    const commitWrites = db.transaction((batch: PendingWrite[]) => batch.map((write) => this.writeOne(write)));
    this.writes = new GroupCommit((batch) =>
      batch.length === 1 ? [this.writeOne(batch[0]!, true)] : this.guard(() => commitWrites.immediate(batch)),
    );
    this.recoverInTransaction = db.transaction((isOwnerAlive) => this.interruptOrphans(isOwnerAlive));
  }

  /** Creates, appends and updates made in the same turn of the event loop share one commit. */
  async createRun(run: NewRun): Promise<void> {
    return this.writes.add({ kind: 'create', run });
  }

  /** Appends are committed together with the others made in the same turn of the event loop. */
  async append(runId: string, events: readonly RunEvent[], options: AppendOptions = {}): Promise<void> {
    assertConsecutive(runId, events);
    if (events.length > 0 || options.create || options.patch || options.fence !== undefined) {
      return this.writes.add({ kind: 'append', runId, events, options }, options.now === true);
    }
    this.guard(() => {
      if (this.statements.exists.get(runId) === undefined) throw new NotFoundError('run', runId);
    });
  }

  async readEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<RunEvent[]> {
    const afterSeq = options.afterSeq ?? -1;
    const limit = options.limit ?? -1;
    return this.guard(() => {
      // Each row holds at least one event, so `limit` rows (one more for a batch that starts before) suffice.
      const rows = this.statements.readEvents.all(runId, runId, afterSeq + 1, limit < 0 ? -1 : limit + 1) as EventRow[];
      const events: RunEvent[] = [];
      for (const row of rows) {
        if (limit >= 0 && events.length >= limit) break;
        for (const event of toRunEvents(runId, row, this.file)) {
          if (event.seq <= afterSeq) continue;
          if (limit >= 0 && events.length >= limit) return events;
          events.push(event);
        }
      }
      return events;
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.guard(() => {
      const row = this.statements.getRun.get(runId) as RunRow | undefined;
      return row && toRunRecord(row, this.file);
    });
  }

  async updateRun(runId: string, patch: RunPatch): Promise<void> {
    return this.writes.add({ kind: 'update', runId, patch });
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const statuses = filter.status === undefined ? undefined : [filter.status].flat();
    if (statuses?.length === 0) return [];
    return this.guard(() => {
      const { text, values } = listRunsQuery(filter, statuses);
      let statement = this.lists.get(text);
      if (!statement) {
        statement = this.db.prepare(text);
        this.lists.set(text, statement);
      }
      const rows = statement.all(...values, Math.max(0, filter.limit ?? 50)) as RunRow[];
      return rows.map((row) => toRunRecord(row, this.file));
    });
  }

  async recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]> {
    return this.guard(() => this.recoverInTransaction.immediate(isOwnerAlive));
  }

  /** Writes queued before the claim commit first, so a claim never overtakes them. */
  async claim(runId: string, owner: string, ttlMs: number, options: ClaimOptions = {}): Promise<RunLease> {
    this.writes.flush();
    return this.guard(() => this.leases.claim(runId, owner, ttlMs, options));
  }

  async renew(runId: string, token: number, ttlMs: number): Promise<RunLease> {
    this.writes.flush();
    return this.guard(() => this.leases.renew(runId, token, ttlMs));
  }

  async release(runId: string, token: number): Promise<void> {
    this.writes.flush();
    this.guard(() => this.leases.release(runId, token));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writes.flush();
    this.closed = true;
    this.db.close();
  }

  /**
   * Runs one append, alone in its own transaction or inside a group's as a savepoint,
   * and returns its error instead of throwing so the group's other appends go on.
   */
  private writeOne(write: PendingWrite, alone = false): unknown {
    try {
      if (alone) this.guard(() => this.writeInTransaction.immediate(write));
      else this.writeInTransaction(write);
      return undefined;
    } catch (error) {
      // A failure that ended the whole transaction (disk full, I/O) fails the whole group.
      if (!alone && !this.db.inTransaction) throw error;
      return alone ? error : translateSqliteError(error, this.file, this.busyTimeoutMs);
    }
  }

  private applyWrite(write: PendingWrite): void {
    if (write.kind === 'create') this.insertRun(write.run);
    else if (write.kind === 'update') this.patchRun(write.runId, write.patch);
    else {
      const { fence, fencedBy } = write.options;
      // A child's writes are fenced by its root's claim, checked before the child is even created.
      if (fence !== undefined && fencedBy !== undefined) this.leases.fence(fencedBy, fence);
      if (write.options.create) this.insertRun(write.options.create);
      if (fence !== undefined && fencedBy === undefined) this.leases.fence(write.runId, fence);
      if (write.events.length > 0) this.appendRows(write.runId, write.events);
      if (write.options.patch) this.patchRun(write.runId, write.options.patch);
    }
  }

  private insertRun(run: NewRun): void {
    try {
      this.statements.insertRun.run(
        run.id,
        run.agent,
        run.model,
        run.status ?? 'running',
        run.parentRunId ?? null,
        run.principal ?? null,
        // SQLite would store a lone surrogate as three U+FFFD; one is what it means (run-start keeps it exact).
        run.input.replace(/\p{Surrogate}/gu, '\uFFFD'),
        run.createdAt,
        run.createdAt,
        JSON.stringify(emptyUsage()),
        run.lease?.owner ?? run.ownerId ?? null,
        run.tenant ?? null,
        run.actsFor ? JSON.stringify(run.actsFor) : null,
        run.lease?.owner ?? null,
        run.lease ? this.clock.now() + run.lease.ttlMs : null,
        run.lease ? 1 : 0,
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw duplicateRun(run.id);
      throw error;
    }
  }

  private patchRun(runId: string, patch: RunPatch): void {
    const set = patchColumns(patch);
    const shape = set.map((entry) => entry.column).join();
    let statement = this.updates.get(shape);
    if (!statement) {
      const assignments = set.map((entry) => `${entry.column} = ?`);
      if (patch.updatedAt === undefined) assignments.push('updated_at = max(updated_at, ?)');
      statement = this.db.prepare(`UPDATE runs SET ${assignments.join(', ')} WHERE id = ?`);
      this.updates.set(shape, statement);
    }
    const values = set.map((entry) => (entry.json ? JSON.stringify(entry.value) : entry.value));
    if (patch.updatedAt === undefined) values.push(this.clock.now());
    if (statement.run(...values, runId).changes === 0) throw new NotFoundError('run', runId);
  }

  /**
   * Writes an append as one row: a single event as its payload, several as one JSON array. The write lock held
   * by the transaction makes "the last seq is first - 1" and the insert one step, so two writers of one run
   * cannot both append the same seq.
   */
  private appendRows(runId: string, events: readonly RunEvent[]): void {
    const first = events[0]!;
    const tail = this.statements.tail.get(runId) as number | undefined;
    if (tail === undefined && this.statements.exists.get(runId) === undefined) throw new NotFoundError('run', runId);
    const expected = (tail ?? -1) + 1;
    if (first.seq !== expected) throw seqConflict(runId, first.seq, expected);
    if (events.length === 1) {
      this.statements.insertEvent.run(runId, first.seq, first.type, first.time, eventPayload(first), null);
      return;
    }
    const last = first.seq + events.length - 1;
    this.statements.insertEvent.run(runId, first.seq, first.type, first.time, JSON.stringify(events), last);
  }

  private interruptOrphans(isOwnerAlive: (ownerId: string | undefined) => boolean): string[] {
    const now = this.clock.now();
    const recovered: string[] = [];
    for (const row of this.statements.running.all() as Array<Pick<RunRow, 'id' | 'owner_id'>>) {
      if (isOwnerAlive(row.owner_id ?? undefined)) continue;
      this.statements.interrupt.run(now, row.id);
      recovered.push(row.id);
    }
    return recovered;
  }

  private guard<T>(work: () => T): T {
    if (this.closed) throw new StoreError(`The run store ${this.location} is closed.`, undefined, 'STORE_CLOSED');
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error, this.file, this.busyTimeoutMs);
    }
  }
}
