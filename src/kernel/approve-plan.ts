import { WardenError } from '../core/errors/warden-error.js';
import type { Decision, PlanAction } from '../policy/policy.js';
import type { PlanApprovalRequest } from './agent-kernel.js';
import type { KernelContext } from './kernel-context.js';
import { enterHistory } from './pipeline/account.js';
import { asksHuman, awaitApproval } from './pipeline/approve.js';
import { decideAndAccount } from './pipeline/decide-and-account.js';

/**
 * The `approvePlan` syscall: a plan is a `plan` action the policy decides (decided once: a resumed run reads
 * the recorded decision), and when it says ask, a general approval subject (`plan:plan-<n>`,
 * `plan:replan-<n>`) a human answers while the run is suspended. Resolves when allowed; throws otherwise.
 */
export async function approvePlan(k: KernelContext, id: string, plan: PlanApprovalRequest): Promise<void> {
  const tools = [...new Set(plan.steps.map((step) => step.tool))];
  const action: PlanAction = { kind: 'plan', ...plan, tools };
  const recorded = k.settings.recorded.decisions.get(id);
  let decision: Decision;
  if (recorded) {
    decision = {
      decision: recorded.decision,
      ...(recorded.ruleId !== undefined && { ruleId: recorded.ruleId }),
      ...(recorded.reason !== undefined && { reason: recorded.reason }),
      ...(recorded.fallback === 'ask' && { fallback: { kind: 'ask' as const } }),
    };
    enterHistory(k, action, decision.decision);
  } else decision = (await decideAndAccount(k, action, id, 'strategy')).decision;
  if (asksHuman(decision)) {
    const name = `plan:${plan.replan ? 'replan' : 'plan'}-${plan.revision}`;
    const refusal = await awaitApproval(k, { id, toolCallId: id, name, input: { ...plan, tools } }, decision);
    if (refusal) throw refusal;
  } else if (decision.decision === 'deny') {
    throw new WardenError({
      code: 'POLICY_DENIED',
      fault: 'policy',
      message: `Policy denied ${plan.replan ? 'the replan' : 'the plan'} (revision ${plan.revision})${decision.ruleId ? ` by rule ${decision.ruleId}` : ''}: ${decision.reason ?? 'no rule allows it'}`,
      data: { ruleId: decision.ruleId, revision: plan.revision },
    });
  }
}
