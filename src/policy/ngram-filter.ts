/** Length of the character n-grams the filter indexes: the shortest string `derivedFrom` copies. */
export const gramLength = 8;

/** Haystacks longer than this are searched directly: their gram sets would cost more memory than they save. */
export const maxFilteredLength = 4_000_000;

const maxProbes = 16;

/** Adds the hash of every `gramLength`-character window of `text` to `grams`. */
export function addGrams(grams: Set<number>, text: string): void {
  for (let start = 0; start + gramLength <= text.length; start++) grams.add(gramHash(text, start));
}

/**
 * Whether `needle` may occur in the text the grams came from: false means it certainly does not
 * (one of its windows is absent); true means search the text to be sure.
 */
export function mayContain(grams: ReadonlySet<number>, needle: string): boolean {
  const last = needle.length - gramLength;
  if (last < 0) return true;
  const step = Math.max(1, Math.floor(last / (maxProbes - 1)));
  for (let start = 0; start < last; start += step) if (!grams.has(gramHash(needle, start))) return false;
  return grams.has(gramHash(needle, last));
}

function gramHash(text: string, start: number): number {
  let hash = 0x811c9dc5;
  for (let offset = start; offset < start + gramLength; offset++) {
    hash = Math.imul(hash ^ text.charCodeAt(offset), 0x01000193);
  }
  return hash | 0;
}
