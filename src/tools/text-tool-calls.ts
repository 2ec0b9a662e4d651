import type { ToolCallRepair } from '../core/events.js';
import { parseArguments } from './parse-arguments.js';
import { fencedBlocks, taggedBlocks } from './text-blocks.js';

/** A tool call found in a model's text, with the repair that records it was written as text. */
export interface TextToolCall {
  toolName: string;
  input: unknown;
  repair: ToolCallRepair;
}

/**
 * Finds tool calls a weak model wrote as text instead of using the tool-calling API:
 * `<tool_call>{"name": …, "arguments": …}</tool_call>`, a fenced JSON block, or a
 * message that is only such a JSON object. Only names of known tools count, so prose
 * that happens to contain JSON is left alone.
 */
export function extractTextToolCalls(text: string, toolNames: ReadonlySet<string>): TextToolCall[] {
  // Each scan is linear in the text (text-blocks.ts): this runs on every final answer, whatever the model wrote.
  let candidates = taggedBlocks(text);
  if (candidates.length === 0) candidates = fencedBlocks(text);
  if (candidates.length === 0 && isJsonLike(text.trim())) candidates = [text];

  const calls: TextToolCall[] = [];
  for (const candidate of candidates) {
    const parsed = parseArguments(candidate);
    if (!parsed.ok) continue;
    for (const item of Array.isArray(parsed.input) ? parsed.input : [parsed.input]) {
      const call = asCall(item, toolNames);
      if (call) calls.push({ ...call, repair: { kind: 'text-tool-call', original: text } });
    }
  }
  return calls;
}

/** Whether a trimmed text opens and closes like a JSON object or array. */
function isJsonLike(trimmed: string): boolean {
  return /^[[{]/.test(trimmed) && /[\]}]$/.test(trimmed);
}

function asCall(value: unknown, toolNames: ReadonlySet<string>): { toolName: string; input: unknown } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const fn =
    typeof record.function === 'object' && record.function !== null
      ? (record.function as Record<string, unknown>)
      : record;
  const name = fn.name ?? fn.tool ?? fn.tool_name;
  if (typeof name !== 'string' || !toolNames.has(name)) return undefined;
  let input: unknown = fn.arguments ?? fn.parameters ?? fn.input ?? fn.args ?? {};
  if (typeof input === 'string') {
    const parsed = parseArguments(input);
    input = parsed.ok ? parsed.input : input;
  }
  return { toolName: name, input };
}
