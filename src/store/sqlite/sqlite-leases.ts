import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import { LeaseLostError } from '../../core/errors/lease-errors.js';
import { NotFoundError } from '../../core/errors/run-errors.js';
import type { RunStatus } from '../../core/events.js';
import { checkClaim, checkFence, type LeaseState } from '../_lease.js';
import type { ClaimOptions, RunLease } from '../run-store.js';

interface LeaseRow {
  status: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
  fence_token: number;
}

/** Claims, renewals and releases on a SQLite store, each one immediate transaction. */
export class SqliteLeases {
  private readonly read: Database.Statement;
  private readonly take: Database.Statement;
  private readonly extend: Database.Statement;
  private readonly drop: Database.Statement;
  readonly claim: (runId: string, owner: string, ttlMs: number, options: ClaimOptions) => RunLease;
  readonly renew: (runId: string, token: number, ttlMs: number) => RunLease;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.read = db.prepare('SELECT status, lease_owner, lease_expires_at, fence_token FROM runs WHERE id = ?');
    this.take = db.prepare(
      'UPDATE runs SET lease_owner = ?, lease_expires_at = ?, fence_token = ?, owner_id = ?, status = coalesce(?, status),' +
        ' updated_at = max(updated_at, ?) WHERE id = ?',
    );
    this.extend = db.prepare('UPDATE runs SET lease_expires_at = ? WHERE id = ?');
    this.drop = db.prepare(
      'UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND fence_token = ?',
    );
    const claim = db.transaction((runId: string, owner: string, ttlMs: number, options: ClaimOptions): RunLease => {
      const now = this.clock.now();
      const state = this.state(runId);
      checkClaim(runId, state, owner, now, options);
      const lease = { owner, token: state.fenceToken + 1, expiresAt: now + ttlMs };
      this.take.run(owner, lease.expiresAt, lease.token, owner, options.status ?? null, now, runId);
      return lease;
    });
    const renew = db.transaction((runId: string, token: number, ttlMs: number): RunLease => {
      const state = this.state(runId);
      checkFence(runId, state, token);
      if (state.leaseOwner === undefined) throw new LeaseLostError(runId, token, {});
      const expiresAt = this.clock.now() + ttlMs;
      this.extend.run(expiresAt, runId);
      return { owner: state.leaseOwner, token, expiresAt };
    });
    this.claim = (runId, owner, ttlMs, options) => claim.immediate(runId, owner, ttlMs, options);
    this.renew = (runId, token, ttlMs) => renew.immediate(runId, token, ttlMs);
  }

  release(runId: string, token: number): void {
    if (this.drop.run(runId, token).changes === 0) this.state(runId);
  }

  /** Throws `LeaseLostError` unless `token` is the run's current fencing token; call inside the write. */
  fence(runId: string, token: number): void {
    checkFence(runId, this.state(runId), token);
  }

  private state(runId: string): LeaseState {
    const row = this.read.get(runId) as LeaseRow | undefined;
    if (!row) throw new NotFoundError('run', runId);
    return {
      status: row.status as RunStatus,
      leaseOwner: row.lease_owner ?? undefined,
      leaseExpiresAt: row.lease_expires_at ?? undefined,
      fenceToken: row.fence_token,
    };
  }
}
