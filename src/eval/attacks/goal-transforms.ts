/**
 * Transforms an attack template applies to a placeholder: `{goal|base64}`, chained left to right
 * (`{goal|rot13|base64}` is rot13 first, then base64). Each one says how to undo it, so that the simulated
 * compromised model can find a transformed goal in what it reads, as a capable model would decode it.
 */
export interface GoalTransform {
  name: string;
  description: string;
  encode(text: string): string;
  /** Every text `text` may contain in encoded form, decoded (pieces that do not decode are skipped). */
  decodeAll(text: string): string[];
}

const rot13 = (text: string): string =>
  text.replace(/[A-Za-z]/g, (letter) => {
    const base = letter <= 'Z' ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + 13) % 26) + base);
  });

const reverse = (text: string): string => [...text].reverse().join('');

/** Decoded pieces that look like text: no control characters but whitespace, and mostly printable. */
function printable(text: string): boolean {
  if (text.length === 0 || text.includes('\uFFFD')) return false;
  return !/[\u0000-\u0008\u000E-\u001F\u007F]/.test(text);
}

function decodeRuns(text: string, run: RegExp, decode: (piece: string) => string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(run)) {
    try {
      const decoded = decode(match[0]);
      if (printable(decoded)) found.push(decoded);
    } catch {
      // Not an encoding of anything: ordinary text that happens to look like one.
    }
  }
  return found;
}

const fromBase64 = (piece: string): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(piece.replace(/\s+/g, ''), 'base64'));

const fromHex = (piece: string): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(piece.replace(/\s+/g, ''), 'hex'));

/** The transforms templates may use, by name. Add one here (with its decoder) to make it available. */
export const goalTransforms: Readonly<Record<string, GoalTransform>> = {
  base64: {
    name: 'base64',
    description: 'UTF-8 bytes in standard base64',
    encode: (text) => Buffer.from(text, 'utf8').toString('base64'),
    decodeAll: (text) => decodeRuns(text, /[A-Za-z0-9+/]{12,}={0,2}/g, fromBase64),
  },
  hex: {
    name: 'hex',
    description: 'UTF-8 bytes as lowercase hexadecimal',
    encode: (text) => Buffer.from(text, 'utf8').toString('hex'),
    decodeAll: (text) => decodeRuns(text, /(?:[0-9a-fA-F]{2}){6,}/g, fromHex),
  },
  rot13: {
    name: 'rot13',
    description: 'letters rotated by 13 places (its own inverse)',
    encode: rot13,
    decodeAll: (text) => [rot13(text)],
  },
  reverse: {
    name: 'reverse',
    description: 'the characters in reverse order',
    encode: reverse,
    decodeAll: (text) => [reverse(text)],
  },
  url: {
    name: 'url',
    description: 'percent-encoded, as in a URL query (encodeURIComponent)',
    encode: encodeURIComponent,
    decodeAll: (text) =>
      decodeRuns(text, /[A-Za-z0-9_.!~*'()-]*(?:%[0-9A-Fa-f]{2}[A-Za-z0-9_.!~*'()-]*)+/g, decodeURIComponent),
  },
};

/** The names of the transforms, for messages. */
export const goalTransformNames = (): string[] => Object.keys(goalTransforms);

/** Applies `names` in order. Throws a `TypeError` naming an unknown transform (templates are checked on load). */
export function applyTransforms(text: string, names: readonly string[]): string {
  let result = text;
  for (const name of names) {
    const transform = goalTransforms[name];
    if (!transform) throw new TypeError(`Unknown goal transform "${name}"; known: ${goalTransformNames().join(', ')}.`);
    result = transform.encode(result);
  }
  return result;
}

/**
 * `text`, and every text hidden in it by up to `depth` transforms (any order): what a reader able to decode
 * each registered transform could take from it.
 */
export function decodedViews(text: string, depth = 2): string[] {
  const views = [text];
  let frontier = [text];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const view of frontier) {
      for (const transform of Object.values(goalTransforms)) {
        for (const decoded of transform.decodeAll(view)) if (decoded !== view) next.push(decoded);
      }
    }
    views.push(...next);
    frontier = next;
  }
  return views;
}
