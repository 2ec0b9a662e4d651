import { compilePath, missing, type PathRef, type PathRoot, parsePath } from './path.js';
import type { Scope } from './scope.js';
import { Unknown } from './tri.js';

/** A string with `${principal.x}` / `${run.x}` placeholders, resolved per decision. */
export interface Template {
  text: string;
  parts: ReadonlyArray<string | PathRef>;
}

const placeholder = /\$\$\{|\$\{([^}]*)\}/g;

/** Whether a value is a string with a `${…}` placeholder. */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** Parses a template; returns a message when a placeholder is malformed or reads a root not in `roots`. */
export function parseTemplate(text: string, roots: readonly PathRoot[]): Template | string {
  const parts: Array<string | PathRef> = [];
  let last = 0;
  for (const match of text.matchAll(placeholder)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    last = start + match[0].length;
    if (match[0] === '$${') {
      parts.push('${');
      continue;
    }
    const path = parsePath((match[1] ?? '').trim());
    if (typeof path === 'string') return `in "${match[0]}": ${path}`;
    if (!roots.includes(path.root))
      return `"${match[0]}" cannot be resolved here: templates read ${roots.join('.*, ')}.*`;
    parts.push(path);
  }
  if (last < text.length) parts.push(text.slice(last));
  return { text, parts };
}

/**
 * Compiles a template. A lone placeholder yields the value itself (a list stays a list); mixed text yields
 * a string. A placeholder that does not resolve yields `Unknown`.
 */
export function compileTemplate(template: Template): (scope: Scope) => unknown {
  const [only] = template.parts;
  if (template.parts.length === 1 && typeof only === 'object') {
    const read = compilePath(only);
    return (scope) => {
      const value = read(scope);
      return value === missing ? new Unknown(`${template.text} does not resolve`) : value;
    };
  }
  const readers = template.parts.map((part) => (typeof part === 'string' ? part : compilePath(part)));
  return (scope) => {
    let text = '';
    for (const reader of readers) {
      if (typeof reader === 'string') {
        text += reader;
        continue;
      }
      const value = reader(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return new Unknown(`${template.text} does not resolve to text`);
      }
      text += String(value);
    }
    return text;
  };
}
