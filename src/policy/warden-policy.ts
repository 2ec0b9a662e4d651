import { compileLabels, type ResultLabeller } from './compile-labels.js';
import { compileRoles, type RoleAccess } from './compile-roles.js';
import { type CompiledRule, compileRule } from './compile-rule.js';
import { describeAction } from './describe-action.js';
import { compileNames, type NameMatcher } from './glob.js';
import { mayAllowTool } from './may-allow.js';
import type { Action, Decision, Policy, PolicyContext, SharedLimit, ToolAction } from './policy.js';
import type { PolicyWarning } from './policy-definition.js';
import type { PolicyModel } from './policy-model.js';
import { BucketCache, type RuleBucket, type RuleTier } from './rule-bucket.js';
import { createScope, type Scope } from './scope.js';
import { Unknown } from './tri.js';

/** A decision before its side effects: `commit` records an allowed action in the shared limit counters. */
export interface Evaluation {
  decision: Decision;
  commit(): void;
}

const noCommit = () => {};
const noLimits: readonly SharedLimit[] = [];

/**
 * A compiled Warden policy: deny beats ask beats allow within a priority, higher priorities first; roles
 * bound the tools; anything undecided gets the default. Never throws: an action it cannot evaluate is denied.
 */
export class WardenPolicy implements Policy {
  /** Names the policy in counter keys. */
  readonly name: string;
  /** What the author probably did not mean; the policy works regardless. */
  readonly warnings: readonly PolicyWarning[];
  /** The validated policy, for analysis and narrowing. */
  readonly model: PolicyModel;
  readonly #buckets: BucketCache;
  readonly #roles: ((principal: PolicyContext['principal']) => RoleAccess | undefined) | undefined;
  readonly #labeller: ResultLabeller;
  readonly #task: NameMatcher | undefined;
  readonly #taints: ReadonlySet<string>;

  constructor(model: PolicyModel, warnings: readonly PolicyWarning[] = []) {
    this.model = model;
    this.name = model.name;
    this.warnings = warnings;
    this.#buckets = new BucketCache(model.rules.map((rule) => compileRule(rule, model.name)));
    this.#roles = model.roles ? compileRoles(model.roles) : undefined;
    this.#taints = new Set(model.taints);
    this.#labeller = compileLabels(model.labels, this.#taints);
    this.#task = model.task ? compileNames(model.task) : undefined;
  }

  /** Decides an action and commits its counters when it is allowed. */
  readonly decide = (action: Action, context: PolicyContext): Decision => {
    const { decision, commit } = this.evaluate(action, context);
    if (decision.decision === 'allow') {
      try {
        commit();
      } catch {
        // A counter store that fails must not turn an allowed action into a crash.
      }
    }
    return decision;
  };

  /** Decides without side effects; call `commit()` if the action goes ahead. */
  readonly evaluate = (action: Action, context: PolicyContext): Evaluation => {
    try {
      return this.#evaluate(action, context);
    } catch (error) {
      const reason = `The policy could not evaluate this action (${error instanceof Error ? error.message : String(error)}), so it is denied.`;
      return {
        decision: { decision: 'deny', reason, fallback: { kind: 'respond', message: reason } },
        commit: noCommit,
      };
    }
  };

  /** The tools the principal's roles grant (all of them when roles do not apply). */
  readonly visibleTools = (tools: readonly string[], context: PolicyContext): string[] => {
    try {
      const access = this.#roles?.(context.principal);
      const task = this.#task;
      return tools.filter((tool) => (!access || access.grant(tool) !== undefined) && (!task || task(tool)));
    } catch {
      return [];
    }
  };

  /** `source:<tool>` plus every label whose label rule matches the call and its result. */
  readonly labelResult = (action: ToolAction, output: unknown, context: PolicyContext): string[] =>
    this.#labeller(action, output, context);

  /** The `per: principal | tenant` limits of the rules that select this action, with their counter keys. */
  readonly sharedLimits = (action: Action, context: PolicyContext): readonly SharedLimit[] => {
    try {
      const { counted } = this.#buckets.get(action);
      if (counted.length === 0) return noLimits;
      const scope = createScope(action, context, undefined, this.#taints);
      const limits: SharedLimit[] = [];
      for (const rule of counted) {
        const key = rule.limit?.key(scope);
        if (typeof key !== 'string' || !rule.limit) continue;
        limits.push({
          key,
          max: rule.limit.max,
          ...(rule.limit.windowMs !== undefined && { windowMs: rule.limit.windowMs }),
        });
      }
      return limits;
    } catch {
      return noLimits;
    }
  };

  /** Whether some call to `tool` could be allowed or asked for (false only when it certainly cannot). */
  mayAllow(tool: string): boolean {
    return mayAllowTool(this.model, tool);
  }

  #evaluate(action: Action, context: PolicyContext): Evaluation {
    const scope = createScope(action, context, undefined, this.#taints);
    const boundary = this.#boundary(action, context);
    if (boundary.denied) return finish(boundary.denied);
    const bucket = this.#buckets.get(action);
    const failures: Failure[] = [];
    for (const tier of bucket.tiers) {
      const decided = this.#decideTier(tier, scope, bucket, failures);
      if (decided) return decided;
    }
    if (boundary.grant && bucket.allowRules.length === 0) {
      return this.#allow(boundary.grant.ruleId, boundary.grant.reason, bucket, scope);
    }
    return this.#default(action, bucket, scope, failures[0]);
  }

  /** Roles and a task's tools: which tools exist at all, and which are granted without a rule. */
  #boundary(action: Action, context: PolicyContext): { denied?: Decision; grant?: { ruleId: string; reason: string } } {
    if (action.kind !== 'tool' && action.kind !== 'spawn') return {};
    // A spawn the model asked for as a tool is bounded like that tool; one a strategy makes, by the agent's name.
    const name = action.kind === 'tool' ? action.tool : (action.tool ?? action.agent);
    let grant: { ruleId: string; reason: string } | undefined;
    const access = this.#roles?.(context.principal);
    if (access) {
      const role = access.grant(name);
      if (!role)
        return {
          denied: boundaryDenial('roles', `Tool "${name}" is not granted to the roles ${access.roles.join(', ')}.`),
        };
      grant = { ruleId: `role:${role}`, reason: `Allowed by role "${role}".` };
    }
    if (this.#task) {
      if (!this.#task(name))
        return { denied: boundaryDenial('task', `Tool "${name}" is not one of this task's tools.`) };
      grant ??= { ruleId: 'task', reason: 'Allowed by the task policy.' };
    }
    return grant ? { grant } : {};
  }

  /** One priority: deny rules (and reached limits), then ask rules, then allow rules. */
  #decideTier(tier: RuleTier, scope: Scope, bucket: RuleBucket, failures: Failure[]): Evaluation | undefined {
    for (const rule of tier.deny) {
      scope.evidence = undefined;
      const result = rule.test(scope);
      if (result === true) return finish(deny(rule, scope, describeMatch(rule, scope)));
      if (result instanceof Unknown) return finish(deny(rule, scope, `could not be evaluated (${result.why})`));
    }
    let granted: CompiledRule | undefined;
    for (const rule of tier.limited) {
      const result = rule.test(scope);
      if (result instanceof Unknown) {
        if (!rule.effect) return finish(deny(rule, scope, `could not be evaluated (${result.why})`));
        failures.push({ rule, why: result.why });
        continue;
      }
      if (!result || !rule.limit) continue;
      const count = rule.limit.count(scope);
      if (count instanceof Unknown) return finish(deny(rule, scope, `could not count its limit (${count.why})`));
      if (count >= rule.limit.max) {
        return finish(deny(rule, scope, `the limit of ${rule.limit.max} per ${rule.limit.per} is reached`));
      }
      if (rule.effect === 'allow') granted ??= rule;
    }
    for (const rule of tier.ask) {
      scope.evidence = undefined;
      const result = rule.test(scope);
      if (result === true) {
        const reason = `Rule "${rule.id}" asks for approval: ${describeMatch(rule, scope)}.`;
        return finish({ decision: 'ask', ruleId: rule.id, reason });
      }
      if (result instanceof Unknown) return finish(deny(rule, scope, `could not be evaluated (${result.why})`));
    }
    if (granted) return this.#allow(granted.id, granted.allowReason, bucket, scope);
    for (const rule of tier.allow) {
      const result = rule.test(scope);
      if (result === true) return this.#allow(rule.id, rule.allowReason, bucket, scope);
      if (result instanceof Unknown) failures.push({ rule, why: result.why });
    }
    return undefined;
  }

  #default(action: Action, bucket: RuleBucket, scope: Scope, failure: Failure | undefined): Evaluation {
    const effect = this.model.defaults[action.kind];
    if (effect === 'allow') return this.#allow(undefined, undefined, bucket, scope);
    const [constraint] = bucket.allowRules;
    const detail = failure
      ? ` Rule "${failure.rule.id}" could not be evaluated (${failure.why}).`
      : constraint
        ? ` Rule "${constraint.id}" allows it only when ${constraint.text}.`
        : '';
    if (effect === 'ask') {
      return finish({
        decision: 'ask',
        reason: `No rule decides ${describeAction(action)}; the policy's default is ask.${detail}`,
      });
    }
    const reason = `No rule allows ${describeAction(action)}.${detail}`;
    return finish({ decision: 'deny', reason, fallback: { kind: 'respond', message: reason } });
  }

  #allow(ruleId: string | undefined, reason: string | undefined, bucket: RuleBucket, scope: Scope): Evaluation {
    const decision: Decision = { decision: 'allow' };
    if (ruleId) decision.ruleId = ruleId;
    if (reason) decision.reason = reason;
    if (bucket.counted.length === 0) return { decision, commit: noCommit };
    return {
      decision,
      commit: () => {
        const counters = scope.context.counters;
        if (!counters) return;
        for (const rule of bucket.counted) {
          const key = rule.limit?.key(scope);
          if (typeof key === 'string') counters.increment(key);
        }
      },
    };
  }
}

/** An allow rule that could not be evaluated: named in the reason if nothing else allows. */
interface Failure {
  rule: CompiledRule;
  why: string;
}

function boundaryDenial(ruleId: string, reason: string): Decision {
  return { decision: 'deny', ruleId, reason, fallback: { kind: 'respond', message: reason } };
}

function finish(decision: Decision): Evaluation {
  return { decision, commit: noCommit };
}

function deny(rule: CompiledRule, scope: Scope, why: string): Decision {
  const reason = `Denied by rule "${rule.id}": ${why}.`;
  return { decision: 'deny', ruleId: rule.id, reason, fallback: rule.fallback(scope, reason) };
}

function describeMatch(rule: CompiledRule, scope: Scope): string {
  const evidence = scope.evidence ? ` (found "${truncate(scope.evidence)}")` : '';
  return `${rule.text}${evidence}`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
