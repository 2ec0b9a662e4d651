const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const nonAscii = /[^\x00-\x7f]/;

/** Case, width and whitespace folded, so copies match despite cosmetic changes. */
export function normalizeText(text: string): string {
  const folded = (nonAscii.test(text) ? text.normalize('NFKC').replace(invisible, '') : text).toLowerCase();
  return irregularSpace.test(folded) ? folded.replace(/\s+/g, ' ').trim() : folded;
}

const irregularSpace = /\s\s|[^\S ]|^ | $/;

/** Visits every string (and number, as text) inside a value; safe on cycles and deep nesting. */
export function visitLeaves(value: unknown, visit: (text: string, isNumber: boolean) => void): void {
  walk(value, visit, 0, new Set());
}

function walk(value: unknown, visit: (text: string, isNumber: boolean) => void, depth: number, seen: Set<object>) {
  if (typeof value === 'string') return visit(value, false);
  if (typeof value === 'number') return Number.isFinite(value) ? visit(String(value), true) : undefined;
  if (typeof value !== 'object' || value === null || depth > 64 || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit, depth + 1, seen);
  } else {
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], visit, depth + 1, seen);
  }
}

const email = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const url = /\b(?:https?|ftp):\/\/[^\s<>"'`\u0000]+/g;
const path = /(?:^|[\s"'(=:,[])((?:~|\.{1,2})?\/[\w.@%+-]+(?:\/[\w.@%+-]+)+\/?)/g;
const iban = /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b/g;
const account = /(?<![\w.])\d(?:[ -]?\d){7,}(?![\w])/g;
const trailingPunctuation = /[.,;:!?)\]}'"]+$/;

/** Entities inside normalized text: emails, URLs and paths as text; IBANs and account-like numbers compacted. */
export function extractEntities(text: string, needles: string[], compact: string[]): void {
  if (text.includes('@')) for (const match of text.matchAll(email)) needles.push(match[0]);
  if (text.includes('://')) {
    for (const match of text.matchAll(url)) needles.push(match[0].replace(trailingPunctuation, ''));
  }
  if (text.includes('/')) for (const match of text.matchAll(path)) if (match[1]) needles.push(match[1]);
  if (/\d{2}/.test(text)) {
    for (const match of text.matchAll(iban)) {
      const value = match[0].replaceAll(' ', '');
      if (value.length >= 15 && value.length <= 34) compact.push(value);
    }
    for (const match of text.matchAll(account)) compact.push(match[0].replace(/[ -]/g, ''));
  }
}
