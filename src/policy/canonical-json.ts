/**
 * JSON with object keys sorted at every level, so equal values give equal text.
 * Never throws: cycles become `"[Circular]"`, a throwing `toJSON` `"[Unserializable]"`, bigints strings,
 * non-finite numbers `null`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []) ?? 'null';
}

/** `path` holds the objects being written, outermost first: a value found in it again is a cycle. */
function write(value: unknown, path: object[]): string | undefined {
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
      return value === null ? 'null' : writeObject(value, path);
    default:
      return undefined;
  }
}

function writeObject(value: object, path: object[]): string {
  // Nesting is shallow in practice, so a scan of the path beats allocating a Set per call.
  if (path.includes(value)) return '"[Circular]"';
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
      const text = write(replaced, path) ?? 'null';
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
      text += write(value[i], path) ?? 'null';
    }
    text += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 1) keys.sort();
    text = '{';
    for (const key of keys) {
      const item = write(record[key], path);
      if (item === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${item}`;
    }
    text += '}';
  }
  path.pop();
  return text;
}
