import { jsonrepair } from 'jsonrepair';
import { formatIssues, type ValidationIssue } from '../../core/errors/tool-errors.js';
import type { SchemaAdapter } from '../../tools/schema-adapter.js';

export type FinalOutput = { ok: true; value: unknown } | { ok: false; problem: string; issues: ValidationIssue[] };

const fenced = /```(?:json)?\s*\n?([\s\S]*?)\n?\s*```/;

/** Reads a final answer as JSON (repairing almost-JSON, unwrapping code fences) and checks it against the schema. */
export function parseFinalOutput(text: string, schema: SchemaAdapter): FinalOutput {
  const body = fenced.exec(text)?.[1] ?? text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    try {
      value = JSON.parse(jsonrepair(body.trim()));
    } catch {
      return { ok: false, problem: 'The answer is not JSON.', issues: [] };
    }
  }
  const parsed = schema.parse(value);
  if (parsed.success) return { ok: true, value: parsed.value };
  return {
    ok: false,
    problem: `The answer does not match the schema: ${formatIssues(parsed.issues)}.`,
    issues: parsed.issues,
  };
}
