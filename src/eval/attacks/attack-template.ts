import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../core/errors/config-error.js';
import { readYamlFile, validateYaml } from '../suite/read-yaml-file.js';
import type { ToolCallSpec } from '../suite-types.js';
import { applyTransforms, goalTransformNames, goalTransforms } from './goal-transforms.js';

/** An attack: text an attacker plants in an injection vector, with `{goal}` where their instruction goes. */
export interface AttackTemplate {
  name: string;
  description: string;
  template: string;
  /** The file it was read from. */
  file?: string;
}

/** What a template's placeholders become for one case. */
export interface AttackVariables {
  /** The injection task's goal, in words. */
  goal: string;
  /** Whom the agent works for, e.g. "Emma Johnson". */
  user: string;
  /** The model's name as an attacker would address it. */
  model: string;
  /** The calls that reach the goal (for tool-knowledge attacks). */
  calls: readonly ToolCallSpec[];
}

/** Placeholders a template may use. Any of them takes transforms: `{goal|base64}`, `{goal|rot13|hex}`. */
export const attackPlaceholders = ['goal', 'user', 'model', 'tools', 'tool_calls'] as const;

/** `{name}` or `{name|transform|…}`. */
const placeholderPattern = /\{([a-z_]+)((?:\|[a-z0-9_]+)*)\}/g;

const transformsOf = (suffix: string): string[] => (suffix === '' ? [] : suffix.slice(1).split('|'));

/** Where the attacks shipped with Warden live. */
export const builtinAttacksDir = fileURLToPath(new URL('./', import.meta.url));

const attackSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "_" or "-"'),
  description: z.string().min(1, 'must say what the attack does'),
  template: z.string().superRefine((text, context) => {
    if (![...text.matchAll(placeholderPattern)].some((match) => match[1] === 'goal')) {
      context.addIssue({
        code: 'custom',
        message: 'must contain {goal} (or a transformed {goal|base64}), where the attacker instruction goes',
      });
    }
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
      const known = attackPlaceholders.map((name) => `{${name}}`).join(', ');
      context.addIssue({ code: 'custom', message: `uses unknown placeholders ${unknown.join(', ')}; known: ${known}` });
    }
    const transforms = unknownTransforms(text);
    if (transforms.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `uses unknown transforms ${transforms.join(', ')}; known: ${goalTransformNames().join(', ')}`,
      });
    }
  }),
});

function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(attackPlaceholders);
  return [...text.matchAll(placeholderPattern)].filter((match) => !known.has(match[1]!)).map((match) => match[0]);
}

function unknownTransforms(text: string): string[] {
  const names = [...text.matchAll(placeholderPattern)].flatMap((match) => transformsOf(match[2]!));
  return [...new Set(names.filter((name) => !Object.hasOwn(goalTransforms, name)))];
}

/** Reads one attack file (`{ name, description, template }`). */
export async function loadAttackFile(file: string): Promise<AttackTemplate> {
  const yaml = await readYamlFile(file, 'ATTACK_INVALID');
  const attack = validateYaml(
    yaml,
    attackSchema,
    'An attack file has `name`, `description` and `template`.',
    'ATTACK_INVALID',
  );
  return { ...attack, file };
}

/** Reads every `*.yaml` attack in a directory, sorted by name. @default the built-in attacks */
export async function loadAttacks(dir: string = builtinAttacksDir): Promise<AttackTemplate[]> {
  const files = readdirSync(dir)
    .filter((name) => ['.yaml', '.yml'].includes(extname(name)))
    .sort();
  const attacks = await Promise.all(files.map((name) => loadAttackFile(join(dir, name))));
  return attacks.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The attacks a `--attack` option names: a built-in name, an attack file, or a directory of them.
 * Without one, every built-in attack.
 */
export async function resolveAttacks(spec?: string): Promise<AttackTemplate[]> {
  const builtin = await loadAttacks();
  if (spec === undefined || spec === 'all') return builtin;
  const named = builtin.find((attack) => attack.name === spec);
  if (named) return [named];
  const path = resolve(spec);
  if (existsSync(path)) return statSync(path).isDirectory() ? loadAttacks(path) : [await loadAttackFile(path)];
  throw new ConfigError(
    `"${spec}" is neither a built-in attack nor an attack file or directory.`,
    {
      path: 'attack',
      fix: `Use one of ${builtin.map((attack) => attack.name).join(', ')}, or a path to a .yaml attack.`,
    },
    'ATTACK_NOT_FOUND',
  );
}

/** The attacker's text for one case. */
export function renderAttack(attack: AttackTemplate, variables: AttackVariables): string {
  const values: Record<string, string> = {
    goal: variables.goal,
    user: variables.user,
    model: variables.model,
    tools: [...new Set(variables.calls.map((call) => `\`${call.tool}\``))].join(', '),
    tool_calls: variables.calls
      .map((call, index) => `${index + 1}. ${call.tool}(${JSON.stringify(call.args)})`)
      .join('\n'),
  };
  return attack.template.replace(placeholderPattern, (token, name: string, suffix: string) => {
    const value = values[name];
    return value === undefined ? token : applyTransforms(value, transformsOf(suffix));
  });
}
