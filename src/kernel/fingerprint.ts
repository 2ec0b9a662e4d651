import { ConversationMemo } from '../core/conversation-memo.js';
import { seedFrom } from '../core/ids.js';
import { structuralHash } from './structural-hash.js';

/**
 * Fingerprints name their algorithm: `f2` hashes the value's structure (`structuralHash`); `f3`, a model request's,
 * covers the tools it shows as the model sees them and the agent's model settings as well (an `f2` request had tool
 * names only). A fingerprint of another algorithm (an older log's) cannot be compared with one of this, so replay
 * then compares subjects only.
 */
const algorithm = 'f2';
const requestAlgorithm = 'f3';

const format = ([h1, h2]: [number, number], prefix = algorithm): string => prefix + base36(h2) + base36(h1);

const digits = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `h.toString(36).padStart(7, '0')` for a 32-bit unsigned `h` (36^7 > 2^32), a quarter of its cost. */
export function base36(h: number): string {
  let text = '';
  for (let i = 0; i < 7; i++) {
    const quotient = Math.floor(h / 36);
    text = digits[h - quotient * 36] + text;
    h = quotient;
  }
  return text;
}

/** Whether two fingerprints were made the same way, so that comparing them means something. */
export function comparableFingerprints(a: string, b: string): boolean {
  return a.slice(0, 2) === b.slice(0, 2);
}

/**
 * What a syscall asks, as a short digest: its kind, its subject (tool or model) and its input's structure
 * (equal for inputs `canonicalJson` writes alike). Journaled on the intent, so a resume can tell "the same call
 * again" from "another call at the same position".
 */
export function fingerprintOf(kind: string, subject: string, payload: unknown): string {
  return format(structuralHash(payload, seedFrom(`${kind}\u0000${subject}`)));
}

/** The digests of the conversation a syscall scope last sent: a step digests only its new messages. */
export type ConversationDigests = ConversationMemo<[number, number]>;

export const conversationDigests = (): ConversationDigests =>
  new ConversationMemo((message: object) => structuralHash(message));

/**
 * The fingerprint of a model request: the request's digest chains the messages' digests in order with the
 * options'. With `conversation`, the messages a scope sent before are not digested again, so the cost per call
 * stays flat as the conversation grows. A strategy must not mutate a message in place after sending it.
 */
export function fingerprintRequest(
  subject: string,
  messages: readonly object[],
  options: unknown,
  conversation: ConversationDigests = conversationDigests(),
): string {
  const seed = seedFrom(`model\u0000${subject}`);
  let [h1, h2] = structuralHash(options, seed);
  for (const digest of conversation.map(messages)) {
    h1 = Math.imul(h1 ^ digest[0], 2654435761);
    h2 = Math.imul(h2 ^ digest[1], 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909) ^ messages.length;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return format([h1 >>> 0, h2 >>> 0], requestAlgorithm);
}

const specDigests = new WeakMap<object, string>();

/**
 * What a model is shown of a tool (name, description, input schema), as a short digest, computed once per spec
 * object: a request's fingerprint then covers the tools as the model saw them, at the cost of a lookup each.
 */
export function toolSpecDigest(spec: object): string {
  let digest = specDigests.get(spec);
  if (digest === undefined) {
    digest = format(structuralHash(spec, seedFrom('tool-spec')));
    specDigests.set(spec, digest);
  }
  return digest;
}
