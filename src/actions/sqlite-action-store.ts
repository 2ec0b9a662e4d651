import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { requireBetterSqlite3 } from '../store/_optional-packages.js';
import { type ActionRow, checkTableName, rowToAction } from './action-rows.js';
import { type ActionStore, type NewAction, type SavedAction, validateNewAction } from './action-store.js';

/** Settings of a SQLite action store. */
export interface SqliteActionStoreOptions {
  /** The database file (created with its directory), or `:memory:`. */
  path: string;
  /** @default 'actions' */
  table?: string;
}

/**
 * Saved functions in a SQLite file (WAL). Keep it in a file of its own, not the run store's: the run store
 * refuses a file with tables it did not create.
 */
export function createSqliteActionStore(options: SqliteActionStoreOptions): ActionStore {
  const table = checkTableName(options.table ?? 'actions');
  const inMemory = options.path === ':memory:';
  const file = inMemory ? options.path : resolve(options.path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const Sqlite = requireBetterSqlite3();
  const db: Database.Database = new Sqlite(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    name TEXT NOT NULL, version INTEGER NOT NULL, language TEXT NOT NULL, signature TEXT NOT NULL,
    docstring TEXT NOT NULL, code TEXT NOT NULL, tests TEXT NOT NULL, created_at INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (name, version))`);
  const next = db.prepare(`SELECT COALESCE(MAX(version), 0) + 1 FROM ${table} WHERE name = ?`).pluck();
  const insert = db.prepare(
    `INSERT INTO ${table} (name, version, language, signature, docstring, code, tests, created_at)
     VALUES (?, ?, 'javascript', ?, ?, ?, ?, ?) RETURNING *`,
  );
  const latest = db.prepare(`SELECT * FROM ${table} WHERE name = ? ORDER BY version DESC LIMIT 1`);
  const exact = db.prepare(`SELECT * FROM ${table} WHERE name = ? AND version = ?`);
  const all = db.prepare(
    `SELECT t.* FROM ${table} t JOIN (SELECT name, MAX(version) AS v FROM ${table} GROUP BY name) m
     ON t.name = m.name AND t.version = m.v ORDER BY t.name`,
  );
  const versions = db.prepare(`SELECT * FROM ${table} WHERE name = ? ORDER BY version`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE name = ?`);
  const use = db.prepare(
    `UPDATE ${table} SET uses = uses + 1, successes = successes + ? WHERE name = ? AND version = ?`,
  );
  const save = db.transaction((action: NewAction, createdAt: number) => {
    const version = next.get(action.name) as number;
    const tests = JSON.stringify(action.tests ?? []);
    return insert.get(action.name, version, action.signature, action.docstring, action.code, tests, createdAt);
  });

  return {
    async save(action: NewAction, createdAt: number): Promise<SavedAction> {
      validateNewAction(action);
      return rowToAction(save.immediate(action, createdAt) as ActionRow);
    },
    async get(name, version) {
      const row = (version === undefined ? latest.get(name) : exact.get(name, version)) as ActionRow | undefined;
      return row && rowToAction(row);
    },
    async list() {
      return (all.all() as ActionRow[]).map(rowToAction);
    },
    async versions(name) {
      return (versions.all(name) as ActionRow[]).map(rowToAction);
    },
    async remove(name) {
      return remove.run(name).changes;
    },
    async recordUse(name, version, ok) {
      use.run(ok ? 1 : 0, name, version);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
