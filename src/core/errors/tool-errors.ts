import { printable, WardenError } from './warden-error.js';

/** One validation problem: where in the input and what is wrong. Mirrors zod's issue shape. */
export interface ValidationIssue {
  path: Array<string | number>;
  message: string;
  code?: string;
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/** The model called a tool with arguments that do not match its schema (or are not JSON). */
export class ToolInputError extends WardenError {
  constructor(
    readonly tool: string,
    readonly issues: ValidationIssue[],
  ) {
    super({
      code: 'TOOL_INPUT_INVALID',
      fault: 'model',
      message: `Invalid arguments for tool "${tool}": ${formatIssues(issues)}. Call it again with arguments that match its schema.`,
      data: { tool, issues },
    });
  }
}

/** The tool ran and threw. */
export class ToolExecutionError extends WardenError {
  constructor(
    readonly tool: string,
    cause: unknown,
  ) {
    const reason = printable(cause);
    super({ code: 'TOOL_FAILED', fault: 'system', message: `Tool "${tool}" failed: ${reason}`, cause, data: { tool } });
  }
}

/** The tool did not finish within its timeout. */
export class ToolTimeoutError extends WardenError {
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
  ) {
    super({
      code: 'TOOL_TIMEOUT',
      fault: 'system',
      message: `Tool "${tool}" did not finish within ${timeoutMs} ms and was abandoned.`,
      data: { tool, timeoutMs },
    });
  }
}

/** The model asked for a tool the agent does not have. */
export class ToolNotFoundError extends WardenError {
  constructor(
    readonly tool: string,
    available: readonly string[],
  ) {
    super({
      code: 'TOOL_NOT_FOUND',
      fault: 'model',
      message: `There is no tool named "${tool}". Available tools: ${available.join(', ') || '(none)'}.`,
      data: { tool, available: [...available] },
    });
  }
}
