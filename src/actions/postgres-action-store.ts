import { importPg } from '../store/_optional-packages.js';
import { type ActionRow, checkTableName, rowToAction } from './action-rows.js';
import { type ActionStore, type NewAction, type SavedAction, validateNewAction } from './action-store.js';

/** Settings of a PostgreSQL action store. */
export interface PostgresActionStoreOptions {
  connectionString: string;
  /** @default 'warden_actions' */
  table?: string;
}

const UNIQUE_VIOLATION = '23505';

/** Saved functions in a PostgreSQL table (created if missing). Concurrent saves of one name get distinct versions. */
export async function createPostgresActionStore(options: PostgresActionStoreOptions): Promise<ActionStore> {
  const table = checkTableName(options.table ?? 'warden_actions');
  const pg = await importPg();
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
    name TEXT NOT NULL, version INTEGER NOT NULL, language TEXT NOT NULL, signature TEXT NOT NULL,
    docstring TEXT NOT NULL, code TEXT NOT NULL, tests TEXT NOT NULL, created_at BIGINT NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (name, version))`);
  const rows = async (text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as ActionRow[];

  return {
    async save(action: NewAction, createdAt: number): Promise<SavedAction> {
      validateNewAction(action);
      const values = [
        action.name,
        action.signature,
        action.docstring,
        action.code,
        JSON.stringify(action.tests ?? []),
        createdAt,
      ];
      for (let attempt = 0; ; attempt++) {
        try {
          const [row] = await rows(
            `INSERT INTO ${table} (name, version, language, signature, docstring, code, tests, created_at)
             SELECT $1, COALESCE(MAX(version), 0) + 1, 'javascript', $2, $3, $4, $5, $6 FROM ${table} WHERE name = $1
             RETURNING *`,
            values,
          );
          return rowToAction(row!);
        } catch (error) {
          // Another save of the same name took this version: take the next one.
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw error;
        }
      }
    },
    async get(name, version) {
      const [row] =
        version === undefined
          ? await rows(`SELECT * FROM ${table} WHERE name = $1 ORDER BY version DESC LIMIT 1`, [name])
          : await rows(`SELECT * FROM ${table} WHERE name = $1 AND version = $2`, [name, version]);
      return row && rowToAction(row);
    },
    async list() {
      const found = await rows(`SELECT DISTINCT ON (name) * FROM ${table} ORDER BY name, version DESC`);
      return found.map(rowToAction);
    },
    async versions(name) {
      return (await rows(`SELECT * FROM ${table} WHERE name = $1 ORDER BY version`, [name])).map(rowToAction);
    },
    async remove(name) {
      return (await pool.query(`DELETE FROM ${table} WHERE name = $1`, [name])).rowCount ?? 0;
    },
    async recordUse(name, version, ok) {
      await pool.query(
        `UPDATE ${table} SET uses = uses + 1, successes = successes + $1 WHERE name = $2 AND version = $3`,
        [ok ? 1 : 0, name, version],
      );
    },
    async close() {
      await pool.end();
    },
  };
}
