import { printable } from './errors/warden-error.js';
import { isStackOverflow, nestingDepthExceeds, nestingLimit } from './nesting.js';

/**
 * A copy of `value` that `JSON.stringify` always encodes, for the rare value that has no JSON form: a BigInt
 * becomes its digits as a string, a cycle, a throwing getter or `toJSON` and anything nested deeper than
 * `nestingLimit` levels become a `"[…]"` string saying which; what JSON drops anyway (functions, symbols) is
 * dropped. Slow and thorough: the journal's last resort for an event a store refused, never the hot path.
 */
export function jsonSafe(value: unknown): unknown {
  return copy(value, new Set(), 0);
}

function copy(value: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (ancestors.has(value)) return '[cycle]';
  if (depth >= nestingLimit) return '[nested too deep]';
  let source: unknown = value;
  try {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') source = toJSON.call(value);
  } catch (error) {
    return `[toJSON threw: ${printable(error)}]`;
  }
  if (typeof source !== 'object' || source === null) return copy(source, ancestors, depth + 1);
  ancestors.add(value);
  try {
    if (Array.isArray(source)) return source.map((item) => copy(item, ancestors, depth + 1) ?? null);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      let field: unknown;
      try {
        field = (source as Record<string, unknown>)[key];
      } catch (error) {
        field = `[unreadable: ${printable(error)}]`;
      }
      const copied = copy(field, ancestors, depth + 1);
      if (copied !== undefined) out[key] = copied;
    }
    return out;
  } catch (error) {
    return `[unreadable: ${printable(error)}]`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A value as the run log holds it (a tool's output: the model, the policy and a resumed run then see the same value):
 * its JSON form (a Date becomes its string, a Map `{}`, `NaN` null, a function inside an object disappears), or
 * why it has none (a BigInt, a cycle, a throwing `toJSON` or getter, a function or symbol as the whole output,
 * arrays and objects nested deeper than `nestingLimit` levels, which the kernel's hashing and the policy's
 * matching do not take). `undefined` stays: the tool returned nothing. A string, boolean or finite number is its
 * own JSON form.
 */
export function asJson(value: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return { ok: true, value };
    case 'number':
      return { ok: true, value: Number.isFinite(value) ? value : null };
    case 'bigint':
    case 'symbol':
    case 'function':
      return { ok: false, problem: `a ${typeof value} has no JSON form` };
  }
  if (value === null) return { ok: true, value };
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { ok: false, problem: isStackOverflow(error) ? tooDeep : printable(error) };
  }
  if (text === undefined) return { ok: true, value: undefined };
  const parsed: unknown = JSON.parse(text);
  // The parsed form is plain JSON (no toJSON, getters or cycles left), so its depth is what the log would hold.
  return nestingDepthExceeds(parsed, nestingLimit) ? { ok: false, problem: tooDeep } : { ok: true, value: parsed };
}

const tooDeep = `it nests arrays and objects deeper than ${nestingLimit} levels`;
