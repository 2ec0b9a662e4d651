import type { Clock } from '../core/clock.js';
import type { WardenError } from '../core/errors/warden-error.js';
import type { RunEvent } from '../core/events.js';
import type { LanguageModel, ModelRequest, ModelToolSpec } from '../models/language-model.js';
import type { ModelPrice } from '../models/pricing.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { HistoryEntry, Policy, PolicyContext } from '../policy/policy.js';
import type { Principal, Tool } from '../tools/tool.js';
import type { SpawnChild } from './agent-tool.js';
import type { Budget } from './budget.js';
import type { CallSignals } from './call-signals.js';
import type { BudgetLedger } from './budget-ledger.js';
import type { Journal } from './journal.js';
import type { LoopGuard, LoopGuardOptions } from './loop-guard.js';
import type { RecordedSyscalls } from './replay.js';
import type { KernelRetryOptions } from './pipeline/retry-decision.js';
import type { ModelRouter } from './routing/model-router.js';
import type { RunState } from './run-state.js';
import type { Scheduler } from './scheduler.js';
import type { ElicitationHandler } from './tool-host/elicitation-handler.js';

/** Everything a kernel needs for one run; the runtime builds it. */
export interface KernelSettings {
  runId: string;
  agent: string;
  model: LanguageModel;
  modelName: string;
  tools: readonly Tool[];
  policy: Policy | undefined;
  journal: Journal;
  recorded: RecordedSyscalls;
  budget: Budget;
  /** This run's ledger; a child's points at its parent's, so every charge reaches the root. */
  ledger: BudgetLedger;
  /**
   * The history decisions read. A child run gets its parent's array, so a sub-agent is a scope of one
   * authority: it sees what the parent did and read, and the parent sees what it does.
   */
  history: HistoryEntry[];
  /** Reads a run's stored log: how a resumed run puts back what its ended children did (restore-child.ts). */
  readLog?: (runId: string) => Promise<RunEvent[]>;
  clock: Clock;
  /** Aborted on cancel or when the time budget runs out. */
  signal: AbortSignal;
  /** Why `signal` was aborted: a budget or a cancel. */
  abortReason: () => WardenError;
  principal?: Principal;
  price?: ModelPrice;
  loopGuard: LoopGuardOptions | false;
  maxParallelTools: number;
  scheduler: Scheduler;
  /** Use `doStream` and emit `text-delta` events. */
  stream: boolean;
  startedAt: number;
  modelDefaults: Pick<ModelRequest, 'temperature' | 'topP' | 'maxOutputTokens' | 'seed' | 'stopSequences'>;
  spawnChild: SpawnChild;
  /** Where `limit: per principal | tenant` counts are kept; the decide stage reads and reserves them. */
  counters?: SharedCounters;
  /** How many runs are above this one (0 for a top-level run). */
  depth?: number;
  /** How the kernel retries failed model calls; a model wrapped by `withRetry` adds its own settings. */
  retry?: KernelRetryOptions;
  /** The agent's model routing (its ladder of models and rules), one per run. */
  router?: ModelRouter;
  /** Answers MCP servers' questions at once; without it a question pauses the run (tool-host/elicit.ts). */
  onElicitation?: ElicitationHandler;
}

/** What the pipeline's stages share within one run: settings, counters, the tools by name. */
export interface KernelContext {
  readonly settings: KernelSettings;
  readonly state: RunState;
  readonly tools: ReadonlyMap<string, Tool>;
  readonly loopGuard: LoopGuard;
  /** The tools the model may be shown, as specs. */
  readonly toolSpecs: readonly ModelToolSpec[];
  /** Their names, in the same order. */
  readonly toolSpecNames: readonly string[];
  /** The signals model requests are sent with (shared a few at a time: call-signals.ts). */
  readonly callSignals: CallSignals;
  policyContext(): PolicyContext;
}
