/**
 * The key path of the first `__proto__` key in a parsed document, if it has one. The schema's maps would drop
 * such a key without a word (an agent or MCP server named `__proto__` would vanish), so it is refused instead.
 */
export function reservedKeyPath(value: unknown): Array<string | number> | undefined {
  const seen = new Set<object>();
  const pending: Array<{ node: unknown; at: Array<string | number> }> = [{ node: value, at: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, at } = next;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) return [...at, '__proto__'];
    for (const [key, item] of Object.entries(node)) {
      pending.push({ node: item, at: [...at, Array.isArray(node) ? Number(key) : key] });
    }
  }
  return undefined;
}
