import type { Action, Decision, Policy } from '../policy/policy.js';

/** One decision the policy made about a tool call during a case. */
export interface RecordedDecision {
  tool: string;
  args: unknown;
  /** What the policy said; `ask` is recorded as asked even though the case turns it into a deny. */
  decision: Decision['decision'];
  ruleId?: string;
}

/**
 * The policy as an unattended evaluation runs it: every decision is recorded, and `ask` becomes a deny
 * with a message, because no human answers approvals in a benchmark (the run would otherwise wait).
 */
export function approvalFreePolicy(policy: Policy, record: (decision: RecordedDecision) => void): Policy {
  const wrapped: Policy = {
    decide(action: Action, context) {
      const decision = policy.decide(action, context);
      if (action.kind === 'tool') {
        record({
          tool: action.tool,
          args: action.args,
          decision: decision.decision,
          ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
        });
      }
      if (decision.decision !== 'ask') return decision;
      const message = `This call needs the user's approval${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}, and nobody can give it now. Do without it.`;
      return { ...decision, decision: 'deny', fallback: { kind: 'respond', message } };
    },
  };
  if (policy.visibleTools) wrapped.visibleTools = policy.visibleTools.bind(policy);
  if (policy.labelResult) wrapped.labelResult = policy.labelResult.bind(policy);
  return wrapped;
}
