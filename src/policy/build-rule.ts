import type { BuildContext, KeyPath } from './build-context.js';
import { buildCondition } from './build-condition.js';
import type { ConditionNode } from './condition-ast.js';
import { parseDuration } from './duration.js';
import type { ActionKind, Effect, RuleDefinition } from './policy-definition.js';
import type { FallbackModel, RuleModel } from './policy-model.js';
import { suggest } from './suggest.js';
import { isTemplate, parseTemplate } from './template.js';
import { namePatterns, warnUnknownTools } from './tool-patterns.js';

const effects: readonly Effect[] = ['deny', 'ask', 'allow'];
const fallbackKeys = ['respond', 'halt', 'substitute', 'then'];

/** Validates one rule (its shape already checked by the schema). */
export function buildRule(definition: RuleDefinition, index: number, id: string, context: BuildContext): RuleModel {
  const path: KeyPath = ['rules', index];
  const present = effects.filter((effect) => definition[effect] !== undefined);
  if (present.length > 1) {
    context.fail(
      `Rule "${id}" has ${present.join(' and ')}; a rule has one effect.`,
      [...path, present[1] ?? ''],
      'split it into one rule per effect',
      true,
    );
  }
  const effect = present[0];
  if (!effect && !definition.limit) {
    context.fail(
      `Rule "${id}" says neither allow, deny, ask nor limit.`,
      path,
      'add e.g. `deny: true` or `allow: { … }`',
    );
  }
  if (definition.limit && effect && effect !== 'allow') {
    context.fail(
      `Rule "${id}" combines ${effect} with a limit.`,
      [...path, 'limit'],
      'put the limit on its own rule or on an allow rule',
      true,
    );
  }
  const rule: RuleModel = {
    id,
    index,
    path,
    kinds: selectedKinds(definition, id, path, context),
    condition: effect ? condition(definition[effect], [...path, effect], context) : { kind: 'const', value: true },
    priority: definition.priority ?? 0,
  };
  if (effect) rule.effect = effect;
  if (definition.description) rule.description = definition.description;
  if (definition.tool !== undefined) {
    rule.tools = namePatterns(definition.tool, [...path, 'tool'], context);
    warnUnknownTools(rule.tools, [...path, 'tool'], context, id);
  }
  if (definition.source !== undefined)
    rule.sources = namePatterns(definition.source, [...path, 'source'], context, 'source');
  if (definition.readOnly !== undefined) rule.readOnly = definition.readOnly;
  if (definition.limit) {
    const { max, per = 'run', window } = definition.limit;
    const windowMs = window === undefined ? undefined : parseDuration(window);
    if (window !== undefined && windowMs === undefined) {
      context.fail(
        '`window` is a duration.',
        [...path, 'limit', 'window'],
        'write milliseconds or e.g. `30s`, `5m`, `1h`, `1d`',
      );
    }
    rule.limit = windowMs === undefined ? { max, per } : { max, per, windowMs };
  }
  if (definition.fallback !== undefined) {
    if (effect === 'allow' && !definition.limit) {
      context.fail(
        `Rule "${id}" allows; a fallback only applies to rules that deny.`,
        [...path, 'fallback'],
        'move the fallback to a deny rule',
        true,
      );
    }
    rule.fallback = buildFallback(definition.fallback, [...path, 'fallback'], context);
  }
  return rule;
}

function condition(raw: unknown, path: KeyPath, context: BuildContext): ConditionNode {
  return buildCondition(raw, path, context, {
    roots: ['args', 'principal', 'run', 'context'],
    templateRoots: ['principal', 'run'],
    depth: 0,
  });
}

function selectedKinds(definition: RuleDefinition, id: string, path: KeyPath, context: BuildContext): Set<ActionKind> {
  const selectsTools = definition.tool !== undefined || definition.readOnly !== undefined;
  if (definition.action === undefined) {
    if (!selectsTools && definition.source === undefined) {
      context.fail(
        `Rule "${id}" does not say which actions it is about.`,
        path,
        'add `tool: name`, `tool: "*"`, `source: mcp:*` or `action: spawn`',
      );
    }
    return new Set(['tool']);
  }
  const kinds = new Set<ActionKind>(typeof definition.action === 'string' ? [definition.action] : definition.action);
  if (selectsTools && !kinds.has('tool')) {
    context.fail(
      `Rule "${id}" selects tools but its action kinds exclude \`tool\`.`,
      [...path, 'action'],
      'add `tool` to `action`, or drop `tool`/`readOnly`',
      true,
    );
  } else if (definition.source !== undefined && !kinds.has('tool') && !kinds.has('model.generate')) {
    context.fail(
      `Rule "${id}" selects by \`source\`, which tools and model calls have, but its action kinds are neither.`,
      [...path, 'action'],
      'add `tool` or `model.generate` to `action`, or drop `source`',
      true,
    );
  }
  return kinds;
}

/** Validates `fallback:` (a word, or `{ respond | halt | substitute, then? }`). */
export function buildFallback(raw: unknown, path: KeyPath, context: BuildContext): FallbackModel {
  if (raw === 'respond' || raw === 'halt' || raw === 'ask') return { kind: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.fail(
      'A fallback is respond, halt, ask, or a map.',
      path,
      'write e.g. `fallback: { respond: "…", then: ask }`',
    );
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (fallbackKeys.includes(key)) continue;
    const guess = suggest(key, fallbackKeys);
    context.fail(
      `Unknown fallback key \`${key}\`.`,
      [...path, key],
      guess ? `did you mean \`${guess}\`?` : `use ${fallbackKeys.join(', ')}`,
      true,
    );
  }
  const chosen = ['respond', 'halt', 'substitute'].filter((key) => record[key] !== undefined);
  if (chosen.length > 1)
    context.fail(`A fallback does one thing; this one says ${chosen.join(' and ')}.`, path, 'keep one of them');
  if (record.then !== undefined && record.then !== 'ask') context.fail('`then` can only be `ask`.', [...path, 'then']);
  if (record.then === 'ask' && (record.halt !== undefined || record.substitute !== undefined)) {
    context.fail('`then: ask` goes with `respond` (the message shown for approval).', [...path, 'then']);
  }
  const message = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === true) return undefined;
    if (typeof value !== 'string') context.fail(`\`${key}\` takes a message.`, [...path, key]);
    return value;
  };
  if (record.then === 'ask') return withMessage({ kind: 'ask' }, message('respond'));
  if (record.halt !== undefined) return withMessage({ kind: 'halt' }, message('halt'));
  if (record.substitute !== undefined) return buildSubstitute(record.substitute, [...path, 'substitute'], context);
  return withMessage({ kind: 'respond' }, message('respond'));
}

function withMessage(fallback: FallbackModel & { kind: 'respond' | 'halt' | 'ask' }, message: string | undefined) {
  if (message !== undefined) fallback.message = message;
  return fallback;
}

function buildSubstitute(raw: unknown, path: KeyPath, context: BuildContext): FallbackModel {
  const record = raw as { tool?: unknown; args?: unknown };
  if (typeof raw !== 'object' || raw === null || typeof record.tool !== 'string' || !record.tool) {
    context.fail(
      '`substitute` takes `{ tool, args }`.',
      path,
      'write e.g. `substitute: { tool: send_email, args: { to: "${args.to}", body: "[redacted]" } }`',
    );
  }
  checkTemplates(record.args, [...path, 'args'], context, 0);
  return { kind: 'substitute', tool: record.tool, args: record.args ?? {} };
}

function checkTemplates(value: unknown, path: KeyPath, context: BuildContext, depth: number): void {
  if (depth > 32) context.fail('Substitute arguments nest too deeply.', path);
  if (isTemplate(value)) {
    const template = parseTemplate(value, ['args', 'principal', 'run']);
    if (typeof template === 'string') context.fail(`Bad template: ${template}.`, path);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkTemplates(item, [...path, index], context, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) checkTemplates(item, [...path, key], context, depth + 1);
  }
}
