import type { RunFilter } from '../run-store.js';
import { runColumns } from './postgres-rows.js';

/** The SQL of a schema whose quoted name is `schema`; run-summary updates are built per patch shape. */
export function statements(schema: string) {
  const runs = `${schema}.runs`;
  const events = `${schema}.events`;
  // `fencedBy` names the root run whose claim fences a child's writes; its row is share-locked, so a claim of the
  // root waits for this append (or this append sees the new token and is refused).
  const advance = (fencedBy: string) =>
    `WITH advanced AS (UPDATE ${runs} SET last_seq = $3 WHERE id = $1 AND last_seq = $2` +
    ` AND ($4::int IS NULL OR CASE WHEN ${fencedBy}::text IS NULL THEN fence_token = $4::int` +
    ` ELSE $4::int = (SELECT root.fence_token FROM ${runs} root WHERE root.id = ${fencedBy}::text FOR SHARE) END) RETURNING id)`;
  return {
    runs,
    createRun:
      `INSERT INTO ${runs} (id, agent, model, status, parent_run_id, principal, input, created_at, updated_at, usage, owner_id,` +
      ' tenant, acts_for, lease_owner, lease_expires_at, fence_token)' +
      ' VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9::jsonb, $10, $11, $12::jsonb, $13, $14, $15)',
    appendOne: `${advance('$8')} INSERT INTO ${events} (run_id, seq, type, time, data) SELECT id, $3, $5, $6, $7::jsonb FROM advanced`,
    appendMany:
      `${advance('$9')} INSERT INTO ${events} (run_id, seq, type, time, data) SELECT advanced.id, e.seq, e.type, e.time, e.data` +
      ' FROM advanced, unnest($5::int[], $6::text[], $7::float8[], $8::jsonb[]) AS e(seq, type, time, data)',
    readEvents: `SELECT seq, type, time, data FROM ${events} WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    getRun: `SELECT ${runColumns} FROM ${runs} WHERE id = $1`,
    lastSeq: `SELECT last_seq FROM ${runs} WHERE id = $1`,
    running: `SELECT id, owner_id FROM ${runs} WHERE status = 'running'`,
    interrupt:
      `UPDATE ${runs} AS r SET status = 'interrupted', updated_at = GREATEST(r.updated_at, $3)` +
      ' FROM unnest($1::text[], $2::text[]) AS orphan(id, owner_id)' +
      ` WHERE r.id = orphan.id COLLATE "C" AND r.status = 'running' AND r.owner_id IS NOT DISTINCT FROM orphan.owner_id` +
      ' RETURNING r.id',
  };
}

/** The `SELECT` of `listRuns` on the table `runs` for a filter (`statuses` already a list), with its values. */
export function listRunsQuery(
  runs: string,
  filter: RunFilter,
  statuses: readonly string[] | undefined,
): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const condition = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (statuses) condition('status = ANY(?::text[])', statuses);
  if (filter.agent !== undefined) condition('agent = ?', filter.agent);
  if (filter.parentRunId !== undefined) condition('parent_run_id = ?', filter.parentRunId);
  if (filter.tenant !== undefined) condition('tenant = ?', filter.tenant);
  values.push(Math.max(0, filter.limit ?? 50));
  const text =
    `SELECT ${runColumns} FROM ${runs}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}` +
    ` ORDER BY created_at DESC, id DESC LIMIT $${values.length}`;
  return { text, values };
}
