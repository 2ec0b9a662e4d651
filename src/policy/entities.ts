/** Addresses, links and numbers found in normalized text, in the forms `derivedFrom` compares. */
export interface Entities {
  /** Emails, URLs and file paths as written (for a plain text search). */
  needles: string[];
  /** Emails, canonical: lower case, without a `+tag` in the local part. */
  emails: string[];
  /** Web addresses, canonical: host (with a non-default port) and path, without scheme, query or fragment. */
  urls: UrlKey[];
  /** IBANs and account-like numbers, without spaces and dashes. */
  compact: string[];
}

/** A web address reduced to what identifies its destination. */
export interface UrlKey {
  host: string;
  /** `/a/b` (dot segments resolved, unreserved %-escapes decoded, no trailing slash); `''` for the root. */
  path: string;
}

/** A fresh, empty collection of entities. */
export function noEntities(): Entities {
  return { needles: [], emails: [], urls: [], compact: [] };
}

const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const url = /[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`\u0000]+/g;
// A host without a scheme counts only when a path follows (`evil.example/collect`): plain `notes.txt` is not a host.
const bareHost = /(?<![\p{L}\p{N}@._%+/:-])((?:[\p{L}\p{N}-]+\.)+\p{L}{2,}\.?(?::\d{1,5})?)([/\\][^\s<>"'`\u0000]*)/gu;
const path = /(?:^|[\s"'(=:,[])((?:~|\.{1,2})?\/[\w.@%+-]+(?:\/[\w.@%+-]+)+\/?)/g;
const iban = /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b/g;
const account = /(?<![\w.])\d(?:[ -]?\d){7,}(?![\w])/g;
const trailingPunctuation = /[.,;:!?)\]}'"]+$/;

/** Adds the entities inside normalized `text` to `out`. */
export function extractEntities(text: string, out: Entities): void {
  if (text.includes('@')) {
    for (const match of text.matchAll(email)) {
      out.needles.push(match[0]);
      out.emails.push(canonicalEmail(match[0]));
    }
  }
  if (text.includes('/') || text.includes('\\')) {
    if (text.includes('://')) {
      for (const match of text.matchAll(url)) {
        const value = match[0].replace(trailingPunctuation, '');
        out.needles.push(value);
        const key = urlKey(value.slice(value.indexOf('://') + 3));
        if (key) out.urls.push(key);
      }
    }
    for (const match of text.matchAll(bareHost)) {
      const key = urlKey(`${match[1]}${(match[2] ?? '').replace(trailingPunctuation, '')}`);
      if (key) out.urls.push(key);
    }
    for (const match of text.matchAll(path)) if (match[1]) out.needles.push(match[1]);
  }
  if (/\d{2}/.test(text)) {
    for (const match of text.matchAll(iban)) {
      const value = match[0].replaceAll(' ', '');
      if (value.length >= 15 && value.length <= 34) out.compact.push(value);
    }
    for (const match of text.matchAll(account)) out.compact.push(match[0].replace(/[ -]/g, ''));
  }
}

/** `Mallory+x@Evil.Example` → `mallory@evil.example` (sub-addresses reach the same mailbox). */
export function canonicalEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}@${address.slice(at + 1).replace(/\.+$/, '')}`.toLowerCase();
}

const defaultPorts = new Set(['', '80', '443', '21']);
const unreservedEscape = /%([0-9a-f]{2})/gi;

/** The destination of `host[:port]/path?query#fragment` (scheme already removed), or undefined. */
export function urlKey(rest: string): UrlKey | undefined {
  const text = decodeUnreserved(rest.replaceAll('\\', '/'));
  const end = text.search(/[/?#]/);
  let authority = end < 0 ? text : text.slice(0, end);
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  let host = authority;
  const port = /:(\d*)$/.exec(authority);
  if (port && !authority.endsWith(']')) {
    host = authority.slice(0, port.index);
    if (!defaultPorts.has(port[1] ?? '')) host += `:${port[1]}`;
  }
  host = host.replace(/\.+(?=$|:)/, '').toLowerCase();
  if (host === '') return undefined;
  const tail = end < 0 ? '' : text.slice(end);
  const pathEnd = tail.search(/[?#]/);
  return { host, path: canonicalPath(pathEnd < 0 ? tail : tail.slice(0, pathEnd)) };
}

function decodeUnreserved(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(unreservedEscape, (sequence, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return /[a-z0-9._~-]/i.test(char) ? char.toLowerCase() : sequence;
  });
}

function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}

/** Whether `key` is `known` or lies under it: same host, and `known`'s path is a prefix of `key`'s. */
export function urlUnder(key: UrlKey, knownPaths: readonly string[] | undefined): boolean {
  if (!knownPaths) return false;
  for (const known of knownPaths) if (key.path.startsWith(known)) return true;
  return false;
}
