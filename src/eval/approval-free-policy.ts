import type { Action, Decision, Policy } from '../policy/policy.js';

/** One decision the policy made about a tool call during a case. */
export interface RecordedDecision {
  tool: string;
  args: unknown;
  /**
   * What the policy said. A deny whose fallback is `ask` is recorded as `ask`: both wait for a human,
   * and the case turns both into a deny the agent reads.
   */
  decision: Decision['decision'];
  ruleId?: string;
}

/** The decision asks a human: `ask`, or a deny whose fallback is `{ then: ask }`. */
export const asksApproval = (decision: Decision): boolean =>
  decision.decision === 'ask' || (decision.decision === 'deny' && decision.fallback?.kind === 'ask');

/**
 * The policy as an unattended evaluation runs it: every decision is recorded, and every decision that would
 * wait for a human (`ask`, or `deny` with `fallback: { then: ask }`) becomes a deny with a message, because
 * no human answers approvals in a benchmark (the run would otherwise suspend as `awaiting_approval`).
 */
export function approvalFreePolicy(policy: Policy, record: (decision: RecordedDecision) => void): Policy {
  const wrapped: Policy = {
    decide(action: Action, context) {
      const decision = policy.decide(action, context);
      const asks = asksApproval(decision);
      if (action.kind === 'tool') {
        record({
          tool: action.tool,
          args: action.args,
          decision: asks ? 'ask' : decision.decision,
          ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
        });
      }
      if (!asks) return decision;
      const message = `This call needs the user's approval${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}, and nobody can give it now. Do without it.`;
      return { ...decision, decision: 'deny', fallback: { kind: 'respond', message } };
    },
  };
  if (policy.visibleTools) wrapped.visibleTools = policy.visibleTools.bind(policy);
  if (policy.labelResult) wrapped.labelResult = policy.labelResult.bind(policy);
  return wrapped;
}
