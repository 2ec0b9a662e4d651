import { WardenError } from '../core/errors/warden-error.js';
import {
  ToolExecutionError,
  ToolInputError,
  ToolTimeoutError,
  formatIssues,
  type ValidationIssue,
} from '../core/errors/tool-errors.js';
import { RunCancelledError } from '../core/errors/run-errors.js';
import { tameThrown } from '../core/errors/tame-thrown.js';
import { type LinkedSignal, linkedSignal } from '../core/linked-signal.js';
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
 * A tool that answers synchronously costs no timer and no abort controller (the common pure function);
 * the per-call signal is made only when the tool reads it.
 */
export async function runTool(
  tool: Tool,
  input: unknown,
  context: Omit<ToolContext, 'abortSignal'> & { abortSignal?: AbortSignal },
): Promise<ToolOutcome> {
  const runSignal = context.abortSignal;
  if (runSignal?.aborted) return { ok: false, error: new RunCancelledError(runSignal.reason) };
  let link: LinkedSignal | undefined;
  // The run's signal outlives every call: a listener left on it per call piles up (MaxListenersExceededWarning).
  const release = () => link?.release();
  const signal = () => {
    link ??= linkedSignal(runSignal);
    return link.signal;
  };
  const toolContext = new CallContext(context, signal);

  let pending: unknown;
  let thenable: boolean;
  try {
    pending = tool.execute(input, toolContext);
    thenable = isThenable(pending); // reads `then`, which a hostile value's getter may throw from
  } catch (error) {
    release();
    return failed(tool, error);
  }
  if (!thenable) {
    release();
    return checkOutput(tool, pending);
  }

  const timeoutMs = tool.timeoutMs ?? defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let onRunAbort: (() => void) | undefined;
  const stopped = new Promise<ToolOutcome>((resolve) => {
    timer = setTimeout(() => {
      const error = new ToolTimeoutError(tool.name, timeoutMs);
      resolve({ ok: false, error });
      link?.abort(error);
    }, timeoutMs);
    onRunAbort = () => resolve({ ok: false, error: new RunCancelledError(runSignal?.reason) });
    if (runSignal?.aborted) onRunAbort();
    else runSignal?.addEventListener('abort', onRunAbort, { once: true });
  });
  try {
    const execution = Promise.resolve(pending).then(
      (output) => checkOutput(tool, output),
      (error: unknown) => failed(tool, error),
    );
    return await Promise.race([execution, stopped]);
  } finally {
    clearTimeout(timer);
    release();
    if (onRunAbort) runSignal?.removeEventListener('abort', onRunAbort);
  }
}

/**
 * The context a tool is called with. A class, with `abortSignal` a getter on its prototype that makes the call's
 * signal when first read: an object literal with a getter costs about a microsecond to build, this 20 ns.
 */
class CallContext implements ToolContext {
  readonly runId: string;
  readonly toolCallId: string;
  readonly idempotencyKey?: string;
  readonly principal?: ToolContext['principal'];
  readonly host?: ToolContext['host'];

  readonly #makeSignal: () => AbortSignal;

  constructor(context: Omit<ToolContext, 'abortSignal'>, makeSignal: () => AbortSignal) {
    this.#makeSignal = makeSignal;
    this.runId = context.runId;
    this.toolCallId = context.toolCallId;
    // Every field is declared, so every context has all of them (absent ones undefined) and one shape.
    this.idempotencyKey = context.idempotencyKey;
    this.principal = context.principal;
    this.host = context.host;
  }

  get abortSignal(): AbortSignal {
    return this.#makeSignal();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function checkOutput(tool: Tool, output: unknown): ToolOutcome {
  if (!tool.parseOutput) return { ok: true, output };
  let checked: ReturnType<NonNullable<Tool['parseOutput']>>;
  try {
    checked = tool.parseOutput(output);
  } catch (error) {
    return failed(tool, error); // an output whose reads throw, met by the output schema
  }
  return checked.success
    ? { ok: true, output: checked.value }
    : { ok: false, error: outputError(tool.name, checked.issues) };
}

function failed(tool: Tool, error: unknown): ToolOutcome {
  const thrown = tameThrown(error, `Tool "${tool.name}"`);
  return { ok: false, error: WardenError.isInstance(thrown) ? thrown : new ToolExecutionError(tool.name, thrown) };
}

function outputError(tool: string, issues: ValidationIssue[]): WardenError {
  return new ToolExecutionError(
    tool,
    new Error(`its output does not match its output schema: ${formatIssues(issues)}`),
  );
}
