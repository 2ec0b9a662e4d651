const maxLength = 64;

/**
 * Turns MCP tool names into names every model provider accepts (`^[A-Za-z0-9_-]{1,64}$`),
 * in order: invalid characters become `_`, long names are cut, and clashes get `_2`, `_3`, ….
 * @example toolNames(['read.file', 'read_file'], 'fs_') // ['fs_read_file', 'fs_read_file_2']
 */
export function toolNames(originals: readonly string[], prefix = ''): string[] {
  const taken = new Set<string>();
  return originals.map((original) => {
    const base = sanitize(`${prefix}${original}`);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) {
      const suffix = `_${n}`;
      name = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    }
    taken.add(name);
    return name;
  });
}

function sanitize(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, maxLength);
  return clean || 'tool';
}
