import { BudgetExceededError, ModelOutputError, RunCancelledError } from '../core/errors/run-errors.js';
import { describeError, type WardenError } from '../core/errors/warden-error.js';
import type { ErrorInfo, RunStatus } from '../core/events.js';
import type { JsonValue } from '../core/json.js';
import { RunHaltedError, RunSuspendedError } from '../kernel/control-flow.js';
import type { Journal } from '../kernel/journal.js';
import type { Kernel } from '../kernel/kernel.js';

/** How a strategy's run ended, before it is journaled. */
export interface Ending {
  status: RunStatus;
  output: unknown;
  text: string;
  error?: ErrorInfo;
  approvalId?: string;
}

/** Turns what the strategy returned or threw into the run's ending; the budget stop is journaled here. */
export function endingOf(
  kernel: Kernel,
  journal: Journal,
  outcome: { ok: true; text: string; output: unknown } | { ok: false; thrown: unknown },
  abortReason: WardenError | undefined,
): Ending {
  if (outcome.ok) return { status: 'completed', output: outcome.output, text: outcome.text };
  const { thrown } = outcome;
  const cause = abortReason ?? thrown;
  const { status, error } = classify(cause);
  const text = kernel.state.lastText;
  const ending: Ending = {
    status,
    text,
    output: status === 'failed' && !(thrown instanceof ModelOutputError) ? undefined : text || undefined,
  };
  if (error) ending.error = error;
  if (cause instanceof RunSuspendedError) ending.approvalId = cause.approvalId;
  if (cause instanceof BudgetExceededError) {
    journal.record({ type: 'budget-exceeded', budget: cause.budget, limit: cause.limit, value: cause.value });
  }
  return ending;
}

/**
 * Journals the run's end and makes the log durable with the run's summary. A store that fails is tried once
 * more (the journal keeps what it could not write); if it still fails, the run reports `failed` with the
 * store's error instead of rejecting, and the journal is abandoned: nothing of this execution is written later,
 * so the store never records an ending the caller was not told. The log keeps what was durable (the run's record
 * says `running`) and the run resumes from there.
 */
export async function recordEnding(
  kernel: Kernel,
  journal: Journal,
  ending: Ending,
  startedAt: number,
): Promise<Ending> {
  const { clock } = kernel.settings;
  const { state } = kernel;
  const durationMs = clock.now() - startedAt;
  kernel.endStep();
  if (ending.status !== 'awaiting_approval') {
    journal.record({
      type: 'run-end',
      status: ending.status,
      usage: state.usage,
      costUsd: state.costUsd,
      durationMs,
      steps: state.steps,
      ...(ending.output !== undefined && { output: ending.output as JsonValue }),
      ...(ending.error && { error: ending.error }),
    });
    journal.seal();
  }
  const patch = {
    status: ending.status,
    usage: state.usage,
    costUsd: state.costUsd,
    steps: state.steps,
    updatedAt: clock.now(),
    ...(ending.status !== 'awaiting_approval' && { endedAt: clock.now() }),
    ...(ending.output !== undefined && { output: ending.output as JsonValue }),
    ...(ending.error && { error: ending.error }),
  };
  try {
    await journal.flush(patch);
    return ending;
  } catch {
    try {
      await journal.flush();
      return ending;
    } catch (error) {
      journal.abandon();
      // A background write already under way may still carry the ending into the store: then it is the truth.
      await journal.settled();
      if (journal.statusWritten === ending.status) return ending;
      return { ...ending, status: 'failed', error: describeError(error) };
    }
  }
}

function classify(error: unknown): { status: RunStatus; error?: ErrorInfo } {
  if (error instanceof RunSuspendedError) return { status: 'awaiting_approval' };
  if (error instanceof RunHaltedError) return { status: 'halted', error: describeError(error) };
  if (error instanceof RunCancelledError) return { status: 'cancelled', error: describeError(error) };
  if (error instanceof BudgetExceededError) return { status: 'budget_exceeded', error: describeError(error) };
  return { status: 'failed', error: describeError(error) };
}
