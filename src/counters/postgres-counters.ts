import { CountersUnavailableError } from '../core/errors/counters-errors.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { PostgresPool, PostgresPoolSettings } from '../store/postgres/pg-pool.js';
import { postgresLocation } from '../store/postgres/postgres-errors.js';
import { openMigratedPool } from '../store/postgres/open-migrated-pool.js';
import { quoteIdentifier } from '../store/postgres/postgres-schema.js';
import { counterMigrations } from './postgres-counters-schema.js';
import {
  type CounterLimit,
  type CounterRead,
  checkCounterRequest,
  type ReserveResult,
  type SharedCounters,
} from './shared-counters.js';

/** Where PostgreSQL counters live. */
export interface PostgresCountersOptions {
  /** e.g. `postgres://user:password@host:5432/db`. */
  connectionString: string;
  /** The schema of the counter tables, created on first use. @default 'warden_counters' */
  schema?: string;
  /** `pg` Pool settings. @default { max: 4, connectionTimeoutMillis: 10000 } */
  pool?: PostgresPoolSettings;
}

/**
 * Counters in PostgreSQL, shared by every process and machine using the same schema. Each `read` and `reserve` is
 * one statement (one round trip); a reserve locks its keys' rows, so concurrent reserves of a key are serialized
 * and the total counted never passes a max. Windows are sliding: one row per count, pruned as reserves pass.
 */
export class PostgresCounters implements SharedCounters {
  readonly version = 1 as const;
  readonly #read: string;
  readonly #reserve: string;

  constructor(
    private readonly pool: PostgresPool,
    schema: string,
    readonly location: string,
  ) {
    const s = quoteIdentifier(schema);
    this.#read = `SELECT ${s}.read_counters($1::text[], $2::float8[], $3::float8) AS counts`;
    this.#reserve = `SELECT ok, counts FROM ${s}.reserve_counters($1::text[], $2::bigint[], $3::float8[], $4::float8)`;
  }

  async read(keys: readonly CounterRead[], now: number): Promise<number[]> {
    checkCounterRequest(keys, now);
    if (keys.length === 0) return [];
    const rows = await this.#query('read', this.#read, [
      keys.map((k) => k.key),
      keys.map((k) => k.windowMs ?? null),
      now,
    ]);
    return ((rows[0]?.counts ?? []) as string[]).map(Number);
  }

  async reserve(limits: readonly CounterLimit[], now: number): Promise<ReserveResult> {
    checkCounterRequest(limits, now);
    if (limits.length === 0) return { ok: true, counts: [] };
    const rows = await this.#query('reserve', this.#reserve, [
      limits.map((limit) => limit.key),
      limits.map((limit) => limit.max ?? null),
      limits.map((limit) => limit.windowMs ?? null),
      now,
    ]);
    const row = rows[0] as { ok: boolean; counts: string[] };
    const counts = row.counts.map(Number);
    if (row.ok) return { ok: true, counts };
    const full = limits.filter((limit, i) => limit.max !== undefined && (counts[i] ?? 0) >= limit.max);
    return { ok: false, counts, full: full.map((limit) => limit.key) };
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  async #query(operation: 'read' | 'reserve', text: string, values: unknown[]): Promise<any[]> {
    try {
      return (await this.pool.query({ text, values })).rows;
    } catch (error) {
      throw WardenError.isInstance(error) ? error : new CountersUnavailableError(this.location, operation, error);
    }
  }
}

/**
 * Opens PostgreSQL counters, creating or migrating their schema (under an advisory lock, so processes starting
 * together migrate it once).
 * @throws CountersUnavailableError when the server cannot be reached
 * @example const counters = await createPostgresCounters({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresCounters(options: PostgresCountersOptions): Promise<PostgresCounters> {
  const schema = options.schema ?? 'warden_counters';
  const location = `postgres:${postgresLocation(options.connectionString, schema)}`;
  const pool = await openMigratedPool({
    connectionString: options.connectionString,
    schema,
    schemaSetting: 'counters.schema',
    max: 4,
    pool: options.pool,
    location,
    migrations: counterMigrations,
    describeError: (error) =>
      WardenError.isInstance(error) ? error : new CountersUnavailableError(location, 'open', error),
  });
  return new PostgresCounters(pool as unknown as PostgresPool, schema, location);
}
