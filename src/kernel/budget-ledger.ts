import { BudgetExceededError } from '../core/errors/run-errors.js';
import type { Budget } from './budget.js';

/** An amount a syscall spends or expects to spend. */
export interface Charge {
  steps: number;
  tokens: number;
  costUsd: number;
}

const none = (): Charge => ({ steps: 0, tokens: 0, costUsd: 0 });

/**
 * What one run, and every run below it, has spent and reserved. A child's ledger points at its parent's:
 * every charge is added at each level, and every reservation is checked against each level's budget, so
 * parallel children draw on one remainder and a sub-agent can never spend what its parent has not got.
 */
export class BudgetLedger {
  readonly spent: Charge = none();
  readonly reserved: Charge = none();

  constructor(
    readonly budget: Budget,
    readonly startedAt: number,
    readonly parent?: BudgetLedger,
  ) {}

  /**
   * Reserves an estimate before a call, or throws the first budget it would pass at this level or above.
   * Steps count as passed when the next one would go over; tokens and cost when what is spent and reserved
   * plus the estimate would.
   */
  reserve(estimate: Charge, now: number): Reservation {
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent) ledger.#check(estimate, now);
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent) add(ledger.reserved, estimate, 1);
    return new Reservation(this, estimate);
  }

  /** Whether any ledger up to the root limits tokens or cost, so a call's tokens must be estimated. */
  needsEstimate(): boolean {
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent) {
      if (ledger.budget.maxTokens !== undefined || ledger.budget.maxCostUsd !== undefined) return true;
    }
    return false;
  }

  /** Adds what was spent at this level and every level above. */
  charge(actual: Charge): void {
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent) add(ledger.spent, actual, 1);
  }

  /** The first budget already passed here or above (after a call), if any. */
  exceeded(now: number): BudgetExceededError | undefined {
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent) {
      const over = ledger.#over(now);
      if (over) return over;
    }
    return undefined;
  }

  release(estimate: Charge): void {
    for (let ledger: BudgetLedger | undefined = this; ledger; ledger = ledger.parent)
      add(ledger.reserved, estimate, -1);
  }

  #check(estimate: Charge, now: number): void {
    const { budget, spent, reserved } = this;
    if (estimate.steps > 0 && budget.maxSteps !== undefined) {
      const next = spent.steps + reserved.steps + estimate.steps;
      if (next > budget.maxSteps) throw new BudgetExceededError('steps', budget.maxSteps, next);
    }
    if (budget.maxTokens !== undefined) {
      const value = spent.tokens + reserved.tokens + estimate.tokens;
      if (spent.tokens > budget.maxTokens || (estimate.tokens > 0 && value > budget.maxTokens)) {
        throw new BudgetExceededError('tokens', budget.maxTokens, value);
      }
    }
    if (budget.maxCostUsd !== undefined) {
      const value = spent.costUsd + reserved.costUsd + estimate.costUsd;
      if (spent.costUsd > budget.maxCostUsd || (estimate.costUsd > 0 && value > budget.maxCostUsd)) {
        throw new BudgetExceededError('cost', budget.maxCostUsd, Number(value.toFixed(6)));
      }
    }
    this.#time(now);
  }

  #over(now: number): BudgetExceededError | undefined {
    const { budget, spent } = this;
    if (budget.maxTokens !== undefined && spent.tokens > budget.maxTokens) {
      return new BudgetExceededError('tokens', budget.maxTokens, spent.tokens);
    }
    if (budget.maxCostUsd !== undefined && spent.costUsd > budget.maxCostUsd) {
      return new BudgetExceededError('cost', budget.maxCostUsd, Number(spent.costUsd.toFixed(6)));
    }
    try {
      this.#time(now);
    } catch (error) {
      return error as BudgetExceededError;
    }
    return undefined;
  }

  #time(now: number): void {
    const { timeoutMs } = this.budget;
    if (timeoutMs !== undefined && now - this.startedAt > timeoutMs) {
      throw new BudgetExceededError('time', timeoutMs, now - this.startedAt);
    }
  }
}

/** An estimate held against the ledgers until the call settles. */
export class Reservation {
  #open = true;

  constructor(
    private readonly ledger: BudgetLedger,
    private readonly estimate: Charge,
  ) {}

  /** Replaces the estimate by what the call really spent. */
  settle(actual: Charge): void {
    this.cancel();
    this.ledger.charge(actual);
  }

  /** Gives the estimate back (the call did not happen). */
  cancel(): void {
    if (!this.#open) return;
    this.#open = false;
    this.ledger.release(this.estimate);
  }
}

function add(into: Charge, amount: Charge, sign: 1 | -1): void {
  into.steps += sign * amount.steps;
  into.tokens += sign * amount.tokens;
  into.costUsd += sign * amount.costUsd;
}
