/** Tests a name against a pattern where `*` is any run of characters and `?` one character. */
export type NameMatcher = (name: string) => boolean;

/** Compiles name patterns once: exact names become a set lookup, globs one anchored regex. */
export function compileNames(patterns: readonly string[]): NameMatcher {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '*') return () => true;
    if (isGlob(pattern)) globs.push(globSource(pattern));
    else exact.add(pattern);
  }
  if (globs.length === 0) return (name) => exact.has(name);
  const regex = new RegExp(`^(?:${globs.join('|')})$`, 's');
  return (name) => exact.has(name) || regex.test(name);
}

/** Whether a pattern uses `*` or `?`. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function globSource(pattern: string): string {
  return pattern
    .split('')
    .map((character) => {
      if (character === '*') return '.*';
      if (character === '?') return '.';
      return character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
}
