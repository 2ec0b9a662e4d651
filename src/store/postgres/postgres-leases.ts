import { LeaseLostError, RunNotClaimableError } from '../../core/errors/lease-errors.js';
import { NotFoundError } from '../../core/errors/run-errors.js';
import type { RunStatus } from '../../core/events.js';
import { checkClaim, checkFence, type LeaseState } from '../_lease.js';
import type { ClaimOptions, RunLease } from '../run-store.js';

/** Runs one named statement; the store's own `query`, so failures become `StoreError`s. */
export type PostgresQuery = (name: string, text: string, values: unknown[]) => Promise<{ rows: any[] }>;

/** Lease statements of a schema whose runs table is `runs` (already quoted). */
export function leaseStatements(runs: string) {
  return {
    claim:
      `UPDATE ${runs} SET lease_owner = $2, lease_expires_at = $4 + $3, fence_token = fence_token + 1, owner_id = $2,` +
      ' status = COALESCE($5, status), updated_at = GREATEST(updated_at, $4)' +
      ' WHERE id = $1 AND (lease_owner IS NULL OR lease_expires_at <= $4 OR lease_owner = $2)' +
      ' AND ($6::text[] IS NULL OR status = ANY($6::text[]) OR (lease_owner IS NOT NULL AND lease_expires_at <= $4))' +
      ' RETURNING fence_token, lease_expires_at',
    renew:
      `UPDATE ${runs} SET lease_expires_at = $3 WHERE id = $1 AND fence_token = $2 AND lease_owner IS NOT NULL` +
      ' RETURNING lease_owner',
    release: `UPDATE ${runs} SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND fence_token = $2`,
    state: `SELECT status, lease_owner, lease_expires_at, fence_token FROM ${runs} WHERE id = $1`,
  };
}

type Statements = ReturnType<typeof leaseStatements>;

/**
 * Claims a run in one conditional UPDATE: under READ COMMITTED a concurrent claimer waits for the first one's
 * commit and then re-checks the condition against the new row, so exactly one of two claims wins.
 */
export async function claimRun(
  query: PostgresQuery,
  sql: Statements,
  now: number,
  request: { runId: string; owner: string; ttlMs: number; options: ClaimOptions },
): Promise<RunLease> {
  const { runId, owner, ttlMs, options } = request;
  for (let attempt = 0; ; attempt++) {
    const result = await query('warden_claim', sql.claim, [
      runId,
      owner,
      ttlMs,
      now,
      options.status ?? null,
      options.statuses ? [...options.statuses] : null,
    ]);
    const row = result.rows[0] as { fence_token: number; lease_expires_at: number } | undefined;
    if (row) return { owner, token: row.fence_token, expiresAt: row.lease_expires_at };
    // Says who holds it (or why not); a state that would have allowed the claim changed meanwhile: try again.
    const state = await leaseState(query, sql, runId);
    checkClaim(runId, state, owner, now, options);
    if (attempt >= 2) throw new RunNotClaimableError(runId, { status: state.status });
  }
}

export async function renewLease(
  query: PostgresQuery,
  sql: Statements,
  expiresAt: number,
  runId: string,
  token: number,
): Promise<RunLease> {
  const result = await query('warden_renew', sql.renew, [runId, token, expiresAt]);
  const row = result.rows[0] as { lease_owner: string } | undefined;
  if (row) return { owner: row.lease_owner, token, expiresAt };
  const state = await leaseState(query, sql, runId);
  checkFence(runId, state, token);
  throw new LeaseLostError(runId, token, {});
}

export async function releaseLease(query: PostgresQuery, sql: Statements, runId: string, token: number) {
  const result = (await query('warden_release', sql.release, [runId, token])) as { rowCount?: number | null };
  if (result.rowCount === 0) await leaseState(query, sql, runId);
}

/** The lease columns of a run; `NotFoundError` when there is no such run. */
export async function leaseState(query: PostgresQuery, sql: Statements, runId: string): Promise<LeaseState> {
  const result = await query('warden_lease_state', sql.state, [runId]);
  const row = result.rows[0] as
    | { status: string; lease_owner: string | null; lease_expires_at: number | null; fence_token: number }
    | undefined;
  if (!row) throw new NotFoundError('run', runId);
  return {
    status: row.status as RunStatus,
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: row.lease_expires_at ?? undefined,
    fenceToken: row.fence_token,
  };
}
