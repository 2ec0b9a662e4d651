import type { Action, Decision, PolicyContext } from '../../policy/policy.js';
import type { SyscallOrigin } from '../agent-kernel.js';
import type { KernelContext } from '../kernel-context.js';

const allowed: Decision = { decision: 'allow' };

/**
 * Stage 1, decide: the policy's verdict on an action, journaled as a `policy-decision` naming the rule.
 * Synchronous, and followed at once by `account`, so calls of one batch are decided one after another
 * and each sees the ones before it. A policy that throws denies.
 */
export function decide(
  k: KernelContext,
  action: Action,
  id: string,
  origin: SyscallOrigin,
  context?: PolicyContext,
): Decision {
  if (!k.settings.policy) return allowed;
  const { decision, durationUs } = verdictOf(k, action, context ?? k.policyContext());
  recordDecision(k, action, id, origin, decision, durationUs);
  return decision;
}

/** The policy's verdict in `context`, timed, not journaled (a decision about shared limits may be retaken). */
export function verdictOf(
  k: KernelContext,
  action: Action,
  context: PolicyContext,
): { decision: Decision; durationUs: number } {
  const policy = k.settings.policy;
  if (!policy) return { decision: allowed, durationUs: 0 };
  const started = process.hrtime.bigint();
  let decision: Decision;
  try {
    decision = wellFormed(policy.decide(action, context));
  } catch (error) {
    decision = { decision: 'deny', reason: `the policy could not decide: ${(error as Error).message}` };
  }
  return { decision, durationUs: Number(process.hrtime.bigint() - started) / 1000 };
}

/** Journals the final decision of a syscall as a `policy-decision` naming the rule. */
export function recordDecision(
  k: KernelContext,
  action: Action,
  id: string,
  origin: SyscallOrigin,
  decision: Decision,
  durationUs: number,
): void {
  const fallback =
    decision.decision === 'deny' ? (decision.fallback ?? { kind: 'respond' as const, message: '' }) : undefined;
  k.settings.journal.record({
    type: 'policy-decision',
    syscallId: id,
    action: actionName(action),
    decision: decision.decision,
    ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
    ...(decision.reason !== undefined && { reason: decision.reason }),
    ...(fallback && { fallback: fallback.kind }),
    ...(origin !== 'model' && { origin }),
    durationUs,
  });
}

/** A code policy's answer, checked: anything but a clear allow, ask or deny is a deny (fail closed). */
function wellFormed(decision: unknown): Decision {
  const verdict = (decision as Decision | undefined)?.decision;
  if (verdict === 'allow' || verdict === 'ask' || verdict === 'deny') return decision as Decision;
  return {
    decision: 'deny',
    reason: `the policy gave no decision (${JSON.stringify(verdict) ?? 'undefined'}), so the call is denied`,
  };
}

/** How an action is named in events: the tool, the agent tool, or the kind. */
export function actionName(action: Action): string {
  switch (action.kind) {
    case 'tool':
      return action.tool;
    case 'spawn':
      return action.tool ?? action.agent;
    default:
      return action.kind;
  }
}
