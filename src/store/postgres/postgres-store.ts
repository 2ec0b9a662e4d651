import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors/run-errors.js';
import type { StoreError } from '../../core/errors/store-error.js';
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
import { toJsonbText, toStorableText } from './jsonb-text.js';
import type { PostgresClient, PostgresPool, PostgresPoolSettings } from './pg-pool.js';
import { checkFence } from '../_lease.js';
import { listRunsQuery, statements } from './postgres-statements.js';
import { inTransaction, storeClosed } from './postgres-transaction.js';
import { claimRun, leaseState, leaseStatements, releaseLease, renewLease } from './postgres-leases.js';
import { describePostgresError, postgresLocation } from './postgres-errors.js';
import { openMigratedPool } from './open-migrated-pool.js';
import { type EventRow, type RunRow, toRunEvent, toRunRecord } from './postgres-rows.js';
import { quoteIdentifier } from './postgres-schema.js';

export interface PostgresStoreOptions {
  /** e.g. `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** The schema holding Warden's tables; created when missing. Letters, digits and `_`. @default 'warden' */
  schema?: string;
  /** More `pg` Pool settings. @default { max: 10, connectionTimeoutMillis: 10000 } */
  pool?: PostgresPoolSettings;
  /** Gives `updatedAt` when a patch does not. @default systemClock */
  clock?: Clock;
}

/**
 * Connects to PostgreSQL, creates or migrates the schema, and returns a run store any number of
 * processes can share. Throws `StoreError` when the server cannot be reached (`STORE_UNAVAILABLE`)
 * or the schema was written by a newer Warden (`STORE_VERSION_TOO_NEW`).
 * @example const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresRunStore> {
  const schema = options.schema ?? 'warden';
  const location = postgresLocation(options.connectionString, schema);
  const pool = await openMigratedPool({
    connectionString: options.connectionString,
    schema,
    schemaSetting: 'schema',
    max: 10,
    pool: options.pool,
    location,
    describeError: (error) => describePostgresError(error, location),
  });
  return new PostgresRunStore(pool, quoteIdentifier(schema), location, options.clock ?? systemClock);
}

/**
 * The PostgreSQL run store. A plain append is one statement, so concurrent appenders cannot interleave seqs;
 * an append that also creates or patches the run is one transaction.
 */
export class PostgresRunStore implements RunStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly leases: ReturnType<typeof leaseStatements>;
  private readonly updateNames = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly pool: PostgresPool,
    schema: string,
    readonly location: string,
    private readonly clock: Clock,
  ) {
    this.sql = statements(schema);
    this.leases = leaseStatements(this.sql.runs);
  }

  async createRun(run: NewRun, client?: PostgresClient): Promise<void> {
    try {
      await this.query(
        'warden_create_run',
        this.sql.createRun,
        [
          run.id,
          run.agent,
          run.model,
          run.status ?? 'running',
          run.parentRunId ?? null,
          run.principal ?? null,
          toStorableText(run.input),
          run.createdAt,
          JSON.stringify(emptyUsage()),
          run.lease?.owner ?? run.ownerId ?? null,
          run.tenant ?? null,
          run.actsFor ? toJsonbText(JSON.stringify(run.actsFor)) : null,
          run.lease?.owner ?? null,
          run.lease ? this.clock.now() + run.lease.ttlMs : null,
          run.lease ? 1 : 0,
        ],
        false,
        client,
      );
    } catch (error) {
      throw (error as StoreError).code === 'STORE_CONFLICT' ? duplicateRun(run.id) : error;
    }
  }

  /** With `create` or `patch`, the whole append is one transaction: all of it is stored, or nothing. */
  async append(runId: string, events: readonly RunEvent[], options: AppendOptions = {}): Promise<void> {
    assertConsecutive(runId, events);
    const fence = options.fence === undefined ? undefined : { token: options.fence, runId: options.fencedBy };
    if (!options.create && !options.patch) return this.appendEvents(runId, events, fence);
    await this.transaction(async (client) => {
      if (options.create) await this.createRun(options.create, client);
      await this.appendEvents(runId, events, fence, client);
      if (options.patch) await this.updateRun(runId, options.patch, client);
    });
  }

  private async appendEvents(
    runId: string,
    events: readonly RunEvent[],
    fence: { token: number; runId: string | undefined } | undefined,
    client?: PostgresClient,
  ): Promise<void> {
    const first = events[0];
    const fencedBy = fence?.runId ?? runId;
    if (!first) {
      if (fencedBy !== runId) await leaseState(this.queryWith(client), this.leases, runId);
      const state = await leaseState(this.queryWith(client), this.leases, fencedBy);
      if (fence !== undefined) checkFence(fencedBy, state, fence.token);
      return;
    }
    const last = first.seq + events.length - 1;
    const result =
      events.length === 1
        ? await this.query(
            'warden_append_one',
            this.sql.appendOne,
            [
              runId,
              first.seq - 1,
              first.seq,
              fence?.token ?? null,
              first.type,
              first.time,
              toJsonbText(eventPayload(first)),
              fence?.runId ?? null,
            ],
            false,
            client,
          )
        : await this.query(
            'warden_append_many',
            this.sql.appendMany,
            [
              runId,
              first.seq - 1,
              last,
              fence?.token ?? null,
              events.map((event) => event.seq),
              events.map((event) => event.type),
              events.map((event) => event.time),
              events.map((event) => toJsonbText(eventPayload(event))),
              fence?.runId ?? null,
            ],
            false,
            client,
          );
    if (result.rowCount === events.length) return;
    const state = await leaseState(this.queryWith(client), this.leases, fencedBy);
    if (fence !== undefined) checkFence(fencedBy, state, fence.token);
    const lastSeq = await this.lastSeq(runId, client);
    throw seqConflict(runId, first.seq, (lastSeq ?? -1) + 1);
  }

  async readEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<RunEvent[]> {
    const result = await this.query<EventRow>(
      'warden_read_events',
      this.sql.readEvents,
      [runId, options.afterSeq ?? -1, options.limit ?? null],
      true,
    );
    return result.rows.map((row) => toRunEvent(runId, row, this.location));
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const result = await this.query<RunRow>('warden_get_run', this.sql.getRun, [runId]);
    const row = result.rows[0];
    return row && toRunRecord(row, this.location);
  }

  async updateRun(runId: string, patch: RunPatch, client?: PostgresClient): Promise<void> {
    const set = patchColumns(patch);
    const values: unknown[] = [runId];
    const assignments = set.map((entry) => {
      values.push(entry.json ? toJsonbText(JSON.stringify(entry.value)) : entry.value);
      return `${entry.column} = $${values.length}${entry.json ? '::jsonb' : ''}`;
    });
    if (patch.updatedAt === undefined) {
      values.push(this.clock.now());
      assignments.push(`updated_at = GREATEST(updated_at, $${values.length})`);
    }
    const shape = assignments.join(', ');
    let name = this.updateNames.get(shape);
    if (!name) {
      name = `warden_update_${this.updateNames.size}`;
      this.updateNames.set(shape, name);
    }
    const result = await this.query(name, `UPDATE ${this.sql.runs} SET ${shape} WHERE id = $1`, values, false, client);
    if (result.rowCount === 0) throw new NotFoundError('run', runId);
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const statuses = filter.status === undefined ? undefined : [filter.status].flat();
    if (statuses?.length === 0) return [];
    const { text, values } = listRunsQuery(this.sql.runs, filter, statuses);
    const result = await this.query<RunRow>(undefined, text, values);
    return result.rows.map((row) => toRunRecord(row, this.location));
  }

  async recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]> {
    const running = await this.query<Pick<RunRow, 'id' | 'owner_id'>>(undefined, this.sql.running, []);
    const orphans = running.rows.filter((row) => !isOwnerAlive(row.owner_id ?? undefined));
    if (orphans.length === 0) return [];
    // Only runs still running under the same owner: another process may have resumed one meanwhile.
    const result = await this.query<{ id: string }>(undefined, this.sql.interrupt, [
      orphans.map((row) => row.id),
      orphans.map((row) => row.owner_id),
      this.clock.now(),
    ]);
    return result.rows.map((row) => row.id);
  }

  async claim(runId: string, owner: string, ttlMs: number, options: ClaimOptions = {}): Promise<RunLease> {
    return claimRun(this.queryWith(), this.leases, this.clock.now(), { runId, owner, ttlMs, options });
  }

  async renew(runId: string, token: number, ttlMs: number): Promise<RunLease> {
    return renewLease(this.queryWith(), this.leases, this.clock.now() + ttlMs, runId, token);
  }

  async release(runId: string, token: number): Promise<void> {
    await releaseLease(this.queryWith(), this.leases, runId, token);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async lastSeq(runId: string, client?: PostgresClient): Promise<number | undefined> {
    const result = await this.query<{ last_seq: number }>('warden_last_seq', this.sql.lastSeq, [runId], false, client);
    return result.rows[0]?.last_seq;
  }

  private async transaction(work: (client: PostgresClient) => Promise<void>): Promise<void> {
    if (this.closed) throw storeClosed(this.location);
    await inTransaction(this.pool, this.location, work);
  }

  private queryWith(client?: PostgresClient) {
    return (name: string, text: string, values: unknown[]) => this.query(name, text, values, false, client);
  }

  /** Runs a statement (prepared once per connection when named), turning failures into `StoreError`s. */
  private async query<R extends QueryResultRow = QueryResultRow>(
    name: string | undefined,
    text: string,
    values: unknown[],
    asArrays = false,
    client?: PostgresClient,
  ): Promise<QueryResult<R>> {
    if (this.closed) throw storeClosed(this.location);
    const config: QueryConfig & { rowMode?: 'array' } = { text, values };
    if (name) config.name = name;
    if (asArrays) config.rowMode = 'array';
    try {
      return (await (client ?? this.pool).query(config)) as QueryResult<R>;
    } catch (error) {
      throw describePostgresError(error, this.location);
    }
  }
}
