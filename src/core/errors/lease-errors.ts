import { WardenError } from './warden-error.js';

/**
 * A run could not be claimed: another owner holds an unexpired lease on it, or it is in a status the claim
 * does not take. Carries who holds it and until when, so a caller can wait or look elsewhere.
 */
export class RunNotClaimableError extends WardenError {
  readonly runId: string;
  readonly holder: string | undefined;
  readonly expiresAt: number | undefined;
  readonly status: string | undefined;

  constructor(runId: string, details: { holder?: string; expiresAt?: number; status?: string }) {
    const message =
      details.holder !== undefined
        ? `Run ${runId} is held by ${details.holder} until ${new Date(details.expiresAt ?? 0).toISOString()}; it cannot be resumed here. Wait for that owner to finish, or for its lease to expire if it died.`
        : `Run ${runId} is ${details.status ?? 'missing'}; it cannot be claimed. Only interrupted runs, runs awaiting approval and runs whose lease expired can be resumed.`;
    super({ code: 'RUN_NOT_RESUMABLE', fault: 'user', message, data: { runId, ...details } });
    this.runId = runId;
    this.holder = details.holder;
    this.expiresAt = details.expiresAt;
    this.status = details.status;
  }
}

/**
 * A writer's lease on a run is gone: another owner claimed the run after it (a newer fencing token), so the
 * write is refused. The writer must stop working on the run; the new owner continues it from the log.
 */
export class LeaseLostError extends WardenError {
  readonly runId: string;
  readonly token: number;
  readonly currentToken: number | undefined;
  readonly holder: string | undefined;

  constructor(runId: string, token: number, current: { token?: number; holder?: string }) {
    super({
      code: 'RUN_LEASE_LOST',
      fault: 'system',
      message: `The lease on run ${runId} (fencing token ${token}) is no longer held${current.holder ? `: ${current.holder} claimed it (token ${current.token})` : ''}; this write is refused. Stop working on the run; its current owner continues it from the log.`,
      data: { runId, token, currentToken: current.token, holder: current.holder },
    });
    this.runId = runId;
    this.token = token;
    this.currentToken = current.token;
    this.holder = current.holder;
  }
}
