/**
 * The texts a string may hide from a plain reading, decoded the way a model can decode them: base64 runs, hex
 * runs, percent-encoded runs, and the whole string in ROT13 and reversed. `derivedFrom` indexes these beside the
 * text itself, so that a value a model decoded from a labelled result (an injected address in base64, a link
 * in ROT13) still counts as copied from it.
 */
export function hiddenTexts(text: string): string[] {
  if (text.length < minimumHiddenLength) return [];
  const found: string[] = [rot13(text), reverse(text)];
  const add = (view: string) => {
    found.push(view, rot13(view), reverse(view));
  };
  let frontier = [text];
  // Two decoding levels: an encoding of an encoding (`{goal|reverse|base64}`) is still found.
  for (let level = 0; level < 2 && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const view of frontier) {
      for (const decoded of decodeRuns(view)) {
        add(decoded);
        next.push(decoded);
      }
    }
    frontier = next;
  }
  return found;
}

/** Shorter strings cannot hide anything `derivedFrom` would count (it ignores copies under 8 characters). */
const minimumHiddenLength = 8;
const maxViews = 64;

const base64Run = /[A-Za-z0-9+/]{12,}={0,2}/g;
const hexRun = /(?:[0-9a-fA-F]{2}){6,}/g;
const percentRun = /[A-Za-z0-9_.!~*'()-]*(?:%[0-9A-Fa-f]{2}[A-Za-z0-9_.!~*'()-]*)+/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const controls = /[\u0000-\u0008\u000E-\u001F\u007F]/;

function decodeRuns(text: string): string[] {
  const decoded: string[] = [];
  const keep = (value: string | undefined) => {
    if (value && value.length >= 4 && !controls.test(value) && decoded.length < maxViews) decoded.push(value);
  };
  if (text.length >= 16) {
    for (const match of text.matchAll(base64Run)) keep(bytesToText(Buffer.from(match[0], 'base64')));
    for (const match of text.matchAll(hexRun)) keep(bytesToText(Buffer.from(match[0], 'hex')));
  }
  if (text.includes('%')) {
    for (const match of text.matchAll(percentRun)) {
      try {
        keep(decodeURIComponent(match[0]));
      } catch {
        // Not percent-encoding after all.
      }
    }
  }
  return decoded;
}

function bytesToText(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export const rot13 = (text: string): string =>
  text.replace(/[A-Za-z]/g, (letter) => {
    const base = letter <= 'Z' ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + 13) % 26) + base);
  });

const reverse = (text: string): string => [...text].reverse().join('');
