import type { BuildContext } from './build-context.js';
import type { ConditionNode, ValueNode } from './condition-ast.js';
import { deepEqual } from './deep-equal.js';
import { compileNames, isGlob } from './glob.js';
import type { PolicyModel, RuleModel } from './policy-model.js';

/** Adds warnings for rules that can never match: contradictory conditions, allows shadowed by denies. */
export function analyzePolicy(model: PolicyModel, context: BuildContext): void {
  for (const rule of model.rules) {
    const contradiction = findContradiction(rule.condition);
    if (contradiction) {
      context.warn(
        `Rule "${rule.id}" can never match: ${contradiction}.`,
        [...rule.path, rule.effect ?? 'limit'],
        rule.id,
      );
    }
    if (rule.effect === 'allow') {
      const blocker = shadowingDeny(rule, model.rules);
      if (blocker) {
        context.warn(
          `Rule "${rule.id}" never allows anything: rule "${blocker.id}" denies every such call first.`,
          rule.path,
          rule.id,
        );
      }
    }
  }
}

interface Facts {
  eq: unknown[];
  ne: unknown[];
  in: unknown[][];
  notIn: unknown[][];
  lower: Array<{ value: number; strict: boolean }>;
  upper: Array<{ value: number; strict: boolean }>;
  startsWith: string[];
  missing: boolean;
  other: boolean;
}

function findContradiction(node: ConditionNode): string | undefined {
  if (node.kind === 'any') {
    const reasons = node.items.map(findContradiction);
    return reasons.length > 0 && reasons.every(Boolean) ? reasons[0] : undefined;
  }
  if (node.kind === 'not') return undefined;
  if (node.kind !== 'all' && node.kind !== 'value') return undefined;
  const items = node.kind === 'all' ? node.items : [node];
  const facts = new Map<string, Facts>();
  for (const item of items) {
    if (item.kind === 'value') collect(item.test, factsFor(facts, item.path.text));
    else {
      const nested = findContradiction(item);
      if (nested) return nested;
    }
  }
  for (const [path, fact] of facts) {
    const problem = contradictionIn(fact);
    if (problem) return `${path} ${problem}`;
  }
  return undefined;
}

function factsFor(facts: Map<string, Facts>, path: string): Facts {
  let fact = facts.get(path);
  if (!fact) {
    fact = { eq: [], ne: [], in: [], notIn: [], lower: [], upper: [], startsWith: [], missing: false, other: false };
    facts.set(path, fact);
  }
  return fact;
}

function collect(test: ValueNode, fact: Facts): void {
  if (test.kind === 'all') {
    for (const item of test.items) collect(item, fact);
    return;
  }
  if (test.kind === 'exists') {
    if (test.value) fact.other = true;
    else fact.missing = true;
    return;
  }
  fact.other = true;
  if (test.kind !== 'compare' || test.operand.kind !== 'value') return;
  const value = test.operand.value;
  switch (test.op) {
    case 'eq':
    case 'ne':
      fact[test.op].push(value);
      break;
    case 'in':
    case 'notIn':
      if (Array.isArray(value)) fact[test.op].push(value);
      break;
    case 'gt':
    case 'gte':
      if (typeof value === 'number') fact.lower.push({ value, strict: test.op === 'gt' });
      break;
    case 'lt':
    case 'lte':
      if (typeof value === 'number') fact.upper.push({ value, strict: test.op === 'lt' });
      break;
    case 'startsWith':
      if (typeof value === 'string') fact.startsWith.push(value);
      break;
  }
}

function contradictionIn(fact: Facts): string | undefined {
  if (fact.missing && fact.other) return 'must be missing and also have a value';
  const [first, ...rest] = fact.eq;
  if (fact.eq.length > 0) {
    if (rest.some((value) => !deepEqual(value, first))) return `must equal ${fact.eq.map(show).join(' and ')}`;
    if (fact.ne.some((value) => deepEqual(value, first))) return `must both equal and not equal ${show(first)}`;
    if (fact.in.some((list) => !list.some((value) => deepEqual(value, first))))
      return `must equal ${show(first)}, which is not in its \`in\` list`;
    if (fact.notIn.some((list) => list.some((value) => deepEqual(value, first))))
      return `must equal ${show(first)}, which its \`notIn\` list excludes`;
    if (typeof first === 'string' && fact.startsWith.some((prefix) => !first.startsWith(prefix))) {
      return `must equal ${show(first)} and start with ${fact.startsWith.map(show).join(' and ')}`;
    }
    if (typeof first === 'number' && !withinBounds(first, fact))
      return `must equal ${first} and lie outside its bounds`;
  }
  for (const low of fact.lower) {
    for (const high of fact.upper) {
      if (low.value > high.value || (low.value === high.value && (low.strict || high.strict))) {
        return `must be ${low.strict ? '>' : '>='} ${low.value} and ${high.strict ? '<' : '<='} ${high.value}`;
      }
    }
  }
  for (const a of fact.startsWith) {
    for (const b of fact.startsWith) {
      if (!a.startsWith(b) && !b.startsWith(a)) return `must start with both ${show(a)} and ${show(b)}`;
    }
  }
  return undefined;
}

function withinBounds(value: number, fact: Facts): boolean {
  return (
    fact.lower.every((low) => (low.strict ? value > low.value : value >= low.value)) &&
    fact.upper.every((high) => (high.strict ? value < high.value : value <= high.value))
  );
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function shadowingDeny(rule: RuleModel, rules: readonly RuleModel[]): RuleModel | undefined {
  const tools = rule.tools;
  if (!tools || tools.some(isGlob)) return undefined;
  const blockers = rules.filter(
    (other) =>
      other.effect === 'deny' &&
      other.priority >= rule.priority &&
      other.condition.kind === 'const' &&
      other.condition.value &&
      other.sources === undefined &&
      other.readOnly === undefined &&
      other.kinds.has('tool'),
  );
  const blocker = blockers.find((other) => !other.tools || tools.every(compileNames(other.tools)));
  if (blocker) return blocker;
  return tools.every((tool) => blockers.some((other) => !other.tools || compileNames(other.tools)(tool)))
    ? blockers[0]
    : undefined;
}
