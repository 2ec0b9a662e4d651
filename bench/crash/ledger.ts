import pg from 'pg';

/**
 * The external ledger of the crash trials: a PostgreSQL table every side effect writes a row to, in the
 * same statement that makes it happen. `pay` dedupes by its idempotency key (a unique key table in the same
 * statement); `notify` does not, so a repeated `notify` shows up as two rows for one step.
 */
export class Ledger {
  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  static async open(connectionString: string, schema: string, create = false): Promise<Ledger> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    pool.on('error', () => undefined);
    if (create) {
      await pool.query(`
        CREATE SCHEMA IF NOT EXISTS "${schema}";
        CREATE TABLE IF NOT EXISTS "${schema}".effects (
          id SERIAL PRIMARY KEY, run_id TEXT NOT NULL, step INT NOT NULL, tool TEXT NOT NULL, key TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS "${schema}".dedupe_keys (key TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS "${schema}".attempts (
          run_id TEXT NOT NULL, step INT NOT NULL, key TEXT NOT NULL, deduped BOOLEAN NOT NULL);`);
    }
    return new Ledger(pool, schema);
  }

  /**
   * Records one execution; a deduping tool's effect happens (a row appears) only the first time for a key.
   * Each execution is also noted in `attempts` (after the effect, so a kill in between leaves no note).
   */
  async effect(entry: { runId: string; step: number; tool: string; key: string; dedupe: boolean }): Promise<void> {
    const s = `"${this.schema}"`;
    const values = [entry.runId, entry.step, entry.tool, entry.key];
    const result = entry.dedupe
      ? await this.pool.query(
          `WITH fresh AS (INSERT INTO ${s}.dedupe_keys (key) VALUES ($4) ON CONFLICT DO NOTHING RETURNING key)
           INSERT INTO ${s}.effects (run_id, step, tool, key) SELECT $1, $2, $3, key FROM fresh`,
          values,
        )
      : await this.pool.query(`INSERT INTO ${s}.effects (run_id, step, tool, key) VALUES ($1, $2, $3, $4)`, values);
    await this.pool.query(`INSERT INTO ${s}.attempts (run_id, step, key, deduped) VALUES ($1, $2, $3, $4)`, [
      entry.runId,
      entry.step,
      entry.key,
      result.rowCount === 0,
    ]);
  }

  /** Steps whose effect happened more than once (the same run and step: a repeated side effect). */
  async duplicates(): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "${this.schema}".effects GROUP BY run_id, step HAVING count(*) > 1) d`,
    );
    return rows[0].n;
  }

  /** Whether the effect of `runId`'s `step` happened. */
  async happened(runId: string, step: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM "${this.schema}".effects WHERE run_id = $1 AND step = $2 LIMIT 1`,
      [runId, step],
    );
    return rows.length > 0;
  }

  /** Executions of the deduping tool that found their key used: run again after a kill, and deduped. */
  async deduped(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM "${this.schema}".attempts WHERE deduped`);
    return rows[0].n;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
