import { WardenError } from './warden-error.js';

/** Which limit a run hit. */
export type BudgetKind = 'steps' | 'tokens' | 'cost' | 'time';

/** A run went past one of its budgets. */
export class BudgetExceededError extends WardenError {
  constructor(
    readonly budget: BudgetKind,
    readonly limit: number,
    readonly value: number,
  ) {
    super({
      code: 'BUDGET_EXCEEDED',
      fault: 'user',
      message: `The run exceeded its ${budget} budget (${value} > ${limit}). Raise the budget or narrow the task.`,
      data: { budget, limit, value },
    });
  }
}

/** The run was cancelled through its `AbortSignal` or `cancel()`. */
export class RunCancelledError extends WardenError {
  constructor(reason?: unknown) {
    super({
      code: 'RUN_CANCELLED',
      fault: 'user',
      message: `The run was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}.`,
    });
  }
}

/** The model's output could not be used (e.g. a final answer that does not match the output schema after a repair round). */
export class ModelOutputError extends WardenError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super({ code: 'MODEL_OUTPUT_INVALID', fault: 'model', message, data });
  }
}

/** A run, event or approval that does not exist. */
export class NotFoundError extends WardenError {
  constructor(kind: string, id: string) {
    super({ code: 'NOT_FOUND', fault: 'user', message: `No ${kind} with id "${id}".`, data: { kind, id } });
  }
}

/** A policy denied an action and its fallback is to halt the run. */
export class PolicyDeniedError extends WardenError {
  constructor(
    readonly action: string,
    readonly ruleId: string | undefined,
    readonly reason: string,
  ) {
    super({
      code: 'POLICY_DENIED',
      fault: 'policy',
      message: `Policy denied ${action}${ruleId ? ` (rule ${ruleId})` : ''}: ${reason}`,
      data: { action, ruleId, reason },
    });
  }
}

/**
 * A resumed run asked for something other than what its log recorded at the same syscall: another model
 * request, another tool or input, another agent. The recorded result would answer the wrong question, so
 * the run stops instead of replaying it.
 */
export class ReplayDivergenceError extends WardenError {
  constructor(
    readonly syscallId: string,
    readonly recorded: string,
    readonly requested: string,
  ) {
    super({
      code: 'REPLAY_DIVERGENCE',
      fault: 'user',
      message:
        `Resume diverged from the run log at syscall ${syscallId}: the log recorded ${recorded}, the run now asks for ${requested}. ` +
        'Resume with the agent, model, tools and strategy the run started with, or start a new run.',
      data: { syscallId, recorded, requested },
    });
  }
}
