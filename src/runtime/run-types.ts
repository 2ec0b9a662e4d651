import type { Clock } from '../core/clock.js';
import type { ErrorInfo, RunStatus } from '../core/events.js';
import type { IdGenerator } from '../core/ids.js';
import type { Message } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import type { Budget } from '../kernel/budget.js';
import type { BudgetLedger } from '../kernel/budget-ledger.js';
import type { EventListener } from '../kernel/journal.js';
import type { KernelRetryOptions } from '../kernel/pipeline/retry-decision.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { LanguageModel } from '../models/language-model.js';
import type { PriceTable } from '../models/pricing.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { HistoryEntry } from '../policy/policy.js';
import type { RunStore } from '../store/run-store.js';
import type { Principal } from '../tools/tool.js';
import type { ElicitationHandler } from '../kernel/tool-host/elicitation-handler.js';
import type { Agent } from './define-agent.js';
import type { ModelReport } from './model-report.js';
import type { LeaseKeeper, LeaseSettings } from './run-lease.js';

/** How a run ended, with what it produced and spent. */
export interface RunResult<Output = unknown> {
  runId: string;
  status: RunStatus;
  /** The final answer: parsed when the agent has an output schema; the partial text when it stopped early. */
  output: Output | undefined;
  text: string;
  usage: Usage;
  costUsd: number;
  steps: number;
  durationMs: number;
  model: string;
  /** The model was scripted or simulated, not a real language model. */
  simulated: boolean;
  error?: ErrorInfo;
  /** Set when `status` is `awaiting_approval`. */
  approvalId?: string;
  /** This run's model calls per model: tokens, cost, time, and an energy ESTIMATE (not a measurement). */
  modelReport: ModelReport;
}

/** Options of one run. */
export interface RunOptions {
  runId?: string;
  signal?: AbortSignal;
  /** Who the run acts for. Journaled at the start; a resume restores it and refuses another. */
  principal?: Principal;
  /** Called with every event, child runs' included, as it happens. */
  onEvent?: EventListener;
  /** Stream model output (`text-delta` events). @default false for run(), true for stream() */
  stream?: boolean;
  /** Budget overrides for this run (narrowed, never widened, for child runs). */
  budget?: Budget;
  /**
   * Answers questions MCP servers ask during tool calls (elicitation) at once. Without it, a question pauses
   * the run (`awaiting_approval`) until it is answered with `runtime.elicitations.answer`.
   */
  onElicitation?: ElicitationHandler;
}

/** What a run needs from the runtime around it. */
export interface RunEnvironment {
  store: RunStore;
  clock: Clock;
  ids: IdGenerator;
  scheduler: Scheduler;
  prices: PriceTable;
  resolveModel: (spec: string) => LanguageModel;
  counters?: SharedCounters;
  /** How the kernel retries failed model calls. */
  retry?: KernelRetryOptions;
}

/** One run to execute: a new one, a resumed one, or a child of another run. */
export interface Execution {
  agent: Agent<any>;
  input: string | Message[];
  options: RunOptions;
  runId: string;
  resume: boolean;
  parentRunId?: string;
  listeners: EventListener[];
  /** A child's place in its parent's authority: the parent's ledger and the history it shares. */
  parent?: { ledger: BudgetLedger; history: HistoryEntry[] };
  /** How many runs are above this one. @default 0 */
  depth?: number;
  /** A child's writes carry its root run's fencing token: a writer that lost the root's lease cannot write it. */
  fence?: RunFence;
  /** The lease this run holds: claimed before a resume, or (`create`) taken when the new run is created. */
  lease?: LeaseKeeper | { create: Required<LeaseSettings> };
}

/** The claim a run's writes are fenced by: its own, or its root run's. */
export interface RunFence {
  runId: string;
  token: number;
}

/** A run's result plus what its parent needs from it. */
export interface ExecutedRun extends RunResult {
  /** Every label a result in this run (or its children) carried. */
  labels: string[];
  /**
   * Set when the run gave up on its store: its record still says `running` though nothing executes it, so its
   * own runtime may resume it (runtime.ts). Not part of what `run()` returns.
   */
  unrecordedEnding?: true;
}

/** `executeRun`'s signature: handed to the code that starts a run's children, so the two do not import each other. */
export type RunExecutor = (env: RunEnvironment, execution: Execution) => Promise<ExecutedRun>;
