import { printable, WardenError } from '../core/errors/warden-error.js';
import type { Message } from '../core/messages.js';
import { nestingDepthExceeds, nestingLimit } from '../core/nesting.js';

const partTypes: Record<Message['role'], readonly string[]> = {
  system: [],
  user: ['text', 'image'],
  assistant: ['text', 'tool-call'],
  tool: ['tool-result'],
};

/**
 * Refuses what `run()` and `stream()` cannot start a run from, before anything is stored: the input must be a
 * string or an array of messages, each `{ role: 'system' | 'user' | 'assistant' | 'tool', content }` with
 * content a string (a tool message: an array of tool results) or an array of parts of its role's types, and no
 * message nested deeper than `nestingLimit` levels (the run's fingerprints and policy read it whole).
 */
export function checkRunInput(input: unknown): asserts input is string | Message[] {
  const problem = inputProblem(input);
  if (problem === undefined) return;
  throw new WardenError({
    code: 'RUN_INPUT_INVALID',
    fault: 'user',
    message: `A run's input must be a string or an array of messages ({ role: 'system' | 'user' | 'assistant' | 'tool', content }): ${problem}.`,
  });
}

function inputProblem(input: unknown): string | undefined {
  if (typeof input === 'string') return undefined;
  if (!Array.isArray(input))
    return `got ${typeof input === 'object' && input !== null ? 'an object' : printable(input)}`;
  for (let i = 0; i < input.length; i++) {
    const message = input[i] as { role?: unknown; content?: unknown } | null;
    if (typeof message !== 'object' || message === null) return `message ${i} is not an object`;
    const { role, content } = message;
    const types =
      typeof role === 'string' && Object.hasOwn(partTypes, role) ? partTypes[role as Message['role']] : undefined;
    if (types === undefined) return `message ${i} has role ${printable(role)}`;
    if (nestingDepthExceeds(message, nestingLimit)) {
      return `message ${i} (${role}) nests arrays and objects deeper than ${nestingLimit} levels; flatten its data`;
    }
    if (typeof content === 'string' && role !== 'tool') continue;
    if (!Array.isArray(content) || (role === 'system' && typeof content !== 'string')) {
      return `message ${i} (${role}) has content that is not ${role === 'tool' ? 'an array of tool results' : role === 'system' ? 'a string' : 'a string or an array of parts'}`;
    }
    for (const part of content) {
      const type = (part as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !types.includes(type)) {
        return `message ${i} (${role}) has a part of type ${printable(type)}; it takes ${types.join(', ')}`;
      }
      if (type === 'text' && typeof (part as { text?: unknown }).text !== 'string') {
        return `message ${i} (${role}) has a text part whose text is not a string`;
      }
    }
  }
  return undefined;
}
