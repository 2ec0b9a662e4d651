import type { ValidationIssue } from '../core/errors/tool-errors.js';
import type { PathRef } from './path.js';
import type { Template } from './template.js';

/** An operand fixed at load, or a template resolved per decision. */
export type Operand = { kind: 'value'; value: unknown } | { kind: 'template'; template: Template };

/** Operators that compare a value with an operand. */
export type CompareOperator =
  | 'eq'
  | 'ne'
  | 'in'
  | 'notIn'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'startsWith'
  | 'endsWith'
  | 'contains'
  | 'within';

/** A test on one value, validated at load. */
export type ValueNode =
  | { kind: 'compare'; op: CompareOperator; operand: Operand }
  | { kind: 'matches'; regex: RegExp }
  | { kind: 'schema'; validate: (value: unknown) => ValidationIssue[] }
  | { kind: 'derivedFrom'; labels: readonly string[] }
  | { kind: 'exists'; value: boolean }
  | { kind: 'all' | 'any'; items: readonly ValueNode[] }
  | { kind: 'not'; item: ValueNode }
  | { kind: 'every' | 'some'; item: ValueNode }
  | { kind: 'length'; item: ValueNode };

/** Which earlier calls a history condition counts. */
export interface CallPatternNode {
  tools?: readonly string[];
  sources?: readonly string[];
  args?: ConditionNode;
  windowMs?: number;
  text: string;
}

/** A condition, validated at load. */
export type ConditionNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'all' | 'any'; items: readonly ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'value'; path: PathRef; test: ValueNode }
  | { kind: 'called'; pattern: CallPatternNode }
  | { kind: 'count'; pattern: CallPatternNode; test: ValueNode }
  | { kind: 'sameCallInARow'; test: ValueNode };
