import { canonicalJson } from '../policy/canonical-json.js';

/**
 * A fast 64-bit string hash (two 32-bit lanes, cyrb53-style mixing). Fingerprints only have to tell one
 * recorded request from another: not cryptographic, and far cheaper than sha256 on the hot path.
 */
function hash64(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(36).padStart(7, '0') + (h1 >>> 0).toString(36).padStart(7, '0');
}

/**
 * What a syscall asks, as a short digest: its kind, its subject (tool or model) and the canonical JSON of
 * its input or request. Journaled on the intent, so a resume can tell "the same call again" from "another
 * call at the same position".
 */
export function fingerprintOf(kind: string, subject: string, payload: unknown): string {
  return hash64(`${kind}\u0000${subject}\u0000${canonicalJson(payload)}`);
}

const messageDigests = new WeakMap<object, string>();

/**
 * The fingerprint of a model request. A conversation grows by appending, so each message is canonicalized
 * and digested once (cached by identity) and the request's digest covers the messages' digests: the cost per
 * call stays flat as the conversation grows. Strategies must not mutate a message after sending it.
 */
export function fingerprintRequest(subject: string, messages: readonly object[], options: unknown): string {
  let digests = '';
  for (const message of messages) {
    let digest = messageDigests.get(message);
    if (digest === undefined) {
      digest = hash64(canonicalJson(message));
      messageDigests.set(message, digest);
    }
    digests += digest;
  }
  return hash64(`model\u0000${subject}\u0000${canonicalJson(options)}\u0000${digests}`);
}
