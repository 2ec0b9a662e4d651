import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors/config-error.js';
import { type ToolApprovalRequestEvent, terminalStatuses } from '../core/events.js';
import type { RunRecord, RunStore } from '../store/run-store.js';

/** A call waiting for a human. */
export interface PendingApproval {
  approvalId: string;
  /** The run that asked (a sub-agent's run, when a child asked). */
  runId: string;
  agent: string;
  /** The top-level run the request suspends: answering resumes it, and it resumes the child inside it. */
  rootRunId: string;
  rootAgent: string;
  toolName: string;
  input: unknown;
  callHash: string;
  ruleId?: string;
  reason?: string;
  requestedAt: number;
}

/**
 * Answers approval requests. This is the only way an approval enters a run: out of band,
 * appended to the run's log; nothing a model or a tool returns can approve a call.
 */
export class ApprovalDesk {
  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
  ) {}

  /** Pending approvals of one run, or of every run that waits. */
  async pending(runId?: string): Promise<PendingApproval[]> {
    const runs = runId
      ? [await this.store.getRun(runId)].filter((run) => run !== undefined)
      : await this.store.listRuns({ status: 'awaiting_approval', limit: 1000 });
    const pending: PendingApproval[] = [];
    for (const run of runs) {
      const events = await this.store.readEvents(run.id);
      const answered = new Set(
        events.flatMap((event) => (event.type === 'tool-approval-response' ? [event.approvalId] : [])),
      );
      const root = await this.rootOf(run);
      // A tree whose top-level run has ended for good waits for nobody: answering could not resume it.
      if (root !== run && terminalStatuses.has(root.status)) continue;
      for (const event of events) {
        if (event.type !== 'tool-approval-request' || answered.has(event.approvalId)) continue;
        pending.push(toPending(event, run.agent, root));
      }
    }
    return pending;
  }

  /** Pending approvals of a run and of every sub-agent run below it. */
  async pendingInTree(rootRunId: string): Promise<PendingApproval[]> {
    return (await this.pending()).filter((item) => item.rootRunId === rootRunId || item.runId === rootRunId);
  }

  /** The top-level run above a run (itself when it has no parent). */
  async rootOf(run: RunRecord): Promise<RunRecord> {
    let current = run;
    for (let depth = 0; current.parentRunId && depth < 100; depth++) {
      const parent = await this.store.getRun(current.parentRunId);
      if (!parent) break;
      current = parent;
    }
    return current;
  }

  approve(approvalId: string, options: { reason?: string; by?: string } = {}): Promise<PendingApproval> {
    return this.answer(approvalId, true, options);
  }

  deny(approvalId: string, options: { reason?: string; by?: string } = {}): Promise<PendingApproval> {
    return this.answer(approvalId, false, options);
  }

  private async answer(
    approvalId: string,
    approved: boolean,
    options: { reason?: string; by?: string },
  ): Promise<PendingApproval> {
    const runId = runIdOf(approvalId);
    const run = runId ? await this.store.getRun(runId) : undefined;
    const request = run && (await this.pending(run.id)).find((item) => item.approvalId === approvalId);
    if (!run || !request) {
      throw new ConfigError(
        `No pending approval "${approvalId}".`,
        { fix: 'list pending approvals with `warden approvals list`' },
        'NOT_FOUND',
      );
    }
    if (run.status !== 'awaiting_approval') {
      throw new ConfigError(`Run ${run.id} is ${run.status}, not awaiting approval.`, {}, 'RUN_NOT_AWAITING_APPROVAL');
    }
    await this.store.append(run.id, [
      {
        type: 'tool-approval-response',
        runId: run.id,
        seq: run.lastSeq + 1,
        time: this.clock.now(),
        approvalId,
        approved,
        ...(options.reason !== undefined && { reason: options.reason }),
        ...(options.by !== undefined && { by: options.by }),
      },
    ]);
    return request;
  }
}

/** Approval ids are `apv_<runId>_<n>`; run ids may contain `_`, so take up to the last one. */
function runIdOf(approvalId: string): string | undefined {
  if (!approvalId.startsWith('apv_')) return undefined;
  const end = approvalId.lastIndexOf('_');
  return end > 4 ? approvalId.slice(4, end) : undefined;
}

function toPending(event: ToolApprovalRequestEvent, agent: string, root: RunRecord): PendingApproval {
  const pending: PendingApproval = {
    approvalId: event.approvalId,
    runId: event.runId,
    agent,
    rootRunId: root.id,
    rootAgent: root.agent,
    toolName: event.toolName,
    input: event.input,
    callHash: event.callHash,
    requestedAt: event.time,
  };
  if (event.ruleId !== undefined) pending.ruleId = event.ruleId;
  if (event.reason !== undefined) pending.reason = event.reason;
  return pending;
}
