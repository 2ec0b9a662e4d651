import { WardenError } from '../../core/errors/warden-error.js';

/** One step of a plan: the tool call to make and what it should achieve. */
export interface PlanStep {
  tool: string;
  input: Record<string, unknown>;
  /** The outcome the step should have, checked by the evaluator when given. */
  expect?: string;
  /** Marks a subgoal milestone: its check must pass before the plan goes on. */
  milestone?: string;
}

/** A typed, inspectable plan: what the `plan` model call produced, as recorded in the journal. */
export interface Plan {
  steps: PlanStep[];
  /** 0 for the first plan, then 1, 2, … for each replan. */
  revision: number;
}

/** The request that asks for a plan. */
export const planRequest =
  'Write a plan: the tool calls that reach the goal from the current state, in order. Reply with only JSON: {"steps": [{"tool": "<name>", "input": {…}, "expect": "<outcome>"}]}.';

/** The model's plan was not JSON of the plan shape. */
export class PlanFormatError extends WardenError {
  constructor(problem: string, text: string) {
    super({
      code: 'plan_format',
      fault: 'model',
      message: `The model's plan could not be read: ${problem}. Ask for JSON {"steps": [{"tool", "input"}]} or use a model that follows the format.`,
      data: { text: text.slice(0, 500) },
    });
  }
}

/** Parses a plan from model text (JSON, optionally fenced); throws `PlanFormatError` on anything else. */
export function parsePlan(text: string, revision: number, tools: ReadonlySet<string>): Plan {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new PlanFormatError('no JSON object', text);
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new PlanFormatError(`invalid JSON (${(error as Error).message})`, text);
  }
  const steps = (value as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) throw new PlanFormatError('"steps" is not a list', text);
  return {
    revision,
    steps: steps.map((step, i) => {
      const { tool, input, expect, milestone } = (step ?? {}) as Record<string, unknown>;
      if (typeof tool !== 'string') throw new PlanFormatError(`step ${i + 1} has no "tool"`, text);
      if (!tools.has(tool)) throw new PlanFormatError(`step ${i + 1} names an unknown tool "${tool}"`, text);
      const parsed: PlanStep = { tool, input: isRecord(input) ? input : {} };
      if (typeof expect === 'string') parsed.expect = expect;
      if (typeof milestone === 'string') parsed.milestone = milestone;
      return parsed;
    }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
