import type { BuildContext, KeyPath } from './build-context.js';
import { typeName } from './build-context.js';
import { compileNames, isGlob } from './glob.js';
import { suggest } from './suggest.js';

/** Validates `tool:`-like values (a name/glob or a list of them). */
export function namePatterns(raw: unknown, at: KeyPath, context: BuildContext, what = 'tool'): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item)) {
    context.fail(`\`${what}\` takes a name or a list of names, not ${typeName(raw)}.`, at, `write \`${what}: read_*\``);
  }
  return list;
}

/** Warns about tool patterns that match no tool, when the caller said which tools exist. */
export function warnUnknownTools(patterns: readonly string[], at: KeyPath, context: BuildContext, ruleId?: string) {
  const tools = context.tools;
  if (!tools) return;
  for (const pattern of patterns) {
    if (tools.some(compileNames([pattern]))) continue;
    const guess = isGlob(pattern) ? undefined : suggest(pattern, tools);
    context.warn(
      `\`${pattern}\` matches no tool that exists${guess ? ` (did you mean \`${guess}\`?)` : ''}.`,
      at,
      ruleId,
    );
  }
}
