/** The shortest span `derivedFrom` looks for inside a longer string. */
export const minimumSpanLength = 8;

// A coarse span ends at whitespace, quotes, brackets and list punctuation; a fine one also at the
// separators of keys, queries and paths (`KEY=`, `token:`, `?d=`, `/`), so `a/b=c` yields `a/b=c`, `a`, `b`, `c`.
const coarseSeparators = /[\s"'`()[\]{}<>,;|\u0000]+/;
const fineSeparators = /[\s"'`()[\]{}<>,;|\u0000:=&?#/\\@!*^]+/;
const edgePunctuation = /^[.\-_~+%$]+|[.\-_~+%$]+$/g;
const letter = /\p{L}/u;
const digit = /\d/;
const digits8 = /\d{8}/;

/**
 * Whether a span is distinctive enough that finding it inside another string means it was copied: it mixes
 * letters and digits (`sk-live-4f9a…`, `Tr0ub4dor`), has 8+ digits in a row, or is 24+ characters long. Plain words
 * (`tomorrow`, `quarterly`) are not: they occur in unrelated text all the time.
 */
export function isDistinctiveSpan(span: string): boolean {
  if (span.length < minimumSpanLength) return false;
  if (span.length >= 24) return true;
  return (digit.test(span) && letter.test(span)) || digits8.test(span);
}

/** The distinctive spans of normalized text: its whitespace-free runs, whole and split at separators. */
export function spansOf(text: string, add: (span: string) => void): void {
  for (const coarse of text.split(coarseSeparators)) {
    if (coarse.length < minimumSpanLength) continue;
    const trimmed = coarse.replace(edgePunctuation, '');
    if (isDistinctiveSpan(trimmed)) add(trimmed);
    if (!fineSeparators.test(trimmed)) continue;
    for (const fine of trimmed.split(fineSeparators)) {
      const part = fine.replace(edgePunctuation, '');
      if (part !== trimmed && isDistinctiveSpan(part)) add(part);
    }
  }
}

const bitmapBits = 18;
const base = 0x01000193;
// base^(minimumSpanLength - 1) mod 2^32, to roll the oldest character out of the window.
const outFactor = (() => {
  let factor = 1;
  for (let step = 1; step < minimumSpanLength; step++) factor = Math.imul(factor, base);
  return factor;
})();

function slot(hash: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - bitmapBits);
}

/**
 * Labelled spans, found inside any text in one pass: each span is keyed by a rolling hash of its first
 * `minimumSpanLength` characters, so a scan costs a few operations per character of the searched text,
 * and a bitmap rules out almost every position before a lookup.
 */
export class SpanIndex {
  readonly #bitmap = new Uint32Array(1 << (bitmapBits - 5));
  readonly #spans = new Map<number, string[]>();
  readonly #known = new Set<string>();

  get size(): number {
    return this.#known.size;
  }

  add(span: string): void {
    if (span.length < minimumSpanLength || this.#known.has(span)) return;
    this.#known.add(span);
    let hash = 0;
    for (let offset = 0; offset < minimumSpanLength; offset++) hash = Math.imul(hash, base) + span.charCodeAt(offset);
    hash |= 0;
    const position = slot(hash);
    this.#bitmap[position >>> 5] = (this.#bitmap[position >>> 5] ?? 0) | (1 << (position & 31));
    const list = this.#spans.get(hash);
    if (list) list.push(span);
    else this.#spans.set(hash, [span]);
  }

  /** The first labelled span that occurs in `text`, if any. */
  findIn(text: string): string | undefined {
    if (this.#known.size === 0 || text.length < minimumSpanLength) return undefined;
    const bitmap = this.#bitmap;
    let hash = 0;
    for (let offset = 0; offset < minimumSpanLength; offset++) hash = Math.imul(hash, base) + text.charCodeAt(offset);
    hash |= 0;
    for (let start = 0; ; start++) {
      const position = slot(hash);
      if (((bitmap[position >>> 5] ?? 0) & (1 << (position & 31))) !== 0) {
        const found = this.#verify(hash, text, start);
        if (found) return found;
      }
      const next = start + minimumSpanLength;
      if (next >= text.length) return undefined;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(start), outFactor), base) + text.charCodeAt(next)) | 0;
    }
  }

  #verify(hash: number, text: string, start: number): string | undefined {
    const list = this.#spans.get(hash);
    if (list) for (const span of list) if (text.startsWith(span, start)) return span;
    return undefined;
  }
}
