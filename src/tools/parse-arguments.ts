import { jsonrepair } from 'jsonrepair';
import type { ToolCallRepair } from '../core/events.js';
import { isStackOverflow, nestingDepthExceeds, nestingLimit } from '../core/nesting.js';
import { unfenced } from './text-blocks.js';

/** A model's tool-call arguments as a value (and the repair, if they needed one), or why they are not one. */
export type ParsedArguments = { ok: true; input: unknown; repair?: ToolCallRepair } | { ok: false; message: string };

const tooDeep: ParsedArguments = {
  ok: false,
  message: `The arguments nest arrays and objects deeper than ${nestingLimit} levels, the most a tool call may hold. Send flatter JSON.`,
};

/**
 * Parses a model's raw tool-call arguments. Almost-JSON (code fences, trailing commas,
 * single quotes, unquoted keys, Python literals) is repaired and the repair reported.
 * Arguments nested deeper than `nestingLimit` levels are refused like invalid JSON.
 */
export function parseArguments(text: string): ParsedArguments {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, input: {} };
  try {
    return checkedDepth({ ok: true, input: JSON.parse(trimmed) });
  } catch {
    // fall through to repair
  }
  try {
    const input = JSON.parse(jsonrepair(unfenced(trimmed) ?? trimmed));
    return checkedDepth({ ok: true, input, repair: { kind: 'json-repair', original: text } });
  } catch (error) {
    if (isStackOverflow(error)) return tooDeep;
    return {
      ok: false,
      message: `The arguments are not valid JSON and could not be repaired (${(error as Error).message}). Send a JSON object.`,
    };
  }
}

function checkedDepth(parsed: ParsedArguments & { ok: true }): ParsedArguments {
  return nestingDepthExceeds(parsed.input, nestingLimit) ? tooDeep : parsed;
}

/**
 * Arguments a caller handed as a value (code, a plan, a strategy), checked like parsed ones: deeper than
 * `nestingLimit` levels they are refused.
 */
export function checkArgumentValue(input: unknown): ParsedArguments {
  return checkedDepth({ ok: true, input });
}
