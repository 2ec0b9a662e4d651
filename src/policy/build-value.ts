import { compileJsonSchema } from '../tools/json-schema-validator.js';
import type { BuildContext, KeyPath } from './build-context.js';
import { typeName } from './build-context.js';
import type { CompareOperator, Operand, ValueNode } from './condition-ast.js';
import { comparisonNames, isOperator, type OperatorName, operatorNames, suggestOperator } from './operators.js';
import { nestsQuantifiers, schemaPatterns } from './nested-quantifiers.js';
import type { PathRoot } from './path.js';
import { isTemplate, parseTemplate } from './template.js';

/** Options shared by the builders of one condition. */
export interface ValueBuildOptions {
  /** Roots templates may read. */
  templateRoots: readonly PathRoot[];
  depth: number;
}

/** How deep conditions may nest: deeper would risk the stack, and no policy needs it. */
export const maxDepth = 32;

const allowedFlags = /^[imsu]*$/;

/**
 * Validates a value condition (a literal, or a map of operators) into a `ValueNode`.
 * @param allowed the operators permitted here (all, or only comparisons for counts and lengths)
 */
export function buildValue(
  raw: unknown,
  path: KeyPath,
  context: BuildContext,
  options: ValueBuildOptions,
  allowed: readonly OperatorName[] = operatorNames,
): ValueNode {
  if (options.depth > maxDepth) context.fail(`Conditions nest deeper than ${maxDepth} levels.`, path);
  if (Array.isArray(raw)) {
    context.fail(
      'A list here is ambiguous.',
      path,
      'write `{ in: [...] }` for "one of these", or `{ eq: [...] }` for "exactly this list"',
    );
  }
  if (raw === null || typeof raw !== 'object') {
    if (raw === undefined) context.fail('A condition needs a value.', path, 'write a value or an operator map');
    return { kind: 'compare', op: 'eq', operand: operand(raw, path, context, options) };
  }
  const entries = Object.entries(raw);
  if (entries.length === 0) context.fail('An empty operator map tests nothing.', path, 'add an operator such as `eq`');
  const nodes = entries.map(([key, value]) => {
    if (!isOperator(key) || !allowed.includes(key)) {
      const guess = suggestOperator(key, allowed);
      const fix = guess ? `did you mean \`${guess}\`?` : `use one of: ${allowed.join(', ')}`;
      context.fail(`Unknown operator \`${key}\`.`, [...path, key], fix, true);
    }
    return buildOperator(key, value, [...path, key], context, { ...options, depth: options.depth + 1 });
  });
  return nodes.length === 1 && nodes[0] ? nodes[0] : { kind: 'all', items: nodes };
}

function buildOperator(
  name: OperatorName,
  raw: unknown,
  path: KeyPath,
  context: BuildContext,
  options: ValueBuildOptions,
): ValueNode {
  switch (name) {
    case 'eq':
    case 'ne':
    case 'contains':
      return compare(name, operand(raw, path, context, options));
    case 'in':
    case 'notIn':
      if (!Array.isArray(raw) && !isTemplate(raw)) {
        context.fail(
          `\`${name}\` takes a list, not ${typeName(raw)}.`,
          path,
          `write \`${name}: [a, b]\` or a template`,
        );
      }
      return compare(name, operand(raw, path, context, options));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (!(typeof raw === 'number' && Number.isFinite(raw)) && !isTemplate(raw)) {
        context.fail(
          `\`${name}\` compares numbers, not ${typeName(raw)}.`,
          path,
          `write a number, e.g. \`${name}: 1000\``,
        );
      }
      return compare(name, operand(raw, path, context, options));
    case 'startsWith':
    case 'endsWith':
    case 'within':
      return compare(name, textOperand(name, raw, path, context, options));
    case 'matches':
      return { kind: 'matches', regex: buildRegex(raw, path, context) };
    case 'schema':
      return { kind: 'schema', validate: buildSchema(raw, path, context) };
    case 'derivedFrom':
      return { kind: 'derivedFrom', labels: buildLabels(raw, path, context) };
    case 'exists':
      if (typeof raw !== 'boolean') context.fail('`exists` takes true or false.', path);
      return { kind: 'exists', value: raw };
    case 'length':
      return {
        kind: 'length',
        item:
          typeof raw === 'number'
            ? { kind: 'compare', op: 'eq', operand: { kind: 'value', value: raw } }
            : buildValue(raw, path, context, options, comparisonNames),
      };
    case 'every':
    case 'some':
    case 'not':
      return { kind: name, item: buildValue(raw, path, context, options) };
    case 'all':
    case 'any': {
      if (!Array.isArray(raw)) context.fail(`\`${name}\` takes a list of conditions.`, path);
      return { kind: name, items: raw.map((item, index) => buildValue(item, [...path, index], context, options)) };
    }
  }
}

function compare(op: CompareOperator, value: Operand): ValueNode {
  return { kind: 'compare', op, operand: value };
}

function operand(raw: unknown, path: KeyPath, context: BuildContext, options: ValueBuildOptions): Operand {
  if (!isTemplate(raw)) return { kind: 'value', value: raw };
  const template = parseTemplate(raw, options.templateRoots);
  if (typeof template === 'string') context.fail(`Bad template: ${template}.`, path);
  return { kind: 'template', template };
}

function textOperand(
  name: string,
  raw: unknown,
  path: KeyPath,
  context: BuildContext,
  options: ValueBuildOptions,
): Operand {
  if (typeof raw !== 'string') context.fail(`\`${name}\` takes text, not ${typeName(raw)}.`, path, 'quote the value');
  if (name === 'within' && !raw.startsWith('/') && !isTemplate(raw)) {
    context.fail('`within` takes an absolute directory.', path, `write \`within: /${raw}\``);
  }
  return operand(raw, path, context, options);
}

function buildRegex(raw: unknown, path: KeyPath, context: BuildContext): RegExp {
  const spec = typeof raw === 'string' ? { pattern: raw, flags: '' } : raw;
  if (typeof spec !== 'object' || spec === null || typeof (spec as { pattern?: unknown }).pattern !== 'string') {
    context.fail('`matches` takes a regular expression as text.', path, 'write `matches: "^[a-z]+$"`');
  }
  const { pattern, flags = '' } = spec as { pattern: string; flags?: unknown };
  if (typeof flags !== 'string' || !allowedFlags.test(flags)) {
    context.fail(`Regular expression flags "${String(flags)}" are not allowed.`, path, 'use only i, m, s and u');
  }
  try {
    const regex = new RegExp(pattern, flags);
    warnIfBacktracking(pattern, path, context);
    return regex;
  } catch (error) {
    return context.fail(
      `Invalid regular expression: ${(error as Error).message}.`,
      path,
      'escape special characters with a backslash (in double-quoted YAML, write two: "\\\\.")',
    );
  }
}

function buildSchema(
  raw: unknown,
  path: KeyPath,
  context: BuildContext,
): (value: unknown) => ReturnType<ReturnType<typeof compileJsonSchema>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.fail('`schema` takes a JSON Schema object.', path, 'write `schema: { type: string, maxLength: 200 }`');
  }
  let validate: ReturnType<typeof compileJsonSchema>;
  try {
    validate = compileJsonSchema(raw as Record<string, unknown>);
  } catch (error) {
    return context.fail(`${(error as Error).message}.`, path);
  }
  for (const { pattern, at } of schemaPatterns(raw)) warnIfBacktracking(pattern, [...path, ...at], context);
  return validate;
}

/** Patterns run on arguments a model chose: one that can backtrack exponentially is worth a warning at load. */
function warnIfBacktracking(pattern: string, path: KeyPath, context: BuildContext): void {
  if (!nestsQuantifiers(pattern)) return;
  context.warn(
    `The pattern /${pattern}/ repeats a group that holds a quantifier and may backtrack catastrophically on long input; quantify the group or its body, not both (e.g. \`(a+)+\` → \`a+\`).`,
    path,
  );
}

function buildLabels(raw: unknown, path: KeyPath, context: BuildContext): string[] {
  const labels = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((label) => typeof label === 'string' && label)) {
    context.fail('`derivedFrom` takes a label or a list of labels.', path, 'write `derivedFrom: untrusted`');
  }
  for (const label of labels) {
    if (!label.startsWith('source:') && !context.declaredLabels.has(label)) {
      context.warn(
        `Label "${label}" is not declared under \`labels:\`; only tools that declare it themselves will produce it.`,
        path,
      );
    }
  }
  return labels;
}
