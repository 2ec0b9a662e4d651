import type { BuildContext, ConditionBuildOptions, KeyPath } from './build-context.js';
import { typeName } from './build-context.js';
import { buildHistory } from './build-history.js';
import { buildValue, maxDepth } from './build-value.js';
import type { ConditionNode } from './condition-ast.js';
import { isOperator, suggestOperator } from './operators.js';
import { contextFields, type PathRef, parsePath, runFields } from './path.js';
import { suggest } from './suggest.js';

export type { ConditionBuildOptions } from './build-context.js';

const combinators = ['all', 'any', 'not', 'history'] as const;

/** Validates a condition (`true`, or a map of paths and combinators) into a `ConditionNode`. */
export function buildCondition(
  raw: unknown,
  path: KeyPath,
  context: BuildContext,
  options: ConditionBuildOptions,
): ConditionNode {
  if (options.depth > maxDepth) context.fail(`Conditions nest deeper than ${maxDepth} levels.`, path);
  if (raw === true || raw === null) return { kind: 'const', value: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    context.fail(
      `A condition is a map of paths to tests, not ${typeName(raw)}.`,
      path,
      'write `true` for "always", or e.g. `{ args.to: { endsWith: "@acme.example" } }`',
    );
  }
  const inner = { ...options, depth: options.depth + 1 };
  const nodes: ConditionNode[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = [...path, key];
    if (key === 'all' || key === 'any') {
      if (!Array.isArray(value)) context.fail(`\`${key}\` takes a list of conditions.`, at);
      nodes.push({
        kind: key,
        items: value.map((item, index) => buildCondition(item, [...at, index], context, inner)),
      });
    } else if (key === 'not') {
      nodes.push({ kind: 'not', item: buildCondition(value, at, context, inner) });
    } else if (key === 'history') {
      nodes.push(buildHistory(value, at, context, inner, buildCondition));
    } else {
      nodes.push(...buildPathCondition(key, value, at, context, inner));
    }
  }
  if (nodes.length === 1 && nodes[0]) return nodes[0];
  return nodes.length === 0 ? { kind: 'const', value: true } : { kind: 'all', items: nodes };
}

function buildPathCondition(
  key: string,
  value: unknown,
  at: KeyPath,
  context: BuildContext,
  options: ConditionBuildOptions,
): ConditionNode[] {
  const ref = checkedPath(key, at, context, options);
  const valueOptions = { templateRoots: options.templateRoots, depth: options.depth };
  const isRoot = ref.segments.length === 0;
  if (isRoot && isNestedMap(value, at, context)) {
    return Object.entries(value as Record<string, unknown>).map(([field, inner]) => {
      nearOperatorWarning(field, [...at, field], context);
      const nested = checkedPath(`${key}.${field}`, [...at, field], context, options);
      return { kind: 'value', path: nested, test: buildValue(inner, [...at, field], context, valueOptions) };
    });
  }
  if (isRoot && (ref.root === 'run' || ref.root === 'context'))
    checkField(ref, ref.root === 'run' ? Object.keys(runFields) : contextFields, at, context);
  return [{ kind: 'value', path: ref, test: buildValue(value, at, context, valueOptions) }];
}

/** `context: { tainted: true }` is a map of fields; `args: { derivedFrom: x }` is an operator map on `args`. */
function isNestedMap(value: unknown, at: KeyPath, context: BuildContext): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const operators = keys.filter((key) => isOperator(key));
  if (operators.length > 0 && operators.length < keys.length) {
    context.fail(
      `This map mixes operators (${operators.join(', ')}) with fields (${keys.filter((key) => !isOperator(key)).join(', ')}).`,
      at,
      'put the fields on their own paths, e.g. `args.to: { … }`',
    );
  }
  return keys.length > 0 && operators.length === 0;
}

function checkedPath(key: string, at: KeyPath, context: BuildContext, options: ConditionBuildOptions): PathRef {
  const ref = parsePath(key);
  if (typeof ref === 'string') {
    const operator = suggestOperator(key, undefined, 0);
    const head = key.split(/[.[]/)[0] ?? key;
    const rootGuess = head === key ? undefined : suggest(head, [...options.roots]);
    const fix = operator
      ? `operators go under a path, e.g. \`args.path: { ${operator}: … }\``
      : rootGuess
        ? `did you mean \`${rootGuess}${key.slice(head.length)}\`?`
        : `did you mean \`args.${key}\`? Keys start with ${options.roots.join('., ')}. or are one of ${combinators.join(', ')}`;
    context.fail(`Unknown condition key \`${key}\`.`, at, fix, true);
  }
  if (!options.roots.includes(ref.root)) {
    context.fail(`\`${ref.root}.*\` cannot be read here.`, at, `read one of ${options.roots.join(', ')}`, true);
  }
  if (ref.segments.length > 0 && ref.root === 'run') checkField(ref, Object.keys(runFields), at, context);
  if (ref.segments.length > 0 && ref.root === 'context') checkField(ref, contextFields, at, context);
  return ref;
}

function checkField(ref: PathRef, fields: readonly string[], at: KeyPath, context: BuildContext): void {
  const [field, extra] = ref.segments;
  if (field !== undefined && fields.includes(String(field)) && extra === undefined) return;
  const guess = field === undefined ? undefined : suggest(String(field), fields);
  context.fail(
    `\`${ref.text}\` is not something a policy can read.`,
    at,
    guess
      ? `did you mean \`${ref.root}.${guess}\`?`
      : `read one of ${fields.map((name) => `${ref.root}.${name}`).join(', ')}`,
    true,
  );
}

function nearOperatorWarning(field: string, at: KeyPath, context: BuildContext): void {
  const guess = suggestOperator(field, undefined, 1);
  if (guess && (field.toLowerCase() === guess.toLowerCase() || field.length >= 6)) {
    context.warn(`\`${field}\` is read as a field name; did you mean the operator \`${guess}\`?`, at);
  }
}
