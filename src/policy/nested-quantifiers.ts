/** One open group while scanning a pattern: whether its body so far can match a varying number of times. */
interface GroupFrame {
  varies: boolean;
}

/** A quantifier at the start of some text, and whether it lets its atom repeat or vary. */
interface Quantifier {
  length: number;
  /** More than one repetition is possible: `*`, `+`, `{m,n}` with n > 1, `{m}` with m > 1. */
  repeats: boolean;
  /** The number of repetitions is not fixed: `*`, `+`, `?`, `{m,n}` with m < n, `{m,}`. */
  varies: boolean;
}

const braces = /^\{(\d+)(,(\d*))?\}/;

/**
 * Whether a regular expression has a repeated group whose body holds a quantifier that varies, such as
 * `(a+)+`, `((a+))*`, `(?:x*,){12}`, `(a{1,30})+` or `(a?){25}`: the shapes that backtrack exponentially on
 * input that almost matches. A structural check, not a proof: it reads group nesting and quantifiers
 * (`*`, `+`, `?`, `{m,n}`), skipping escapes and character classes; alternation (`(a|a)+`) is not examined.
 * @example
 * nestsQuantifiers('(a+)+$'); // true
 * nestsQuantifiers('^(?:https?://)?[a-z]+$'); // false: the `?` group never repeats
 */
export function nestsQuantifiers(pattern: string): boolean {
  const open: GroupFrame[] = [{ varies: false }];
  let position = 0;
  const mark = (varies: boolean) => {
    const frame = open[open.length - 1];
    if (frame && varies) frame.varies = true;
  };
  while (position < pattern.length) {
    const character = pattern[position];
    if (character === '\\') {
      position = afterEscape(pattern, position);
    } else if (character === '[') {
      position = afterClass(pattern, position);
    } else if (character === '(') {
      open.push({ varies: false });
      position = afterGroupPrefix(pattern, position + 1);
      continue;
    } else if (character === ')' && open.length > 1) {
      const body = open.pop() as GroupFrame;
      const quantifier = quantifierAt(pattern, position + 1);
      if (quantifier?.repeats && body.varies) return true;
      mark(body.varies || quantifier?.varies === true);
      position += 1 + (quantifier ? quantifier.length : 0);
      continue;
    } else {
      position++;
    }
    const quantifier = quantifierAt(pattern, position);
    if (quantifier) {
      mark(quantifier.varies);
      position += quantifier.length;
    }
  }
  return false;
}

function quantifierAt(pattern: string, position: number): Quantifier | undefined {
  const character = pattern[position];
  const lazy = (length: number) => (pattern[position + length] === '?' ? length + 1 : length);
  if (character === '*' || character === '+') return { length: lazy(1), repeats: true, varies: true };
  if (character === '?') return { length: lazy(1), repeats: false, varies: true };
  if (character !== '{') return undefined;
  const counted = braces.exec(pattern.slice(position, position + 40));
  if (!counted) return undefined;
  const min = Number(counted[1]);
  const max = counted[2] === undefined ? min : counted[3] === '' ? Number.POSITIVE_INFINITY : Number(counted[3]);
  return { length: lazy(counted[0].length), repeats: max > 1, varies: max > min };
}

/** `\d`, `\.`, and the braced escapes `\u{…}`, `\p{…}`, `\P{…}`, whose braces are no quantifier. */
function afterEscape(pattern: string, position: number): number {
  const letter = pattern[position + 1];
  if ((letter === 'u' || letter === 'p' || letter === 'P') && pattern[position + 2] === '{') {
    const close = pattern.indexOf('}', position + 3);
    if (close !== -1) return close + 1;
  }
  return position + 2;
}

/** Past a `[…]` class: quantifier characters inside it are literal. */
function afterClass(pattern: string, position: number): number {
  let index = position + 1;
  if (pattern[index] === ']') index++;
  while (index < pattern.length && pattern[index] !== ']') index += pattern[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Past `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>` at a group's start: that `?` is no quantifier. */
function afterGroupPrefix(pattern: string, position: number): number {
  if (pattern[position] !== '?') return position;
  const next = pattern[position + 1];
  if (next === '<' && pattern[position + 2] !== '=' && pattern[position + 2] !== '!') {
    const close = pattern.indexOf('>', position + 2);
    return close === -1 ? position + 2 : close + 1;
  }
  return next === '<' ? position + 3 : position + 2;
}

/** The `pattern`s and `patternProperties` keys of a JSON Schema, with their key paths inside it. */
export function schemaPatterns(schema: unknown): Array<{ pattern: string; at: Array<string | number> }> {
  const found: Array<{ pattern: string; at: Array<string | number> }> = [];
  const seen = new Set<object>();
  const pending: Array<{ node: unknown; at: Array<string | number> }> = [{ node: schema, at: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, at } = next;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      // Values of these keywords are data, not schemas: a `pattern` key there is no regex.
      if (!Array.isArray(node) && (key === 'const' || key === 'enum' || key === 'default' || key === 'examples')) {
        continue;
      }
      const path = [...at, Array.isArray(node) ? Number(key) : key];
      if (key === 'pattern' && typeof value === 'string' && !Array.isArray(node))
        found.push({ pattern: value, at: path });
      if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
        for (const property of Object.keys(value)) found.push({ pattern: property, at: [...path, property] });
      }
      pending.push({ node: value, at: path });
    }
  }
  return found;
}
