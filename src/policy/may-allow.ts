import { compileNames } from './glob.js';
import type { PolicyModel, RuleModel } from './policy-model.js';

/**
 * Whether a policy could ever allow (or ask about) a call to `tool`, judged from its rules alone.
 * Conservative: false only when the tool certainly cannot be allowed (source and flag selectors are
 * assumed to match, conditions to hold).
 */
export function mayAllowTool(model: PolicyModel, tool: string): boolean {
  if (model.task && !compileNames(model.task)(tool)) return false;
  const rules = model.rules.filter((rule) => selectsToolName(rule, tool));
  const blocked = rules.filter(isUnconditionalDeny).map((rule) => rule.priority);
  const blockAt = blocked.length > 0 ? Math.max(...blocked) : undefined;
  const granting = rules.filter((rule) => rule.effect === 'allow' || rule.effect === 'ask');
  if (blockAt !== undefined) return granting.some((rule) => rule.priority > blockAt);
  if (granting.length > 0 || model.defaults.tool !== 'deny' || model.task) return true;
  return [...(model.roles?.values() ?? [])].some((role) => compileNames(role.tools)(tool));
}

function selectsToolName(rule: RuleModel, tool: string): boolean {
  if (!rule.kinds.has('tool')) return false;
  return rule.tools === undefined || compileNames(rule.tools)(tool);
}

function isUnconditionalDeny(rule: RuleModel): boolean {
  if (rule.sources !== undefined || rule.readOnly !== undefined) return false;
  const always = rule.condition.kind === 'const' && rule.condition.value;
  if (rule.effect === 'deny') return always;
  return rule.effect === undefined && rule.limit?.max === 0 && rule.limit.windowMs === undefined;
}
