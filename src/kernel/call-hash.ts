import { createHash } from 'node:crypto';
import { stableStringify } from './loop-guard.js';

/** sha256 of a tool call's name and canonical arguments: what an approval is bound to. */
export function callHash(toolName: string, input: unknown): string {
  return createHash('sha256').update(toolName).update('\u0000').update(stableStringify(input)).digest('hex');
}
