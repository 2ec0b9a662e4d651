import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors/config-error.js';
import { createMemoryCounters } from '../counters/memory-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { IdGenerator } from '../core/ids.js';
import { randomIds } from '../core/ids.js';
import type { Message } from '../core/messages.js';
import type { KernelRetryOptions } from '../kernel/pipeline/retry-decision.js';
import { createScheduler, type Scheduler } from '../kernel/scheduler.js';
import type { LanguageModel } from '../models/language-model.js';
import { defaultPrices, type PriceTable } from '../models/pricing.js';
import { MemoryRunStore } from '../store/memory-store.js';
import type { RunStore } from '../store/run-store.js';
import { ApprovalDesk } from './approvals.js';
import { ElicitationDesk } from './elicitations.js';
import type { Agent } from './define-agent.js';
import { type ExecutedRun, executeRun, type RunEnvironment, type RunOptions, type RunResult } from './execute-run.js';
import { isOwnerAlive } from './owner.js';
import { LeaseKeeper, type LeaseSettings, leaseDefaults } from './run-lease.js';
import { RunStream } from './run-stream.js';

/** Settings of a runtime: where runs are stored and how models are found and scheduled. */
export interface RuntimeOptions {
  /** @default an in-memory store (nothing survives the process) */
  store?: RunStore;
  clock?: Clock;
  ids?: IdGenerator;
  scheduler?: Scheduler;
  /** Merged over the built-in list prices. */
  prices?: PriceTable;
  /** Turns model strings into models. @default throws: give models as objects, or use the CLI's config */
  resolveModel?: (spec: string) => LanguageModel;
  /**
   * Where `limit: { per: principal | tenant }` counts are kept. Memory counters hold within this runtime only;
   * PostgreSQL or Redis counters (`createPostgresCounters`, `createRedisCounters`) hold across processes and
   * machines sharing them. @default memory counters of this runtime
   */
  counters?: SharedCounters;
  /**
   * How runs are held. A resume always claims its run atomically (two resumers: one wins, the other gets
   * `RUN_NOT_RESUMABLE` naming the holder) and renews the lease while it runs. Given explicitly, new runs are
   * created claimed too, so that another process can take over a run whose owner stopped renewing
   * (distributed workers).
   * @default resumes claim for this process with a 30 s lease; new runs are not leased
   */
  lease?: LeaseSettings;
  /**
   * How the kernel retries failed model calls (each attempt through the scheduler, journaled). A model wrapped by
   * `withRetry` (as `resolveModel` does) retries by its own settings instead. @default 3 retries, backoff from 500 ms
   */
  retry?: KernelRetryOptions;
}

/**
 * Runs agents against one store. On first use it marks runs left `running` by a
 * dead process as `interrupted`, so they can be resumed.
 */
export class Runtime {
  readonly store: RunStore;
  readonly approvals: ApprovalDesk;
  /** Questions MCP servers asked during tool calls, while their runs wait (elicitation). */
  readonly elicitations: ElicitationDesk;
  private readonly env: RunEnvironment;
  private ready: Promise<string[]> | undefined;
  /**
   * Runs this runtime executed whose ending the store never took (it was unreachable): their records still say
   * `running`, owned by this live process, so nothing else may take them; this runtime may resume them.
   */
  private readonly unrecorded = new Set<string>();
  private readonly lease: Required<LeaseSettings>;
  private readonly leaseNewRuns: boolean;

  constructor(options: RuntimeOptions = {}) {
    this.store = options.store ?? new MemoryRunStore();
    this.env = {
      store: this.store,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? randomIds,
      scheduler: options.scheduler ?? createScheduler(),
      prices: { ...defaultPrices, ...options.prices },
      resolveModel:
        options.resolveModel ??
        ((spec) => {
          throw new ConfigError(
            `Cannot resolve the model string "${spec}" here.`,
            {
              fix: 'pass a LanguageModel object (e.g. createOpenAICompatible(...)), or give the runtime a resolveModel function',
            },
            'MODEL_UNKNOWN',
          );
        }),
      counters: options.counters ?? createMemoryCounters(),
      ...(options.retry && { retry: options.retry }),
    };
    this.approvals = new ApprovalDesk(this.store, this.env.clock);
    this.elicitations = new ElicitationDesk(this.store, this.env.clock, this.approvals);
    this.lease = leaseDefaults(options.lease);
    this.leaseNewRuns = options.lease !== undefined;
  }

  /** Who holds the runs this runtime executes. */
  get owner(): string {
    return this.lease.owner;
  }

  /**
   * Marks runs whose process died as `interrupted`; returns their ids. Runs once per runtime; a recovery that
   * failed (the store was down) is forgotten, so the next call tries again.
   */
  recover(): Promise<string[]> {
    this.ready ??= this.store.recoverInterrupted(isOwnerAlive).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** What `run()` returns of an execution; a run whose ending the store never took is remembered for `resume`. */
  private settle<Output>(executed: ExecutedRun): RunResult<Output> {
    if (!executed.unrecordedEnding) return executed as RunResult<Output>;
    this.unrecorded.add(executed.runId);
    const { unrecordedEnding: _unrecorded, ...result } = executed;
    return result as RunResult<Output>;
  }

  /** Runs an agent to the end and resolves with how it ended; never rejects for a run's own failure. */
  async run<Output>(
    agent: Agent<Output>,
    input: string | Message[],
    options: RunOptions = {},
  ): Promise<RunResult<Output>> {
    await this.recover();
    const runId = options.runId ?? this.env.ids('run');
    return this.settle<Output>(
      await executeRun(this.env, {
        agent,
        input,
        options,
        runId,
        resume: false,
        listeners: options.onEvent ? [options.onEvent] : [],
        ...(this.leaseNewRuns && { lease: { create: this.lease } }),
      }),
    );
  }

  /** Starts a run and returns its live event stream. */
  stream<Output>(agent: Agent<Output>, input: string | Message[], options: RunOptions = {}): RunStream<Output> {
    const runId = options.runId ?? this.env.ids('run');
    const abort = new AbortController();
    if (options.signal)
      options.signal.addEventListener('abort', () => abort.abort(options.signal?.reason), { once: true });
    return new RunStream<Output>(
      runId,
      async (listener) => {
        await this.recover();
        const listeners = options.onEvent ? [listener, options.onEvent] : [listener];
        return this.settle<Output>(
          await executeRun(this.env, {
            agent,
            input,
            options: { stream: true, ...options, signal: abort.signal },
            runId,
            resume: false,
            listeners,
            ...(this.leaseNewRuns && { lease: { create: this.lease } }),
          }),
        );
      },
      abort,
    );
  }

  /**
   * Resumes an interrupted run, or one whose approval was answered, from its log:
   * every syscall already in the log returns its recorded result instead of running again.
   */
  async resume<Output>(agent: Agent<Output>, runId: string, options: RunOptions = {}): Promise<RunResult<Output>> {
    await this.recover();
    const run = await this.store.getRun(runId);
    if (!run)
      throw new ConfigError(`There is no run "${runId}".`, { fix: 'list runs with `warden runs list`' }, 'NOT_FOUND');
    if (run.parentRunId) {
      const root = await this.approvals.rootOf(run);
      throw new ConfigError(
        `Run ${runId} is a sub-agent of run ${run.parentRunId}; it resumes inside its parent.`,
        { fix: `resume the top-level run: warden runs resume ${root.id}` },
        'RUN_NOT_RESUMABLE',
      );
    }
    // A `running` run is resumable once its lease expired (its owner died); the claim decides, atomically.
    if (run.status !== 'interrupted' && run.status !== 'awaiting_approval' && run.status !== 'running') {
      throw new ConfigError(
        `Run ${runId} is ${run.status}; only interrupted runs, runs awaiting approval and runs whose owner died can be resumed.`,
        {},
        'RUN_NOT_RESUMABLE',
      );
    }
    if (run.status === 'awaiting_approval' && (await this.approvals.pendingInTree(runId)).length > 0) {
      throw new ConfigError(
        `Run ${runId} still waits for approval.`,
        { fix: 'approve or deny it first (warden approvals list)' },
        'RUN_AWAITING_APPROVAL',
      );
    }
    if (
      run.status === 'awaiting_approval' &&
      !options.onElicitation &&
      (await this.elicitations.pendingInTree(runId)).length > 0
    ) {
      throw new ConfigError(
        `Run ${runId} still waits for an answer to a question its tool's server asked.`,
        { fix: 'answer it first (warden elicitations list), or resume with an onElicitation callback' },
        'RUN_AWAITING_INPUT',
      );
    }
    const lease = await LeaseKeeper.claim(this.store, runId, this.lease, {
      statuses: this.unrecorded.has(runId)
        ? ['interrupted', 'awaiting_approval', 'running']
        : ['interrupted', 'awaiting_approval'],
      status: 'running',
    });
    this.unrecorded.delete(runId);
    try {
      return this.settle<Output>(
        await executeRun(this.env, {
          agent,
          input: run.input,
          options: { ...options, runId },
          runId,
          resume: true,
          listeners: options.onEvent ? [options.onEvent] : [],
          lease,
        }),
      );
    } catch (error) {
      // The log could not be opened (damaged, another principal or policy): the run stays as it was.
      await this.store.updateRun(runId, { status: run.status }).catch(() => undefined);
      await lease.release();
      throw error;
    }
  }
}

/** Creates a runtime. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options);
}
