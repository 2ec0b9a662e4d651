import { nestingLimit, tooDeepMarker } from '../core/nesting.js';

/**
 * JSON with object keys sorted at every level, so equal values give equal text.
 * Never throws: cycles become `"[Circular]"`, a throwing `toJSON` `"[Unserializable]"`, bigints strings,
 * non-finite numbers `null`, an array or object nested deeper than `nestingLimit` `"[Nested too deep]"` (so the
 * recursion stays that shallow).
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], 0) ?? 'null';
}

/**
 * `path` holds the objects being written, outermost first: a value found in it again is a cycle. `depth`: how many
 * arrays and objects enclose `value`.
 */
function write(value: unknown, path: object[], depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      return value === null ? 'null' : writeObject(value, path, depth);
    default:
      return undefined;
  }
}

function writeObject(value: object, path: object[], depth: number): string {
  // Nesting is shallow in practice, so a scan of the path beats allocating a Set per call.
  if (path.includes(value)) return '"[Circular]"';
  if (depth >= nestingLimit) return JSON.stringify(tooDeepMarker);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = toJSON.call(value);
    } catch {
      return '"[Unserializable]"';
    }
    if (replaced !== value) {
      path.push(value);
      const text = write(replaced, path, depth + 1) ?? 'null'; // a level: a toJSON may return ever new objects
      path.pop();
      return text;
    }
  }
  path.push(value);
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += write(value[i], path, depth + 1) ?? 'null';
    }
    text += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 1) keys.sort();
    text = '{';
    for (const key of keys) {
      const item = write(record[key], path, depth + 1);
      if (item === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${item}`;
    }
    text += '}';
  }
  path.pop();
  return text;
}
