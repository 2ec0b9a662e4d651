import { eventSchemaVersion } from '../core/events.js';
import { type Message, messageText } from '../core/messages.js';
import type { Budget } from '../kernel/budget.js';
import { BudgetLedger } from '../kernel/budget-ledger.js';
import { Journal } from '../kernel/journal.js';
import { Kernel } from '../kernel/kernel.js';
import { createRouter } from '../kernel/routing/create-router.js';
import { type LanguageModel, modelName } from '../models/language-model.js';
import { findPrice } from '../models/pricing.js';
import type { Policy } from '../policy/policy.js';
import { react } from '../strategies/react/react.js';
import type { NewRun } from '../store/run-store.js';
import type { Tool } from '../tools/tool.js';
import { agentAsTool, isAgent } from './define-agent.js';
import { ModelReportBuilder } from './model-report.js';
import { type OpenedRun, openRun } from './open-run.js';
import { currentOwnerId } from './owner.js';
import { createAbort } from './run-abort.js';
import { authorityOf } from './run-authority.js';
import { checkRunInput } from './run-input.js';
import { LeaseKeeper } from './run-lease.js';
import type { Execution, RunEnvironment, RunExecutor } from './run-types.js';
import { spawnChildOf } from './spawn-child.js';

/** A run once its log is open and its kernel built: what the strategy stage and the ending stage work with. */
export interface OpenedExecution {
  readonly env: RunEnvironment;
  readonly execution: Execution;
  readonly model: LanguageModel;
  /** `provider:modelId` of the agent's model. */
  readonly name: string;
  readonly startedAt: number;
  readonly tools: Tool[];
  readonly input: string | Message[];
  /** The input as one text (the run record's `input`, task narrowing's task). */
  readonly inputText: string;
  readonly opened: OpenedRun;
  readonly journal: Journal;
  /** Counts this run's model events as they are journaled (src/runtime/model-report.ts). */
  readonly report: ModelReportBuilder;
  readonly keeper: LeaseKeeper | undefined;
  readonly abort: ReturnType<typeof createAbort>;
  /** The run's kernel; task narrowing replaces it with one under the narrowed policy. */
  kernel: Kernel;
  /** A kernel for the run under `policy`, carrying `state` over when given. */
  readonly kernelFor: (policy: Policy | undefined, state?: Kernel['state']) => Kernel;
}

/**
 * The open stage of a run: resolves the model and tools, opens the log (a new run's record, or a resumed run's
 * recorded authority and syscalls), journals `run-start` or `run-resume` (not yet durable: the next stage flushes
 * it before the first model call) and builds the kernel. `executeRun` is passed in for the run's children.
 */
export async function openExecution(
  env: RunEnvironment,
  execution: Execution,
  executeRun: RunExecutor,
): Promise<OpenedExecution> {
  const { agent, options, runId } = execution;
  const model = typeof agent.model === 'string' ? env.resolveModel(agent.model) : agent.model;
  const name = modelName(model);
  const { store, clock } = env;
  const startedAt = clock.now();
  const tools = (agent.tools ?? []).map((tool): Tool => (isAgent(tool) ? agentAsTool(tool) : tool));
  const leased = execution.lease && !(execution.lease instanceof LeaseKeeper) ? execution.lease.create : undefined;
  const keeper =
    execution.lease instanceof LeaseKeeper ? execution.lease : leased && LeaseKeeper.created(store, runId, leased);
  if (!execution.resume) checkRunInput(execution.input);
  const opened = await openRun(store, {
    claimed: keeper !== undefined,
    child: execution.parentRunId !== undefined,
    runId,
    resume: execution.resume,
    input: execution.input,
    policy: agent.policy,
    principal: options.principal,
    tools,
    now: startedAt,
  });
  const { input, principal } = opened;
  const inputText = typeof input === 'string' ? input : input.map(messageText).join('\n');
  const create: NewRun | undefined = !opened.unrecorded
    ? undefined
    : {
        id: runId,
        agent: agent.name,
        model: name,
        input: inputText,
        createdAt: startedAt,
        ownerId: keeper?.owner ?? currentOwnerId,
        status: 'running',
        ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
        ...(principal && { principal: principal.id, actsFor: { ...principal } }),
        ...(principal?.tenant !== undefined && { tenant: principal.tenant }),
        ...(leased && { lease: { owner: leased.owner, ttlMs: leased.ttlMs } }),
      };
  // The per-model report (src/runtime/model-report.ts) counts this run's events as they are journaled.
  const router = agent.routing && createRouter(model, agent.routing, env.resolveModel, env.prices);
  const simulated = [model, ...(router?.ladder.map((entry) => entry.model) ?? [])].filter((each) => each.simulated);
  const report = new ModelReportBuilder(runId, new Set(simulated.map(modelName)));
  const listeners = [...execution.listeners, report.add];
  const journal = new Journal(store, runId, opened.lastSeq, clock, listeners, {
    ...(create && { create }),
    ...(keeper && { fence: keeper.token }),
    ...(!keeper && execution.fence && { fence: execution.fence.token, fencedBy: execution.fence.runId }),
  });
  if (!opened.startedFresh) journal.record({ type: 'run-resume', reason: 'resumed from the run log' });
  else {
    journal.record({
      type: 'run-start',
      agent: agent.name,
      input,
      model: name,
      strategy: (agent.strategy ?? react()).name,
      tools: tools.map((tool) => tool.name),
      simulated: model.simulated === true,
      schemaVersion: eventSchemaVersion,
      authority: authorityOf(principal, agent.policy),
      ...(agent.instructions !== undefined && { instructions: agent.instructions }),
      ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
      ...(principal && { principal: principal.id }),
    });
  }

  const budget: Budget = { ...agent.budget, ...options.budget };
  const signals = [options.signal, keeper?.signal].filter((signal) => signal !== undefined);
  const abort = createAbort(signals.length > 1 ? AbortSignal.any(signals) : signals[0], budget.timeoutMs);
  const ledger = new BudgetLedger(budget, startedAt, execution.parent?.ledger);
  const history = execution.parent?.history ?? [];
  const price = findPrice(env.prices, model.provider, model.modelId);
  // Children are spawned under the run's current kernel's policy: after task narrowing, the narrowed one.
  let run: OpenedExecution;
  const kernelFor = (policy: Policy | undefined, state?: Kernel['state']): Kernel =>
    new Kernel(
      {
        runId,
        agent: agent.name,
        model,
        modelName: name,
        tools,
        policy,
        journal,
        recorded: opened.recorded,
        budget,
        ledger,
        history,
        readLog: (id) => env.store.readEvents(id),
        clock,
        signal: abort.signal,
        abortReason: abort.reason,
        loopGuard: agent.loopGuard ?? {},
        maxParallelTools: agent.maxParallelTools ?? 8,
        scheduler: env.scheduler,
        stream: options.stream ?? false,
        startedAt,
        depth: execution.depth ?? 0,
        modelDefaults: agent.modelSettings ?? {},
        spawnChild: spawnChildOf(executeRun, env, execution, {
          signal: abort.signal,
          policy: () => run.kernel.settings.policy,
          principal,
          fence: keeper ? { runId, token: keeper.token } : execution.fence,
        }),
        ...(principal && { principal }),
        ...(price && { price }),
        ...(env.counters && { counters: env.counters }),
        ...(env.retry && { retry: env.retry }),
        ...(router && { router }),
        ...(options.onElicitation && { onElicitation: options.onElicitation }),
      },
      state,
    );
  run = {
    env,
    execution,
    model,
    name,
    startedAt,
    tools,
    input,
    inputText,
    opened,
    journal,
    report,
    keeper,
    abort,
    kernel: kernelFor(opened.policy),
    kernelFor,
  };
  return run;
}
