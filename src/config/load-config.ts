import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors/config-error.js';
import { yamlToJs } from '../policy/yaml-to-js.js';
import { type WardenConfig, wardenConfigFileSchema } from './config-schema.js';
import { reservedKeyPath } from './reserved-key.js';

/** A loaded config and where it came from (relative paths in it are relative to `dir`). */
export interface LoadedConfig {
  config: WardenConfig;
  file: string;
  dir: string;
}

/** Reads and validates `warden.yaml`. Every error names the file, line, key path and the fix. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Cannot read the config file ${file}.`, {
      file,
      fix: 'create one with `warden init`, or pass --config <file>',
    });
  }
  return { config: parseConfig(text, file, env), file: path, dir: dirname(path) };
}

/** Parses config text: YAML, then `${VAR}` / `${VAR:-default}` interpolation, then the schema. */
export function parseConfig(text: string, file = 'warden.yaml', env: NodeJS.ProcessEnv = process.env): WardenConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    throw new ConfigError(`The YAML is malformed: ${syntax.message.split('\n')[0]}.`, {
      file,
      line: lineCounter.linePos(syntax.pos[0]).line,
      fix: 'check indentation and quoting on that line',
    });
  }
  interpolate(document, lineCounter, file, env);
  const read = yamlToJs(document, lineCounter);
  if (read.problem) {
    const { problem, line, fix } = read.problem;
    throw new ConfigError(problem, { file, ...(line !== undefined && { line }), fix });
  }
  const reserved = reservedKeyPath(read.value);
  if (reserved) {
    throw new ConfigError('The name "__proto__" is reserved.', {
      file,
      line: lineOf(document, lineCounter, reserved),
      path: reserved.join('.'),
      fix: 'choose another name',
    });
  }
  const parsed = wardenConfigFileSchema.safeParse(read.value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  throw new ConfigError(issueProblem(issue), {
    file,
    line: lineOf(document, lineCounter, [
      ...(issue.path as Array<string | number>),
      ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []),
    ]),
    path: path.join('.') || '(root)',
    fix: issueFix(issue),
  });
}

const variable = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function interpolate(document: Document, lineCounter: LineCounter, file: string, env: NodeJS.ProcessEnv): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      node.value = node.value.replace(variable, (_match, name: string, fallback: string | undefined) => {
        // `${constructor}` is no variable: only the environment's own keys are.
        const value = Object.hasOwn(env, name) ? env[name] : undefined;
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        throw new ConfigError(`The environment variable ${name} is not set.`, {
          file,
          line: node.range ? lineCounter.linePos(node.range[0]).line : undefined,
          fix: `set ${name}, or write \${${name}:-default} to give a default`,
        });
      });
    },
  });
}

function lineOf(document: Document, lineCounter: LineCounter, path: Array<string | number>): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

function issueProblem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}.`;
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? 'A required value is missing.'
        : `Wrong type: ${issue.message.replace(/^Invalid input: /, '')}.`;
    default:
      return `${issue.message.replace(/^Invalid input: /, '')}.`;
  }
}

function issueFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'remove it or fix its spelling (see the commented example that `warden init` writes)';
    case 'invalid_type':
      return `give a value of type ${issue.expected}`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return 'see the commented example that `warden init` writes';
  }
}
