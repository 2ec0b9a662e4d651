import type { PoolClient } from 'pg';
import { versionTooNew } from '../_store-errors.js';

/** One schema step: SQL for a schema whose quoted name is `schema`. */
export interface PostgresMigration {
  version: number;
  sql(schema: string): string;
}

/**
 * The schema, oldest step first. Add a step to change it; never edit a released one.
 * Times are `double precision` so any clock reading round-trips and pg returns numbers, not strings;
 * ids sort with the "C" collation, as in JavaScript and SQLite, whatever the database's locale.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (s) => `
      CREATE TABLE ${s}.runs (
        id            TEXT COLLATE "C" PRIMARY KEY,
        agent         TEXT NOT NULL,
        model         TEXT NOT NULL,
        status        TEXT NOT NULL,
        parent_run_id TEXT COLLATE "C",
        principal     TEXT,
        input         TEXT NOT NULL,
        output        JSONB,
        error         JSONB,
        created_at    DOUBLE PRECISION NOT NULL,
        updated_at    DOUBLE PRECISION NOT NULL,
        ended_at      DOUBLE PRECISION,
        usage         JSONB NOT NULL,
        cost_usd      DOUBLE PRECISION NOT NULL DEFAULT 0,
        steps         INTEGER NOT NULL DEFAULT 0,
        owner_id      TEXT,
        last_seq      INTEGER NOT NULL DEFAULT -1
      );
      CREATE INDEX runs_by_time ON ${s}.runs (created_at DESC, id DESC);
      CREATE INDEX runs_by_status ON ${s}.runs (status, created_at DESC, id DESC);
      CREATE INDEX runs_by_agent ON ${s}.runs (agent, created_at DESC, id DESC);
      CREATE INDEX runs_by_parent ON ${s}.runs (parent_run_id, created_at DESC, id DESC) WHERE parent_run_id IS NOT NULL;
      CREATE TABLE ${s}.events (
        run_id TEXT COLLATE "C" NOT NULL,
        seq    INTEGER NOT NULL,
        type   TEXT NOT NULL,
        time   DOUBLE PRECISION NOT NULL,
        data   JSONB NOT NULL,
        PRIMARY KEY (run_id, seq)
      );`,
  },
  {
    // Tenants, the whole principal, and leases with fencing tokens.
    version: 2,
    sql: (s) => `
      ALTER TABLE ${s}.runs ADD COLUMN tenant TEXT COLLATE "C";
      ALTER TABLE ${s}.runs ADD COLUMN acts_for JSONB;
      ALTER TABLE ${s}.runs ADD COLUMN lease_owner TEXT;
      ALTER TABLE ${s}.runs ADD COLUMN lease_expires_at DOUBLE PRECISION;
      ALTER TABLE ${s}.runs ADD COLUMN fence_token INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX runs_by_tenant ON ${s}.runs (tenant, created_at DESC, id DESC) WHERE tenant IS NOT NULL;`,
  },
];

/** `name` as a quoted SQL identifier; callers have checked it is a plain one. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Brings `schema` up to the newest version in `migrations`, in one transaction under an advisory lock
 * so concurrent processes migrate it once. Refuses a schema written by a newer version.
 * `store` names the store in error messages.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  store: string,
  migrations: readonly PostgresMigration[] = postgresMigrations,
): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  const quoted = quoteIdentifier(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`warden:${schema}`]);
    const current = await schemaVersion(client, schema);
    if (current > latest) throw versionTooNew(store, current, latest);
    if (current < latest) {
      if (current === 0) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
        await client.query(`CREATE TABLE ${quoted}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      }
      for (const migration of migrations) {
        if (migration.version > current) await client.query(migration.sql(quoted));
      }
      await client.query(
        `INSERT INTO ${quoted}.meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(latest)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The version recorded in the schema's `meta` table; 0 when the schema or table does not exist yet. */
async function schemaVersion(client: PoolClient, schema: string): Promise<number> {
  const table = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    `${quoteIdentifier(schema)}.meta`,
  ]);
  if (!table.rows[0]?.exists) return 0;
  const row = await client.query<{ value: string }>(
    `SELECT value FROM ${quoteIdentifier(schema)}.meta WHERE key = 'schema_version'`,
  );
  return Number(row.rows[0]?.value ?? 0);
}
