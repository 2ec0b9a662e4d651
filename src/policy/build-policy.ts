import type { z } from 'zod';
import type { BuildContext, KeyPath } from './build-context.js';
import { buildCondition } from './build-condition.js';
import { buildRule } from './build-rule.js';
import type { ActionKind, Effect, LabelSource, PolicyDefinition, RoleDefinition } from './policy-definition.js';
import type { LabelSourceModel, PolicyModel, RoleModel, RuleModel } from './policy-model.js';
import { knownKeys, policySchema } from './policy-schema.js';
import { suggest } from './suggest.js';
import { namePatterns, warnUnknownTools } from './tool-patterns.js';

const defaultDecisions: Record<ActionKind, Effect> = {
  tool: 'deny',
  spawn: 'allow',
  'memory.write': 'allow',
  'model.generate': 'allow',
  plan: 'allow',
};

/** Validates a policy document (parsed YAML or a `definePolicy` object) into a model; throws `PolicyError`. */
export function buildPolicyModel(raw: unknown, context: BuildContext & { declaredLabels: Set<string> }): PolicyModel {
  refuseReservedNames(raw, context);
  const parsed = policySchema.safeParse(raw === null || raw === undefined ? {} : raw);
  if (!parsed.success) reportIssue(parsed.error.issues, raw, context);
  const definition = parsed.data as PolicyDefinition;
  for (const label of Object.keys(definition.labels ?? {})) context.declaredLabels.add(label);
  const defaults = { ...defaultDecisions };
  if (typeof definition.default === 'string') defaults.tool = definition.default;
  else Object.assign(defaults, definition.default);
  return {
    name: definition.name ?? 'policy',
    defaults,
    roles: definition.roles ? buildRoles(definition.roles, context) : undefined,
    labels: buildLabels(definition.labels ?? {}, context),
    taints: buildTaints(definition.taints ?? [], context),
    rules: buildRules(definition, context),
  };
}

/** The schema's maps would drop a role or label named `__proto__` without a word: refused instead. */
function refuseReservedNames(raw: unknown, context: BuildContext): void {
  if (typeof raw !== 'object' || raw === null) return;
  for (const section of ['roles', 'labels'] as const) {
    const map = Object.hasOwn(raw, section) ? (raw as Record<string, unknown>)[section] : undefined;
    if (typeof map === 'object' && map !== null && Object.hasOwn(map, '__proto__')) {
      context.fail('The name "__proto__" is reserved.', [section, '__proto__'], 'choose another name', true);
    }
  }
}

function buildRules(definition: PolicyDefinition, context: BuildContext): RuleModel[] {
  const seen = new Set<string>();
  return (definition.rules ?? []).map((rule, index) => {
    const id = rule.id ?? `rule-${index + 1}`;
    if (seen.has(id))
      context.fail(`Two rules are named "${id}".`, ['rules', index, 'id'], 'give every rule its own id');
    if (id === 'roles' || id === 'task') {
      context.fail(`The rule id "${id}" is reserved for ${id} decisions.`, ['rules', index, 'id'], 'choose another id');
    }
    seen.add(id);
    return buildRule(rule, index, id, context);
  });
}

function buildRoles(roles: Record<string, RoleDefinition>, context: BuildContext): Map<string, RoleModel> {
  const resolved = new Map<string, RoleModel>();
  const resolve = (name: string, trail: string[], at: KeyPath): RoleModel => {
    const done = resolved.get(name);
    if (done) return done;
    // `extends: toString` names no role: only the policy's own keys are roles.
    const role = Object.hasOwn(roles, name) ? roles[name] : undefined;
    if (!role) {
      const guess = suggest(name, Object.keys(roles));
      return context.fail(
        `Role "${name}" is not defined.`,
        at,
        guess ? `did you mean "${guess}"?` : 'define it under `roles:`',
      );
    }
    if (trail.includes(name)) {
      return context.fail(
        `Roles extend each other in a cycle: ${[...trail, name].join(' → ')}.`,
        at,
        'remove one `extends`',
      );
    }
    const own = role.tools ?? [];
    warnUnknownTools(own, ['roles', name, 'tools'], context);
    const parents =
      role.extends === undefined ? [] : namePatterns(role.extends, ['roles', name, 'extends'], context, 'extends');
    const tools = new Set(own);
    for (const parent of parents) {
      for (const tool of resolve(parent, [...trail, name], ['roles', name, 'extends']).tools) tools.add(tool);
    }
    const model = { name, tools: [...tools] };
    resolved.set(name, model);
    return model;
  };
  for (const name of Object.keys(roles)) resolve(name, [], ['roles', name]);
  return resolved;
}

function buildLabels(
  labels: Record<string, readonly LabelSource[]>,
  context: BuildContext,
): Map<string, LabelSourceModel[]> {
  const models = new Map<string, LabelSourceModel[]>();
  for (const [label, sources] of Object.entries(labels)) {
    if (label.startsWith('source:')) {
      context.fail(
        `Label "${label}" is automatic.`,
        ['labels', label],
        'choose a label without the `source:` prefix',
        true,
      );
    }
    models.set(
      label,
      sources.map((source, index) => buildLabelSource(source, ['labels', label, index], context)),
    );
  }
  return models;
}

function buildTaints(taints: readonly string[], context: BuildContext): string[] {
  taints.forEach((label, index) => {
    if (!label.startsWith('source:') && label !== 'untrusted' && !context.declaredLabels.has(label)) {
      const guess = suggest(label, [...context.declaredLabels]);
      context.warn(
        `Label "${label}" in \`taints\` is not declared under \`labels:\`${guess ? ` (did you mean "${guess}"?)` : ''}; only tools that declare it themselves will produce it.`,
        ['taints', index],
      );
    }
  });
  return [...new Set(['untrusted', ...taints])];
}

function buildLabelSource(source: LabelSource, at: KeyPath, context: BuildContext): LabelSourceModel {
  if (typeof source === 'string') {
    warnUnknownTools([source], at, context);
    return { tools: [source] };
  }
  if (source.tool === undefined && source.source === undefined) {
    context.fail('A label source needs `tool` or `source`.', at, 'write e.g. `{ tool: read_email }`');
  }
  const model: LabelSourceModel = {};
  if (source.tool !== undefined) {
    model.tools = namePatterns(source.tool, [...at, 'tool'], context);
    warnUnknownTools(model.tools, [...at, 'tool'], context);
  }
  if (source.source !== undefined) model.sources = namePatterns(source.source, [...at, 'source'], context, 'source');
  if (source.when !== undefined) {
    model.when = buildCondition(source.when, [...at, 'when'], context, {
      roots: ['args', 'principal', 'run', 'context', 'output'],
      templateRoots: ['principal', 'run'],
      depth: 0,
    });
  }
  return model;
}

function reportIssue(issues: readonly z.core.$ZodIssue[], raw: unknown, context: BuildContext): never {
  const issue = issues[0];
  if (!issue) return context.fail('The policy is invalid.', []);
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeysAt(path);
    const guess = suggest(key, known);
    const where = path.length === 0 ? 'top-level key' : 'key';
    return context.fail(
      `Unknown ${where} \`${key}\`.`,
      [...path, key],
      guess ? `did you mean \`${guess}\`?` : `use one of: ${known.join(', ')}`,
      true,
    );
  }
  if (path.length === 0 && (typeof raw !== 'object' || Array.isArray(raw))) {
    return context.fail(
      'A policy is a map with `rules:` (and optionally default, roles, labels).',
      [],
      'start with `version: 1`',
    );
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  return context.fail(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`, path);
}

function knownKeysAt(path: KeyPath): string[] {
  const [first, , third] = path;
  if (path.length === 0) return knownKeys.policy;
  if (first === 'rules') return path.length === 3 && third === 'limit' ? knownKeys.limit : knownKeys.rule;
  if (first === 'roles') return knownKeys.role;
  if (first === 'labels') return knownKeys.labelSource;
  if (first === 'default') return knownKeys.default;
  return [];
}
