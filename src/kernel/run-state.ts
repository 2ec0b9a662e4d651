import { addUsage, emptyUsage, type Usage } from '../core/usage.js';

/** What a run has done so far: counters the kernel keeps and events and results report. */
export class RunState {
  /** `act` model calls of this run (its own, not its children's). */
  steps = 0;
  usage: Usage = emptyUsage();
  stepUsage: Usage = emptyUsage();
  costUsd = 0;
  /** The last non-empty assistant text: the partial output if the run stops early. */
  lastText = '';
  stepOpen = false;
  /** The number of the open (or last) step in the log. */
  stepNumber = 0;
  /** The strategy opens steps itself (`beginStep`): model calls then never open one. */
  manualSteps = false;
  /** Every label on a result this run (or a child of it) read: a child's result carries them to its parent. */
  readonly labelsSeen = new Set<string>();
  /** Whether this execution started or resumed a sub-agent: only then may a child wait below it at its end. */
  spawned = false;

  constructor(readonly startedAt: number) {}

  /** Adds what a model call (or a sub-agent) spent. */
  account(usage: Usage, costUsd: number): void {
    this.usage = addUsage(this.usage, usage);
    this.stepUsage = addUsage(this.stepUsage, usage);
    this.costUsd += costUsd;
  }
}
