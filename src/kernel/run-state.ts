import { addUsage, emptyUsage, type Usage } from '../core/usage.js';
import type { HistoryEntry } from '../policy/policy.js';
import type { Spent } from './budget.js';

/** What a run has done so far: counters the kernel keeps and budgets and policies read. */
export class RunState {
  steps = 0;
  usage: Usage = emptyUsage();
  stepUsage: Usage = emptyUsage();
  costUsd = 0;
  /** The last non-empty assistant text: the partial output if the run stops early. */
  lastText = '';
  readonly history: HistoryEntry[] = [];
  syscalls = 0;
  stepOpen = false;

  constructor(readonly startedAt: number) {}

  /** Adds what a model call (or a sub-agent) spent. */
  account(usage: Usage, costUsd: number): void {
    this.usage = addUsage(this.usage, usage);
    this.stepUsage = addUsage(this.stepUsage, usage);
    this.costUsd += costUsd;
  }

  spent(now: number): Spent {
    return {
      steps: this.steps,
      tokens: this.usage.totalTokens,
      costUsd: this.costUsd,
      elapsedMs: now - this.startedAt,
    };
  }
}
