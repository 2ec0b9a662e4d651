import type { ToolCallRepair } from '../core/events.js';
import { parseArguments } from './parse-arguments.js';

export interface TextToolCall {
  toolName: string;
  input: unknown;
  repair: ToolCallRepair;
}

const tagged = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;
const fenced = /```(?:json|tool_call|tool)?\s*\n([\s\S]*?)\n?\s*```/g;

/**
 * Finds tool calls a weak model wrote as text instead of using the tool-calling API:
 * `<tool_call>{"name": …, "arguments": …}</tool_call>`, a fenced JSON block, or a
 * message that is only such a JSON object. Only names of known tools count, so prose
 * that happens to contain JSON is left alone.
 */
export function extractTextToolCalls(text: string, toolNames: ReadonlySet<string>): TextToolCall[] {
  const candidates: string[] = [];
  // The cheap tests first: most final answers hold neither a tag nor a fence.
  if (text.includes('<tool_call>')) for (const match of text.matchAll(tagged)) candidates.push(match[1] ?? '');
  if (candidates.length === 0 && text.includes('```')) {
    for (const match of text.matchAll(fenced)) candidates.push(match[1] ?? '');
  }
  if (candidates.length === 0 && /^\s*[[{]/.test(text) && /[\]}]\s*$/.test(text)) candidates.push(text);

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
