import { BudgetExceededError } from '../core/errors/run-errors.js';

/** Limits of one run. A sub-agent gets at most what its parent has left. */
export interface Budget {
  /** Model calls. */
  maxSteps?: number;
  /** Total tokens, input and output. */
  maxTokens?: number;
  maxCostUsd?: number;
  /** Wall-clock limit from the run's start. */
  timeoutMs?: number;
}

/** What a run has spent so far. */
export interface Spent {
  steps: number;
  tokens: number;
  costUsd: number;
  elapsedMs: number;
}

/** The first budget `spent` exceeds, if any. Steps count as exceeded when the next step would pass the limit. */
export function exceededBudget(budget: Budget, spent: Spent, beforeStep: boolean): BudgetExceededError | undefined {
  if (budget.maxSteps !== undefined && (beforeStep ? spent.steps + 1 : spent.steps) > budget.maxSteps) {
    return new BudgetExceededError('steps', budget.maxSteps, beforeStep ? spent.steps + 1 : spent.steps);
  }
  if (budget.maxTokens !== undefined && spent.tokens > budget.maxTokens) {
    return new BudgetExceededError('tokens', budget.maxTokens, spent.tokens);
  }
  if (budget.maxCostUsd !== undefined && spent.costUsd > budget.maxCostUsd) {
    return new BudgetExceededError('cost', budget.maxCostUsd, Number(spent.costUsd.toFixed(6)));
  }
  if (budget.timeoutMs !== undefined && spent.elapsedMs > budget.timeoutMs) {
    return new BudgetExceededError('time', budget.timeoutMs, spent.elapsedMs);
  }
  return undefined;
}

/** A child's budget: its own limits, capped by what the parent has left. */
export function carveBudget(parent: Budget, parentSpent: Spent, child: Budget = {}): Budget {
  const cap = (own: number | undefined, limit: number | undefined, used: number) =>
    limit === undefined ? own : Math.max(0, Math.min(own ?? Number.POSITIVE_INFINITY, limit - used));
  const carved: Budget = {};
  const steps = cap(child.maxSteps, parent.maxSteps, parentSpent.steps);
  const tokens = cap(child.maxTokens, parent.maxTokens, parentSpent.tokens);
  const cost = cap(child.maxCostUsd, parent.maxCostUsd, parentSpent.costUsd);
  const time = cap(child.timeoutMs, parent.timeoutMs, parentSpent.elapsedMs);
  if (steps !== undefined) carved.maxSteps = steps;
  if (tokens !== undefined) carved.maxTokens = tokens;
  if (cost !== undefined) carved.maxCostUsd = cost;
  if (time !== undefined) carved.timeoutMs = time;
  return carved;
}
