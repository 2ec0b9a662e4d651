/**
 * Text reduced to lowercase words separated by single spaces, so that a goal is found
 * whatever quoting, JSON escaping (`\n`), line breaks or delimiters surround it.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\\[nrtbf]/g, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
