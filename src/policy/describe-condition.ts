import type { ConditionNode, Operand, ValueNode } from './condition-ast.js';

/** A short human description of a condition, for decision reasons. */
export function describeCondition(node: ConditionNode): string {
  switch (node.kind) {
    case 'const':
      return node.value ? 'always' : 'never';
    case 'all':
      return node.items.map(describeCondition).join(' and ');
    case 'any':
      return `(${node.items.map(describeCondition).join(' or ')})`;
    case 'not':
      return `not (${describeCondition(node.item)})`;
    case 'value':
      return `${node.path.text} ${describeValue(node.test)}`;
    case 'called':
      return `${node.pattern.text} was called earlier`;
    case 'count':
      return `the number of earlier ${node.pattern.text} calls ${describeValue(node.test)}`;
    case 'sameCallInARow':
      return `the number of identical calls in a row ${describeValue(node.test)}`;
  }
}

const phrases: Record<string, string> = {
  eq: 'is',
  ne: 'is not',
  in: 'is one of',
  notIn: 'is not one of',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  within: 'is within',
};

/** Describes a value test, e.g. `matches /@acme\.example$/`. */
export function describeValue(node: ValueNode): string {
  switch (node.kind) {
    case 'compare':
      return `${phrases[node.op]} ${describeOperand(node.operand)}`;
    case 'matches':
      return `matches ${node.regex}`;
    case 'schema':
      return 'matches its JSON Schema';
    case 'derivedFrom':
      return `is derived from data labelled ${node.labels.join(' or ')}`;
    case 'exists':
      return node.value ? 'exists' : 'is missing';
    case 'all':
      return node.items.map(describeValue).join(' and ');
    case 'any':
      return `(${node.items.map(describeValue).join(' or ')})`;
    case 'not':
      return `not (${describeValue(node.item)})`;
    case 'every':
      return `has every element ${describeValue(node.item)}`;
    case 'some':
      return `has some element ${describeValue(node.item)}`;
    case 'length':
      return `has length ${describeValue(node.item)}`;
  }
}

function describeOperand(operand: Operand): string {
  if (operand.kind === 'template') return operand.template.text;
  const text = JSON.stringify(operand.value) ?? String(operand.value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
