import type { Database } from 'better-sqlite3';
import { StoreError } from '../../core/errors/store-error.js';
import { versionTooNew } from '../_store-errors.js';

/** One schema step. `version` is what `PRAGMA user_version` holds once `up` has run. */
export interface SqliteMigration {
  version: number;
  up(db: Database): void;
}

/** Marks a file as Warden's, so a database of another program is refused instead of altered ('WRDN'). */
export const wardenApplicationId = 0x5752444e;

/**
 * The schema, oldest step first. Add a step to change it; never edit a released one.
 * Times are INTEGER-affinity columns without STRICT, so a fractional clock reading is kept as it is.
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE runs (
          id            TEXT PRIMARY KEY,
          agent         TEXT NOT NULL,
          model         TEXT NOT NULL,
          status        TEXT NOT NULL,
          parent_run_id TEXT,
          principal     TEXT,
          input         TEXT NOT NULL,
          output        TEXT,
          error         TEXT,
          created_at    INTEGER NOT NULL,
          updated_at    INTEGER NOT NULL,
          ended_at      INTEGER,
          usage         TEXT NOT NULL,
          cost_usd      REAL NOT NULL DEFAULT 0,
          steps         INTEGER NOT NULL DEFAULT 0,
          owner_id      TEXT,
          last_seq      INTEGER NOT NULL DEFAULT -1
        );
        CREATE INDEX runs_by_time ON runs (created_at DESC, id DESC);
        CREATE INDEX runs_by_status ON runs (status, created_at DESC, id DESC);
        CREATE INDEX runs_by_agent ON runs (agent, created_at DESC, id DESC);
        CREATE INDEX runs_by_parent ON runs (parent_run_id, created_at DESC, id DESC) WHERE parent_run_id IS NOT NULL;
        CREATE TABLE events (
          run_id TEXT NOT NULL,
          seq    INTEGER NOT NULL,
          type   TEXT NOT NULL,
          time   INTEGER NOT NULL,
          data   TEXT NOT NULL,
          PRIMARY KEY (run_id, seq)
        );
      `);
      db.pragma(`application_id = ${wardenApplicationId}`);
    },
  },
  {
    // Tenants, the whole principal, and leases with fencing tokens.
    version: 2,
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN tenant TEXT;
        ALTER TABLE runs ADD COLUMN acts_for TEXT;
        ALTER TABLE runs ADD COLUMN lease_owner TEXT;
        ALTER TABLE runs ADD COLUMN lease_expires_at REAL;
        ALTER TABLE runs ADD COLUMN fence_token INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX runs_by_tenant ON runs (tenant, created_at DESC, id DESC) WHERE tenant IS NOT NULL;
      `);
    },
  },
  {
    // One row per append: a row with `last_seq` holds the JSON array of events seq..last_seq (each with its
    // type and time); a row without it holds one event's payload, as version 1 wrote them. Writing a batch as
    // one row instead of one row per event halves the journal's cost per step. `runs.last_seq` is no longer
    // kept: the last event's seq is read from `events`, so an append writes no page of `runs`.
    version: 3,
    up(db) {
      db.exec('ALTER TABLE events ADD COLUMN last_seq INTEGER');
    },
  },
];

/**
 * Brings the database up to the newest schema in `migrations`, in one write transaction so
 * two processes opening a new file cannot both migrate it. Refuses a file written by a newer schema
 * or by another program.
 */
export function migrateSqlite(db: Database, file: string, migrations: readonly SqliteMigration[] = sqliteMigrations) {
  const latest = migrations.at(-1)?.version ?? 0;
  const check = (): number => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) throw versionTooNew(file, version, latest);
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== 0 && applicationId !== wardenApplicationId) {
      throw new StoreError(
        `${file} is a SQLite database of another program (application_id ${applicationId}), not a Warden run store. Point the store at another file.`,
        undefined,
        'STORE_NOT_WARDEN',
      );
    }
    return version;
  };
  if (check() === latest) return;
  db.transaction(() => {
    const current = check();
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
