import { createHash } from 'node:crypto';
import { canonicalJson } from '../policy/canonical-json.js';

/**
 * What a syscall asks, as a short digest: its kind, its subject (tool or model) and the canonical JSON of
 * its input or request. Journaled on the intent, so a resume can tell "the same call again" from "another
 * call at the same position".
 */
export function fingerprintOf(kind: string, subject: string, payload: unknown): string {
  return createHash('sha256')
    .update(kind)
    .update('\u0000')
    .update(subject)
    .update('\u0000')
    .update(canonicalJson(payload))
    .digest('base64url')
    .slice(0, 22);
}
