import { ConfigError } from '../../core/errors/config-error.js';
import { importPg } from '../_optional-packages.js';
import type { PostgresPoolSettings } from './pg-pool.js';
import { migratePostgres, type PostgresMigration } from './postgres-schema.js';

/** What a PostgreSQL-backed part of Warden (run store, counters) opens its pool with. */
export interface MigratedPoolOptions {
  connectionString: string;
  schema: string;
  /** The setting the schema name came from, named in the error when it is not a plain identifier. */
  schemaSetting: string;
  /** Defaults a caller's `pool` settings override. */
  max: number;
  pool?: PostgresPoolSettings | undefined;
  /** Names the store in error messages. */
  location: string;
  migrations?: readonly PostgresMigration[];
  /** Turns a failure to connect or migrate into the caller's own typed error. */
  describeError: (error: unknown) => unknown;
}

/**
 * Checks the schema name, opens a `pg` pool and brings the schema up to date (under an advisory lock, so processes
 * starting together migrate it once). The pool survives an idle connection that breaks (a server restart); a
 * failure to connect or migrate closes it and throws `describeError`'s error.
 */
export async function openMigratedPool(options: MigratedPoolOptions) {
  const { schema } = options;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`"${schema}" is not a usable PostgreSQL schema name.`, {
      path: options.schemaSetting,
      fix: 'use letters, digits and underscores, starting with a letter (e.g. warden).',
    });
  }
  const pg = await importPg();
  const pool = new pg.Pool({
    max: options.max,
    connectionTimeoutMillis: 10_000,
    ...options.pool,
    connectionString: options.connectionString,
  });
  // Without a listener, an idle connection that breaks would crash the process; the pool drops it instead.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema, options.location, options.migrations);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw options.describeError(error);
  }
  return pool;
}
