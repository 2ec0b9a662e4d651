import { jsonrepair } from 'jsonrepair';
import type { ToolCallRepair } from '../core/events.js';

export type ParsedArguments = { ok: true; input: unknown; repair?: ToolCallRepair } | { ok: false; message: string };

const fence = /^\s*```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```\s*$/;

/**
 * Parses a model's raw tool-call arguments. Almost-JSON (code fences, trailing commas,
 * single quotes, unquoted keys, Python literals) is repaired and the repair reported.
 */
export function parseArguments(text: string): ParsedArguments {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, input: {} };
  try {
    return { ok: true, input: JSON.parse(trimmed) };
  } catch {
    // fall through to repair
  }
  const unfenced = fence.exec(trimmed)?.[1] ?? trimmed;
  try {
    const input = JSON.parse(jsonrepair(unfenced));
    return { ok: true, input, repair: { kind: 'json-repair', original: text } };
  } catch (error) {
    return {
      ok: false,
      message: `The arguments are not valid JSON and could not be repaired (${(error as Error).message}). Send a JSON object.`,
    };
  }
}
