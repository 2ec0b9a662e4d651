import { compileCondition, type ConditionTest } from './compile-condition.js';
import { compileFallback, type FallbackFactory } from './compile-fallback.js';
import { compileSelector } from './compile-selector.js';
import { describeCondition } from './describe-condition.js';
import { isGlob } from './glob.js';
import type { Action } from './policy.js';
import type { Effect } from './policy-definition.js';
import type { RuleModel } from './policy-model.js';
import { indexOf, type Scope } from './scope.js';
import { Unknown } from './tri.js';

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly id: string;
  readonly effect: Effect | undefined;
  readonly priority: number;
  readonly model: RuleModel;
  readonly selects: (action: Action) => boolean;
  readonly test: ConditionTest;
  /** The condition in words, for reasons. */
  readonly text: string;
  /** The reason of an allow by this rule (built once). */
  readonly allowReason: string;
  readonly limit: CompiledLimit | undefined;
  readonly fallback: FallbackFactory;
}

/** A limit: how many allowed actions it has counted, and under which counter key. */
export interface CompiledLimit {
  readonly max: number;
  readonly per: 'run' | 'principal' | 'tenant';
  readonly windowMs: number | undefined;
  /** Allowed actions so far, or why they cannot be counted. */
  count(scope: Scope): number | Unknown;
  /** The shared counter to increment when an action is allowed (not for `per: run`). */
  key(scope: Scope): string | Unknown | undefined;
}

/** Compiles a validated rule into closures. */
export function compileRule(model: RuleModel, policyName: string): CompiledRule {
  const selects = compileSelector(model);
  return {
    id: model.id,
    effect: model.effect,
    priority: model.priority,
    model,
    selects,
    test: compileCondition(model.condition),
    text: describeCondition(model.condition),
    allowReason: `Allowed by rule "${model.id}".`,
    limit: model.limit ? compileLimit(model, selects, policyName) : undefined,
    fallback: compileFallback(model.fallback),
  };
}

function compileLimit(model: RuleModel, selects: (action: Action) => boolean, policyName: string): CompiledLimit {
  const { max, per, windowMs } = model.limit ?? { max: 0, per: 'run' };
  const exactTools = model.tools?.every((tool) => !isGlob(tool)) ? model.tools : undefined;
  const byNameOnly =
    exactTools !== undefined &&
    model.kinds.size === 1 &&
    windowMs === undefined &&
    model.sources === undefined &&
    model.readOnly === undefined;
  const key = (scope: Scope): string | Unknown | undefined => {
    if (per === 'run') return undefined;
    const principal = scope.context.principal;
    const owner = per === 'principal' ? principal?.id : principal?.tenant;
    if (typeof owner !== 'string' || !owner) return new Unknown(`the limit is per ${per} and the run has no ${per}`);
    return `limit:${policyName}:${model.id}:${per}:${owner}`;
  };
  const countRun = (scope: Scope): number => {
    const index = indexOf(scope);
    const since = windowMs === undefined ? Number.NEGATIVE_INFINITY : scope.context.now - windowMs;
    if (byNameOnly) {
      let total = 0;
      for (const tool of exactTools) total += index.ranByTool.get(tool)?.length ?? 0;
      return total;
    }
    const entries = exactTools ? exactTools.flatMap((tool) => index.ranByTool.get(tool) ?? []) : index.ran;
    let count = 0;
    for (const entry of entries) {
      if ((windowMs === undefined || entry.time >= since) && selects(entry.action)) count++;
    }
    return count;
  };
  return {
    max,
    per,
    windowMs,
    key,
    count(scope) {
      if (per === 'run') return countRun(scope);
      const counterKey = key(scope);
      if (counterKey === undefined || counterKey instanceof Unknown) return counterKey ?? new Unknown('no counter key');
      const counters = scope.context.counters;
      if (!counters) return new Unknown(`the limit is per ${per} and the kernel passed no counters`);
      const value = counters.get(counterKey, windowMs);
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : new Unknown('the counter returned no number');
    },
  };
}
