import type { BuildContext, ConditionBuildOptions, KeyPath } from './build-context.js';
import { typeName } from './build-context.js';
import { buildValue } from './build-value.js';
import type { CallPatternNode, ConditionNode, ValueNode } from './condition-ast.js';
import { parseDuration } from './duration.js';
import { comparisonNames } from './operators.js';
import { suggest } from './suggest.js';
import { namePatterns, warnUnknownTools } from './tool-patterns.js';

/**
 * Builds the `args:` condition of a call pattern: `buildCondition`, passed in by it (conditions and history
 * blocks nest in each other) so the two modules do not import each other.
 */
export type BuildCondition = (
  raw: unknown,
  at: KeyPath,
  context: BuildContext,
  options: ConditionBuildOptions,
) => ConditionNode;

interface HistoryBuildOptions extends ConditionBuildOptions {
  buildCondition: BuildCondition;
}

const historyKeys = ['called', 'calledWith', 'notCalled', 'count', 'sameCallInARow'];
const patternKeys = ['tool', 'source', 'args', 'window'];

/** Validates a `history:` block: temporal conditions on the run's earlier calls. */
export function buildHistory(
  raw: unknown,
  at: KeyPath,
  context: BuildContext,
  conditionOptions: ConditionBuildOptions,
  buildCondition: BuildCondition,
): ConditionNode {
  const options: HistoryBuildOptions = { ...conditionOptions, buildCondition };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.fail(`\`history\` takes a map, not ${typeName(raw)}.`, at, 'write e.g. `history: { called: read_secret }`');
  }
  const nodes = Object.entries(raw).map(([key, value]): ConditionNode => {
    const here = [...at, key];
    switch (key) {
      case 'called':
      case 'calledWith':
        return { kind: 'called', pattern: buildCallPattern(value, here, context, options, false) };
      case 'notCalled':
        return {
          kind: 'not',
          item: { kind: 'called', pattern: buildCallPattern(value, here, context, options, false) },
        };
      case 'count':
        return buildCount(value, here, context, options);
      case 'sameCallInARow':
        return { kind: 'sameCallInARow', test: comparison(value, here, context, options) };
      default: {
        const guess = suggest(key, historyKeys);
        return context.fail(
          `Unknown history condition \`${key}\`.`,
          here,
          guess ? `did you mean \`${guess}\`?` : `use one of: ${historyKeys.join(', ')}`,
          true,
        );
      }
    }
  });
  if (nodes.length === 0) context.fail('`history` is empty.', at, 'add e.g. `called: read_secret`');
  return nodes.length === 1 && nodes[0] ? nodes[0] : { kind: 'all', items: nodes };
}

function buildCount(raw: unknown, at: KeyPath, context: BuildContext, options: HistoryBuildOptions): ConditionNode {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.fail('`count` takes a map.', at, 'write e.g. `count: { tool: delete_file, gte: 3 }`');
  }
  const record = raw as Record<string, unknown>;
  const comparisons = Object.fromEntries(Object.entries(record).filter(([key]) => !patternKeys.includes(key)));
  if (Object.keys(comparisons).length === 0) {
    context.fail('`count` needs a comparison.', at, 'add e.g. `gte: 3`');
  }
  const pattern = buildCallPattern(
    Object.fromEntries(Object.entries(record).filter(([key]) => patternKeys.includes(key))),
    at,
    context,
    options,
    true,
  );
  return { kind: 'count', pattern, test: comparison(comparisons, at, context, options) };
}

function comparison(raw: unknown, at: KeyPath, context: BuildContext, options: ConditionBuildOptions): ValueNode {
  if (typeof raw === 'number') return { kind: 'compare', op: 'gte', operand: { kind: 'value', value: raw } };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.fail(`Expected a number or comparisons, not ${typeName(raw)}.`, at, 'write e.g. `{ gte: 3 }`');
  }
  return buildValue(
    raw,
    at,
    context,
    { templateRoots: options.templateRoots, depth: options.depth + 1 },
    comparisonNames,
  );
}

function buildCallPattern(
  raw: unknown,
  at: KeyPath,
  context: BuildContext,
  options: HistoryBuildOptions,
  counting: boolean,
): CallPatternNode {
  if (typeof raw === 'string' || Array.isArray(raw)) {
    const tools = namePatterns(raw, at, context);
    warnUnknownTools(tools, at, context);
    return { tools, text: tools.join(' or ') };
  }
  if (typeof raw !== 'object' || raw === null) {
    context.fail(`Expected a tool name or a call pattern, not ${typeName(raw)}.`, at, 'write e.g. `read_secret`');
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (patternKeys.includes(key)) continue;
    const guess = suggest(key, patternKeys);
    context.fail(
      `Unknown key \`${key}\` in a call pattern.`,
      [...at, key],
      guess ? `did you mean \`${guess}\`?` : `use ${patternKeys.join(', ')}`,
      true,
    );
  }
  const pattern: CallPatternNode = { text: 'any call' };
  const described: string[] = [];
  if (record.tool !== undefined) {
    pattern.tools = namePatterns(record.tool, [...at, 'tool'], context);
    warnUnknownTools(pattern.tools, [...at, 'tool'], context);
    described.push(pattern.tools.join(' or '));
  }
  if (record.source !== undefined) {
    pattern.sources = namePatterns(record.source, [...at, 'source'], context, 'source');
    described.push(`from ${pattern.sources.join(' or ')}`);
  }
  if (record.args !== undefined) {
    const { buildCondition, ...conditionOptions } = options;
    pattern.args = buildCondition(record.args, [...at, 'args'], context, {
      ...conditionOptions,
      depth: options.depth + 1,
    });
    described.push('with matching arguments');
  }
  if (record.window !== undefined) {
    const windowMs = parseDuration(record.window);
    if (windowMs === undefined) {
      context.fail('`window` is a duration.', [...at, 'window'], 'write milliseconds or e.g. `30s`, `5m`, `1h`, `1d`');
    }
    pattern.windowMs = windowMs;
    described.push(`within ${String(record.window)}`);
  }
  if (described.length > 0) pattern.text = described.join(' ');
  else if (!counting) context.fail('A call pattern needs `tool`, `source` or `args`.', at);
  return pattern;
}
