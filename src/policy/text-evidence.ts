// Every Unicode default-ignorable code point (bidi controls, joiners, variation selectors, tag characters…)
// and the C0 controls that are not whitespace: invisible when shown, so they must not hide a copy. Lone surrogates
// too (in a `u` pattern the range matches only unpaired ones): removing what sat between two halves of a pair would
// otherwise join them into a character, e.g. an invisible tag character, after the removal.
const invisible = /[\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000e-\u001f\u007f\ud800-\udfff]/gu;
const unusual = /[^\t\n\r\x20-\x7e]/;
const irregularSpace = /\s\s|[^\S ]|^ | $/;

/**
 * Text as `derivedFrom` compares it: invisible characters removed, Unicode compatibility forms folded
 * (NFKC: full-width letters, ligatures, superscripts), lower case, runs of whitespace as one space.
 */
export function normalizeText(text: string): string {
  let folded = text;
  if (unusual.test(folded)) {
    // Removed before NFKC (so an ignorable cannot block a composition) and after (NFKC can produce some).
    folded = folded.replace(invisible, '').normalize('NFKC').replace(invisible, '');
  }
  folded = folded.toLowerCase();
  return irregularSpace.test(folded) ? folded.replace(/\s+/g, ' ').trim() : folded;
}

/**
 * Visits every string, number (as text) and object key inside a value, at any depth: the walk is
 * iterative (no stack overflow), visits each object once (cycles and shared subtrees are safe) and so
 * does work linear in the value's size.
 */
export function visitLeaves(value: unknown, visit: (text: string, isNumber: boolean) => void): void {
  if (typeof value === 'string') {
    visit(value, false);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    visitScalar(value, visit);
    return;
  }
  const seen = new Set<object>([value]);
  const stack: object[] = [value];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) {
      for (const item of node) push(item, stack, seen, visit);
      continue;
    }
    for (const key of Object.keys(node)) {
      visit(key, false);
      push((node as Record<string, unknown>)[key], stack, seen, visit);
    }
  }
}

function push(item: unknown, stack: object[], seen: Set<object>, visit: (text: string, isNumber: boolean) => void) {
  if (typeof item === 'string') visit(item, false);
  else if (typeof item !== 'object' || item === null) visitScalar(item, visit);
  else if (!seen.has(item)) {
    seen.add(item);
    stack.push(item);
  }
}

function visitScalar(value: unknown, visit: (text: string, isNumber: boolean) => void): void {
  if (typeof value === 'number' && Number.isFinite(value)) visit(String(value), true);
  else if (typeof value === 'bigint') visit(String(value), true);
}
