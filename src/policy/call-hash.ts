import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * The identity of a tool call: sha256 (hex) over the canonical JSON (sorted keys) of `{ tool, args }`.
 * Approvals are bound to it, so an approved call cannot be swapped for another.
 */
export function callHash(tool: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ tool, args })).digest('hex');
}
