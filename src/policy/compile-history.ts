import { canonicalJson } from './canonical-json.js';
import type { CallPatternNode, ConditionNode, ValueNode } from './condition-ast.js';
import { compileValue } from './compile-value.js';
import { compileNames, isGlob } from './glob.js';
import type { Action, HistoryEntry } from './policy.js';
import { argsOf, indexOf, type Scope } from './scope.js';
import { anyOf, type Tri, Unknown } from './tri.js';

type EntryTest = (entry: HistoryEntry, scope: Scope) => Tri;

/**
 * Compiles the `args:` condition of a call pattern: `compileCondition`, passed in by it (conditions and history
 * patterns nest in each other) so the two modules do not import each other.
 */
export type CompileArgs = (node: ConditionNode) => (scope: Scope) => Tri;

/** `history: { called: … }`: some earlier matching call ran. */
export function compileCalled(pattern: CallPatternNode, compileArgs: CompileArgs): (scope: Scope) => Tri {
  const { candidates, test, byNameOnly } = compilePattern(pattern, compileArgs);
  if (byNameOnly) return (scope) => candidates(scope).length > 0;
  return (scope) => anyOf(candidates(scope), (entry) => test(entry, scope));
}

/** `history: { count: { …, gte: n } }`: how many earlier matching calls ran. */
export function compileCount(
  pattern: CallPatternNode,
  comparison: ValueNode,
  compileArgs: CompileArgs,
): (scope: Scope) => Tri {
  const { candidates, test, byNameOnly } = compilePattern(pattern, compileArgs);
  const compare = compileValue(comparison, `the number of earlier ${pattern.text} calls`);
  if (byNameOnly) return (scope) => compare(candidates(scope).length, scope);
  return (scope) => {
    let count = 0;
    for (const entry of candidates(scope)) {
      const result = test(entry, scope);
      if (result instanceof Unknown) return result;
      if (result) count++;
    }
    return compare(count, scope);
  };
}

/** `history: { sameCallInARow: n }`: the latest tool calls, in a row, that equal this one. */
export function compileSameCallInARow(comparison: ValueNode): (scope: Scope) => Tri {
  const compare = compileValue(comparison, 'the number of identical calls in a row');
  return (scope) => {
    const history = scope.context.history;
    const tool = scope.action.kind === 'tool' ? scope.action.tool : undefined;
    let repeats = 0;
    for (let position = history.length - 1; position >= 0; position--) {
      const entry = history[position];
      if (entry?.action.kind !== 'tool') continue;
      if (entry.action.tool !== tool) break;
      scope.callKey ??= callKey(scope.action);
      if (callKey(entry.action) !== scope.callKey) break;
      repeats++;
    }
    return compare(repeats, scope);
  };
}

const callKeys = new WeakMap<Action, string>();

function callKey(action: Action): string {
  let key = callKeys.get(action);
  if (key === undefined) {
    key = action.kind === 'tool' ? canonicalJson([action.tool, action.args]) : canonicalJson(action);
    callKeys.set(action, key);
  }
  return key;
}

function compilePattern(
  pattern: CallPatternNode,
  compileArgs: CompileArgs,
): {
  candidates: (scope: Scope) => readonly HistoryEntry[];
  test: EntryTest;
  /** The candidates are exactly the matching calls: no glob, source, argument or window test remains. */
  byNameOnly: boolean;
} {
  const tools = pattern.tools;
  const exactTools = tools && !tools.some(isGlob) ? tools : undefined;
  const toolMatches = tools ? compileNames(tools) : undefined;
  const sourceMatches = pattern.sources ? compileNames(pattern.sources) : undefined;
  const args = pattern.args ? compileArgs(pattern.args) : undefined;
  const windowMs = pattern.windowMs;
  const candidates = (scope: Scope): readonly HistoryEntry[] => {
    const index = indexOf(scope);
    if (!exactTools) return index.ran;
    if (exactTools.length === 1) return index.ranByTool.get(exactTools[0] ?? '') ?? [];
    return exactTools.flatMap((tool) => index.ranByTool.get(tool) ?? []);
  };
  const test: EntryTest = (entry, scope) => {
    const action = entry.action;
    if (action.kind !== 'tool') return false;
    if (toolMatches && !toolMatches(action.tool)) return false;
    if (sourceMatches && !sourceMatches(action.source)) return false;
    if (windowMs !== undefined && entry.time < scope.context.now - windowMs) return false;
    return args ? args({ ...scope, args: argsOf(action) }) : true;
  };
  const byNameOnly = exactTools !== undefined && !sourceMatches && !args && windowMs === undefined;
  return { candidates, test, byNameOnly };
}
