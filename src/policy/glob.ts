/** Tests a name against a pattern where `*` is any run of characters and `?` one character. */
export type NameMatcher = (name: string) => boolean;

/**
 * Compiles name patterns once: exact names become a set lookup, globs a wildcard matcher. Names may come from
 * a model or an MCP server, so globs are never regexes: the matcher takes at most `pattern × name` steps,
 * however many stars the pattern has.
 */
export function compileNames(patterns: readonly string[]): NameMatcher {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '*') return () => true;
    if (isGlob(pattern)) globs.push(pattern);
    else exact.add(pattern);
  }
  if (globs.length === 0) return (name) => exact.has(name);
  return (name) => exact.has(name) || globs.some((glob) => matchesGlob(glob, name));
}

/** Whether a pattern uses `*` or `?`. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Whether `name` matches the whole glob: `*` is any run of characters (newlines too, or none), `?` exactly one
 * UTF-16 code unit, and every other character itself. Two pointers; on a mismatch the last `*` takes one more
 * character, so no earlier star is ever revisited.
 */
export function matchesGlob(pattern: string, name: string): boolean {
  let at = 0;
  let position = 0;
  let star = -1;
  let starredUpTo = 0;
  while (position < name.length) {
    const character = pattern[at];
    if (character === '*') {
      star = at++;
      starredUpTo = position;
    } else if (at < pattern.length && (character === '?' || character === name[position])) {
      at++;
      position++;
    } else if (star !== -1) {
      at = star + 1;
      position = ++starredUpTo;
    } else {
      return false;
    }
  }
  while (pattern[at] === '*') at++;
  return at === pattern.length;
}
