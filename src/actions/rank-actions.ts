import type { SavedAction } from './action-store.js';

const stopWords = new Set(
  'a an and are as at be by for from has have how i in is it its of on or that the this to was were what when which with you your please can do me my'.split(
    ' ',
  ),
);

/** Lower-case words of 2+ characters, with camelCase and snake_case split: `getPrice_total` → get, price, total. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2 && !stopWords.has(word));
}

/** Two words match when equal, or when the shorter (4+ characters) starts the longer: price ~ prices. */
function matches(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

/**
 * Ranks saved functions by lexical relevance to a query, best first, dropping those with no word in common.
 * Each distinct query word found in a function scores its inverse document frequency (`ln(1 + N / df)`, rarer
 * words count more) times the field's weight: name 3, signature 2, docstring 1 (the best field counts). A
 * function that succeeded more often wins ties: the score is multiplied by `1 + 0.1 × successes / (uses + 1)`.
 */
export function rankActions(actions: readonly SavedAction[], query: string, limit: number): SavedAction[] {
  const queryWords = [...new Set(tokens(query))];
  if (queryWords.length === 0) return [];
  const fields = actions.map((action) => ({
    action,
    name: tokens(action.name),
    signature: tokens(action.signature),
    docstring: tokens(action.docstring),
  }));
  const has = (words: string[], word: string) => words.some((candidate) => matches(candidate, word));
  const df = new Map(
    queryWords.map((word) => [
      word,
      fields.filter((f) => has(f.name, word) || has(f.signature, word) || has(f.docstring, word)).length,
    ]),
  );
  const scored = fields.map((f) => {
    let score = 0;
    for (const word of queryWords) {
      const weight = has(f.name, word) ? 3 : has(f.signature, word) ? 2 : has(f.docstring, word) ? 1 : 0;
      if (weight > 0) score += weight * Math.log(1 + actions.length / df.get(word)!);
    }
    const { uses, successes } = f.action;
    return { action: f.action, score: score * (1 + (0.1 * successes) / (uses + 1)) };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.action.name.localeCompare(b.action.name))
    .slice(0, Math.max(0, limit))
    .map((entry) => entry.action);
}
