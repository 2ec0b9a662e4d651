import type { Action, Decision, Policy, PolicyContext, SharedLimit, ToolAction } from './policy.js';
import type { Evaluation } from './warden-policy.js';

/** A policy that can decide without side effects and say which tools it could ever allow. */
export interface ComposablePolicy extends Policy {
  evaluate(action: Action, context: PolicyContext): Evaluation;
  mayAllow(tool: string): boolean;
  visibleTools(tools: readonly string[], context: PolicyContext): string[];
  labelResult(action: ToolAction, output: unknown, context: PolicyContext): string[];
  sharedLimits(action: Action, context: PolicyContext): readonly SharedLimit[];
}

const strictness: Record<Decision['decision'], number> = { allow: 0, ask: 1, deny: 2 };

/**
 * Both policies must allow: the stricter decision wins (deny over ask over allow; on a tie, the first
 * policy's). Used for sub-agents, so a child never gets more than its parent. Tools are visible only if
 * both show them; results carry the labels of both.
 */
export function intersectPolicies(first: Policy, second: Policy): ComposablePolicy {
  const evaluate = (action: Action, context: PolicyContext): Evaluation => {
    const a = evaluateWith(first, action, context);
    if (a.decision.decision === 'deny') return a;
    const b = evaluateWith(second, action, context);
    if (strictness[b.decision.decision] > strictness[a.decision.decision]) return b;
    if (a.decision.decision !== 'allow') return a;
    return {
      decision: a.decision,
      commit: () => {
        a.commit();
        b.commit();
      },
    };
  };
  return {
    evaluate,
    decide(action, context) {
      const { decision, commit } = evaluate(action, context);
      if (decision.decision === 'allow') {
        try {
          commit();
        } catch {
          // A counter store that fails must not turn an allowed action into a crash.
        }
      }
      return decision;
    },
    mayAllow: (tool) => mayAllow(first, tool) && mayAllow(second, tool),
    sharedLimits(action, context) {
      const a = first.sharedLimits?.(action, context) ?? [];
      const b = second.sharedLimits?.(action, context) ?? [];
      if (b.length === 0) return a;
      if (a.length === 0) return b;
      const keys = new Set(a.map((limit) => limit.key));
      return [...a, ...b.filter((limit) => !keys.has(limit.key))];
    },
    visibleTools(tools, context) {
      const shown = first.visibleTools ? first.visibleTools(tools, context) : [...tools];
      return second.visibleTools ? second.visibleTools(shown, context) : shown;
    },
    labelResult(action, output, context) {
      const labels = new Set(first.labelResult?.(action, output, context) ?? [`source:${action.tool}`]);
      for (const label of second.labelResult?.(action, output, context) ?? []) labels.add(label);
      return [...labels];
    },
    // Its definition is both policies' (the closures above hold nothing else): what a run's journaled policy
    // digest reads, so two different intersections never digest alike.
    toJSON: () => ({ intersection: [first, second] }),
  } as ComposablePolicy;
}

/** Evaluates any policy; one without `evaluate` is decided directly (its side effects happen then). */
export function evaluateWith(policy: Policy, action: Action, context: PolicyContext): Evaluation {
  const composable = policy as Partial<ComposablePolicy>;
  if (typeof composable.evaluate === 'function') return composable.evaluate(action, context);
  try {
    return { decision: policy.decide(action, context), commit: () => {} };
  } catch (error) {
    const reason = `The policy threw (${error instanceof Error ? error.message : String(error)}), so the action is denied.`;
    return { decision: { decision: 'deny', reason, fallback: { kind: 'respond', message: reason } }, commit: () => {} };
  }
}

function mayAllow(policy: Policy, tool: string): boolean {
  const composable = policy as Partial<ComposablePolicy>;
  return typeof composable.mayAllow === 'function' ? composable.mayAllow(tool) : true;
}
