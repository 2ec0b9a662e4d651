import type { ConditionNode } from './condition-ast.js';
import { compileCalled, compileCount, compileSameCallInARow } from './compile-history.js';
import { compileValue } from './compile-value.js';
import { compilePath } from './path.js';
import type { Scope } from './scope.js';
import { negate, type Tri, type Unknown } from './tri.js';

/** A compiled condition. */
export type ConditionTest = (scope: Scope) => Tri;

const always: ConditionTest = () => true;
const never: ConditionTest = () => false;

/** Compiles a condition into closures once; cheap tests run before expensive ones. */
export function compileCondition(node: ConditionNode): ConditionTest {
  switch (node.kind) {
    case 'const':
      return node.value ? always : never;
    case 'all':
    case 'any': {
      const tests = [...node.items].sort((a, b) => cost(a) - cost(b)).map(compileCondition);
      return node.kind === 'all' ? allTests(tests) : anyTests(tests);
    }
    case 'not': {
      const test = compileCondition(node.item);
      return (scope) => negate(test(scope));
    }
    case 'value': {
      const read = compilePath(node.path);
      const test = compileValue(node.test, node.path.text);
      return (scope) => test(read(scope), scope);
    }
    case 'called':
      return compileCalled(node.pattern, compileCondition);
    case 'count':
      return compileCount(node.pattern, node.test, compileCondition);
    case 'sameCallInARow':
      return compileSameCallInARow(node.test);
  }
}

function allTests(tests: readonly ConditionTest[]): ConditionTest {
  return (scope) => {
    let unknown: Unknown | undefined;
    for (const test of tests) {
      const result = test(scope);
      if (result === false) return false;
      if (result !== true) unknown ??= result;
    }
    return unknown ?? true;
  };
}

function anyTests(tests: readonly ConditionTest[]): ConditionTest {
  return (scope) => {
    let unknown: Unknown | undefined;
    for (const test of tests) {
      const result = test(scope);
      if (result === true) return true;
      if (result !== false) unknown ??= result;
    }
    return unknown ?? false;
  };
}

/** A rough relative cost, so that `all`/`any` short-circuit before the expensive tests. */
export function cost(node: ConditionNode): number {
  switch (node.kind) {
    case 'const':
      return 0;
    case 'all':
    case 'any':
      return node.items.reduce((sum, item) => sum + cost(item), 0);
    case 'not':
      return cost(node.item);
    case 'value':
      return valueCost(node.test) + (node.path.root === 'context' ? 2 : 0);
    case 'called':
    case 'count':
      return 6 + (node.pattern.args ? 10 : 0);
    case 'sameCallInARow':
      return 8;
  }
}

function valueCost(test: { kind: string; items?: readonly unknown[]; item?: unknown }): number {
  if (test.kind === 'derivedFrom') return 30;
  if (test.kind === 'schema') return 10;
  if (test.items) return test.items.reduce<number>((sum, item) => sum + valueCost(item as typeof test), 0);
  if (test.item) return valueCost(test.item as typeof test) + 1;
  return 1;
}
