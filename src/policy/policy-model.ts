import type { KeyPath } from './build-context.js';
import type { ConditionNode } from './condition-ast.js';
import type { ActionKind, Effect } from './policy-definition.js';

/** A fallback, validated: templates in substitute arguments are resolved per decision. */
export type FallbackModel =
  | { kind: 'respond'; message?: string }
  | { kind: 'halt'; message?: string }
  | { kind: 'ask'; message?: string }
  | { kind: 'substitute'; tool: string; args: unknown };

/** A rule, validated. */
export interface RuleModel {
  id: string;
  index: number;
  path: KeyPath;
  kinds: ReadonlySet<ActionKind>;
  tools?: readonly string[];
  sources?: readonly string[];
  readOnly?: boolean;
  /** Absent for a rule that only limits. */
  effect?: Effect;
  condition: ConditionNode;
  limit?: { max: number; per: 'run' | 'principal' | 'tenant'; windowMs?: number };
  priority: number;
  fallback?: FallbackModel;
  description?: string;
}

/** One place labelled data comes from. */
export interface LabelSourceModel {
  tools?: readonly string[];
  sources?: readonly string[];
  when?: ConditionNode;
}

/** A role with the tools of the roles it extends folded in. */
export interface RoleModel {
  name: string;
  tools: readonly string[];
}

/** A policy, validated and ready to compile or analyse. */
export interface PolicyModel {
  name: string;
  defaults: Readonly<Record<ActionKind, Effect>>;
  roles: ReadonlyMap<string, RoleModel> | undefined;
  labels: ReadonlyMap<string, readonly LabelSourceModel[]>;
  /** The labels that make `context.tainted` true: `untrusted` and those under `taints:`. */
  taints: readonly string[];
  rules: readonly RuleModel[];
  /** A task-scoped policy's tools: every other tool is denied, these are granted like a role's. */
  task?: readonly string[];
}
