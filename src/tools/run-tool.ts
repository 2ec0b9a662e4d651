import { WardenError } from '../core/errors/warden-error.js';
import {
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
  formatIssues,
  type ValidationIssue,
} from '../core/errors/tool-errors.js';
import { RunCancelledError } from '../core/errors/run-errors.js';
import type { Tool, ToolContext } from './tool.js';

export type ToolOutcome = { ok: true; output: unknown } | { ok: false; error: WardenError };

const defaultTimeoutMs = 30_000;

/** Validates a tool's input against its schema; returns the parsed value or a `ToolInputError`. */
export function validateToolInput(
  tool: Tool,
  input: unknown,
): { ok: true; value: unknown } | { ok: false; error: ToolInputError } {
  const parsed = tool.parseInput(input);
  return parsed.success
    ? { ok: true, value: parsed.value }
    : { ok: false, error: new ToolInputError(tool.name, parsed.issues) };
}

/**
 * Runs a tool with a timeout and the run's abort signal. A throw, a timeout or an output that
 * fails the tool's output schema becomes a failed outcome the model can read; it never throws.
 */
export async function runTool(
  tool: Tool,
  input: unknown,
  context: Omit<ToolContext, 'abortSignal'> & { abortSignal?: AbortSignal },
): Promise<ToolOutcome> {
  const timeoutMs = tool.timeoutMs ?? defaultTimeoutMs;
  const controller = new AbortController();
  const onAbort = () => controller.abort(context.abortSignal?.reason);
  if (context.abortSignal?.aborted) onAbort();
  else context.abortSignal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<ToolOutcome>((resolve) => {
    timer = setTimeout(() => {
      const error = new ToolTimeoutError(tool.name, timeoutMs);
      resolve({ ok: false, error });
      controller.abort(error);
    }, timeoutMs);
    controller.signal.addEventListener('abort', () => resolve({ ok: false, error: new RunCancelledError() }), {
      once: true,
    });
  });
  try {
    const execution = (async (): Promise<ToolOutcome> => {
      const output = await tool.execute(input, { ...context, abortSignal: controller.signal });
      if (tool.parseOutput) {
        const checked = tool.parseOutput(output);
        if (!checked.success) return { ok: false, error: outputError(tool.name, checked.issues) };
        return { ok: true, output: checked.value };
      }
      return { ok: true, output };
    })().catch(
      (error: unknown): ToolOutcome => ({
        ok: false,
        error: WardenError.isInstance(error) ? error : new ToolExecutionError(tool.name, error),
      }),
    );
    return await Promise.race([execution, stopped]);
  } finally {
    clearTimeout(timer);
    context.abortSignal?.removeEventListener('abort', onAbort);
  }
}

function outputError(tool: string, issues: ValidationIssue[]): WardenError {
  return new ToolExecutionError(
    tool,
    new Error(`its output does not match its output schema: ${formatIssues(issues)}`),
  );
}
