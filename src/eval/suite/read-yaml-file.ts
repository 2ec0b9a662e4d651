import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../core/errors/config-error.js';
import { yamlToJs } from '../../policy/yaml-to-js.js';

/** A parsed YAML file, able to say on which line a value sits. */
export interface YamlFile {
  file: string;
  text: string;
  value: unknown;
  /** The 1-based line of the value at `path`, or of its nearest parent that exists. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
  /** The 1-based line of the key `key` in the mapping at `path`. */
  keyLineOf(path: ReadonlyArray<string | number>, key: string): number | undefined;
}

/** Reads and parses a YAML file; a missing file or a syntax error becomes a `ConfigError` naming the file and line. */
export async function readYamlFile(file: string, code = 'SUITE_INVALID'): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(
      missing ? 'The file does not exist.' : `The file cannot be read: ${(error as Error).message}`,
      { file, fix: missing ? 'Create it, or point the suite manifest at the right file.' : 'Check its permissions.' },
      code,
    );
  }
  return parseYamlText(text, file, code);
}

/** Parses YAML text that came from `file` (used in messages only). */
export function parseYamlText(text: string, file: string, code = 'SUITE_INVALID'): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const first = document.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new ConfigError(
      `YAML syntax error: ${first.message.split('\n')[0]}`,
      { file, ...(line !== undefined && { line }), fix: 'Correct the YAML syntax (indentation, quotes, colons).' },
      code,
    );
  }
  const converted = yamlToJs(document, lineCounter);
  if (converted.problem) {
    const { problem, line, fix } = converted.problem;
    throw new ConfigError(
      problem,
      { file, ...(line !== undefined && { line }), fix: `${fix[0]!.toUpperCase()}${fix.slice(1)}.` },
      code,
    );
  }
  return {
    file,
    text,
    value: converted.value,
    lineOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const node = document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
    keyLineOf(path, key) {
      const parent = path.length === 0 ? document.contents : document.getIn(path, true);
      if (!isMap(parent)) return this.lineOf(path);
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      const node = pair && isNode(pair.key) ? pair.key : undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : this.lineOf(path);
    },
  };
}

/** Validates a parsed YAML file with a zod schema; the first issue becomes a `ConfigError` with file, line and key path. */
export function validateYaml<T>(yaml: YamlFile, schema: z.ZodType<T>, fix: string, code = 'SUITE_INVALID'): T {
  const result = schema.safeParse(yaml.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  // An unknown key is reported on its parent: point at the key itself, not at the line its mapping starts on.
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const line = unknownKey === undefined ? yaml.lineOf(path) : yaml.keyLineOf(path, unknownKey);
  const problem = issue.message.replace(
    /^Invalid input: expected (\w+), received undefined$/,
    'A required $1 is missing.',
  );
  throw new ConfigError(
    problem,
    {
      file: yaml.file,
      ...(line !== undefined && { line }),
      ...((path.length > 0 || unknownKey !== undefined) && {
        path: [...path, ...(unknownKey === undefined ? [] : [unknownKey])].join('.'),
      }),
      fix,
    },
    code,
  );
}
