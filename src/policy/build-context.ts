import type { PathRoot } from './path.js';
import type { PolicyWarning } from './policy-definition.js';
import { PolicyError } from './policy-error.js';

/** A key path into the policy document, e.g. `['rules', 2, 'allow', 'args.to']`. */
export type KeyPath = ReadonlyArray<string | number>;

/** Where a key path is in the source (1-based line), when the policy came from text. */
export type Locate = (path: KeyPath, key?: boolean) => number | undefined;

/** What validating a policy needs: where to report errors and warnings. */
export interface BuildContext {
  readonly file: string | undefined;
  /** The tools that exist, when the caller knows them: rules naming none of them are warned about. */
  readonly tools: readonly string[] | undefined;
  /** Labels the `labels:` section declares. */
  readonly declaredLabels: ReadonlySet<string>;
  readonly warnings: PolicyWarning[];
  fail(problem: string, path: KeyPath, fix?: string, key?: boolean): never;
  warn(message: string, path: KeyPath, ruleId?: string): void;
}

/** A build context that throws `PolicyError` (with the line, when `locate` knows it) and collects warnings. */
export function createBuildContext(options: {
  file?: string;
  tools?: readonly string[];
  locate?: Locate;
  declaredLabels?: ReadonlySet<string>;
}): BuildContext {
  const { file, tools, locate } = options;
  const warnings: PolicyWarning[] = [];
  return {
    file,
    tools,
    declaredLabels: options.declaredLabels ?? new Set(),
    warnings,
    fail(problem, path, fix, key) {
      throw new PolicyError(problem, { file, line: locate?.(path, key), path: formatKeyPath(path), fix });
    },
    warn(message, path, ruleId) {
      const warning: PolicyWarning = { message, path: formatKeyPath(path) };
      const line = locate?.(path);
      if (file) warning.file = file;
      if (line) warning.line = line;
      if (ruleId) warning.ruleId = ruleId;
      warnings.push(warning);
    },
  };
}

/** `rules[2].allow.args.to` */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text || '(root)';
}

/** Describes a value's type for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/** Where a condition block sits: which roots it may read. */
export interface ConditionBuildOptions {
  /** Roots paths may start with (label rules add `output`). */
  roots: readonly PathRoot[];
  /** Roots templates may read. */
  templateRoots: readonly PathRoot[];
  depth: number;
}
