import { posix } from 'node:path';
import { typeName } from './build-context.js';
import type { CompareOperator, Operand, ValueNode } from './condition-ast.js';
import { deepEqual } from './deep-equal.js';
import { missing } from './path.js';
import { findCopiedEvidence } from './provenance.js';
import { indexOf, type Scope } from './scope.js';
import { compileTemplate } from './template.js';
import { allOf, anyOf, negate, type Tri, Unknown } from './tri.js';

/** A compiled test on one value (which may be `missing`). */
export type ValueTest = (value: unknown, scope: Scope) => Tri;

/** Compiles a value node; `subject` names the value in reasons (e.g. `args.amount`). */
export function compileValue(node: ValueNode, subject: string): ValueTest {
  switch (node.kind) {
    case 'compare':
      return requirePresent(subject, compileCompare(node.op, node.operand, subject));
    case 'matches': {
      const { regex } = node;
      return requirePresent(subject, (value) =>
        typeof value === 'string' ? regex.test(value) : wrongType(subject, value, 'matches tests text'),
      );
    }
    case 'schema': {
      const { validate } = node;
      return requirePresent(subject, (value) => validate(value).length === 0);
    }
    case 'derivedFrom': {
      const { labels } = node;
      const key = labels.join('\u0000');
      return (value, scope) => {
        if (value === missing) return false;
        scope.derived ??= new Map();
        let results = scope.derived.get(value);
        let evidence = results?.get(key);
        if (evidence === undefined) {
          evidence = findCopiedEvidence(value, labels, indexOf(scope)) ?? null;
          if (!results) {
            results = new Map();
            scope.derived.set(value, results);
          }
          results.set(key, evidence);
        }
        if (evidence === null) return false;
        scope.evidence = evidence;
        return true;
      };
    }
    case 'exists': {
      const expected = node.value;
      return (value) => (value !== missing) === expected;
    }
    case 'all':
    case 'any': {
      const tests = node.items.map((item) => compileValue(item, subject));
      const stop = node.kind === 'any';
      return (value, scope) => {
        let unknown: Unknown | undefined;
        for (const test of tests) {
          const result = test(value, scope);
          if (result === stop) return stop;
          if (typeof result !== 'boolean') unknown ??= result;
        }
        return unknown ?? !stop;
      };
    }
    case 'not': {
      const test = compileValue(node.item, subject);
      return (value, scope) => negate(test(value, scope));
    }
    case 'every':
    case 'some': {
      const test = compileValue(node.item, `an element of ${subject}`);
      const combine = node.kind === 'every' ? allOf : anyOf;
      return requirePresent(subject, (value, scope) =>
        Array.isArray(value)
          ? combine(value, (item) => test(item, scope))
          : wrongType(subject, value, `${node.kind} needs a list`),
      );
    }
    case 'length': {
      const test = compileValue(node.item, `the length of ${subject}`);
      return requirePresent(subject, (value, scope) =>
        typeof value === 'string' || Array.isArray(value)
          ? test(value.length, scope)
          : wrongType(subject, value, 'length needs text or a list'),
      );
    }
  }
}

function requirePresent(subject: string, test: ValueTest): ValueTest {
  return (value, scope) => (value === missing ? new Unknown(`${subject} is missing`) : test(value, scope));
}

function wrongType(subject: string, value: unknown, need: string): Unknown {
  return new Unknown(`${subject} is ${typeName(value)}; ${need}`);
}

function resolver(operand: Operand): (scope: Scope) => unknown {
  if (operand.kind === 'value') {
    const { value } = operand;
    return () => value;
  }
  return compileTemplate(operand.template);
}

function compileCompare(op: CompareOperator, operand: Operand, subject: string): ValueTest {
  const resolve = resolver(operand);
  switch (op) {
    case 'eq':
      return (value, scope) => withOperand(resolve(scope), (expected) => deepEqual(value, expected));
    case 'ne':
      return (value, scope) => withOperand(resolve(scope), (expected) => !deepEqual(value, expected));
    case 'in':
    case 'notIn': {
      const test = membership(operand, resolve, subject);
      return op === 'in' ? test : (value, scope) => negate(test(value, scope));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const compare = numberComparisons[op];
      return (value, scope) => {
        if (typeof value !== 'number' || Number.isNaN(value))
          return wrongType(subject, value, `${op} compares numbers`);
        return withOperand(resolve(scope), (limit) =>
          typeof limit === 'number' && !Number.isNaN(limit)
            ? compare(value, limit)
            : new Unknown(`the ${op} operand is ${typeName(limit)}, not a number`),
        );
      };
    }
    case 'startsWith':
    case 'endsWith':
      return textTest(resolve, subject, op, (value, text) =>
        op === 'startsWith' ? value.startsWith(text) : value.endsWith(text),
      );
    case 'within':
      return textTest(resolve, subject, op, (value, directory) => within(value, directory, subject));
    case 'contains':
      return (value, scope) =>
        withOperand(resolve(scope), (needle) => {
          if (Array.isArray(value)) return value.some((item) => deepEqual(item, needle));
          if (typeof value !== 'string') return wrongType(subject, value, 'contains needs text or a list');
          return typeof needle === 'string'
            ? value.includes(needle)
            : new Unknown('contains on text needs a text operand');
        });
  }
}

const numberComparisons = {
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
};

function withOperand(operand: unknown, test: (operand: unknown) => Tri): Tri {
  return operand instanceof Unknown ? operand : test(operand);
}

function textTest(
  resolve: (scope: Scope) => unknown,
  subject: string,
  op: string,
  test: (value: string, operand: string) => Tri,
): ValueTest {
  return (value, scope) => {
    if (typeof value !== 'string') return wrongType(subject, value, `${op} tests text`);
    return withOperand(resolve(scope), (text) =>
      typeof text === 'string' ? test(value, text) : new Unknown(`the ${op} operand is ${typeName(text)}, not text`),
    );
  };
}

const needsNormalizing = /\/\.|\/\//;
const trailingSlashes = /\/+$/;

function within(value: string, directory: string, subject: string): Tri {
  if (!value.startsWith('/') || value.includes('\0')) {
    return new Unknown(`${subject} is not an absolute path`);
  }
  if (!directory.startsWith('/')) return new Unknown(`the within operand "${directory}" is not an absolute path`);
  const path = needsNormalizing.test(value) ? posix.normalize(value) : value;
  const base = (needsNormalizing.test(directory) ? posix.normalize(directory) : directory).replace(trailingSlashes, '');
  return base === '' || path === base || path.startsWith(`${base}/`);
}

function membership(operand: Operand, resolve: (scope: Scope) => unknown, subject: string): ValueTest {
  const fixed = operand.kind === 'value' && Array.isArray(operand.value) ? operand.value : undefined;
  const primitives = fixed?.every((item) => item === null || typeof item !== 'object') ? new Set(fixed) : undefined;
  const contains = (list: readonly unknown[], item: unknown) =>
    primitives && list === fixed ? primitives.has(item) : list.some((candidate) => deepEqual(candidate, item));
  return (value, scope) =>
    withOperand(resolve(scope), (list) => {
      if (!Array.isArray(list)) return new Unknown(`the list for ${subject} is ${typeName(list)}, not a list`);
      if (contains(list, value)) return true;
      return Array.isArray(value) && value.every((item) => contains(list, item));
    });
}
