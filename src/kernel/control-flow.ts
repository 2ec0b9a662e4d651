import { WardenError } from '../core/errors/warden-error.js';

/** Thrown through the strategy when the run must stop: a policy said halt, or the loop guard stopped it. */
export class RunHaltedError extends WardenError {
  constructor(reason: string, data: Record<string, unknown> = {}) {
    super({ code: 'RUN_HALTED', fault: 'policy', message: reason, data });
  }
}

/** Thrown through the strategy when the run waits for a human: it resumes from its log once answered. */
export class RunSuspendedError extends WardenError {
  constructor(readonly approvalId: string) {
    super({
      code: 'RUN_AWAITING_APPROVAL',
      fault: 'policy',
      message: `The run waits for approval ${approvalId}. Approve or deny it (warden approvals approve|deny ${approvalId}), then resume the run.`,
      data: { approvalId },
    });
  }
}
