import type { CodeActionResult } from '../../kernel/agent-kernel.js';

/** How much of each part of an observation (stdout, value, error) the model reads. */
export interface ObservationLimits {
  /** Characters kept of each part; the rest is cut with a note. @default 4000 */
  maxChars: number;
}

/** Cuts `text` to `max` characters, saying how much was dropped and what to do instead. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${text.length - max} more characters cut. Print less, or return only what you need.]`;
}

/** What the model reads after a code action: what it printed, what it returned, how it failed. */
export function formatObservation(result: CodeActionResult, limits: ObservationLimits): string {
  const parts: string[] = [];
  if (result.stdout) parts.push(`stdout:\n${truncate(result.stdout.replace(/\n$/, ''), limits.maxChars)}`);
  if (result.logs) parts.push(`stderr:\n${truncate(result.logs.replace(/\n$/, ''), limits.maxChars)}`);
  if (result.value !== undefined) {
    parts.push(`returned: ${truncate(JSON.stringify(result.value, null, 1), limits.maxChars)}`);
  }
  if (result.error) {
    const stack = result.error.guestStack ? `\n${result.error.guestStack}` : '';
    parts.push(`error (${result.error.code}): ${truncate(`${result.error.message}${stack}`, limits.maxChars)}`);
  }
  if (result.truncated) parts.push('[The sandbox cut the output at its limit: print less.]');
  if (parts.length === 0) parts.push('(no output: nothing printed and nothing returned)');
  return parts.join('\n');
}
