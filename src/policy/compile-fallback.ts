import type { Fallback } from './policy.js';
import type { FallbackModel } from './policy-model.js';
import type { Scope } from './scope.js';
import { compileTemplate, isTemplate, parseTemplate } from './template.js';
import { Unknown } from './tri.js';

/** Builds the fallback of a denial; `reason` fills in a missing message. */
export type FallbackFactory = (scope: Scope, reason: string) => Fallback;

/** Compiles a rule's fallback (or the default: respond with the reason). */
export function compileFallback(model: FallbackModel | undefined): FallbackFactory {
  if (!model) return (_scope, reason) => ({ kind: 'respond', message: reason });
  switch (model.kind) {
    case 'respond':
    case 'halt':
    case 'ask': {
      const { kind, message } = model;
      return (_scope, reason) => ({ kind, message: message ?? reason });
    }
    case 'substitute': {
      const { tool } = model;
      const resolve = compileArgs(model.args);
      return (scope, reason) => {
        const args = resolve(scope);
        return args instanceof Unknown
          ? { kind: 'respond', message: `${reason} (no substitute: ${args.why})` }
          : { kind: 'substitute', tool, args };
      };
    }
  }
}

type Resolver = (scope: Scope) => unknown;

function compileArgs(value: unknown): Resolver {
  if (isTemplate(value)) {
    const template = parseTemplate(value, ['args', 'principal', 'run']);
    if (typeof template === 'string') return () => new Unknown(template);
    return compileTemplate(template);
  }
  if (Array.isArray(value)) {
    const items = value.map(compileArgs);
    return (scope) => {
      const result: unknown[] = [];
      for (const item of items) {
        const resolved = item(scope);
        if (resolved instanceof Unknown) return resolved;
        result.push(resolved);
      }
      return result;
    };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, compileArgs(item)] as const);
    return (scope) => {
      const result: Record<string, unknown> = {};
      for (const [key, item] of entries) {
        const resolved = item(scope);
        if (resolved instanceof Unknown) return resolved;
        result[key] = resolved;
      }
      return result;
    };
  }
  return () => value;
}
