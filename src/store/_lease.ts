import { LeaseLostError, RunNotClaimableError } from '../core/errors/lease-errors.js';
import type { RunStatus } from '../core/events.js';
import type { ClaimOptions } from './run-store.js';

/** The lease columns of a run, as every store keeps them. */
export interface LeaseState {
  status: RunStatus;
  leaseOwner: string | undefined;
  leaseExpiresAt: number | undefined;
  /** The last fencing token handed out; 0 when the run was never claimed. */
  fenceToken: number;
}

/** Throws unless `owner` may claim a run in `state` at `now`; the stores call it inside their write. */
export function checkClaim(runId: string, state: LeaseState, owner: string, now: number, options: ClaimOptions): void {
  const held = state.leaseOwner !== undefined && (state.leaseExpiresAt ?? 0) > now;
  if (held && state.leaseOwner !== owner) {
    throw new RunNotClaimableError(runId, { holder: state.leaseOwner, expiresAt: state.leaseExpiresAt });
  }
  const expired = state.leaseOwner !== undefined && !held;
  if (!expired && options.statuses && !options.statuses.includes(state.status)) {
    throw new RunNotClaimableError(runId, { status: state.status });
  }
}

/** Throws `LeaseLostError` unless `token` is the run's current fencing token. */
export function checkFence(runId: string, state: Pick<LeaseState, 'fenceToken' | 'leaseOwner'>, token: number): void {
  if (state.fenceToken !== token) {
    throw new LeaseLostError(runId, token, {
      token: state.fenceToken,
      ...(state.leaseOwner !== undefined && { holder: state.leaseOwner }),
    });
  }
}
