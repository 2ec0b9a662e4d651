import type Database from 'better-sqlite3';
import type { RunFilter } from '../run-store.js';

/** A run's columns, with the seq of its last event read from `events` (schema 3 keeps no copy in `runs`). */
export const runColumns =
  'runs.*, coalesce((SELECT coalesce(e.last_seq, e.seq) FROM events e WHERE e.run_id = runs.id' +
  ' ORDER BY e.seq DESC LIMIT 1), -1) AS tail_seq';

export const statementText = {
  insertRun:
    'INSERT INTO runs (id, agent, model, status, parent_run_id, principal, input, created_at, updated_at, usage, owner_id,' +
    ' tenant, acts_for, lease_owner, lease_expires_at, fence_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  getRun: `SELECT ${runColumns} FROM runs WHERE id = ?`,
  exists: 'SELECT 1 FROM runs WHERE id = ?',
  tail: 'SELECT coalesce(last_seq, seq) FROM events WHERE run_id = ? ORDER BY seq DESC LIMIT 1',
  insertEvent: 'INSERT INTO events (run_id, seq, type, time, data, last_seq) VALUES (?, ?, ?, ?, ?, ?)',
  // From the row holding event afterSeq + 1 (a batch row may start before it) on.
  readEvents:
    'SELECT seq, type, time, data, last_seq FROM events WHERE run_id = ? AND seq >= coalesce(' +
    '(SELECT max(seq) FROM events WHERE run_id = ? AND seq <= ?), 0) ORDER BY seq LIMIT ?',
  running: "SELECT id, owner_id FROM runs WHERE status = 'running'",
  interrupt:
    "UPDATE runs SET status = 'interrupted', updated_at = max(updated_at, ?) WHERE id = ? AND status = 'running'",
} as const;

export type Statements = { [K in keyof typeof statementText]: Database.Statement };

/** Every statement of the store, prepared once on `db`. */
export function prepareStatements(db: Database.Database): Statements {
  const statements = Object.fromEntries(
    Object.entries(statementText).map(([name, text]) => [name, db.prepare(text)]),
  ) as Statements;
  statements.tail.pluck();
  statements.exists.pluck();
  statements.readEvents.raw();
  return statements;
}

/** The `SELECT` of `listRuns` for a filter (`statuses` already a list), with its values before the limit. */
export function listRunsQuery(
  filter: RunFilter,
  statuses: readonly string[] | undefined,
): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  if (statuses) {
    where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
    values.push(...statuses);
  }
  for (const [column, value] of [
    ['agent', filter.agent],
    ['parent_run_id', filter.parentRunId],
    ['tenant', filter.tenant],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    values.push(value);
  }
  const text =
    `SELECT ${runColumns} FROM runs${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}` +
    ' ORDER BY created_at DESC, id DESC LIMIT ?';
  return { text, values };
}
