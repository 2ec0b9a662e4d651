import { WardenError } from '../../core/errors/warden-error.js';
import { callHash } from '../../policy/call-hash.js';
import type { Decision } from '../../policy/policy.js';
import { RunSuspendedError } from '../control-flow.js';
import type { KernelContext } from '../kernel-context.js';

/** What a human is asked to approve: a tool call, a spawn, or a model call. */
export interface ApprovalSubject {
  id: string;
  toolCallId: string;
  /** The tool (or `model.generate`) the approval is bound to, with its input. */
  name: string;
  input: unknown;
}

/**
 * The ask branch after `decide`: with a recorded answer for exactly this call, approved goes on (returns
 * undefined) and denied comes back as a refusal the model reads; without one, the request is journaled,
 * made durable, and the run suspends (the batch stops with it). Nothing a model or tool returns can answer.
 */
export async function awaitApproval(
  k: KernelContext,
  subject: ApprovalSubject,
  decision: Decision,
): Promise<WardenError | undefined> {
  const { recorded, journal, runId } = k.settings;
  const hash = callHash(subject.name, subject.input);
  const request = recorded.approvalRequests.get(subject.id);
  const approvalId = request?.approvalId ?? `apv_${runId}_${subject.id.slice(runId.length + 1).replace(/[:/_]/g, '-')}`;
  const answer = recorded.approvals.get(approvalId);
  if (answer && request) {
    if (answer.approved && request.callHash === hash) return undefined;
    const why = answer.approved
      ? 'the call differs from the one that was approved'
      : `a human denied it${answer.reason ? `: ${answer.reason}` : ''}`;
    return new WardenError({ code: 'APPROVAL_DENIED', fault: 'policy', message: `Not run: ${why}.` });
  }
  if (!request) {
    journal.record({
      type: 'tool-approval-request',
      syscallId: subject.id,
      approvalId,
      toolCallId: subject.toolCallId,
      toolName: subject.name,
      input: subject.input,
      callHash: hash,
      ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
      ...(decision.reason !== undefined && { reason: decision.reason }),
    });
  }
  throw new RunSuspendedError(approvalId);
}

/** Whether a decision sends the call to a human: `ask`, or a deny whose fallback is `then: ask`. */
export function asksHuman(decision: Decision): boolean {
  return decision.decision === 'ask' || (decision.decision === 'deny' && decision.fallback?.kind === 'ask');
}
