import type { SuiteState } from '../suite-types.js';
import { injectionPlaceholder } from './suite-manifest.js';

/**
 * A fresh copy of a suite's environment with every `{{injection:<id>}}` placeholder replaced:
 * by `injections[id]` when given, else by the vector's default, else by the empty string.
 * The template is never changed, so every case starts from the same world.
 */
export function instantiateEnvironment(
  template: SuiteState,
  injections: Readonly<Record<string, string>> = {},
  defaults: Readonly<Record<string, string | undefined>> = {},
): SuiteState {
  const replace = (text: string): string =>
    text.replace(injectionPlaceholder, (_match, id: string) => injections[id] ?? defaults[id] ?? '');
  return cloneWith(template, replace) as SuiteState;
}

/** Every vector id that has a placeholder somewhere in the environment, in order of first appearance. */
export function findInjectionPlaceholders(template: unknown): string[] {
  const found = new Set<string>();
  cloneWith(template, (text) => {
    for (const match of text.matchAll(injectionPlaceholder)) found.add(match[1]!);
    return text;
  });
  return [...found];
}

function cloneWith(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => cloneWith(item, replace));
  if (value instanceof Date) return new Date(value.getTime());
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cloneWith(item, replace);
    return copy;
  }
  return value;
}
