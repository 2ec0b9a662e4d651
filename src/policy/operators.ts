import { suggest } from './suggest.js';

/** Every operator a condition can use on a value. */
export const operatorNames = [
  'eq',
  'ne',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'matches',
  'startsWith',
  'endsWith',
  'contains',
  'within',
  'length',
  'schema',
  'derivedFrom',
  'exists',
  'every',
  'some',
  'all',
  'any',
  'not',
] as const;

/** The name of an operator. */
export type OperatorName = (typeof operatorNames)[number];

/** Operators that compare a number (lengths, counts, repeats). */
export const comparisonNames: readonly OperatorName[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn'];

const operatorSet = new Set<string>(operatorNames);

const synonyms: Record<string, OperatorName> = {
  '==': 'eq',
  '=': 'eq',
  equals: 'eq',
  equal: 'eq',
  is: 'eq',
  '!=': 'ne',
  neq: 'ne',
  not_eq: 'ne',
  notequals: 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  regex: 'matches',
  regexp: 'matches',
  match: 'matches',
  pattern: 'matches',
  nin: 'notIn',
  not_in: 'notIn',
  oneof: 'in',
  includes: 'contains',
  has: 'contains',
  len: 'length',
  size: 'length',
  prefix: 'startsWith',
  startwith: 'startsWith',
  suffix: 'endsWith',
  endwith: 'endsWith',
  from: 'derivedFrom',
  derived: 'derivedFrom',
  and: 'all',
  or: 'any',
  inside: 'within',
  under: 'within',
};

/** Whether a key is an operator name (exactly). */
export function isOperator(key: string): key is OperatorName {
  return operatorSet.has(key);
}

/** The operator a misspelt or foreign key most likely means. */
export function suggestOperator(
  key: string,
  allowed: readonly string[] = operatorNames,
  tolerance?: number,
): string | undefined {
  const lower = key.toLowerCase().replaceAll('-', '_');
  const synonymOf = (spelling: string) => (Object.hasOwn(synonyms, spelling) ? synonyms[spelling] : undefined);
  const synonym = synonymOf(lower) ?? synonymOf(lower.replaceAll('_', ''));
  if (synonym && allowed.includes(synonym)) return synonym;
  return suggest(key, allowed, tolerance);
}

/** Whether a key is an operator or looks like one (a synonym or a near-miss). */
export function looksLikeOperator(key: string): boolean {
  return isOperator(key) || suggestOperator(key) !== undefined;
}
